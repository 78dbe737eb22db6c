using InactiveRestore.Core;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;

namespace InactiveRestore.Tests.Core;

/// <summary>A fake tenant with an inactive source (John Smith, on litigation hold) and an active target (jdoe).</summary>
internal sealed class Tenant
{
    public FakeExchange Ex { get; } = new();
    public FakeClock Clock { get; } = new();
    public FakeMailbox Source { get; }
    public FakeMailbox Target { get; }

    public Tenant(bool archives = false)
    {
        Source = Ex.AddMailbox("jsmith", inactive: true, m => { m.DisplayName = "John Smith"; m.LitigationHoldEnabled = true; m.HasArchive = archives; });
        Target = Ex.AddMailbox("jdoe", configure: m => { m.DisplayName = "Jane Doe"; m.HasArchive = archives; });
    }

    public RestoreRequest Request() => new() { SourceMailbox = Source.DistinguishedName, TargetMailbox = Target.PrimarySmtpAddress };

    public RestoreValidator Validator() => new(Ex, Clock);

    public RestoreService Service() => new(Ex, Clock);

    public ValidationResult Validate(RestoreRequest r) => Validator().Validate(r);
}

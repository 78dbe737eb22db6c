using InactiveRestore.Core;
using InactiveRestore.Exchange;
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

    public ExchangeGateway Gateway() => new(Ex);

    /// <summary>A planner for one invocation (its pairs share look-ups, space and creations).</summary>
    public RestorePlanner Planner() => new(Gateway(), Clock);

    public PlanExecutor Executor() => new(Gateway(), Clock);

    public RequestControl Control() => new(Gateway(), Clock);

    /// <summary>Plans one pair in its own invocation.</summary>
    public PairPlan Plan(RestoreRequest r) => Planner().Plan(new[] { r }).Pairs[0];

    public ValidationResult Validate(RestoreRequest r) => Plan(r).Findings;

    /// <summary>Plans one pair in its own invocation and runs it: the outcomes' request results.</summary>
    public System.Collections.Generic.List<RestoreResult> Restore(RestoreRequest r) => Run(Plan(r));

    public System.Collections.Generic.List<RestoreResult> Run(PairPlan plan) =>
        System.Linq.Enumerable.ToList(System.Linq.Enumerable.OfType<RestoreResult>(System.Linq.Enumerable.Select(Executor().Execute(plan), o => o.Result)));
}

using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>
/// A restore of the same source and kind already on the target under another name (an earlier -Name, or a request an
/// admin made by hand with Exchange's default name) is reused: restoring again would copy every item twice.
/// </summary>
public class SameSourceOtherNameTests
{
    [Theory]
    [InlineData("MailboxRestore")]
    [InlineData("Custom restore")]
    public void ARequestUnderAnotherNameIsReusedNotCreatedAgain(string otherName)
    {
        var t = new Tenant();
        t.Ex.AddRequest(t.Source, t.Target, otherName, status: "Completed");
        var request = t.Request();
        var plan = t.Plan(request);
        var v = plan.Findings;

        Assert.True(v.IsValid);
        var planned = Assert.Single(v.PlannedRequests);
        Assert.True(planned.AlreadyExists);
        Assert.Equal(otherName, planned.Name);
        Assert.Contains(v.Issues, i => i.Code == ValidationCodes.DuplicateRequest && i.Severity == ValidationSeverity.Information && i.Message.Contains(otherName));

        var results = t.Run(plan);
        Assert.Equal(0, t.Ex.Count("New-MailboxRestoreRequest"));
        Assert.True(Assert.Single(results).AlreadyExisted);
    }

    [Fact]
    public void AnotherSourcesRequestOrAnotherKindIsNoReason()
    {
        var t = new Tenant(archives: true);
        var other = t.Ex.AddMailbox("other", inactive: true);
        t.Ex.AddRequest(other, t.Target, "MailboxRestore", status: "InProgress");                 // another source
        t.Ex.AddRequest(t.Source, t.Target, "Archive by hand", isArchive: true, status: "Completed"); // same source, archive only
        var v = t.Validate(t.Request());

        var primary = v.PlannedRequests.Single(p => !p.IsArchive);
        var archive = v.PlannedRequests.Single(p => p.IsArchive);
        Assert.False(primary.AlreadyExists);
        Assert.True(archive.AlreadyExists);
        Assert.Equal("Archive by hand", archive.Name);
    }

    [Fact]
    public void ModuleNamedRequestsOfOtherSourcesCostNoStatisticsCall()
    {
        var t = new Tenant();
        var others = Enumerable.Range(1, 5).Select(i => t.Ex.AddMailbox("other" + i, inactive: true)).ToList();
        foreach (var o in others) t.Ex.AddRequest(o, t.Target, RequestNaming.ForSource(o.Alias, o.ExchangeGuid, false), status: "InProgress");
        t.Validate(t.Request());
        Assert.Equal(0, t.Ex.Count("Get-MailboxRestoreRequestStatistics"));
    }
}

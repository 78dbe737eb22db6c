using System;
using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using InactiveRestore.Commands;
using Xunit;

namespace InactiveRestore.Tests.Core;

public class RequestIdentityTests
{
    [Theory]
    [InlineData("6f1c2b7e-0c1d-4e2f-9a3b-5c6d7e8f9a0b", RequestIdentityKind.Guid, "6f1c2b7e-0c1d-4e2f-9a3b-5c6d7e8f9a0b")]
    [InlineData(" {6F1C2B7E-0C1D-4E2F-9A3B-5C6D7E8F9A0B} ", RequestIdentityKind.Guid, "6f1c2b7e-0c1d-4e2f-9a3b-5c6d7e8f9a0b")]
    [InlineData("adele.vance\\IR-megan.bowen-9c4d2e1f-Primary", RequestIdentityKind.Qualified, "adele.vance\\IR-megan.bowen-9c4d2e1f-Primary")]
    [InlineData("adele.vance@contoso.com\\MailboxRestore1", RequestIdentityKind.Qualified, "adele.vance@contoso.com\\MailboxRestore1")]
    [InlineData("  IR-megan.bowen-9c4d2e1f-Primary ", RequestIdentityKind.Name, "IR-megan.bowen-9c4d2e1f-Primary")]
    [InlineData("x\\y\\name", RequestIdentityKind.Qualified, "x\\y\\name")]
    public void Accepts(string value, object kindArg, string normalized)
    {
        var kind = (RequestIdentityKind)kindArg;
        var info = RequestIdentity.Validate(value);
        Assert.Equal(kind, info.Kind);
        Assert.Equal(normalized, info.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\\IR-x")]
    [InlineData("adele.vance\\")]
    [InlineData("adele.vance\\ ")]
    [InlineData("IR-*")]
    [InlineData("adele?\\IR-x")]
    [InlineData("IR-x\u0000")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void Refuses(string? value)
    {
        var e = Assert.Throws<InvalidInputException>(() => RequestIdentity.Validate(value, "Identity"));
        Assert.Equal(RequestIdentity.ErrorId, e.ErrorId);
        Assert.Equal("Identity", e.ParamName);
        Assert.Contains("RequestGuid", e.Message);
    }

    [Fact]
    public void RefusesOverlongIdentities() =>
        Assert.Throws<InvalidInputException>(() => RequestIdentity.Validate(new string('a', 2000)));
}

public class RequestLookupTests
{
    [Fact]
    public void FindsByGuidQualifiedAndBareNameWithoutAnEmptyIdentity()
    {
        var t = new Tenant();
        var other = t.Ex.AddMailbox("other");
        var a = t.Ex.AddRequest(t.Source, t.Target, "IR-x-Primary", status: "InProgress");
        var b = t.Ex.AddRequest(t.Source, other, "IR-x-Primary", status: "Completed");
        var s = t.Control();
        Assert.Equal(a.RequestGuid, s.Find(RequestIdentity.Validate(a.RequestGuid.ToString())).Single().RequestGuid);
        Assert.Equal(a.RequestGuid, s.Find(RequestIdentity.Validate(a.Identity)).Single().RequestGuid);
        Assert.Equal(2, s.Find(RequestIdentity.Validate("IR-x-Primary")).Count);
        var byName = t.Ex.CallsOf("Get-MailboxRestoreRequest").Last();
        Assert.Equal("IR-x-Primary", byName["Name"]);
        Assert.False(byName.Has("Identity"));
        var e = Assert.Throws<RequestStateException>(() => s.FindOne(RequestIdentity.Validate("IR-x-Primary")));
        Assert.Equal(RequestStateException.Ambiguous, e.ErrorId);
        var missing = Assert.Throws<RequestStateException>(() => s.Find(RequestIdentity.Validate("IR-none")));
        Assert.Equal(RequestStateException.NotFound, missing.ErrorId);
        Assert.Equal("IR-none", missing.Identity);
        Assert.StartsWith("No restore request 'IR-none' was found", missing.Message);
        Assert.All(t.Ex.CallsOf("Get-MailboxRestoreRequest"), c => Assert.True(!c.Has("Identity") || !string.IsNullOrWhiteSpace(c["Identity"] as string)));
        Assert.Equal(OperationStatus.Completed, s.Get(RequestIdentity.Validate(b.RequestGuid.ToString())).Single().Status);
    }

    [Fact]
    public void GetWithReportCarriesTheEntries()
    {
        var t = new Tenant();
        var a = t.Ex.AddRequest(t.Source, t.Target, "IR-x-Primary", status: "InProgress");
        a.Report.Add("Copy progress: 1/2 messages, 1 KB (1,024 bytes)/2 KB (2,048 bytes).");
        var r = t.Control().Get(RequestIdentity.Validate(a.Identity), includeReport: true).Single();
        Assert.NotNull(r.Report);
        Assert.Contains(r.Report!, e => e.Message.StartsWith("Copy progress: 1/2", StringComparison.Ordinal));
        Assert.True(t.Ex.CallsOf("Get-MailboxRestoreRequestStatistics").Single().Has("IncludeReport"));
        Assert.Null(t.Control().Get(RequestIdentity.Validate(a.Identity)).Single().Report);
    }

    [Fact]
    public void ListingOfModuleNamedRequestsReadsNoStatisticsForOthers()
    {
        var t = new Tenant();
        t.Ex.AddRequest(t.Source, t.Target, "IR-x-Primary", status: "InProgress");
        t.Ex.AddRequest(t.Source, t.Target, "MailboxRestore", status: "InProgress");
        var ours = t.Control().List(null, null, null, includeStatistics: true, moduleNamedOnly: true);
        Assert.Equal("IR-x-Primary", ours.Single().RequestName);
        Assert.Equal(1, t.Ex.Count("Get-MailboxRestoreRequestStatistics"));
        Assert.Equal(2, t.Control().List(null, null, null, includeStatistics: false, moduleNamedOnly: false).Count);
        var listing = t.Ex.CallsOf("Get-MailboxRestoreRequest").First();
        // No filter at all: only the result size, so the listing is not cut at Exchange's default of 1000.
        Assert.Equal("ResultSize", Assert.Single(listing.Parameters).Key);
    }

    [Fact]
    public void StateChecksPointToTheOtherCmdlet()
    {
        var finished = new ExchangeRestoreRequest { Name = "R", Identity = "a\\R", Status = "Failed" };
        var running = new ExchangeRestoreRequest { Name = "R", Identity = "a\\R", Status = "InProgress" };
        var e = Assert.Throws<RequestStateException>(() => RequestControl.EnsureCancellable(finished));
        Assert.Equal(RequestStateException.AlreadyFinished, e.ErrorId);
        Assert.Contains("Remove-InactiveRestore", e.RecommendedAction);
        RequestControl.EnsureCancellable(running);
        var r = Assert.Throws<RequestStateException>(() => RequestControl.EnsureRemovable(running));
        Assert.Equal(RequestStateException.NotFinished, r.ErrorId);
        Assert.Contains("Stop-InactiveRestore", r.RecommendedAction);
        RequestControl.EnsureRemovable(finished);
        var record = ErrorRecordFactory.Create(r);
        Assert.Equal(RequestStateException.NotFinished, record.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidOperation, record.CategoryInfo.Category);
        Assert.Equal("a\\R", record.TargetObject);
    }
}

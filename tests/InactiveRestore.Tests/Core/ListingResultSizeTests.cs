using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>
/// Exchange's Get-MailboxRestoreRequest stops at 1000 results unless told otherwise. A listing cut short would make the
/// requests past it look gone: a watch would call them Cancelled, a re-run would create them again. Every filtered
/// listing the module makes therefore asks for -ResultSize Unlimited.
/// </summary>
public class ListingResultSizeTests
{
    private readonly Tenant _t = new();

    private void AssertEveryListingIsUnlimited()
    {
        var listings = _t.Ex.CallsOf("Get-MailboxRestoreRequest").Where(c => !c.Has("Identity")).ToList();
        Assert.NotEmpty(listings);
        Assert.All(listings, c => Assert.Equal("Unlimited", c["ResultSize"]));
    }

    [Fact]
    public void ValidationListsTheTargetsRequestsUnlimited()
    {
        _t.Validate(_t.Request());
        AssertEveryListingIsUnlimited();
    }

    [Fact]
    public void ServiceListingsAreUnlimited()
    {
        _t.Ex.AddRequest(_t.Source, _t.Target, "IR-x-Primary", status: "InProgress", batch: "B");
        var service = _t.Control();
        service.List("B", null, null, includeStatistics: false, moduleNamedOnly: true);
        service.List(null, _t.Target.PrimarySmtpAddress, OperationStatus.InProgress, includeStatistics: false, moduleNamedOnly: false);
        service.Find(RequestIdentity.Validate("IR-x-Primary"));
        AssertEveryListingIsUnlimited();
    }

    [Fact]
    public void TheMonitorsBatchListingIsUnlimited()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "IR-x-Primary", status: "Completed", batch: "B");
        var monitor = new OperationMonitor(_t.Gateway(), _t.Clock);
        monitor.StartMonitoring(new RestoreResult
        {
            Success = true, RequestId = r.RequestGuid, RequestName = r.Name, Identity = r.Identity, BatchName = "B",
            TargetExchangeGuid = r.Target.ExchangeGuid, Status = OperationStatus.Queued, ExchangeStatus = "Queued",
        });
        monitor.PollOnce();
        AssertEveryListingIsUnlimited();
    }

    [Fact]
    public void CreationLooksUpExistingRequestsUnlimited()
    {
        var request = _t.Request();
        _t.Run(_t.Plan(request));
        AssertEveryListingIsUnlimited();
    }
}

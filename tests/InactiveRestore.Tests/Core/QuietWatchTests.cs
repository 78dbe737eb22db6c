using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>
/// The watch where nobody sees a progress bar (issue 10): a listing per cycle, statistics only when the listing shows a
/// request's state changed (the first listing needs none), and every unsettled request's every ProgressInterval; and a
/// request is Cancelled only when a direct read by RequestGuid, in the cycle after it went missing, finds nothing (issue 8).
/// Call counts are pinned so that a later change cannot silently make them worse.
/// </summary>
public class QuietWatchTests
{
    private readonly Tenant _t = new();
    private int _calls;

    private static RestoreResult Watch(FakeRequest r) => new()
    {
        Success = true, RequestId = r.RequestGuid, RequestName = r.Name, Identity = r.Identity, BatchName = r.BatchName,
        TargetExchangeGuid = r.Target.ExchangeGuid, Target = r.Target.PrimarySmtpAddress, Status = OperationStatus.Queued, ExchangeStatus = "Queued",
    };

    private static MonitorOptions Options(bool progressShown, TimeSpan? progressInterval = null) => new()
    {
        ProgressShown = progressShown,
        InitialInterval = TimeSpan.FromMinutes(1),
        MaxInterval = TimeSpan.FromMinutes(1),
        ProgressInterval = progressInterval ?? TimeSpan.FromHours(10),
        DefaultTimeout = TimeSpan.FromHours(5),
    };

    /// <summary>Runs <paramref name="script"/>(n) before the n-th Get-MailboxRestoreRequest call is served (listing or direct read).</summary>
    private void Script(Action<int> script) =>
        _t.Ex.BeforeServe = c => { if (c.Name == "Get-MailboxRestoreRequest") script(++_calls); };

    /// <summary>
    /// A batch of <paramref name="count"/> requests: request i is queued for 2 + i cycles, copies for 4 + 2i cycles (its
    /// percentage moving every cycle), then completes.
    /// </summary>
    private List<FakeRequest> Batch(int count)
    {
        var rs = Enumerable.Range(0, count).Select(i => _t.Ex.AddRequest(_t.Source, _t.Target, "R" + i, batch: "B")).ToList();
        Script(cycle =>
        {
            for (var i = 0; i < rs.Count; i++)
            {
                var queued = 2 + i;
                var copying = 4 + 2 * i;
                if (cycle <= queued) rs[i].Status = "Queued";
                else if (cycle <= queued + copying) { rs[i].Status = "InProgress"; rs[i].PercentComplete = 100 * (cycle - queued) / (copying + 1); }
                else { rs[i].Status = "Completed"; rs[i].PercentComplete = 100; rs[i].ItemsTransferred = 1000; }
            }
        });
        return rs;
    }

    [Fact]
    public void QuietReadsStatisticsOnlyOnStateChanges()
    {
        var rs = Batch(3);
        var m = new OperationMonitor(_t.Gateway(), _t.Clock, Options(progressShown: false));
        m.StartMonitoring(rs.Select(Watch));
        var outcome = m.Poll();

        Assert.True(outcome.AllSettled);
        Assert.All(outcome.Operations, o => { Assert.Equal(OperationStatus.Completed, o.Status); Assert.Equal(1000, o.ItemsCopied); });
        // One listing per cycle; per request one read when it starts copying and one when it completes (final counts).
        Assert.Equal(outcome.Cycles, _t.Ex.Count("Get-MailboxRestoreRequest"));
        Assert.Equal(2 * 3, _t.Ex.Count("Get-MailboxRestoreRequestStatistics"));
        Assert.Equal(13, outcome.Cycles); // the last request: 4 queued + 8 copying cycles, completed at the 13th listing
    }

    [Fact]
    public void FirstListingNeedsNoStatistics()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "B");
        Script(cycle => { if (cycle >= 3) r.Status = "Completed"; });
        var m = new OperationMonitor(_t.Gateway(), _t.Clock, Options(progressShown: false));
        m.StartMonitoring(new[] { Watch(r) });
        m.PollOnce();
        Assert.Equal(0, _t.Ex.Count("Get-MailboxRestoreRequestStatistics"));
        var outcome = m.Poll();
        Assert.True(outcome.AllSettled);
        Assert.Equal(1, _t.Ex.Count("Get-MailboxRestoreRequestStatistics"));
    }

    [Fact]
    public void QuietCostsAtMostAThirdOfAPerRequestPoller()
    {
        var (quietListings, quietStats, quietCycles, progressLines) = new QuietWatchTests().Run(progressShown: false);
        var (listings, stats, cycles, _) = new QuietWatchTests().Run(progressShown: true);
        Assert.True(cycles >= 24, $"a batch of a few dozen cycles ({cycles})");
        Assert.Equal(cycles, quietCycles);
        Assert.True(progressLines >= 3, "an Information progress line every ProgressInterval");
        // A per-request poller at the same interval reads every unsettled request each cycle: the progress-shown mode's
        // statistics. The quiet watch spends at most 0.35 of that, listings included.
        Assert.True(quietListings + quietStats <= 0.35 * stats, $"quiet {quietListings} + {quietStats} calls vs per-request {stats}");
        Assert.Equal(quietCycles, quietListings);
        // With progress shown: today's 1 + k per cycle.
        Assert.Equal(cycles, listings);
    }

    private (int listings, int stats, int cycles, int progressLines) Run(bool progressShown)
    {
        var rs = Batch(10);
        var options = Options(progressShown, TimeSpan.FromMinutes(5));
        options.InitialInterval = options.MaxInterval = TimeSpan.FromSeconds(30);
        var m = new OperationMonitor(_t.Gateway(), _t.Clock, options);
        var progress = 0;
        m.ProgressReported += (_, ops) => progress++;
        m.StartMonitoring(rs.Select(Watch));
        var outcome = m.Poll();
        Assert.True(outcome.AllSettled);
        return (_t.Ex.Count("Get-MailboxRestoreRequest"), _t.Ex.Count("Get-MailboxRestoreRequestStatistics"), outcome.Cycles, progress);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AListingThatOmitsARequestOnceDoesNotCancelIt(bool progressShown)
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "B", status: "InProgress");
        Script(call =>
        {
            if (call == 2) _t.Ex.Requests.Remove(r);       // the second listing omits it
            if (call == 3) _t.Ex.Requests.Add(r);          // it is listed again
            if (call >= 4) r.Status = "Completed";
        });
        var m = new OperationMonitor(_t.Gateway(), _t.Clock, Options(progressShown));
        m.StartMonitoring(new[] { Watch(r) });
        var outcome = m.Poll();
        Assert.Equal(OperationStatus.Completed, Assert.Single(outcome.Operations).Status);
        Assert.DoesNotContain(_t.Ex.CallsOf("Get-MailboxRestoreRequest"), c => c.Has("Identity"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GoneIsConfirmedByADirectReadByRequestGuidInTheNextCycle(bool progressShown)
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "B", status: "InProgress");
        Script(call => { if (call == 2) _t.Ex.Requests.Remove(r); });
        var statusAfter = new List<OperationStatus>();
        var m = new OperationMonitor(_t.Gateway(), _t.Clock, Options(progressShown));
        m.StartMonitoring(new[] { Watch(r) });
        m.PollOnce();
        m.PollOnce();                                    // missing from the listing once: not Cancelled yet
        Assert.Equal(OperationStatus.InProgress, m.Operations[0].Status);
        m.PollOnce();                                    // still missing: read directly, not found: Cancelled
        Assert.Equal(OperationStatus.Cancelled, m.Operations[0].Status);
        var direct = Assert.Single(_t.Ex.CallsOf("Get-MailboxRestoreRequest"), c => c.Has("Identity"));
        Assert.Equal(r.RequestGuid.ToString(), direct["Identity"]);
    }

    [Fact]
    public void ANotFoundStatisticsReadIsConfirmedToo()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "B", status: "InProgress");
        _t.Ex.FailNext("Get-MailboxRestoreRequestStatistics", ExchangeErrorKind.NotFound);
        Script(call => { if (call >= 3) r.Status = "Completed"; });
        var m = new OperationMonitor(_t.Gateway(), _t.Clock, Options(progressShown: true));
        m.StartMonitoring(new[] { Watch(r) });
        var outcome = m.Poll();
        Assert.Equal(OperationStatus.Completed, Assert.Single(outcome.Operations).Status);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Core;

public class OperationMonitorTests
{
    private readonly Tenant _t = new();
    private int _cycle;

    private static RestoreResult Watch(FakeRequest r) => new()
    {
        Success = true, RequestId = r.RequestGuid, RequestName = r.Name, Identity = r.Identity, BatchName = r.BatchName,
        TargetExchangeGuid = r.Target.ExchangeGuid, Target = r.Target.PrimarySmtpAddress, Status = OperationStatus.Queued, ExchangeStatus = "Queued",
    };

    private OperationMonitor Monitor(MonitorOptions? options = null) => new(_t.Gateway(), _t.Clock, options);

    /// <summary>Runs <paramref name="script"/>(cycle) whenever a listing call arrives, before it is served.</summary>
    private void Script(Action<int> script) =>
        _t.Ex.BeforeServe = c => { if (c.Name == "Get-MailboxRestoreRequest") script(++_cycle); };

    [Fact]
    public void OneListingPerBatchPerCycleAndStatisticsOnlyForUnsettled()
    {
        var rs = Enumerable.Range(1, 3).Select(i => _t.Ex.AddRequest(_t.Source, _t.Target, "R" + i, batch: "W1")).ToList();
        Script(cycle =>
        {
            for (var i = 0; i < rs.Count; i++)
            {
                if (i + 1 <= cycle) { rs[i].Status = "Completed"; rs[i].PercentComplete = 100; }
                else { rs[i].Status = "InProgress"; rs[i].PercentComplete = cycle * 10; }
            }
        });
        var m = Monitor();
        m.StartMonitoring(rs.Select(Watch));
        var outcome = m.Poll();

        Assert.False(outcome.TimedOut);
        Assert.True(outcome.AllSettled);
        Assert.Equal(3, outcome.Cycles);
        var listings = _t.Ex.CallsOf("Get-MailboxRestoreRequest").ToList();
        Assert.Equal(3, listings.Count);
        Assert.All(listings, c => { Assert.Equal("W1", c["BatchName"]); Assert.False(c.Has("Identity")); });
        Assert.Equal(3 + 2 + 1, _t.Ex.Count("Get-MailboxRestoreRequestStatistics"));
        Assert.All(outcome.Operations, o => Assert.Equal(OperationStatus.Completed, o.Status));
        Assert.Equal(2, _t.Clock.Sleeps.Count);
    }

    [Fact]
    public void WithoutBatchOneListingPerTarget()
    {
        var other = _t.Ex.AddMailbox("other");
        var a = _t.Ex.AddRequest(_t.Source, _t.Target, "A");
        var b = _t.Ex.AddRequest(_t.Source, other, "B");
        var a2 = _t.Ex.AddRequest(_t.Source, _t.Target, "A2");
        var calls = 0;
        _t.Ex.BeforeServe = c => { if (c.Name == "Get-MailboxRestoreRequest" && ++calls >= 3) { a.Status = b.Status = a2.Status = "Completed"; } };
        var m = Monitor();
        m.StartMonitoring(new[] { a, b, a2 }.Select(Watch));
        var outcome = m.Poll();
        Assert.True(outcome.AllSettled);
        Assert.Equal(2, outcome.Cycles);
        var listings = _t.Ex.CallsOf("Get-MailboxRestoreRequest").ToList();
        Assert.Equal(4, listings.Count);
        Assert.Equal(2, listings.Select(c => c["TargetMailbox"]).Distinct().Count());
    }

    [Fact]
    public void BacksOffWhileNothingChangesAndResetsOnChange()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W");
        Script(cycle =>
        {
            r.Status = cycle < 12 ? "InProgress" : "Completed";
            r.StatusDetail = cycle < 10 ? "CopyingMessages" : cycle < 12 ? "IncrementalSync" : "Completed";
            r.PercentComplete = Math.Min(99, cycle * 5); // progress alone does not reset the back-off
        });
        var progress = new List<RestoreResult>();
        var m = Monitor();
        m.StartMonitoring(new[] { Watch(r) });
        var outcome = m.Poll(progress.Add, TimeSpan.FromHours(1));
        Assert.True(outcome.AllSettled);
        var seconds = _t.Clock.Sleeps.Select(s => Math.Round(s.TotalSeconds, 2)).ToList();
        Assert.Equal(new[] { 5, 7.5, 11.25, 16.88, 25.31, 37.97, 56.95, 60, 60, 5, 7.5 }, seconds);
        Assert.Equal(12, progress.Count);
    }

    [Fact]
    public void TimeoutReturnsCurrentStates()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "InProgress");
        r.PercentComplete = 42;
        var m = Monitor();
        m.StartMonitoring(new[] { Watch(r) });
        var start = _t.Clock.UtcNow;
        var outcome = m.Poll(timeout: TimeSpan.FromMinutes(2));
        Assert.True(outcome.TimedOut);
        Assert.False(outcome.Cancelled);
        Assert.Equal(TimeSpan.FromMinutes(2), _t.Clock.UtcNow - start);
        var op = Assert.Single(outcome.Operations);
        Assert.Equal(OperationStatus.InProgress, op.Status);
        Assert.Equal(42, op.PercentComplete);
        Assert.Single(m.ActiveOperations);
    }

    [Fact]
    public void WaitDefaultsToOneHour()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "InProgress");
        var start = _t.Clock.UtcNow;
        var m = Monitor();
        m.StartMonitoring(new[] { Watch(r) });
        var outcome = m.Poll();
        Assert.True(outcome.TimedOut);
        Assert.Equal(TimeSpan.FromHours(1), _t.Clock.UtcNow - start);
        // Back-off keeps an hour of watching to about a minute per cycle.
        Assert.InRange(outcome.Cycles, 55, 75);
    }

    [Fact]
    public void CancellationStopsWithoutFurtherCalls()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "InProgress");
        using var cts = new CancellationTokenSource();
        _t.Clock.AfterSleep = n => { if (n == 2) cts.Cancel(); };
        var m = Monitor();
        m.StartMonitoring(new[] { Watch(r) });
        var outcome = m.Poll(cancellationToken: cts.Token);
        Assert.True(outcome.Cancelled);
        Assert.Equal(2, outcome.Cycles);
        Assert.Equal(2, _t.Ex.Count("Get-MailboxRestoreRequest"));
        Assert.Equal(OperationStatus.InProgress, Assert.Single(outcome.Operations).Status);
    }

    [Fact]
    public void StopEndsThePoll()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "InProgress");
        var m = Monitor();
        _t.Clock.AfterSleep = _ => m.Stop();
        m.StartMonitoring(new[] { Watch(r) });
        Assert.True(m.Poll().Cancelled);
        Assert.Equal(1, _t.Ex.Count("Get-MailboxRestoreRequest"));
    }

    [Fact]
    public void DisappearedRequestIsCancelled()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "InProgress");
        Script(cycle => { if (cycle == 2) _t.Ex.Requests.Remove(r); });
        var settled = new List<OperationEventArgs>();
        var m = Monitor();
        m.Settled += (_, e) => settled.Add(e);
        m.StartMonitoring(new[] { Watch(r) });
        var outcome = m.Poll();
        var op = Assert.Single(outcome.Operations);
        Assert.Equal(OperationStatus.Cancelled, op.Status);
        Assert.False(string.IsNullOrEmpty(op.Error));
        Assert.Single(settled);
        Assert.Equal(1, _t.Ex.Count("Get-MailboxRestoreRequestStatistics"));
        Assert.False(outcome.Operations[0].Success);
    }

    [Fact]
    public void SuspendedThatDoesNotMoveIsLetGo()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "AutoSuspended");
        r.Message = "The request was auto-suspended: target mailbox quota exceeded.";
        var m = Monitor(new MonitorOptions { SuspendedCyclesBeforeRelease = 3 });
        m.StartMonitoring(new[] { Watch(r) });
        var outcome = m.Poll();
        Assert.False(outcome.TimedOut);
        var op = Assert.Single(outcome.Operations);
        Assert.Equal(OperationStatus.Suspended, op.Status);
        Assert.True(op.Released);
        Assert.Contains(op.Warnings, w => w.Contains("quota"));
        Assert.Contains(op.Warnings, w => w.Contains("no longer waiting"));
        Assert.Equal(4, outcome.Cycles);
        Assert.Empty(m.ActiveOperations);
    }

    [Fact]
    public void FailedReadsTheReportOnceAndNotesAllItemsCopiedWithoutAPromotion()
    {
        var ok = _t.Ex.AddRequest(_t.Source, _t.Target, "OK", batch: "W", status: "InProgress");
        var bad = _t.Ex.AddRequest(_t.Source, _t.Target, "BAD", batch: "W", status: "InProgress");
        Script(cycle =>
        {
            if (cycle != 2) return;
            ok.Status = bad.Status = "Failed";
            ok.StatusDetail = bad.StatusDetail = "FailedOther";
            ok.Report.Add("Copy progress: 1456/1456 messages, 416.5 MB (436,712,733 bytes)/416.5 MB (436,712,733 bytes).");
            bad.Report.Add("Copy progress: 723/1456 messages, 225.8 MB (236,732,045 bytes)/416.5 MB (436,712,733 bytes).");
            bad.Message = "Error: TooManyBadItemsPermanentException";
        });
        var m = Monitor();
        m.StartMonitoring(new[] { ok, bad }.Select(Watch));
        var outcome = m.Poll();
        // Both stay Failed (Exchange's verdict); the one whose report shows every item copied says so in a note.
        Assert.Equal(OperationStatus.Failed, outcome.Operations[0].Status);
        Assert.Contains(outcome.Operations[0].Warnings, w => w.Contains("All 1,456 items appear copied") && w.Contains("Resume-InactiveRestore lets it complete"));
        Assert.Equal(OperationStatus.Failed, outcome.Operations[1].Status);
        Assert.DoesNotContain(outcome.Operations[1].Warnings, w => w.Contains("appear copied"));
        Assert.Contains("TooManyBadItems", outcome.Operations[1].Error);
        var stats = _t.Ex.CallsOf("Get-MailboxRestoreRequestStatistics").ToList();
        Assert.Equal(4, stats.Count);
        Assert.Equal(2, stats.Count(c => c.Has("IncludeReport")));
        Assert.All(stats.Take(2), c => Assert.False(c.Has("IncludeReport")));
    }

    [Fact]
    public void FailingBetweenListingAndStatisticsStillReadsTheReport()
    {
        var ok = _t.Ex.AddRequest(_t.Source, _t.Target, "OK", batch: "W", status: "InProgress");
        _t.Ex.BeforeServe = c =>
        {
            if (c.Name != "Get-MailboxRestoreRequestStatistics" || ok.Status == "Failed") return;
            ok.Status = "Failed"; // after the listing said InProgress
            ok.StatusDetail = "FailedOther";
            ok.Report.Add("Copy progress: 1456/1456 messages, 416.5 MB (436,712,733 bytes)/416.5 MB (436,712,733 bytes).");
        };
        var m = Monitor();
        m.StartMonitoring(Watch(ok));
        var outcome = m.Poll();
        Assert.Equal(OperationStatus.Failed, outcome.Operations[0].Status);
        Assert.Contains(outcome.Operations[0].Warnings, w => w.Contains("appear copied"));
        var stats = _t.Ex.CallsOf("Get-MailboxRestoreRequestStatistics").ToList();
        Assert.Equal(2, stats.Count);
        Assert.False(stats[0].Has("IncludeReport"));
        Assert.True(stats[1].Has("IncludeReport"));
    }

    [Fact]
    public void StallIsShownAndWaitedOut()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W");
        var seen = new List<RestoreResult>();
        Script(cycle =>
        {
            r.Status = cycle < 3 ? "InProgress" : "Completed";
            r.StatusDetail = cycle < 3 ? "StalledDueToTarget_MdbReplication" : "Completed";
        });
        var m = Monitor();
        m.StartMonitoring(new[] { Watch(r) });
        var outcome = m.Poll(seen.Add);
        Assert.Equal("StalledDueToTarget_MdbReplication", seen[0].StallReason);
        Assert.Equal(OperationStatus.InProgress, seen[0].Status);
        Assert.Equal(OperationStatus.Completed, outcome.Operations[0].Status);
    }

    [Fact]
    public void EventsPerStateChangeAndOnePerSettle()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W");
        Script(cycle =>
        {
            (r.Status, r.StatusDetail) = cycle switch
            {
                1 => ("Queued", "Queued"),
                2 => ("InProgress", "CopyingMessages"),
                3 => ("InProgress", "CopyingMessages"),
                _ => ("Completed", "Completed"),
            };
            r.PercentComplete = cycle >= 4 ? 100 : cycle == 1 ? 0 : 60;
        });
        var changes = new List<OperationEventArgs>();
        var settled = new List<OperationEventArgs>();
        var m = Monitor();
        m.StateChanged += (_, e) => changes.Add(e);
        m.Settled += (_, e) => settled.Add(e);
        m.StartMonitoring(new[] { Watch(r) });
        m.Poll();
        // Queued->Queued(detail Queued), ->InProgress, ->Completed
        Assert.Equal(3, changes.Count);
        Assert.Equal(OperationStatus.Completed, changes.Last().Progress.Status);
        Assert.Contains("InProgress -> Completed", changes.Last().Message);
        Assert.Single(settled);
        Assert.Equal(100, settled[0].Progress.PercentComplete); // Exchange's own figure, not one the monitor made up
    }

    [Fact]
    public void AlreadySettledRequestsAreReportedWithoutCalls()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "Completed");
        // A row read from the statistics (Get-InactiveRestore's): source GUID, estimates and Exchange's percentage known.
        var w = Watch(r); w.Status = OperationStatus.Completed; w.SourceExchangeGuid = _t.Source.ExchangeGuid; w.EstimatedBytes = 1000; w.PercentComplete = 100;
        var settled = 0;
        var m = Monitor();
        m.Settled += (_, _) => settled++;
        m.StartMonitoring(new[] { w, w });
        var outcome = m.Poll();
        Assert.Equal(1, settled);
        Assert.Equal(0, outcome.Cycles);
        Assert.Empty(_t.Ex.Calls);
    }

    [Fact]
    public void AListingsCompletedUncheckedRowIsReadOnceForItsVerdict()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "Completed");
        r.DataConsistencyScore = "Investigate"; r.PercentComplete = 100;
        var listed = RestoreResults.FromRequest(new ExchangeRestoreRequest { Name = r.Name, RequestGuid = r.RequestGuid, Identity = r.Identity, BatchName = "W", Status = "Completed" }, _t.Clock.UtcNow);
        Assert.Equal(OperationStatus.CompletedUnchecked, listed.Status);
        var m = Monitor();
        m.StartMonitoring(listed);
        var outcome = m.Poll();
        var done = Assert.Single(outcome.Operations);
        Assert.Equal(OperationStatus.CompletedWithWarnings, done.Status); // the verdict Get gives, not the listing's word
        Assert.Equal(100, done.PercentComplete);
        Assert.Single(_t.Ex.CallsOf("Get-MailboxRestoreRequestStatistics"));
        Assert.Equal(0, outcome.Cycles);
    }

    [Fact]
    public void ATimedOutWatchGivesListingOnlyRowsTheirSourceTargetAndEstimatesOnce()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "Queued");
        r.EstimatedBytes = 5000; r.EstimatedItems = 50;
        var listed = RestoreResults.FromRequest(new ExchangeRestoreRequest { Name = r.Name, RequestGuid = r.RequestGuid, Identity = r.Identity, BatchName = "W", Status = "Queued", TargetMailbox = "1234abcd-internal" }, _t.Clock.UtcNow);
        var m = Monitor(new MonitorOptions { ProgressShown = false, InitialInterval = TimeSpan.FromSeconds(5), MaxInterval = TimeSpan.FromSeconds(5) });
        m.StartMonitoring(listed);
        var outcome = m.Poll(timeout: TimeSpan.FromSeconds(12));
        Assert.True(outcome.TimedOut);
        var row = Assert.Single(outcome.Operations);
        Assert.Equal(_t.Source.ExchangeGuid, row.SourceExchangeGuid);
        Assert.Equal(5000, row.EstimatedBytes);
        Assert.Equal(50, row.EstimatedItems);
        Assert.NotEqual("1234abcd-internal", row.Target);
        Assert.Single(_t.Ex.CallsOf("Get-MailboxRestoreRequestStatistics")); // once, at the timeout
    }

    [Fact]
    public void TransientListingFailureSkipsTheCycle()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "InProgress");
        _t.Ex.FailNext("Get-MailboxRestoreRequest", ExchangeErrorKind.Transient);
        Script(cycle => { if (cycle == 3) r.Status = "Completed"; });
        var m = Monitor();
        m.StartMonitoring(new[] { Watch(r) });
        var outcome = m.Poll();
        Assert.True(outcome.AllSettled);
        Assert.Equal(3, outcome.Cycles);
    }

    [Fact]
    public void TransientStatisticsFailureSkipsOnlyThatRequestUntilTheNextCycle()
    {
        var a = _t.Ex.AddRequest(_t.Source, _t.Target, "A", batch: "W", status: "InProgress");
        var b = _t.Ex.AddRequest(_t.Source, _t.Target, "B", batch: "W", status: "InProgress");
        _t.Ex.FailNext("Get-MailboxRestoreRequestStatistics", ExchangeErrorKind.Transient, when: c => Equals(c["Identity"], a.RequestGuid.ToString()));
        Script(cycle => { if (cycle == 1) { a.Status = "Completed"; b.Status = "Completed"; } });
        var m = Monitor();
        m.StartMonitoring(new[] { Watch(a), Watch(b) });
        Assert.Equal(1, m.PollOnce());   // B settles; A's statistics were busy: it is neither failed nor dropped
        Assert.Equal(OperationStatus.Queued, m.GetProgress(a.RequestGuid)!.Status);
        Assert.Equal(OperationStatus.Completed, m.GetProgress(b.RequestGuid)!.Status);
        var outcome = m.Poll();
        Assert.True(outcome.AllSettled);
        Assert.Equal(OperationStatus.Completed, m.GetProgress(a.RequestGuid)!.Status);
    }

    [Fact]
    public void AnExpiredSessionEndsTheWatch()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "InProgress");
        Script(cycle => { if (cycle == 2) _t.Ex.FailNext("Get-MailboxRestoreRequestStatistics", ExchangeErrorKind.SessionExpired); });
        var m = Monitor();
        m.StartMonitoring(new[] { Watch(r) });
        var e = Assert.Throws<ExchangeException>(() => m.Poll());
        Assert.Equal(ExchangeErrorKind.SessionExpired, e.Kind);
        Assert.Equal("InProgress", r.Status);   // the request itself is untouched: it keeps running in Exchange
    }

    [Fact]
    public void EstimatesCompletionFromObservedRate()
    {
        var r = _t.Ex.AddRequest(_t.Source, _t.Target, "R", batch: "W", status: "InProgress");
        r.EstimatedBytes = 1000L << 20; r.BytesTransferred = 400L << 20; r.BytesPerMinute = 60L << 20; r.PercentComplete = 40;
        var m = Monitor();
        m.StartMonitoring(new[] { Watch(r) });
        m.PollOnce();
        var p = m.GetProgress(r.RequestGuid)!;
        Assert.Equal(_t.Clock.UtcNow.AddMinutes(10), p.EstimatedCompletion);
        Assert.Equal(400L << 20, p.BytesCopied);
        Assert.Equal(1000L << 20, p.EstimatedBytes);
    }

    [Fact]
    public void RefusesToWatchWithoutBatchOrTarget()
    {
        var m = Monitor();
        Assert.Throws<ArgumentException>(() => m.StartMonitoring(new RestoreResult { RequestId = Guid.NewGuid(), RequestName = "x", Success = true }));
    }
}

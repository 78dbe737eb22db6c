using System;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Commands;
using InactiveRestore.Core;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Commands;

public class WatchDisplayTests
{
    private static RestoreResult P(string name, OperationStatus status, int pct = 0) => new()
    {
        RequestId = Guid.NewGuid(), RequestName = name, Target = "adele.vance@contoso.com", Status = status, PercentComplete = pct,
        ExchangeStatus = status.ToString(),
    };

    [Fact]
    public void RequestBarShowsItemsBytesEtaUnderTheOverallBar()
    {
        var p = P("IR-a-1-Primary", OperationStatus.InProgress, 42);
        p.ItemsCopied = 500; p.EstimatedItems = 1180; p.BytesCopied = 75L << 20; p.EstimatedBytes = 180L << 20;
        p.EstimatedCompletion = new DateTime(2026, 3, 2, 10, 42, 0, DateTimeKind.Utc);
        p.StatusDetail = "CopyingMessages";
        var r = WatchDisplay.Request(p, WatchDisplay.OverallActivityId + 1);
        Assert.Equal(WatchDisplay.OverallActivityId, r.ParentActivityId);
        Assert.Equal(42, r.PercentComplete);
        Assert.Equal("IR-a-1-Primary -> adele.vance@contoso.com", r.Activity);
        Assert.Equal("InProgress 42%: 500/1,180 items, 75 MB/180 MB, ETA 10:42 UTC", r.StatusDescription);
        var withNow = WatchDisplay.Request(p, 2, now: new DateTime(2026, 3, 2, 8, 32, 0, DateTimeKind.Utc));
        Assert.Equal("InProgress 42%: 500/1,180 items, 75 MB/180 MB, ETA ~2h10m", withNow.StatusDescription);
        Assert.Equal("CopyingMessages", r.CurrentOperation);
        Assert.Equal(ProgressRecordType.Processing, r.RecordType);
        Assert.Equal(ProgressRecordType.Completed, WatchDisplay.Request(p, 2, completed: true).RecordType);
    }

    [Fact]
    public void CurrentOperationShowsStallQueueAndSuspension()
    {
        var stalled = P("S", OperationStatus.InProgress, 30);
        stalled.StallReason = "StalledDueToTarget_DiskLatency";
        Assert.Contains("StalledDueToTarget_DiskLatency", WatchDisplay.CurrentOperation(stalled));
        var queued = P("Q", OperationStatus.Queued);
        queued.PositionInQueue = 3;
        Assert.Equal("Queued, position 3", WatchDisplay.CurrentOperation(queued));
        var suspended = P("U", OperationStatus.Suspended);
        suspended.ExchangeStatus = "AutoSuspended";
        Assert.Contains("Resume-InactiveRestore", WatchDisplay.CurrentOperation(suspended));
        suspended.Released = true;
        Assert.Contains("no longer waited for", WatchDisplay.CurrentOperation(suspended));
        Assert.Equal("Q", WatchDisplay.Request(queued, 9).Activity.Split(' ')[0]);
        Assert.Equal("Queued 0%", WatchDisplay.StatusDescription(queued));
    }

    [Fact]
    public void OverallBarCountsSettledRequestsAndBytes()
    {
        var a = P("A", OperationStatus.Completed, 100); a.BytesCopied = 100; a.EstimatedBytes = 100;
        var b = P("B", OperationStatus.InProgress, 50); b.BytesCopied = 50; b.EstimatedBytes = 300;
        var c = P("C", OperationStatus.Suspended, 10); c.Released = true;
        var r = WatchDisplay.Overall(new[] { a, b, c });
        Assert.StartsWith("2/3 request(s) settled, ", r.StatusDescription);
        Assert.Equal(37, r.PercentComplete); // 150 of 400 bytes
        Assert.Equal(-1, r.ParentActivityId);
        var done = WatchDisplay.Overall(new[] { a }, completed: true);
        Assert.Equal(100, done.PercentComplete);
        Assert.Equal(ProgressRecordType.Completed, done.RecordType);
        Assert.Equal(100, WatchDisplay.Overall(Array.Empty<RestoreResult>()).PercentComplete);
    }

    [Fact]
    public void WarningsSkipRoutineThrottlingAndNameFailures()
    {
        var p = P("F", OperationStatus.Failed, 57);
        p.Warnings.Add("Exchange Online is throttling the request (StalledDueToTarget_DiskLatency: ...).");
        p.Warnings.Add("Data Consistency Score is Investigate: ...");
        p.Error = "Error: TooManyBadItemsPermanentException: Too many bad items.";
        var w = WatchDisplay.Warnings(p).ToList();
        Assert.Equal(2, w.Count);
        Assert.Equal("F: Data Consistency Score is Investigate: ...", w[0]);
        Assert.StartsWith("F failed: Error: TooManyBadItemsPermanentException", w[1]);
        // The reason is said once (the warning, with the remedy), not again in the Information line.
        Assert.Equal("F: Failed (see the warning).", WatchDisplay.SettledLine(p));
    }

    [Fact]
    public void AFailureGivesOneRemedyAndAnUnreadPercentageIsNotShownAsZero()
    {
        var p = P("IR-pradeep.gupta-0b68778d-Primary", OperationStatus.Failed, 95);
        p.Warnings.Add("All 6,140 items appear copied (...), but Exchange has not finished the request (Failed, FailedOther): Resume-InactiveRestore lets it complete.");
        p.Error = "Error: StoragePermanentException: The target mailbox's database failed over.";
        var w = WatchDisplay.Warnings(p).ToList();
        Assert.Equal(2, w.Count);
        Assert.All(w, line => Assert.StartsWith("IR-pradeep.gupta-0b68778d-Primary", line));
        Assert.Equal(1, w.Count(line => line.Contains("Resume-InactiveRestore")));          // the remedy once
        Assert.DoesNotContain(w, line => line.Contains("MailboxRestoreRequest"));           // never Exchange's own
        var plain = P("X", OperationStatus.Failed, 10);
        plain.Error = "Error: something.";
        Assert.Contains("Resume-InactiveRestore continues a failed request", Assert.Single(WatchDisplay.Warnings(plain)));

        var listed = P("L", OperationStatus.InProgress);
        listed.PercentComplete = null;
        Assert.Equal("InProgress ?%", WatchDisplay.StatusDescription(listed));
        Assert.Equal(0, WatchDisplay.Request(listed, WatchDisplay.OverallActivityId + 1).PercentComplete);
    }

    [Theory]
    [InlineData(0, 30, "<1m")]
    [InlineData(0, 45 * 60, "~45m")]
    [InlineData(2, 10 * 60, "~2h10m")]
    [InlineData(26, 0, "~1d2h")]
    public void EtaIsADuration(int hours, int seconds, string expected)
    {
        Assert.Equal(expected, WatchDisplay.Duration(TimeSpan.FromHours(hours) + TimeSpan.FromSeconds(seconds)));
        Assert.Equal("<1m", WatchDisplay.Duration(TimeSpan.FromMinutes(-5)));
    }

    [Fact]
    public void ItemsShowTheSkippedAndFitA120ColumnConsole()
    {
        var p = P("IR-lynne.robbins-0a1b2c3d-Primary", OperationStatus.CompletedWithWarnings, 100);
        p.ItemsCopied = 7899; p.EstimatedItems = 7940; p.ItemsSkipped = 41;
        p.ExchangeStatus = "Completed";
        Assert.Equal("7,899/7,940 (41 skipped)", WatchDisplay.Items(p));
        Assert.Equal("IR-lynne.robbins-0a1b2c3d-Primary: CompletedWithWarnings (Exchange: Completed), 7,899/7,940 (41 skipped) items.", WatchDisplay.SettledLine(p));
        var running = P("R", OperationStatus.InProgress, 99);
        running.ItemsCopied = 1_234_567; running.EstimatedItems = 1_250_000; running.ItemsSkipped = 12_345;
        running.BytesCopied = 999L << 30; running.EstimatedBytes = 1000L << 30;
        running.EstimatedCompletion = new DateTime(2026, 3, 4, 10, 0, 0, DateTimeKind.Utc);
        var text = WatchDisplay.StatusDescription(running, new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc));
        Assert.EndsWith("ETA ~2d1h", text);
        Assert.True(text.Length <= 90, text);
    }

    [Fact]
    public void AutoSuspendedBarShowsExchangesReason()
    {
        var p = P("U", OperationStatus.Suspended, 20);
        p.ExchangeStatus = "AutoSuspended";
        p.SuspendReason = "The target mailbox is over its quota.";
        Assert.Equal("AutoSuspended (The target mailbox is over its quota): waiting for Resume-InactiveRestore", WatchDisplay.CurrentOperation(p));
    }

    [Fact]
    public void CtrlCSaysTheRequestsKeepRunningAndHowToWatchAgain()
    {
        var a = P("A", OperationStatus.InProgress, 40); a.BatchName = "Wave 1";
        var b = P("B", OperationStatus.Completed, 100); b.BatchName = "Wave 1";
        var m = WatchDisplay.StillRunningMessage(new[] { a, b })!;
        Assert.Contains("1 restore request(s) keep running in Exchange", m);
        Assert.EndsWith("Watch-InactiveRestore -BatchName 'Wave 1'", m);
        a.BatchName = null;
        Assert.EndsWith($"Watch-InactiveRestore -Identity '{a.RequestId}'", WatchDisplay.StillRunningMessage(new[] { a, b })!);
        Assert.Null(WatchDisplay.StillRunningMessage(new[] { b }));
    }

    [Fact]
    public void TallyCountsTheFinalStates()
    {
        var list = new[]
        {
            P("A", OperationStatus.Completed, 100), P("B", OperationStatus.Completed, 100),
            P("C", OperationStatus.CompletedWithWarnings, 100), P("D", OperationStatus.Failed, 50), P("E", OperationStatus.InProgress, 10),
        };
        Assert.Equal("Watch ended: 5 request(s): 2 Completed, 1 CompletedWithWarnings, 1 Failed, 1 still InProgress.", WatchDisplay.Tally(list));
    }

    [Fact]
    public void TimedOutMessageNamesTheUnsettled()
    {
        var m = WatchDisplay.TimedOutMessage(TimeSpan.FromMinutes(5), new[] { P("A", OperationStatus.InProgress, 40) }, 3);
        Assert.Contains("00:05:00", m);
        Assert.Contains("1 of 3", m);
        Assert.Contains("A InProgress 40%", m);
    }

    [Fact]
    public void WatchOptionsRefuseNonPositiveValuesAndRaiseTheMaximum()
    {
        Assert.Equal(WatchOptions.ErrorId, Assert.Throws<InvalidInputException>(() => new WatchOptions { PollInterval = TimeSpan.Zero }.Validate()).ErrorId);
        Assert.Throws<InvalidInputException>(() => new WatchOptions { Timeout = TimeSpan.FromSeconds(-1) }.Validate());
        Assert.Throws<InvalidInputException>(() => new WatchOptions { MaxPollInterval = TimeSpan.Zero }.Validate());
        var m = new WatchOptions { PollInterval = TimeSpan.FromSeconds(30), MaxPollInterval = TimeSpan.FromSeconds(10) }.ToMonitorOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), m.MaxInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), m.InitialInterval);
    }
}

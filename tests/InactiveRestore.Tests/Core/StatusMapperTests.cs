using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Core;

public class StatusMapperTests
{
    [Theory]
    [InlineData("Queued", null, OperationStatus.Queued)]
    [InlineData("None", null, OperationStatus.Queued)]
    [InlineData("InProgress", "CopyingMessages", OperationStatus.InProgress)]
    [InlineData("CompletionInProgress", "Finalization", OperationStatus.InProgress)]
    [InlineData("Synced", "IncrementalSync", OperationStatus.InProgress)]
    [InlineData("Retrying", "TransientFailure", OperationStatus.InProgress)]
    [InlineData("Suspended", "Suspended", OperationStatus.Suspended)]
    [InlineData("AutoSuspended", "AutoSuspended", OperationStatus.Suspended)]
    [InlineData("Completed", "Completed", OperationStatus.Completed)]
    [InlineData("CompletedWithWarning", "CompletedWithWarnings", OperationStatus.CompletedWithWarnings)]
    [InlineData("Failed", "FailedOther", OperationStatus.Failed)]
    [InlineData("failed", "FailedBadItemLimit", OperationStatus.Failed)]
    public void MapsEveryExchangeStatus(string status, string? detail, OperationStatus expected)
    {
        Assert.Equal(expected, StatusMapper.Map(status, detail).Status);
    }

    [Theory]
    [InlineData("StalledDueToTarget_DiskLatency")]
    [InlineData("StalledDueToTarget_MdbReplication")]
    [InlineData("StalledDueToSource_Processor")]
    [InlineData("StalledDueToMailboxLock")]
    public void StallIsThrottlingNotFailure(string detail)
    {
        var m = StatusMapper.Map("InProgress", detail);
        Assert.Equal(OperationStatus.InProgress, m.Status);
        Assert.Equal(detail, m.StallReason);
        Assert.False(m.IsSettled);
        Assert.Contains("throttling", StatusMapper.DescribeStall(detail));
    }

    [Fact]
    public void AutoSuspendedCarriesItsReason()
    {
        var m = StatusMapper.Map("AutoSuspended", "AutoSuspended", "The request was suspended because the target mailbox quota was exceeded.");
        Assert.Equal(OperationStatus.Suspended, m.Status);
        Assert.Contains("quota", m.SuspendReason);
        Assert.Contains(m.Warnings, w => w.Contains("quota"));
    }

    [Fact]
    public void FailedOtherWithEveryItemCopiedStaysFailedWithTheEvidenceAsANote()
    {
        var report = new[]
        {
            new ExchangeReportEntry(null, null, "Copy progress: 100/1456 messages, 10 MB (10,485,760 bytes)/416.5 MB (436,712,733 bytes)."),
            new ExchangeReportEntry(null, null, "Copy progress: 1456/1456 messages, 416.5 MB (436,712,733 bytes)/416.5 MB (436,712,733 bytes)."),
            new ExchangeReportEntry(null, "Failure", "Fatal error TransientException has occurred."),
        };
        var m = StatusMapper.Map("Failed", "FailedOther", "Failed", report);
        // Exchange's verdict stands: it has not finished the request, whatever the report shows was copied.
        Assert.Equal(OperationStatus.Failed, m.Status);
        Assert.True(m.IsSettled);
        var note = Assert.Single(m.Warnings);
        Assert.Contains("All 1,456 items appear copied", note);
        Assert.Contains("1456/1456", note);
        Assert.Contains("Exchange has not finished the request (Failed, FailedOther)", note);
        Assert.Contains("Resume-InactiveRestore lets it complete", note);
        Assert.Equal(436712733, m.CopyProgress!.BytesTotal);
    }

    [Fact]
    public void ACompletedListingRowIsCompletedUncheckedNeverAPlainCompleted()
    {
        // A listing carries no skipped counts or consistency score: the statistics could still say CompletedWithWarnings.
        var m = StatusMapper.Map(new ExchangeRestoreRequest { Name = "IR-a-00000001-Primary", Status = "Completed" });
        Assert.Equal(OperationStatus.CompletedUnchecked, m.Status);
        Assert.True(m.IsSettled);
        Assert.Contains(m.Warnings, w => w.Contains("Get-InactiveRestore gives the verdict"));
        Assert.Equal(OperationStatus.CompletedWithWarnings, StatusMapper.Map(new ExchangeRestoreRequest { Status = "CompletedWithWarning" }).Status);
        Assert.Equal(OperationStatus.Failed, StatusMapper.Map(new ExchangeRestoreRequest { Status = "Failed" }).Status);
        Assert.Equal(OperationStatus.Completed, StatusMapper.Map("Completed").Status);
    }

    [Fact]
    public void AutoSuspendedGivesExchangesReasonOnceAndTheModulesRemedyOnly()
    {
        var m = StatusMapper.Map("AutoSuspended", "AutoSuspended",
            "Informational: The request was automatically suspended because the target mailbox's database is being rebalanced. Resume it with Resume-MailboxRestoreRequest.");
        var w = Assert.Single(m.Warnings);
        Assert.Equal("Exchange suspended the request automatically (the target mailbox's database is being rebalanced): resume it with Resume-InactiveRestore.", w);
        Assert.Equal("The request was automatically suspended because the target mailbox's database is being rebalanced.", m.SuspendReason);
        Assert.DoesNotContain("MailboxRestoreRequest", m.SuspendReason);
        // A listing gives no reason: it is not made up, nor is the sentence doubled.
        var listed = StatusMapper.Map(new ExchangeRestoreRequest { Status = "AutoSuspended" });
        var lw = Assert.Single(listed.Warnings);
        Assert.DoesNotContain("automatically: Exchange suspended", lw);
        Assert.Contains("Resume-InactiveRestore", lw);
        Assert.Null(listed.SuspendReason);
    }

    [Fact]
    public void FailedOtherWithItemsMissingStaysFailed()
    {
        var report = new[] { new ExchangeReportEntry(null, null, "Copy progress: 723/1456 messages, 225.8 MB (236,732,045 bytes)/416.5 MB (436,712,733 bytes).") };
        var m = StatusMapper.Map("Failed", "FailedOther", null, report);
        Assert.Equal(OperationStatus.Failed, m.Status);
        Assert.True(m.IsSettled);
    }

    [Fact]
    public void FailedWithoutReportStaysFailed() => Assert.Equal(OperationStatus.Failed, StatusMapper.Map("Failed", "FailedOther").Status);

    [Fact]
    public void ParsesCopyProgressLine()
    {
        var p = StatusMapper.ParseCopyProgress("Copy progress: 723/1456 messages, 225.8 MB (236,732,045 bytes)/416.5 MB (436,712,733 bytes).")!;
        Assert.Equal(723, p.ItemsCopied);
        Assert.Equal(1456, p.ItemsTotal);
        Assert.Equal(236732045, p.BytesCopied);
        Assert.Equal(436712733, p.BytesTotal);
        Assert.False(p.IsComplete);
        var big = StatusMapper.ParseCopyProgress("11/27/2026 1:00:00 AM [server] Copy progress: 12,345/12,345 messages, 1.2 GB (1,288,490,189 bytes)/1.2 GB (1,288,490,189 bytes).")!;
        Assert.True(big.IsComplete);
        Assert.Equal(12345, big.ItemsTotal);
        Assert.Null(StatusMapper.ParseCopyProgress("Stage: CopyingMessages. Percent complete: 40."));
        Assert.False(StatusMapper.ParseCopyProgress("Copy progress: 0/0 messages, 0 B (0 bytes)/0 B (0 bytes).")!.IsComplete);
    }

    [Fact]
    public void DisappearedIsCancelled()
    {
        var m = StatusMapper.Disappeared();
        Assert.Equal(OperationStatus.Cancelled, m.Status);
        Assert.True(m.IsSettled);
    }

    [Fact]
    public void UnknownStatusIsNotSettled()
    {
        var m = StatusMapper.Map("Frobnicating");
        Assert.Equal(OperationStatus.InProgress, m.Status);
        Assert.Single(m.Warnings);
    }

    [Fact]
    public void SettledSetIsExactlyTheTerminalStates()
    {
        var settled = System.Enum.GetValues(typeof(OperationStatus)).Cast<OperationStatus>().Where(StatusMapper.IsSettled).ToArray();
        Assert.Equal(new[] { OperationStatus.Completed, OperationStatus.CompletedWithWarnings, OperationStatus.Failed, OperationStatus.Cancelled, OperationStatus.CompletedUnchecked }, settled);
    }
}

public class ReportParsingTests
{
    [Fact]
    public void ReportObjectWithEntriesIsRead()
    {
        var entry = new System.Management.Automation.PSObject();
        entry.Properties.Add(new System.Management.Automation.PSNoteProperty("Message", "Copy progress: 5/5 messages, 1 KB (1,024 bytes)/1 KB (1,024 bytes)."));
        entry.Properties.Add(new System.Management.Automation.PSNoteProperty("Type", "Informational"));
        var report = new System.Management.Automation.PSObject();
        report.Properties.Add(new System.Management.Automation.PSNoteProperty("Entries", new object[] { entry }));
        var stats = new System.Management.Automation.PSObject();
        stats.Properties.Add(new System.Management.Automation.PSNoteProperty("Status", "Failed"));
        stats.Properties.Add(new System.Management.Automation.PSNoteProperty("Report", report));
        var s = ExchangeRestoreRequestStatistics.From(stats);
        Assert.Single(s.Report);
        var m = StatusMapper.Map(s);
        Assert.Equal(OperationStatus.Failed, m.Status);
        Assert.True(m.CopyProgress!.IsComplete);
    }
}

public class RestoreResultPercentTests
{
    private static ExchangeRestoreRequestStatistics Stats(string status, string detail, int percent, params string[] report) => new()
    {
        Name = "IR-x-00000000-Primary", Status = status, StatusDetail = detail, PercentComplete = percent,
        Report = report.Select(m => new ExchangeReportEntry(null, null, m)).ToArray(),
    };

    [Fact]
    public void FailedWithEveryItemCopiedKeepsExchangesVerdictAndPercentage()
    {
        var r = RestoreResults.FromStatistics(Stats("Failed", "FailedOther", 95,
            "Copy progress: 1456/1456 messages, 416.5 MB (436,712,733 bytes)/416.5 MB (436,712,733 bytes)."));
        Assert.Equal(OperationStatus.Failed, r.Status);
        Assert.False(r.Success);
        Assert.Equal(95, r.PercentComplete); // never above Exchange's PercentComplete
        Assert.Contains(r.Warnings, w => w.Contains("All 1,456 items appear copied") && w.Contains("Resume-InactiveRestore lets it complete"));
        Assert.False(r.Status.IsCompleted());
        // The watch adds its estimate, never a percentage.
        Assert.Equal(95, RestoreResults.WithEstimate(r, new RestoreEstimator(), System.DateTime.UtcNow).PercentComplete);
    }

    [Fact]
    public void CompletedKeepsExchangesPercentage()
    {
        var r = RestoreResults.FromStatistics(Stats("Completed", "Completed", 99));
        Assert.Equal(OperationStatus.Completed, r.Status);
        Assert.Equal(99, r.PercentComplete);
    }

    [Fact]
    public void AListingRowHasNoMadeUpPercentageAndGetsSourceAndTargetAsGetShowsThem()
    {
        var r = RestoreResults.FromRequest(new ExchangeRestoreRequest
        {
            Name = "IR-lynne.robbins-30a2b345-Primary", Identity = "delia.dennis\\IR-lynne.robbins-30a2b345-Primary",
            TargetMailbox = "19233928-deliadennis", Status = "InProgress",
        }, System.DateTime.UtcNow);
        Assert.Null(r.PercentComplete);
        Assert.Equal("?%", RestoreResults.PercentText(r));
        Assert.Equal("lynne.robbins", r.Source);
        Assert.Equal("delia.dennis", r.Target);
        var done = RestoreResults.FromRequest(new ExchangeRestoreRequest { Name = "IR-a-00000001-Primary", Status = "Completed" }, System.DateTime.UtcNow);
        Assert.Equal(OperationStatus.CompletedUnchecked, done.Status);
        Assert.Null(done.PercentComplete);
    }

    [Fact]
    public void ExchangesOwnRemedyIsLeftOutOfTheError()
    {
        var r = RestoreResults.FromStatistics(Stats("Failed", "FailedBadItemLimit", 58) with
        {
            FailureType = "TooManyBadItemsPermanentException",
            Message = "Error: TooManyBadItemsPermanentException: Too many bad items were encountered. The data consistency score is Investigate. Approve the skipped items (Set-MailboxRestoreRequest -SkippedItemApprovalTime) and resume the request.",
        });
        Assert.Equal("Error: TooManyBadItemsPermanentException: Too many bad items were encountered. The data consistency score is Investigate.", r.Error);
    }

    [Fact]
    public void FailedPartwayKeepsExchangesPercentage()
    {
        var r = RestoreResults.FromStatistics(Stats("Failed", "FailedBadItemLimit", 55,
            "Copy progress: 723/1456 messages, 225.8 MB (236,732,045 bytes)/416.5 MB (436,712,733 bytes)."));
        Assert.Equal(OperationStatus.Failed, r.Status);
        Assert.Equal(55, r.PercentComplete);
    }
}

public class ExchangeMessageTests
{
    [Theory]
    [InlineData("Informational: The request was automatically suspended because the target mailbox's database is being rebalanced. Resume it with Resume-MailboxRestoreRequest.",
        "Informational: The request was automatically suspended because the target mailbox's database is being rebalanced.")]
    [InlineData("Error: TooManyBadItemsPermanentException: Too many bad items were encountered. The data consistency score is Investigate. Approve the skipped items (Set-MailboxRestoreRequest -SkippedItemApprovalTime) and resume the request.",
        "Error: TooManyBadItemsPermanentException: Too many bad items were encountered. The data consistency score is Investigate.")]
    [InlineData("Resume it with Resume-ContosoMailboxRestoreRequest.", null)]
    [InlineData("Warning: 2 large items were skipped because they exceed the target's maximum message size (150 MB).",
        "Warning: 2 large items were skipped because they exceed the target's maximum message size (150 MB).")]
    [InlineData("   ", null)]
    public void ExchangesOwnRemediesAreLeftOut(string message, string? expected) =>
        Assert.Equal(expected, ExchangeMessage.WithoutRemedy(message));

    [Fact]
    public void AReasonLosesItsLabelAndACauseIsTheBecauseClause()
    {
        var reason = ExchangeMessage.Reason("Informational: The request was automatically suspended because the target mailbox's database is being rebalanced. Resume it with Resume-MailboxRestoreRequest.");
        Assert.Equal("The request was automatically suspended because the target mailbox's database is being rebalanced.", reason);
        Assert.Equal("the target mailbox's database is being rebalanced", ExchangeMessage.Cause(reason));
        Assert.Equal("Quota exceeded", ExchangeMessage.Cause("Quota exceeded."));
        Assert.Null(ExchangeMessage.Cause(null));
    }
}

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
    public void FailedOtherWithEveryItemCopiedIsCompletedWithWarnings()
    {
        var report = new[]
        {
            new ExchangeReportEntry(null, null, "Copy progress: 100/1456 messages, 10 MB (10,485,760 bytes)/416.5 MB (436,712,733 bytes)."),
            new ExchangeReportEntry(null, null, "Copy progress: 1456/1456 messages, 416.5 MB (436,712,733 bytes)/416.5 MB (436,712,733 bytes)."),
            new ExchangeReportEntry(null, "Failure", "Fatal error TransientException has occurred."),
        };
        var m = StatusMapper.Map("Failed", "FailedOther", "Failed", report);
        Assert.Equal(OperationStatus.CompletedWithWarnings, m.Status);
        Assert.Contains(m.Warnings, w => w.Contains("every item copied") && w.Contains("1456/1456"));
        Assert.Equal(436712733, m.CopyProgress!.BytesTotal);
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
        Assert.Equal(new[] { OperationStatus.Completed, OperationStatus.CompletedWithWarnings, OperationStatus.Failed, OperationStatus.Cancelled }, settled);
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
        Assert.Equal(OperationStatus.CompletedWithWarnings, StatusMapper.Map(s).Status);
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
    public void FailedWithEveryItemCopiedShowsAWholeCopy()
    {
        var r = RestoreResults.FromStatistics(Stats("Failed", "FailedOther", 95,
            "Copy progress: 1456/1456 messages, 416.5 MB (436,712,733 bytes)/416.5 MB (436,712,733 bytes)."));
        Assert.Equal(OperationStatus.CompletedWithWarnings, r.Status);
        Assert.Equal(100, r.PercentComplete);
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

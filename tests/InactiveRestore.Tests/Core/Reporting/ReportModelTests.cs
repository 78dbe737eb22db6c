using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Core.Reporting;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Core.Reporting;

public class ReportModelTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1536L, "1.5 KB")]
    [InlineData(198180864L, "189 MB")]
    [InlineData(65011712L, "62 MB")]
    [InlineData(2254857830L, "2.1 GB")]
    [InlineData(1181116006L, "1.1 GB")]
    [InlineData(5L * 1024 * 1024 * 1024 * 1024 * 3, "15 TB")]
    public void SizesAreRoundedAsGetInactiveRestoreShowsThem(long bytes, string expected)
    {
        // module/InactiveRestore.format.ps1xml: 1024 steps up to TB, '{0:0.#} {1}'.
        Assert.Equal(expected, ReportText.Size(bytes));
        Assert.Null(ReportText.Size(null));
    }

    [Fact]
    public void DurationsAreHoursMinutesSecondsWithoutWrappingAtADay()
    {
        Assert.Equal("0:12:00", ReportText.Duration(TimeSpan.FromMinutes(12)));
        Assert.Equal("2:52:00", ReportText.Duration(TimeSpan.FromMinutes(172)));
        Assert.Equal("26:05:09", ReportText.Duration(new TimeSpan(1, 2, 5, 9)));
        Assert.Null(ReportText.Duration(null));
    }

    [Fact]
    public void DatesAreIso8601Utc()
    {
        Assert.Equal("2026-12-01T10:15:00Z", ReportText.IsoUtc(new DateTime(2026, 12, 1, 10, 15, 0, DateTimeKind.Utc)));
        // Unspecified is taken as UTC (Exchange's statistics and the module's clock are UTC).
        Assert.Equal("2026-12-01T10:15:00Z", ReportText.IsoUtc(new DateTime(2026, 12, 1, 10, 15, 0, DateTimeKind.Unspecified)));
        var local = new DateTime(2026, 12, 1, 10, 15, 0, DateTimeKind.Utc).ToLocalTime();
        Assert.Equal("2026-12-01T10:15:00Z", ReportText.IsoUtc(local));
        Assert.Null(ReportText.IsoUtc(null));
    }

    [Fact]
    public void ARowCarriesTheResultsOwnFigures()
    {
        var r = ReportSamples.Completed(Guid.NewGuid());
        r.Warnings = new List<string> { "real warning" };
        var row = ReportRows.FromResult(r);

        Assert.Equal(ReportRecordKind.Request, row.Record);
        Assert.Equal("megan.bowen", row.Source);
        Assert.Equal("adele.vance", row.Target);
        Assert.Equal("Primary", row.Kind);
        Assert.Equal("Completed", row.Status);
        Assert.Equal(1244, row.ItemsCopied);
        Assert.Equal(0, row.ItemsSkipped);
        Assert.Null(row.ItemsVerified);
        Assert.Equal("189 MB", row.Size);
        Assert.Equal(TimeSpan.FromMinutes(12), row.Duration);
        Assert.True(row.IsSettled);
        Assert.Equal(new[] { "real warning" }, row.Warnings);
    }

    [Fact]
    public void TheDurationFallsBackLikeGetInactiveRestoresElapsed()
    {
        var r = ReportSamples.Completed(Guid.NewGuid());
        r.StartedAt = null;
        r.CompletedAt = null;
        r.LastUpdatedAt = ReportSamples.At(10, 30);
        Assert.Equal(TimeSpan.FromMinutes(30), ReportRows.FromResult(r).Duration);   // QueuedAt 10:00 to LastUpdatedAt

        r.LastUpdatedAt = ReportSamples.At(9, 0);   // an end before the start: no duration, never a negative one
        Assert.Null(ReportRows.FromResult(r).Duration);
    }

    [Fact]
    public void ARefusedPairKeepsEveryReasonAndAValidPairIsNoRefusal()
    {
        var row = ReportRows.FromRefusal(ReportSamples.Refused())!;
        Assert.Equal(ReportRecordKind.RefusedPair, row.Record);
        Assert.Equal("Refused", row.Status);
        Assert.Equal("AutoExpandingArchive: 'Diego' has an auto-expanding archive. Export it with a content search.", Assert.Single(row.Errors));
        Assert.Equal("RetentionMayPurge: The target is not on retention hold.", Assert.Single(row.Warnings));

        var valid = new ValidationResult { Source = "a", Target = "b" };
        valid.Issues.Add(new ValidationIssue("RetentionMayPurge", ValidationSeverity.Warning, "w"));
        Assert.Null(ReportRows.FromRefusal(valid));
    }

    [Fact]
    public void TheSummaryAddsUpTheRows()
    {
        var s = ReportSamples.Report().Summary;
        Assert.Equal(3, s.Requests);
        Assert.Equal(2, s.Pairs);                 // megan.bowen's primary and archive are one pair
        Assert.Equal(1, s.RefusedPairs);
        Assert.Equal(3, s.Settled);
        Assert.True(s.AllSettled);
        Assert.Equal(1244 + 422 + 4511, s.ItemsCopied);
        Assert.Equal(41, s.ItemsSkipped);
        Assert.Equal(1244 + 422 + 7940, s.EstimatedItems);
        Assert.Null(s.ItemsVerified);
        Assert.Equal(198180864L + 65011712 + 734003200, s.BytesCopied);
        Assert.Equal(198180864L + 65011712 + 1181116006, s.EstimatedBytes);
        Assert.Equal(new[] { "Completed", "Failed" }, s.ByStatus.Select(p => p.Key));
        Assert.Equal(new[] { 2, 1 }, s.ByStatus.Select(p => p.Value));
        Assert.Equal(ReportSamples.At(10, 2), s.FirstStarted);
        Assert.Equal(ReportSamples.At(11, 30), s.LastEnded);
        Assert.Equal(TimeSpan.FromMinutes(88), s.Span);
        Assert.Equal(TimeSpan.FromMinutes(85), s.Longest!.Duration);   // queued 10:05, never started, failed 11:30
        Assert.Equal(TimeSpan.FromSeconds((720 + 720 + 5100) / 3), s.AverageDuration);
        Assert.Equal(1, s.WithErrors);
    }

    [Fact]
    public void TheSameRequestTwiceIsOneRowWithTheLaterState()
    {
        var id = Guid.NewGuid();
        var started = ReportSamples.Completed(id);
        started.Status = OperationStatus.Queued;
        var finished = ReportSamples.Completed(id);
        var report = new RestoreReport(new[] { ReportRows.FromResult(started), ReportRows.FromResult(finished) }, ReportSamples.Context());
        Assert.Equal("Completed", Assert.Single(report.Requests).Status);
    }

    [Fact]
    public void AnUnfinishedBatchSaysSo()
    {
        var running = ReportSamples.Completed(Guid.NewGuid());
        running.Status = OperationStatus.InProgress;
        running.CompletedAt = null;
        running.PercentComplete = 40;
        var report = new RestoreReport(new[] { ReportRows.FromResult(ReportSamples.Completed(Guid.NewGuid())), ReportRows.FromResult(running) }, ReportSamples.Context());
        Assert.False(report.Summary.AllSettled);
        Assert.Equal("1 of 2 requests completed so far: 1 completed, 1 in progress.", HtmlReportWriter.StateSentence(report));
    }

    [Theory]
    [InlineData("report.html", "Html")]
    [InlineData("REPORT.HTM", "Html")]
    [InlineData("a/b/rows.csv", "Csv")]
    [InlineData("rows.Json", "Json")]
    public void TheExtensionPicksTheFormat(string path, string expected)
    {
        Assert.True(ReportFormats.TryFromPath(path, out var format));
        Assert.Equal(expected, format.ToString());
    }

    [Theory]
    [InlineData("report.txt")]
    [InlineData("report")]
    [InlineData("report.html.bak")]
    [InlineData("")]
    public void OtherExtensionsAreRefused(string path) => Assert.False(ReportFormats.TryFromPath(path, out _));
}

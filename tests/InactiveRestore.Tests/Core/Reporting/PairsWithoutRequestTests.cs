using System;
using System.Linq;
using InactiveRestore.Core.Reporting;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Core.Reporting;

/// <summary>Deferred pairs (not submitted yet) and refused pairs given as error records: never counted as requests.</summary>
public class PairsWithoutRequestTests
{
    private static RestoreResult Deferred(bool archive = false) => new()
    {
        RequestName = "IR-lee.gu-4e8790e6-" + (archive ? "Archive" : "Primary"),
        Source = "lee.gu", SourceExchangeGuid = ReportSamples.SourceB,
        Target = "allan.deyoung", TargetExchangeGuid = ReportSamples.TargetB,
        IsArchive = archive, BatchName = "Demo", Status = OperationStatus.Deferred, Success = false,
    };

    [Fact]
    public void DeferredRowsAreDeferredPairsNotRequests()
    {
        var report = new RestoreReport(new[]
        {
            ReportRows.FromResult(ReportSamples.Completed(Guid.NewGuid())),
            ReportRows.FromResult(Deferred()), ReportRows.FromResult(Deferred(archive: true)),
        }, ReportSamples.Context());
        Assert.Single(report.Requests);
        Assert.Equal(2, report.Deferred.Count);
        Assert.Equal(1, report.Summary.Requests);
        Assert.Equal(1, report.Summary.Pairs);
        Assert.Equal(1, report.Summary.DeferredPairs);
        Assert.True(report.Summary.AllSettled);
        Assert.Equal(new[] { "Request", "DeferredPair", "DeferredPair" }, report.Rows.Select(r => r.Record.ToString()));
        Assert.Equal("The request has completed: 1 completed. 1 pair is deferred: not submitted yet.", HtmlReportWriter.StateSentence(report));
        var html = HtmlReportWriter.Write(report);
        Assert.Contains("id=\"card-deferred\"", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<tr class=\"deferred-pair\"").Cast<object>());
        Assert.Contains("<td data-label=\"Parts\">Primary, Archive</td>", html);
    }

    [Fact]
    public void ADeferredRequestSubmittedSinceIsLeftOutAndADeferredRowGivenTwiceIsKeptOnce()
    {
        var submitted = Deferred();
        submitted.Status = OperationStatus.Queued;
        submitted.RequestId = Guid.NewGuid();
        var report = new RestoreReport(new[]
        {
            ReportRows.FromResult(Deferred()), ReportRows.FromResult(Deferred(archive: true)), ReportRows.FromResult(Deferred(archive: true)),
            ReportRows.FromResult(submitted),
        }, ReportSamples.Context());
        Assert.Single(report.Requests);
        Assert.Single(report.Deferred);
        Assert.Equal("Archive", report.Deferred[0].Kind);
    }

    [Fact]
    public void NothingButDeferredPairsSaysNoRequestYet()
    {
        var report = new RestoreReport(new[] { ReportRows.FromResult(Deferred()) }, ReportSamples.Context());
        Assert.False(report.IsEmpty);
        Assert.Equal("No restore request was made yet. 1 pair is deferred: not submitted yet.", HtmlReportWriter.StateSentence(report));
        Assert.True(new RestoreReport(Array.Empty<ReportRow>(), ReportSamples.Context()).IsEmpty);
    }

    [Fact]
    public void RefusalsOfOnePairFromSeveralRecordsAreOneRefusedPairWithEveryReason()
    {
        var report = new RestoreReport(new[]
        {
            ReportRows.FromRefusal("megan.bowenn", "debra.berger", "DR", "SourceNotFound: No inactive mailbox matches 'megan.bowenn'."),
            ReportRows.FromRefusal("Megan.Bowenn", "debra.berger", "DR", "TargetNotFound: nothing."),
            ReportRows.FromRefusal("megan.bowenn", "debra.berger", "DR", "SourceNotFound: No inactive mailbox matches 'megan.bowenn'."),
            ReportRows.FromRefusal("x", "y", null, "InvalidIdentity: bad."),
        }, ReportSamples.Context());
        Assert.Equal(2, report.Refused.Count);
        Assert.Equal(new[] { "SourceNotFound: No inactive mailbox matches 'megan.bowenn'.", "TargetNotFound: nothing." }, report.Refused[0].Errors);
        Assert.Equal("DR", report.Refused[0].BatchName);
        Assert.Equal(2, report.Summary.RefusedPairs);
        Assert.Equal(0, report.Summary.Requests);
    }

    [Fact]
    public void TheActionNeededIsAColumnAndANoteUnderTheRequest()
    {
        var failed = ReportSamples.Completed(Guid.NewGuid());
        failed.Status = OperationStatus.Failed;
        failed.ActionNeeded = "Resume-InactiveRestore -Identity 'x'";
        var report = new RestoreReport(new[] { ReportRows.FromResult(failed) }, ReportSamples.Context());
        Assert.Equal("Resume-InactiveRestore -Identity 'x'", ReportColumns.All.Single(c => c.Name == "ActionNeeded").Value(report.Requests[0]));
        Assert.Contains("<b>Action needed</b> Resume-InactiveRestore -Identity &#39;x&#39;", HtmlReportWriter.Write(report));
    }
}

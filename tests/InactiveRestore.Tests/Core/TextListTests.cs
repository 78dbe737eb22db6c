using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>The model's lists write themselves as one line (Export-Csv calls ToString of each property value).</summary>
public class TextListTests
{
    [Fact]
    public void ListPropertiesJoinTheirItemsWhateverListTheyWereGiven()
    {
        var r = new RestoreResult { Warnings = new List<string> { "first", "", "second" } };
        Assert.Equal("first; second", r.Warnings.ToString());
        r.Warnings.Add("third");
        Assert.Equal("first; second; third", r.Warnings.ToString());
        Assert.Equal("first; second; third", r.Clone().Warnings.ToString());
        r.Report = new List<RestoreReportEntry> { new(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc), "Informational", "Request processing started.") };
        Assert.Equal("2026-03-02T09:00:00Z Request processing started.", r.Report.ToString());
        var c = new RestoreCompletionResult { Requests = new[] { "IR-a-Primary", "IR-a-Archive" }.ToList() };
        Assert.Equal("IR-a-Primary; IR-a-Archive", c.Requests.ToString());
        Assert.Equal(string.Empty, new RestoreCompletionResult().Notes.ToString());
    }

    [Fact]
    public void ValidationListsAreShortTextAndCountable()
    {
        var v = new ValidationResult();
        v.Issues.Add(new ValidationIssue("SourceNotFound", ValidationSeverity.Error, "No inactive mailbox matches 'x'."));
        v.Issues.Add(new ValidationIssue("RetentionMayPurge", ValidationSeverity.Warning, "Old items may go."));
        v.Steps.Add(new PlannedStep(PlanStepKind.CreateRequest, "Create restore request 'IR-x'.", "New-MailboxRestoreRequest", "New-MailboxRestoreRequest -Name 'IR-x' -X @{Add='y'}", "IR-x", false));
        Assert.Equal("Error SourceNotFound: No inactive mailbox matches 'x'.", v.Errors.ToString());
        Assert.Single(v.Errors);
        Assert.Equal("New-MailboxRestoreRequest: Create restore request 'IR-x'.", v.Steps.ToString());
        Assert.DoesNotContain("@{", v.Commands.ToString());
        Assert.False(v.IsValid);
    }

    [Fact]
    public void DatesAreUtcIso8601WithZInAnyCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("2026-03-02T09:00:00Z", TextList.Date(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Unspecified)));
            var local = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc).ToLocalTime();
            Assert.Equal("2026-03-02T09:00:00Z", TextList.Date(local));
            Assert.Equal("1.5; 2026-03-02T09:00:00Z", TextList.Join(new object?[] { 1.5, null, new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc) }));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}

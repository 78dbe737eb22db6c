using System;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Commands;
using InactiveRestore.Core;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Core;

public class RestoreInputTests
{
    private static RestoreRequest Ok() => new() { SourceMailbox = " jsmith@contoso.com ", TargetMailbox = "{0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0}" };

    [Fact]
    public void ValidInputHasNoProblemsAndNormalizesIdentities()
    {
        var r = Ok();
        r.Name = "My restore";
        r.BatchName = "Wave 1";
        r.TargetRootFolder = "Restored/John";
        r.IncludeFolders = new[] { "Inbox", "#Inbox#/*", "Projects/2023/*" };
        Assert.Empty(RestoreInput.Check(r));
        Assert.Equal("jsmith@contoso.com", r.SourceMailbox);
        Assert.Equal("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", r.TargetMailbox);
    }

    [Theory]
    [InlineData("SourceMailbox", "InvalidIdentity")]
    [InlineData("TargetMailbox", "InvalidIdentity")]
    [InlineData("Name", "InvalidRequestName")]
    [InlineData("BatchName", "InvalidBatchName")]
    [InlineData("TargetRootFolder", "InvalidTargetRootFolder")]
    [InlineData("IncludeFolders", "InvalidFolderSpec")]
    [InlineData("ExcludeFolders", "InvalidFolderSpec")]
    public void EachBadValueIsOneProblemNamingItsParameterAndValue(string parameter, string errorId)
    {
        var r = Ok();
        object bad;
        switch (parameter)
        {
            case "SourceMailbox": r.SourceMailbox = "j*"; bad = "j*"; break;
            case "TargetMailbox": r.TargetMailbox = " "; bad = " "; break;
            case "Name": r.Name = @"a\b"; bad = @"a\b"; break;
            case "BatchName": r.BatchName = new string('b', 256); bad = r.BatchName; break;
            case "TargetRootFolder": r.TargetRootFolder = "Restored/*"; bad = "Restored/*"; break;
            case "IncludeFolders": r.IncludeFolders = new[] { "Inbox", "Inbox//Old" }; bad = "Inbox//Old"; break;
            default: r.ExcludeFolders = new[] { @"Inbox\Old" }; bad = @"Inbox\Old"; break;
        }
        var p = Assert.Single(RestoreInput.Check(r));
        Assert.Equal(errorId, p.ErrorId);
        Assert.Equal(parameter, p.ParamName);
        Assert.Equal(bad, p.Value);
        var record = ErrorRecordFactory.Create(p);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Equal(bad, record.TargetObject);
    }

    [Fact]
    public void SeveralProblemsAreAllReported()
    {
        var r = new RestoreRequest { SourceMailbox = "", TargetMailbox = "x?", Name = "a\tb" };
        Assert.Equal(new[] { "InvalidIdentity", "InvalidIdentity", "InvalidRequestName" }, RestoreInput.Check(r).Select(p => p.ErrorId));
    }

    [Theory]
    [InlineData(null, "must not be empty")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a\nb", "control")]
    public void BatchNameRules(string? name, string why) => Assert.Contains(why, RestoreInput.CheckBatchName(name));

    [Fact]
    public void BatchNameAtTheLimitIsValid() => Assert.Null(RestoreInput.CheckBatchName(new string('b', RestoreInput.MaxBatchNameLength)));

    [Fact]
    public void OnlyKeepSourceItemAndUpdateFromSourceNeedConsent()
    {
        var needing = Enum.GetValues(typeof(ConflictResolutionOption)).Cast<ConflictResolutionOption>().Where(RestoreInput.ReplacesTargetItems);
        Assert.Equal(new[] { ConflictResolutionOption.KeepSourceItem, ConflictResolutionOption.UpdateFromSource }, needing);
    }

    [Theory]
    [InlineData(ValidationCodes.SourceNotFound, ErrorCategory.ObjectNotFound, "source")]
    [InlineData(ValidationCodes.SourceNotInactive, ErrorCategory.InvalidArgument, "source")]
    [InlineData(ValidationCodes.SourceAmbiguous, ErrorCategory.InvalidArgument, "source")]
    [InlineData(ValidationCodes.TargetNotFound, ErrorCategory.ObjectNotFound, "target")]
    [InlineData(ValidationCodes.TargetInactive, ErrorCategory.InvalidArgument, "target")]
    [InlineData(ValidationCodes.TargetAmbiguous, ErrorCategory.InvalidArgument, "target")]
    [InlineData(ValidationCodes.TargetIsSource, ErrorCategory.InvalidArgument, "pair")]
    [InlineData(ValidationCodes.InsufficientSpace, ErrorCategory.ResourceUnavailable, "pair")]
    [InlineData(ValidationCodes.DuplicateRequest, ErrorCategory.ResourceExists, "pair")]
    [InlineData(ValidationCodes.NameSlotsExhausted, ErrorCategory.ResourceExists, "pair")]
    [InlineData(ValidationCodes.AutoExpandingArchive, ErrorCategory.InvalidOperation, "pair")]
    [InlineData(ValidationCodes.TargetLacksArchive, ErrorCategory.InvalidOperation, "pair")]
    [InlineData(ValidationCodes.InvalidFolderSpec, ErrorCategory.InvalidArgument, "pair")]
    public void ValidationErrorsBecomeRecordsWithCodeCategoryTargetAndRemedy(string code, ErrorCategory category, string target)
    {
        var request = new RestoreRequest { SourceMailbox = "src", TargetMailbox = "tgt" };
        var issue = new ValidationIssue(code, ValidationSeverity.Error, "It is wrong.", "Fix it.");
        var record = ValidationErrors.ErrorRecordFor(issue, request);
        Assert.Equal(code, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal(target switch { "source" => "src", "target" => (object)"tgt", _ => request }, record.TargetObject);
        Assert.Equal("It is wrong. Fix it.", record.ErrorDetails.Message);
        Assert.Equal("Fix it.", record.ErrorDetails.RecommendedAction);
        Assert.Same(issue, Assert.IsType<RestoreValidationException>(record.Exception).Issue);
    }

    [Fact]
    public void ConsentRecordNamesThePairAndTheWayOut()
    {
        var request = new RestoreRequest { SourceMailbox = "src", TargetMailbox = "tgt", ConflictResolution = ConflictResolutionOption.UpdateFromSource };
        var record = ValidationErrors.ConsentRequired(request);
        Assert.Equal("OverwriteConsentRequired", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, record.CategoryInfo.Category);
        Assert.Same(request, record.TargetObject);
        Assert.Contains("UpdateFromSource", record.ErrorDetails.Message);
        Assert.Contains("src -> tgt", record.ErrorDetails.Message);
        Assert.Contains("-Force", record.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void PlanTextListsEveryCommandWithThePrefixAndNarrationNamesTheRequests()
    {
        var t = new Tenant(archives: true);
        var request = t.Request();
        request.EnableRetentionHold = true;
        var v = t.Plan(request);
        Assert.True(v.IsValid, string.Join("\n", v.Findings.Issues));
        var text = RestoreNarration.DescribePlan(v, "Contoso");
        var lines = text.Split(new[] { Environment.NewLine }, StringSplitOptions.None);
        Assert.Equal("Restore 'John Smith' into 'jdoe@contoso.com' by running:", lines[0]);
        Assert.StartsWith("  Set-ContosoMailbox -Identity", lines[1]);
        Assert.Contains("-EmailAddresses @{Add='X500:", lines[1]);
        Assert.Contains("-RetentionHoldEnabled $true", lines[2]);
        Assert.StartsWith("  New-ContosoMailboxRestoreRequest -SourceMailbox '" + t.Source.ExchangeGuid + "'", lines[3]);
        Assert.Contains("-SourceIsArchive -TargetIsArchive", lines[4]);
        Assert.Equal(5, lines.Length);

        var results = t.Run(v);
        var said = RestoreNarration.Submitted(v, results);
        var planned = v.Findings.PlannedRequests;
        Assert.Equal($"Restore of John Smith into jdoe@contoso.com submitted as {planned[0].Name} (primary), {planned[1].Name} (archive).", said);

        var again = t.Plan(t.Request());
        Assert.DoesNotContain("New-", RestoreNarration.DescribePlan(again, null).Replace("nothing to run", ""));
        var reused = t.Run(again);
        Assert.StartsWith("Restore of John Smith into jdoe@contoso.com already submitted as " + planned[0].Name + " (primary), ", RestoreNarration.Submitted(again, reused));
    }

    [Fact]
    public void RefusalNamesThePairAndEachCodeOnce() =>
        Assert.Equal("Restore of src into tgt not started: SourceNotFound, InsufficientSpace.",
            RestoreNarration.Refused(new RestoreRequest { SourceMailbox = "src", TargetMailbox = "tgt" }, new[] { "SourceNotFound", "InsufficientSpace", "SourceNotFound" }));

    [Fact]
    public void ValidationResultShowsSourceAndTargetResolvedOrAsGiven()
    {
        var t = new Tenant();
        var v = t.Validate(t.Request());
        Assert.Equal($"John Smith ({t.Source.ExchangeGuid})", v.Source);
        Assert.Equal("jdoe@contoso.com", v.Target);
        var missing = t.Validate(new RestoreRequest { SourceMailbox = "nobody", TargetMailbox = "jdoe" });
        Assert.Equal("nobody", missing.Source);
        Assert.Equal("jdoe@contoso.com", missing.Target);
        Assert.Equal("src -> tgt", new RestoreRequest { SourceMailbox = "src", TargetMailbox = "tgt" }.ToString());
    }
}

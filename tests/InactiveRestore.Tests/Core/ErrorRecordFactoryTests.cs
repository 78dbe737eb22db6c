using System;
using System.Management.Automation;
using System.Text.RegularExpressions;
using InactiveRestore.Commands;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Core;

public class ErrorRecordFactoryTests
{
    [Theory]
    [InlineData(ExchangeErrorKind.NotConnected, "ExchangeNotConnected", ErrorCategory.OpenError, true)]
    [InlineData(ExchangeErrorKind.SessionExpired, "ExchangeSessionExpired", ErrorCategory.AuthenticationError, true)]
    [InlineData(ExchangeErrorKind.NotFound, "ExchangeObjectNotFound", ErrorCategory.ObjectNotFound, false)]
    [InlineData(ExchangeErrorKind.Ambiguous, "ExchangeAmbiguousIdentity", ErrorCategory.InvalidArgument, false)]
    [InlineData(ExchangeErrorKind.Transient, "ExchangeTransientFailure", ErrorCategory.ResourceBusy, false)]
    [InlineData(ExchangeErrorKind.Permanent, "ExchangePermanentFailure", ErrorCategory.InvalidOperation, false)]
    public void MapsKinds(object kindArg, string errorId, ErrorCategory category, bool terminating)
    {
        var kind = (ExchangeErrorKind)kindArg;
        var e = new ExchangeException(kind, "Exchange says no.", "Get-Mailbox", "jo");
        var r = ErrorRecordFactory.Create(e);
        Assert.Equal(errorId, r.FullyQualifiedErrorId);
        Assert.Equal(category, r.CategoryInfo.Category);
        Assert.Equal("jo", r.TargetObject);
        Assert.Equal(terminating, ErrorRecordFactory.IsTerminating(e));
        Assert.Contains("Exchange says no.", r.ErrorDetails.Message);
    }

    [Fact]
    public void NotConnectedTellsHowToConnect()
    {
        var r = ErrorRecordFactory.Create(new ExchangeException(ExchangeErrorKind.NotConnected, "No connection.", "Get-ConnectionInformation"));
        Assert.Contains("Connect-ExchangeOnline", r.ErrorDetails.Message);
        // The shipped module has no simulator: its messages name only Exchange Online's own command.
        Assert.DoesNotContain("Connect-ExchangeSimulator", r.ErrorDetails.Message + r.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void SessionExpiredSaysReconnectAndRerun()
    {
        var r = ErrorRecordFactory.Create(new ExchangeException(ExchangeErrorKind.SessionExpired, "Access token has expired.", "Get-Mailbox"));
        Assert.Contains("re-run the same command", r.ErrorDetails.Message);
    }

    [Fact]
    public void ShowsExchangeTextWithoutThePrefix()
    {
        var e = new ExchangeException(ExchangeErrorKind.NotFound, "Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|Object 'x' couldn't be found.", "Get-Mailbox", "x");
        Assert.Equal("Object 'x' couldn't be found.", ErrorRecordFactory.Create(e).ErrorDetails.Message);
    }

    [Fact]
    public void InvalidInputUsesItsErrorIdAndValue()
    {
        var r = ErrorRecordFactory.Create(new InvalidInputException("InvalidIdentity", "Identity", "jo*", "Wildcards are not taken."));
        Assert.Equal("InvalidIdentity", r.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, r.CategoryInfo.Category);
        Assert.Equal("jo*", r.TargetObject);
    }

    // QA: "Remedies are printed twice (message + Recommendation)". PowerShell 7's default view (ConciseView) prints
    // ErrorDetails.RecommendedAction on a "Recommendation:" line of its own; Windows PowerShell 5.1 and NormalView print
    // the message only. What the screen shows is the message, plus the recommendation under ConciseView/DetailedView.
    private static string Screen(ErrorRecord r, bool viewShowsRecommendation) =>
        viewShowsRecommendation ? r.ErrorDetails.Message + "\n  Recommendation: " + r.ErrorDetails.RecommendedAction : r.ErrorDetails.Message;

    private static int Count(string text, string part) => Regex.Matches(text, Regex.Escape(part)).Count;

    [Theory]
    [InlineData("ConciseView", true)]
    [InlineData("conciseview", true)]
    [InlineData("DetailedView", true)]
    [InlineData("NormalView", false)]
    [InlineData("CategoryView", false)]
    [InlineData(null, false)]
    public void OnlyTheViewsThatPrintRecommendedActionTakeTheRemedyOutOfTheMessage(string? view, bool shows) =>
        Assert.Equal(shows, ErrorRecordFactory.ViewShowsRecommendation(view is null ? null : new PSObject(view)));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AValidationErrorSaysItsRemedyOnceOnScreenAndKeepsItForScripts(bool apart)
    {
        var request = new RestoreRequest { SourceMailbox = "nobody.here", TargetMailbox = "adele.vance" };
        var issue = new ValidationIssue(ValidationCodes.SourceNotFound, ValidationSeverity.Error, "No inactive mailbox matches 'nobody.here'.",
            "Check the identity with Get-InactiveMailbox; a mailbox without a hold is purged 30 days after its deletion.");
        var r = ValidationErrors.ErrorRecordFor(issue, request, apart);
        Assert.Equal(issue.Remedy, r.ErrorDetails.RecommendedAction);
        Assert.Equal(1, Count(Screen(r, apart), "Check the identity with Get-InactiveMailbox"));
        Assert.StartsWith(issue.Message, r.ErrorDetails.Message);
        // The exception keeps both (a catch block logging $_.Exception.Message loses nothing).
        Assert.Equal(issue.Message + " " + issue.Remedy, r.Exception.Message);
    }

    [Theory]
    [InlineData(ExchangeErrorKind.NotConnected, "There is no Exchange Online connection in this session.", "Connect-ExchangeOnline")]
    [InlineData(ExchangeErrorKind.SessionExpired, "Access token has expired.", "Connect-ExchangeOnline")]
    [InlineData(ExchangeErrorKind.Transient, "Server Busy", "run the same command again later")]
    public void AnExchangeErrorSaysItsRemedyOnce(object kindArg, string text, string remedyPart)
    {
        foreach (var apart in new[] { true, false })
        {
            var r = ErrorRecordFactory.Create(new ExchangeException((ExchangeErrorKind)kindArg, text, "Get-Mailbox"), remedyShownApart: apart);
            Assert.Contains(remedyPart, r.ErrorDetails.RecommendedAction);
            Assert.Equal(1, Count(Screen(r, apart), remedyPart));
            Assert.Contains(text, r.ErrorDetails.Message);
        }
    }

    [Fact]
    public void ARequestStateErrorAndTheConsentErrorSayTheirRemedyOnce()
    {
        var state = new RequestStateException(RequestStateException.NotFinished, @"jdoe\IR-x", "Restore request 'IR-x' is still Queued.", "Use Stop-InactiveRestore to cancel it.");
        var consent = (Func<bool, ErrorRecord>)(a => ValidationErrors.ConsentRequired(new RestoreRequest { SourceMailbox = "src", TargetMailbox = "tgt", ConflictResolution = ConflictResolutionOption.UpdateFromSource }, a));
        foreach (var apart in new[] { true, false })
        {
            var r = ErrorRecordFactory.Create(state, remedyShownApart: apart);
            Assert.Equal("Use Stop-InactiveRestore to cancel it.", r.ErrorDetails.RecommendedAction);
            Assert.Equal(1, Count(Screen(r, apart), "Stop-InactiveRestore"));
            var c = consent(apart);
            Assert.Contains("-Force", c.ErrorDetails.RecommendedAction);
            Assert.Equal(1, Count(Screen(c, apart), "Add -Force to consent"));
        }
    }
}

using System.Management.Automation;
using InactiveRestore.Commands;
using InactiveRestore.Exchange;
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
}

using System;
using System.Management.Automation;
using InactiveRestore.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Exchange;

public class ExchangeErrorClassifierTests
{
    [Theory]
    [InlineData("Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'x' couldn't be found on 'AM0PR01A001.PROD.OUTLOOK.COM'.", ExchangeErrorKind.NotFound)]
    [InlineData("Ex2C7F1E|Microsoft.Exchange.Data.Directory.Recipient.RecipientNotFoundException|Couldn't find object \"jo@contoso.com\".", ExchangeErrorKind.NotFound)]
    [InlineData("|Microsoft.Exchange.Management.RecipientTasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'x' couldn't be found.", ExchangeErrorKind.NotFound)]
    [InlineData("ExB8BD5C|Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException|The operation couldn't be performed because 'Jo' matches multiple entries.", ExchangeErrorKind.Ambiguous)]
    [InlineData("Ex7DE48E|Microsoft.Exchange.Data.Storage.ServerBusyException|The server is busy. Please try again later.", ExchangeErrorKind.Transient)]
    [InlineData("Ex0A1B2C|Microsoft.Exchange.MailboxReplicationService.ConnectionFailedTransientException|Couldn't connect to the source mailbox.", ExchangeErrorKind.Transient)]
    [InlineData("ExA1B2C3|System.TimeoutException|The operation has timed out.", ExchangeErrorKind.Transient)]
    [InlineData("ExA1B2C4|Microsoft.Exchange.Configuration.Tasks.TaskException|Micro delay applied. Actual delay: 1500 msecs.", ExchangeErrorKind.Transient)]
    [InlineData("The remote server returned an error: (429) Too Many Requests.", ExchangeErrorKind.Transient)]
    [InlineData("The operation has timed out", ExchangeErrorKind.Transient)]
    [InlineData("The server is busy, try again later.", ExchangeErrorKind.Transient)]
    [InlineData("ExD1E2F3|System.UnauthorizedAccessException|Access token has expired.", ExchangeErrorKind.SessionExpired)]
    [InlineData("The remote server returned an error: (401) Unauthorized.", ExchangeErrorKind.SessionExpired)]
    [InlineData("Access token has expired or is not yet valid.", ExchangeErrorKind.SessionExpired)]
    [InlineData("Ex94914C|Microsoft.Exchange.MailboxReplicationService.NameMustBeUniquePermanentException|The name must be unique per mailbox.", ExchangeErrorKind.Permanent)]
    [InlineData("ExC0FFEE|Microsoft.Exchange.MailboxReplicationService.NoAvailableDefaultNamePermanentException|Couldn't find an available default name.", ExchangeErrorKind.Permanent)]
    [InlineData("Ex9B1C2D|Microsoft.Exchange.Configuration.Tasks.TaskInvalidOperationException|The source mailbox doesn't have an archive.", ExchangeErrorKind.Permanent)]
    [InlineData("Something else went wrong.", ExchangeErrorKind.Permanent)]
    [InlineData("ExAB12CD|Microsoft.Exchange.Configuration.Tasks.RecipientTaskException|The timeout value must be positive; reconnect the archive first.", ExchangeErrorKind.Permanent)]
    [InlineData("ExAB12CE|Microsoft.Exchange.Management.RestApiClient.RestApiUnauthorizedException|401 Unauthorized: the access token expired at 2026-03-02 10:00:00Z. Run Connect-ExchangeOnline to sign in again.", ExchangeErrorKind.SessionExpired)]
    [InlineData("Ex7DE48F|Microsoft.Exchange.Data.Storage.ServerBusyException|The server is busy. Too many requests were sent (micro delay 12 seconds applied). Try again later.", ExchangeErrorKind.Transient)]
    [InlineData("ExAB12CF|Microsoft.Exchange.MailboxReplicationService.TooManyBadItemsPermanentException|Too many bad items were encountered.", ExchangeErrorKind.Permanent)]
    [InlineData("ExAB12D0|Microsoft.Exchange.MailboxReplicationService.SourceMailboxAlreadyBeingMovedTransientException|The mailbox is already being moved.", ExchangeErrorKind.Transient)]
    [InlineData("Object 'x' couldn't be found.", ExchangeErrorKind.NotFound)]
    public void ClassifiesRealMessageForms(string message, object expectedArg)
    {
        var expected = (ExchangeErrorKind)expectedArg;
        Assert.Equal(expected, ExchangeErrorClassifier.Classify(message));
    }

    [Fact]
    public void ParsesCodeTypeAndText()
    {
        var m = ExchangeErrorMessage.Parse("Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'a|b' couldn't be found on 'server'.");
        Assert.Equal("Ex6F9304", m.Code);
        Assert.Equal("ManagementObjectNotFoundException", m.ServerExceptionType);
        Assert.Equal("The operation couldn't be performed because object 'a|b' couldn't be found on 'server'.", m.Text);
    }

    [Fact]
    public void PlainTextHasNoType()
    {
        var m = ExchangeErrorMessage.Parse("plain text");
        Assert.Null(m.ServerExceptionType);
        Assert.Equal("plain text", m.Text);
    }

    [Fact]
    public void ErrorRecordBecomesTypedExceptionWithExchangeText()
    {
        var er = new ErrorRecord(new Exception("Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|Object 'x' couldn't be found on 'server'."),
            "[Server=AM0PR01,RequestId=1],Get-Mailbox", ErrorCategory.NotSpecified, "x");
        var e = ExchangeErrorClassifier.FromErrorRecord(er, "Get-Mailbox", "x");
        Assert.Equal(ExchangeErrorKind.NotFound, e.Kind);
        Assert.Equal("ManagementObjectNotFoundException", e.ServerExceptionType);
        Assert.Equal("Object 'x' couldn't be found on 'server'.", e.Message);
        Assert.Equal("Get-Mailbox", e.Command);
        Assert.Equal("x", e.Target);
        Assert.Same(er, e.ErrorRecord);
    }

    [Fact]
    public void ClrExceptionsInTheChainDecide()
    {
        Assert.Equal(ExchangeErrorKind.Transient, ExchangeErrorClassifier.FromException(new RuntimeException("wrapped", new TimeoutException("The operation has timed out.")), "Get-Mailbox").Kind);
        Assert.Equal(ExchangeErrorKind.SessionExpired, ExchangeErrorClassifier.FromException(new RuntimeException("wrapped", new UnauthorizedAccessException("nope")), "Get-Mailbox").Kind);
        Assert.Equal(ExchangeErrorKind.Permanent, ExchangeErrorClassifier.FromException(new RuntimeException("boom"), "Get-Mailbox").Kind);
    }
}

public class RetryAfterHintTests
{
    [Theory]
    // The simulator's ServerBusyException text.
    [InlineData("The server is busy. Too many requests were sent (micro delay 31 seconds applied). Try again later.", 31000.0)]
    // Exchange Online PowerShell's micro-delay warning/error ("Micro delay applied. Actual delayed: <X> msecs").
    [InlineData("Micro delay applied. Actual delayed: 31000 msecs, Enforced", 31000.0)]
    [InlineData("Micro delay applied. Actual delay: 1500 msecs.", 1500.0)]
    // HTTP 429/503 text of the REST module, with the Retry-After header echoed.
    [InlineData("The remote server returned an error: (429) Too Many Requests. Retry-After: 31", 31000.0)]
    [InlineData("Too many requests. Retry-After: 2.5 seconds", 2500.0)]
    [InlineData("The server is busy, try again in 31 seconds.", 31000.0)]
    [InlineData("Request was throttled. Please retry after 2 minutes.", 120000.0)]
    [InlineData("Throttling detected; server requested to back off for 315s", 315000.0)]
    // Several forms: the longest wait wins.
    [InlineData("Micro delay applied. Actual delayed: 500 msecs. Retry-After: 3", 3000.0)]
    public void ReadsTheWaitExchangeAsksFor(string text, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ExchangeErrorClassifier.ParseRetryAfter(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("The server is busy. Please try again later.")]
    [InlineData("The operation has timed out.")]
    [InlineData("Micro delay applied. Actual delayed: 0 msecs")]
    [InlineData("The remote server returned an error: (429) Too Many Requests.")]
    public void NoWaitNamedMeansNoHint(string? text)
    {
        Assert.Null(ExchangeErrorClassifier.ParseRetryAfter(text));
    }

    [Fact]
    public void TransientErrorsCarryTheHintOthersDoNot()
    {
        var busy = ExchangeErrorClassifier.FromException(new InvalidOperationException(
            "Ex7DE48F|Microsoft.Exchange.Data.Storage.ServerBusyException|The server is busy. Too many requests were sent (micro delay 31 seconds applied). Try again later."), "Get-Mailbox");
        Assert.Equal(ExchangeErrorKind.Transient, busy.Kind);
        Assert.Equal(TimeSpan.FromSeconds(31), busy.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(31), busy.With(false, 3).RetryAfter);

        var permanent = new ExchangeException(ExchangeErrorKind.Permanent, "Retry-After: 31", "Get-Mailbox");
        Assert.Null(permanent.RetryAfter);
    }
}

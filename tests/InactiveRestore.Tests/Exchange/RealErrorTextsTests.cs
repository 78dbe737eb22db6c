using System;
using System.Collections.Generic;
using System.Management.Automation;
using InactiveRestore.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Exchange;

/// <summary>The error and warning texts Exchange Online really writes (contract §10): classification, reason, advice, retries.</summary>
public class RealErrorTextsTests
{
    private const string MicroDelayWarning =
        "Micro delay applied. Actual delayed: 1500 msecs, Enforced: True, Capped delay: 1500 msecs, Required: True, Additional info: Resource=MDB;.";
    private const string Replication =
        "Ex4215D1|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'jo' couldn't be read from domain controller 'AM0PR01DC001.PROD.OUTLOOK.COM'. This may be due to replication delays.";
    private const string GetResponseHeader =
        "Method invocation failed because [System.Net.Http.HttpResponseMessage] does not contain a method named 'GetResponseHeader'.";

    [Theory]
    [InlineData("An error occurred while sending the request.", ExchangeErrorKind.Transient, ExchangeErrorReason.Network)]
    [InlineData("||An error occurred while sending the request.", ExchangeErrorKind.Transient, ExchangeErrorReason.Network)]
    [InlineData("No such host is known. (outlook.office365.com:443)", ExchangeErrorKind.Transient, ExchangeErrorReason.Network)]
    [InlineData("Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.", ExchangeErrorKind.Transient, ExchangeErrorReason.Network)]
    [InlineData("The SSL connection could not be established, see inner exception.", ExchangeErrorKind.Transient, ExchangeErrorReason.Network)]
    [InlineData("Expired or Invalid pagination request. Default Expiry time is 00:30:00", ExchangeErrorKind.Transient, ExchangeErrorReason.PaginationExpired)]
    [InlineData("|System.Management.Automation.RemoteException|Expired or Invalid pagination request. Default Expiry time is 00:30:00", ExchangeErrorKind.Transient, ExchangeErrorReason.PaginationExpired)]
    [InlineData(Replication, ExchangeErrorKind.NotFound, ExchangeErrorReason.ReplicationDelay)]
    [InlineData("The object 'jo' couldn't be read from domain controller 'DC1'. This may be due to replication delays.", ExchangeErrorKind.NotFound, ExchangeErrorReason.ReplicationDelay)]
    [InlineData(GetResponseHeader, ExchangeErrorKind.SessionExpired, ExchangeErrorReason.TokenRejected)]
    [InlineData("Response status code does not indicate success: 401 (Unauthorized).", ExchangeErrorKind.SessionExpired, ExchangeErrorReason.TokenRejected)]
    [InlineData("|System.Net.Http.HttpRequestException|Response status code does not indicate success: 401 (Unauthorized).", ExchangeErrorKind.SessionExpired, ExchangeErrorReason.TokenRejected)]
    [InlineData("|System.Net.Http.HttpRequestException|Response status code does not indicate success: 502 (Bad Gateway).", ExchangeErrorKind.Transient, ExchangeErrorReason.None)]
    [InlineData("Method invocation failed because [System.String] does not contain a method named 'Foo'.", ExchangeErrorKind.Permanent, ExchangeErrorReason.None)]
    [InlineData("||The user couldn't be found.", ExchangeErrorKind.NotFound, ExchangeErrorReason.None)]
    [InlineData("Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'x' couldn't be found on 'AM0PR01A001.PROD.OUTLOOK.COM'.", ExchangeErrorKind.NotFound, ExchangeErrorReason.None)]
    [InlineData("| System.InvalidOperationException | The operation couldn't be performed because the mailbox is being moved.", ExchangeErrorKind.Permanent, ExchangeErrorReason.None)]
    [InlineData("ExA1B2C4|Microsoft.Exchange.Configuration.Tasks.TaskException|" + MicroDelayWarning, ExchangeErrorKind.Transient, ExchangeErrorReason.Throttled)]
    public void ClassifiesExchangeOnlineTexts(string message, object kindValue, object reasonValue)
    {
        // object parameters: the enums are internal to the module (a public test method cannot take them).
        var kind = (ExchangeErrorKind)kindValue;
        var reason = (ExchangeErrorReason)reasonValue;
        Assert.Equal(kind, ExchangeErrorClassifier.Classify(message));
        var text = ExchangeErrorMessage.Parse(message).Text;
        Assert.Equal(reason, new ExchangeException(kind, text, "Get-Mailbox").Reason);
    }

    [Theory]
    [InlineData("||The user couldn't be found.", null, null, "The user couldn't be found.")]
    [InlineData("| System.InvalidOperationException | The operation couldn't be performed.", null, "InvalidOperationException", "The operation couldn't be performed.")]
    [InlineData(" Ex12AB34 | Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException |  Object 'x' wasn't found. ", "Ex12AB34", "ManagementObjectNotFoundException", "Object 'x' wasn't found.")]
    [InlineData("Ex12AB34||Something failed.", "Ex12AB34", null, "Something failed.")]
    [InlineData("A sentence with a|pipe|inside.", null, null, "A sentence with a|pipe|inside.")]
    public void ParsesEmptyAndPaddedFields(string message, string? code, string? type, string text)
    {
        var m = ExchangeErrorMessage.Parse(message);
        Assert.Equal(code, m.Code);
        Assert.Equal(type, m.ServerExceptionType);
        Assert.Equal(text, m.Text);
    }

    [Fact]
    public void ErrorRecordWithEmptyFieldsKeepsExchangesWords()
    {
        var er = new ErrorRecord(new Exception("||The user couldn't be found."), "x", ErrorCategory.NotSpecified, null);
        var e = ExchangeErrorClassifier.FromErrorRecord(er, "Get-Mailbox", "jo");
        Assert.Equal(ExchangeErrorKind.NotFound, e.Kind);
        Assert.Equal("The user couldn't be found.", e.Message);
        var padded = ExchangeErrorClassifier.FromErrorRecord(
            new ErrorRecord(new Exception("| System.InvalidOperationException | The operation couldn't be performed."), "x", ErrorCategory.NotSpecified, null), "Set-Mailbox");
        Assert.Equal("InvalidOperationException", padded.ServerExceptionType);
        Assert.Equal("The operation couldn't be performed.", padded.Message);
    }

    [Fact]
    public void HttpRequestExceptionIsTransientNetwork()
    {
        var e = ExchangeErrorClassifier.FromException(
            new RuntimeException("outer", new System.Net.Http.HttpRequestException("An error occurred while sending the request.")), "Get-Mailbox");
        Assert.Equal(ExchangeErrorKind.Transient, e.Kind);
        Assert.Equal(ExchangeErrorReason.Network, e.Reason);
    }

    [Theory]
    [InlineData(MicroDelayWarning, 1500)]
    [InlineData("Micro delay applied. Actual delayed: 0 msecs, Enforced: False, Capped delay: 21000 msecs, Required: False, Additional info: .", 0)]
    public void MicroDelayWarningIsPacing(string warning, int milliseconds)
    {
        Assert.True(ExchangeErrorClassifier.TryParseMicroDelayWarning(warning, out var delay));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), delay);
        Assert.False(ExchangeErrorClassifier.TryParseMicroDelayWarning("By default, only the first 1000 items are returned.", out _));
    }

    [Fact]
    public void AdviceNamesConnectExchangeOnlineOnly()
    {
        foreach (var e in new[]
                 {
                     new ExchangeException(ExchangeErrorKind.SessionExpired, GetResponseHeader, "Get-Mailbox"),
                     new ExchangeException(ExchangeErrorKind.NotConnected, "There is no Exchange Online connection in this session.", "Get-ConnectionInformation"),
                 })
        {
            Assert.Contains("Connect-ExchangeOnline", e.Advice);
            Assert.DoesNotContain("Simulator", e.Advice);
        }
        Assert.Contains("refused", new ExchangeException(ExchangeErrorKind.SessionExpired, GetResponseHeader, "Get-Mailbox").Advice);
        Assert.Contains("network", new ExchangeException(ExchangeErrorKind.Transient, "An error occurred while sending the request.", "Get-Mailbox").Advice);
        Assert.Contains("paged read", new ExchangeException(ExchangeErrorKind.Transient, "Expired or Invalid pagination request. Default Expiry time is 00:30:00", "Get-Mailbox").Advice);
        Assert.Contains("not known whether Set-Mailbox was applied",
            new ExchangeException(ExchangeErrorKind.Transient, "An error occurred while sending the request.", "Set-Mailbox") { OutcomeUnknown = true }.Advice);
        Assert.Contains("replication", ExchangeErrorClassifier.AdviceFor(new ExchangeException(ExchangeErrorKind.NotFound, Replication, "Get-Mailbox")));
        Assert.Null(new ExchangeException(ExchangeErrorKind.NotFound, "Object 'x' couldn't be found.", "Get-Mailbox").Advice);
    }

    [Fact]
    public void WithKeepsTheReason()
    {
        var e = new ExchangeException(ExchangeErrorKind.Transient, "An error occurred while sending the request.", "Get-Mailbox");
        Assert.Equal(ExchangeErrorReason.Network, e.With(true, 3, "other words").Reason);
    }

    // ---- retry policy ----

    private readonly List<TimeSpan> _slept = new();
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private RetryPolicy Policy(int attempts = 5) => new()
    {
        MaxAttempts = attempts,
        BaseDelay = TimeSpan.FromSeconds(2),
        MaxDelay = TimeSpan.FromSeconds(60),
        Jitter = () => 1.0,
        Clock = () => _now,
        Delay = (d, ct) => { ct.ThrowIfCancellationRequested(); _slept.Add(d); _now += d; },
    };

    private static ExchangeException Error(ExchangeErrorKind kind, string message, string command = "Get-Mailbox") =>
        new(kind, ExchangeErrorMessage.Parse(message).Text, command, "jo", ExchangeErrorMessage.Parse(message).ServerExceptionType);

    private static IReadOnlyList<PSObject> One() => new[] { new PSObject("ok") };

    [Fact]
    public void ReplicationNotFoundIsRetriedBeforeCallingItMissing()
    {
        var calls = 0;
        var events = new List<ExchangeRetryEventArgs>();
        var result = Policy().Execute(new ExchangeCommand("Get-Mailbox"), () => { if (++calls < 3) throw Error(ExchangeErrorKind.NotFound, Replication); return One(); },
            onRetry: events.Add);
        Assert.Single(result);
        Assert.Equal(3, calls);
        Assert.Equal(new[] { 2.0, 4.0 }, _slept.ConvertAll(d => d.TotalSeconds));
        Assert.Contains("replication", events[0].Message);
        Assert.Equal(4, events[0].MaxAttempts);
    }

    [Fact]
    public void ReplicationNotFoundIsBounded()
    {
        var calls = 0;
        var e = Assert.Throws<ExchangeException>(() => Policy().Execute(new ExchangeCommand("Get-Mailbox"), () => { calls++; throw Error(ExchangeErrorKind.NotFound, Replication); }));
        Assert.Equal(4, calls);
        Assert.Equal(ExchangeErrorKind.NotFound, e.Kind);
        Assert.Equal(4, e.Attempts);
        Assert.Contains("still not readable after 4 attempts over 14 s", e.Message);
        Assert.Equal(ExchangeErrorReason.ReplicationDelay, e.Reason);
    }

    [Fact]
    public void PlainNotFoundIsNotRetried()
    {
        var calls = 0;
        Assert.Throws<ExchangeException>(() => Policy().Execute(new ExchangeCommand("Get-Mailbox"),
            () => { calls++; throw Error(ExchangeErrorKind.NotFound, "||The user couldn't be found."); }));
        Assert.Equal(1, calls);
        Assert.Empty(_slept);
    }

    [Fact]
    public void ReplicationNotFoundOfAChangeRunsTheCheckBeforeSendingAgain()
    {
        var sent = 0;
        var checks = 0;
        var result = Policy().Execute(new ExchangeCommand("Set-Mailbox").Param("Identity", "jo"),
            () => { if (++sent < 3) throw Error(ExchangeErrorKind.NotFound, Replication, "Set-Mailbox"); return One(); },
            new ExchangeCallOptions { AlreadyApplied = () => { checks++; return false; } });
        Assert.Single(result);
        Assert.Equal(3, sent);
        Assert.Equal(2, checks);
    }

    [Fact]
    public void PaginationExpiryRestartsTheRead()
    {
        var calls = 0;
        var events = new List<ExchangeRetryEventArgs>();
        var result = Policy().Execute(new ExchangeCommand("Get-MailboxRestoreRequest"),
            () => { if (++calls == 1) throw Error(ExchangeErrorKind.Transient, "Expired or Invalid pagination request. Default Expiry time is 00:30:00"); return One(); },
            onRetry: events.Add);
        Assert.Single(result);
        Assert.Equal(2, calls);
        Assert.Contains("restarting the read", Assert.Single(events).Message);
    }

    [Fact]
    public void NetworkFailureOfAChangeIsCheckedBeforeAnyResend()
    {
        var sent = 0;
        var result = Policy().Execute(new ExchangeCommand("New-MailboxRestoreRequest"),
            () => { sent++; throw Error(ExchangeErrorKind.Transient, "An error occurred while sending the request.", "New-MailboxRestoreRequest"); },
            new ExchangeCallOptions { FindApplied = () => One() });
        Assert.Single(result);
        Assert.Equal(1, sent);

        var e = Assert.Throws<ExchangeException>(() => Policy().Execute(new ExchangeCommand("New-MailboxRestoreRequest"),
            () => throw Error(ExchangeErrorKind.Transient, "An error occurred while sending the request.", "New-MailboxRestoreRequest")));
        Assert.True(e.OutcomeUnknown);
        Assert.Equal(ExchangeErrorReason.Network, e.Reason);
    }

    [Fact]
    public void TokenRejectedIsNotRetried()
    {
        var calls = 0;
        var e = Assert.Throws<ExchangeException>(() => Policy().Execute(new ExchangeCommand("Get-Mailbox"),
            () => { calls++; throw Error(ExchangeErrorKind.SessionExpired, GetResponseHeader); }));
        Assert.Equal(1, calls);
        Assert.Equal(ExchangeErrorReason.TokenRejected, e.Reason);
    }
}

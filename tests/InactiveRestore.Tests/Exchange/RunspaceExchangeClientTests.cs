using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Exchange;

public class RunspaceExchangeClientTests
{
    private static RetryPolicy Fast => new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2), Delay = (_, _) => { } };

    private static RunspaceExchangeClient Client(FakeExchangeRunspace rs, RetryPolicy? policy = null) => new(rs.Create, policy ?? Fast);

    [Fact]
    public void RunsUnprefixedCommandsAndReturnsObjects()
    {
        using var rs = new FakeExchangeRunspace();
        var client = Client(rs);
        var result = client.Invoke(new ExchangeCommand("Get-Mailbox").Switch("InactiveMailboxOnly").Param("Identity", FakeExchangeRunspace.JoGuid));
        var m = ExchangeMailbox.From(Assert.Single(result));
        Assert.Equal(Guid.Parse(FakeExchangeRunspace.JoGuid), m.ExchangeGuid);
        Assert.Equal("", client.Prefix);
    }

    [Fact]
    public void DetectsThePrefixAndCallsPrefixedCommands()
    {
        using var rs = new FakeExchangeRunspace("Contoso");
        var client = Client(rs);
        var lines = new List<string>();
        client.Calling += (_, l) => lines.Add(l);
        client.Invoke(new ExchangeCommand("Get-Mailbox").Switch("InactiveMailboxOnly").Param("ResultSize", "Unlimited"));
        Assert.Equal("Contoso", client.Prefix);
        Assert.Equal("Get-ContosoMailbox -InactiveMailboxOnly -ResultSize 'Unlimited'", Assert.Single(lines));
        Assert.Equal(1, rs.CallCount("Get-Mailbox"));
    }

    [Fact]
    public void NoConnectionCommandIsNotConnected()
    {
        using var rs = new FakeExchangeRunspace(withConnectionCommand: false);
        var e = Assert.Throws<ExchangeException>(() => Client(rs).Invoke(new ExchangeCommand("Get-Mailbox")));
        Assert.Equal(ExchangeErrorKind.NotConnected, e.Kind);
        Assert.Equal(0, rs.CallCount("Get-Mailbox"));
    }

    [Fact]
    public void NoConnectedConnectionIsNotConnected()
    {
        using var rs = new FakeExchangeRunspace();
        rs.Run("$global:FakeConnections = @([pscustomobject]@{ State = 'Broken'; ModulePrefix = ''; TokenStatus = 'Active' })");
        Assert.Equal(ExchangeErrorKind.NotConnected, Assert.Throws<ExchangeException>(() => Client(rs).Invoke(new ExchangeCommand("Get-Mailbox"))).Kind);
        rs.Run("$global:FakeConnections = @()");
        Assert.Equal(ExchangeErrorKind.NotConnected, Assert.Throws<ExchangeException>(() => Client(rs).Invoke(new ExchangeCommand("Get-Mailbox"))).Kind);
    }

    [Fact]
    public void TokenStatusExpiredIsNotRefusedUpFrontTheFirstCallDecides()
    {
        // ExchangeOnlineManagement refreshes tokens for most connection types: Get-ConnectionInformation's Expired does not prove the call fails.
        using var rs = new FakeExchangeRunspace();
        rs.Connect("", "Expired");
        Client(rs).Invoke(new ExchangeCommand("Get-Mailbox"));
    }

    [Fact]
    public void PrefersTheActiveConnectionAndSkipsComplianceSessions()
    {
        using var rs = new FakeExchangeRunspace("Contoso");
        rs.Run(@"$global:FakeConnections = @(
            [pscustomobject]@{ State = 'Connected'; ModulePrefix = 'Ipps'; TokenStatus = 'Active'; IsEopSession = $true },
            [pscustomobject]@{ State = 'Connected'; ModulePrefix = 'Old'; TokenStatus = 'Expired'; IsEopSession = $false },
            [pscustomobject]@{ State = 'Connected'; ModulePrefix = 'Contoso'; TokenStatus = 'Active'; IsEopSession = $false })");
        Assert.Equal("Contoso", Client(rs).Prefix);
    }

    [Fact]
    public void MissingCommandIsNotConnectedNamingTheCommand()
    {
        using var rs = new FakeExchangeRunspace();
        var e = Assert.Throws<ExchangeException>(() => Client(rs).Invoke(new ExchangeCommand("New-MailboxRestoreRequest").Param("SourceMailbox", "x")));
        Assert.Equal(ExchangeErrorKind.NotConnected, e.Kind);
        Assert.Contains("New-MailboxRestoreRequest", e.Message);
        Assert.Contains("role", e.Message);
    }

    [Fact]
    public void NonTerminatingErrorBecomesTypedException()
    {
        using var rs = new FakeExchangeRunspace();
        var e = Assert.Throws<ExchangeException>(() => Client(rs).Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", "missing")));
        Assert.Equal(ExchangeErrorKind.NotFound, e.Kind);
        Assert.Equal("missing", e.Target);
        Assert.StartsWith("The operation couldn't be performed because object 'missing'", e.Message);
        Assert.Equal("ManagementObjectNotFoundException", e.ServerExceptionType);
    }

    [Theory]
    [InlineData("Stop")]
    [InlineData("SilentlyContinue")]
    [InlineData("Ignore")]
    public void CallerErrorPreferenceDoesNotChangeTheOutcome(string preference)
    {
        using var rs = new FakeExchangeRunspace();
        rs.Run("$global:ErrorActionPreference = $args[0]", preference);
        var e = Assert.Throws<ExchangeException>(() => Client(rs).Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", "jo")));
        Assert.Equal(ExchangeErrorKind.Ambiguous, e.Kind);
    }

    [Fact]
    public void ThrownExceptionsAreClassified()
    {
        using var rs = new FakeExchangeRunspace();
        var e = Assert.Throws<ExchangeException>(() => Client(rs, RetryPolicy.None).Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", "throws")));
        Assert.Equal(ExchangeErrorKind.Transient, e.Kind);
    }

    [Fact]
    public void TokenExpiryDuringACallIsSessionExpired()
    {
        using var rs = new FakeExchangeRunspace();
        Assert.Equal(ExchangeErrorKind.SessionExpired, Assert.Throws<ExchangeException>(() => Client(rs).Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", "expired"))).Kind);
    }

    [Fact]
    public void RetriesTransientReadsAndReportsThem()
    {
        using var rs = new FakeExchangeRunspace();
        rs.Run("$global:FakeBusyCount = 2");
        var client = Client(rs);
        var retries = new List<ExchangeRetryEventArgs>();
        var calls = new List<string>();
        client.Retrying += (_, e) => retries.Add(e);
        client.Calling += (_, l) => calls.Add(l);
        var result = client.Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", "busy"));
        Assert.Single(result);
        Assert.Equal(2, retries.Count);
        Assert.Equal(3, calls.Count);
        Assert.Equal(3, rs.CallCount("Get-Mailbox"));
    }

    [Theory]
    [InlineData("missing", "NotFound")]     // Write-Error (non-terminating)
    [InlineData("throws", "Transient")]     // a thrown exception, retried until the attempts run out
    [InlineData("jo", "Ambiguous")]
    public void ExchangeErrorsAreClassifiedButLeaveNothingInTheCallersErrorList(string identity, string expected)
    {
        var kind = Enum.Parse<ExchangeErrorKind>(expected);
        using var rs = new FakeExchangeRunspace();
        rs.Run("$global:Error.Clear(); $global:Error.Insert(0, [System.Management.Automation.ErrorRecord]::new([Exception]::new('the caller''s own'), 'Mine', 'NotSpecified', $null))");
        var e = Assert.Throws<ExchangeException>(() => Client(rs).Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", identity)));
        Assert.Equal(kind, e.Kind);
        Assert.NotNull(e.ErrorRecord ?? (object?)e.InnerException);
        Assert.Equal(1, Convert.ToInt32(rs.Run("$global:Error.Count")[0]));
        Assert.Equal("Mine", rs.Run("$global:Error[0].FullyQualifiedErrorId")[0]);
    }

    [Fact]
    public void ATransientErrorRetriedIntoSuccessLeavesNothingInTheCallersErrorList()
    {
        using var rs = new FakeExchangeRunspace();
        rs.Run("$global:FakeBusyCount = 2; $global:Error.Clear()");
        var client = Client(rs);
        var retries = 0;
        client.Retrying += (_, _) => retries++;
        Assert.Single(client.Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", "busy")));
        Assert.Equal(2, retries);
        Assert.Equal(0, Convert.ToInt32(rs.Run("$global:Error.Count")[0]));
    }

    [Fact]
    public void ChangeCallIsNotRetriedWithoutCheck()
    {
        using var rs = new FakeExchangeRunspace();
        rs.Run("$global:FakeBusyCount = 1");
        var e = Assert.Throws<ExchangeException>(() => Client(rs).Invoke(new ExchangeCommand("Set-Mailbox").Param("Identity", "jo@contoso.com")));
        Assert.True(e.OutcomeUnknown);
        Assert.Equal(1, rs.CallCount("Set-Mailbox"));
    }

    [Fact]
    public void ChangeCallUsesTheAlreadyAppliedCheck()
    {
        using var rs = new FakeExchangeRunspace();
        rs.Run("$global:FakeBusyCount = 1");
        var client = Client(rs);
        var checks = 0;
        IExchangeClient plain = client;
        var result = plain.Invoke(new ExchangeCommand("Set-Mailbox").Param("Identity", "jo@contoso.com"), alreadyApplied: () =>
        {
            checks++;
            return client.Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", "jo@contoso.com")).Count == 1;
        });
        Assert.Empty(result);
        Assert.Equal(1, checks);
        Assert.Equal(1, rs.CallCount("Set-Mailbox"));
    }

    [Fact]
    public void ChangeCallRetriedWhenCheckSaysNo()
    {
        using var rs = new FakeExchangeRunspace();
        rs.Run("$global:FakeBusyCount = 1");
        Client(rs).Invoke(new ExchangeCommand("Set-Mailbox").Param("Identity", "jo@contoso.com"), new ExchangeCallOptions { AlreadyApplied = () => false });
        Assert.Equal(2, rs.CallCount("Set-Mailbox"));
    }

    [Fact]
    public void SurfacesWarnings()
    {
        using var rs = new FakeExchangeRunspace();
        var client = Client(rs);
        var warnings = new List<string>();
        client.Warning += (_, w) => warnings.Add(w);
        client.Invoke(new ExchangeCommand("Get-Mailbox").Switch("InactiveMailboxOnly"));
        Assert.Contains(warnings, w => w.Contains("ResultSize"));
    }

    [Fact]
    public void ScriptLikeIdentityIsPassedAsOneLiteralValue()
    {
        using var rs = new FakeExchangeRunspace();
        const string hostile = "x'; $global:Pwned = 1; '$(Get-Date)\"; Remove-Item";
        var result = Client(rs).Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", IdentityValidator.Validate(hostile).Value));
        Assert.Equal(hostile, ExchangeValue.String(Assert.Single(result), "EchoIdentity"));
        Assert.Null(rs.Run("$global:Pwned")[0]);
    }

    [Fact]
    public void ServiceNeverCallsGetMailboxWithAnEmptyIdentity()
    {
        using var rs = new FakeExchangeRunspace();
        var service = new InactiveMailboxService(new ExchangeGateway(Client(rs)));
        Assert.Throws<InvalidInputException>(() => service.Get(IdentityValidator.Validate(""), null, false));
        Assert.Throws<ArgumentException>(() => new ExchangeCommand("Get-Mailbox").Param("Identity", ""));
        Assert.Equal(0, rs.CallCount("Get-Mailbox"));
        service.Get(null, null, true);
        Assert.Equal(1, rs.CallCount("Get-Mailbox"));
        Assert.Equal(1, rs.CallCount("Get-MailboxStatistics"));
        Assert.Equal(0, Convert.ToInt32(rs.Run("@($global:FakeCalls | Where-Object { $_.Parameters.ContainsKey('Identity') -and -not $_.Parameters.Identity }).Count")[0]));
    }

    [Fact]
    public void CommandLookupIsCachedPerClient()
    {
        using var rs = new FakeExchangeRunspace();
        var client = Client(rs);
        client.Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", FakeExchangeRunspace.JoGuid));
        rs.Run("Remove-Item function:Get-ConnectionInformation");
        client.Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", FakeExchangeRunspace.JoGuid));
        Assert.Equal(2, rs.CallCount("Get-Mailbox"));
    }
}

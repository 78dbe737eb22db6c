using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Exchange;

/// <summary>
/// Exchange Online's real warning and error texts, emitted by PowerShell functions the way tmpEXO_* functions emit
/// them (Write-Warning, Write-Error, a thrown HttpRequestException, a failed method call), through a real runspace.
/// </summary>
public class RealErrorTextsRunspaceTests
{
    private const string Functions = @"
$global:Left = @{}
$global:Sent = [System.Collections.Generic.List[string]]::new()
function global:Get-%P%Mailbox {
    [CmdletBinding()]
    param([string] $Identity, [switch] $InactiveMailboxOnly, [object] $ResultSize)
    $global:Sent.Add('Get-Mailbox ' + $Identity)
    $fail = $global:Left[$Identity] -gt 0
    if ($fail) { $global:Left[$Identity]-- }
    switch -Exact ($Identity) {
        'slow'     { Write-Warning 'Micro delay applied. Actual delayed: 1500 msecs, Enforced: True, Capped delay: 1500 msecs, Required: True, Additional info: Resource=MDB;.' }
        'net'      { if ($fail) { Write-Error 'An error occurred while sending the request.'; return } }
        'netthrow' { if ($fail) { throw [System.Net.Http.HttpRequestException]::new('An error occurred while sending the request.') } }
        'paged'    { if ($fail) { Write-Error 'Expired or Invalid pagination request. Default Expiry time is 00:30:00'; return } }
        'new'      { if ($fail) { Write-Error ""Ex4215D1|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'new' couldn't be read from domain controller 'AM0PR01DC001.PROD.OUTLOOK.COM'. This may be due to replication delays.""; return } }
        'token'    { $r = [System.Net.Http.HttpResponseMessage]::new(401); $null = $r.GetResponseHeader('Retry-After'); return }
        'blank'    { Write-Error ""||The user couldn't be found.""; return }
        'padded'   { Write-Error ""| System.InvalidOperationException | The operation couldn't be performed because the mailbox is being moved.""; return }
    }
    [pscustomobject]@{ Identity = $Identity; ExchangeGuid = '4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d' }
}
function global:Set-%P%Mailbox {
    [CmdletBinding()]
    param([string] $Identity, [object] $EmailAddresses)
    $global:Sent.Add('Set-Mailbox ' + $Identity)
    if ($global:Left[$Identity] -gt 0) { $global:Left[$Identity]--; Write-Error 'An error occurred while sending the request.'; return }
}
";

    private readonly List<TimeSpan> _slept = new();
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private RetryPolicy Policy => new()
    {
        BaseDelay = TimeSpan.FromSeconds(2),
        MaxDelay = TimeSpan.FromSeconds(60),
        Jitter = () => 1.0,
        Clock = () => _now,
        Delay = (d, _) => { _slept.Add(d); _now += d; },
    };

    private static FakeExchangeRunspace Runspace(string prefix = "")
    {
        var rs = new FakeExchangeRunspace(prefix);
        rs.Run(Functions.Replace("%P%", prefix));
        return rs;
    }

    private static void Fail(FakeExchangeRunspace rs, string identity, int times) => rs.Run("$global:Left[$args[0]] = $args[1]", identity, times);

    private static int Sent(FakeExchangeRunspace rs, string line) => Convert.ToInt32(rs.Run("param($l) @($global:Sent | Where-Object { $_ -eq $l }).Count", line)[0]);

    private static ExchangeCommand GetMailbox(string identity) => new ExchangeCommand("Get-Mailbox").Param("Identity", identity);

    [Fact]
    public void MicroDelayWarningPacesTheNextCallAndIsNoWarning()
    {
        using var rs = Runspace("Contoso");
        var client = new RunspaceExchangeClient(rs.Create, Policy);
        var warnings = new List<string>();
        var lines = new List<string>();
        var paced = new List<TimeSpan>();
        client.Warning += (_, w) => warnings.Add(w);
        client.Calling += (_, l) => lines.Add(l);
        client.Paced += (_, d) => paced.Add(d);

        Assert.Single(client.Invoke(GetMailbox("slow")));
        Assert.Empty(warnings);
        Assert.Empty(_slept);
        Assert.Equal(new[] { TimeSpan.FromMilliseconds(1500) }, paced);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), client.PendingPace);

        Assert.Single(client.Invoke(GetMailbox("jo")));
        Assert.Equal(new[] { TimeSpan.FromMilliseconds(1500) }, _slept);
        Assert.Equal("Get-ContosoMailbox -Identity 'jo' (after a 1.5 s pause: Exchange Online slowed this session down with a micro delay)", lines[1]);

        client.Invoke(GetMailbox("jo"));
        Assert.Single(_slept);
        Assert.Equal("Get-ContosoMailbox -Identity 'jo'", lines[2]);
    }

    [Fact]
    public void PacingCountsTheTimeAlreadyPassed()
    {
        using var rs = Runspace();
        var client = new RunspaceExchangeClient(rs.Create, Policy);
        var lines = new List<string>();
        client.Calling += (_, l) => lines.Add(l);
        client.Invoke(GetMailbox("slow"));
        _now += TimeSpan.FromMilliseconds(1000);
        client.Invoke(GetMailbox("jo"));
        Assert.Equal(new[] { TimeSpan.FromMilliseconds(500) }, _slept);
        client.Invoke(GetMailbox("slow"));
        _now += TimeSpan.FromMilliseconds(2000);
        client.Invoke(GetMailbox("jo"));
        Assert.Single(_slept);
        Assert.Equal("Get-Mailbox -Identity 'jo' (Exchange Online slowed this session down with a micro delay of 1.5 s; that much time has passed since)", lines[3]);
    }

    [Fact]
    public void OtherWarningsStillReachTheWarningEvent()
    {
        using var rs = Runspace();
        rs.Run("function global:Get-MailboxStatistics { [CmdletBinding()] param([string] $Identity) Write-Warning 'The mailbox has no archive.'; [pscustomobject]@{ ItemCount = 1 } }");
        var client = new RunspaceExchangeClient(rs.Create, Policy);
        var warnings = new List<string>();
        client.Warning += (_, w) => warnings.Add(w);
        client.Invoke(new ExchangeCommand("Get-MailboxStatistics").Param("Identity", "jo"));
        Assert.Equal(new[] { "The mailbox has no archive." }, warnings);
    }

    [Theory]
    [InlineData("net")]
    [InlineData("netthrow")]
    public void SendingTheRequestFailedIsRetriedForReads(string identity)
    {
        using var rs = Runspace();
        Fail(rs, identity, 2);
        var result = new RunspaceExchangeClient(rs.Create, Policy).Invoke(GetMailbox(identity));
        Assert.Single(result);
        Assert.Equal(3, Sent(rs, "Get-Mailbox " + identity));
        Assert.Equal(2, _slept.Count);
    }

    [Fact]
    public void SendingTheRequestFailedOnAChangeIsCheckedBeforeAnyResend()
    {
        using var rs = Runspace();
        Fail(rs, "jo", 1);
        var client = new RunspaceExchangeClient(rs.Create, Policy);
        var e = Assert.Throws<ExchangeException>(() => client.Invoke(new ExchangeCommand("Set-Mailbox").Param("Identity", "jo")));
        Assert.True(e.OutcomeUnknown);
        Assert.Equal(ExchangeErrorReason.Network, e.Reason);
        Assert.Equal(1, Sent(rs, "Set-Mailbox jo"));

        Fail(rs, "jo", 1);
        var checks = 0;
        client.Invoke(new ExchangeCommand("Set-Mailbox").Param("Identity", "jo"), new ExchangeCallOptions { AlreadyApplied = () => { checks++; return false; } });
        Assert.Equal(1, checks);
        Assert.Equal(3, Sent(rs, "Set-Mailbox jo"));
    }

    [Fact]
    public void ExpiredPaginationRestartsTheRead()
    {
        using var rs = Runspace();
        Fail(rs, "paged", 1);
        var client = new RunspaceExchangeClient(rs.Create, Policy);
        var retries = new List<ExchangeRetryEventArgs>();
        client.Retrying += (_, e) => retries.Add(e);
        Assert.Single(client.Invoke(GetMailbox("paged")));
        Assert.Equal(2, Sent(rs, "Get-Mailbox paged"));
        Assert.Contains("restarting the read", Assert.Single(retries).Message);
    }

    [Fact]
    public void ReplicationDelayIsRetriedThenCalledMissing()
    {
        using var rs = Runspace();
        Fail(rs, "new", 2);
        Assert.Single(new RunspaceExchangeClient(rs.Create, Policy).Invoke(GetMailbox("new")));
        Assert.Equal(3, Sent(rs, "Get-Mailbox new"));

        Fail(rs, "new", 10);
        var e = Assert.Throws<ExchangeException>(() => new RunspaceExchangeClient(rs.Create, Policy).Invoke(GetMailbox("new")));
        Assert.Equal(ExchangeErrorKind.NotFound, e.Kind);
        Assert.Equal(ExchangeErrorReason.ReplicationDelay, e.Reason);
        Assert.Equal(3 + 4, Sent(rs, "Get-Mailbox new"));
        Assert.StartsWith("The operation couldn't be performed because object 'new' couldn't be read from domain controller", e.Message);
    }

    [Fact]
    public void GetResponseHeaderFailureIsAnExpiredSession()
    {
        using var rs = Runspace();
        var e = Assert.Throws<ExchangeException>(() => new RunspaceExchangeClient(rs.Create, Policy).Invoke(GetMailbox("token")));
        Assert.Equal(ExchangeErrorKind.SessionExpired, e.Kind);
        Assert.Equal(ExchangeErrorReason.TokenRejected, e.Reason);
        Assert.Equal(1, Sent(rs, "Get-Mailbox token"));
        Assert.Contains("Connect-ExchangeOnline", e.Advice);
        Assert.Empty(_slept);
    }

    [Theory]
    [InlineData("Stop")]
    [InlineData("Continue")]
    public void GetResponseHeaderFailureIsAnExpiredSessionWhateverTheCallersPreference(string preference)
    {
        using var rs = Runspace();
        rs.Run("$global:ErrorActionPreference = $args[0]", preference);
        Assert.Equal(ExchangeErrorKind.SessionExpired,
            Assert.Throws<ExchangeException>(() => new RunspaceExchangeClient(rs.Create, Policy).Invoke(GetMailbox("token"))).Kind);
    }

    [Fact]
    public void EmptyAndPaddedFieldsAreParsed()
    {
        using var rs = Runspace();
        var client = new RunspaceExchangeClient(rs.Create, Policy);
        var blank = Assert.Throws<ExchangeException>(() => client.Invoke(GetMailbox("blank")));
        Assert.Equal(ExchangeErrorKind.NotFound, blank.Kind);
        Assert.Equal("The user couldn't be found.", blank.Message);
        var padded = Assert.Throws<ExchangeException>(() => client.Invoke(GetMailbox("padded")));
        Assert.Equal(ExchangeErrorKind.Permanent, padded.Kind);
        Assert.Equal("InvalidOperationException", padded.ServerExceptionType);
        Assert.Equal("The operation couldn't be performed because the mailbox is being moved.", padded.Message);
        Assert.Empty(_slept);
    }

    [Fact]
    public void NoProductMessageNamesTheSimulator()
    {
        using var rs = new FakeExchangeRunspace(withConnectionCommand: false);
        var e = Assert.Throws<ExchangeException>(() => new RunspaceExchangeClient(rs.Create, Policy).Invoke(GetMailbox("jo")));
        // The exception says what is wrong; the error record adds what to do (Connect-ExchangeOnline), once.
        Assert.Contains("Connect-ExchangeOnline", global::InactiveRestore.Commands.ErrorRecordFactory.Create(e).ErrorDetails.Message);
        Assert.DoesNotContain("Simulator", e.Message);
        using var connected = Runspace();
        var missing = Assert.Throws<ExchangeException>(() => new RunspaceExchangeClient(connected.Create, Policy).Invoke(new ExchangeCommand("Get-MailboxRestoreRequest")));
        Assert.DoesNotContain("Simulator", missing.Message);
    }
}

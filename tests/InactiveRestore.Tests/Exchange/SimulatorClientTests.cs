using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using InactiveRestore.Exchange;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Exchange;

/// <summary>The runspace client against the Exchange Online simulator (imported from the test output folder).</summary>
public sealed class SimulatorClientTests : IDisposable
{
    private readonly SimulatorRunspace _sim = new("-Prefix Sim -TimeScale 0 -Seed 7");

    public void Dispose() => _sim.Dispose();

    private PowerShell Create() => _sim.Create();

    private List<PSObject> Run(string script, params object[] args) => _sim.Run(script, args);

    private List<PSObject> Ledger(string command) =>
        Run("Get-ExchangeSimulatorLedger").Where(e => ExchangeValue.String(e, "CommandName") == command).ToList();

    private RunspaceExchangeClient Client(int attempts = 20) =>
        new(Create, new RetryPolicy { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1), Delay = (_, _) => { } });

    [Fact]
    public void FindsThePrefixedSimulatorCommands()
    {
        var client = Client();
        var list = client.Invoke(new ExchangeCommand("Get-Mailbox").Switch("InactiveMailboxOnly").Param("ResultSize", "Unlimited"));
        Assert.Equal("Sim", client.Prefix);
        Assert.True(list.Count > 10);
        var entry = Assert.Single(Ledger("Get-Mailbox"));
        Assert.Equal("Get-SimMailbox", ExchangeValue.String(entry, "InvokedAs"));
    }

    [Fact]
    public void RetriesInjectedThrottlingOnReads()
    {
        Run("Set-ExchangeSimulatorFault -CommandName Get-Mailbox -TransientErrorRate 0.6");
        var client = Client();
        var retries = 0;
        client.Retrying += (_, _) => retries++;
        for (var i = 0; i < 5; i++)
            Assert.Single(client.Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", "megan.bowen").Switch("InactiveMailboxOnly")));
        var ledger = Ledger("Get-Mailbox");
        var faults = ledger.Count(e => ExchangeValue.String(e, "Outcome") == "Fault");
        Assert.True(faults > 0, "the seed should inject at least one fault");
        Assert.Equal(faults, retries);
        Assert.Equal(5 + faults, ledger.Count);
    }

    [Fact]
    public void ThrottledChangeWithoutCheckIsSentOnceAndOutcomeUnknown()
    {
        Run("Set-ExchangeSimulatorFault -CommandName Set-Mailbox -TransientErrorRate 1");
        var e = Assert.Throws<ExchangeException>(() => Client().Invoke(new ExchangeCommand("Set-Mailbox").Param("Identity", "adele.vance").Param("RetentionHoldEnabled", true)));
        Assert.True(e.OutcomeUnknown);
        Assert.Equal(ExchangeErrorKind.Transient, e.Kind);
        Assert.Single(Ledger("Set-Mailbox"));
    }

    [Fact]
    public void ThrottledChangeWithCheckStopsOnceApplied()
    {
        Run("Set-ExchangeSimulatorFault -CommandName Set-Mailbox -TransientErrorRate 1");
        var client = Client();
        const string x500 = "X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=test-source";
        var add = new Hashtable { ["Add"] = x500 };
        bool Applied() => ExchangeMailbox.From(client.Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", "adele.vance")).Single()).HasX500(x500.Substring(5));

        client.Invoke(new ExchangeCommand("Set-Mailbox").Param("Identity", "adele.vance").Param("EmailAddresses", add), alreadyApplied: Applied);

        Assert.True(Applied());
        var sets = Ledger("Set-Mailbox");
        var appliedAt = sets.FindIndex(e => ExchangeValue.Bool(e, "ChangeApplied"));
        Assert.True(appliedAt >= 0);
        Assert.Equal(sets.Count - 1, appliedAt); // nothing was sent after it was applied
    }

    [Fact]
    public void NotFoundFromTheSimulatorIsTyped()
    {
        var e = Assert.Throws<ExchangeException>(() => Client().Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", "nobody").Switch("InactiveMailboxOnly")));
        Assert.Equal(ExchangeErrorKind.NotFound, e.Kind);
        Assert.Equal("nobody", e.Target);
        Assert.DoesNotContain("|", e.Message);
    }

    [Fact]
    public void ExpiredTokenIsSessionExpired()
    {
        Run("Set-ExchangeSimulatorFault -TokenExpiresAt ([datetime]'2020-01-01')");
        Assert.Equal(ExchangeErrorKind.SessionExpired, Assert.Throws<ExchangeException>(() => Client().Invoke(new ExchangeCommand("Get-Mailbox"))).Kind);
    }

    [Fact]
    public void DisconnectedIsNotConnected()
    {
        Run("Disconnect-ExchangeSimulator");
        Assert.Equal(ExchangeErrorKind.NotConnected, Assert.Throws<ExchangeException>(() => Client().Invoke(new ExchangeCommand("Get-Mailbox"))).Kind);
    }
}

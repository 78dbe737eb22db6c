using System;
using System.Linq;
using System.Management.Automation;
using ExchangeSimulator.Engine;
using Xunit;

namespace ExchangeSimulator.Tests;

/// <summary>The call gate (SimulatorConnection.Gate): tests hold a simulated Exchange call instead of sleeping.</summary>
public sealed class GateTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private static int LedgerCount(SimulatorConnection c, string command)
    {
        lock (c.SyncRoot) return c.Ledger.Count(e => e.CommandName == command);
    }

    [Fact]
    public void TheNthCallWaitsForTheTestAndThenRuns()
    {
        using var s = new SimSession();
        var c = SimulatorRegistry.For(s.Runspace)!;
        using var hold = c.Gate.Hold("get-mailbox", call: 2);
        using var ps = PowerShell.Create();
        ps.Runspace = s.Runspace;
        ps.AddScript("Get-Mailbox -Identity adele.vance; Get-Mailbox -Identity lidia.holloway; Get-Mailbox -Identity wanda.howard");
        var async = ps.BeginInvoke();

        Assert.True(hold.WaitUntilHeld(HangGuard), "the second Get-Mailbox reaches the gate");
        Assert.Equal(1, hold.HeldCount);
        Assert.Equal(1, LedgerCount(c, "Get-Mailbox"));     // held before it runs: not in the ledger yet
        Assert.False(async.IsCompleted);

        hold.Open();
        var results = ps.EndInvoke(async);
        Assert.Equal(new[] { "adele.vance", "lidia.holloway", "wanda.howard" }, results.Select(r => r.Prop<string>("Alias")));
        Assert.Equal(3, LedgerCount(c, "Get-Mailbox"));
        Assert.Equal(2, hold.Seen);   // the third call came after Open: an opened hold counts no more
    }

    [Fact]
    public void AHeldCallReturnsWhenItsPipelineIsStoppedWithoutRunning()
    {
        using var s = new SimSession();
        var c = SimulatorRegistry.For(s.Runspace)!;
        using var hold = c.Gate.Hold("New-MailboxRestoreRequest");   // every call
        using var ps = PowerShell.Create();
        ps.Runspace = s.Runspace;
        ps.AddScript("$src = Get-Mailbox -InactiveMailboxOnly -Identity megan.bowen; " +
            "New-MailboxRestoreRequest -SourceMailbox $src.DistinguishedName -TargetMailbox adele.vance -AllowLegacyDNMismatch");
        var async = ps.BeginInvoke();
        Assert.True(hold.WaitUntilHeld(HangGuard));

        var stop = ps.BeginStop(null, null);
        Assert.True(stop.AsyncWaitHandle.WaitOne(HangGuard), "Stop returns while the gate is still closed");
        ps.EndStop(stop);
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(async));
        Assert.Equal(0, hold.HeldCount);
        Assert.Equal(0, LedgerCount(c, "New-MailboxRestoreRequest"));
        Assert.Empty(s.Run("Get-MailboxRestoreRequest"));
    }

    [Fact]
    public void AnOpenedOrOtherCommandsHoldLetsCallsPass()
    {
        using var s = new SimSession();
        var c = SimulatorRegistry.For(s.Runspace)!;
        var other = c.Gate.Hold("Set-Mailbox");
        var opened = c.Gate.Hold("Get-Mailbox");
        opened.Open();
        Assert.Single(s.Run("Get-Mailbox", ("Identity", "adele.vance")));
        Assert.Equal(0, other.Seen);
        Assert.False(other.WaitUntilHeld(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Gate.Hold("Get-Mailbox", call: 0));
    }
}

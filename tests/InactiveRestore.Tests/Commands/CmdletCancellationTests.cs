using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using ExchangeSimulator.Engine;
using Xunit;

namespace InactiveRestore.Tests.Commands;

/// <summary>
/// Stopping a cmdlet's pipeline at a known point, without sleeps or wall-clock limits: the point is a simulated Exchange
/// call held at the simulator's gate (or a stream record the cmdlet writes just before it waits). The only timeout is a
/// generous hang guard.
/// </summary>
internal static class Stopping
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public static SimulatorConnection Simulator(Runspace rs) =>
        SimulatorRegistry.For(rs) ?? throw new InvalidOperationException("The runspace has no simulator connection.");

    public static int LedgerCount(Runspace rs, string? command = null)
    {
        var c = Simulator(rs);
        lock (c.SyncRoot) return c.Ledger.Count(e => command == null || e.CommandName == command);
    }

    /// <summary>Stops the pipeline (hang-guarded), then asserts it ended as stopped and left the runspace free.</summary>
    public static void StopAndAssertStopped(PowerShell ps, IAsyncResult invocation)
    {
        var stop = ps.BeginStop(null, null);
        Assert.True(stop.AsyncWaitHandle.WaitOne(HangGuard), "Stop did not return (hang guard)");
        ps.EndStop(stop);
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(invocation));
        Assert.Equal(RunspaceAvailability.Available, ps.Runspace.RunspaceAvailability);
    }
}

public class CmdletCancellationTests
{
    [Fact]
    public void StoppingThePipelineEndsABackOffWaitAtOnce()
    {
        using var rs = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        rs.Open();
        using (var setup = PowerShell.Create())
        {
            setup.Runspace = rs;
            setup.AddScript(@"
                Import-Module (Join-Path $args[0] 'InactiveRestore.dll')
                Import-Module (Join-Path $args[0] 'ExchangeSimulator.dll')
                Connect-ExchangeSimulator -TimeScale 0
                Set-ExchangeSimulatorFault -CommandName Get-Mailbox -TransientErrorRate 1
                $global:InactiveRestoreRetryPolicy = @{ BaseDelay = 3600; MaxDelay = 3600; TotalBudget = 36000 }")
                .AddArgument(AppContext.BaseDirectory);
            setup.Invoke();
            Assert.False(setup.HadErrors, setup.Streams.Error.Count > 0 ? setup.Streams.Error[0].ToString() : "");
        }

        using var ps = PowerShell.Create();
        ps.Runspace = rs;
        ps.AddCommand("Get-InactiveMailbox").AddParameter("Verbose");
        // The cmdlet writes the retry notice to Verbose, then waits 30-60 minutes before retrying.
        using var retrying = new ManualResetEventSlim();
        ps.Streams.Verbose.DataAdded += (_, e) =>
        {
            if (ps.Streams.Verbose[e.Index].Message.Contains("retrying in", StringComparison.Ordinal)) retrying.Set();
        };
        var async = ps.BeginInvoke();
        Assert.True(retrying.Wait(Stopping.HangGuard), "the first Get-Mailbox failed and the cmdlet announced its back-off");

        Stopping.StopAndAssertStopped(ps, async);
        // The back-off ended without its retry: one Get-Mailbox call in all.
        Assert.Equal(1, Stopping.LedgerCount(rs, "Get-Mailbox"));
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using Xunit;

namespace InactiveRestore.Tests.Commands;

/// <summary>
/// Ctrl+C on a bulk Start-InactiveRestore: with latency on every Exchange call, stopping the pipeline ends the
/// cmdlet within a second (between pairs and between calls: the base's CancellationToken), the runspace is free
/// again and nothing keeps calling Exchange in the background (the ledger stays still).
/// </summary>
public sealed class StartCancellationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ir-stop-" + Guid.NewGuid().ToString("n"));

    public StartCancellationTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private Runspace Open(int latencyMs)
    {
        var rs = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        rs.Open();
        using var setup = PowerShell.Create();
        setup.Runspace = rs;
        setup.AddScript(@"
            param($bin, $tenant, $latency)
            Import-Module (Join-Path $bin 'InactiveRestore.dll')
            Import-Module (Join-Path $bin 'ExchangeSimulator.dll')
            New-ExchangeSimulatorTenant -Path $tenant -InactiveCount 40 -ActiveCount 40 -Seed 2 | Out-Null
            Connect-ExchangeSimulator -TenantPath $tenant -TimeScale 0 -Seed 1
            Set-ExchangeSimulatorFault -Latency ([TimeSpan]::FromMilliseconds($latency))
            $global:pairs = 1..40 | ForEach-Object { [pscustomobject]@{ SourceMailbox = 'inactive.{0:d4}' -f $_; TargetMailbox = 'active.{0:d4}' -f $_ } }")
            .AddArgument(AppContext.BaseDirectory).AddArgument(Path.Combine(_dir, "tenant.json")).AddArgument(latencyMs);
        setup.Invoke();
        Assert.False(setup.HadErrors, setup.Streams.Error.Count > 0 ? setup.Streams.Error[0].ToString() : "");
        return rs;
    }

    private static int LedgerCount(Runspace rs)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = rs;
        ps.AddCommand("Get-ExchangeSimulatorLedger");
        return ps.Invoke().Count;
    }

    [Theory]
    [InlineData(100)]   // every Exchange call takes 100 ms (an uninterruptible sleep in the simulator)
    [InlineData(5)]     // fast calls: stopped between pairs
    public void StopEndsABulkStartWithinASecondAndLeavesNothingRunning(int latencyMs)
    {
        using var rs = Open(latencyMs);
        using var ps = PowerShell.Create();
        ps.Runspace = rs;
        ps.AddScript("$pairs | Start-InactiveRestore -BatchName Stop -Force -WarningAction SilentlyContinue");
        var async = ps.BeginInvoke();
        Thread.Sleep(300);
        Assert.False(async.IsCompleted, "40 pairs at this latency take seconds: Start must still be running");

        var watch = Stopwatch.StartNew();
        ps.Stop();
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {watch.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(async));
        Assert.Equal(RunspaceAvailability.Available, rs.RunspaceAvailability);

        // Nothing keeps running in the background: the ledger stays still, and the batch stopped part-way.
        var calls = LedgerCount(rs);
        Assert.True(calls > 0, "Start reached Exchange before the stop");
        Thread.Sleep(Math.Max(300, latencyMs * 5));
        Assert.Equal(calls, LedgerCount(rs));
        using var q = PowerShell.Create();
        q.Runspace = rs;
        q.AddScript("@(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest).Count");
        var created = (int)q.Invoke()[0].BaseObject;
        Assert.True(created < 40, $"{created} requests: the stop should have come before the end of the batch");
    }
}

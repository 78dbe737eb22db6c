using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using Xunit;

namespace InactiveRestore.Tests.Commands;

/// <summary>Ctrl+C on Watch-InactiveRestore: the pipeline stops within a second and nothing keeps polling Exchange.</summary>
public class WatchCancellationTests
{
    private static Runspace Open()
    {
        var rs = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        rs.Open();
        using var setup = PowerShell.Create();
        setup.Runspace = rs;
        setup.AddScript(@"
            Import-Module (Join-Path $args[0] 'InactiveRestore.dll')
            Import-Module (Join-Path $args[0] 'ExchangeSimulator.dll')
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1
            foreach ($a in 'megan.bowen', 'alex.wilber') {
                $src = Get-Mailbox -InactiveMailboxOnly -Identity $a
                New-MailboxRestoreRequest -SourceMailbox $src.ExchangeGuid -TargetMailbox adele.vance -Name ""IR-$a-Primary"" -BatchName C1 -AllowLegacyDNMismatch | Out-Null
            }")
            .AddArgument(AppContext.BaseDirectory);
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
    [InlineData(50)]        // polling fast: stopped between or during checks
    [InlineData(600_000)]   // a 10-minute wait: the sleep takes the token
    public void StopEndsTheWatchAtOnceAndLeavesNothingPolling(int pollMilliseconds)
    {
        using var rs = Open();
        using var ps = PowerShell.Create();
        ps.Runspace = rs;
        ps.AddCommand("Watch-InactiveRestore").AddParameter("BatchName", "C1")
            .AddParameter("PollInterval", TimeSpan.FromMilliseconds(pollMilliseconds))
            .AddParameter("MaxPollInterval", TimeSpan.FromMilliseconds(pollMilliseconds))
            .AddParameter("Timeout", TimeSpan.FromHours(1));
        var async = ps.BeginInvoke();
        Thread.Sleep(300);
        Assert.False(async.IsCompleted, "nothing settles at TimeScale 0: the watch must still be running");
        Assert.True(ps.Streams.Information.Any(i => i.Tags.Contains("Watch")), "the watch started");

        var watch = Stopwatch.StartNew();
        ps.Stop();
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {watch.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(async));
        Assert.Equal(RunspaceAvailability.Available, rs.RunspaceAvailability);

        // No thread is left running the monitor: the ledger stays still.
        var calls = LedgerCount(rs);
        Thread.Sleep(300);
        Assert.Equal(calls, LedgerCount(rs));
    }
}

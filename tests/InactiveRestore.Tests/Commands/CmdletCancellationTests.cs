using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using Xunit;

namespace InactiveRestore.Tests.Commands;

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
                $global:InactiveRestoreRetryPolicy = @{ BaseDelay = 120; MaxDelay = 120; TotalBudget = 3600 }")
                .AddArgument(AppContext.BaseDirectory);
            setup.Invoke();
            Assert.False(setup.HadErrors, setup.Streams.Error.Count > 0 ? setup.Streams.Error[0].ToString() : "");
        }

        using var ps = PowerShell.Create();
        ps.Runspace = rs;
        ps.AddCommand("Get-InactiveMailbox");
        var async = ps.BeginInvoke();
        Thread.Sleep(1000); // the first call fails; the cmdlet now waits 60-120 s before retrying
        Assert.False(async.IsCompleted);
        var watch = Stopwatch.StartNew();
        ps.Stop();
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"Stop took {watch.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
    }
}

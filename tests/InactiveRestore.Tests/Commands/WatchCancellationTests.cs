using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using Xunit;

namespace InactiveRestore.Tests.Commands;

/// <summary>
/// Ctrl+C on Watch-InactiveRestore: stopped during a status check (a call held at the simulator's gate) or while it
/// waits for its next check, the pipeline ends and nothing polls Exchange after it.
/// </summary>
public class WatchCancellationTests
{
    private const string Check = "Get-MailboxRestoreRequestStatistics";

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

    private static PowerShell StartWatch(Runspace rs, TimeSpan poll, out IAsyncResult async)
    {
        var ps = PowerShell.Create();
        ps.Runspace = rs;
        ps.AddCommand("Watch-InactiveRestore").AddParameter("BatchName", "C1")
            .AddParameter("PollInterval", poll).AddParameter("MaxPollInterval", poll).AddParameter("Timeout", TimeSpan.FromHours(1));
        async = ps.BeginInvoke();
        return ps;
    }

    [Fact]
    public void StopDuringAStatusCheckEndsTheWatchAndNothingPollsAfterIt()
    {
        using var rs = Open();
        // Polling every 50 ms; the fifth check call (a later round: nothing settles at TimeScale 0) is held.
        using var hold = Stopping.Simulator(rs).Gate.Hold(Check, 5);
        using var ps = StartWatch(rs, TimeSpan.FromMilliseconds(50), out var async);
        Assert.True(hold.WaitUntilHeld(Stopping.HangGuard), "the watch kept polling");
        Assert.Contains(ps.Streams.Information, i => i.Tags.Contains("Watch"));
        int callsBeforeStop = Stopping.LedgerCount(rs);

        Stopping.StopAndAssertStopped(ps, async);
        hold.Open();

        Assert.InRange(Stopping.LedgerCount(rs), callsBeforeStop, callsBeforeStop + 1);
    }

    [Fact]
    public void StopDuringATenMinuteWaitEndsTheWatch()
    {
        using var rs = Open();
        // The watch lists the batch (Get-MailboxRestoreRequest), reads each request once, then polls in rounds: a listing,
        // one statistics read per request, then the 10-minute wait. The first round's listing is the 2nd listing.
        using var round = Stopping.Simulator(rs).Gate.Hold("Get-MailboxRestoreRequest", 2);
        using var ps = StartWatch(rs, TimeSpan.FromMinutes(10), out var async);
        Assert.True(round.WaitUntilHeld(Stopping.HangGuard), "the watch started its first polling round");
        int beforeRound = Stopping.LedgerCount(rs);
        round.Open();
        Assert.True(SpinWait.SpinUntil(() => Stopping.LedgerCount(rs) >= beforeRound + 3, Stopping.HangGuard),
            "the round's listing and its two statistics reads");
        int callsBeforeStop = Stopping.LedgerCount(rs);

        Stopping.StopAndAssertStopped(ps, async);   // returns long before the 10 minutes (the hang guard is 30 s)
        Assert.InRange(Stopping.LedgerCount(rs), callsBeforeStop, callsBeforeStop + 1);   // no next round
    }
}

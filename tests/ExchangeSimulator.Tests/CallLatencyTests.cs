using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ExchangeSimulator.Tests;

/// <summary>
/// Connect-ExchangeSimulator -CallLatency: every Exchange call costs that much simulated time, charged to the clock before
/// the call runs (never slept), so requests progress while a client talks to Exchange, as in a real tenant.
/// </summary>
public class CallLatencyTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(300);

    private static SimSession WithLatency(TimeSpan latency)
    {
        var s = new SimSession(connect: false);
        s.Run("Connect-ExchangeSimulator", ("Seed", 1), ("TimeScale", 0.0), ("CallLatency", latency));
        Assert.Empty(s.Errors);
        return s;
    }

    private static DateTime Now(SimSession s) => (DateTime)s.Run("Step-ExchangeSimulator", ("Duration", TimeSpan.Zero), ("-PassThru", null))[0].BaseObject;

    private static (string Command, (string, object?)[] Parameters)[] Calls()
    {
        // Lee Gu's inactive mailbox, a restore of it into Adele Vance, then 400 reads (almost 7 simulated minutes at 1 s).
        string dn;
        using (var other = new SimSession()) dn = other.Mailbox("lee.gu", inactive: true).Prop<string>("DistinguishedName");
        var calls = new List<(string, (string, object?)[])>
        {
            ("Get-Mailbox", new (string, object?)[] { ("Identity", "lee.gu"), ("InactiveMailboxOnly", true) }),
            ("New-MailboxRestoreRequest", new (string, object?)[] { ("SourceMailbox", dn), ("TargetMailbox", "adele.vance"), ("AllowLegacyDNMismatch", true) }),
        };
        for (int i = 0; i < 200; i++)
        {
            calls.Add(("Get-MailboxRestoreRequestStatistics", new (string, object?)[] { ("Identity", "adele.vance\\MailboxRestore") }));
            calls.Add(("Get-Mailbox", new (string, object?)[] { ("Identity", "adele.vance") }));
        }
        return calls.ToArray();
    }

    private static string Signature(PSObject st) => string.Join(" ", new[] { "Status", "StatusDetail", "PercentComplete", "BytesTransferred", "StartTimestamp", "LastUpdateTimestamp" }
        .Select(n => st.Properties[n]?.Value?.ToString()));

    [Fact]
    public void ACallWithLatencyIsAStepOfTheLatencyThenTheCall()
    {
        // The same calls: once with -CallLatency, once without it but with a manual step of the same time before each.
        var latency = TimeSpan.FromSeconds(1);
        using var a = WithLatency(latency);
        using var b = WithLatency(TimeSpan.Zero);
        var seenA = new List<string>();
        var seenB = new List<string>();
        foreach (var (command, parameters) in Calls())
        {
            var r = a.Run(command, parameters);
            Assert.Empty(a.Errors);
            b.Run("Step-ExchangeSimulator", ("Duration", latency));
            var rb = b.Run(command, parameters);
            Assert.Empty(b.Errors);
            if (command == "Get-MailboxRestoreRequestStatistics")
            {
                seenA.Add(Signature(r[0]));
                seenB.Add(Signature(rb[0]));
            }
        }
        Assert.Equal(seenB, seenA);
        Assert.Equal(Now(b), Now(a));
        // The request moved while the reads went on: it was queued at first, copying at the end.
        Assert.StartsWith("Queued", seenA[0]);
        Assert.StartsWith("InProgress", seenA[^1]);
        var timesA = a.Run("Get-ExchangeSimulatorLedger").Select(e => e.Prop<DateTime>("SimulatedTime")).ToList();
        var timesB = b.Run("Get-ExchangeSimulatorLedger").Select(e => e.Prop<DateTime>("SimulatedTime")).ToList();
        Assert.Equal(402, timesA.Count);
        Assert.Equal(timesB, timesA);
    }

    [Fact]
    public void TheLedgerShowsEachCallAtItsTimeAfterTheLatency()
    {
        using var s = WithLatency(Latency);
        s.Run("Clear-ExchangeSimulatorLedger");
        var start = Now(s);
        for (int i = 0; i < 5; i++) s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        var times = s.Run("Get-ExchangeSimulatorLedger").Select(e => e.Prop<DateTime>("SimulatedTime")).ToList();
        Assert.Equal(Enumerable.Range(1, 5).Select(i => start + TimeSpan.FromTicks(Latency.Ticks * i)), times);
        // The simulator's own cmdlets (ledger, step, state) are not Exchange calls: they cost nothing.
        s.Run("Get-ExchangeSimulatorLedger");
        s.Run("Get-ExchangeSimulatorState");
        Assert.Equal(start + TimeSpan.FromTicks(Latency.Ticks * 5), Now(s));
    }

    [Fact]
    public void EveryPipelineRecordIsACallAndCostsTheLatency()
    {
        using var s = WithLatency(Latency);
        s.Run("New-ExchangeSimulatorRequestBatch", ("Count", 3), ("BatchName", "P"));
        s.Run("Clear-ExchangeSimulatorLedger");
        var start = Now(s);
        // One listing, then three statistics reads through the pipeline: four calls.
        var stats = s.Script("Get-MailboxRestoreRequest -BatchName P | Get-MailboxRestoreRequestStatistics");
        Assert.Empty(s.Errors);
        Assert.Equal(3, stats.Count);
        Assert.Equal(4, s.Run("Get-ExchangeSimulatorLedger").Count);
        Assert.Equal(start + TimeSpan.FromTicks(Latency.Ticks * 4), Now(s));
    }

    [Fact]
    public void AFailedCallCostsTheLatencyToo()
    {
        using var s = WithLatency(TimeSpan.FromSeconds(2));
        s.Run("Set-ExchangeSimulatorFault", ("CommandName", new[] { "Get-Mailbox" }), ("TransientErrorRate", 1.0));
        var start = Now(s);
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        Assert.Single(s.Errors);
        s.Run("Get-Mailbox", ("Identity", "nobody.here"));
        Assert.Single(s.Errors);
        s.Run("Set-ExchangeSimulatorFault", ("-Clear", null));
        s.Run("Get-Mailbox", ("Identity", "nobody.here"));
        Assert.Single(s.Errors); // not found: a service error, still a call
        Assert.Equal(start + TimeSpan.FromSeconds(6), Now(s));
        Assert.Equal(new[] { "Fault", "Fault", "Error" }, s.Run("Get-ExchangeSimulatorLedger").Select(e => e.Prop<string>("Outcome")));
    }

    [Fact]
    public void QueuePositionsFollowTheEngineWhileEveryCallMovesTheClock()
    {
        // 12 queued requests, 10 run at a time; 60 statistics reads of 7 s each span 7 engine ticks, during which 10 start.
        using var s = WithLatency(TimeSpan.FromSeconds(7));
        s.Run("New-ExchangeSimulatorRequestBatch", ("Count", 12), ("BatchName", "Q"));
        var ids = s.Run("Get-MailboxRestoreRequest", ("BatchName", "Q")).Select(r => r.Prop<object>("RequestGuid").ToString()!).ToList();
        var statuses = new HashSet<string>();
        var last = new List<int>();
        for (int round = 0; round < 5; round++)
        {
            last.Clear();
            foreach (var id in ids)
            {
                var st = s.One("Get-MailboxRestoreRequestStatistics", ("Identity", id));
                // The queue as the engine holds it at this instant (the simulator's view, no Exchange call).
                var queued = s.One("Get-ExchangeSimulatorState").Prop<PSObject[]>("Requests")
                    .Where(r => r.Prop<string>("Status") == "Queued").Select(r => r.Prop<object>("RequestGuid").ToString()).ToList();
                int expected = queued.IndexOf(id) + 1; // requests queue in the order they were made
                Assert.Equal(expected, st.Prop<int>("PositionInQueue"));
                statuses.Add(st.Prop<string>("Status"));
                last.Add(st.Prop<int>("PositionInQueue"));
            }
        }
        Assert.Contains("Queued", statuses);
        Assert.Contains("InProgress", statuses);
        Assert.Equal(Enumerable.Repeat(0, 10).Concat(new[] { 1, 2 }), last);
    }

    [Fact]
    public void ANegativeLatencyCostsNothing()
    {
        using var s = WithLatency(TimeSpan.FromSeconds(-5));
        var start = Now(s);
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        Assert.Equal(start, Now(s));
    }
}

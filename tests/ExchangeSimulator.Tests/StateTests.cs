using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using ExchangeSimulator.Engine;
using Xunit;
using Xunit.Abstractions;

namespace ExchangeSimulator.Tests;

/// <summary>Persistent state (Connect-ExchangeSimulator -StatePath), its random generator and its file format.</summary>
public sealed class StateTests : IDisposable
{
    private readonly ITestOutputHelper _out;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "simstate-" + Guid.NewGuid().ToString("N"));

    public StateTests(ITestOutputHelper output)
    {
        _out = output;
        Directory.CreateDirectory(_dir);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(0)]
    [InlineData(-7)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void SimRandomMatchesSystemRandom(int seed)
    {
        var expected = new Random(seed);
        var actual = new SimRandom(seed);
        for (int i = 0; i < 2000; i++)
        {
            switch (i % 6)
            {
                case 0: Assert.Equal(expected.Next(), actual.Next()); break;
                case 1: Assert.Equal(expected.Next(31), actual.Next(31)); break;
                case 2: Assert.Equal(expected.NextDouble(), actual.NextDouble()); break;
                case 3: Assert.Equal(expected.Next(-5, 9000), actual.Next(-5, 9000)); break;
                case 4:
                    byte[] a = new byte[16], b = new byte[16];
                    expected.NextBytes(a); actual.NextBytes(b);
                    Assert.Equal(a, b);
                    break;
                default: Assert.Equal(expected.Next(int.MinValue, int.MaxValue), actual.Next(int.MinValue, int.MaxValue)); break;
            }
        }
    }

    [Fact]
    public void SimRandomStateRoundTripContinuesTheSequence()
    {
        var r = new SimRandom(5);
        for (int i = 0; i < 100; i++) r.Next();
        var copy = SimRandom.FromState(r.GetState());
        for (int i = 0; i < 500; i++) Assert.Equal(r.NextDouble(), copy.NextDouble());
    }

    /// <summary>A canonical text of an output object (nested objects and arrays, invariant formats) to compare two tenants.</summary>
    private static string Canonical(object? value)
    {
        var sb = new StringBuilder();
        void Walk(object? v, string indent)
        {
            if (v is PSObject p && (p.BaseObject is PSCustomObject || p.TypeNames.Any(t => t.StartsWith("Deserialized.", StringComparison.Ordinal) || t.StartsWith("ExchangeSimulator", StringComparison.Ordinal))))
            {
                sb.Append("{\n");
                foreach (var prop in p.Properties) { sb.Append(indent).Append(prop.Name).Append('='); Walk(prop.Value, indent + "  "); sb.Append('\n'); }
                sb.Append(indent).Append('}');
                return;
            }
            object? b = v is PSObject po ? po.BaseObject : v;
            switch (b)
            {
                case null: sb.Append("null"); break;
                case string s: sb.Append('"').Append(s).Append('"'); break;
                case DateTime d: sb.Append(d.ToString("o", CultureInfo.InvariantCulture)); break;
                case IEnumerable e:
                    sb.Append('[');
                    foreach (var x in e) { Walk(x, indent + "  "); sb.Append(", "); }
                    sb.Append(']');
                    break;
                default: sb.Append(Convert.ToString(b, CultureInfo.InvariantCulture)); break;
            }
        }
        Walk(value, "");
        return sb.ToString();
    }

    private static string StateText(SimSession s) => Canonical(s.One("Get-ExchangeSimulatorState"));

    private static string LedgerText(SimSession s) =>
        string.Join("\n", s.Run("Get-ExchangeSimulatorLedger").Select(o => (LedgerEntry)o.BaseObject).Select(e =>
            e.Sequence + " " + e.SimulatedTime.ToString("o", CultureInfo.InvariantCulture) + " " + e.CommandName + " " + e.InvokedAs + " " + e.Outcome + " " + e.Error + " " + e.ChangeApplied +
            " " + string.Join(";", e.Parameters.Keys.Cast<string>().OrderBy(k => k, StringComparer.Ordinal).Select(k => k + "=" + Canonical(e.Parameters[k])))));

    /// <summary>A tenant with requests in every state, mailbox changes, a suspended and a removed request, faults.</summary>
    private static void BuildMidFlight(SimSession s)
    {
        s.Restore("megan.bowen", "adele.vance", ("TargetRootFolder", "Megan"));                      // Normal
        s.Restore("lynne.robbins", "bianca.pisani");                                                 // BadItems
        s.Restore("pradeep.gupta", "delia.dennis");                                                  // FailedOtherAllCopied
        s.Restore("alex.wilber", "enrico.cattaneo");                                                 // Stall
        s.Restore("henrietta.mueller", "mallory.cortez");                                            // AutoSuspend
        s.Restore("johanna.lorenz", "tamara.ahmed", ("BatchName", "b1"));                            // CompletedWithWarning
        s.Restore("lee.gu", "allan.deyoung", ("-Suspend", null), ("SuspendComment", "later"));       // suspended at creation
        s.Restore("irvin.sayers", "cameron.white", ("SourceIsArchive", new SwitchParameter(true)), ("TargetIsArchive", new SwitchParameter(true)));
        s.Restore("nestor.wilke", "emily.braun");
        s.Restore("miriam.graham", "gerhart.moller", ("CompletedRequestAgeLimit", TimeSpan.FromMinutes(30)));
        s.Restore("isaiah.langer", "lidia.holloway");
        s.Restore("grady.archie", "sanjay.shah");                                                    // queued behind the cap
        s.Restore("patti.fernandez", "vincent.gomez");
        string softDeleted = s.One("Get-Mailbox", ("Identity", "christie.cline"), ("-SoftDeletedMailbox", null)).Prop<string>("DistinguishedName");
        s.One("New-MailboxRestoreRequest", ("SourceMailbox", softDeleted), ("TargetMailbox", "zrinka.makovac"), ("-AllowLegacyDNMismatch", null));
        s.Run("Set-Mailbox", ("Identity", "debra.berger"), ("RetentionHoldEnabled", true), ("RetentionPolicy", null));
        s.Run("Set-Mailbox", ("Identity", "wanda.howard"), ("EmailAddresses", new Hashtable { ["Add"] = new object[] { "smtp:wh2@contoso.onmicrosoft.com", "X500:/o=x/cn=y" } }));
        s.Run("Set-ExchangeSimulatorFault", ("CommandName", new[] { "Get-MailboxStatistics" }), ("TransientErrorRate", 0.3));
        s.Step(20);
        s.Run("Suspend-MailboxRestoreRequest", ("Identity", "emily.braun\\MailboxRestore"), ("Confirm", false));
        s.Run("Remove-MailboxRestoreRequest", ("Identity", "lidia.holloway\\MailboxRestore"), ("Confirm", false));
        for (int i = 0; i < 8; i++) s.Run("Get-MailboxStatistics", ("Identity", "adele.vance"));
        s.Step(47);
        s.Restore("megan.bowen", "legal.restore", ("Name", "late"), ("TargetIsArchive", new SwitchParameter(true)));   // still Queued
    }

    private static void Continue(SimSession s)
    {
        s.Step(30);
        s.Run("Resume-MailboxRestoreRequest", ("Identity", "mallory.cortez\\MailboxRestore"));
        s.Run("Resume-MailboxRestoreRequest", ("Identity", "emily.braun\\MailboxRestore"));
        for (int i = 0; i < 5; i++) s.Run("Get-MailboxStatistics", ("Identity", "bianca.pisani"));
        s.Step(200);
        s.Run("Resume-MailboxRestoreRequest", ("Identity", "delia.dennis\\MailboxRestore"));
        s.Run("Resume-MailboxRestoreRequest", ("Identity", "allan.deyoung\\MailboxRestore"));
        s.Step(24 * 60);
    }

    [Fact]
    public void AReloadedTenantIsIdenticalAndEvolvesIdentically()
    {
        string original = PathOf("a.json"), copy = PathOf("b.json");
        using var a = new SimSession(seed: 9, statePath: original);
        BuildMidFlight(a);
        string statusMix = string.Join(",", a.One("Get-ExchangeSimulatorState").Prop<object[]>("Requests").Cast<PSObject>()
            .Select(r => r.Prop<string>("Status") + "/" + r.Prop<string>("StatusDetail") + (r.Prop<bool>("IsRemoved") ? "/removed" : "")).OrderBy(x => x));
        _out.WriteLine(statusMix);
        foreach (var status in new[] { "Queued", "InProgress", "Completed", "Suspended", "Failed", "AutoSuspended", "removed", "StalledDueToTarget" })
            Assert.Contains(status, statusMix);

        File.Copy(original, copy);
        File.Copy(original + ".ledger", copy + ".ledger");   // the state is the file and its ledger journal
        using var b = new SimSession(seed: 1234, statePath: copy);   // the state file's seed wins
        string loaded = StateText(b);
        Assert.Equal(StateText(a), loaded);
        Assert.Equal(LedgerText(a), LedgerText(b));
        // The comparison sees everything: mailbox changes, statistics, report entries.
        Assert.Contains("X500:/o=x/cn=y", loaded);
        Assert.Contains("Copy progress:", loaded);
        Assert.Contains("RetentionHoldEnabled=True", loaded);

        Continue(a);
        Continue(b);
        string after = StateText(a);
        Assert.NotEqual(loaded, after);
        Assert.Equal(after, StateText(b));
        Assert.Equal(LedgerText(a), LedgerText(b));
        Assert.Contains("CompletedWithWarning", after);
    }

    [Fact]
    public void AStateFileSurvivesDisconnectAndReconnectInTheSameRunspace()
    {
        string path = PathOf("same.json");
        using var s = new SimSession(statePath: path);
        var r = s.Restore("megan.bowen", "adele.vance");
        s.Step(10);
        string before = StateText(s);
        s.Run("Disconnect-ExchangeSimulator");
        s.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0), ("Seed", 77), ("TenantPath", PathOf("does-not-exist.json")));
        Assert.Empty(s.Errors);
        Assert.Equal(before, StateText(s));
        // Reconnecting while connected to the same file releases our own lock first.
        s.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0));
        Assert.Equal(r.Prop<Guid>("RequestGuid"), s.Stats("adele.vance\\MailboxRestore").Prop<Guid>("RequestGuid"));
        var ci = s.One("Get-ConnectionInformation");
        Assert.Equal("Connected", ci.Prop<string>("State"));
    }

    [Fact]
    public void ReconnectingToAStateFileIsANewSignInTheExpiredTokenEndsTheFaultRulesStay()
    {
        string path = PathOf("token.json");
        using var s = new SimSession(statePath: path);
        s.Run("Set-ExchangeSimulatorFault", ("CommandName", new[] { "Get-Mailbox" }), ("Latency", TimeSpan.FromMilliseconds(1)));
        s.Run("Set-ExchangeSimulatorFault", ("TokenExpiresAt", new DateTime(2026, 3, 2, 9, 5, 0, DateTimeKind.Utc)));
        s.Step(10);
        Assert.Equal("Expired", s.One("Get-ConnectionInformation").Prop<string>("TokenStatus"));
        s.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0));
        Assert.Equal("Active", s.One("Get-ConnectionInformation").Prop<string>("TokenStatus"));
        Assert.Single(s.Run("Get-Mailbox", ("Identity", "adele.vance")));
        Assert.Empty(s.Errors);
        Assert.Contains("\"TokenExpiresAt\": null", File.ReadAllText(path));
        Assert.Contains("\"Latency\": \"00:00:00.0010000\"", File.ReadAllText(path));
    }

    [Fact]
    public void ASecondConnectionToTheSameStateFileIsRefusedWhileTheFirstHoldsIt()
    {
        string path = PathOf("locked.json");
        using var a = new SimSession(statePath: path);
        using var b = new SimSession(connect: false);
        var e = Assert.ThrowsAny<RuntimeException>(() => b.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0)));
        Assert.Equal("StateFileLocked", e.ErrorRecord.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("in use by another connection", e.Message);
        Assert.Empty(b.Run("Get-ConnectionInformation"));
        a.Run("Disconnect-ExchangeSimulator");
        b.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0));
        Assert.Empty(b.Errors);
        Assert.Single(b.Run("Get-ConnectionInformation"));
    }

    [Fact]
    public void ChangesArePersistedByEveryCallAndTheTempFileIsGone()
    {
        string path = PathOf("every.json");
        using var s = new SimSession(statePath: path);
        Assert.True(File.Exists(path));
        s.Restore("megan.bowen", "adele.vance");
        string text = File.ReadAllText(path);
        Assert.StartsWith("{\n  \"StateVersion\": 2,", text.Replace("\r\n", "\n"));
        Assert.Contains("adele.vance", text);
        Assert.False(File.Exists(path + ".tmp"));
        // The ledger is journaled next to the state, one entry per line.
        string journal = File.ReadAllText(path + ".ledger");
        Assert.Contains("\"CommandName\":\"New-MailboxRestoreRequest\"", journal);
        Assert.Equal(s.Run("Get-ExchangeSimulatorLedger").Count, journal.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        s.Run("Clear-ExchangeSimulatorLedger");
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        s.Run("Disconnect-ExchangeSimulator");
        s.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0));
        var ledger = s.Run("Get-ExchangeSimulatorLedger");
        Assert.Equal("Get-Mailbox", Assert.Single(ledger).Prop<string>("CommandName"));
        s.Run("Set-ExchangeSimulatorFault", ("TokenExpiresAt", new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc)));
        Assert.Contains("\"TokenExpiresAt\": \"2026-03-02T10:00:00Z\"", File.ReadAllText(path));
        s.Step(5);
        Assert.Contains("\"Now\": \"2026-03-02T09:05:00Z\"", File.ReadAllText(path));
    }

    [Fact]
    public void ReadsWithTheClockStandingStillOnlyAppendToTheLedgerJournal()
    {
        string path = PathOf("reads.json"), copy = PathOf("reads-copy.json");
        using var s = new SimSession(statePath: path);
        s.Restore("megan.bowen", "adele.vance");
        byte[] state = File.ReadAllBytes(path);
        long journal = new FileInfo(path + ".ledger").Length;
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        s.Run("Get-Mailbox", ("Identity", "nobody"));
        s.Stats("adele.vance\\MailboxRestore");
        s.Run("Suspend-MailboxRestoreRequest", ("Identity", "adele.vance\\MailboxRestore"), ("WhatIf", true));
        Assert.Equal(state, File.ReadAllBytes(path));
        Assert.True(new FileInfo(path + ".ledger").Length > journal);
        string ledger = LedgerText(s);

        File.Copy(path, copy);
        File.Copy(path + ".ledger", copy + ".ledger");
        // A change call killed between its journal append and its state save, then a torn line: both dropped at load.
        string lastLine = File.ReadAllLines(copy + ".ledger").Last();
        File.AppendAllText(copy + ".ledger", lastLine.Replace("\"Clean\":true,", "").Replace("\"Sequence\":", "\"Sequence\":9") + "\n{\"Clean\":true,\"Seq");
        long tampered = new FileInfo(copy + ".ledger").Length;
        using var b = new SimSession(statePath: copy);
        Assert.Equal(ledger, LedgerText(b));
        Assert.True(new FileInfo(copy + ".ledger").Length < tampered);
        Assert.Equal(StateText(s), StateText(b));
        // Sequence numbers continue after the clean entries.
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        b.Run("Get-Mailbox", ("Identity", "adele.vance"));
        Assert.Equal(LedgerText(s), LedgerText(b));
    }

    [Fact]
    public void AMalformedOrForeignStateFileIsATerminatingError()
    {
        string path = PathOf("bad.json");
        File.WriteAllText(path, "{ \"StateVersion\": 2, \"Mailboxes\": [ ");
        using var s = new SimSession(connect: false);
        var e = Assert.ThrowsAny<RuntimeException>(() => s.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0)));
        Assert.Equal("StateLoadFailed", e.ErrorRecord.FullyQualifiedErrorId.Split(',')[0]);
        File.WriteAllText(path, "{ \"StateVersion\": 99 }");
        e = Assert.ThrowsAny<RuntimeException>(() => s.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0)));
        Assert.Contains("StateVersion 99", e.Message);
        // The failed attempts released the lock.
        File.Delete(path);
        s.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0));
        Assert.Single(s.Run("Get-ConnectionInformation"));
    }

    [Fact]
    public void TheWallClockContinuesFromTheSavedTime()
    {
        string path = PathOf("clock.json");
        using (var s = new SimSession(statePath: path))
        {
            s.Step(90);
        }
        using var t = new SimSession(connect: false);
        t.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 60.0));
        var now = t.One("Get-ExchangeSimulatorState").Prop<DateTime>("Now");
        Assert.InRange(now, new DateTime(2026, 3, 2, 10, 30, 0, DateTimeKind.Utc), new DateTime(2026, 3, 2, 10, 40, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void ASoakSizedTenantIsSavedAndItsCostReported()
    {
        string fixture = PathOf("soak.json"), path = PathOf("soak-state.json");
        using var s = new SimSession(connect: false);
        s.Run("New-ExchangeSimulatorTenant", ("Path", fixture), ("BehaviorMix", new Hashtable { ["Normal"] = 0.9, ["Stall"] = 0.05, ["BadItems"] = 0.05 }));
        s.Run("Connect-ExchangeSimulator", ("TenantPath", fixture), ("StatePath", path), ("TimeScale", 0.0));
        var sources = s.Run("Get-Mailbox", ("InactiveMailboxOnly", new SwitchParameter(true)), ("ResultSize", "Unlimited"));
        Assert.Equal(200, sources.Count);
        for (int i = 1; i <= 200; i++)
        {
            string n = i.ToString("0000", CultureInfo.InvariantCulture);
            string dn = sources[i - 1].Prop<string>("DistinguishedName");
            s.Run("New-MailboxRestoreRequest", ("SourceMailbox", dn), ("TargetMailbox", "active." + n), ("AllowLegacyDNMismatch", new SwitchParameter(true)));
            s.Run("New-MailboxRestoreRequest", ("SourceMailbox", dn), ("TargetMailbox", "active." + n), ("AllowLegacyDNMismatch", new SwitchParameter(true)), ("Name", "Again"));
            Assert.Empty(s.Errors);
        }
        s.Step(120);
        var times = new List<double>();
        for (int i = 0; i < 30; i++)
        {
            s.Step(1);
            times.Add((double)s.Script("[ExchangeSimulator.Engine.SimulatorRegistry]::Current.LastSaveMilliseconds")[0].BaseObject);
        }
        times.Sort();
        double median = times[times.Count / 2];
        var reads = new List<double>();
        for (int i = 1; i <= 30; i++)
        {
            s.Stats("active." + i.ToString("0000", CultureInfo.InvariantCulture) + "\\Again");
            reads.Add((double)s.Script("[ExchangeSimulator.Engine.SimulatorRegistry]::Current.LastSaveMilliseconds")[0].BaseObject);
        }
        reads.Sort();
        var serialize = s.Script("$c = [ExchangeSimulator.Engine.SimulatorRegistry]::Current; 1..5 | ForEach-Object { (Measure-Command { $null = [ExchangeSimulator.Engine.StateStore]::Serialize($c) }).TotalMilliseconds } | Sort-Object")
            .Select(o => (double)o.BaseObject).ToList();
        long size = new FileInfo(path).Length;
        _out.WriteLine($"400 mailboxes, 400 requests, {s.Run("Get-ExchangeSimulatorLedger").Count} ledger entries: state file {size / 1024} KB, " +
            $"full save median {median:0.0} ms (max {times.Max():0.0} ms, of which serializing median {serialize[2]:0.0} ms); read call with the clock still (ledger append only) median {reads[reads.Count / 2]:0.00} ms");
        Assert.Equal(400, s.One("Get-ExchangeSimulatorState").Prop<object[]>("Requests").Length);
        // The figures are printed, not asserted: on a shared machine the disk flush dominates and varies by an order of magnitude.
    }
}

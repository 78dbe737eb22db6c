using System;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ExchangeSimulator.Tests;

/// <summary>Skipped items and what a restore put in the target (Get-MailboxFolderStatistics).</summary>
public class ContentTests
{
    private static long Bytes(string size) => long.Parse(size.Substring(size.IndexOf('(') + 1).Split(' ')[0].Replace(",", ""));

    private static PSObject[] Folders(SimSession s, string mailbox, bool archive = false) =>
        (archive ? s.Run("Get-MailboxFolderStatistics", ("Identity", mailbox), ("-Archive", null), ("FolderScope", "All"))
                 : s.Run("Get-MailboxFolderStatistics", ("Identity", mailbox), ("FolderScope", "All"))).ToArray();

    [Fact]
    public void SkippedItemRowsMatchTheCounters()
    {
        using var s = new SimSession();
        s.Restore("lynne.robbins", "adele.vance");
        s.Step(120);
        var st = s.One("Get-MailboxRestoreRequestStatistics", ("Identity", "adele.vance\\MailboxRestore"), ("-IncludeSkippedItems", null));
        Assert.Equal("Failed", st.Prop<string>("Status"));
        var rows = ((object[])st.Properties["SkippedItems"].Value).Cast<PSObject>().ToArray();
        long bad = st.Prop<long>("BadItemsEncountered");
        Assert.True(bad > 0);
        Assert.Equal(bad + st.Prop<long>("LargeItemsEncountered") + st.Prop<long>("MissingItemsEncountered"), rows.Length);
        Assert.All(rows, r =>
        {
            Assert.Equal("CorruptItem", r.Prop<string>("Kind"));
            foreach (var p in new[] { "FolderName", "Subject", "Sender", "Failure", "ScoringClassifications" }) Assert.False(string.IsNullOrEmpty(r.Prop<string>(p)));
            Assert.True(Bytes(r.Prop<string>("MessageSize")) > 0);
            Assert.True(r.Prop<DateTime>("DateReceived") >= r.Prop<DateTime>("DateSent"));
        });
        // Deterministic per request.
        var again = s.One("Get-MailboxRestoreRequestStatistics", ("Identity", "adele.vance\\MailboxRestore"), ("-IncludeSkippedItems", null));
        Assert.Equal(rows.Select(r => r.Prop<string>("Subject")), ((object[])again.Properties["SkippedItems"].Value).Cast<PSObject>().Select(r => r.Prop<string>("Subject")));
        // No skipped items: an empty list.
        s.Restore("megan.bowen", "allan.deyoung");
        Assert.Empty((object[])s.One("Get-MailboxRestoreRequestStatistics", ("Identity", "allan.deyoung\\MailboxRestore"), ("-IncludeSkippedItems", null)).Properties["SkippedItems"].Value);
    }

    [Fact]
    public void ACompletedRequestCanCarrySkippedItemsAndAPoorScore()
    {
        using var s = new SimSession();
        s.Restore("megan.bowen", "adele.vance");
        s.Step(60);
        var st = s.Stats("adele.vance\\MailboxRestore");
        Assert.Equal("Completed", st.Prop<string>("Status"));
        s.Run("Set-ExchangeSimulatorRequest", ("Identity", st.Prop<Guid>("RequestGuid").ToString()), ("BadItemsEncountered", 3L), ("LargeItemsEncountered", 1L), ("MissingItemsEncountered", 2L), ("DataConsistencyScore", "poor"));
        Assert.Empty(s.Errors);
        st = s.One("Get-MailboxRestoreRequestStatistics", ("Identity", "adele.vance\\MailboxRestore"), ("-IncludeSkippedItems", null));
        Assert.Equal("Poor", st.Prop<string>("DataConsistencyScore"));
        var kinds = ((object[])st.Properties["SkippedItems"].Value).Cast<PSObject>().Select(r => r.Prop<string>("Kind")).ToList();
        Assert.Equal(new[] { "CorruptItem", "CorruptItem", "CorruptItem", "LargeItem", "MissingItem", "MissingItem" }, kinds);
    }

    [Fact]
    public void RestoredItemsAppearUnderTheTargetRootFolderAsTheyAreCopied()
    {
        using var s = new SimSession();
        s.Restore("megan.bowen", "adele.vance", ("TargetRootFolder", "Restored-Megan Bowen-2026-03-02"));
        const string root = "/Restored-Megan Bowen-2026-03-02";
        PSObject? Root() => Folders(s, "adele.vance").FirstOrDefault(f => f.Prop<string>("FolderPath") == root);
        Assert.Null(Root());   // queued: the root folder appears when the request starts (folder hierarchy)
        s.Step(6);
        var mid = s.Stats("adele.vance\\MailboxRestore");
        var partial = Root();
        Assert.NotNull(partial);
        Assert.Equal(mid.Prop<long>("ItemsTransferred"), partial!.Prop<long>("ItemsInFolderAndSubfolders"));
        s.Step(60);
        var done = s.Stats("adele.vance\\MailboxRestore");
        Assert.Equal("Completed", done.Prop<string>("Status"));
        var folders = Folders(s, "adele.vance");
        var r = folders.Single(f => f.Prop<string>("FolderPath") == root);
        Assert.Equal(done.Prop<long>("ItemsTransferred"), r.Prop<long>("ItemsInFolderAndSubfolders"));
        Assert.Equal("Restored-Megan Bowen-2026-03-02", r.Prop<string>("Name"));
        Assert.Contains(folders, f => f.Prop<string>("FolderPath") == root + "/Inbox" && f.Prop<long>("ItemsInFolder") > 0);
        Assert.All(folders, f => { Bytes(f.Prop<string>("FolderSize")); Bytes(f.Prop<string>("FolderAndSubfolderSize")); Assert.NotNull(f.Properties["FolderType"]); });
        // Total items of the mailbox = the IPM subtree + Recoverable Items.
        var stats = s.One("Get-MailboxStatistics", ("Identity", "adele.vance"));
        var top = folders.Single(f => f.Prop<string>("FolderPath") == "/Top of Information Store");
        Assert.Equal(stats.Prop<long>("ItemCount"), top.Prop<long>("ItemsInFolderAndSubfolders"));

        // A removed request leaves what it copied; the owner moves the folder; some items go missing.
        s.Run("Remove-MailboxRestoreRequest", ("Identity", "adele.vance\\MailboxRestore"), ("Confirm", false));
        Assert.Equal(r.Prop<long>("ItemsInFolderAndSubfolders"), Folders(s, "adele.vance").Single(f => f.Prop<string>("FolderPath") == root).Prop<long>("ItemsInFolderAndSubfolders"));
        s.Run("Set-ExchangeSimulatorRequest", ("Identity", done.Prop<Guid>("RequestGuid").ToString()), ("ItemsMissingInTarget", 25L));
        Assert.Equal(r.Prop<long>("ItemsInFolderAndSubfolders") - 25, Folders(s, "adele.vance").Single(f => f.Prop<string>("FolderPath") == root).Prop<long>("ItemsInFolderAndSubfolders"));
        s.Run("Set-ExchangeSimulatorMailbox", ("Identity", "adele.vance"), ("MoveFolder", root), ("NewFolderPath", "/Inbox/Old mail"));
        folders = Folders(s, "adele.vance");
        Assert.DoesNotContain(folders, f => f.Prop<string>("FolderPath") == root);
        Assert.Contains(folders, f => f.Prop<string>("FolderPath") == "/Inbox/Old mail/Inbox");
        var inbox = folders.Single(f => f.Prop<string>("FolderPath") == "/Inbox");
        Assert.True(inbox.Prop<long>("ItemsInFolderAndSubfolders") > inbox.Prop<long>("ItemsInFolder"));
    }

    private static bool IsDumpster(PSObject f)
    {
        var type = f.Prop<string>("FolderType");
        return type.StartsWith("RecoverableItems", StringComparison.Ordinal) || type == "CalendarLogging" || type == "Audits";
    }

    /// <summary>
    /// The folder tree of a mailbox part adds up to its Get-MailboxStatistics figures: FolderSize/ItemsInFolder of the
    /// folders outside Recoverable Items = TotalItemSize/ItemCount, of the Recoverable Items folders = TotalDeletedItemSize/
    /// DeletedItemCount; the two roots' subtree totals say the same. Returns the tree.
    /// </summary>
    private static PSObject[] AssertTreeAddsUp(SimSession s, string mailbox, bool archive)
    {
        var folders = Folders(s, mailbox, archive);
        Assert.Empty(s.Warnings);   // fewer than Exchange's default 1000 rows
        var stats = archive ? s.One("Get-MailboxStatistics", ("Identity", mailbox), ("-Archive", null)) : s.One("Get-MailboxStatistics", ("Identity", mailbox));
        var what = mailbox + (archive ? " (archive)" : "");
        var own = folders.Where(f => !IsDumpster(f)).ToList();
        var dumpster = folders.Where(IsDumpster).ToList();
        Assert.True(own.Sum(f => Bytes(f.Prop<string>("FolderSize"))) == Bytes(stats.Prop<string>("TotalItemSize")), what);
        Assert.True(own.Sum(f => f.Prop<long>("ItemsInFolder")) == stats.Prop<long>("ItemCount"), what);
        Assert.True(dumpster.Sum(f => Bytes(f.Prop<string>("FolderSize"))) == Bytes(stats.Prop<string>("TotalDeletedItemSize")), what);
        Assert.True(dumpster.Sum(f => f.Prop<long>("ItemsInFolder")) == stats.Prop<long>("DeletedItemCount"), what);
        var top = folders.Single(f => f.Prop<string>("FolderPath") == "/Top of Information Store");
        Assert.Equal(stats.Prop<long>("ItemCount"), top.Prop<long>("ItemsInFolderAndSubfolders"));
        Assert.Equal(Bytes(stats.Prop<string>("TotalItemSize")), Bytes(top.Prop<string>("FolderAndSubfolderSize")));
        var root = folders.Single(f => f.Prop<string>("FolderType") == "RecoverableItemsRoot");
        Assert.Equal("/Recoverable Items", root.Prop<string>("FolderPath"));
        Assert.Equal(stats.Prop<long>("DeletedItemCount"), root.Prop<long>("ItemsInFolderAndSubfolders"));
        Assert.Equal(Bytes(stats.Prop<string>("TotalDeletedItemSize")), Bytes(root.Prop<string>("FolderAndSubfolderSize")));
        // Exchange lists the Recoverable Items subfolders at their own paths (/Deletions, /Purges, ...).
        Assert.Contains(dumpster, f => f.Prop<string>("FolderPath") == "/Deletions" && f.Prop<string>("FolderType") == "RecoverableItemsDeletions");
        Assert.Equal(folders.Length, folders.Select(f => f.Prop<string>("FolderPath")).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        return folders;
    }

    private static void AssertEveryTreeAddsUp(SimSession s)
    {
        foreach (var m in s.Run("Get-Mailbox", ("ResultSize", "Unlimited")))
        {
            var alias = m.Prop<string>("Alias");
            AssertTreeAddsUp(s, alias, archive: false);
            if (m.Prop<Guid>("ArchiveGuid") != Guid.Empty && m.Prop<string>("ArchiveDatabase") is { Length: > 0 })
                AssertTreeAddsUp(s, alias, archive: true);
        }
    }

    [Fact]
    public void EveryMailboxsFolderTreeAddsUpToItsStatisticsBeforeDuringAndAfterRestores()
    {
        using var s = new SimSession();
        AssertEveryTreeAddsUp(s);
        s.Restore("megan.bowen", "adele.vance", ("TargetRootFolder", "Restored-Megan Bowen-2026-03-02"));
        s.Restore("johanna.lorenz", "adele.vance", ("-SourceIsArchive", null), ("-TargetIsArchive", null), ("TargetRootFolder", "Restored-Johanna Lorenz-2026-03-02-Archive"));
        s.Restore("lynne.robbins", "allan.deyoung", ("TargetRootFolder", "Lynne"), ("-ExcludeDumpster", null));
        s.Step(6);
        AssertEveryTreeAddsUp(s);                                                   // part-way
        s.Run("Remove-MailboxRestoreRequest", ("Identity", "allan.deyoung\\MailboxRestore"), ("Confirm", false));   // stopped part-way
        s.Step(120);
        AssertEveryTreeAddsUp(s);                                                   // finished, failed, stopped
        s.Step(31 * 24 * 60);                                                       // CompletedRequestAgeLimit: Exchange removes them
        Assert.Empty(s.Run("Get-MailboxRestoreRequest"));
        AssertEveryTreeAddsUp(s);
        Assert.Contains(Folders(s, "adele.vance"), f => f.Prop<string>("FolderPath") == "/Restored-Megan Bowen-2026-03-02");
        Assert.Contains(Folders(s, "adele.vance", archive: true), f => f.Prop<string>("FolderPath") == "/Restored-Johanna Lorenz-2026-03-02-Archive");
        // FolderScope RecoverableItems: the root and its subfolders.
        var scoped = s.Run("Get-MailboxFolderStatistics", ("Identity", "adele.vance"), ("FolderScope", "RecoverableItems"));
        Assert.Equal(new[] { "/Recoverable Items", "/Deletions", "/Purges", "/Versions", "/DiscoveryHolds", "/SubstrateHolds", "/Calendar Logging", "/Audits" },
            scoped.Select(f => f.Prop<string>("FolderPath")));
    }

    [Fact]
    public void AStoppedRequestLeavesItsPartialTreeAndACompletedOneItsWholeTreeAcrossAStateFile()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simfolders-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            var state = System.IO.Path.Combine(dir, "state.json");
            const string stopped = "/Restored-Megan Bowen-2026-03-02", done = "/Restored-Megan Bowen-2026-03-03";
            long partial, whole;
            using (var s = new SimSession(statePath: state))
            {
                s.Restore("megan.bowen", "adele.vance", ("TargetRootFolder", stopped.Substring(1)), ("Name", "First"));
                PSObject mid;
                do { s.Step(1); mid = s.Stats("adele.vance\\First"); }               // to the first minute with part of it copied
                while (mid.Prop<long>("ItemsTransferred") == 0);
                Assert.Equal("InProgress", mid.Prop<string>("Status"));
                s.Run("Remove-MailboxRestoreRequest", ("Identity", "adele.vance\\First"), ("Confirm", false));
                partial = Folders(s, "adele.vance").Single(f => f.Prop<string>("FolderPath") == stopped).Prop<long>("ItemsInFolderAndSubfolders");
                Assert.Equal(mid.Prop<long>("ItemsTransferred"), partial);
                Assert.True(partial > 0 && partial < mid.Prop<long>("EstimatedTransferItemCount"), partial + " of " + mid.Prop<long>("EstimatedTransferItemCount"));
                s.Step(60);                                                          // a removed request copies nothing more
                Assert.Equal(partial, Folders(s, "adele.vance").Single(f => f.Prop<string>("FolderPath") == stopped).Prop<long>("ItemsInFolderAndSubfolders"));

                s.Restore("megan.bowen", "adele.vance", ("TargetRootFolder", done.Substring(1)), ("Name", "Second"));
                s.Step(120);
                var finished = s.Stats("adele.vance\\Second");
                Assert.Equal("Completed", finished.Prop<string>("Status"));
                whole = Folders(s, "adele.vance").Single(f => f.Prop<string>("FolderPath") == done).Prop<long>("ItemsInFolderAndSubfolders");
                Assert.Equal(finished.Prop<long>("EstimatedTransferItemCount"), whole);
                s.Run("Remove-MailboxRestoreRequest", ("Identity", "adele.vance\\Second"), ("Confirm", false));
                s.Run("Disconnect-ExchangeSimulator");
            }
            using (var s = new SimSession(statePath: state))
            {
                Assert.Empty(s.Run("Get-MailboxRestoreRequest"));
                var folders = AssertTreeAddsUp(s, "adele.vance", archive: false);
                Assert.Equal(partial, folders.Single(f => f.Prop<string>("FolderPath") == stopped).Prop<long>("ItemsInFolderAndSubfolders"));
                Assert.Equal(whole, folders.Single(f => f.Prop<string>("FolderPath") == done).Prop<long>("ItemsInFolderAndSubfolders"));
            }
        }
        finally
        {
            try { System.IO.Directory.Delete(dir, true); } catch (System.IO.IOException) { }
        }
    }

    [Fact]
    public void ExchangesDefaultResultSizeCutsALongFolderListAt1000()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simfolders-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            // 120 small restores into the one active mailbox, each into its own root folder (9 rows each): over 1,000 rows.
            var tenant = System.IO.Path.Combine(dir, "tenant.json");
            using (var g = new SimSession(connect: false))
                g.Run("New-ExchangeSimulatorTenant", ("Path", tenant), ("InactiveCount", 120), ("ActiveCount", 1), ("MinSize", 1L << 20), ("MaxSize", 2L << 20),
                    ("ArchiveRate", 0.0), ("BehaviorMix", new System.Collections.Hashtable { ["Normal"] = 1.0 }));
            using var s = new SimSession(tenantPath: tenant);
            s.Run("New-ExchangeSimulatorRequestBatch", ("Count", 120));
            s.Step(24 * 60);
            Assert.Empty(s.Run("Get-MailboxRestoreRequest", ("Status", "Queued")));
            var cut = s.Run("Get-MailboxFolderStatistics", ("Identity", "active.0001"));
            Assert.Equal(1000, cut.Count);
            Assert.Contains(s.Warnings, w => w.Contains("-ResultSize Unlimited"));
            Assert.True(s.Run("Get-MailboxFolderStatistics", ("Identity", "active.0001"), ("ResultSize", "Unlimited")).Count > 1000);
            Assert.Empty(s.Warnings);
        }
        finally
        {
            try { System.IO.Directory.Delete(dir, true); } catch (System.IO.IOException) { }
        }
    }

    [Fact]
    public void SkippedItemsNeverArriveAndArchiveRestoresLandInTheArchive()
    {
        using var s = new SimSession();
        long before = s.One("Get-MailboxStatistics", ("Identity", "adele.vance"), ("-Archive", null)).Prop<long>("ItemCount");
        s.Restore("johanna.lorenz", "adele.vance", ("-SourceIsArchive", null), ("-TargetIsArchive", null), ("TargetRootFolder", "Johanna archive"));
        s.Step(60);
        var done = s.Stats("adele.vance\\MailboxRestore");
        Assert.Equal("CompletedWithWarning", done.Prop<string>("Status"));
        long skipped = done.Prop<long>("LargeItemsEncountered");
        Assert.Equal(2, skipped);
        var root = Folders(s, "adele.vance", archive: true).Single(f => f.Prop<string>("FolderPath") == "/Johanna archive");
        Assert.Equal(done.Prop<long>("ItemsTransferred") - skipped, root.Prop<long>("ItemsInFolderAndSubfolders"));
        Assert.Equal(before + done.Prop<long>("ItemsTransferred") - skipped, s.One("Get-MailboxStatistics", ("Identity", "adele.vance"), ("-Archive", null)).Prop<long>("ItemCount"));
        Assert.DoesNotContain(Folders(s, "adele.vance"), f => f.Prop<string>("FolderPath").StartsWith("/Johanna"));
    }

    [Fact]
    public void DemoTenantHasTheRealTenantMailboxes()
    {
        using var s = new SimSession();
        var target = s.Mailbox("hybrid.target");
        Assert.True(target.Prop<bool>("IsDirSynced"));
        var synced = s.Mailbox("hybrid.synced");
        Assert.True(synced.Prop<bool>("IsDirSynced"));
        string miriam = "X500:" + s.Mailbox("miriam.graham", inactive: true).Prop<string>("LegacyExchangeDN");
        Assert.Contains(miriam, synced.Prop<string[]>("EmailAddresses"));
        Assert.DoesNotContain(target.Prop<string[]>("EmailAddresses"), a => a.StartsWith("X500:"));
        var none = s.Mailbox("archive.statusnone");
        Assert.Equal("None", none.Prop<string>("ArchiveStatus"));
        Assert.NotEqual(Guid.Empty, none.Prop<Guid>("ArchiveGuid"));
        Assert.NotEqual("", none.Prop<string>("ArchiveDatabase"));
        var disabled = s.Mailbox("archive.disabled");
        Assert.Equal("None", disabled.Prop<string>("ArchiveStatus"));
        Assert.NotEqual(Guid.Empty, disabled.Prop<Guid>("ArchiveGuid"));
        Assert.Equal("", disabled.Prop<string>("ArchiveDatabase"));
        // The original demo mailboxes are unchanged.
        Assert.False(s.Mailbox("adele.vance").Prop<bool>("IsDirSynced"));
        Assert.Equal("Active", s.Mailbox("adele.vance").Prop<string>("ArchiveStatus"));
        // A restore into the synced target goes on without Set-Mailbox.
        s.One("New-MailboxRestoreRequest", ("SourceMailbox", s.Mailbox("miriam.graham", inactive: true).Prop<string>("DistinguishedName")), ("TargetMailbox", "hybrid.synced"));
    }
}

public class ScaleTests
{
    [Fact]
    public void TenThousandRequestsAreCheapToCreateAndList()
    {
        using var s = new SimSession();
        Assert.Equal(10000, (int)s.Run("New-ExchangeSimulatorRequestBatch", ("Count", 10000), ("BatchName", "Wave1"))[0].BaseObject);
        Assert.Empty(s.Errors);
        Assert.Empty(s.Run("Get-ExchangeSimulatorLedger"));
        var list = s.Run("Get-MailboxRestoreRequest", ("BatchName", "Wave1"), ("ResultSize", "Unlimited"));
        Assert.Equal(10000, list.Count);
        // Queue positions of many queued requests are computed once per instant, not once per request.
        var stats = s.Script("Get-MailboxRestoreRequest -ResultSize Unlimited | Select-Object -First 2000 | Get-MailboxRestoreRequestStatistics");
        Assert.Equal(2000, stats.Count);
        Assert.Equal(Enumerable.Range(1, 2000), stats.Select(x => x.Prop<int>("PositionInQueue")));
        s.Step(5);
        Assert.Equal(10, s.Run("Get-MailboxRestoreRequest", ("Status", "InProgress"), ("ResultSize", "Unlimited")).Count);
    }
}

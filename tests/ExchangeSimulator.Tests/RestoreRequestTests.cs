using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ExchangeSimulator.Tests;

public class RestoreRequestTests
{
    [Fact]
    public void DefaultNamesFillTheLowestFreeSlotAndTheEleventhFails()
    {
        using var s = new SimSession();
        var names = Enumerable.Range(0, 10).Select(_ => s.Restore("megan.bowen", "adele.vance", ("-Suspend", null)).Prop<string>("Name")).ToList();
        Assert.Equal(new[] { "MailboxRestore" }.Concat(Enumerable.Range(1, 9).Select(i => "MailboxRestore" + i)), names);
        s.Run("New-MailboxRestoreRequest", ("SourceMailbox", s.Mailbox("megan.bowen", true).Prop<string>("DistinguishedName")), ("TargetMailbox", "adele.vance"));
        var e = Assert.Single(s.Errors);
        Assert.Matches(@"^Ex[0-9A-F]{6}\|Microsoft\.Exchange\.MailboxReplicationService\.NoAvailableDefaultNamePermanentException\|", e.Exception.Message);
        // A free slot is reused, lowest first.
        s.Run("Remove-MailboxRestoreRequest", ("Identity", "adele.vance\\MailboxRestore3"), ("Confirm", false));
        Assert.Empty(s.Errors);
        Assert.Equal("MailboxRestore3", s.Restore("megan.bowen", "adele.vance").Prop<string>("Name"));
        // Names are per target: another target starts again at MailboxRestore.
        Assert.Equal("MailboxRestore", s.Restore("megan.bowen", "allan.deyoung").Prop<string>("Name"));
    }

    [Fact]
    public void ExplicitNamesMustBeUniqueAndHaveNoBackslash()
    {
        using var s = new SimSession();
        Assert.Equal("Megan primary", s.Restore("megan.bowen", "adele.vance", ("Name", "Megan primary")).Prop<string>("Name"));
        s.Run("New-MailboxRestoreRequest", ("SourceMailbox", s.Mailbox("megan.bowen", true).Prop<string>("DistinguishedName")), ("TargetMailbox", "adele.vance"), ("Name", "megan PRIMARY"));
        Assert.Contains("|Microsoft.Exchange.MailboxReplicationService.NameMustBeUniquePermanentException|", Assert.Single(s.Errors).Exception.Message);
        s.Run("New-MailboxRestoreRequest", ("SourceMailbox", s.Mailbox("megan.bowen", true).Prop<string>("DistinguishedName")), ("TargetMailbox", "adele.vance"), ("Name", "a\\b"));
        Assert.Contains("|Microsoft.Exchange.MailboxReplicationService.InvalidNameCharacterPermanentException|", Assert.Single(s.Errors).Exception.Message);
        Assert.Single(s.Run("Get-MailboxRestoreRequest"));
    }

    [Fact]
    public void NullOrEmptyIdentityReturnsEveryRequest()
    {
        using var s = new SimSession();
        s.Restore("megan.bowen", "adele.vance");
        s.Restore("lee.gu", "allan.deyoung");
        Assert.Equal(2, s.Run("Get-MailboxRestoreRequest", ("Identity", null)).Count);
        Assert.Equal(2, s.Run("Get-MailboxRestoreRequest", ("Identity", "")).Count);
        Assert.Single(s.Run("Get-MailboxRestoreRequest", ("Identity", "adele.vance\\MailboxRestore")));
        Assert.Empty(s.Run("Get-MailboxRestoreRequest", ("BatchName", "nothing")));
        Assert.Empty(s.Errors);
        Assert.Empty(s.Run("Get-MailboxRestoreRequest", ("Identity", "adele.vance\\Nope")));
        Assert.Contains("ManagementObjectNotFoundException", Assert.Single(s.Errors).Exception.Message);
        Assert.Single(s.Run("Get-MailboxRestoreRequest", ("TargetMailbox", "allan.deyoung")));
        Assert.Equal(2, s.Run("Get-MailboxRestoreRequest", ("Status", "Queued")).Count);
        Assert.Equal(2, s.Run("Get-MailboxRestoreRequest", ("Suspend", false)).Count);
    }

    [Fact]
    public void RequestObjectCarriesTheContractProperties()
    {
        using var s = new SimSession();
        var r = s.Restore("megan.bowen", "adele.vance", ("BatchName", "wave1"));
        foreach (var p in new[] { "Name", "TargetMailbox", "Status", "Identity", "RequestGuid", "BatchName", "Suspend", "RequestQueue", "Flags" }) Assert.NotNull(r.Properties[p]);
        Assert.Equal("adele.vance\\MailboxRestore", r.Prop<string>("Identity"));
        Assert.Equal("Queued", r.Prop<string>("Status"));
        Assert.Equal("wave1", r.Prop<string>("BatchName"));
        Assert.StartsWith("Deserialized.Microsoft.Exchange.Management.RecipientTasks.MailboxRestoreRequest", r.TypeNames[0]);
        var byGuid = s.One("Get-MailboxRestoreRequest", ("Identity", r.Prop<Guid>("RequestGuid").ToString()));
        Assert.Equal(r.Prop<string>("Identity"), byGuid.Prop<string>("Identity"));
        var st = s.Stats("adele.vance\\MailboxRestore");
        foreach (var p in new[] { "Name", "Identity", "RequestGuid", "BatchName", "Status", "StatusDetail", "SyncStage", "Suspend", "SourceExchangeGuid",
            "SourceRootFolder", "TargetAlias", "TargetExchangeGuid", "TargetIsArchive", "TargetRootFolder", "IncludeFolders", "ExcludeFolders", "ExcludeDumpster",
            "ConflictResolutionOption", "EstimatedTransferSize", "EstimatedTransferItemCount", "BytesTransferred", "BytesTransferredPerMinute", "ItemsTransferred",
            "PercentComplete", "QueuedTimestamp", "StartTimestamp", "LastUpdateTimestamp", "CompletionTimestamp", "SuspendedTimestamp", "FailureTimestamp",
            "OverallDuration", "FailureCode", "FailureType", "FailureSide", "Message", "BadItemsEncountered", "LargeItemsEncountered", "MissingItemsEncountered",
            "DataConsistencyScore", "PositionInQueue", "Report" })
        {
            Assert.NotNull(st.Properties[p]);
        }
        // Primary + Recoverable Items of megan.bowen: 180 MB + 9 MB, 1180 + 64 items.
        Assert.Equal("189 MB (198,180,864 bytes)", st.Prop<string>("EstimatedTransferSize"));
        Assert.Equal(1244L, st.Prop<long>("EstimatedTransferItemCount"));
        var piped = s.Script("Get-MailboxRestoreRequest | Get-MailboxRestoreRequestStatistics");
        Assert.Single(piped);
    }

    [Fact]
    public void ExcludeDumpsterAndArchiveEstimates()
    {
        using var s = new SimSession();
        s.Restore("megan.bowen", "adele.vance", ("-ExcludeDumpster", null), ("Name", "p"));
        Assert.Equal("180 MB (188,743,680 bytes)", s.Stats("adele.vance\\p").Prop<string>("EstimatedTransferSize"));
        s.Restore("megan.bowen", "adele.vance", ("-SourceIsArchive", null), ("-TargetIsArchive", null), ("TargetRootFolder", "Restored archive"), ("Name", "a"));
        var st = s.Stats("adele.vance\\a");
        Assert.Equal("62 MB (65,011,712 bytes)", st.Prop<string>("EstimatedTransferSize"));
        Assert.True(st.Prop<bool>("TargetIsArchive"));
    }

    [Fact]
    public void StatusMachineTimestampsAndCounters()
    {
        using var s = new SimSession();
        var before = s.One("Get-MailboxStatistics", ("Identity", "adele.vance"));
        s.Restore("lee.gu", "adele.vance");
        var id = "adele.vance\\MailboxRestore";
        var q = s.Stats(id);
        Assert.Equal("Queued", q.Prop<string>("Status"));
        Assert.Equal(1, q.Prop<int>("PositionInQueue"));
        Assert.Equal(0, q.Prop<int>("PercentComplete"));
        Assert.Null(q.Properties["StartTimestamp"].Value);
        var seen = new System.Collections.Generic.List<string>();
        int lastPct = 0;
        long lastBytes = 0;
        for (int i = 0; i < 60; i++)
        {
            s.Step(1);
            var st = s.Stats(id);
            seen.Add(st.Prop<string>("Status") + "/" + st.Prop<string>("StatusDetail"));
            int pct = st.Prop<int>("PercentComplete");
            long bytes = ExchangeSimulator.Engine.ByteSize.Parse(st.Prop<string>("BytesTransferred"))!.Value;
            Assert.True(pct >= lastPct);
            Assert.True(bytes >= lastBytes);
            lastPct = pct; lastBytes = bytes;
            if (st.Prop<string>("Status") == "Completed") break;
        }
        var expected = new[] { "Queued/Queued", "InProgress/CreatingFolderHierarchy", "InProgress/LoadingMessages", "InProgress/CopyingMessages", "InProgress/Finalization", "CompletionInProgress/Finalization", "Completed/Completed" };
        var distinct = seen.Distinct().ToList();
        Assert.Equal(expected.Where(e => distinct.Contains(e)), distinct);
        Assert.Contains("InProgress/CopyingMessages", distinct);
        Assert.Equal("Completed/Completed", distinct.Last());
        var done = s.Stats(id, report: true);
        Assert.Equal(100, done.Prop<int>("PercentComplete"));
        Assert.Equal(done.Prop<string>("EstimatedTransferSize"), done.Prop<string>("BytesTransferred"));
        Assert.Equal(done.Prop<long>("EstimatedTransferItemCount"), done.Prop<long>("ItemsTransferred"));
        var queued = done.Prop<DateTime>("QueuedTimestamp");
        var started = done.Prop<DateTime>("StartTimestamp");
        var completed = done.Prop<DateTime>("CompletionTimestamp");
        Assert.True(queued < started && started < completed);
        Assert.Equal(completed - queued, TimeSpan.Parse(done.Prop<string>("OverallDuration")));
        Assert.Equal("Perfect", done.Prop<string>("DataConsistencyScore"));
        var entries = (object[])done.Prop<PSObject>("Report").Properties["Entries"].Value;
        var last = entries.Cast<PSObject>().Select(e => e.Prop<string>("Message")).Last(m => m.StartsWith("Copy progress:"));
        Assert.Equal("Copy progress: 2330/2330 messages, 334 MB (350,224,384 bytes)/334 MB (350,224,384 bytes).", last);
        Assert.All(entries.Cast<PSObject>(), e => { Assert.NotNull(e.Properties["CreationTime"]); Assert.NotNull(e.Properties["ServerName"]); Assert.NotNull(e.Properties["Type"]); Assert.NotNull(e.Properties["Flags"]); });
        // The target grew by what was copied.
        var after = s.One("Get-MailboxStatistics", ("Identity", "adele.vance"));
        long grow = ExchangeSimulator.Engine.ByteSize.Parse(after.Prop<string>("TotalItemSize"))!.Value - ExchangeSimulator.Engine.ByteSize.Parse(before.Prop<string>("TotalItemSize"))!.Value;
        Assert.Equal(350224384L, grow);
        Assert.Equal(2330L, after.Prop<long>("ItemCount") - before.Prop<long>("ItemCount"));
    }

    [Fact]
    public void CompletedRequestsVanishAfterTheAgeLimit()
    {
        using var s = new SimSession();
        s.Restore("miriam.graham", "bianca.pisani", ("CompletedRequestAgeLimit", TimeSpan.FromDays(2)));
        s.Step(60);
        Assert.Equal("Completed", s.Stats("bianca.pisani\\MailboxRestore").Prop<string>("Status"));
        s.Step(60 * 24 * 2);
        Assert.Empty(s.Run("Get-MailboxRestoreRequest"));
        var state = s.One("Get-ExchangeSimulatorState");
        var req = Assert.Single((object[])state.Properties["Requests"].Value);
        Assert.True(((PSObject)req).Prop<bool>("IsRemoved"));
        Assert.Equal("CompletedRequestAgeLimit", ((PSObject)req).Prop<string>("RemovedReason"));
    }

    [Fact]
    public void QueueCapsConcurrentRequestsFifo()
    {
        using var s = new SimSession();
        var targets = new[] { "adele.vance", "allan.deyoung", "cameron.white", "emily.braun", "bianca.pisani", "delia.dennis", "enrico.cattaneo", "gerhart.moller", "lidia.holloway", "mallory.cortez", "sanjay.shah", "tamara.ahmed" };
        foreach (var t in targets) s.Restore("patti.fernandez", t);
        s.Step(10);
        var stats = targets.Select(t => s.Stats(t + "\\MailboxRestore")).ToList();
        Assert.Equal(10, stats.Count(x => x.Prop<string>("Status") == "InProgress"));
        Assert.Equal(new[] { "sanjay.shah", "tamara.ahmed" }, stats.Where(x => x.Prop<string>("Status") == "Queued").Select(x => x.Prop<string>("TargetAlias")));
        Assert.Equal(new[] { 1, 2 }, stats.Where(x => x.Prop<string>("Status") == "Queued").Select(x => x.Prop<int>("PositionInQueue")));
        s.Run("Suspend-MailboxRestoreRequest", ("Identity", "adele.vance\\MailboxRestore"), ("Confirm", false));
        s.Step(2);
        Assert.Equal("InProgress", s.Stats("sanjay.shah\\MailboxRestore").Prop<string>("Status"));
        Assert.Equal(1, s.Stats("tamara.ahmed\\MailboxRestore").Prop<int>("PositionInQueue"));
    }

    [Fact]
    public void SuspendResumeRemove()
    {
        using var s = new SimSession();
        s.Restore("alex.wilber", "adele.vance", ("SuspendComment", "later"), ("-Suspend", null));
        var id = "adele.vance\\MailboxRestore";
        var st = s.Stats(id);
        Assert.Equal("Suspended", st.Prop<string>("Status"));
        Assert.True(st.Prop<bool>("Suspend"));
        Assert.NotNull(st.Properties["SuspendedTimestamp"].Value);
        s.Step(30);
        Assert.Equal("Suspended", s.Stats(id).Prop<string>("Status"));
        s.Run("Resume-MailboxRestoreRequest", ("Identity", id));
        Assert.Empty(s.Errors);
        s.Step(15);
        Assert.Equal("InProgress", s.Stats(id).Prop<string>("Status"));
        s.Run("Suspend-MailboxRestoreRequest", ("Identity", id), ("SuspendComment", "pause"), ("Confirm", false));
        Assert.Empty(s.Errors);
        var sus = s.Stats(id);
        Assert.Equal("Suspended", sus.Prop<string>("Status"));
        string bytes = sus.Prop<string>("BytesTransferred");
        s.Step(60);
        Assert.Equal(bytes, s.Stats(id).Prop<string>("BytesTransferred"));
        s.Run("Resume-MailboxRestoreRequest", ("Identity", id));
        s.Run("Resume-MailboxRestoreRequest", ("Identity", id));
        Assert.Contains("CannotResumeRequestPermanentException", Assert.Single(s.Errors).Exception.Message);
        s.Run("Remove-MailboxRestoreRequest", ("Identity", id), ("Confirm", false));
        Assert.Empty(s.Errors);
        Assert.Empty(s.Run("Get-MailboxRestoreRequest"));
        s.Run("Get-MailboxRestoreRequestStatistics", ("Identity", id));
        Assert.Contains("ManagementObjectNotFoundException", Assert.Single(s.Errors).Exception.Message);
        // WhatIf changes nothing.
        s.Restore("megan.bowen", "allan.deyoung");
        s.Run("Remove-MailboxRestoreRequest", ("Identity", "allan.deyoung\\MailboxRestore"), ("WhatIf", true));
        Assert.Single(s.Run("Get-MailboxRestoreRequest"));
    }

    [Fact]
    public void SuspendingACompletedRequestFails()
    {
        using var s = new SimSession();
        s.Restore("miriam.graham", "bianca.pisani");
        s.Step(30);
        s.Run("Suspend-MailboxRestoreRequest", ("Identity", "bianca.pisani\\MailboxRestore"), ("Confirm", false));
        Assert.Contains("CannotSuspendCompletedRequestPermanentException", Assert.Single(s.Errors).Exception.Message);
    }
}

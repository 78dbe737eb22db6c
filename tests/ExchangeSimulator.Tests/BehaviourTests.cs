using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using ExchangeSimulator.Engine;
using Xunit;

namespace ExchangeSimulator.Tests;

public class BehaviourTests
{
    private static PSObject[] Entries(PSObject stats) => ((object[])stats.Prop<PSObject>("Report").Properties["Entries"].Value).Cast<PSObject>().ToArray();

    [Fact]
    public void StallKeepsInProgressWithoutProgressThenContinues()
    {
        using var s = new SimSession();
        s.Restore("alex.wilber", "adele.vance");
        var id = "adele.vance\\MailboxRestore";
        PSObject? stalled = null;
        for (int i = 0; i < 120 && stalled == null; i++)
        {
            s.Step(1);
            var st = s.Stats(id);
            if (st.Prop<string>("StatusDetail").StartsWith("StalledDueToTarget_")) stalled = st;
        }
        Assert.NotNull(stalled);
        Assert.Equal("InProgress", stalled!.Prop<string>("Status"));
        Assert.Equal("StalledDueToTarget_DiskLatency", stalled.Prop<string>("StatusDetail"));
        s.Step(20);
        var still = s.Stats(id);
        Assert.Equal("StalledDueToTarget_DiskLatency", still.Prop<string>("StatusDetail"));
        Assert.Equal(stalled.Prop<string>("BytesTransferred"), still.Prop<string>("BytesTransferred"));
        Assert.Equal("0 B (0 bytes)", still.Prop<string>("BytesTransferredPerMinute"));
        s.Step(60 * 6);
        var done = s.Stats(id, report: true);
        Assert.Equal("Completed", done.Prop<string>("Status"));
        Assert.Contains(Entries(done), e => e.Prop<string>("Message").Contains("Relinquishing job because of large delays"));
    }

    [Fact]
    public void AutoSuspendWaitsForResume()
    {
        using var s = new SimSession();
        s.Restore("henrietta.mueller", "adele.vance");
        var id = "adele.vance\\MailboxRestore";
        s.Step(120);
        var st = s.Stats(id);
        Assert.Equal("AutoSuspended", st.Prop<string>("Status"));
        Assert.False(string.IsNullOrEmpty(st.Prop<string>("Message")));
        Assert.NotNull(st.Properties["SuspendedTimestamp"].Value);
        Assert.Single(s.Run("Get-MailboxRestoreRequest", ("Status", "AutoSuspended")));
        s.Run("Resume-MailboxRestoreRequest", ("Identity", id));
        s.Step(120);
        Assert.Equal("Completed", s.Stats(id).Prop<string>("Status"));
    }

    [Fact]
    public void BadItemsFailUntilApprovedThenComplete()
    {
        using var s = new SimSession();
        s.Restore("lynne.robbins", "adele.vance");
        var id = "adele.vance\\MailboxRestore";
        s.Step(120);
        var st = s.Stats(id);
        Assert.Equal("Failed", st.Prop<string>("Status"));
        Assert.Equal("FailedBadItemLimit", st.Prop<string>("StatusDetail"));
        Assert.Equal("TooManyBadItemsPermanentException", st.Prop<string>("FailureType"));
        Assert.True(st.Prop<long>("BadItemsEncountered") > 0);
        Assert.Equal("Investigate", st.Prop<string>("DataConsistencyScore"));
        Assert.NotNull(st.Properties["FailureTimestamp"].Value);
        // Resume without approval: fails again.
        s.Run("Resume-MailboxRestoreRequest", ("Identity", id));
        Assert.Empty(s.Errors);
        s.Step(30);
        Assert.Equal("Failed", s.Stats(id).Prop<string>("Status"));
        // Approve the skipped items, resume: completes.
        s.Run("Set-MailboxRestoreRequest", ("Identity", id), ("SkippedItemApprovalTime", s.One("Get-ExchangeSimulatorState").Prop<DateTime>("Now")));
        Assert.Empty(s.Errors);
        s.Run("Resume-MailboxRestoreRequest", ("Identity", id));
        s.Step(120);
        var done = s.Stats(id);
        Assert.Equal("Completed", done.Prop<string>("Status"));
        Assert.Equal("Investigate", done.Prop<string>("DataConsistencyScore"));
    }

    [Fact]
    public void FailedOtherAfterEverythingWasCopied()
    {
        using var s = new SimSession();
        s.Restore("pradeep.gupta", "adele.vance");
        var id = "adele.vance\\MailboxRestore";
        s.Step(120);
        var st = s.Stats(id, report: true);
        Assert.Equal("Failed", st.Prop<string>("Status"));
        Assert.Equal("FailedOther", st.Prop<string>("StatusDetail"));
        string last = Entries(st).Select(e => e.Prop<string>("Message")).Last(m => m.StartsWith("Copy progress:"));
        long items = st.Prop<long>("EstimatedTransferItemCount");
        Assert.StartsWith("Copy progress: " + items + "/" + items + " messages, ", last);
        Assert.EndsWith(st.Prop<string>("EstimatedTransferSize") + "/" + st.Prop<string>("EstimatedTransferSize") + ".", last);
        s.Run("Resume-MailboxRestoreRequest", ("Identity", id));
        s.Step(30);
        Assert.Equal("Completed", s.Stats(id).Prop<string>("Status"));
    }

    [Fact]
    public void CompletedWithWarning()
    {
        using var s = new SimSession();
        s.Restore("johanna.lorenz", "adele.vance");
        s.Step(120);
        var st = s.Stats("adele.vance\\MailboxRestore");
        Assert.Equal("CompletedWithWarning", st.Prop<string>("Status"));
        Assert.Equal("CompletedWithWarnings", st.Prop<string>("StatusDetail"));
        Assert.Equal("Good", st.Prop<string>("DataConsistencyScore"));
    }

    [Fact]
    public void QuotaIsEnforcedOnTheTarget()
    {
        using var s = new SimSession();
        s.Restore("alex.wilber", "raul.razo");
        s.Step(240);
        var st = s.Stats("raul.razo\\MailboxRestore");
        Assert.Equal("Failed", st.Prop<string>("Status"));
        Assert.Equal("MapiExceptionShutoffQuotaExceeded", st.Prop<string>("FailureType"));
    }

    [Fact]
    public void ArchiveAndLegacyDnRules()
    {
        using var s = new SimSession();
        string Dn(string alias) => s.Mailbox(alias, true).Prop<string>("DistinguishedName");
        s.Run("Set-Mailbox", ("Identity", "bianca.pisani"), ("EmailAddresses", new Hashtable { ["Add"] = "X500:" + s.Mailbox("megan.bowen", true).Prop<string>("LegacyExchangeDN") }));
        // Target without archive.
        s.Run("New-MailboxRestoreRequest", ("SourceMailbox", Dn("megan.bowen")), ("TargetMailbox", "bianca.pisani"), ("-SourceIsArchive", null), ("-TargetIsArchive", null));
        Assert.Contains("|Microsoft.Exchange.MailboxReplicationService.MailboxLacksArchivePermanentException|", Assert.Single(s.Errors).Exception.Message);
        // Source without archive.
        s.Run("New-MailboxRestoreRequest", ("SourceMailbox", Dn("miriam.graham")), ("TargetMailbox", "adele.vance"), ("-SourceIsArchive", null), ("-AllowLegacyDNMismatch", null));
        Assert.Contains("MailboxLacksArchivePermanentException", Assert.Single(s.Errors).Exception.Message);
        // Missing X500.
        s.Run("New-MailboxRestoreRequest", ("SourceMailbox", Dn("lee.gu")), ("TargetMailbox", "adele.vance"));
        var e = Assert.Single(s.Errors);
        Assert.Contains("|Microsoft.Exchange.MailboxReplicationService.RecipientNotFoundPermanentException|LegacyExchangeDN mismatch", e.Exception.Message);
        Assert.Equal("adele.vance", e.TargetObject);
        Assert.Single(s.Run("New-MailboxRestoreRequest", ("SourceMailbox", Dn("lee.gu")), ("TargetMailbox", "adele.vance"), ("-AllowLegacyDNMismatch", null)));
        // Auto-expanding archive source.
        s.Run("New-MailboxRestoreRequest", ("SourceMailbox", Dn("diego.siciliani")), ("TargetMailbox", "adele.vance"), ("-AllowLegacyDNMismatch", null));
        var auto = Assert.Single(s.Errors);
        Assert.Contains("AutoExpandingArchiveNotSupportedPermanentException", auto.Exception.Message);
        Assert.Equal(Dn("diego.siciliani"), auto.TargetObject);
        // Inactive target.
        s.Run("New-MailboxRestoreRequest", ("SourceMailbox", Dn("lee.gu")), ("TargetMailbox", Dn("megan.bowen")), ("-AllowLegacyDNMismatch", null));
        Assert.Contains("is an inactive (soft-deleted) mailbox", Assert.Single(s.Errors).Exception.Message);
        // Active source.
        s.Run("New-MailboxRestoreRequest", ("SourceMailbox", "allan.deyoung"), ("TargetMailbox", "adele.vance"), ("-AllowLegacyDNMismatch", null));
        Assert.Contains("isn't an inactive or soft-deleted mailbox", Assert.Single(s.Errors).Exception.Message);
        Assert.Single(s.Run("Get-MailboxRestoreRequest"));
    }

    [Fact]
    public void SharedSmtpSourceResolvesToTheInactiveMailbox()
    {
        using var s = new SimSession();
        var r = s.One("New-MailboxRestoreRequest", ("SourceMailbox", "joni.sherman@contoso.onmicrosoft.com"), ("TargetMailbox", "joni.sherman@contoso.onmicrosoft.com"), ("-AllowLegacyDNMismatch", null));
        var st = s.Stats(r.Prop<string>("Identity"));
        Assert.Equal(s.Mailbox("joni.sherman", true).Prop<Guid>("ExchangeGuid"), st.Prop<Guid>("SourceExchangeGuid"));
        Assert.Equal(s.Mailbox("joni.sherman").Prop<Guid>("ExchangeGuid"), st.Prop<Guid>("TargetExchangeGuid"));
    }
}

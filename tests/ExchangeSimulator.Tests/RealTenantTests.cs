using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ExchangeSimulator.Tests;

/// <summary>Contract §10: what real tenants do that a simulator easily misses.</summary>
public class RealTenantTests
{
    private static Hashtable Add(string address) => new() { ["Add"] = address };

    private static string Ldn(SimSession s, string inactiveAlias) => s.Mailbox(inactiveAlias, inactive: true).Prop<string>("LegacyExchangeDN");

    [Fact]
    public void DirSyncedMailboxRefusesEmailAddressesButTakesRetentionHold()
    {
        using var s = new SimSession();
        Assert.False(s.Mailbox("adele.vance").Prop<bool>("IsDirSynced"));
        s.Run("Set-ExchangeSimulatorMailbox", ("Identity", "adele.vance"), ("IsDirSynced", true));
        Assert.True(s.Mailbox("adele.vance").Prop<bool>("IsDirSynced"));
        string x500 = "X500:" + Ldn(s, "megan.bowen");
        s.Run("Set-Mailbox", ("Identity", "adele.vance"), ("EmailAddresses", Add(x500)));
        var e = Assert.Single(s.Errors);
        Assert.Matches(@"^Ex[0-9A-F]{6}\|Microsoft\.Exchange\.Configuration\.Tasks\.RecipientTaskException\|", e.Exception.Message);
        Assert.EndsWith("|The operation on mailbox \"adele.vance\" failed because it's out of the current user's write scope. The action 'Set-Mailbox', 'EmailAddresses', can't be performed on the object 'adele.vance' because the object is being synchronized from your on-premises organization. This action should be performed on the object in your on-premises organization.",
            e.Exception.Message);
        Assert.DoesNotContain(x500, s.Mailbox("adele.vance").Prop<string[]>("EmailAddresses"));
        s.Run("Set-Mailbox", ("Identity", "adele.vance"), ("RetentionHoldEnabled", true));
        Assert.Empty(s.Errors);
        Assert.True(s.Mailbox("adele.vance").Prop<bool>("RetentionHoldEnabled"));
    }

    [Fact]
    public void OnPremisesAddressArrivesAfterTheDirectorySyncDelay()
    {
        using var s = new SimSession();
        s.Run("Set-ExchangeSimulatorMailbox", ("Identity", "adele.vance"), ("IsDirSynced", true));
        string x500 = "X500:" + Ldn(s, "megan.bowen");
        s.Run("Add-ExchangeSimulatorOnPremisesAddress", ("Identity", "adele.vance"), ("Address", new[] { x500 }));
        Assert.Empty(s.Errors);
        s.Step(29);
        Assert.DoesNotContain(x500, s.Mailbox("adele.vance").Prop<string[]>("EmailAddresses"));
        s.Step(1);
        Assert.Contains(x500, s.Mailbox("adele.vance").Prop<string[]>("EmailAddresses"));
        // Now the restore needs no Set-Mailbox.
        string dn = s.Mailbox("megan.bowen", true).Prop<string>("DistinguishedName");
        s.One("New-MailboxRestoreRequest", ("SourceMailbox", dn), ("TargetMailbox", "adele.vance"));
        // Removing on-premises, with a custom delay.
        s.Run("Add-ExchangeSimulatorOnPremisesAddress", ("Identity", "adele.vance"), ("Address", new[] { x500 }), ("-Remove", null), ("SyncDelay", TimeSpan.FromMinutes(5)));
        s.Step(5);
        Assert.DoesNotContain(x500, s.Mailbox("adele.vance").Prop<string[]>("EmailAddresses"));
        // Not dir-synced: the on-premises route doesn't apply.
        Assert.ThrowsAny<RuntimeException>(() => s.Run("Add-ExchangeSimulatorOnPremisesAddress", ("Identity", "allan.deyoung"), ("Address", new[] { x500 })));
    }

    [Fact]
    public void ProxyAddressesAreUniqueAcrossActiveRecipients()
    {
        // Enforced by default, as in Exchange Online (contract §10); -UniqueProxyAddresses is still accepted and changes nothing.
        using var s = new SimSession();
        string ldn = Ldn(s, "megan.bowen");
        string x500 = "X500:" + ldn;
        // The inactive source keeps its own LegacyExchangeDN: no conflict.
        s.Run("Set-Mailbox", ("Identity", "adele.vance"), ("EmailAddresses", Add(x500)));
        Assert.Empty(s.Errors);
        string adeleName = s.Mailbox("adele.vance").Prop<string>("Name");
        s.Run("Set-Mailbox", ("Identity", "allan.deyoung"), ("EmailAddresses", Add(x500)));
        var e = Assert.Single(s.Errors);
        Assert.EndsWith("|The proxy address \"" + x500 + "\" is already being used by the proxy addresses or LegacyExchangeDN of \"" + adeleName + "\". Please choose another proxy address.", e.Exception.Message);
        Assert.DoesNotContain(x500, s.Mailbox("allan.deyoung").Prop<string[]>("EmailAddresses"));
        // An active recipient's LegacyExchangeDN counts too, and SMTP addresses.
        string allanLdn = s.Mailbox("allan.deyoung").Prop<string>("LegacyExchangeDN");
        s.Run("Set-Mailbox", ("Identity", "cameron.white"), ("EmailAddresses", Add("X500:" + allanLdn)));
        Assert.Contains("is already being used by the proxy addresses or LegacyExchangeDN of", Assert.Single(s.Errors).Exception.Message);
        s.Run("Set-Mailbox", ("Identity", "cameron.white"), ("EmailAddresses", Add("smtp:adele.vance@contoso.onmicrosoft.com")));
        Assert.Single(s.Errors);
        // Who holds it: Get-Recipient -Filter.
        var hit = Assert.Single(s.Run("Get-Recipient", ("Filter", "EmailAddresses -eq '" + x500 + "'")));
        Assert.Equal(adeleName, hit.Prop<string>("Name"));
        Assert.Equal("UserMailbox", hit.Prop<string>("RecipientType"));
        foreach (var p in new[] { "Name", "DisplayName", "Alias", "PrimarySmtpAddress", "RecipientType", "RecipientTypeDetails", "EmailAddresses", "ExchangeGuid", "Guid", "DistinguishedName", "IsDirSynced" })
            Assert.NotNull(hit.Properties[p]);
        Assert.Empty(s.Run("Get-Recipient", ("Filter", "EmailAddresses -eq 'X500:/o=Nobody'")));
        Assert.Empty(s.Errors);

        s.Script("Connect-ExchangeSimulator -TimeScale 0 -UniqueProxyAddresses");
        Assert.Empty(s.Errors);
        s.Run("Set-Mailbox", ("Identity", "adele.vance"), ("EmailAddresses", Add(x500)));
        s.Run("Set-Mailbox", ("Identity", "allan.deyoung"), ("EmailAddresses", Add(x500)));
        Assert.Contains("is already being used by the proxy addresses or LegacyExchangeDN of", Assert.Single(s.Errors).Exception.Message);
    }

    [Fact]
    public void GetRecipientFilterDoublesQuotesAndRejectsWhatItDoesNotKnow()
    {
        using var s = new SimSession();
        string x500 = "X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=o'brien";
        s.Run("Set-Mailbox", ("Identity", "adele.vance"), ("EmailAddresses", Add(x500)));
        Assert.Empty(s.Errors);
        var hit = Assert.Single(s.Run("Get-Recipient", ("Filter", "EmailAddresses -eq '" + x500.Replace("'", "''") + "'")));
        Assert.Equal("adele.vance", hit.Prop<string>("Alias"));
        Assert.Single(s.Run("Get-Recipient", ("Identity", "adele.vance")));
        Assert.Equal(2, s.Run("Get-Recipient", ("ResultSize", "2")).Count);
        Assert.Contains("There are more results available", Assert.Single(s.Warnings));
        var ex = Assert.ThrowsAny<RuntimeException>(() => s.Run("Get-Recipient", ("Filter", "CustomAttribute1 -eq 'x'")));
        Assert.StartsWith("Cannot bind parameter 'Filter' to the target.", ex.Message);
        ex = Assert.ThrowsAny<RuntimeException>(() => s.Run("Get-Recipient", ("Filter", "EmailAddresses -eq 'x")));
        Assert.Contains("Invalid filter syntax.", ex.Message);
        // Inactive mailboxes aren't recipients.
        Assert.Empty(s.Run("Get-Recipient", ("Filter", "Alias -eq 'megan.bowen'")));
    }

    [Fact]
    public void ArchiveStatusNoneWithAProvisionedArchiveAndARetainedArchiveGuid()
    {
        using var s = new SimSession();
        s.Run("Set-ExchangeSimulatorMailbox", ("Identity", "adele.vance"), ("ArchiveState", "StatusNone"));
        var a = s.Mailbox("adele.vance");
        Assert.Equal("None", a.Prop<string>("ArchiveStatus"));
        Assert.NotEqual(Guid.Empty, a.Prop<Guid>("ArchiveGuid"));
        Assert.False(string.IsNullOrEmpty(a.Prop<string>("ArchiveDatabase")));
        Assert.Single(a.Prop<string[]>("ArchiveName"));
        Assert.Single(s.Run("Get-MailboxStatistics", ("Identity", "adele.vance"), ("-Archive", null)));
        s.Run("Set-Mailbox", ("Identity", "adele.vance"), ("EmailAddresses", Add("X500:" + Ldn(s, "megan.bowen"))));
        s.One("New-MailboxRestoreRequest", ("SourceMailbox", s.Mailbox("megan.bowen", true).Prop<string>("DistinguishedName")), ("TargetMailbox", "adele.vance"),
            ("-SourceIsArchive", null), ("-TargetIsArchive", null), ("TargetRootFolder", "Megan archive"));

        s.Run("Set-ExchangeSimulatorMailbox", ("Identity", "allan.deyoung"), ("ArchiveState", "Disabled"));
        var d = s.Mailbox("allan.deyoung");
        Assert.Equal("None", d.Prop<string>("ArchiveStatus"));
        Assert.NotEqual(Guid.Empty, d.Prop<Guid>("ArchiveGuid"));
        Assert.Equal("", d.Prop<string>("ArchiveDatabase"));
        Assert.Empty(d.Prop<string[]>("ArchiveName"));
        s.Run("Get-MailboxStatistics", ("Identity", "allan.deyoung"), ("-Archive", null));
        Assert.Contains("RecipientTaskException", Assert.Single(s.Errors).Exception.Message);
        // No archive: the database is empty, the GUID all zeros.
        var none = s.Mailbox("bianca.pisani");
        Assert.Equal(Guid.Empty, none.Prop<Guid>("ArchiveGuid"));
        Assert.Equal("", none.Prop<string>("ArchiveDatabase"));
    }
}

public class RealTenantStateTests
{
    [Fact]
    public void NewMailboxAndFaultStateSurvivesAReload()
    {
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simf-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        string state = System.IO.Path.Combine(dir, "s.json");
        try
        {
            using (var s = new SimSession(statePath: state))
            {
                s.Run("Set-ExchangeSimulatorMailbox", ("Identity", "adele.vance"), ("IsDirSynced", true), ("ArchiveState", "StatusNone"));
                s.Run("Add-ExchangeSimulatorOnPremisesAddress", ("Identity", "adele.vance"), ("Address", new[] { "X500:/o=Contoso/cn=x" }));
                s.Run("Set-ExchangeSimulatorFault", ("CommandName", new[] { "Get-Mailbox" }), ("TransientErrorRate", 1.0), ("Kind", "MicroDelay"));
                s.Run("Set-ExchangeSimulatorFault", ("TokenExpiredForm", "GetResponseHeader"), ("ReplicationDelayReads", 1));
                Assert.Empty(s.Errors);
            }
            using (var s = new SimSession(statePath: state))
            {
                var m = s.Mailbox("adele.vance");
                Assert.True(m.Prop<bool>("IsDirSynced"));
                Assert.Equal("None", m.Prop<string>("ArchiveStatus"));
                Assert.StartsWith("Micro delay applied.", Assert.Single(s.Warnings));
                s.Step(30);
                Assert.Contains("X500:/o=Contoso/cn=x", s.Mailbox("adele.vance").Prop<string[]>("EmailAddresses"));
                var st = s.One("Get-ExchangeSimulatorState");
            }
        }
        finally { try { System.IO.Directory.Delete(dir, true); } catch { } }
    }

    [Fact]
    public void FixtureKeysForDirSyncAndArchiveStates()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simf-" + Guid.NewGuid().ToString("N") + ".json");
        System.IO.File.WriteAllText(path, """
        { "Organization": "fabrikam.onmicrosoft.com", "Mailboxes": [
          { "Alias": "synced", "IsDirSynced": true },
          { "Alias": "none", "Archive": true, "ArchiveStatusOverride": "None", "ArchiveDatabase": "EURPR01DG001-db900" },
          { "Alias": "disabled", "ArchiveGuid": "0d5e7f8a-1b2c-4d3e-8f90-a1b2c3d4e5f6", "HasArchive": false },
          { "Alias": "old.user", "State": "Inactive", "RestoreBehavior": "SkippedItemsPoor" } ] }
        """);
        try
        {
            using var s = new SimSession(tenantPath: path);
            Assert.True(s.Mailbox("synced").Prop<bool>("IsDirSynced"));
            var none = s.Mailbox("none");
            Assert.Equal("None", none.Prop<string>("ArchiveStatus"));
            Assert.Equal("EURPR01DG001-db900", none.Prop<string>("ArchiveDatabase"));
            var d = s.Mailbox("disabled");
            Assert.Equal(Guid.Parse("0d5e7f8a-1b2c-4d3e-8f90-a1b2c3d4e5f6"), d.Prop<Guid>("ArchiveGuid"));
            Assert.Equal("None", d.Prop<string>("ArchiveStatus"));
            Assert.Equal("", d.Prop<string>("ArchiveDatabase"));
            Assert.Empty(d.Prop<string[]>("ArchiveName"));
            s.Restore("old.user", "none");
            s.Step(60);
            var st = s.Stats("none\\MailboxRestore");
            Assert.Equal("Completed", st.Prop<string>("Status"));
            Assert.Equal("Poor", st.Prop<string>("DataConsistencyScore"));
            Assert.True(st.Prop<long>("BadItemsEncountered") >= 60);
        }
        finally { System.IO.File.Delete(path); }
    }
}

using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ExchangeSimulator.Tests;

public class MailboxTests
{
    [Fact]
    public void InactiveMailboxesAreVisibleOnlyWhenAskedFor()
    {
        using var s = new SimSession();
        var active = s.Run("Get-Mailbox");
        Assert.Equal(25, active.Count);
        Assert.All(active, m => Assert.False(m.Prop<bool>("IsInactiveMailbox")));
        var inactive = s.Run("Get-Mailbox", ("-InactiveMailboxOnly", null));
        Assert.Equal(17, inactive.Count);
        Assert.All(inactive, m => Assert.True(m.Prop<bool>("IsInactiveMailbox")));
        Assert.Equal(42, s.Run("Get-Mailbox", ("-IncludeInactiveMailbox", null)).Count);
        Assert.Equal(18, s.Run("Get-Mailbox", ("-SoftDeletedMailbox", null)).Count);
        s.Run("Get-Mailbox", ("Identity", "megan.bowen"));
        Assert.Single(s.Errors);
        Assert.StartsWith("Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|", s.Errors[0].Exception.Message);
    }

    [Fact]
    public void MailboxOutputIsADeserializedPropertyBag()
    {
        using var s = new SimSession();
        var m = s.Mailbox("megan.bowen", inactive: true);
        Assert.Equal("Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox", m.TypeNames[0]);
        Assert.All(m.Properties, p => Assert.IsType<PSNoteProperty>(p));
        foreach (var name in new[] { "ExchangeGuid", "Guid", "DistinguishedName", "LegacyExchangeDN", "PrimarySmtpAddress", "DisplayName", "Alias",
            "UserPrincipalName", "ExternalDirectoryObjectId", "RecipientTypeDetails", "IsInactiveMailbox", "WhenSoftDeleted", "InactiveMailboxRetireTime",
            "LitigationHoldEnabled", "InPlaceHolds", "ComplianceTagHoldApplied", "DelayHoldApplied", "ArchiveGuid", "ArchiveStatus",
            "AutoExpandingArchiveEnabled", "EmailAddresses", "RetentionHoldEnabled", "RetentionPolicy", "ProhibitSendReceiveQuota", "ArchiveQuota",
            "Name", "Identity", "Database", "ArchiveName", "WhenCreated", "IssueWarningQuota", "ProhibitSendQuota", "ArchiveWarningQuota",
            "RecoverableItemsQuota", "AccountDisabled" })
        {
            Assert.NotNull(m.Properties[name]);
        }
        Assert.IsType<Guid>(m.Prop<Guid>("ExchangeGuid"));
        Assert.Equal("Active", m.Prop<string>("ArchiveStatus"));
        Assert.Equal("100 GB (107,374,182,400 bytes)", m.Prop<string>("ProhibitSendReceiveQuota"));
        Assert.StartsWith("/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=", m.Prop<string>("LegacyExchangeDN"));
        Assert.Contains("OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com", m.Prop<string>("DistinguishedName"));
        var noArchive = s.Mailbox("miriam.graham", inactive: true);
        Assert.Equal(Guid.Empty, noArchive.Prop<Guid>("ArchiveGuid"));
        Assert.Equal("None", noArchive.Prop<string>("ArchiveStatus"));
    }

    [Fact]
    public void SharedSmtpIsAmbiguousButDnAndGuidAreNot()
    {
        using var s = new SimSession();
        var result = s.Run("Get-Mailbox", ("Identity", "joni.sherman@contoso.onmicrosoft.com"), ("-IncludeInactiveMailbox", null));
        Assert.Empty(result);
        var e = Assert.Single(s.Errors);
        Assert.Equal("Ex0DE4C8|Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException|The operation couldn't be performed because 'joni.sherman@contoso.onmicrosoft.com' matches multiple entries.", e.Exception.Message);
        Assert.Equal("joni.sherman@contoso.onmicrosoft.com", e.TargetObject);
        var inactive = s.Mailbox("joni.sherman@contoso.onmicrosoft.com", inactive: true);
        var byDn = s.One("Get-Mailbox", ("Identity", inactive.Prop<string>("DistinguishedName")), ("-IncludeInactiveMailbox", null));
        Assert.True(byDn.Prop<bool>("IsInactiveMailbox"));
        var byGuid = s.One("Get-Mailbox", ("Identity", inactive.Prop<Guid>("ExchangeGuid").ToString()), ("-IncludeInactiveMailbox", null));
        Assert.Equal(inactive.Prop<string>("DistinguishedName"), byGuid.Prop<string>("DistinguishedName"));
        Assert.False(s.Mailbox("joni.sherman@contoso.onmicrosoft.com").Prop<bool>("IsInactiveMailbox"));
    }

    [Fact]
    public void NotFoundIsNonTerminatingWithTheExchangeForm()
    {
        using var s = new SimSession();
        var r = s.Script("Get-Mailbox -Identity nobody@contoso.onmicrosoft.com; 'after'");
        Assert.Equal("after", r.Last().BaseObject);
        var e = Assert.Single(s.Errors);
        Assert.Equal("Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'nobody@contoso.onmicrosoft.com' couldn't be found on 'EURPR01A001DC03.EURPR01A001.prod.outlook.com'.", e.Exception.Message);
        Assert.Equal("nobody@contoso.onmicrosoft.com", e.TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.ThrowsAny<RuntimeException>(() => s.Run("Get-Mailbox", ("Identity", "nobody"), ("ErrorAction", "Stop")));
    }

    [Fact]
    public void ResultSizeLimitsAndWarns()
    {
        using var s = new SimSession();
        Assert.Equal(5, s.Run("Get-Mailbox", ("ResultSize", "5")).Count);
        Assert.Contains(s.Warnings, w => w.Contains("There are more results available"));
        Assert.Equal(25, s.Run("Get-Mailbox", ("ResultSize", "Unlimited")).Count);
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public void StatisticsOfInactiveMailboxesNeedIncludeSoftDeletedRecipients()
    {
        using var s = new SimSession();
        s.Run("Get-MailboxStatistics", ("Identity", "megan.bowen"));
        Assert.Contains("ManagementObjectNotFoundException", Assert.Single(s.Errors).Exception.Message);
        var st = s.One("Get-MailboxStatistics", ("Identity", "megan.bowen"), ("-IncludeSoftDeletedRecipients", null));
        Assert.Equal("180 MB (188,743,680 bytes)", st.Prop<string>("TotalItemSize"));
        Assert.Equal(1180L, st.Prop<long>("ItemCount"));
        Assert.Equal("9 MB (9,437,184 bytes)", st.Prop<string>("TotalDeletedItemSize"));
        Assert.Equal(64L, st.Prop<long>("DeletedItemCount"));
        var ar = s.One("Get-MailboxStatistics", ("Identity", "megan.bowen"), ("-IncludeSoftDeletedRecipients", null), ("-Archive", null));
        Assert.Equal("60 MB (62,914,560 bytes)", ar.Prop<string>("TotalItemSize"));
        s.Run("Get-MailboxStatistics", ("Identity", "bianca.pisani"), ("-Archive", null));
        Assert.Contains("doesn't have an archive", Assert.Single(s.Errors).Exception.Message);
        var piped = s.Script("Get-Mailbox -Identity adele.vance | Get-MailboxStatistics");
        Assert.Single(piped);
    }

    [Fact]
    public void SetMailboxAddsAndRemovesProxiesAndRetentionHold()
    {
        using var s = new SimSession();
        s.Run("Set-Mailbox", ("Identity", "adele.vance"), ("EmailAddresses", new Hashtable { ["Add"] = "X500:/o=ExchangeLabs/cn=Recipients/cn=abc-old" }));
        Assert.Empty(s.Errors);
        Assert.Contains("X500:/o=ExchangeLabs/cn=Recipients/cn=abc-old", s.Mailbox("adele.vance").Prop<string[]>("EmailAddresses"));
        s.Run("Set-Mailbox", ("Identity", "adele.vance"), ("EmailAddresses", new Hashtable { ["Remove"] = "X500:/o=ExchangeLabs/cn=Recipients/cn=abc-old" }));
        Assert.DoesNotContain("X500:/o=ExchangeLabs/cn=Recipients/cn=abc-old", s.Mailbox("adele.vance").Prop<string[]>("EmailAddresses"));
        s.Run("Set-Mailbox", ("Identity", "adele.vance"), ("EmailAddresses", new[] { "SMTP:adele@contoso.onmicrosoft.com", "smtp:adele.vance@contoso.onmicrosoft.com" }));
        Assert.Equal("adele@contoso.onmicrosoft.com", s.Mailbox("adele.vance").Prop<string>("PrimarySmtpAddress"));
        s.Run("Set-Mailbox", ("Identity", "adele.vance"), ("EmailAddresses", new[] { "smtp:x@contoso.onmicrosoft.com" }));
        Assert.Contains("DataValidationException", Assert.Single(s.Errors).Exception.Message);
        s.Run("Set-Mailbox", ("Identity", "debra.berger"), ("RetentionHoldEnabled", true), ("StartDateForRetentionHold", new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc)));
        var d = s.Mailbox("debra.berger");
        Assert.True(d.Prop<bool>("RetentionHoldEnabled"));
        Assert.Equal(new DateTime(2026, 3, 2), d.Prop<DateTime>("StartDateForRetentionHold"));
        s.Run("Set-Mailbox", ("Identity", "debra.berger"), ("RetentionHoldEnabled", true));
        Assert.Contains(s.Warnings, w => w.Contains("no settings"));
        s.Run("Set-Mailbox", ("Identity", "megan.bowen"), ("RetentionHoldEnabled", true));
        Assert.Contains("ManagementObjectNotFoundException", Assert.Single(s.Errors).Exception.Message);
    }
}

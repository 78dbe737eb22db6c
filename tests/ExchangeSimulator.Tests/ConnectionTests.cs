using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ExchangeSimulator.Tests;

public class ConnectionTests
{
    [Fact]
    public void CmdletsExistOnlyWhileConnected()
    {
        using var s = new SimSession(connect: false);
        Assert.Empty(s.Run("Get-ConnectionInformation"));
        Assert.Empty(s.Run("Get-Command", ("Name", "Get-Mailbox"), ("ErrorAction", "SilentlyContinue")));
        s.Run("Connect-ExchangeSimulator", ("TimeScale", 0.0));
        Assert.Single(s.Run("Get-Command", ("Name", "Get-Mailbox")));
        var ci = s.One("Get-ConnectionInformation");
        Assert.Equal("Connected", ci.Prop<string>("State"));
        Assert.Equal("Active", ci.Prop<string>("TokenStatus"));
        Assert.Equal("tmpEXO_Simulator", ci.Prop<string>("ModuleName"));
        Assert.Equal("", ci.Prop<string>("ModulePrefix"));
        Assert.Equal("contoso.onmicrosoft.com", ci.Prop<string>("Organization"));
        Assert.False(ci.Prop<bool>("IsEopSession"));
        foreach (var p in new[] { "ConnectionId", "Name", "UserPrincipalName", "TenantID", "TokenExpiryTimeUTC", "ConnectionUri" }) Assert.NotNull(ci.Properties[p]);
        s.Run("Disconnect-ExchangeSimulator");
        Assert.Empty(s.Run("Get-ConnectionInformation"));
        Assert.Empty(s.Run("Get-Command", ("Name", "Get-Mailbox"), ("ErrorAction", "SilentlyContinue")));
    }

    [Fact]
    public void PrefixRenamesTheExchangeCmdletsOnly()
    {
        using var s = new SimSession(prefix: "Contoso");
        Assert.Single(s.Run("Get-Command", ("Name", "Get-ContosoMailbox")));
        Assert.Single(s.Run("Get-Command", ("Name", "New-ContosoMailboxRestoreRequest")));
        Assert.Empty(s.Run("Get-Command", ("Name", "Get-Mailbox"), ("ErrorAction", "SilentlyContinue")));
        Assert.Equal("Contoso", s.One("Get-ConnectionInformation").Prop<string>("ModulePrefix"));
        Assert.Equal(17, s.Run("Get-ContosoMailbox", ("-InactiveMailboxOnly", null)).Count);
        var entry = s.Run("Get-ExchangeSimulatorLedger").Last();
        Assert.Equal("Get-Mailbox", entry.Prop<string>("CommandName"));
        Assert.Equal("Get-ContosoMailbox", entry.Prop<string>("InvokedAs"));
    }

    [Fact]
    public void InvalidPrefixIsRejected()
    {
        using var s = new SimSession(connect: false);
        Assert.Throws<CmdletInvocationException>(() => s.Run("Connect-ExchangeSimulator", ("Prefix", "Con-toso")));
    }

    [Fact]
    public void ReconnectReplacesState()
    {
        using var s = new SimSession();
        s.Restore("megan.bowen", "adele.vance");
        Assert.Single(s.Run("Get-MailboxRestoreRequest"));
        s.Run("Connect-ExchangeSimulator", ("TimeScale", 0.0), ("Prefix", "Fab"));
        Assert.Empty(s.Run("Get-FabMailboxRestoreRequest"));
        Assert.Empty(s.Run("Get-Command", ("Name", "Get-MailboxRestoreRequest"), ("ErrorAction", "SilentlyContinue")));
    }

    [Fact]
    public void MalformedTenantFileIsATerminatingErrorWithItsPosition()
    {
        string path = Path.Combine(Path.GetTempPath(), "sim-bad-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, "{ \"Mailboxes\": [ { \"Alias\": \"x\", \"State\": \"Gone\" } ] }");
        try
        {
            using var s = new SimSession(connect: false);
            var e = Assert.ThrowsAny<RuntimeException>(() => s.Run("Connect-ExchangeSimulator", ("TenantPath", path)));
            Assert.Contains("Mailboxes[0]", e.Message);
            File.WriteAllText(path, "{ \"Mailboxes\": [ }");
            e = Assert.ThrowsAny<RuntimeException>(() => s.Run("Connect-ExchangeSimulator", ("TenantPath", path)));
            Assert.Contains("line 1", e.Message);
            Assert.Empty(s.Run("Get-ConnectionInformation"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LoadsATenantFromJson()
    {
        string path = Path.Combine(Path.GetTempPath(), "sim-tenant-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """
        {
          "Organization": "fabrikam.onmicrosoft.com",
          "Mailboxes": [
            { "Alias": "old.user", "DisplayName": "Old User", "State": "Inactive", "LitigationHoldEnabled": true,
              "PrimarySize": "225.8 MB (236,732,045 bytes)", "PrimaryItems": 1456, "RestoreBehavior": "Stall" },
            { "Alias": "new.user", "Archive": true, "ProhibitSendReceiveQuota": "Unlimited" }
          ]
        }
        """);
        try
        {
            using var s = new SimSession(tenantPath: path);
            var old = s.Mailbox("old.user", inactive: true);
            Assert.Equal("old.user@fabrikam.onmicrosoft.com", old.Prop<string>("PrimarySmtpAddress"));
            var st = s.One("Get-MailboxStatistics", ("Identity", "old.user"), ("-IncludeSoftDeletedRecipients", null));
            Assert.Equal("225.8 MB (236,732,045 bytes)", st.Prop<string>("TotalItemSize"));
            Assert.Equal(1456L, st.Prop<long>("ItemCount"));
            Assert.Equal("Unlimited", s.Mailbox("new.user").Prop<string>("ProhibitSendReceiveQuota"));
            Assert.Equal("fabrikam.onmicrosoft.com", s.One("Get-ConnectionInformation").Prop<string>("Organization"));
        }
        finally { File.Delete(path); }
    }
}

using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ExchangeSimulator.Tests;

public class RoleTests
{
    [Fact]
    public void AMissingRoleShowsAsAMissingCommand()
    {
        using var s = new SimSession();
        s.Script("Connect-ExchangeSimulator -TimeScale 0 -Prefix Contoso -WithoutCmdlet New-MailboxRestoreRequest,Get-Recipient");
        Assert.Empty(s.Errors);
        var names = s.Script("(Get-Command -Module tmpEXO_Simulator).Name").Select(o => (string)o.BaseObject).ToList();
        Assert.DoesNotContain("New-ContosoMailboxRestoreRequest", names);
        Assert.DoesNotContain("Get-ContosoRecipient", names);
        Assert.Contains("Get-ContosoMailbox", names);
        Assert.Empty(s.Script("Get-Command New-ContosoMailboxRestoreRequest -ErrorAction SilentlyContinue"));
    }

    [Fact]
    public void RolesDecideWhichCmdletsExist()
    {
        using var s = new SimSession();
        s.Script("Connect-ExchangeSimulator -TimeScale 0 -Roles 'View-Only Recipients'");
        var names = s.Script("(Get-Command -Module tmpEXO_Simulator).Name").Select(o => (string)o.BaseObject).OrderBy(n => n).ToList();
        Assert.Equal(new[] { "Get-Mailbox", "Get-MailboxFolderStatistics", "Get-MailboxStatistics", "Get-Recipient" }, names);
        s.Script("Connect-ExchangeSimulator -TimeScale 0 -Roles 'Nope'");
        Assert.Equal("InvalidSessionOption,ExchangeSimulator.Commands.ConnectExchangeSimulatorCommand", Assert.Single(s.Errors).FullyQualifiedErrorId);
        s.Script("Connect-ExchangeSimulator -TimeScale 0 -WithoutCmdlet Get-Nothing");
        Assert.Contains("isn't a simulated Exchange cmdlet", Assert.Single(s.Errors).Exception.Message);
    }

    [Fact]
    public void GetManagementRoleNamesTheRolesThatGrantACmdlet()
    {
        using var s = new SimSession();
        var roles = s.Run("Get-ManagementRole", ("Cmdlet", "New-MailboxRestoreRequest"));
        Assert.Equal("Mailbox Import Export", Assert.Single(roles).Prop<string>("Name"));
        Assert.Equal("MailboxImportExport", roles[0].Prop<string>("RoleType"));
        var names = s.Run("Get-ManagementRole", ("Cmdlet", "Get-Recipient")).Select(r => r.Prop<string>("Name")).ToList();
        Assert.Equal(new[] { "Mail Recipients", "View-Only Recipients" }, names);
        Assert.Contains("Mail Recipients", s.Run("Get-ManagementRole", ("Cmdlet", "Set-Mailbox")).Select(r => r.Prop<string>("Name")));
        Assert.Empty(s.Run("Get-ManagementRole", ("Cmdlet", "Get-Nothing")));
    }

    [Fact]
    public void SetMailboxRestoreRequestWithoutSkippedItemApprovalTime()
    {
        using var s = new SimSession();
        Assert.True((bool)s.Script("(Get-Command Set-MailboxRestoreRequest).Parameters.ContainsKey('SkippedItemApprovalTime')")[0].BaseObject);
        s.Script("Connect-ExchangeSimulator -TimeScale 0 -WithoutSkippedItemApprovalTime");
        Assert.False((bool)s.Script("(Get-Command Set-MailboxRestoreRequest).Parameters.ContainsKey('SkippedItemApprovalTime')")[0].BaseObject);
        s.Restore("megan.bowen", "adele.vance");
        s.Script("Set-MailboxRestoreRequest adele.vance\\MailboxRestore -SkippedItemApprovalTime (Get-Date)");
        Assert.IsType<ParameterBindingException>(Assert.Single(s.Errors).Exception);
        s.Script("Connect-ExchangeSimulator -TimeScale 0");
        s.Restore("megan.bowen", "adele.vance");
        s.Script("Set-MailboxRestoreRequest adele.vance\\MailboxRestore -SkippedItemApprovalTime '2026-03-02T10:00:00Z'");
        Assert.Empty(s.Errors);
    }
}

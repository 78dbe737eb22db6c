using System;
using InactiveRestore.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Exchange;

/// <summary>The capability query on the seam: does the session's command exist, does it have a parameter (prefix-aware, cached per connection).</summary>
public class CapabilityTests
{
    private const string RestoreRequestFunctions = @"
function global:Set-%P%MailboxRestoreRequest {
    [CmdletBinding()]
    param([string] $Identity, [datetime] $SkippedItemApprovalTime, [Alias('Age')] [timespan] $CompletedRequestAgeLimit)
}
function global:Resume-%P%MailboxRestoreRequest { [CmdletBinding()] param([string] $Identity) }
";

    private static FakeExchangeRunspace Runspace(string prefix)
    {
        var rs = new FakeExchangeRunspace(prefix);
        rs.Run(RestoreRequestFunctions.Replace("%P%", prefix));
        return rs;
    }

    private static RunspaceExchangeClient Client(FakeExchangeRunspace rs) => new(rs.Create, RetryPolicy.None);

    [Theory]
    [InlineData("")]
    [InlineData("Contoso")]
    public void AnswersWithTheSessionsPrefix(string prefix)
    {
        using var rs = Runspace(prefix);
        var client = Client(rs);
        Assert.True(client.HasCommand("Set-MailboxRestoreRequest"));
        Assert.False(client.HasCommand("Get-ManagementRole"));
        Assert.True(client.HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime"));
        Assert.True(client.HasParameter("Set-MailboxRestoreRequest", "-skippeditemapprovaltime"));
        Assert.True(client.HasParameter("Set-MailboxRestoreRequest", "Age"));
        Assert.False(client.HasParameter("Resume-MailboxRestoreRequest", "SkippedItemApprovalTime"));
        Assert.False(client.HasParameter("Get-ManagementRole", "Cmdlet"));
        Assert.Equal($"Set-{prefix}MailboxRestoreRequest", client.PrefixedName("Set-MailboxRestoreRequest"));
    }

    [Fact]
    public void AnUnprefixedCommandDoesNotCountUnderAPrefix()
    {
        using var rs = Runspace("");
        rs.Connect("Contoso");
        Assert.False(Client(rs).HasCommand("Set-MailboxRestoreRequest"));
    }

    [Fact]
    public void AParameterMissingFromTheSessionsCommandIsFalse()
    {
        using var rs = Runspace("");
        rs.Run("function global:Set-MailboxRestoreRequest { [CmdletBinding()] param([string] $Identity, [string] $BatchName) }");
        rs.Connect("");
        Assert.False(Client(rs).HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime"));
    }

    [Fact]
    public void CachedPerConnection()
    {
        using var rs = Runspace("");
        Assert.True(Client(rs).HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime"));
        rs.Run("function global:Set-MailboxRestoreRequest { [CmdletBinding()] param([string] $Identity) }");
        // Same connection: a new client (a new cmdlet invocation) does not look again.
        Assert.True(Client(rs).HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime"));
        // A new connection (new ConnectionId, as Connect-ExchangeOnline gives) looks again.
        rs.Connect("");
        Assert.False(Client(rs).HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime"));
    }

    [Fact]
    public void AReconnectThatImportsANewModuleLooksAgainEvenWithTheSameConnectionId()
    {
        using var rs = new FakeExchangeRunspace(withConnectionCommand: true);
        const string import = @"
            param($withApproval)
            Remove-Module tmpEXO_fake -ErrorAction Ignore
            $body = if ($withApproval) { 'function Set-MailboxRestoreRequest { [CmdletBinding()] param([string] $Identity, [datetime] $SkippedItemApprovalTime) }' }
                    else { 'function Set-MailboxRestoreRequest { [CmdletBinding()] param([string] $Identity) }' }
            New-Module -Name tmpEXO_fake -ScriptBlock ([scriptblock]::Create($body + '; Export-ModuleMember -Function *')) | Import-Module -Global
            $global:FakeConnections = @([pscustomobject]@{ ConnectionId = 'same-id'; State = 'Connected'; ModulePrefix = ''; TokenStatus = 'Active'; IsEopSession = $false; ModuleName = 'tmpEXO_fake' })";
        rs.Run(import, true);
        Assert.True(Client(rs).HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime"));
        Assert.True(Client(rs).HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime"));
        rs.Run(import, false);
        Assert.False(Client(rs).HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime"));
    }

    [Fact]
    public void NotConnectedThrows()
    {
        using var rs = new FakeExchangeRunspace(withConnectionCommand: false);
        Assert.Equal(ExchangeErrorKind.NotConnected, Assert.Throws<ExchangeException>(() => Client(rs).HasCommand("Get-Mailbox")).Kind);
    }

    [Fact]
    public void ClientsThatCannotTellAnswerNull()
    {
        IExchangeClient plain = new Fakes.FakeExchange();
        Assert.Null(plain.HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime"));
        using var rs = Runspace("");
        IExchangeClient real = Client(rs);
        Assert.True(real.HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime"));
    }
}

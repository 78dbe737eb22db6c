using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using InactiveRestore.Tests.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Readiness;

/// <summary>Test-InactiveRestoreEnvironment's probe through a real runspace with fake tmpEXO-style functions.</summary>
public class ReadinessProbeTests
{
    private const string Functions = @"
$global:Sent = [System.Collections.Generic.List[string]]::new()
$global:Mailbox = [ordered]@{
    ExchangeGuid = '4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d'; Guid = '0b0c0d0e-0000-4000-8000-000000000001'
    DistinguishedName = 'CN=Jo Smith,OU=contoso.onmicrosoft.com,DC=prod'; LegacyExchangeDN = '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jo'
    PrimarySmtpAddress = 'jo@contoso.com'; DisplayName = 'Jo Smith'; Alias = 'jo'; Name = 'Jo Smith'; UserPrincipalName = 'jo@contoso.com'
    ExternalDirectoryObjectId = '9e8d7c6b-0000-4000-8000-000000000002'; RecipientTypeDetails = 'UserMailbox'; IsInactiveMailbox = $true
    WhenSoftDeleted = [datetime]'2025-06-01T10:00:00Z'; InactiveMailboxRetireTime = $null; LitigationHoldEnabled = $true; InPlaceHolds = @('mbx1:2')
    ComplianceTagHoldApplied = $false; DelayHoldApplied = $false; ArchiveGuid = '00000000-0000-0000-0000-000000000000'; ArchiveStatus = 'None'
    ArchiveDatabase = $null; ArchiveName = @(); AutoExpandingArchiveEnabled = $false; EmailAddresses = @('SMTP:jo@contoso.com', 'X500:/o=old/cn=jo')
    RetentionHoldEnabled = $false; RetentionPolicy = 'Default MRM Policy'; ProhibitSendReceiveQuota = '100 GB (107,374,182,400 bytes)'; ArchiveQuota = 'Unlimited'
    IsDirSynced = $false
}
$global:Requests = @([pscustomobject]@{ Name = 'IR-jo-4f1b2d3c-Primary'; Identity = 'boss\IR-jo-4f1b2d3c-Primary'; RequestGuid = '7a7a7a7a-0000-4000-8000-000000000003'; TargetMailbox = 'boss'; Status = 'InProgress'; BatchName = ''; Suspend = $false })
function global:Get-%P%Mailbox {
    [CmdletBinding()] param([string] $Identity, [switch] $InactiveMailboxOnly, [object] $ResultSize)
    $global:Sent.Add('Get-Mailbox')
    if ($global:Mailbox) { [pscustomobject] $global:Mailbox }
}
function global:Get-%P%MailboxStatistics {
    [CmdletBinding()] param([string] $Identity, [switch] $Archive, [switch] $IncludeSoftDeletedRecipients)
    $global:Sent.Add('Get-MailboxStatistics ' + $Identity)
    if ($global:StatsFail) { $r = [System.Net.Http.HttpResponseMessage]::new(401); $null = $r.GetResponseHeader('x'); return }
    if (-not $IncludeSoftDeletedRecipients) { Write-Error ""Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object '$Identity' couldn't be found.""; return }
    [pscustomobject]@{ TotalItemSize = '225.8 MB (236,732,045 bytes)'; ItemCount = 723; TotalDeletedItemSize = '0 B (0 bytes)'; DeletedItemCount = 0 }
}
function global:Get-%P%MailboxFolderStatistics { [CmdletBinding()] param([string] $Identity) }
function global:Get-%P%Recipient { [CmdletBinding()] param([string] $Identity, [string] $Filter) }
function global:Set-%P%Mailbox { [CmdletBinding()] param([string] $Identity) $global:Sent.Add('Set-Mailbox') }
function global:New-%P%MailboxRestoreRequest { [CmdletBinding()] param([string] $SourceMailbox) $global:Sent.Add('New-MailboxRestoreRequest') }
function global:Get-%P%MailboxRestoreRequest {
    [CmdletBinding()] param([string] $Identity, [object] $ResultSize)
    $global:Sent.Add('Get-MailboxRestoreRequest')
    $global:Requests | Select-Object -First 1
}
function global:Get-%P%MailboxRestoreRequestStatistics {
    [CmdletBinding()] param([string] $Identity)
    $global:Sent.Add('Get-MailboxRestoreRequestStatistics ' + $Identity)
    [pscustomobject]@{
        Name = 'IR-jo-4f1b2d3c-Primary'; Identity = 'boss\IR-jo-4f1b2d3c-Primary'; RequestGuid = $Identity; BatchName = ''; Status = 'InProgress'
        StatusDetail = 'CopyingMessages'; SyncStage = 'CopyingMessages'; Suspend = $false; SourceExchangeGuid = '4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d'
        SourceRootFolder = $null; SourceIsArchive = $false; TargetAlias = 'boss'; TargetExchangeGuid = '1c1c1c1c-0000-4000-8000-000000000004'; TargetIsArchive = $false
        TargetRootFolder = 'Restored-Jo Smith-2026-01-01'; ConflictResolutionOption = 'KeepAll'; EstimatedTransferSize = '225.8 MB (236,732,045 bytes)'
        EstimatedTransferItemCount = 723; BytesTransferred = '100 MB (104,857,600 bytes)'; BytesTransferredPerMinute = '10 MB (10,485,760 bytes)'
        ItemsTransferred = 300; PercentComplete = 41; QueuedTimestamp = [datetime]'2026-01-01T10:00:00Z'; StartTimestamp = [datetime]'2026-01-01T10:01:00Z'
        LastUpdateTimestamp = [datetime]'2026-01-01T10:10:00Z'; CompletionTimestamp = $null; SuspendedTimestamp = $null; FailureTimestamp = $null
        FailureType = $null; Message = 'Copying'; BadItemsEncountered = 0; LargeItemsEncountered = 0; MissingItemsEncountered = 0
        DataConsistencyScore = 'Perfect'; PositionInQueue = ''
    }
}
function global:Set-%P%MailboxRestoreRequest { [CmdletBinding()] param([string] $Identity, [datetime] $SkippedItemApprovalTime) $global:Sent.Add('Set-MailboxRestoreRequest') }
function global:Suspend-%P%MailboxRestoreRequest { [CmdletBinding()] param([string] $Identity) }
function global:Resume-%P%MailboxRestoreRequest { [CmdletBinding()] param([string] $Identity) }
function global:Remove-%P%MailboxRestoreRequest { [CmdletBinding()] param([string] $Identity) }
";

    private const string ManagementRole = @"
function global:Get-%P%ManagementRole {
    [CmdletBinding()] param([string] $Cmdlet)
    $global:Sent.Add('Get-ManagementRole ' + $Cmdlet)
    if ($Cmdlet -like '*RestoreRequest*') { [pscustomobject]@{ Name = 'Mailbox Import Export' } }
    else { [pscustomobject]@{ Name = 'Mail Recipients' }; [pscustomobject]@{ Name = 'View-Only Recipients' } }
}
";

    private static FakeExchangeRunspace Runspace(string prefix = "Contoso", bool withRoles = false)
    {
        var rs = new FakeExchangeRunspace(prefix);
        rs.Run(Functions.Replace("%P%", prefix));
        if (withRoles) rs.Run(ManagementRole.Replace("%P%", prefix));
        rs.Run(@"$global:FakeConnections = @([pscustomobject]@{ ConnectionId = [guid]::NewGuid().ToString(); State = 'Connected'; ModulePrefix = $args[0]; TokenStatus = 'Active';
            IsEopSession = $false; Organization = 'contoso.onmicrosoft.com'; UserPrincipalName = 'admin@contoso.onmicrosoft.com'; ModuleName = 'tmpEXO_abcd1234' })", prefix);
        return rs;
    }

    private static List<ReadinessCheck> Run(FakeExchangeRunspace rs, List<string>? verbose = null)
    {
        var client = new RunspaceExchangeClient(rs.Create, RetryPolicy.None);
        if (verbose is not null) client.Calling += (_, l) => verbose.Add(l);
        return new ReadinessProbe(client, rs.Create, "Core", "7.4.6").Run().ToList();
    }

    private static ReadinessCheck Row(IEnumerable<ReadinessCheck> rows, string check) => Assert.Single(rows, r => r.Check == check);

    private static string[] Sent(FakeExchangeRunspace rs) => rs.Run("$global:Sent").Select(o => o.ToString()!).ToArray();

    [Fact]
    public void ReadyTenantPassesEveryCheck()
    {
        using var rs = Runspace();
        var verbose = new List<string>();
        var rows = Run(rs, verbose);
        Assert.Equal(new[]
        {
            "Connection", "Cmdlet prefix", "PowerShell", "ExchangeOnlineManagement",
            "Get-Mailbox", "Get-MailboxStatistics", "Get-MailboxFolderStatistics", "Get-Recipient", "Set-Mailbox",
            "New-MailboxRestoreRequest", "Get-MailboxRestoreRequest", "Get-MailboxRestoreRequestStatistics",
            "Set-MailboxRestoreRequest", "Suspend-MailboxRestoreRequest", "Resume-MailboxRestoreRequest", "Remove-MailboxRestoreRequest",
            "Parameter -SkippedItemApprovalTime",
            "Shape: inactive mailbox", "Shape: inactive mailbox statistics", "Shape: restore request", "Shape: restore request statistics",
        }, rows.Select(r => r.Check));
        // Not loaded here: the only row that is not Pass.
        Assert.Equal(new[] { "ExchangeOnlineManagement" }, rows.Where(r => r.Status != ReadinessStatus.Pass).Select(r => r.Check));
        Assert.Contains("contoso.onmicrosoft.com", Row(rows, "Connection").Detail);
        Assert.Contains("Get-ContosoMailbox", Row(rows, "Cmdlet prefix").Detail);
        Assert.Contains("Present as New-ContosoMailboxRestoreRequest", Row(rows, "New-MailboxRestoreRequest").Detail);
        Assert.Equal("Core 7.4.6.", Row(rows, "PowerShell").Detail);
        Assert.Contains("tmpEXO_abcd1234", Row(rows, "ExchangeOnlineManagement").Detail);

        // Read-only, and the statistics were read as the module reads them.
        Assert.Equal(new[]
        {
            "Get-Mailbox", "Get-MailboxStatistics 4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d", "Get-MailboxRestoreRequest",
            "Get-MailboxRestoreRequestStatistics 7a7a7a7a-0000-4000-8000-000000000003",
        }, Sent(rs));
        Assert.Contains("Get-ContosoMailbox -InactiveMailboxOnly -ResultSize 1 -WarningAction 'SilentlyContinue'", verbose);
        Assert.Contains("Get-ContosoMailboxStatistics -Identity '4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d' -IncludeSoftDeletedRecipients", verbose);

        // Shareable: no mailbox names or addresses in the table.
        foreach (var r in rows)
        {
            Assert.DoesNotContain("Jo Smith", r.Detail + r.Remedy);
            Assert.DoesNotContain("jo@contoso.com", r.Detail + r.Remedy);
        }
    }

    [Fact]
    public void NotConnectedIsOneFailRow()
    {
        using var rs = Runspace();
        rs.Run("$global:FakeConnections = @()");
        var row = Assert.Single(Run(rs));
        Assert.Equal(("Connection", ReadinessStatus.Fail), (row.Check, row.Status));
        Assert.Contains("Connect-ExchangeOnline", row.Remedy);
        Assert.DoesNotContain("Simulator", row.Detail + row.Remedy);

        using var bare = new FakeExchangeRunspace(withConnectionCommand: false);
        Assert.Equal(ReadinessStatus.Fail, Assert.Single(Run(bare)).Status);
    }

    [Fact]
    public void MissingCmdletsNameTheRolesFromGetManagementRole()
    {
        using var rs = Runspace(withRoles: true);
        rs.Run("Remove-Item function:New-ContosoMailboxRestoreRequest, function:Get-ContosoRecipient");
        var rows = Run(rs);
        var create = Row(rows, "New-MailboxRestoreRequest");
        Assert.Equal(ReadinessStatus.Fail, create.Status);
        Assert.Contains("New-ContosoMailboxRestoreRequest is not in this session", create.Detail);
        Assert.Contains("(Get-ManagementRole -Cmdlet New-MailboxRestoreRequest): 'Mailbox Import Export'", create.Detail);
        Assert.Contains("New-ManagementRoleAssignment -Role 'Mailbox Import Export' -User 'admin@contoso.onmicrosoft.com'", create.Remedy);
        var recipient = Row(rows, "Get-Recipient");
        Assert.Equal(ReadinessStatus.Warn, recipient.Status);
        Assert.Contains("'Mail Recipients', 'View-Only Recipients'", recipient.Detail);
        Assert.Contains("Get-ManagementRole New-MailboxRestoreRequest", Sent(rs));
        Assert.Equal(ReadinessStatus.Pass, Row(rows, "Get-Mailbox").Status);
    }

    [Fact]
    public void MissingCmdletsWithoutGetManagementRoleNameTheUsualRole()
    {
        using var rs = Runspace();
        rs.Run("Remove-Item function:Get-ContosoMailboxRestoreRequestStatistics");
        var row = Row(Run(rs), "Get-MailboxRestoreRequestStatistics");
        Assert.Equal(ReadinessStatus.Fail, row.Status);
        Assert.Contains("usually grants it is 'Mailbox Import Export' (Get-ContosoManagementRole is not available in this session to ask)", row.Detail);
    }

    [Fact]
    public void SetMailboxRestoreRequestWithoutSkippedItemApprovalTimeWarns()
    {
        using var rs = Runspace();
        rs.Run("function global:Set-ContosoMailboxRestoreRequest { [CmdletBinding()] param([string] $Identity, [string] $BatchName) }");
        var row = Row(Run(rs), "Parameter -SkippedItemApprovalTime");
        Assert.Equal(ReadinessStatus.Warn, row.Status);
        Assert.Contains("-ApproveSkippedItems", row.Detail);
    }

    [Fact]
    public void ShapeProblemsAreListed()
    {
        using var rs = Runspace("");
        rs.Run("$global:Mailbox.ExchangeGuid = 'n/a'; $global:Mailbox.ProhibitSendReceiveQuota = '99 GB'; $global:Mailbox.Remove('IsDirSynced')");
        var rows = Run(rs);
        var shape = Row(rows, "Shape: inactive mailbox");
        Assert.Equal(ReadinessStatus.Fail, shape.Status);
        Assert.Contains("ExchangeGuid is not a GUID (text)", shape.Detail);
        Assert.Contains("ProhibitSendReceiveQuota is '99 GB' (text), not 'Unlimited' or a size with '(N bytes)'", shape.Detail);
        Assert.Contains("IsDirSynced is missing", shape.Detail);
        Assert.Contains("maintainers", shape.Remedy);
        // Read by its DistinguishedName instead.
        Assert.Contains("Get-MailboxStatistics CN=Jo Smith,OU=contoso.onmicrosoft.com,DC=prod", Sent(rs));
        Assert.Equal(ReadinessStatus.Pass, Row(rows, "Shape: inactive mailbox statistics").Status);
    }

    [Fact]
    public void EmptyTenantSaysWhatWasNotChecked()
    {
        using var rs = Runspace();
        rs.Run("$global:Mailbox = $null; $global:Requests = @()");
        var rows = Run(rs);
        Assert.Equal(ReadinessStatus.Warn, Row(rows, "Shape: inactive mailbox").Status);
        Assert.Contains("no inactive mailbox", Row(rows, "Shape: inactive mailbox").Detail);
        Assert.Equal(ReadinessStatus.Pass, Row(rows, "Shape: restore request").Status);
        Assert.DoesNotContain(rows, r => r.Check == "Shape: restore request statistics");
        Assert.DoesNotContain(rows, r => r.Check == "Shape: inactive mailbox statistics");
    }

    [Fact]
    public void SessionExpiringHalfWayEndsWithAReconnectRow()
    {
        using var rs = Runspace();
        rs.Run("$global:StatsFail = $true");
        var rows = Run(rs);
        var last = rows.Last();
        Assert.Equal(("Connection", ReadinessStatus.Fail), (last.Check, last.Status));
        Assert.Contains("Connect-ExchangeOnline", last.Remedy);
        Assert.DoesNotContain(rows, r => r.Check == "Shape: restore request");
    }
}

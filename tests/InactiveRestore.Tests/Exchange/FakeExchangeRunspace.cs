using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace InactiveRestore.Tests.Exchange;

/// <summary>
/// A runspace with fake Exchange functions (advanced functions emitting PSCustomObjects and Write-Error in the
/// Ex…|Type|text form), standing in for a tmpEXO_* module. Test code may use script; src never does.
/// </summary>
internal sealed class FakeExchangeRunspace : IDisposable
{
    public const string JoGuid = "4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d";

    private const string Template = @"
$global:FakeCalls = [System.Collections.Generic.List[object]]::new()
$global:FakeConnections = @()
$global:FakeBusyCount = 0
function global:Get-%P%Mailbox {
    [CmdletBinding()]
    param([string] $Identity, [switch] $InactiveMailboxOnly, [object] $ResultSize)
    $global:FakeCalls.Add([pscustomobject]@{ Name = 'Get-Mailbox'; Parameters = [hashtable] $PSBoundParameters })
    if ($PSBoundParameters.ContainsKey('Identity') -and [string]::IsNullOrEmpty($Identity)) { throw 'empty identity reached Exchange' }
    switch -Exact ($Identity) {
        'missing' { Write-Error ""Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'missing' couldn't be found on 'AM0PR01A001.PROD.OUTLOOK.COM'."" -TargetObject $Identity; return }
        'jo'      { Write-Error ""ExB8BD5C|Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException|The operation couldn't be performed because 'jo' matches multiple entries."" ; return }
        'busy'    { if ($global:FakeBusyCount-- -gt 0) { Write-Error 'Ex7DE48E|Microsoft.Exchange.Data.Storage.ServerBusyException|The server is busy. Please try again later.'; return } }
        'expired' { Write-Error 'ExD1E2F3|System.UnauthorizedAccessException|Access token has expired.'; return }
        'throws'  { throw [System.TimeoutException]::new('The operation has timed out.') }
    }
    if (-not $PSBoundParameters.ContainsKey('Identity')) { Write-Warning 'By default, only the first 1000 items are returned. Use the ResultSize parameter to specify the number of items returned.' }
    [pscustomobject]@{
        DisplayName = 'Jo Smith'; PrimarySmtpAddress = 'jo@contoso.com'; Alias = 'jo'; ExchangeGuid = '%G%'
        DistinguishedName = 'CN=Jo Smith,OU=contoso.onmicrosoft.com,DC=prod'; LegacyExchangeDN = '/o=ExchangeLabs/cn=jo'
        IsInactiveMailbox = $true; InPlaceHolds = @('mbx1:2'); LitigationHoldEnabled = $true
        ArchiveGuid = '00000000-0000-0000-0000-000000000000'; ArchiveStatus = 'None'; EchoIdentity = $Identity
    }
}
function global:Set-%P%Mailbox {
    [CmdletBinding()]
    param([string] $Identity, [object] $EmailAddresses)
    $global:FakeCalls.Add([pscustomobject]@{ Name = 'Set-Mailbox'; Parameters = [hashtable] $PSBoundParameters })
    if ($global:FakeBusyCount-- -gt 0) { Write-Error 'Ex7DE48E|Microsoft.Exchange.Data.Storage.ServerBusyException|The server is busy.'; return }
}
function global:Get-%P%MailboxStatistics {
    [CmdletBinding()]
    param([string] $Identity, [switch] $Archive, [switch] $IncludeSoftDeletedRecipients)
    $global:FakeCalls.Add([pscustomobject]@{ Name = 'Get-MailboxStatistics'; Parameters = [hashtable] $PSBoundParameters })
    [pscustomobject]@{ TotalItemSize = '225.8 MB (236,732,045 bytes)'; ItemCount = 723; TotalDeletedItemSize = '0 B (0 bytes)' }
}
";

    public FakeExchangeRunspace(string prefix = "", bool withConnectionCommand = true)
    {
        Runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        Runspace.Open();
        Run(Template.Replace("%P%", prefix).Replace("%G%", JoGuid));
        if (withConnectionCommand)
        {
            Run("function global:Get-ConnectionInformation { [CmdletBinding()] param() $global:FakeConnections }");
        }
        if (withConnectionCommand) Connect(prefix);
    }

    public Runspace Runspace { get; }

    public PowerShell Create()
    {
        var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        return ps;
    }

    public void Connect(string prefix, string tokenStatus = "Active") => Run(
        "$global:FakeConnections = @([pscustomobject]@{ ConnectionId = [guid]::NewGuid(); State = 'Connected'; ModulePrefix = $args[0]; TokenStatus = $args[1]; IsEopSession = $false })",
        prefix, tokenStatus);

    public object[] Run(string script, params object[] args)
    {
        using var ps = Create();
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        var result = ps.Invoke();
        if (ps.HadErrors && ps.Streams.Error.Count > 0) throw new InvalidOperationException(ps.Streams.Error[0].ToString());
        return result.Select(o => o?.BaseObject!).ToArray();
    }

    public int CallCount(string name) => Convert.ToInt32(Run("@($global:FakeCalls | Where-Object Name -eq $args[0]).Count", name)[0]);

    public void Dispose() => Runspace.Dispose();
}

# Get-InactiveMailbox as a user runs it. Exchange is played by fake global functions here (the shape of a
# tmpEXO_* module: advanced functions, property-bag output, non-terminating Ex…|Type|text errors).
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    function script:Install-FakeExchange {
        param([string] $Prefix = '', [string] $TokenStatus = 'Active')
        $global:FakeCalls = [System.Collections.Generic.List[object]]::new()
        $global:FakeConnection = [pscustomobject]@{ State = 'Connected'; ModulePrefix = $Prefix; TokenStatus = $TokenStatus; IsEopSession = $false }
        function global:Get-ConnectionInformation { [CmdletBinding()] param() $global:FakeConnection }
        $mailbox = {
            [CmdletBinding()]
            param([string] $Identity, [switch] $InactiveMailboxOnly, [object] $ResultSize)
            $global:FakeCalls.Add([pscustomobject]@{ Name = 'Get-Mailbox'; Parameters = [hashtable] $PSBoundParameters })
            $all = @(
                [pscustomobject]@{ DisplayName = 'Jo Smith'; PrimarySmtpAddress = 'jo@contoso.com'; Alias = 'jo'; ExchangeGuid = '4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d'
                    DistinguishedName = 'CN=Jo Smith,OU=contoso,DC=prod'; LegacyExchangeDN = '/o=ExchangeLabs/cn=jo'; WhenSoftDeleted = '2025-03-01T10:00:00Z'
                    LitigationHoldEnabled = $true; InPlaceHolds = @('UniH7d6a3c2b-1111-2222-3333-444455556666', 'mbx0b1c2d3e4f:2'); DelayHoldApplied = $false
                    ArchiveGuid = '9a1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d'; ArchiveDatabase = 'EURPR01DG001-db042'; ArchiveStatus = 'Active'; IsInactiveMailbox = $true }
                [pscustomobject]@{ DisplayName = 'Al Jones'; PrimarySmtpAddress = 'al@contoso.com'; Alias = 'al'; ExchangeGuid = '5f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d'
                    DistinguishedName = 'CN=Al Jones,OU=contoso,DC=prod'; LegacyExchangeDN = '/o=ExchangeLabs/cn=al'; WhenSoftDeleted = '2025-04-01T10:00:00Z'
                    LitigationHoldEnabled = $false; InPlaceHolds = @(); DelayHoldApplied = $true
                    ArchiveGuid = '00000000-0000-0000-0000-000000000000'; ArchiveStatus = 'None'; IsInactiveMailbox = $true }
            )
            if (-not $PSBoundParameters.ContainsKey('Identity')) { return $all }
            $hit = @($all | Where-Object { $Identity -in $_.ExchangeGuid, $_.PrimarySmtpAddress, $_.Alias, $_.DistinguishedName })
            if ($hit.Count -eq 0) {
                Write-Error "Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object '$Identity' couldn't be found on 'AM0PR01A001.PROD.OUTLOOK.COM'."
                return
            }
            $hit
        }
        $stats = {
            [CmdletBinding()]
            param([string] $Identity, [switch] $Archive, [switch] $IncludeSoftDeletedRecipients)
            $global:FakeCalls.Add([pscustomobject]@{ Name = 'Get-MailboxStatistics'; Parameters = [hashtable] $PSBoundParameters })
            if ($Archive) { [pscustomobject]@{ TotalItemSize = '100 GB (107,374,182,400 bytes)'; ItemCount = 9 } }
            else { [pscustomobject]@{ TotalItemSize = '225.8 MB (236,732,045 bytes)'; ItemCount = 723; TotalDeletedItemSize = '0 B (0 bytes)' } }
        }
        Set-Item "function:global:Get-$($Prefix)Mailbox" $mailbox
        Set-Item "function:global:Get-$($Prefix)MailboxStatistics" $stats
    }

    function script:Remove-FakeExchange {
        Get-ChildItem function: | Where-Object { $_.Name -like 'Get-*Mailbox*' -or $_.Name -eq 'Get-ConnectionInformation' } | Remove-Item
    }
}

AfterAll { Remove-FakeExchange }

Describe 'Get-InactiveMailbox without a connection' {
    BeforeAll { Remove-FakeExchange }

    It 'fails with ExchangeNotConnected and says how to connect' {
        $err = $null
        try { Get-InactiveMailbox -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'ExchangeNotConnected*'
        $err.CategoryInfo.Category | Should -Be 'OpenError'
        # The remedy is said once: in the message, or (PowerShell 7's ConciseView) as the Recommendation line.
        "$err $($err.ErrorDetails.RecommendedAction)" | Should -Match 'Connect-ExchangeOnline'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Connect-ExchangeOnline'
    }

    It 'refuses a wildcard identity before any Exchange call' {
        $err = $null
        Get-InactiveMailbox -Identity 'jo*' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidIdentity*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be 'jo*'
    }

    It 'refuses a bad ResultSize' {
        { Get-InactiveMailbox -ResultSize 'lots' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidResultSize*'
    }
}

Describe 'Get-InactiveMailbox against fake Exchange functions' {
    BeforeEach { Install-FakeExchange }

    It 'lists inactive mailboxes with one Get-Mailbox call' {
        $list = @(Get-InactiveMailbox)
        $list.Count | Should -Be 2
        $list[0].PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.InactiveMailbox'
        $list[0].ExchangeGuid | Should -BeOfType [guid]
        $list[0].Holds | Should -Be 'Litigation, eDiscovery(1), Retention(1)'
        $list[1].Holds | Should -Be 'Delay'
        $list[0].SourceMailbox | Should -Be '4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d'
        $global:FakeCalls.Count | Should -Be 1
        $global:FakeCalls[0].Parameters.InactiveMailboxOnly | Should -BeTrue
        $global:FakeCalls[0].Parameters.ResultSize | Should -Be 1000
        $global:FakeCalls[0].Parameters.ContainsKey('Identity') | Should -BeFalse
    }

    It 'formats as a table with the key columns' {
        $text = Get-InactiveMailbox | Format-Table | Out-String -Width 200
        $text | Should -Match 'PrimarySmtpAddress'
        $text | Should -Match 'Holds'
        $text | Should -Match 'jo@contoso.com'
        $text | Should -Match '2025-03-01'
    }

    It 'adds statistics, the archive only where there is one' {
        $list = @(Get-InactiveMailbox -IncludeStatistics -ResultSize Unlimited)
        $list[0].PrimarySize | Should -Be 236732045
        $list[0].ArchiveSize | Should -Be 107374182400
        $list[1].ArchiveSize | Should -BeNullOrEmpty
        @($global:FakeCalls | Where-Object Name -eq 'Get-MailboxStatistics').Count | Should -Be 3
        @($global:FakeCalls | Where-Object { $_.Parameters.Archive }).Count | Should -Be 1
        $global:FakeCalls[0].Parameters.ResultSize | Should -Be 'Unlimited'
    }

    It 'takes identities from the pipeline and writes Verbose for each call' {
        $verbose = 'jo@contoso.com', 'al@contoso.com' | Get-InactiveMailbox -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($verbose).Count | Should -Be 2
        "$($verbose[0])" | Should -Match "Get-Mailbox -InactiveMailboxOnly -Identity 'jo@contoso.com'"
    }

    It 'pipes its own output back by SourceMailbox' {
        $again = @(Get-InactiveMailbox | Get-InactiveMailbox)
        $again.Count | Should -Be 2
        $global:FakeCalls[1].Parameters.Identity | Should -Be '4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d'
    }

    It 'reports a missing identity as a non-terminating ExchangeObjectNotFound with Exchange''s text' {
        $err = $null
        $out = @('nobody@contoso.com', 'jo@contoso.com' | Get-InactiveMailbox -ErrorVariable err -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ExchangeObjectNotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nobody@contoso.com'
        "$err" | Should -Not -Match 'Ex6F9304'
        "$($err[0])" | Should -Match "couldn't be found"
    }

    It 'uses the connection prefix' {
        Remove-FakeExchange
        Install-FakeExchange -Prefix 'Contoso'
        @(Get-InactiveMailbox).Count | Should -Be 2
        Get-Command Get-Mailbox -ErrorAction Ignore | Should -BeNullOrEmpty
    }

    It 'does not refuse up front on TokenStatus Expired (ExchangeOnlineManagement refreshes tokens): the call decides' {
        Install-FakeExchange -TokenStatus 'Expired'
        @(Get-InactiveMailbox -ErrorAction Stop).Count | Should -Be 2
    }
}

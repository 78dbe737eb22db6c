# Test-InactiveRestore on the simulator's demo tenant, as a user runs it: every validation code it can report.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    function Get-Issue([object] $Result, [string] $Code) { @($Result.Issues | Where-Object Code -eq $Code) }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Test-InactiveRestore' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
    }

    It 'plans a valid restore (primary and archive, X500 first) and changes nothing' {
        $r = Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance
        $r.PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.ValidationResult'
        $r.IsValid | Should -BeTrue
        $r.Source | Should -BeLike 'Megan Bowen (*)'
        $r.Target | Should -Be 'adele.vance@contoso.onmicrosoft.com'
        $r.PlannedRequests.Name | Should -Be @('IR-megan.bowen-aa193739-Primary', 'IR-megan.bowen-aa193739-Archive')
        @($r.Commands).ForEach({ $_.Name }) | Should -Be @('Set-Mailbox', 'New-MailboxRestoreRequest', 'New-MailboxRestoreRequest')
        (Get-Issue $r SourceHasHolds).Severity | Should -Be 'Information'
        (Get-Issue $r LegacyDnMissing).Severity | Should -Be 'Information'
        @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }).Count | Should -Be 0
    }

    It 'shows IsValid, source, target, planned requests and Code/Message/Remedy in its list view' {
        $text = Test-InactiveRestore diego.siciliani raul.razo | Out-String -Width 250
        $text | Should -Match 'IsValid\s+: False'
        $text | Should -Match 'Source\s+: Diego Siciliani'
        $text | Should -Match 'Target\s+: raul.razo@contoso.onmicrosoft.com'
        $text | Should -Match 'PlannedRequests\s+: IR-diego.siciliani-\w{8}-Primary \(primary\)'
        $text | Should -Match 'AutoExpandingArchive: .*auto-expanding archive.* Remedy: Export its content'
        $text | Should -Match 'InsufficientSpace: '
        $text | Should -Match 'Warnings\s+: TargetLacksArchive: '
        $table = (Test-InactiveRestore diego.siciliani raul.razo).Issues | Format-Table | Out-String -Width 250
        $table | Should -Match 'Severity\s+Code\s+Message\s+Remedy'
        $table | Should -Match 'Error\s+AutoExpandingArchive'
        (Test-InactiveRestore diego.siciliani raul.razo | Format-Table | Out-String -Width 250) | Should -Match 'False\s+Diego Siciliani'
    }

    It 'returns only a boolean with -Quiet' {
        Test-InactiveRestore megan.bowen adele.vance -Quiet | Should -BeExactly $true
        Test-InactiveRestore nobody adele.vance -Quiet | Should -BeExactly $false
        Test-InactiveRestore '*' adele.vance -Quiet | Should -BeExactly $false
    }

    It 'reports <Code> (<Severity>) for <Source> -> <Target> <Extra>' -ForEach @(
        @{ Code = 'SourceNotFound'; Severity = 'Error'; Source = 'nobody'; Target = 'adele.vance'; Extra = @{} }
        @{ Code = 'SourceNotInactive'; Severity = 'Error'; Source = 'adele.vance'; Target = 'allan.deyoung'; Extra = @{} }
        @{ Code = 'TargetNotFound'; Severity = 'Error'; Source = 'megan.bowen'; Target = 'nobody'; Extra = @{} }
        @{ Code = 'TargetInactive'; Severity = 'Error'; Source = 'megan.bowen'; Target = 'lee.gu'; Extra = @{} }
        @{ Code = 'TargetIsSource'; Severity = 'Error'; Source = 'megan.bowen'; Target = 'megan.bowen'; Extra = @{} }
        @{ Code = 'InsufficientSpace'; Severity = 'Error'; Source = 'patti.fernandez'; Target = 'raul.razo'; Extra = @{} }
        @{ Code = 'SourceHasHolds'; Severity = 'Information'; Source = 'megan.bowen'; Target = 'adele.vance'; Extra = @{} }
        @{ Code = 'AutoExpandingArchive'; Severity = 'Error'; Source = 'diego.siciliani'; Target = 'adele.vance'; Extra = @{} }
        @{ Code = 'TargetLacksArchive'; Severity = 'Warning'; Source = 'megan.bowen'; Target = 'bianca.pisani'; Extra = @{} }
        @{ Code = 'TargetLacksArchive'; Severity = 'Error'; Source = 'megan.bowen'; Target = 'bianca.pisani'; Extra = @{ Archive = 'Include' } }
        @{ Code = 'TargetLacksArchive'; Severity = 'Error'; Source = 'megan.bowen'; Target = 'bianca.pisani'; Extra = @{ Archive = 'Only' } }
        @{ Code = 'SourceLacksArchive'; Severity = 'Error'; Source = 'miriam.graham'; Target = 'adele.vance'; Extra = @{ Archive = 'Include' } }
        @{ Code = 'LegacyDnMissing'; Severity = 'Information'; Source = 'megan.bowen'; Target = 'adele.vance'; Extra = @{} }
        @{ Code = 'LegacyDnMissing'; Severity = 'Warning'; Source = 'megan.bowen'; Target = 'adele.vance'; Extra = @{ AllowLegacyDNMismatch = $true } }
        @{ Code = 'RetentionMayPurge'; Severity = 'Warning'; Source = 'lee.gu'; Target = 'debra.berger'; Extra = @{} }
    ) {
        $r = Test-InactiveRestore -SourceMailbox $Source -TargetMailbox $Target @Extra
        $issue = Get-Issue $r $Code
        $issue.Count | Should -Be 1 -Because ($r.Issues | Out-String)
        $issue[0].Severity | Should -Be $Severity
        $issue[0].Message | Should -Not -BeNullOrEmpty
        if ($Severity -ne 'Information') { $issue[0].Remedy | Should -Not -BeNullOrEmpty }
        $r.IsValid | Should -Be (@($r.Issues | Where-Object Severity -eq 'Error').Count -eq 0)
        if ($Severity -eq 'Error') { $r.IsValid | Should -BeFalse }
    }

    # Malformed values are refused before any Exchange call (like Start-InactiveRestore), not reported as findings.
    It 'refuses <ErrorId> for <Extra> before any Exchange call' -ForEach @(
        @{ ErrorId = 'InvalidFolderSpec'; Extra = @{ IncludeFolders = 'Inbox//Old' }; Value = 'Inbox//Old' }
        @{ ErrorId = 'InvalidFolderSpec'; Extra = @{ ExcludeFolders = 'Inbox\Old' }; Value = 'Inbox\Old' }
        @{ ErrorId = 'InvalidTargetRootFolder'; Extra = @{ TargetRootFolder = 'Restored/*' }; Value = 'Restored/*' }
        @{ ErrorId = 'InvalidRequestName'; Extra = @{ Name = 'a\b' }; Value = 'a\b' }
        @{ ErrorId = 'InvalidBatchName'; Extra = @{ BatchName = 'wave\1' }; Value = 'wave\1' }
    ) {
        Clear-ExchangeSimulatorLedger
        $err = $null
        Test-InactiveRestore megan.bowen adele.vance @Extra -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "$ErrorId,InactiveRestore.Commands.TestInactiveRestoreCommand"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be $Value
        Test-InactiveRestore megan.bowen adele.vance @Extra -Quiet | Should -BeExactly $false
        @(Get-ExchangeSimulatorLedger).Count | Should -Be 0
    }

    It 'says RetentionMayPurge only while the target is not on retention hold' {
        Get-Issue (Test-InactiveRestore lee.gu debra.berger -EnableRetentionHold) RetentionMayPurge | Should -BeNullOrEmpty
        Get-Issue (Test-InactiveRestore lee.gu former.employees) RetentionMayPurge | Should -BeNullOrEmpty
        (Get-Issue (Test-InactiveRestore lee.gu debra.berger) RetentionMayPurge)[0].Message | Should -Match 'Contoso 1 Year Delete'
    }

    It 'reports DuplicateRequest as Information for this source (reused) and as an Error for another one' {
        Start-InactiveRestore megan.bowen allan.deyoung -Name 'Restore A' -Archive Exclude -WarningAction SilentlyContinue | Out-Null
        $same = Test-InactiveRestore megan.bowen allan.deyoung -Name 'Restore A' -Archive Exclude
        (Get-Issue $same DuplicateRequest).Severity | Should -Be 'Information'
        $same.IsValid | Should -BeTrue
        $same.PlannedRequests[0].AlreadyExists | Should -BeTrue
        $other = Test-InactiveRestore lee.gu allan.deyoung -Name 'Restore A' -Archive Exclude
        (Get-Issue $other DuplicateRequest).Severity | Should -Be 'Error'
        $other.IsValid | Should -BeFalse
    }

    It 'reports NameSlotsExhausted when all ten default names are taken and -Name asks for one' {
        $lee = Get-Mailbox -InactiveMailboxOnly -Identity lee.gu
        1..10 | ForEach-Object { New-MailboxRestoreRequest -SourceMailbox $lee.ExchangeGuid.ToString() -TargetMailbox tamara.ahmed -AllowLegacyDNMismatch | Out-Null }
        $r = Test-InactiveRestore megan.bowen tamara.ahmed -Name MailboxRestore3
        (Get-Issue $r NameSlotsExhausted).Severity | Should -Be 'Error'
        # The module's own names never take the default slots.
        (Test-InactiveRestore megan.bowen tamara.ahmed).IsValid | Should -BeTrue
    }

    It 'reports SourceAmbiguous and TargetAmbiguous on a tenant where display names are shared' {
        $fixture = Join-Path $TestDrive 'shared-names.json'
        @'
{ "Organization": "fabrikam.onmicrosoft.com", "Mailboxes": [
  { "Alias": "old.user1", "DisplayName": "Old User", "State": "Inactive", "LitigationHoldEnabled": true },
  { "Alias": "old.user2", "DisplayName": "Old User", "State": "Inactive", "LitigationHoldEnabled": true },
  { "Alias": "new.user1", "DisplayName": "New User" },
  { "Alias": "new.user2", "DisplayName": "New User" }
] }
'@ | Set-Content -Path $fixture -Encoding utf8
        Connect-ExchangeSimulator -TenantPath $fixture -TimeScale 0 -Seed 1
        $r = Test-InactiveRestore -SourceMailbox 'Old User' -TargetMailbox new.user1
        (Get-Issue $r SourceAmbiguous).Severity | Should -Be 'Error'
        (Get-Issue $r SourceAmbiguous).Remedy | Should -Match 'DistinguishedName or ExchangeGuid'
        $old = Get-Mailbox -InactiveMailboxOnly -Identity old.user1
        $t = Test-InactiveRestore -SourceMailbox $old.DistinguishedName -TargetMailbox 'New User'
        (Get-Issue $t TargetAmbiguous).Severity | Should -Be 'Error'
        (Test-InactiveRestore -SourceMailbox $old.DistinguishedName -TargetMailbox new.user1).IsValid | Should -BeTrue
    }

    It 'refuses a malformed identity before any Exchange call (InvalidIdentity)' {
        Clear-ExchangeSimulatorLedger
        $err = $null
        $out = Test-InactiveRestore -SourceMailbox 'megan*' -TargetMailbox adele.vance -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidIdentity,*TestInactiveRestoreCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be 'megan*'
        @(Get-ExchangeSimulatorLedger).Count | Should -Be 0
    }

    It 'validates each CSV row piped to it' {
        $csv = Join-Path $TestDrive 'pairs.csv'
        "Source,Target`nmegan.bowen,adele.vance`nnobody,allan.deyoung" | Set-Content $csv
        $results = @(Import-Csv $csv | Test-InactiveRestore)
        $results.Count | Should -Be 2
        $results[0].IsValid | Should -BeTrue
        $results[1].Errors.Code | Should -Be 'SourceNotFound'
    }
}

Describe 'A soft-deleted mailbox that no hold keeps' {
    BeforeAll {
        Import-Module "$env:INACTIVERESTORE_MODULE_ROOT/ExchangeSimulator/ExchangeSimulator.psd1"
        Import-Module "$env:INACTIVERESTORE_MODULE_ROOT/InactiveRestore/InactiveRestore.psd1"
    }
    BeforeEach { Connect-ExchangeSimulator -TimeScale 0 -Seed 1 }

    It 'is named as soft-deleted (SourceNotInactive), not as missing, with the manual way out' {
        $v = Test-InactiveRestore -SourceMailbox christie.cline -TargetMailbox adele.vance -WarningAction SilentlyContinue
        $v.IsValid | Should -BeFalse
        $issue = $v.Errors | Where-Object Code -eq 'SourceNotInactive'
        $issue.Message | Should -Match 'soft-deleted'
        $issue.Remedy | Should -Match 'New-MailboxRestoreRequest -SourceMailbox'
        $v.Errors.Code | Should -Not -Contain 'SourceNotFound'
    }

    It 'a name that matches nothing is still SourceNotFound' {
        (Test-InactiveRestore -SourceMailbox no.such.person -TargetMailbox adele.vance).Errors.Code | Should -Contain 'SourceNotFound'
    }
}

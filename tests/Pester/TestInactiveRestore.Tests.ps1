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
        $r | Should -BeOfType InactiveRestore.Model.ValidationResult
        # A single pair carries the #Detail type name first: its default view is the detailed list.
        $r.PSObject.TypeNames[0..1] | Should -Be @('InactiveRestore.Model.ValidationResult#Detail', 'InactiveRestore.Model.ValidationResult')
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
        (Test-InactiveRestore diego.siciliani raul.razo | Format-Table | Out-String -Width 250) | Should -Match 'diego.siciliani ->\s+False'
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

# Issue 9: several pairs show as one table (a row per pair, its parts one line each) that fits 120 columns; the figures
# are the plan's own (SpaceCheck), not recomputed by the view. One pair keeps the detailed list.
Describe 'Test-InactiveRestore default views' {
    BeforeAll {
        function Get-Lines([string] $Text) { @($Text -split "`r?`n" | Where-Object { $_.Trim() }) }
        # The view's byte format ('{0:0.#}' of B, KB, MB, GB, TB).
        function Format-Bytes([long] $b) {
            $u = 'B', 'KB', 'MB', 'GB', 'TB'; $v = [Math]::Abs([double]$b); $i = 0
            while ($v -ge 1024 -and $i -lt 4) { $v /= 1024; $i++ }
            '{0}{1:0.#} {2}' -f $(if ($b -lt 0) { '-' } else { '' }), $v, $u[$i]
        }
        function Get-Bytes([string] $Size) { [long]($Size -replace '^.*\(([\d,]+) bytes\).*$', '$1' -replace ',', '') }
        $script:Pairs = @(
            [pscustomobject]@{ SourceMailbox = 'megan.bowen'; TargetMailbox = 'adele.vance' }           # valid, primary + archive
            [pscustomobject]@{ SourceMailbox = 'alex.wilber'; TargetMailbox = 'adele.vance' }           # valid, after megan's reservation
            [pscustomobject]@{ SourceMailbox = 'nobody.here'; TargetMailbox = 'adele.vance' }           # SourceNotFound
            [pscustomobject]@{ SourceMailbox = 'megan.bowen'; TargetMailbox = 'lee.gu' }                # TargetInactive
            [pscustomobject]@{ SourceMailbox = 'patti.fernandez'; TargetMailbox = 'raul.razo' }         # InsufficientSpace
        )
    }
    BeforeEach { Connect-ExchangeSimulator -TimeScale 0 -Seed 1 }

    It 'shows several pairs as a table of 120 columns: pair, valid, errors, warnings, and each part''s size, used/quota, free after' {
        $results = @($script:Pairs | Test-InactiveRestore)
        $text = $results | Out-String -Width 120
        $lines = Get-Lines $text
        $long = @($lines | Where-Object Length -gt 120)
        $long | Should -BeNullOrEmpty -Because "no line may exceed 120 columns:`n$text"
        $lines[0] | Should -Match '^Pair\s+Valid\s+Errors\s+Warnings\s+Part\s+Size\s+Used/quota\s+Free after$'
        $text | Should -Match '(?m)^megan\.bowen ->\s+True\s+RetentionMayPurge\s+Primary\s+'
        $text | Should -Match '(?m)^adele\.vance\s+Archive\s+'
        $text | Should -Match '(?m)^nobody\.here ->\s+False SourceNotFound'
        $text | Should -Match '(?m)^megan\.bowen ->\s+False TargetInactive\s*\r?\nlee\.gu'
        $text | Should -Match '(?m)^patti\.fernandez ->\s+False InsufficientSpace'
        $results[0].Pair | Should -Be 'megan.bowen -> adele.vance'
        $results.Count | Should -Be 5

        # Each figure on screen is the plan's own figure.
        foreach ($r in $results | Where-Object { $_.PlannedRequests.Count -gt 0 }) {
            foreach ($p in $r.PlannedRequests) {
                $used = (Format-Bytes $p.TargetUsedBytes) + $(if ($p.OtherRestoresBytes -gt 0) { '+' + (Format-Bytes $p.OtherRestoresBytes) }) + '/' + (Format-Bytes $p.TargetQuotaBytes)
                $row = '{0}\s+{1}\s+{2}\s+{3}$' -f $p.Kind, [regex]::Escape((Format-Bytes $p.QuotaBytes)), [regex]::Escape($used), [regex]::Escape((Format-Bytes $p.HeadroomAfterBytes))
                $text | Should -Match "(?m)$row" -Because "$($r.Pair) $($p.Kind) must show its checked figures"
                $p.HeadroomAfterBytes | Should -Be ($p.TargetQuotaBytes - $p.TargetUsedBytes - $p.OtherRestoresBytes - $p.QuotaBytes)
            }
        }
    }

    It 'takes the sizes from Exchange and counts the earlier pairs of the run' {
        $results = @($script:Pairs | Test-InactiveRestore)
        $megan = $results[0].PlannedRequests | Where-Object Kind -eq Primary
        $alex = $results[1].PlannedRequests | Where-Object Kind -eq Primary
        $megan.QuotaBytes | Should -Be (Get-Bytes (Get-MailboxStatistics -Identity (Get-Mailbox -InactiveMailboxOnly megan.bowen).ExchangeGuid.ToString() -IncludeSoftDeletedRecipients).TotalItemSize)
        $megan.TargetUsedBytes | Should -Be (Get-Bytes (Get-MailboxStatistics -Identity adele.vance).TotalItemSize)
        $megan.TargetQuotaBytes | Should -Be (Get-Bytes (Get-Mailbox adele.vance).ProhibitSendReceiveQuota)
        $megan.OtherRestoresBytes | Should -Be 0
        $alex.OtherRestoresBytes | Should -Be $megan.QuotaBytes      # megan's primary is reserved in adele.vance first
        $alex.TargetUsedBytes | Should -Be $megan.TargetUsedBytes
        $patti = $results[4].PlannedRequests | Where-Object Kind -eq Primary
        $patti.HeadroomAfterBytes | Should -BeLessThan 0
        ($results[4] | Out-String -Width 120) | Should -Match ('(?m)' + [regex]::Escape((Format-Bytes $patti.HeadroomAfterBytes)) + '\s*$')
    }

    It 'says reused for a request that already exists, and sizes nothing for it' {
        Start-InactiveRestore megan.bowen allan.deyoung -Archive Exclude -WarningAction SilentlyContinue | Out-Null
        $text = [pscustomobject]@{ Source = 'megan.bowen'; Target = 'allan.deyoung' }, [pscustomobject]@{ Source = 'lee.gu'; Target = 'allan.deyoung' } |
            Test-InactiveRestore -Archive Exclude | Out-String -Width 120
        $text | Should -Match '(?m)^megan\.bowen ->\s+True\s+(\S+\s+)?Primary\s+reused\s*$'
    }

    It 'keeps the detailed list for a single pair, with the space it checked, within 120 columns' {
        $text = Test-InactiveRestore megan.bowen adele.vance | Out-String -Width 120
        @(Get-Lines $text | Where-Object Length -gt 120) | Should -BeNullOrEmpty
        $text | Should -Match 'IsValid\s+: True'
        $text | Should -Match 'Space\s+: Primary: \S+ \S+ \(\S+ \S+ with Recoverable Items\) into \S+ \S+ used of 100 GB: \S+ \S+ free after'
        $text | Should -Match '(?m)^\s+Archive: '
        # Format-Table still gives the table for it; Format-List of several pairs the list.
        (Test-InactiveRestore megan.bowen adele.vance | Format-Table | Out-String -Width 120) | Should -Match '(?m)^Pair\s+Valid'
        (@($script:Pairs | Test-InactiveRestore) | Format-List | Out-String -Width 120) | Should -Match 'Space\s+: Primary'
        (Test-InactiveRestore patti.fernandez raul.razo | Out-String -Width 120) | Should -Match 'Primary: .* used of 50 GB: short by '
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

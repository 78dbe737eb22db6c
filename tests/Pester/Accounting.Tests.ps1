# Issue 9 on the simulator's demo tenant: skipped items in every result, -IncludeSkippedItems, -Verify, the summaries.
# kai.carter has the SkippedItemsInvestigate behaviour (Exchange says Completed with skipped items and DCS Investigate).
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    function Step-UntilSettled([string] $Guid) {
        for ($i = 0; $i -lt 200; $i++) {
            Step-ExchangeSimulator -Minutes 10
            $s = (Get-MailboxRestoreRequest -Identity $Guid).Status
            if ("$s" -in 'Failed', 'Completed', 'CompletedWithWarning') { return "$s" }
        }
        "$s"
    }
    function Get-Calls([string] $Name) { @(Get-ExchangeSimulatorLedger -CommandName $Name) }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Completion accounting, skipped items and verification' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $script:kai = @(Start-InactiveRestore kai.carter bianca.pisani -BatchName Acc -WarningAction SilentlyContinue -InformationAction SilentlyContinue)
        $kai.Count | Should -Be 1
        Step-UntilSettled $kai[0].RequestId | Should -Be 'Completed'
        $script:stats = Get-MailboxRestoreRequestStatistics -Identity $kai[0].RequestId
        $stats.BadItemsEncountered + $stats.MissingItemsEncountered | Should -BeGreaterThan 0
        Clear-ExchangeSimulatorLedger
    }

    It 'Exchange Completed with skipped items is CompletedWithWarnings, counts only what arrived, and shows the skipped in the table' {
        $r = Get-InactiveRestore -Identity $kai[0].RequestId -WarningAction SilentlyContinue
        $skipped = $stats.BadItemsEncountered + $stats.LargeItemsEncountered + $stats.MissingItemsEncountered
        $r.Status | Should -Be 'CompletedWithWarnings'
        $r.ExchangeStatus | Should -Be 'Completed'
        $r.ItemsSkipped | Should -Be $skipped
        $r.ItemsCopied | Should -Be ($stats.ItemsTransferred - $skipped)
        $r.BadItems | Should -Be $stats.BadItemsEncountered
        $r.MissingItems | Should -Be $stats.MissingItemsEncountered
        ($r.Warnings -join "`n") | Should -Match "$skipped item\(s\) skipped"
        ($r.Warnings -join "`n") | Should -Not -Match 'must review and approve'
        $table = $r | Format-Table | Out-String -Width 120
        $table | Should -Match ([regex]::Escape("($skipped skipped)"))
        $table | Should -Match 'CompletedWithWarnings'
        ($table -split "`n" | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
    }

    It '-IncludeSkippedItems writes one typed row per skipped item, with one extra call per request that skipped some' {
        $rows = @(Get-InactiveRestore -BatchName Acc -IncludeSkippedItems -WarningAction SilentlyContinue)
        $skipped = $stats.BadItemsEncountered + $stats.LargeItemsEncountered + $stats.MissingItemsEncountered
        $rows.Count | Should -Be $skipped
        $rows | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.SkippedItem' }
        $rows[0].RequestId | Should -Be $kai[0].RequestId
        $rows[0].RequestName | Should -Be $kai[0].RequestName
        $rows.Kind | Select-Object -Unique | Should -Be @('CorruptItem', 'MissingItem')
        $rows | ForEach-Object { $_.Subject | Should -Not -BeNullOrEmpty; $_.Folder | Should -Not -BeNullOrEmpty; $_.Reason | Should -Not -BeNullOrEmpty }
        @($rows | Where-Object { $null -ne $_.Date }).Count | Should -Be $rows.Count
        $withSkipped = @(Get-Calls Get-MailboxRestoreRequestStatistics | Where-Object { $_.Parameters.IncludeSkippedItems })
        $withSkipped.Count | Should -Be 1
        ($rows | Format-Table | Out-String) | Should -Match 'Request: IR-kai\.carter'
    }

    It '-Verify finds the copied items under the target root folder with one folder read per target' {
        $r = Get-InactiveRestore -BatchName Acc -Verify -WarningAction SilentlyContinue
        $r.Verification | Should -Be 'Verified'
        $r.ItemsVerified | Should -BeGreaterOrEqual ($r.ItemsCopied - 5)
        $r.VerificationNote | Should -Match ([regex]::Escape($r.TargetRootFolder))
        $calls = Get-Calls Get-MailboxFolderStatistics
        $calls.Count | Should -Be 1
        $calls[0].Parameters.ContainsKey('Archive') | Should -BeFalse
    }

    It '-Verify reports a Shortfall when copied items are missing from the target' {
        Set-ExchangeSimulatorRequest -Identity $kai[0].RequestId -ItemsMissingInTarget 200
        $r = Get-InactiveRestore -Identity $kai[0].RequestId -Verify -WarningAction SilentlyContinue
        $r.Verification | Should -Be 'Shortfall'
        $r.VerificationNote | Should -Match 'missing \(tolerance \d+\)'
    }

    It '-Verify says NotVerifiable when the folder was renamed and moved, and names a moved folder it finds' {
        Set-ExchangeSimulatorMailbox -Identity bianca.pisani -MoveFolder "/$($kai[0].TargetRootFolder)" -NewFolderPath "/Inbox/Old mail"
        $r = Get-InactiveRestore -Identity $kai[0].RequestId -Verify -WarningAction SilentlyContinue
        $r.Verification | Should -Be 'NotVerifiable'
        $r.VerificationNote | Should -Match 'renamed, moved or deleted'
        Set-ExchangeSimulatorMailbox -Identity bianca.pisani -MoveFolder "/Inbox/Old mail" -NewFolderPath "/Inbox/$($kai[0].TargetRootFolder)"
        $r = Get-InactiveRestore -Identity $kai[0].RequestId -Verify -WarningAction SilentlyContinue
        $r.Verification | Should -Be 'NotVerifiable'
        $r.VerificationNote | Should -Match ([regex]::Escape("is at '/Inbox/$($kai[0].TargetRootFolder)'"))
    }
}

Describe 'Summaries' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
    }

    It 'Start ends with one summary line on the host and in the Information stream' {
        $iv = $null
        $null = Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -BatchName Sum -InformationVariable iv -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $null = 'not-a-mailbox@contoso.com' | ForEach-Object { Start-InactiveRestore -SourceMailbox $_ -TargetMailbox adele.vance -InformationVariable +iv -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
        $summaries = @($iv | Where-Object { $_.Tags -contains 'Summary' })
        $summaries.Count | Should -Be 2
        $summaries[0].Tags | Should -Contain 'PSHOST'
        "$($summaries[0].MessageData)" | Should -Be '1 pair: 1 submitted'
        "$($summaries[1].MessageData)" | Should -Be '1 pair: 0 submitted, 1 refused'
        $again = $null
        $null = Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -BatchName Sum -InformationVariable again -WarningAction SilentlyContinue
        "$(@($again | Where-Object { $_.Tags -contains 'Summary' })[0].MessageData)" | Should -Be '1 pair: 1 submitted (1 reused)'
    }

    It 'Watch -Verify writes the verified results at the end and the tally of final states' {
        $r = Start-InactiveRestore kai.carter bianca.pisani -BatchName W -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        # Settled on the simulated clock first: the watch's first check sees the final state (no wall-clock waiting).
        Step-UntilSettled $r.RequestId | Should -Be 'Completed'
        $iv = $null
        $out = @(Watch-InactiveRestore -BatchName W -Verify -Timeout 60 -InformationVariable iv -WarningAction SilentlyContinue)
        $out.Count | Should -Be 1
        $out[0].Status | Should -Be 'CompletedWithWarnings'
        $out[0].Verification | Should -Be 'Verified'
        $tally = @($iv | Where-Object { $_.Tags -contains 'Summary' })
        $tally.Count | Should -Be 1
        "$($tally[0].MessageData)" | Should -Be 'Watch ended: 1 request(s): 1 CompletedWithWarnings.'
    }
}

Describe 'The report keeps Get-InactiveRestore''s numbers' {
    It 'a CSV report of verified results has the same copied, skipped and verified counts' {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $r = Start-InactiveRestore kai.carter bianca.pisani -BatchName Rep -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        Step-UntilSettled $r.RequestId | Should -Be 'Completed'
        $got = Get-InactiveRestore -BatchName Rep -Verify -WarningAction SilentlyContinue
        $csv = Join-Path $TestDrive 'rep.csv'
        $got | Export-InactiveRestoreReport -Path $csv -WarningAction SilentlyContinue | Out-Null
        $row = Import-Csv $csv | Where-Object { $_.RequestName -eq $got.RequestName }
        [long]$row.ItemsCopied | Should -Be $got.ItemsCopied
        [long]$row.ItemsSkipped | Should -Be $got.ItemsSkipped
        [long]$row.ItemsVerified | Should -Be $got.ItemsVerified
        $row.Status | Should -Be 'CompletedWithWarnings'
    }
}

# Resume-InactiveRestore on a request that failed on bad items (QA B5): Exchange needs the skipped items approved
# (Set-MailboxRestoreRequest -SkippedItemApprovalTime) before a resume can complete. The simulator's lynne.robbins
# has the BadItems behaviour.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    function Get-Changes { @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }) }
    function Step-UntilSettled([string] $Guid) {
        for ($i = 0; $i -lt 100; $i++) {
            Step-ExchangeSimulator -Minutes 10
            $s = (Get-MailboxRestoreRequest -Identity $Guid).Status
            if ("$s" -in 'Failed', 'Completed', 'CompletedWithWarning') { return "$s" }
        }
        "$s"
    }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Resume-InactiveRestore -ApproveSkippedItems' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $src = Get-Mailbox -InactiveMailboxOnly -Identity lynne.robbins
        $name = 'IR-lynne.robbins-{0}-Primary' -f $src.ExchangeGuid.ToString('N').Substring(24)
        # bianca.pisani has no archive: the primary restore is the one that meets the bad items.
        $script:lynne = New-MailboxRestoreRequest -SourceMailbox $src.ExchangeGuid -TargetMailbox bianca.pisani -Name $name -AllowLegacyDNMismatch
        $script:guid = $lynne.RequestGuid.ToString()
        Step-UntilSettled $guid | Should -Be 'Failed'
        $stats = Get-MailboxRestoreRequestStatistics -Identity $guid
        $stats.FailureType | Should -Be 'TooManyBadItemsPermanentException'
        $stats.DataConsistencyScore | Should -Be 'Investigate'
        Clear-ExchangeSimulatorLedger
    }

    It 'without the switch warns that Exchange will fail it again and how to approve, resumes, and it fails again' {
        $warn = $null
        $r = Resume-InactiveRestore $lynne.Identity -PassThru -WarningVariable warn -WarningAction SilentlyContinue
        $warn.Count | Should -Be 1
        "$warn" | Should -Match 'Exchange will fail it again'
        "$warn" | Should -Match 'FailedBadItemLimit'
        "$warn" | Should -Match 'Investigate'
        "$warn" | Should -Match ([regex]::Escape("Get-InactiveRestore -Identity '$($lynne.Identity)' -IncludeReport"))
        "$warn" | Should -Match '-ApproveSkippedItems'
        $r.Status | Should -Not -Be 'Failed'
        (Get-Changes).CommandName | Should -Be 'Resume-MailboxRestoreRequest'
        # One statistics call before the change (the request was Failed), then the state afterwards.
        $beforeChange = @(Get-ExchangeSimulatorLedger) | Select-Object -First ([array]::IndexOf(@((Get-ExchangeSimulatorLedger).CommandName), 'Resume-MailboxRestoreRequest'))
        @($beforeChange | Where-Object CommandName -eq 'Get-MailboxRestoreRequestStatistics').Count | Should -Be 1
        Step-UntilSettled $guid | Should -Be 'Failed'
        (Get-MailboxRestoreRequestStatistics -Identity $guid).StatusDetail | Should -Be 'FailedBadItemLimit'
    }

    It '-WhatIf lists both Exchange commands and changes nothing' {
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $transcript | Out-Null
        try { $out = Resume-InactiveRestore $lynne.Identity -ApproveSkippedItems -WhatIf }
        finally { Stop-Transcript | Out-Null }
        $out | Should -BeNullOrEmpty
        $text = Get-Content $transcript -Raw
        $text | Should -Match 'What if: .*Approve the skipped items and resume the restore request by running:'
        $text | Should -Match ([regex]::Escape("Set-MailboxRestoreRequest -Identity '$guid' -SkippedItemApprovalTime '") + "\d{4}-\d\d-\d\dT[^']+Z'")
        $text | Should -Match ([regex]::Escape("Resume-MailboxRestoreRequest -Identity '$guid'"))
        Get-Changes | Should -BeNullOrEmpty
        (Get-MailboxRestoreRequest -Identity $guid).Status | Should -Be 'Failed'
        (Get-MailboxRestoreRequestStatistics -Identity $guid).SkippedItemApprovalTime | Should -BeNullOrEmpty
    }

    It 'with the switch approves the skipped items, then resumes, and it completes' {
        $warn = $null; $info = $null
        $r = Resume-InactiveRestore $lynne.Identity -ApproveSkippedItems -PassThru -WarningVariable warn -InformationVariable info
        $warn | Should -BeNullOrEmpty
        $r.Status | Should -Not -Be 'Failed'
        "$info" | Should -Match 'Approved the skipped items of restore request .* and resumed it \(was Failed'
        $changes = @(Get-Changes)
        $changes.CommandName | Should -Be @('Set-MailboxRestoreRequest', 'Resume-MailboxRestoreRequest')
        $changes[0].Parameters.Identity | Should -Be $guid
        $changes[0].Parameters.ContainsKey('SkippedItemApprovalTime') | Should -BeTrue
        $failedAt = (Get-MailboxRestoreRequestStatistics -Identity $guid).FailureTimestamp
        [datetime] $changes[0].Parameters.SkippedItemApprovalTime | Should -BeGreaterOrEqual $failedAt
        $changes[1].Parameters.Identity | Should -Be $guid
        Step-UntilSettled $guid | Should -Be 'Completed'
    }
}

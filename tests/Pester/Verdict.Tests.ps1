# "A result must never look better than Exchange's own state" (QA 2026-12-01, findings 1, 3, 4, 6, 7, 8), end to end on
# the simulator's demo tenant with the manual clock: one verdict for the same request across Get, Watch, -Status, the
# report, Complete-InactiveRestore and -Verify; Start re-run rows that Get never contradicts; Watch rows that carry what
# Get shows; warnings that name the request, give Exchange's reason once and the module's remedy only.
# pradeep.gupta: FailedOtherAllCopied (copies everything, then Failed/FailedOther at 95 %); lynne.robbins: bad items
# (Failed, FailedBadItemLimit at 58 %); kai.carter: Completed with skipped items (DCS Investigate); henrietta.mueller:
# AutoSuspended at 52 %; alex.wilber: stalls, then Completed.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
    $script:plan = @(
        [pscustomobject]@{ SourceMailbox = 'lynne.robbins'; TargetMailbox = 'delia.dennis' }
        [pscustomobject]@{ SourceMailbox = 'pradeep.gupta'; TargetMailbox = 'enrico.cattaneo' }
        [pscustomobject]@{ SourceMailbox = 'alex.wilber'; TargetMailbox = 'mallory.cortez' }
        [pscustomobject]@{ SourceMailbox = 'henrietta.mueller'; TargetMailbox = 'tamara.ahmed' }
        [pscustomobject]@{ SourceMailbox = 'kai.carter'; TargetMailbox = 'wanda.howard' }
    )
    $script:quiet = @{ WarningAction = 'SilentlyContinue'; InformationAction = 'SilentlyContinue' }
    function Get-Row($Rows, [string] $Alias) { @($Rows | Where-Object { $_.RequestName -like "IR-$Alias-*" }) | Select-Object -First 1 }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'One verdict for a request Exchange calls Failed although every item appears copied (finding 1)' {
    BeforeAll {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $plan[0..1] | Start-InactiveRestore -BatchName P -EnableRetentionHold @quiet | Out-Null
        Step-ExchangeSimulator -Minutes 120
        $script:exchange = Get-MailboxRestoreRequest -BatchName P | Get-MailboxRestoreRequestStatistics | Where-Object Name -like 'IR-pradeep.gupta-*'
        $script:get = Get-Row @(Get-InactiveRestore -BatchName P @quiet) 'pradeep.gupta'
    }

    It 'Exchange says Failed/FailedOther below 100 %' {
        "$($exchange.Status)" | Should -Be 'Failed'
        "$($exchange.StatusDetail)" | Should -Be 'FailedOther'
        $exchange.PercentComplete | Should -BeLessThan 100
    }

    It 'Get keeps Failed at Exchange''s percentage, with the all-copied evidence as a note and the remedy' {
        $get.Status | Should -Be 'Failed'
        $get.Success | Should -BeFalse
        $get.PercentComplete | Should -Be $exchange.PercentComplete
        $get.Warnings -join "`n" | Should -Match 'All 6,140 items appear copied .*Exchange has not finished the request \(Failed, FailedOther\): Resume-InactiveRestore lets it complete\.'
    }

    It 'Watch, -Status filters and the report say the same' {
        $w = Get-Row @(Watch-InactiveRestore -BatchName P -Timeout 1 @quiet) 'pradeep.gupta'
        $w.Status | Should -Be 'Failed'
        $w.PercentComplete | Should -Be $exchange.PercentComplete
        @(Get-InactiveRestore -BatchName P -Status Failed @quiet).RequestName | Should -Contain $get.RequestName
        @(Get-InactiveRestore -BatchName P -Status CompletedWithWarnings @quiet).RequestName | Should -Not -Contain $get.RequestName
        $csv = Join-Path $TestDrive 'p.csv'
        Export-InactiveRestoreReport -Path $csv -BatchName P -Force
        $row = Import-Csv $csv | Where-Object RequestName -eq $get.RequestName
        $row.Status | Should -Be 'Failed'
        $row.PercentComplete | Should -Be ([string] $exchange.PercentComplete)
        $html = Get-Content -Raw (Export-InactiveRestoreReport -Path (Join-Path $TestDrive 'p.html') -BatchName P -Force -PassThru)
        $html | Should -Match '0 of 2 requests completed: 2 failed\.'
    }

    It 'Complete-InactiveRestore and -Verify agree that it has not finished' {
        $err = $null
        Complete-InactiveRestore -BatchName P -DisableRetentionHold -RemoveRequests -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue @quiet | Out-Null
        "$($err | Where-Object { "$_" -like '*IR-pradeep.gupta*' })" | Should -Match 'has not finished'
        $v = Get-Row @(Get-InactiveRestore -BatchName P -Verify @quiet) 'pradeep.gupta'
        $v.Verification | Should -Be 'NotVerifiable'
        $v.VerificationNote | Should -Match 'has not finished: Exchange reports it as Failed'
        $lynne = Get-Row @(Get-InactiveRestore -BatchName P -Verify @quiet) 'lynne.robbins'   # finding 6: Failed at 58 %
        $lynne.Status | Should -Be 'Failed'
        $lynne.Verification | Should -Be 'NotVerifiable'
        $lynne.ItemsVerified | Should -BeNullOrEmpty
    }

    It 'resumed as the note says, Exchange completes it and every view says Completed' {
        Resume-InactiveRestore -Identity $get.RequestId -Confirm:$false @quiet | Out-Null
        Step-ExchangeSimulator -Minutes 30
        $after = Get-InactiveRestore -Identity $get.RequestId @quiet
        $after.Status | Should -Be 'Completed'
        $after.PercentComplete | Should -Be 100
        (Get-MailboxRestoreRequest -Identity $get.RequestId).Status | Should -Be 'Completed'
    }
}

Describe 'Start re-run rows never read better than Get and never make up a percentage (findings 3 and 8)' {
    BeforeAll {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $plan | Start-InactiveRestore -BatchName Odd -EnableRetentionHold @quiet | Out-Null
        Step-ExchangeSimulator -Minutes 120
        Step-ExchangeSimulator -Minutes 240
        Clear-ExchangeSimulatorLedger
        $script:wv = $null
        $script:rerun = @($plan | Start-InactiveRestore -BatchName Odd -EnableRetentionHold -WarningVariable wv -WarningAction SilentlyContinue -InformationAction SilentlyContinue)
        $script:warnings = @($wv | ForEach-Object { "$_" })
        $script:ledger = @(Get-ExchangeSimulatorLedger)
        $script:get = @(Get-InactiveRestore -BatchName Odd @quiet)
    }

    It 'never shows a plain Completed that Get contradicts, nor a made-up 0 %' {
        $rerun | ForEach-Object { $_.AlreadyExisted | Should -BeTrue }
        foreach ($r in $rerun) {
            $g = $get | Where-Object RequestId -eq $r.RequestId
            if ("$($r.Status)" -eq 'Completed') { "$($g.Status)" | Should -Be 'Completed' }
            if ($null -ne $r.PercentComplete) { $r.PercentComplete | Should -Be $g.PercentComplete }
            if ("$($r.Status)" -ne 'CompletedUnchecked') { "$($r.Status)" | Should -Be "$($g.Status)" }
        }
        $kai = Get-Row $rerun 'kai.carter'
        (Get-Row $get 'kai.carter').Status | Should -Be 'CompletedWithWarnings'
        $kai.Status | Should -Be 'CompletedUnchecked'
        $kai.PercentComplete | Should -BeNullOrEmpty
        $kai.Warnings -join ' ' | Should -Match 'Get-InactiveRestore gives the verdict'
    }

    It 'groups by Status into words an admin reads correctly' {
        $groups = @($rerun | Group-Object Status | ForEach-Object Name)
        $groups | Should -Not -Contain 'Completed'
        $groups | Should -Contain 'CompletedUnchecked'
        $groups | Should -Contain 'Failed'
    }

    It 'reads statistics only for the requests that need an admin (Failed, AutoSuspended), settled ones none' {
        $stats = @($ledger | Where-Object CommandName -eq 'Get-MailboxRestoreRequestStatistics')
        $needAdmin = @($get | Where-Object { "$($_.ExchangeStatus)" -in 'Failed', 'AutoSuspended' }).RequestId.Guid
        $stats | ForEach-Object { $needAdmin | Should -Contain "$($_.Parameters.Identity)" }
        @($ledger | Where-Object { $_.CommandName -notlike 'Get-*' }).Count | Should -Be 0
        $suspended = Get-Row $rerun 'henrietta.mueller'
        $suspended.PercentComplete | Should -Be (Get-Row $get 'henrietta.mueller').PercentComplete
    }

    It 'names the request in every warning, gives Exchange''s reason once and the module''s remedy only' {
        $warnings | ForEach-Object { $_ | Should -Match '^IR-\S+(:| failed:) ' }
        $auto = @($warnings | Where-Object { $_ -like 'IR-henrietta.mueller-*' })
        $auto.Count | Should -Be 1
        $auto[0] | Should -Match '^IR-henrietta\.mueller-[0-9a-f]{8}-Primary: Exchange suspended the request automatically \(the target mailbox''s database is being rebalanced\): resume it with Resume-InactiveRestore\.$'
        $warnings | Where-Object { $_ -like '*automatically: Exchange suspended*' } | Should -BeNullOrEmpty
        $warnings | Where-Object { $_ -like '*MailboxRestoreRequest*' } | Should -BeNullOrEmpty
        @($warnings | Where-Object { $_ -like 'IR-lynne.robbins-*' -and $_ -like '*Resume-InactiveRestore*' }).Count | Should -Be 1
        @($warnings | Where-Object { $_ -like 'IR-lynne.robbins-* failed: *TooManyBadItemsPermanentException*' }).Count | Should -Be 1
    }

    It 'piped into Watch-InactiveRestore, every re-run row gets the verdict and counts Get gives' {
        $w = @($rerun | Watch-InactiveRestore -Timeout 1 -ErrorAction SilentlyContinue @quiet)
        $w.Count | Should -Be $rerun.Count
        foreach ($o in $w) {
            $g = $get | Where-Object RequestId -eq $o.RequestId
            "$($o.Status)" | Should -Be "$($g.Status)"
            $o.PercentComplete | Should -Be $g.PercentComplete
            $o.ItemsCopied | Should -Be $g.ItemsCopied
        }
    }

    It 'is documented in Start-InactiveRestore''s help' {
        $help = (Get-Help Start-InactiveRestore -Full | Out-String) -replace '\s+', ' '
        $help | Should -Match 'CompletedUnchecked'
        $help | Should -Match 'PercentComplete is empty'
    }
}

Describe 'Watch rows carry what Get shows for the same request (finding 4)' {
    It 'a timed-out watch of requests not started yet has their source, target and estimates, and so has a report of it' {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $plan | Start-InactiveRestore -BatchName Q @quiet | Out-Null
        $ProgressPreference = 'SilentlyContinue'
        $w = @(Watch-InactiveRestore -BatchName Q -Timeout 1 -ErrorAction SilentlyContinue @quiet)
        $get = @(Get-InactiveRestore -BatchName Q @quiet)
        $w.Count | Should -Be $get.Count
        foreach ($o in $w) {
            $g = $get | Where-Object RequestId -eq $o.RequestId
            $o.Source | Should -Be $g.Source
            $o.Target | Should -Be $g.Target
            $o.SourceExchangeGuid | Should -Be $g.SourceExchangeGuid
            $o.EstimatedItems | Should -Be $g.EstimatedItems
            $o.EstimatedBytes | Should -Be $g.EstimatedBytes
        }
        $csv = Join-Path $TestDrive 'q.csv'
        $w | Export-InactiveRestoreReport -Path $csv -Force
        Import-Csv $csv | ForEach-Object { $_.Source | Should -Not -BeNullOrEmpty; $_.Target | Should -Not -Match '^[0-9a-f]{8}-' }
    }
}

Describe 'Remedies point the way the target allows (finding 7)' {
    It 'a dir-synced target with -AllowLegacyDNMismatch is told the on-premises line, not to leave the switch out' {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $wv = $null
        Start-InactiveRestore miriam.graham hybrid.target -AllowLegacyDNMismatch -WhatIf -WarningVariable wv -WarningAction SilentlyContinue -InformationAction SilentlyContinue | Out-Null
        $w = @($wv | ForEach-Object { "$_" } | Where-Object { $_ -like 'LegacyDnMissing*' })
        $w.Count | Should -Be 1
        $w[0] | Should -Not -Match 'Leave -AllowLegacyDNMismatch out'
        $w[0] | Should -Match 'Set-RemoteMailbox'
        $w[0] | Should -Match 'without -AllowLegacyDNMismatch'
    }
}

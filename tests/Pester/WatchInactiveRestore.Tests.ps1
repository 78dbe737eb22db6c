# Watch-InactiveRestore against the Exchange Online simulator, as a user runs it.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    # A request named the module's way (IR-<alias>-<last 8 hex>-Primary), made with the simulator's own cmdlets.
    function New-TestRequest([string] $Alias, [string] $Target = 'adele.vance', [string] $Batch = 'W1') {
        $src = Get-Mailbox -InactiveMailboxOnly -Identity $Alias
        $name = 'IR-{0}-{1}-Primary' -f $Alias, $src.ExchangeGuid.ToString('N').Substring(24)
        New-MailboxRestoreRequest -SourceMailbox $src.ExchangeGuid -TargetMailbox $Target -Name $name -BatchName $Batch -AllowLegacyDNMismatch
    }
    $script:fast = @{ PollInterval = [timespan]'00:00:00.05'; MaxPollInterval = [timespan]'00:00:00.2' }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Watch-InactiveRestore' {
    Context 'the status mapping end to end (TimeScale 12000: 10 simulated minutes per 50 ms check)' {
        BeforeAll {
            Connect-ExchangeSimulator -TimeScale 12000 -Seed 1
            # Warm up (JIT) so that the requests are still young when the watch starts.
            Get-InactiveRestore -BatchName W1 | Out-Null
            Watch-InactiveRestore -BatchName W1 -WarningAction SilentlyContinue | Out-Null
            $aliases = 'megan.bowen', 'lynne.robbins', 'pradeep.gupta', 'alex.wilber', 'henrietta.mueller', 'johanna.lorenz'
            $script:made = foreach ($a in $aliases) { New-TestRequest $a }
            $script:iv = $null; $script:wv = $null
            $script:out = @(Watch-InactiveRestore -BatchName W1 @fast -Timeout '00:00:30' -InformationVariable iv -WarningVariable wv -WarningAction SilentlyContinue)
            $script:info = @($iv)
            $script:warnings = @($wv | ForEach-Object { "$_" })
            $script:byName = @{}
            foreach ($o in $out) { $byName[$o.RequestName.Split('-')[1]] = $o }
        }

        It 'emits one final InactiveRestore.Model.RestoreResult per request' {
            $out.Count | Should -Be 6
            $out | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.RestoreResult' }
            @($out.RequestId | Select-Object -Unique).Count | Should -Be 6
            $out | ForEach-Object { $_.IsSettled | Should -BeTrue }
        }

        It 'maps each behaviour to its status' {
            $byName['megan.bowen'].Status | Should -Be 'Completed'
            $byName['alex.wilber'].Status | Should -Be 'Completed'          # the stall was waited out, never failed
            $byName['johanna.lorenz'].Status | Should -Be 'CompletedWithWarnings'
            # Exchange calls it Failed (FailedOther at 95 %) although every item appears copied: it stays Failed, at
            # Exchange's percentage, with the evidence as a note (resumed, Exchange completes it).
            $byName['pradeep.gupta'].Status | Should -Be 'Failed'
            $byName['pradeep.gupta'].ExchangeStatus | Should -Be 'Failed'
            $byName['pradeep.gupta'].PercentComplete | Should -BeLessThan 100
            $byName['lynne.robbins'].Status | Should -Be 'Failed'
            $byName['henrietta.mueller'].Status | Should -Be 'Suspended'
            $byName['henrietta.mueller'].Released | Should -BeTrue
        }

        It "carries Exchange's reason for a failure and the all-copied warning" {
            $byName['lynne.robbins'].Error | Should -Match 'TooManyBadItemsPermanentException'
            $byName['pradeep.gupta'].Warnings -join "`n" | Should -Match 'All 6,140 items appear copied.*Exchange has not finished the request.*Resume-InactiveRestore lets it complete'
            $warnings | Where-Object { $_ -like 'IR-pradeep.gupta*: All 6,140 items appear copied*' } | Should -Not -BeNullOrEmpty
            # One remedy per request, the module's: Exchange's own (Set-/Resume-MailboxRestoreRequest) is not repeated.
            $warnings | Where-Object { $_ -like '*MailboxRestoreRequest*' } | Should -BeNullOrEmpty
            $byName['lynne.robbins'].Error | Should -Not -Match 'MailboxRestoreRequest'
            $byName['henrietta.mueller'].SuspendReason | Should -Not -Match 'MailboxRestoreRequest'
            @($warnings | Where-Object { $_ -like 'IR-pradeep.gupta*' -and $_ -like '*Resume-InactiveRestore*' }).Count | Should -Be 1
            $warnings | Where-Object { $_ -like '*lynne.robbins*failed:*TooManyBadItems*' } | Should -Not -BeNullOrEmpty
        }

        It 'lets an AutoSuspended request go with a warning' {
            $warnings | Where-Object { $_ -like '*henrietta.mueller*no longer waiting*' } | Should -Not -BeNullOrEmpty
            $warnings | Where-Object { $_ -like '*henrietta.mueller*suspended the request automatically*' } | Should -Not -BeNullOrEmpty
            $info | Where-Object { $_.Tags -contains 'Released' -and "$($_.MessageData)" -like '*henrietta.mueller*' } | Should -Not -BeNullOrEmpty
        }

        It 'writes an Information line (InactiveRestore, StateChange) at each state change' {
            # How many changes a check sees depends on wall-clock time; every line's form does not.
            $changes = @($info | Where-Object { $_.Tags -contains 'StateChange' })
            $changes.Count | Should -BeGreaterOrEqual 1
            $changes | ForEach-Object { $_.Tags | Should -Contain 'InactiveRestore'; "$($_.MessageData)" | Should -Match '^IR-\S+: \w+ -> \w+.*, \d+%\.$' }
            # A failure is said once: its reason in the warning (with the remedy), the Information line only says it failed.
            $info | Where-Object { "$($_.MessageData)" -like '*lynne.robbins*: Failed*(see the warning).' } | Should -Not -BeNullOrEmpty
            $info | Where-Object { "$($_.MessageData)" -like '*lynne.robbins*TooManyBadItems*' } | Should -BeNullOrEmpty
            @($warnings | Where-Object { $_ -like '*lynne.robbins*failed*TooManyBadItems*' }).Count | Should -Be 1
            @($info | Where-Object { $_.Tags -contains 'Settled' }).Count | Should -Be 5   # one per request settled (henrietta: Released)
            $warnings | Where-Object { $_ -like '*throttling*' } | Should -BeNullOrEmpty   # stalls are normal: no warning
        }
    }

    Context 'deterministic cases (TimeScale 0)' {
        BeforeEach {
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        }

        It 'shows a stalled request as InProgress with the stall reason, then waits it out' {
            $r = New-TestRequest alex.wilber
            Step-ExchangeSimulator -Minutes 60        # 30 % copied: StalledDueToTarget_DiskLatency
            $err = $null
            $now = @(Watch-InactiveRestore -Identity $r.RequestGuid @fast -Timeout '00:00:00.3' -ErrorVariable err -ErrorAction SilentlyContinue)
            $now.Count | Should -Be 1
            $now[0].Status | Should -Be 'InProgress'
            $now[0].StallReason | Should -BeLike 'StalledDueTo*'
            $err.Count | Should -Be 1
            Step-ExchangeSimulator -Minutes 600
            $done = @(Watch-InactiveRestore -Identity $r.Identity @fast -Timeout '00:00:05')
            $done.Status | Should -Be 'Completed'
        }

        It 'on timeout writes the current states and a WatchTimedOut error' {
            $rs = 'megan.bowen', 'alex.wilber' | ForEach-Object { New-TestRequest $_ }
            $err = $null
            $out = @(Watch-InactiveRestore -BatchName W1 @fast -Timeout '00:00:00.3' -ErrorVariable err -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 2
            $out | ForEach-Object { $_.IsSettled | Should -BeFalse; $_.Status | Should -Be 'Queued' }
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WatchTimedOut,*'
            $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $err[0].TargetObject | Should -Contain $rs[0].Name
            "$($err[0])" | Should -Match '2 of 2 request\(s\) have not settled'
            # The current states pipe back in (by OperationId) to keep watching.
            Step-ExchangeSimulator -Minutes 600
            $again = @($out | Watch-InactiveRestore @fast -Timeout '00:00:05')
            $again.Status | Should -Be @('Completed', 'Completed')
        }

        It 'reports a request removed while it is watched as Cancelled, emitting the settled one first' {
            $a = New-TestRequest megan.bowen
            $b = New-TestRequest alex.wilber
            Step-ExchangeSimulator -Minutes 60        # megan completed, alex running
            $seen = [System.Collections.Generic.List[string]]::new()
            $out = @(Get-InactiveRestore -BatchName W1 | Watch-InactiveRestore @fast -Timeout '00:00:05' -WarningAction SilentlyContinue | ForEach-Object {
                    $seen.Add("$($_.RequestName)=$($_.Status)")
                    if ($_.RequestName -eq $a.Name) { Remove-MailboxRestoreRequest -Identity $b.RequestGuid -Confirm:$false }
                    $_
                })
            $seen | Should -Be @("$($a.Name)=Completed", "$($b.Name)=Cancelled")
            ($out | Where-Object RequestName -eq $b.Name).Warnings -join ' ' | Should -Match 'removed before it finished'
        }

        It 'economy: one listing per cycle for a batch of 4, statistics only when a state changes (no progress bar here)' {
            $rs = 'megan.bowen', 'miriam.graham', 'patti.fernandez', 'grady.archie' | ForEach-Object { New-TestRequest $_ }
            Step-ExchangeSimulator -Minutes 60        # the two small ones complete; the big ones run on
            Clear-ExchangeSimulatorLedger
            $out = @(Watch-InactiveRestore -BatchName W1 -PollInterval '00:00:00.05' -MaxPollInterval '00:00:00.05' -Timeout '00:00:00.6' -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 4
            $ledger = @(Get-ExchangeSimulatorLedger)
            $listings = @($ledger | Where-Object CommandName -eq 'Get-MailboxRestoreRequest')
            $stats = @($ledger | Where-Object CommandName -eq 'Get-MailboxRestoreRequestStatistics')
            $cycles = $listings.Count - 1             # the first listing found the batch
            $cycles | Should -BeGreaterOrEqual 3
            $listings | ForEach-Object { $_.Parameters.BatchName | Should -Be 'W1'; $_.Parameters.ContainsKey('Identity') | Should -BeFalse }
            # Pester runs pwsh -NonInteractive: nobody sees a progress bar, so the watch starts from the batch listing, reads
            # the final counts of the two requests already settled once, and then, the simulated clock standing still
            # (nothing changes state), each cycle costs its listing alone. At the timeout the two running requests, known
            # only from the listing, are read once, so their rows carry Get-InactiveRestore's source, target and
            # estimates. (With progress bars shown it was 4 + 2 per cycle: the statistics of every unsettled request each
            # cycle, still pinned by OperationMonitorTests.)
            $stats.Count | Should -Be 4
            @($stats | Group-Object { "$($_.Parameters.Identity)" }).Count | Should -Be 4   # each request once
            $get = @(Get-InactiveRestore -BatchName W1)
            foreach ($o in $out) {
                $g = $get | Where-Object RequestId -eq $o.RequestId
                $o.Source | Should -Be $g.Source
                $o.Target | Should -Be $g.Target
                $o.SourceExchangeGuid | Should -Be $g.SourceExchangeGuid
                $o.EstimatedItems | Should -Be $g.EstimatedItems
            }
            @($ledger | Where-Object CommandName -notin 'Get-MailboxRestoreRequest', 'Get-MailboxRestoreRequestStatistics').Count | Should -Be 0
        }

        It 'takes -Identity by GUID, alias\Name and name, and RestoreResult objects from the pipeline' {
            $a = New-TestRequest megan.bowen
            $b = New-TestRequest lee.gu -Target allan.deyoung -Batch W2
            Step-ExchangeSimulator -Minutes 120
            @(Watch-InactiveRestore -Identity $a.RequestGuid, $b.Identity @fast -Timeout '00:00:05').Status | Should -Be @('Completed', 'Completed')
            @(Watch-InactiveRestore -Identity $a.Name @fast -Timeout '00:00:05').RequestName | Should -Be $a.Name
            @(Get-InactiveRestore | Watch-InactiveRestore @fast -Timeout '00:00:05').Count | Should -Be 2
        }

        It 'refuses a non-positive interval before calling Exchange' {
            Clear-ExchangeSimulatorLedger
            { Watch-InactiveRestore -BatchName W1 -PollInterval 0 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidWatchOption*'
            { Watch-InactiveRestore -Identity '  ' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRequestIdentity*'
            @(Get-ExchangeSimulatorLedger).Count | Should -Be 0
        }
    }
}

# Issue 4, runtime resilience, end to end through the cmdlets on the simulator: throttling and ambiguous outcomes
# (faults injected after the change was applied), permanent errors, an expired session in the middle of a bulk Start
# or a watch, then reconnecting and re-running the same command. The simulator's ledger and state are the witnesses.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    # Small back-off so retries cost milliseconds; enough attempts that a 100 % fault rate ends in an after-change fault.
    $global:InactiveRestoreRetryPolicy = @{ MaxAttempts = 12; BaseDelay = '00:00:00.001'; MaxDelay = '00:00:00.002' }

    function Get-Applied([string] $Command) { @(Get-ExchangeSimulatorLedger -CommandName $Command | Where-Object ChangeApplied) }
    function Get-AfterChangeFaults([string] $Command) { @(Get-ExchangeSimulatorLedger -CommandName $Command | Where-Object { $_.ChangeApplied -and $_.Outcome -eq 'Fault' }) }

    # Every live (not removed) request, grouped by target and name: more than one is a duplicate.
    function Get-Duplicates {
        @((Get-ExchangeSimulatorState).Requests | Where-Object { -not $_.IsRemoved } | Group-Object TargetMailbox, Name | Where-Object Count -gt 1)
    }

    $script:Tenant = Join-Path $TestDrive 'resil-tenant.json'
    New-ExchangeSimulatorTenant -Path $script:Tenant -InactiveCount 8 -ActiveCount 8 -Seed 4 -ArchiveRate 0.5 | Out-Null
    function New-Pairs([int] $Count) {
        1..$Count | ForEach-Object { [pscustomobject]@{ SourceMailbox = 'inactive.{0:d4}' -f $_; TargetMailbox = 'active.{0:d4}' -f $_ } }
    }
}

AfterAll {
    Remove-Variable InactiveRestoreRetryPolicy -Scope Global -ErrorAction SilentlyContinue
    Disconnect-ExchangeSimulator
}

Describe 'Ambiguous outcomes (faults after the change was applied)' {
    It 'Start-InactiveRestore never creates a request twice nor adds the X500 address twice (seed <_>)' -ForEach 1, 2, 3, 4 {
        Connect-ExchangeSimulator -TenantPath $script:Tenant -TimeScale 0 -Seed $_
        Set-ExchangeSimulatorFault -CommandName Set-Mailbox, New-MailboxRestoreRequest -TransientErrorRate 1
        $err = $null
        $r = @(New-Pairs 8 | Start-InactiveRestore -BatchName Amb -EnableRetentionHold -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        Set-ExchangeSimulatorFault -Clear
        $err | Should -BeNullOrEmpty
        $state = Get-ExchangeSimulatorState
        $expected = 8 + @($state.Mailboxes | Where-Object { $_.Alias -like 'inactive.*' -and $_.ArchiveStatus -eq 'Active' }).Count
        $r.Count | Should -Be $expected
        @($state.Requests).Count | Should -Be $expected
        Get-Duplicates | Should -BeNullOrEmpty
        # Only an after-change fault lets a call through at a 100 % rate: each change was applied exactly once.
        (Get-AfterChangeFaults New-MailboxRestoreRequest).Count | Should -Be $expected
        (Get-Applied New-MailboxRestoreRequest).Count | Should -Be $expected
        # Set-Mailbox: the retention hold and the X500 address, once each per target.
        (Get-Applied Set-Mailbox).Count | Should -Be 16
        @(Get-Applied Set-Mailbox | Where-Object { $_.Parameters.ContainsKey('RetentionHoldEnabled') }).Count | Should -Be 8
        ($state.Mailboxes | Where-Object Alias -like 'active.*').RetentionHoldEnabled | Should -Not -Contain $false
        foreach ($m in $state.Mailboxes | Where-Object Alias -like 'active.*') {
            $x500 = @($m.EmailAddresses | Where-Object { $_ -like 'X500:*' })
            $x500.Count | Should -Be 1 -Because "$($m.Alias) gets its source's X500 address once"
        }
        ($r | Where-Object { $_.Warnings -match 'outcome was unknown' }).Count | Should -Be $expected
    }

    It '<Cmdlet> is applied once when Exchange applies it and then reports throttling' -ForEach @(
        @{ Cmdlet = 'Suspend-InactiveRestore'; Exchange = 'Suspend-MailboxRestoreRequest'; Setup = $null; Expect = 'Suspended' }
        @{ Cmdlet = 'Resume-InactiveRestore'; Exchange = 'Resume-MailboxRestoreRequest'; Setup = 'Suspend'; Expect = 'Queued' }
        @{ Cmdlet = 'Stop-InactiveRestore'; Exchange = 'Remove-MailboxRestoreRequest'; Setup = $null; Expect = $null }
        @{ Cmdlet = 'Remove-InactiveRestore'; Exchange = 'Remove-MailboxRestoreRequest'; Setup = 'Complete'; Expect = $null }
    ) {
        Connect-ExchangeSimulator -TenantPath $script:Tenant -TimeScale 0 -Seed 7
        $r = @(Start-InactiveRestore inactive.0001 active.0001 -Archive Exclude -WarningAction SilentlyContinue)
        $id = $r[0].RequestId
        if ($Setup -eq 'Suspend') { Suspend-InactiveRestore -Identity $id -Confirm:$false }
        if ($Setup -eq 'Complete') { Step-ExchangeSimulator -Minutes 2000 }
        Clear-ExchangeSimulatorLedger
        Set-ExchangeSimulatorFault -CommandName $Exchange -TransientErrorRate 1
        $err = $null
        & $Cmdlet -Identity $id -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Set-ExchangeSimulatorFault -Clear
        $err | Should -BeNullOrEmpty
        (Get-AfterChangeFaults $Exchange).Count | Should -Be 1
        (Get-Applied $Exchange).Count | Should -Be 1
        $req = (Get-ExchangeSimulatorState).Requests | Where-Object RequestGuid -eq $id
        if ($Expect) { $req.Status | Should -Be $Expect; $req.IsRemoved | Should -BeFalse }
        else { $req.IsRemoved | Should -BeTrue }
    }

    It 'a change the request''s state does not allow is refused by the module before Exchange, through throttled reads' {
        Connect-ExchangeSimulator -TenantPath $script:Tenant -TimeScale 0 -Seed 7
        $r = @(Start-InactiveRestore inactive.0002 active.0002 -Archive Exclude -WarningAction SilentlyContinue)
        Set-ExchangeSimulatorFault -CommandName Get-MailboxRestoreRequest, Get-MailboxRestoreRequestStatistics -TransientErrorRate 0.3
        Clear-ExchangeSimulatorLedger
        $err = $null
        $Error.Clear()
        Resume-InactiveRestore -Identity $r[0].RequestId -ErrorVariable err -ErrorAction SilentlyContinue   # it is Queued: nothing to resume
        Set-ExchangeSimulatorFault -Clear
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RequestNotResumable,*'
        $Error.Count | Should -Be 1 -Because 'the throttled reads retried on the way leave nothing in $Error'
        @(Get-ExchangeSimulatorLedger -CommandName Resume-MailboxRestoreRequest).Count | Should -Be 0
    }

    It 'a Set-Mailbox that Exchange refuses for good (an unusable X500 address) is sent once, never retried, and nothing is created' {
        $fixture = Join-Path $TestDrive 'bad-dn.json'
        @'
{ "Organization": "fabrikam.onmicrosoft.com", "Mailboxes": [
  { "Alias": "bad.dn", "DisplayName": "Bad DN", "State": "Inactive", "LitigationHoldEnabled": true, "LegacyExchangeDN": "not-a-legacy-dn" },
  { "Alias": "target.one" }
] }
'@ | Set-Content -Path $fixture -Encoding utf8
        Connect-ExchangeSimulator -TenantPath $fixture -TimeScale 0 -Seed 2
        Set-ExchangeSimulatorFault -CommandName Get-Mailbox, Get-MailboxStatistics, Get-MailboxRestoreRequest -TransientErrorRate 0.6
        $err = $null
        Start-InactiveRestore bad.dn target.one -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        Set-ExchangeSimulatorFault -Clear
        @(Get-ExchangeSimulatorLedger | Where-Object Outcome -eq 'Fault').Count | Should -BeGreaterThan 0 -Because 'the reads around it were throttled and retried'
        $set = @(Get-ExchangeSimulatorLedger -CommandName Set-Mailbox)
        $set.Count | Should -Be 1
        $set[0].Outcome | Should -Be 'Error'
        @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest).Count | Should -Be 0
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ExchangePermanentFailure,*'
    }

    It 'a read that keeps failing transiently stops only its pair; the re-run completes the batch' {
        Connect-ExchangeSimulator -TenantPath $script:Tenant -TimeScale 0 -Seed 3
        Set-ExchangeSimulatorFault -TransientErrorRate 0.6
        $global:InactiveRestoreRetryPolicy = @{ MaxAttempts = 2; BaseDelay = '00:00:00.001'; MaxDelay = '00:00:00.002' }
        try {
            $err = $null
            $first = @(New-Pairs 8 | Start-InactiveRestore -BatchName Flaky -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $err.Count | Should -BeGreaterThan 0
            $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'ExchangeTransientFailure,*' }
            Set-ExchangeSimulatorFault -Clear
            $second = @(New-Pairs 8 | Start-InactiveRestore -BatchName Flaky -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $err | Should -BeNullOrEmpty
        }
        finally { $global:InactiveRestoreRetryPolicy = @{ MaxAttempts = 12; BaseDelay = '00:00:00.001'; MaxDelay = '00:00:00.002' } }
        $state = Get-ExchangeSimulatorState
        Get-Duplicates | Should -BeNullOrEmpty
        @($state.Requests).Count | Should -Be $second.Count
        @($second | Where-Object AlreadyExisted).Count | Should -Be @($first | Where-Object Success).Count
    }
}

Describe 'An expired session' {
    BeforeEach {
        $script:StatePath = Join-Path $TestDrive "state-$([guid]::NewGuid().ToString('n')).json"
    }

    It 'stops a bulk Start with ExchangeSessionExpired, leaving nothing half-done; after reconnecting the same command converges without duplicates' {
        Connect-ExchangeSimulator -TenantPath $script:Tenant -StatePath $script:StatePath -TimeScale 0
        $start = (Get-ExchangeSimulatorState).Now
        Set-ExchangeSimulatorFault -TokenExpiresAt $start.AddMinutes(5)
        # The token expires while the batch is read in: the clock is moved past the expiry at the fourth pair. The whole
        # batch is planned before anything changes, so the expiry stops it with nothing created.
        $i = 0
        $run = { New-Pairs 8 | ForEach-Object { if (++$i -eq 4) { Step-ExchangeSimulator -Minutes 10 }; $_ } | Start-InactiveRestore -BatchName Exp -WarningAction SilentlyContinue }
        $out = [System.Collections.Generic.List[object]]::new()
        $thrown = $null
        try { & $run | ForEach-Object { $out.Add($_) } } catch { $thrown = $_ }
        $thrown | Should -Not -BeNullOrEmpty
        $thrown.FullyQualifiedErrorId | Should -Be 'ExchangeSessionExpired,InactiveRestore.Commands.StartInactiveRestoreCommand'
        $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$($thrown.ErrorDetails.Message) $($thrown.ErrorDetails.RecommendedAction)" | Should -Match 'Connect-ExchangeOnline'
        "$($thrown.ErrorDetails.Message) $($thrown.ErrorDetails.RecommendedAction)" | Should -Match 're-run the same command'
        $madeBefore = @($out | Where-Object Success)
        $madeBefore.Count | Should -Be 0
        (Get-ExchangeSimulatorState).Requests.Count | Should -Be 0
        # Nothing after the expiry reached Exchange but at most the one call that found it.
        @(Get-ExchangeSimulatorLedger | Where-Object { $_.Outcome -eq 'Fault' }).Count | Should -BeLessOrEqual 1

        # Reconnect (the tenant lives in the state file), run the same command again.
        Connect-ExchangeSimulator -StatePath $script:StatePath -TimeScale 0
        $again = @(New-Pairs 8 | Start-InactiveRestore -BatchName Exp -WarningAction SilentlyContinue -ErrorVariable err2 -ErrorAction SilentlyContinue)
        $err2 | Should -BeNullOrEmpty
        $state = Get-ExchangeSimulatorState
        Get-Duplicates | Should -BeNullOrEmpty
        @($state.Requests).Count | Should -Be $again.Count
        @($again | Where-Object AlreadyExisted).Count | Should -Be 0
        foreach ($p in New-Pairs 8) {
            @($state.Requests | Where-Object { $_.TargetMailbox -like ('*-' + $p.TargetMailbox.Replace('.', '')) -and -not $_.TargetIsArchive }).Count |
                Should -Be 1 -Because "$($p.SourceMailbox) has exactly one primary request"
        }
    }

    It 'stops Watch-InactiveRestore with ExchangeSessionExpired; after reconnecting the same watch continues to the end' {
        Connect-ExchangeSimulator -TenantPath $script:Tenant -StatePath $script:StatePath -TimeScale 0
        $made = @(New-Pairs 3 | Start-InactiveRestore -BatchName WExp -Archive Exclude -WarningAction SilentlyContinue)
        $made.Count | Should -Be 3
        # 20 simulated minutes per wall second: the token expires about 0.15 s into the watch, long before any request ends.
        Connect-ExchangeSimulator -StatePath $script:StatePath -TimeScale 1200
        Set-ExchangeSimulatorFault -TokenExpiresAt (Get-ExchangeSimulatorState).Now.AddMinutes(3)
        $thrown = $null
        try { Watch-InactiveRestore -BatchName WExp -PollInterval 00:00:00.05 -MaxPollInterval 00:00:00.1 -Timeout 00:01:00 -WarningAction SilentlyContinue | Out-Null }
        catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'ExchangeSessionExpired,InactiveRestore.Commands.WatchInactiveRestoreCommand'
        # The requests keep running in Exchange.
        $state = Get-ExchangeSimulatorState
        @($state.Requests | Where-Object IsRemoved).Count | Should -Be 0
        @($state.Requests | Where-Object Status -eq 'Completed').Count | Should -Be 0

        Connect-ExchangeSimulator -StatePath $script:StatePath -TimeScale 6000
        $final = @(Watch-InactiveRestore -BatchName WExp -PollInterval 00:00:00.05 -MaxPollInterval 00:00:00.1 -Timeout 00:01:00 -WarningAction SilentlyContinue)
        $final.Count | Should -Be 3
        $final | ForEach-Object { $_.Status | Should -BeIn 'Completed', 'CompletedWithWarnings' }
        Get-Duplicates | Should -BeNullOrEmpty
    }
}

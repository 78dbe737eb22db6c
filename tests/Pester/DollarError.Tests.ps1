# Issue 9: a refused or not-found pair, an unknown request and a retried transient error leave only the module's own
# ErrorRecords in $Error, never the internal Exchange errors of the nested calls the module makes in the caller's
# runspace (their errors are still classified: the module's records say what happened).
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
    $global:InactiveRestoreRetryPolicy = @{ MaxAttempts = 12; BaseDelay = '00:00:00.001'; MaxDelay = '00:00:00.002' }

    # $Error after the script block ran (dot-sourced here: its commands collect what they wrote with -ErrorVariable +mine
    # and -WarningVariable +warned), and what the cmdlets themselves wrote.
    function Invoke-Counted([scriptblock] $Run) {
        $global:Error.Clear()
        $mine = @(); $warned = @()
        $out = . $Run
        [pscustomobject]@{ Output = @($out); Mine = @($mine); Warnings = @($warned); Error = @($global:Error) }
    }
    function Test-OnlyMine($r, [int] $Count, [string] $ErrorId) {
        $r.Mine.Count | Should -Be $Count
        $r.Error.Count | Should -Be $Count -Because "`$Error must hold only the module's records, not: $(@($r.Error | ForEach-Object FullyQualifiedErrorId) -join ', ')"
        foreach ($e in $r.Error) {
            $e.FullyQualifiedErrorId | Should -Not -Match 'ManagementObjectNotFoundException|Microsoft\.Exchange|ExchangeSimulator'
            if ($ErrorId) { $e.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*" }
            [object]::ReferenceEquals($e, ($r.Mine | Where-Object { [object]::ReferenceEquals($_, $e) } | Select-Object -First 1)) | Should -BeTrue
        }
    }
    function Get-Faults { @(Get-ExchangeSimulatorLedger | Where-Object Outcome -in 'Fault', 'Error') }
}

AfterAll {
    Remove-Variable InactiveRestoreRetryPolicy -Scope Global -ErrorAction SilentlyContinue
    Disconnect-ExchangeSimulator
}

Describe 'Refused and not-found pairs' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        Clear-ExchangeSimulatorLedger
    }

    It 'Test-InactiveRestore with an unknown <What> writes its finding and leaves $Error empty' -ForEach @(
        @{ What = 'source'; Source = 'nosuch'; Target = 'adele.vance'; Code = 'SourceNotFound' }
        @{ What = 'target'; Source = 'megan.bowen'; Target = 'nosuch.x'; Code = 'TargetNotFound' }
        @{ What = 'source and target'; Source = 'nosuch'; Target = 'active.x'; Code = 'SourceNotFound' }
    ) {
        $r = Invoke-Counted { Test-InactiveRestore $Source $Target -ErrorAction SilentlyContinue -ErrorVariable +mine -WarningAction SilentlyContinue }
        (Get-Faults).Count | Should -BeGreaterThan 0 -Because 'Exchange answered not found at least once'
        $r.Output.Count | Should -Be 1
        $r.Output[0].IsValid | Should -BeFalse
        $r.Output[0].Errors.Code | Should -Contain $Code
        Test-OnlyMine $r 0
    }

    It 'Start-InactiveRestore of a refused pair (unknown <What>) leaves only its own <Code> record' -ForEach @(
        @{ What = 'source'; Source = 'nosuch'; Target = 'adele.vance'; Code = 'SourceNotFound' }
        @{ What = 'target'; Source = 'megan.bowen'; Target = 'nosuch.x'; Code = 'TargetNotFound' }
    ) {
        $r = Invoke-Counted { Start-InactiveRestore $Source $Target -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable +mine -WarningAction SilentlyContinue -InformationAction SilentlyContinue }
        $r.Output | Should -BeNullOrEmpty
        Test-OnlyMine $r 1 $Code
        @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }).Count | Should -Be 0
    }

    It 'Start-InactiveRestore of several pairs, one refused, leaves one record for it and restores the other' {
        $pairs = @(
            [pscustomobject]@{ SourceMailbox = 'megan.bowen'; TargetMailbox = 'adele.vance' }
            [pscustomobject]@{ SourceMailbox = 'lee.gu'; TargetMailbox = 'nosuch.x' }
        )
        $r = Invoke-Counted { $pairs | Start-InactiveRestore -Archive Exclude -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable +mine -WarningAction SilentlyContinue -InformationAction SilentlyContinue }
        $r.Output.Count | Should -Be 1
        Test-OnlyMine $r 1 'TargetNotFound'
    }
}

Describe 'Unknown restore requests' {
    BeforeAll { Connect-ExchangeSimulator -TimeScale 0 -Seed 1 }

    It '<Verb>-InactiveRestore -Identity <Id> leaves exactly one RequestNotFound in $Error' -ForEach @(
        foreach ($verb in 'Get', 'Suspend', 'Resume', 'Stop', 'Remove') {
            foreach ($id in 'nosuch', 'adele.vance\IR-nosuch', '0b6c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d') { @{ Verb = $verb; Id = $id } }
        }
    ) {
        $params = @{ Identity = $Id; ErrorAction = 'SilentlyContinue' }
        if ($Verb -ne 'Get') { $params.Confirm = $false }
        $r = Invoke-Counted { & "$Verb-InactiveRestore" @params -ErrorVariable +mine }
        Test-OnlyMine $r 1 'RequestNotFound'
        $r.Error[0].TargetObject | Should -Be $Id
    }

    It 'Watch-InactiveRestore -Identity nosuch and Export-InactiveRestoreReport -Identity nosuch do the same' {
        $r = Invoke-Counted { Watch-InactiveRestore -Identity nosuch -PollInterval '00:00:00.01' -Timeout '00:00:00.05' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -ErrorVariable +mine }
        Test-OnlyMine $r 1 'RequestNotFound'
        $path = Join-Path $TestDrive 'nosuch.html'
        $r = Invoke-Counted { Export-InactiveRestoreReport -Identity nosuch -Path $path -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -ErrorVariable +mine }
        Test-OnlyMine $r 1 'RequestNotFound'
    }

    It 'Complete-InactiveRestore -Identity nosuch warns (nothing left to do) and leaves $Error empty' {
        $r = Invoke-Counted { Complete-InactiveRestore -Identity 'adele.vance\IR-nosuch' -Confirm:$false -WarningVariable +warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable +mine }
        "$($r.Warnings)" | Should -Match 'was not found: nothing left to do'
        Test-OnlyMine $r 0
    }
}

Describe 'Refusals of the control cmdlets' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $src = Get-Mailbox -InactiveMailboxOnly -Identity megan.bowen
        $script:req = New-MailboxRestoreRequest -SourceMailbox $src.ExchangeGuid -TargetMailbox adele.vance -Name 'IR-megan.bowen-aa193739-Primary' -BatchName B9 -AllowLegacyDNMismatch
        Clear-ExchangeSimulatorLedger
    }

    It 'Resume of a queued request and Remove of an unfinished one: one record each, nothing sent' {
        $r = Invoke-Counted { Resume-InactiveRestore $req.RequestGuid -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable +mine }
        Test-OnlyMine $r 1 'RequestNotResumable'
        $r = Invoke-Counted { Remove-InactiveRestore $req.RequestGuid -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable +mine }
        Test-OnlyMine $r 1 'RequestNotFinished'
        @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }).Count | Should -Be 0
    }

    It 'Suspend and Stop of a completed request, and Complete of an unfinished restore: one record each, nothing sent' {
        Step-ExchangeSimulator -Minutes 600
        $r = Invoke-Counted { Suspend-InactiveRestore $req.RequestGuid -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable +mine }
        Test-OnlyMine $r 1 'RequestAlreadyFinished'
        $r = Invoke-Counted { Stop-InactiveRestore $req.RequestGuid -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable +mine }
        Test-OnlyMine $r 1 'RequestAlreadyFinished'
        $lee = Get-Mailbox -InactiveMailboxOnly -Identity lee.gu
        $open = New-MailboxRestoreRequest -SourceMailbox $lee.ExchangeGuid -TargetMailbox adele.vance -Name 'IR-lee.gu-x-Primary' -BatchName B9 -AllowLegacyDNMismatch
        Clear-ExchangeSimulatorLedger
        $r = Invoke-Counted { Complete-InactiveRestore -Identity $open.RequestGuid -RemoveRequests -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable +mine }
        Test-OnlyMine $r 1 'RestoreNotFinished'
        @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }).Count | Should -Be 0
    }
}

Describe 'Transient errors retried into success' {
    BeforeEach { Connect-ExchangeSimulator -TimeScale 0 -Seed 3 }
    AfterEach { Set-ExchangeSimulatorFault -Clear }

    It 'throttled reads during Test-, Start- and Get-InactiveRestore leave nothing in $Error' {
        Set-ExchangeSimulatorFault -CommandName Get-Mailbox, Get-MailboxStatistics, Get-MailboxRestoreRequest, Get-MailboxRestoreRequestStatistics -TransientErrorRate 0.5
        $r = Invoke-Counted {
            Test-InactiveRestore megan.bowen adele.vance -WarningAction SilentlyContinue -ErrorVariable +mine
            Start-InactiveRestore megan.bowen adele.vance -BatchName T1 -Confirm:$false -WarningAction SilentlyContinue -InformationAction SilentlyContinue -ErrorVariable +mine
            Get-InactiveRestore -BatchName T1 -ErrorVariable +mine
        }
        @(Get-ExchangeSimulatorLedger | Where-Object Outcome -eq 'Fault').Count | Should -BeGreaterThan 2 -Because 'reads were throttled and retried'
        @($r.Output | Where-Object { $_ -is [InactiveRestore.Model.RestoreResult] }).Count | Should -BeGreaterThan 1
        Test-OnlyMine $r 0
    }

    It 'replication-delay not-founds after a request is created leave nothing in $Error' {
        Set-ExchangeSimulatorFault -ReplicationDelayReads 2
        $r = Invoke-Counted {
            Start-InactiveRestore megan.bowen adele.vance -Archive Exclude -Confirm:$false -WarningAction SilentlyContinue -InformationAction SilentlyContinue -ErrorVariable +mine | Out-Null
            Get-InactiveRestore -ErrorVariable +mine
        }
        @(Get-ExchangeSimulatorLedger -CommandName Get-MailboxRestoreRequestStatistics | Where-Object Outcome -eq 'Error').Count | Should -Be 2 -Because 'the first two reads of the new request were not found yet'
        $r.Output.Count | Should -Be 1
        Test-OnlyMine $r 0
    }
}

# Get-/Suspend-/Resume-/Stop-/Remove-InactiveRestore against the Exchange Online simulator, as a user runs them.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    function New-TestRequest([string] $Alias, [string] $Target = 'adele.vance', [string] $Batch = 'B1', [string] $Name) {
        $src = Get-Mailbox -InactiveMailboxOnly -Identity $Alias
        if (-not $Name) { $Name = 'IR-{0}-{1}-Primary' -f $Alias, $src.ExchangeGuid.ToString('N').Substring(24) }
        New-MailboxRestoreRequest -SourceMailbox $src.ExchangeGuid -TargetMailbox $Target -Name $Name -BatchName $Batch -AllowLegacyDNMismatch
    }
    function Get-Changes { @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }) }
    function Get-Listed([string] $Guid) { Get-MailboxRestoreRequest -BatchName B1 | Where-Object { "$($_.RequestGuid)" -eq $Guid } }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Get-InactiveRestore' {
    BeforeAll {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $script:megan = New-TestRequest megan.bowen
        $script:alex = New-TestRequest alex.wilber
        $script:lee = New-TestRequest lee.gu -Target allan.deyoung -Batch B2
        $script:other = New-TestRequest irvin.sayers -Batch B2 -Name 'MailboxRestore'   # not ours
        Step-ExchangeSimulator -Minutes 60     # megan and lee complete; alex runs
    }
    BeforeEach { Clear-ExchangeSimulatorLedger }

    It 'without parameters lists the module''s requests (IR- names) with one listing and statistics only for them' {
        $all = @(Get-InactiveRestore)
        $all.RequestName | Should -Be @($megan.Name, $alex.Name, $lee.Name)
        $all[0].PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.RestoreResult'
        $ledger = @(Get-ExchangeSimulatorLedger)
        $listings = @($ledger | Where-Object CommandName -eq 'Get-MailboxRestoreRequest')
        $listings.Count | Should -Be 1
        $listings[0].Parameters.ContainsKey('Identity') | Should -BeFalse
        @($ledger | Where-Object CommandName -eq 'Get-MailboxRestoreRequestStatistics').Count | Should -Be 3
    }

    It '-All lists every restore request' {
        @(Get-InactiveRestore -All).RequestName | Should -Contain 'MailboxRestore'
    }

    It 'finds by RequestGuid, alias\Name and bare name' {
        (Get-InactiveRestore $alex.RequestGuid).RequestId | Should -Be $alex.RequestGuid
        (Get-InactiveRestore -Identity $alex.Identity).RequestName | Should -Be $alex.Name
        (Get-InactiveRestore -Identity $alex.Name).RequestId | Should -Be $alex.RequestGuid
        $byName = @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -eq 'Get-MailboxRestoreRequest' -and $_.Parameters.ContainsKey('Name') })
        $byName.Count | Should -Be 1
    }

    It 'filters by batch, target and status' {
        @(Get-InactiveRestore -BatchName B2).RequestName | Should -Be @($lee.Name)
        @(Get-InactiveRestore -TargetMailbox allan.deyoung).RequestName | Should -Be @($lee.Name)
        @(Get-InactiveRestore -Status InProgress).RequestName | Should -Be @($alex.Name)
        @(Get-InactiveRestore -Status Completed -BatchName B1).RequestName | Should -Be @($megan.Name)
    }

    It 'shows the stall, items and size, and reads the report with -IncludeReport' {
        $a = Get-InactiveRestore $alex.RequestGuid -IncludeReport
        $a.Status | Should -Be 'InProgress'
        $a.StallReason | Should -BeLike 'StalledDueTo*'
        $a.Report.Count | Should -BeGreaterThan 0
        ($a.Report.Message -join "`n") | Should -Match 'Copy progress'
        (Get-ExchangeSimulatorLedger)[-1].Parameters.IncludeReport | Should -BeTrue
        $text = Get-InactiveRestore -BatchName B1 | Format-Table | Out-String -Width 160
        $text | Should -Match 'Source\s+Target\s+Kind\s+Status\s+%\s+Items\s+Size\s+Elapsed'
        $text | Should -Match 'Primary\s+InProgress \(stalled\)\s+\d+\s+[\d,]+/14,600\s+2\.1 GB\s+0:\d\d:\d\d'
    }

    It 'pipes results back in by property name' {
        @(Get-InactiveRestore -BatchName B1 | Get-InactiveRestore).RequestId | Should -Be @($megan.RequestGuid, $alex.RequestGuid)
    }

    It 'never sends an empty or wildcard identity to Exchange' {
        { Get-InactiveRestore -Identity '   ' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRequestIdentity*'
        { Get-InactiveRestore -Identity 'IR-*' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRequestIdentity*'
        { Get-InactiveRestore -Identity 'adele.vance\' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRequestIdentity*'
        { Get-InactiveRestore -Identity '' -ErrorAction Stop } | Should -Throw
        { Get-InactiveRestore -Identity $null -ErrorAction Stop } | Should -Throw
        { Get-InactiveRestore -TargetMailbox ' ' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidIdentity*'
        @(Get-ExchangeSimulatorLedger).Count | Should -Be 0
    }

    It 'reports an unknown identity in the module''s words (RequestNotFound) and goes on' {
        $err = $null
        $out = @('adele.vance\IR-none', $alex.Identity | ForEach-Object { Get-InactiveRestore -Identity $_ -ErrorVariable +err -ErrorAction SilentlyContinue })
        $out.Count | Should -Be 1
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'RequestNotFound,InactiveRestore.Commands.GetInactiveRestoreCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'adele.vance\IR-none'
        $err[0].Exception.Message | Should -BeLike "No restore request 'adele.vance\IR-none' was found*"
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Get-InactiveRestore .*-BatchName'
    }
}

Describe 'Suspend-, Resume-, Stop- and Remove-InactiveRestore' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $script:alex = New-TestRequest alex.wilber
        Step-ExchangeSimulator -Minutes 10
        Clear-ExchangeSimulatorLedger
    }

    It 'Suspend -WhatIf changes nothing; Suspend -PassThru suspends and passes -Confirm:$false to Exchange' {
        Suspend-InactiveRestore -Identity $alex.RequestGuid -WhatIf
        Get-Changes | Should -BeNullOrEmpty
        (Get-Listed $alex.RequestGuid).Status | Should -Not -Be 'Suspended'
        $r = Suspend-InactiveRestore -Identity $alex.Identity -SuspendComment 'maintenance' -PassThru
        $r.PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.RestoreResult'
        $r.Status | Should -Be 'Suspended'
        $call = @(Get-Changes)
        $call.Count | Should -Be 1
        $call[0].CommandName | Should -Be 'Suspend-MailboxRestoreRequest'
        $call[0].Parameters.Confirm | Should -BeFalse
        $call[0].Parameters.SuspendComment | Should -Be 'maintenance'
        $call[0].Parameters.Identity | Should -Be $alex.RequestGuid.ToString()
    }

    It 'Resume -WhatIf changes nothing; Resume -PassThru resumes a suspended request' {
        Suspend-MailboxRestoreRequest -Identity $alex.RequestGuid -Confirm:$false
        Clear-ExchangeSimulatorLedger
        Resume-InactiveRestore $alex.RequestGuid -WhatIf
        Get-Changes | Should -BeNullOrEmpty
        $r = Resume-InactiveRestore $alex.RequestGuid -PassThru
        $r.Status | Should -BeIn 'Queued', 'InProgress'
        (Get-Changes).CommandName | Should -Be 'Resume-MailboxRestoreRequest'
    }

    It 'Resume continues a Failed request' {
        $lynne = New-TestRequest lynne.robbins
        Step-ExchangeSimulator -Minutes 240
        (Get-InactiveRestore $lynne.RequestGuid).Status | Should -Be 'Failed'
        $info = $null
        $r = Resume-InactiveRestore $lynne.Identity -PassThru -InformationVariable info
        $r.Status | Should -Not -Be 'Failed'
        "$info" | Should -Match 'Resumed restore request .*was Failed'
    }

    It 'takes RestoreResult objects of Start, Get and Watch from the pipeline' {
        $r = Get-InactiveRestore -Identity $alex.RequestGuid | Suspend-InactiveRestore -PassThru
        $r.Status | Should -Be 'Suspended'
        $p = @(Watch-InactiveRestore -Identity $alex.RequestGuid -PollInterval '00:00:00.02' -MaxPollInterval '00:00:00.02' -Timeout '00:00:00.1' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $p[0].PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.RestoreResult'
        ($p | Resume-InactiveRestore -PassThru).Status | Should -BeIn 'Queued', 'InProgress'
    }

    It 'Stop -WhatIf changes nothing; Stop cancels an unfinished request (ConfirmImpact High)' {
        (Get-Command Stop-InactiveRestore).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        Stop-InactiveRestore $alex.RequestGuid -WhatIf
        Get-Changes | Should -BeNullOrEmpty
        $r = Stop-InactiveRestore $alex.RequestGuid -Confirm:$false -PassThru
        $r.Status | Should -Be 'Cancelled'
        ($r.Warnings -join ' ') | Should -Match 'stay in the target'
        $call = @(Get-Changes)
        $call.CommandName | Should -Be 'Remove-MailboxRestoreRequest'
        $call[0].Parameters.Confirm | Should -BeFalse
        Get-Listed $alex.RequestGuid | Should -BeNullOrEmpty
    }

    It 'Stop refuses a completed request, pointing to Remove-InactiveRestore' {
        Step-ExchangeSimulator -Minutes 600
        $err = $null
        Stop-InactiveRestore $alex.RequestGuid -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RequestAlreadyFinished,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Remove-InactiveRestore'
        Get-Changes | Should -BeNullOrEmpty
    }

    It 'Suspend refuses a completed request before any change, with the module''s ErrorId and remedy' {
        Step-ExchangeSimulator -Minutes 600
        $err = $null
        Suspend-InactiveRestore $alex.RequestGuid -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RequestAlreadyFinished,*'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Get-InactiveRestore'
        Get-Changes | Should -BeNullOrEmpty
    }

    It 'Resume refuses a <State> request before any change, with the module''s ErrorId, target and remedy' -ForEach @(
        @{ State = 'Queued'; Minutes = 0; Remedy = 'Watch-InactiveRestore' }
        @{ State = 'InProgress'; Minutes = 6; Remedy = 'Watch-InactiveRestore' }
        @{ State = 'Completed'; Minutes = 600; Remedy = 'Complete-InactiveRestore' }
    ) {
        $r = New-TestRequest megan.bowen
        Step-ExchangeSimulator -Minutes $Minutes
        (Get-MailboxRestoreRequest -Identity $r.RequestGuid).Status | Should -Be $State
        Clear-ExchangeSimulatorLedger
        $err = $null
        Resume-InactiveRestore $r.RequestGuid -ApproveSkippedItems -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'RequestNotResumable,InactiveRestore.Commands.ResumeInactiveRestoreCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].TargetObject | Should -Be $r.RequestGuid.ToString()   # what was given
        $err[0].Exception.Message | Should -Match ([regex]::Escape($r.Name))
        $err[0].ErrorDetails.RecommendedAction | Should -Match $Remedy
        Get-Changes | Should -BeNullOrEmpty
    }

    It 'Resume goes on for an AutoSuspended request (only Suspended, AutoSuspended and Failed are resumed)' {
        $h = New-TestRequest henrietta.mueller     # the simulator auto-suspends it half way
        Step-ExchangeSimulator -Minutes 60
        (Get-MailboxRestoreRequest -Identity $h.RequestGuid).Status | Should -Be 'AutoSuspended'
        Clear-ExchangeSimulatorLedger
        $r = Resume-InactiveRestore $h.RequestGuid -Confirm:$false -PassThru
        (Get-Changes).CommandName | Should -Be 'Resume-MailboxRestoreRequest'
        $r.ExchangeStatus | Should -Not -Be 'AutoSuspended'
    }

    It 'Get, Suspend, Resume, Stop and Remove word an unknown identity the module''s way, once, and change nothing' -ForEach @(
        @{ Verb = 'Get' }, @{ Verb = 'Suspend' }, @{ Verb = 'Resume' }, @{ Verb = 'Stop' }, @{ Verb = 'Remove' }
    ) {
        foreach ($id in 'nosuch', 'adele.vance\IR-nosuch', [guid]::NewGuid().ToString()) {
            $err = $null
            $params = @{ Identity = $id; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
            if ($Verb -ne 'Get') { $params.Confirm = $false }
            & "$Verb-InactiveRestore" @params | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'RequestNotFound,*'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be $id
            $err[0].Exception.GetType().FullName | Should -Not -Match 'Exchange'
            "$($err[0])" | Should -Be "No restore request '$id' was found (it may have been removed, e.g. by Remove-InactiveRestore or Complete-InactiveRestore -RemoveRequests)."
        }
        Get-Changes | Should -BeNullOrEmpty
    }

    It 'Remove refuses an unfinished request, pointing to Stop-InactiveRestore' {
        { Remove-InactiveRestore $alex.RequestGuid -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'RequestNotFinished*'
        Get-Changes | Should -BeNullOrEmpty
        Get-Listed $alex.RequestGuid | Should -Not -BeNullOrEmpty
    }

    It 'Remove -WhatIf changes nothing; Remove -PassThru removes a finished request and frees its name' {
        Step-ExchangeSimulator -Minutes 600
        Remove-InactiveRestore $alex.Identity -WhatIf
        Get-Changes | Should -BeNullOrEmpty
        $r = Remove-InactiveRestore $alex.Identity -Confirm:$false -PassThru
        $r.Status | Should -Be 'Completed'
        (Get-Changes).CommandName | Should -Be 'Remove-MailboxRestoreRequest'
        Get-Listed $alex.RequestGuid | Should -BeNullOrEmpty
        (New-TestRequest alex.wilber).Name | Should -Be $alex.Name
    }

    It 'refuses a bare name on several targets (AmbiguousRequestName) and never an empty identity' {
        New-TestRequest alex.wilber -Target allan.deyoung -Name $alex.Name | Out-Null
        Clear-ExchangeSimulatorLedger
        { Suspend-InactiveRestore $alex.Name -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousRequestName*'
        { Stop-InactiveRestore '  ' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRequestIdentity*'
        Get-Changes | Should -BeNullOrEmpty
        Get-ExchangeSimulatorLedger | Where-Object { $_.Parameters.ContainsKey('Identity') } | ForEach-Object {
            "$($_.Parameters.Identity)".Trim() | Should -Not -BeNullOrEmpty
        }
    }
}

# Issue 4: every non-identity parameter of every exported cmdlet is checked before any Exchange call (specific ErrorId,
# InvalidArgument, the value as target, an empty ledger); TimeSpan parameters read a bare number as seconds; enum
# parameters refuse bad names through PowerShell's binder (also per CSV record); and a representative workload of every
# cmdlet never sends Exchange a blank -Identity.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    # Runs a cmdlet; returns its errors, terminating or not.
    function Invoke-Collect([string] $Cmdlet, [hashtable] $Splat) {
        $err = $null
        try { $null = & $Cmdlet @Splat -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } catch { return $_ }
        $err
    }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Every other parameter is checked before any Exchange call' {
    BeforeAll { Connect-ExchangeSimulator -TimeScale 0 -Seed 1 }
    BeforeEach { Clear-ExchangeSimulatorLedger }

    It '<Cmdlet> -<Parameter> <Label> -> <ErrorId>' -ForEach @(
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'Name'; Label = 'with \'; Value = 'a\b'; ErrorId = 'InvalidRequestName' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'Name'; Label = '300 characters'; Value = ('n' * 300); ErrorId = 'InvalidRequestName' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'Name'; Label = 'with a tab'; Value = "a`tb"; ErrorId = 'InvalidRequestName' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'Name'; Label = 'blank'; Value = '   '; ErrorId = 'InvalidRequestName' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'BatchName'; Label = 'with \'; Value = 'wave\1'; ErrorId = 'InvalidBatchName' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'BatchName'; Label = '300 characters'; Value = ('b' * 300); ErrorId = 'InvalidBatchName' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'BatchName'; Label = 'with NUL'; Value = "w`0"; ErrorId = 'InvalidBatchName' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'TargetRootFolder'; Label = 'wildcard'; Value = 'Restored/*'; ErrorId = 'InvalidTargetRootFolder' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'TargetRootFolder'; Label = 'empty segment'; Value = 'A//B'; ErrorId = 'InvalidTargetRootFolder' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'TargetRootFolder'; Label = 'blank'; Value = '  '; ErrorId = 'InvalidTargetRootFolder' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'TargetRootFolder'; Label = '300 characters'; Value = ('f' * 300); ErrorId = 'InvalidTargetRootFolder' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'IncludeFolders'; Label = 'bare *'; Value = '*'; ErrorId = 'InvalidFolderSpec' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'IncludeFolders'; Label = 'well-known not first'; Value = 'Inbox/#Sent#'; ErrorId = 'InvalidFolderSpec' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'IncludeFolders'; Label = 'half well-known'; Value = '#Inbox/*'; ErrorId = 'InvalidFolderSpec' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'ExcludeFolders'; Label = 'with \'; Value = 'Inbox\Old'; ErrorId = 'InvalidFolderSpec' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'ExcludeFolders'; Label = '?'; Value = 'Inbox/Ol?'; ErrorId = 'InvalidFolderSpec' }
        @{ Cmdlet = 'Test-InactiveRestore'; Parameter = 'IncludeFolders'; Label = 'empty segment'; Value = 'Inbox//Old'; ErrorId = 'InvalidFolderSpec' }
        @{ Cmdlet = 'Test-InactiveRestore'; Parameter = 'BatchName'; Label = 'with \'; Value = 'wave\1'; ErrorId = 'InvalidBatchName' }
        @{ Cmdlet = 'Test-InactiveRestore'; Parameter = 'Name'; Label = 'with \'; Value = 'a\b'; ErrorId = 'InvalidRequestName' }
        @{ Cmdlet = 'Test-InactiveRestore'; Parameter = 'TargetRootFolder'; Label = 'wildcard'; Value = 'R?'; ErrorId = 'InvalidTargetRootFolder' }
    ) {
        $splat = @{ SourceMailbox = 'megan.bowen'; TargetMailbox = 'adele.vance'; $Parameter = $Value }
        $err = @(Invoke-Collect $Cmdlet $splat)
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -BeExactly $Value
        @(Get-ExchangeSimulatorLedger).Count | Should -Be 0
    }

    It '<Cmdlet> <Label> -> <ErrorId>' -ForEach @(
        @{ Cmdlet = 'Get-InactiveMailbox'; Label = '-ResultSize 0'; Splat = @{ ResultSize = '0' }; ErrorId = 'InvalidResultSize'; Value = '0' }
        @{ Cmdlet = 'Get-InactiveMailbox'; Label = '-ResultSize -1'; Splat = @{ ResultSize = '-1' }; ErrorId = 'InvalidResultSize'; Value = '-1' }
        @{ Cmdlet = 'Get-InactiveMailbox'; Label = '-ResultSize 1e3'; Splat = @{ ResultSize = '1e3' }; ErrorId = 'InvalidResultSize'; Value = '1e3' }
        @{ Cmdlet = 'Get-InactiveMailbox'; Label = '-ResultSize $(...)'; Splat = @{ ResultSize = '$(Get-Date)' }; ErrorId = 'InvalidResultSize'; Value = '$(Get-Date)' }
        @{ Cmdlet = 'Get-InactiveMailbox'; Label = '-ResultSize blank'; Splat = @{ ResultSize = ' ' }; ErrorId = 'InvalidResultSize'; Value = ' ' }
        @{ Cmdlet = 'Get-InactiveRestore'; Label = '-BatchName with \'; Splat = @{ BatchName = 'a\b' }; ErrorId = 'InvalidBatchName'; Value = 'a\b' }
        @{ Cmdlet = 'Get-InactiveRestore'; Label = '-BatchName blank'; Splat = @{ BatchName = ' ' }; ErrorId = 'InvalidBatchName'; Value = ' ' }
        @{ Cmdlet = 'Get-InactiveRestore'; Label = '-TargetMailbox *'; Splat = @{ TargetMailbox = '*' }; ErrorId = 'InvalidIdentity'; Value = '*' }
        @{ Cmdlet = 'Get-InactiveRestore'; Label = '-TargetMailbox blank'; Splat = @{ TargetMailbox = ' ' }; ErrorId = 'InvalidIdentity'; Value = ' ' }
        @{ Cmdlet = 'Get-InactiveRestore'; Label = '-TargetMailbox control'; Splat = @{ TargetMailbox = "a`nb" }; ErrorId = 'InvalidIdentity'; Value = "a`nb" }
        @{ Cmdlet = 'Watch-InactiveRestore'; Label = '-BatchName empty'; Splat = @{ BatchName = '' }; ErrorId = 'InvalidBatchName'; Value = '' }
        @{ Cmdlet = 'Watch-InactiveRestore'; Label = '-BatchName blank'; Splat = @{ BatchName = ' ' }; ErrorId = 'InvalidBatchName'; Value = ' ' }
        @{ Cmdlet = 'Watch-InactiveRestore'; Label = '-BatchName with \'; Splat = @{ BatchName = 'a\b' }; ErrorId = 'InvalidBatchName'; Value = 'a\b' }
        @{ Cmdlet = 'Watch-InactiveRestore'; Label = '-Identity @()'; Splat = @{ Identity = @() }; ErrorId = 'InvalidRequestIdentity'; Value = $null }
        @{ Cmdlet = 'Watch-InactiveRestore'; Label = '-Timeout 0'; Splat = @{ BatchName = 'B1'; Timeout = 0 }; ErrorId = 'InvalidWatchOption'; Value = [timespan]::Zero }
        @{ Cmdlet = 'Watch-InactiveRestore'; Label = '-Timeout -5'; Splat = @{ BatchName = 'B1'; Timeout = -5 }; ErrorId = 'InvalidWatchOption'; Value = [timespan]::FromSeconds(-5) }
        @{ Cmdlet = 'Watch-InactiveRestore'; Label = '-PollInterval 0'; Splat = @{ BatchName = 'B1'; PollInterval = 0 }; ErrorId = 'InvalidWatchOption'; Value = [timespan]::Zero }
        @{ Cmdlet = 'Watch-InactiveRestore'; Label = '-PollInterval -00:00:01'; Splat = @{ BatchName = 'B1'; PollInterval = '-00:00:01' }; ErrorId = 'InvalidWatchOption'; Value = [timespan]::FromSeconds(-1) }
        @{ Cmdlet = 'Watch-InactiveRestore'; Label = '-MaxPollInterval -1'; Splat = @{ BatchName = 'B1'; MaxPollInterval = -1 }; ErrorId = 'InvalidWatchOption'; Value = [timespan]::FromSeconds(-1) }
        @{ Cmdlet = 'Start-InactiveRestore'; Label = '-Wait -Timeout 0'; Splat = @{ SourceMailbox = 'megan.bowen'; TargetMailbox = 'adele.vance'; Wait = $true; Timeout = 0 }; ErrorId = 'InvalidWatchOption'; Value = [timespan]::Zero }
        @{ Cmdlet = 'Suspend-InactiveRestore'; Label = '-SuspendComment with NUL'; Splat = @{ Identity = 'adele.vance\IR-x'; SuspendComment = "a`0b"; Confirm = $false }; ErrorId = 'InvalidSuspendComment'; Value = "a`0b" }
        @{ Cmdlet = 'Suspend-InactiveRestore'; Label = '-SuspendComment with ESC'; Splat = @{ Identity = 'adele.vance\IR-x'; SuspendComment = "a`e[2Jb"; Confirm = $false }; ErrorId = 'InvalidSuspendComment'; Value = "a`e[2Jb" }
        @{ Cmdlet = 'Suspend-InactiveRestore'; Label = '-SuspendComment 5000 characters'; Splat = @{ Identity = 'adele.vance\IR-x'; SuspendComment = ('c' * 5000); Confirm = $false }; ErrorId = 'InvalidSuspendComment'; Value = ('c' * 5000) }
    ) {
        $err = @(Invoke-Collect $Cmdlet $Splat)
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        if ($null -eq $Value) { $err[0].TargetObject | Should -BeNullOrEmpty } else { $err[0].TargetObject | Should -Be $Value }
        @(Get-ExchangeSimulatorLedger).Count | Should -Be 0
    }

    It 'a suspend comment with tabs and line breaks is sent as given' {
        $src = Get-Mailbox -InactiveMailboxOnly -Identity alex.wilber
        $r = New-MailboxRestoreRequest -SourceMailbox $src.ExchangeGuid -TargetMailbox adele.vance -Name 'IR-comment-test' -AllowLegacyDNMismatch
        Clear-ExchangeSimulatorLedger
        Suspend-InactiveRestore -Identity $r.RequestGuid -SuspendComment "line 1`r`n`tline 2" -Confirm:$false
        (Get-ExchangeSimulatorLedger -CommandName Suspend-MailboxRestoreRequest).Parameters.SuspendComment | Should -BeExactly "line 1`r`n`tline 2"
        Remove-MailboxRestoreRequest -Identity $r.RequestGuid -Confirm:$false
    }

    It 'enum parameters refuse a bad name through the binder before any call: <Cmdlet> -<Parameter> <Value>' -ForEach @(
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'Archive'; Value = 'Bogus' }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'ConflictResolution'; Value = 'Overwrite' }
        @{ Cmdlet = 'Test-InactiveRestore'; Parameter = 'Archive'; Value = 'Include,Exclude' }
        @{ Cmdlet = 'Get-InactiveRestore'; Parameter = 'Status'; Value = 'Running' }
    ) {
        $splat = @{ $Parameter = $Value }
        if ($Cmdlet -ne 'Get-InactiveRestore') { $splat.SourceMailbox = 'megan.bowen'; $splat.TargetMailbox = 'adele.vance' }
        $err = @(Invoke-Collect $Cmdlet $splat)
        $err.Count | Should -Be 1
        $err[0].Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        # The binder's own error (the module's transformation names the valid values): category InvalidData.
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $err[0].CategoryInfo.Category | Should -BeIn 'InvalidArgument', 'InvalidData'
        $err[0].Exception.Message | Should -Match 'use one of'

        $err[0].Exception.Message | Should -Match ([regex]::Escape($Value))
        @(Get-ExchangeSimulatorLedger).Count | Should -Be 0
    }

    It 'a CSV row with a bad enum value gets its own error and the next row continues; an empty cell means the default' {
        $csv = Join-Path $TestDrive 'enum.csv'
        @(
            [pscustomobject]@{ SourceMailbox = 'megan.bowen'; TargetMailbox = 'adele.vance'; ConflictResolution = '' }
            [pscustomobject]@{ SourceMailbox = 'lee.gu'; TargetMailbox = 'allan.deyoung'; ConflictResolution = 'Bogus' }
            [pscustomobject]@{ SourceMailbox = 'irvin.sayers'; TargetMailbox = 'cameron.white'; ConflictResolution = 'Overwrite' }
            [pscustomobject]@{ SourceMailbox = 'nestor.wilke'; TargetMailbox = 'emily.braun'; ConflictResolution = 'KeepLatestItem' }
        ) | Export-Csv -LiteralPath $csv -NoTypeInformation
        $err = $null
        $out = @(Import-Csv -LiteralPath $csv | Start-InactiveRestore -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $err[0].Exception.Message | Should -Match "parameter 'ConflictResolution'. 'Bogus' is not a valid value: use one of KeepAll, KeepSourceItem"
        $err[0].TargetObject.SourceMailbox | Should -Be 'lee.gu'
        $err[1].Exception.Message | Should -Match "'Overwrite' is not a valid value"
        $err[1].TargetObject.SourceMailbox | Should -Be 'irvin.sayers'
        # megan: the empty cell is the default KeepAll; nestor: KeepLatestItem (it replaces nothing: no consent needed).
        $new = @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest)
        $new.Parameters.Name | Should -Be @($out.RequestName)
        @($new | Where-Object { $_.Parameters.Name -like 'IR-megan.bowen-*' }).Parameters.ConflictResolutionOption | Should -Be @('KeepAll', 'KeepAll')
        @($new | Where-Object { $_.Parameters.Name -like 'IR-nestor.wilke-*' }).Parameters.ConflictResolutionOption | Should -Be @('KeepLatestItem', 'KeepLatestItem')
        @($new | Where-Object { $_.Parameters.Name -match 'lee.gu|irvin.sayers' }).Count | Should -Be 0
    }
}

Describe 'TimeSpan parameters read a bare number as seconds' {
    BeforeAll {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $src = Get-Mailbox -InactiveMailboxOnly -Identity alex.wilber
        $script:req = New-MailboxRestoreRequest -SourceMailbox $src.ExchangeGuid -TargetMailbox adele.vance -Name 'IR-timeout-test' -BatchName T1 -AllowLegacyDNMismatch
    }
    AfterAll { Remove-MailboxRestoreRequest -Identity $req.RequestGuid -Confirm:$false }

    It 'every TimeSpan parameter carries the transformation' {
        foreach ($c in 'Watch-InactiveRestore', 'Start-InactiveRestore') {
            foreach ($p in (Get-Command $c).Parameters.Values | Where-Object ParameterType -eq ([timespan])) {
                @($p.Attributes | Where-Object { $_ -is [InactiveRestore.Commands.SecondsTimeSpanAttribute] }).Count | Should -Be 1 -Because "$c -$($p.Name)"
            }
        }
    }

    It 'converts <Label>' -ForEach @(
        @{ Label = '30 (int)'; In = 30; Out = [timespan]::FromSeconds(30) }
        @{ Label = '2.5 (double)'; In = 2.5; Out = [timespan]::FromSeconds(2.5) }
        @{ Label = "'90' (string)"; In = '90'; Out = [timespan]::FromSeconds(90) }
        @{ Label = '-5'; In = -5; Out = [timespan]::FromSeconds(-5) }
        @{ Label = "'00:05:00' unchanged"; In = '00:05:00'; Out = '00:05:00' }
        @{ Label = 'a TimeSpan unchanged'; In = [timespan]::FromHours(2); Out = [timespan]::FromHours(2) }
    ) {
        [InactiveRestore.Commands.SecondsTimeSpanAttribute]::Convert($In) | Should -Be $Out
    }

    It '-Timeout 1 watches for one second (not one tick), -Timeout ''1'' too (not one day)' {
        foreach ($t in 1, '1') {
            $err = $null
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $out = @(Watch-InactiveRestore -BatchName T1 -Timeout $t -PollInterval 0.2 -ErrorVariable err -ErrorAction SilentlyContinue)
            $sw.Stop()
            $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 10
            $err[-1].FullyQualifiedErrorId | Should -BeLike 'WatchTimedOut,*'
            $out.Count | Should -Be 1
        }
    }
}

Describe 'No Exchange call ever has a blank -Identity (a representative workload of every cmdlet)' {
    BeforeAll {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        Clear-ExchangeSimulatorLedger
        $q = @{ ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue'; InformationAction = 'SilentlyContinue' }
        $null = Get-InactiveMailbox @q
        $null = Get-InactiveMailbox -IncludeStatistics -ResultSize 3 @q
        $null = Get-InactiveMailbox megan.bowen @q
        $null = 'lee.gu', 'nobody' | Get-InactiveMailbox @q
        $null = Test-InactiveRestore megan.bowen adele.vance @q
        $null = Test-InactiveRestore nobody adele.vance -Quiet @q
        $started = @(Start-InactiveRestore megan.bowen adele.vance -BatchName W1 -EnableRetentionHold @q)
        $started += @(Start-InactiveRestore alex.wilber allan.deyoung -BatchName W1 -Archive Exclude @q)
        $null = Start-InactiveRestore megan.bowen adele.vance -BatchName W1 @q     # the re-run
        $null = Start-InactiveRestore lee.gu cameron.white -WhatIf @q
        $null = Get-InactiveRestore @q
        $null = Get-InactiveRestore -All -IncludeReport @q
        $null = Get-InactiveRestore -BatchName W1 -Status InProgress @q
        $null = Get-InactiveRestore -TargetMailbox adele.vance @q
        $null = $started | Get-InactiveRestore @q
        $null = Get-InactiveRestore -Identity $started[0].RequestName @q
        $null = Get-InactiveRestore -Identity $started[0].Identity @q
        $null = $started | Watch-InactiveRestore -Timeout 0.5 -PollInterval 0.1 @q
        $null = Watch-InactiveRestore -BatchName W1 -Timeout 0.5 -PollInterval 0.1 @q
        $null = Watch-InactiveRestore -Identity $started[0].RequestId -Timeout 0.5 -PollInterval 0.1 @q
        $null = $started | Suspend-InactiveRestore -SuspendComment 'pause' -Confirm:$false @q
        $null = $started | Resume-InactiveRestore -Confirm:$false @q
        $null = $started[-1] | Stop-InactiveRestore -Confirm:$false @q
        Step-ExchangeSimulator -Minutes 600
        $null = $started | Remove-InactiveRestore -Confirm:$false @q
        $null = Start-InactiveRestore lee.gu allan.deyoung -Wait -Timeout 0.5 @q
        $script:ledger = @(Get-ExchangeSimulatorLedger)
    }

    It 'ran every Exchange command the module uses' {
        $names = $ledger.CommandName | Sort-Object -Unique
        foreach ($c in 'Get-Mailbox', 'Get-MailboxStatistics', 'Set-Mailbox', 'New-MailboxRestoreRequest', 'Get-MailboxRestoreRequest',
            'Get-MailboxRestoreRequestStatistics', 'Suspend-MailboxRestoreRequest', 'Resume-MailboxRestoreRequest', 'Remove-MailboxRestoreRequest') {
            $names | Should -Contain $c
        }
    }

    It 'no call had a null, empty or whitespace -Identity, and every Set-/Remove-/Suspend-/Resume- call had one' {
        $ledger.Count | Should -BeGreaterThan 50
        foreach ($e in $ledger) {
            if ($e.Parameters.ContainsKey('Identity')) {
                [string]::IsNullOrWhiteSpace([string] $e.Parameters['Identity']) | Should -BeFalse -Because "$($e.CommandName) #$($e.Sequence)"
                [string] $e.Parameters['Identity'] | Should -Not -Be ([guid]::Empty.ToString())
            }
            elseif ($e.CommandName -match '^(Set|Remove|Suspend|Resume)-') {
                throw "$($e.CommandName) #$($e.Sequence) had no -Identity"
            }
            if ($e.CommandName -eq 'Get-MailboxRestoreRequestStatistics') { $e.Parameters.ContainsKey('Identity') | Should -BeTrue }
        }
    }
}

# What the module says when it cannot or will not do something: a refused pair's record names the pair, a refused pair
# shows no commands, a row whose folder is not used is warned about, a mistyped batch name is said, and a prompt the host
# cannot show (no console input, -NonInteractive) refuses with an ErrorId and changes nothing. Demo tenant, frozen clock.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
    $script:RepoRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent   # tests/Pester -> the repository

    function Get-Changes { @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }) }
}

AfterAll {
    Disconnect-ExchangeSimulator -ErrorAction SilentlyContinue
}

Describe 'Refusals' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
    }

    Context 'a refused pair names its pair' {
        It 'Start-InactiveRestore: the record of a validation refusal carries source, target and batch in Exception.Data' {
            $out = @(Start-InactiveRestore -SourceMailbox megan.bowenn -TargetMailbox debra.berger -BatchName DR -ErrorVariable ev -ErrorAction SilentlyContinue -InformationAction Ignore)
            $out | Should -BeNullOrEmpty -Because 'a refusal is said once, on the error stream'
            @($ev).Count | Should -Be 1
            $ev[0].FullyQualifiedErrorId | Should -BeLike 'SourceNotFound,*'
            $ev[0].TargetObject | Should -Be 'megan.bowenn'
            $ev[0].Exception.Data['InactiveRestore.SourceMailbox'] | Should -Be 'megan.bowenn'
            $ev[0].Exception.Data['InactiveRestore.TargetMailbox'] | Should -Be 'debra.berger'
            $ev[0].Exception.Data['InactiveRestore.BatchName'] | Should -Be 'DR'
        }

        It 'Start- and Test-InactiveRestore: an offline refusal (a wildcard identity) too; an Exchange failure is not marked' {
            Start-InactiveRestore -SourceMailbox 'megan*' -TargetMailbox debra.berger -ErrorVariable ev -ErrorAction SilentlyContinue -InformationAction Ignore
            $ev[0].FullyQualifiedErrorId | Should -BeLike 'InvalidIdentity,*'
            $ev[0].Exception.Data['InactiveRestore.SourceMailbox'] | Should -Be 'megan*'
            Test-InactiveRestore -SourceMailbox 'megan*' -TargetMailbox debra.berger -ErrorVariable tv -ErrorAction SilentlyContinue
            $tv[0].Exception.Data['InactiveRestore.TargetMailbox'] | Should -Be 'debra.berger'

            $global:InactiveRestoreRetryPolicy = @{ MaxAttempts = 1; BaseDelay = '00:00:00.001'; MaxDelay = '00:00:00.001'; TotalBudget = 1 }
            Set-ExchangeSimulatorFault -CommandName Get-Mailbox -TransientErrorRate 1
            try {
                Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -ErrorVariable xv -ErrorAction SilentlyContinue -InformationAction Ignore -WarningAction SilentlyContinue
            }
            finally {
                Set-ExchangeSimulatorFault -Clear
                Remove-Variable InactiveRestoreRetryPolicy -Scope Global -ErrorAction SilentlyContinue
            }
            $xv[0].FullyQualifiedErrorId | Should -BeLike 'Exchange*'
            @($xv).Count | Should -BeGreaterThan 0
            $xv | ForEach-Object { $_.Exception.Data.Contains('InactiveRestore.SourceMailbox') | Should -BeFalse }
        }
    }

    Context 'Test-InactiveRestore of a refused pair' {
        It 'presents no commands: no Steps, no Commands, planned requests marked as not made' {
            $v = Test-InactiveRestore -SourceMailbox diego.siciliani -TargetMailbox adele.vance -WarningAction SilentlyContinue
            $v.IsValid | Should -BeFalse
            @($v.Steps) | Should -BeNullOrEmpty
            @($v.Commands) | Should -BeNullOrEmpty
            @($v.PlannedRequests).Count | Should -BeGreaterThan 0
            $text = $v | Out-String -Width 200
            $text | Should -Match 'Commands\s+: none: the pair is refused, nothing would run'
            $text | Should -Match '\[not made: the pair is refused\]'
            $text | Should -Not -Match 'New-MailboxRestoreRequest -SourceMailbox'
        }

        It 'a valid pair still shows its commands' {
            $v = Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -WarningAction SilentlyContinue
            $v.IsValid | Should -BeTrue
            @($v.Commands).Name | Should -Contain 'New-MailboxRestoreRequest'
        }
    }

    Context 'the same pair twice with another TargetRootFolder' {
        It 'reuses the first request and warns that the row''s folder is not used (once per pair)' {
            $rows = @(
                [pscustomobject]@{ SourceMailbox = 'isaiah.langer'; TargetMailbox = 'emily.braun'; TargetRootFolder = '' }
                [pscustomobject]@{ SourceMailbox = 'isaiah.langer'; TargetMailbox = 'emily.braun'; TargetRootFolder = 'Other' }
            )
            $results = @($rows | Start-InactiveRestore -WarningVariable wv -WarningAction SilentlyContinue -InformationAction Ignore)
            @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest | Where-Object ChangeApplied).Count | Should -Be (@($results).Count / 2)
            $differs = @($wv | Where-Object { "$_" -like 'TargetRootFolderDiffers:*' })
            $differs.Count | Should -Be 1
            "$($differs[0])" | Should -Match "TargetRootFolder 'Other' differs from the folder of request 'IR-isaiah\.langer-\w+-Primary'.*'Restored-Isaiah Langer-"
        }

        It 'says nothing when the row names no folder, or the same one' {
            $rows = @(
                [pscustomobject]@{ SourceMailbox = 'isaiah.langer'; TargetMailbox = 'emily.braun'; TargetRootFolder = 'Same' }
                [pscustomobject]@{ SourceMailbox = 'isaiah.langer'; TargetMailbox = 'emily.braun'; TargetRootFolder = 'same' }
                [pscustomobject]@{ SourceMailbox = 'isaiah.langer'; TargetMailbox = 'emily.braun'; TargetRootFolder = '' }
            )
            $rows | Start-InactiveRestore -WarningVariable wv -WarningAction SilentlyContinue -InformationAction Ignore | Out-Null
            @($wv | Where-Object { "$_" -like 'TargetRootFolderDiffers:*' }) | Should -BeNullOrEmpty
        }
    }

    Context 'Get-InactiveRestore -BatchName' {
        It 'warns when no request has the batch name, from the one listing' {
            Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -BatchName Real -WarningAction SilentlyContinue -InformationAction Ignore | Out-Null
            Clear-ExchangeSimulatorLedger
            $out = @(Get-InactiveRestore -BatchName Reall -WarningVariable wv -WarningAction SilentlyContinue)
            $out | Should -BeNullOrEmpty
            "$wv" | Should -Be "No restore request has the batch name 'Reall'."
            @(Get-ExchangeSimulatorLedger).CommandName | Should -Be @('Get-MailboxRestoreRequest')
            @(Get-InactiveRestore -BatchName Real -WarningVariable wv2 -WarningAction SilentlyContinue).Count | Should -Be 2
            $wv2 | Should -BeNullOrEmpty
            @(Get-InactiveRestore -BatchName Real -Status Failed -WarningVariable wv3 -WarningAction SilentlyContinue) | Should -BeNullOrEmpty
            $wv3 | Should -BeNullOrEmpty -Because 'the batch exists: no request of it has that status'
        }

        It 'says to add -All when the batch holds only requests the module did not name' {
            $target = Get-Mailbox adele.vance
            $source = Get-Mailbox -InactiveMailboxOnly -Identity megan.bowen
            Set-Mailbox $target.Alias -EmailAddresses @{ Add = "X500:$($source.LegacyExchangeDN)" }
            New-MailboxRestoreRequest -SourceMailbox $source.ExchangeGuid -TargetMailbox $target.Alias -BatchName ByHand -Name 'Manual restore' | Out-Null
            @(Get-InactiveRestore -BatchName ByHand -WarningVariable wv -WarningAction SilentlyContinue) | Should -BeNullOrEmpty
            "$wv" | Should -Match "Batch 'ByHand' has 1 restore request\(s\), none named by InactiveRestore \(IR-\): add -All"
            @(Get-InactiveRestore -BatchName ByHand -All).Count | Should -Be 1
        }
    }
}

Describe 'A prompt the host cannot show' {
    BeforeAll {
        # A child pwsh whose console has no input (stdin closed at once), as under cron, Task Scheduler or CI: PowerShell's own
        # prompt fails there. Each command that would prompt must refuse with its ErrorId and change nothing.
        $script:State = Join-Path $TestDrive 'prompt-state.json'
        Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0 -Seed 1
        $script:Request = @(Start-InactiveRestore -SourceMailbox lee.gu -TargetMailbox allan.deyoung -BatchName P -WarningAction SilentlyContinue -InformationAction Ignore)[0]
        Disconnect-ExchangeSimulator
        $script:Child = Join-Path $TestDrive 'prompt-child.ps1'
        @'
param([string] $ModuleRoot, [string] $StatePath, [string] $RequestId)
Import-Module (Join-Path $ModuleRoot 'ExchangeSimulator/ExchangeSimulator.psd1')
Import-Module (Join-Path $ModuleRoot 'InactiveRestore/InactiveRestore.psd1')
Connect-ExchangeSimulator -StatePath $StatePath -TimeScale 0
function Show([string] $Name, $Records) { "$Name=" + (@($Records | ForEach-Object { "$($_.FullyQualifiedErrorId)".Split(',')[0] + '|' + $_.CategoryInfo.Category + '|' + [bool] $_.Exception.Data.Contains('InactiveRestore.SourceMailbox') }) -join ';') }
$out = @(Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -ConflictResolution KeepSourceItem -ErrorVariable e1 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction Ignore)
Show consent $e1; "consentOut=$($out.Count)"
$out = @(Start-InactiveRestore -SourceMailbox irvin.sayers -TargetMailbox cameron.white -Confirm -ErrorVariable e2 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction Ignore)
Show confirm $e2; "confirmOut=$($out.Count)"
Stop-InactiveRestore -Identity $RequestId -ErrorVariable e3 -ErrorAction SilentlyContinue
Show stop $e3
Suspend-InactiveRestore -Identity $RequestId -Confirm -ErrorVariable e4 -ErrorAction SilentlyContinue
Show suspend $e4
'@ | Set-Content -Path $script:Child -Encoding utf8

        function Invoke-Child([string[]] $Switches) {
            $psi = [Diagnostics.ProcessStartInfo]::new('dotnet')
            $psi.WorkingDirectory = $script:RepoRoot
            $psi.UseShellExecute = $false
            $psi.RedirectStandardInput = $true
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            foreach ($a in @('pwsh', '-NoProfile') + $Switches + @('-File', $script:Child, '-ModuleRoot', $env:INACTIVERESTORE_MODULE_ROOT,
                    '-StatePath', $script:State, '-RequestId', $script:Request.RequestId)) { $psi.ArgumentList.Add([string] $a) }
            $p = [Diagnostics.Process]::Start($psi)
            $p.StandardInput.Close()
            $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
            if (-not $p.WaitForExit(180000)) { $p.Kill(); throw 'The child did not end.' }
            # A value may follow the prompt's text on its line (the prompt ends without a line break).
            $values = @{}
            foreach ($m in [regex]::Matches($out.Result, '\b(consentOut|confirmOut|consent|confirm|stop|suspend)=([^\r\n]*)')) { $values[$m.Groups[1].Value] = $m.Groups[2].Value }
            [pscustomobject]@{ Values = $values; Text = $out.Result + $err.Result; ExitCode = $p.ExitCode }
        }
    }

    It 'refuses with OverwriteConsentRequired / ConfirmationRequired and changes nothing (<Label>)' -ForEach @(
        @{ Label = 'no console input'; Switches = @() }
        @{ Label = '-NonInteractive'; Switches = @('-NonInteractive') }
    ) {
        Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0
        Clear-ExchangeSimulatorLedger
        Disconnect-ExchangeSimulator
        $r = Invoke-Child $Switches
        $r.Text | Should -Not -Match 'NullReferenceException' -Because $r.Text
        $r.Values['consent'] | Should -Be 'OverwriteConsentRequired|InvalidOperation|True' -Because $r.Text
        $r.Values['consentOut'] | Should -Be '0'
        $r.Values['confirm'] | Should -Be 'ConfirmationRequired|InvalidOperation|True'
        $r.Values['confirmOut'] | Should -Be '0'
        $r.Values['stop'] | Should -Be 'ConfirmationRequired|InvalidOperation|False'
        $r.Values['suspend'] | Should -Be 'ConfirmationRequired|InvalidOperation|False'
        Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0
        Get-Changes | Should -BeNullOrEmpty -Because 'nothing may change without an answer'
        (Get-InactiveRestore -Identity $script:Request.RequestId).ExchangeStatus | Should -Be 'Queued'
        Disconnect-ExchangeSimulator
    }
}

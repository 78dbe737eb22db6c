# Issue 9 and the re-run duplication (QA): once a restore's requests are gone (Stop-InactiveRestore part-way,
# Remove-InactiveRestore after completion, or Exchange's clean-up after CompletedRequestAgeLimit), only the target's
# folders remember it. Test- and Start-InactiveRestore find that content with the target's one Get-MailboxFolderStatistics.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    function Get-NewCalls { @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest) }
    # The target's folder a restore made, as Exchange lists it.
    function Get-RestoredFolder([string] $Target, [string] $Path, [switch] $Archive) {
        Get-MailboxFolderStatistics -Identity $Target -Archive:$Archive -ResultSize Unlimited | Where-Object FolderPath -eq $Path
    }
    # Moves the simulated clock a minute at a time until the request has copied part of its items.
    function Step-ToPartCopied([string] $Identity) {
        foreach ($minute in 1..60) {
            Step-ExchangeSimulator -Minutes 1
            $s = Get-MailboxRestoreRequestStatistics -Identity $Identity
            if ($s.ItemsTransferred -gt 0) { return $s }
        }
        throw "The request $Identity copied nothing in an hour."
    }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'A restore stopped part-way, then the same pair again (issue 9)' {
    BeforeAll {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $first = Start-InactiveRestore megan.bowen adele.vance -Archive Exclude -BatchName Stopped -WarningAction SilentlyContinue
        $script:copied = Step-ToPartCopied $first.RequestId
        $copied.ItemsTransferred | Should -BeLessThan $copied.EstimatedTransferItemCount
        Stop-InactiveRestore -BatchName Stopped -Confirm:$false
        @(Get-MailboxRestoreRequest -BatchName Stopped).Count | Should -Be 0
        (Get-RestoredFolder adele.vance "/$($first.TargetRootFolder)").ItemsInFolderAndSubfolders | Should -Be $copied.ItemsTransferred
        # The restore was on an earlier day (the module dates its folders by the real clock, not the simulator's).
        Set-ExchangeSimulatorMailbox -Identity adele.vance -MoveFolder "/$($first.TargetRootFolder)" -NewFolderPath '/Restored-Megan Bowen-2020-01-31'
        $script:folder = Get-RestoredFolder adele.vance '/Restored-Megan Bowen-2020-01-31'
        $folder.ItemsInFolderAndSubfolders | Should -Be $copied.ItemsTransferred
        $script:expected = '{0:N0} items' -f $folder.ItemsInFolderAndSubfolders
    }

    It 'Test-InactiveRestore warns with the folder and how much is already there' {
        Clear-ExchangeSimulatorLedger
        $v = Test-InactiveRestore megan.bowen adele.vance -Archive Exclude
        $v.IsValid | Should -BeTrue
        $w = @($v.Issues | Where-Object Code -eq 'EarlierRestoreContent')
        $w.Count | Should -Be 1
        "$($w[0].Severity)" | Should -Be 'Warning'
        $w[0].Message | Should -BeLike "*'$($folder.FolderPath)' ($expected,*"
        $w[0].Message | Should -BeLike "*of the source's $('{0:N0}' -f $copied.EstimatedTransferItemCount)*"
        $w[0].Message | Should -BeLike "*copies every item again into '/$($v.PlannedRequests[0].TargetRootFolder)'*"
        # One folder read of the target (it is also the target's measure), no Get-MailboxStatistics of the target.
        @(Get-ExchangeSimulatorLedger -CommandName Get-MailboxFolderStatistics).Count | Should -Be 1
        @(Get-ExchangeSimulatorLedger -CommandName Get-MailboxStatistics | Where-Object { -not $_.Parameters.IncludeSoftDeletedRecipients }).Count | Should -Be 0
    }

    It 'Start-InactiveRestore writes the same warning and submits the restore' {
        Clear-ExchangeSimulatorLedger
        $w = $null
        $r = Start-InactiveRestore megan.bowen adele.vance -Archive Exclude -BatchName Stopped -WarningVariable w -WarningAction SilentlyContinue
        $r.Success | Should -BeTrue
        (Get-NewCalls).Count | Should -Be 1
        $found = @($w | Where-Object { "$_" -like 'EarlierRestoreContent:*' })
        $found.Count | Should -Be 1
        "$($found[0])" | Should -BeLike "*'$($folder.FolderPath)' ($expected,*"
    }
}

Describe 'A finished restore whose requests were removed, then the same command again (QA: duplication)' {
    BeforeAll {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $script:firstRun = @(Start-InactiveRestore megan.bowen adele.vance -BatchName Leavers1 -EnableRetentionHold -WarningAction SilentlyContinue)
        $firstRun.Count | Should -Be 2
        Step-ExchangeSimulator -Minutes 120
        @(Get-InactiveRestore -BatchName Leavers1 | Where-Object { "$($_.Status)" -ne 'Completed' }).Count | Should -Be 0
        Remove-InactiveRestore -BatchName Leavers1 -Confirm:$false
        @(Get-MailboxRestoreRequest -BatchName Leavers1).Count | Should -Be 0
    }

    It 'Start refuses both parts with AlreadyRestored and creates nothing; Test says the same' {
        Clear-ExchangeSimulatorLedger
        $err = $null
        $out = @(Start-InactiveRestore megan.bowen adele.vance -BatchName Leavers1 -EnableRetentionHold -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $out.Count | Should -Be 0
        $err.Count | Should -Be 2
        $err | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'AlreadyRestored,*'
            "$($_.CategoryInfo.Category)" | Should -Be 'ResourceExists'
            $_.ErrorDetails.RecommendedAction | Should -BeLike '*-RestoreAgain*'
        }
        "$($err[0])" | Should -BeLike "*'/$($firstRun[0].TargetRootFolder)' (*items*appears complete*"
        "$($err[1])" | Should -BeLike "*target's archive already holds '/$($firstRun[1].TargetRootFolder)' (*"
        @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }).Count | Should -Be 0

        $v = Test-InactiveRestore megan.bowen adele.vance
        $v.IsValid | Should -BeFalse
        @($v.Issues | Where-Object { $_.Code -eq 'AlreadyRestored' -and "$($_.Severity)" -eq 'Error' }).Count | Should -Be 2
    }

    It 'after Exchange''s own clean-up (30 days later) the re-run is still refused' {
        Step-ExchangeSimulator -Duration ([timespan]::FromDays(31))
        Clear-ExchangeSimulatorLedger
        $err = $null
        $null = Start-InactiveRestore megan.bowen adele.vance -BatchName Leavers1 -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($err | Where-Object { $_.FullyQualifiedErrorId -like 'AlreadyRestored,*' }).Count | Should -Be 2
        (Get-NewCalls).Count | Should -Be 0
    }

    It 'with -RestoreAgain the pair is submitted, with AlreadyRestored as a warning' {
        Clear-ExchangeSimulatorLedger
        $w = $null; $err = $null
        $again = @(Start-InactiveRestore megan.bowen adele.vance -BatchName Leavers1 -RestoreAgain -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable err)
        $err | Should -BeNullOrEmpty
        $again.Count | Should -Be 2
        $again | ForEach-Object { $_.Success | Should -BeTrue; $_.AlreadyExisted | Should -BeFalse }
        (Get-NewCalls).Count | Should -Be 2
        @($w | Where-Object { "$_" -like 'AlreadyRestored:*-RestoreAgain was given*' }).Count | Should -Be 2
    }
}

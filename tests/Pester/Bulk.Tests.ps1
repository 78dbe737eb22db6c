# Bulk restores at runbook scale (issue 10) against the Exchange Online simulator: the call budgets pinned with the
# ledger at small N, -MaxActive with Deferred rows converging over re-runs, and -BatchName on the control cmdlets.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    # A generated tenant with inactive.0001.. and active.0001.. (seeded: the same mailboxes every run).
    function Connect-BulkTenant([int] $Inactive, [int] $Active) {
        $path = Join-Path $TestDrive ('bulk-{0}.json' -f [guid]::NewGuid().ToString('n'))
        New-ExchangeSimulatorTenant -Path $path -InactiveCount $Inactive -ActiveCount $Active -Seed 11 | Out-Null
        Connect-ExchangeSimulator -TenantPath $path -TimeScale 0 -Seed 11
    }
    # N pairs into m targets, round robin.
    function Get-BulkPairs([int] $N, [int] $M) {
        1..$N | ForEach-Object { [pscustomobject]@{ SourceMailbox = 'inactive.{0:D4}' -f $_; TargetMailbox = 'active.{0:D4}' -f ((($_ - 1) % $M) + 1) } }
    }
    function Get-Calls([string] $Name) { if ($Name) { @(Get-ExchangeSimulatorLedger -CommandName $Name) } else { @(Get-ExchangeSimulatorLedger) } }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Exchange-call economy of Start-InactiveRestore' {
    It 'submits <N> pairs into <M> targets within 2N + 4m + 3A + 4 calls (+m with -EnableRetentionHold: <Hold>)' -TestCases @(
        @{ N = 1; M = 1; Hold = $false }
        @{ N = 2; M = 2; Hold = $false }
        @{ N = 6; M = 6; Hold = $false }
        @{ N = 6; M = 2; Hold = $false }
        @{ N = 6; M = 2; Hold = $true }
        # Beyond 20 X500 addresses: the Get-Recipient pre-check (one read per 20) put these over the bound; Start sends none.
        @{ N = 45; M = 45; Hold = $false }
        @{ N = 45; M = 1; Hold = $false }
        @{ N = 45; M = 5; Hold = $true }
    ) {
        Connect-BulkTenant -Inactive $N -Active $M
        Clear-ExchangeSimulatorLedger
        $extra = @{}
        if ($Hold) { $extra.EnableRetentionHold = $true }
        $err = $null
        $rows = @(Get-BulkPairs $N $M | Start-InactiveRestore -BatchName Eco @extra -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -BeNullOrEmpty
        @($rows | Where-Object { -not $_.IsArchive }).Count | Should -Be $N
        $rows | ForEach-Object { $_.Success | Should -BeTrue }
        $A = @($rows | Where-Object IsArchive).Count
        $budget = 2 * $N + 4 * $M + 3 * $A + 4 + $(if ($Hold) { $M } else { 0 })
        (Get-Calls).Count | Should -BeLessOrEqual $budget
        (Get-Calls Get-Recipient).Count | Should -Be 0
        # Each target: one Set-Mailbox for all its X500 addresses (and one for the hold), resolved and listed once.
        @(Get-Calls Set-Mailbox | Where-Object { $_.Parameters.ContainsKey('EmailAddresses') }).Count | Should -Be $M
        @(Get-Calls Set-Mailbox | Where-Object { $_.Parameters.ContainsKey('RetentionHoldEnabled') }).Count | Should -BeLessOrEqual $(if ($Hold) { $M } else { 0 })
        @(Get-Calls Get-Mailbox | Where-Object { $_.Parameters.IncludeInactiveMailbox }).Count | Should -Be $M
        @(Get-Calls Get-MailboxRestoreRequest | Where-Object { $_.Parameters.ContainsKey('TargetMailbox') }).Count | Should -Be $M
        # ... and measured once per part it receives: one Get-MailboxFolderStatistics (-Archive for the archive) gives the
        # sizes for the space check and the folders an earlier restore may have left; it replaces the target's
        # Get-MailboxStatistics (only the sources are sized with Get-MailboxStatistics).
        $parts = @($rows | ForEach-Object { '{0}|{1}' -f $_.TargetExchangeGuid, $_.IsArchive } | Sort-Object -Unique).Count
        @(Get-Calls Get-MailboxFolderStatistics).Count | Should -Be $parts
        @(Get-Calls Get-MailboxFolderStatistics | Where-Object { $_.Parameters.Archive }).Count | Should -Be ($parts - $M)
        @(Get-Calls Get-MailboxStatistics | Where-Object { -not $_.Parameters.IncludeSoftDeletedRecipients }).Count | Should -Be 0
        @(Get-Calls Get-MailboxStatistics).Count | Should -Be ($N + $A)
        # More than a few sources: one listing of inactive mailboxes, no look-up per source.
        $perIdentity = @(Get-Calls Get-Mailbox | Where-Object { $_.Parameters.InactiveMailboxOnly -and $_.Parameters.ContainsKey('Identity') }).Count
        if ($N -gt 2) {
            $perIdentity | Should -Be 0
            @(Get-Calls Get-Mailbox | Where-Object { $_.Parameters.InactiveMailboxOnly -and $_.Parameters.ResultSize -eq 'Unlimited' }).Count | Should -Be 1
        }
        else { $perIdentity | Should -Be $N }
    }

    It 'adds the X500 addresses of the pairs into one target in ONE Set-Mailbox, before its first New- call' {
        Connect-BulkTenant -Inactive 6 -Active 2
        Clear-ExchangeSimulatorLedger
        $null = Get-BulkPairs 6 2 | Start-InactiveRestore -BatchName Eco -Archive Exclude -WarningAction SilentlyContinue
        $ledger = Get-Calls
        $sets = @($ledger | Where-Object CommandName -eq 'Set-Mailbox')
        $sets.Count | Should -Be 2
        foreach ($set in $sets) {
            @($set.Parameters.EmailAddresses.Add).Count | Should -Be 3
            $target = Get-Mailbox -Identity $set.Parameters.Identity
            $firstNew = [array]::IndexOf($ledger, ($ledger | Where-Object { $_.CommandName -eq 'New-MailboxRestoreRequest' -and $_.Parameters.TargetMailbox -eq $set.Parameters.Identity } | Select-Object -First 1))
            [array]::IndexOf($ledger, $set) | Should -BeLessThan $firstNew
            foreach ($a in $set.Parameters.EmailAddresses.Add) { $target.EmailAddresses | Should -Contain $a }
        }
    }

    It 'refuses only the pair whose X500 address another recipient holds, with exactly one extra Set-Mailbox' {
        Connect-BulkTenant -Inactive 4 -Active 2
        # An earlier restore left inactive.0002's address on active.0002: Exchange refuses it on active.0001.
        $taken = 'X500:' + (Get-Mailbox -InactiveMailboxOnly -Identity inactive.0002).LegacyExchangeDN
        Set-Mailbox -Identity active.0002 -EmailAddresses @{ Add = $taken }
        $holder = (Get-Mailbox active.0002).Name
        $pairs = 1..4 | ForEach-Object { [pscustomobject]@{ SourceMailbox = 'inactive.{0:D4}' -f $_; TargetMailbox = 'active.0001' } }
        Clear-ExchangeSimulatorLedger
        $err = $null
        $rows = @($pairs | Start-InactiveRestore -BatchName Eco -Archive Exclude -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationVariable info)

        $rows.Count | Should -Be 3
        $rows | ForEach-Object { $_.Success | Should -BeTrue }
        $rows.Source | Should -Not -Contain 'inactive.0002'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ProxyAddressInUse,*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        "$($err[0].TargetObject)" | Should -Be 'inactive.0002 -> active.0001'
        $err[0].Exception.Message | Should -BeLike "*$taken*already held by '$holder'*"
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*Complete-InactiveRestore*'
        @($info | Where-Object { 'Summary' -in $_.Tags } | ForEach-Object { "$_" }) | Should -Be @('4 pairs: 3 submitted, 1 refused')

        # The merged call with all four addresses, refused; once more with the other three: one extra call, no read.
        $sets = @(Get-Calls Set-Mailbox)
        $sets.Count | Should -Be 2
        $sets[0].Outcome | Should -Be 'Error'
        @($sets[0].Parameters.EmailAddresses.Add).Count | Should -Be 4
        @($sets[1].Parameters.EmailAddresses.Add).Count | Should -Be 3
        $sets[1].Parameters.EmailAddresses.Add | Should -Not -Contain $taken
        (Get-Calls Get-Recipient).Count | Should -Be 0
        (Get-Calls New-MailboxRestoreRequest).Count | Should -Be 3
        (Get-Mailbox active.0001).EmailAddresses | Should -Not -Contain $taken
    }

    It 'resolves a source the listing does not match with its own look-up, which gives the exact ErrorId' {
        Connect-BulkTenant -Inactive 4 -Active 4
        Clear-ExchangeSimulatorLedger
        $pairs = @(Get-BulkPairs 4 4) + [pscustomobject]@{ SourceMailbox = 'nobody.here'; TargetMailbox = 'active.0001' }
        $err = $null
        $rows = @($pairs | Start-InactiveRestore -BatchName Eco -Archive Exclude -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue)
        $rows.Count | Should -Be 4
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SourceNotFound*'
        @(Get-Calls Get-Mailbox | Where-Object { $_.Parameters.InactiveMailboxOnly -and $_.Parameters.Identity -eq 'nobody.here' }).Count | Should -Be 1
    }

    It 're-runs <N> pairs into <M> targets, every request existing, within m + 3 calls and no change' -TestCases @(
        @{ N = 1; M = 1 }
        @{ N = 2; M = 2 }
        @{ N = 6; M = 6 }
        @{ N = 6; M = 2 }
    ) {
        Connect-BulkTenant -Inactive $N -Active $M
        $first = @(Get-BulkPairs $N $M | Start-InactiveRestore -BatchName Eco -WarningAction SilentlyContinue)
        Clear-ExchangeSimulatorLedger
        $again = @(Get-BulkPairs $N $M | Start-InactiveRestore -BatchName Eco -WarningAction SilentlyContinue -ErrorAction Stop)
        $again.Count | Should -Be $first.Count
        $again | ForEach-Object { $_.AlreadyExisted | Should -BeTrue; $_.Status | Should -Be 'Queued' }
        @($again.RequestId) | Should -Be @($first.RequestId)
        (Get-Calls).Count | Should -BeLessOrEqual ($M + 3)
        @(Get-Calls | Where-Object { $_.CommandName -notlike 'Get-*' }).Count | Should -Be 0
        if ($N -gt 1) { (Get-Calls Get-MailboxRestoreRequestStatistics).Count | Should -Be 0 }
        # Nothing is created, so no target is measured (its requests exist: no earlier restore to look for).
        (Get-Calls Get-MailboxFolderStatistics).Count | Should -Be 0
    }
}

Describe 'Start-InactiveRestore -MaxActive' {
    BeforeAll {
        Connect-BulkTenant -Inactive 5 -Active 5
        $script:pairs = Get-BulkPairs 5 5
        function Get-Unfinished { @(Get-MailboxRestoreRequest -BatchName Wave -ResultSize Unlimited | Where-Object Status -notin 'Completed', 'CompletedWithWarning', 'Failed') }
    }

    It 'submits up to the bound and returns the other pairs as Deferred rows, not errors' {
        Clear-ExchangeSimulatorLedger
        $err = $null
        $rows = @($pairs | Start-InactiveRestore -BatchName Wave -Archive Exclude -MaxActive 2 -WarningAction SilentlyContinue -ErrorVariable err)
        $err | Should -BeNullOrEmpty
        $rows.Count | Should -Be 5
        @($rows | Where-Object Status -eq 'Queued').Count | Should -Be 2
        $deferred = @($rows | Where-Object Status -eq 'Deferred')
        $deferred.Count | Should -Be 3
        $deferred | ForEach-Object {
            $_.Success | Should -BeFalse
            $_.Error | Should -BeNullOrEmpty
            $_.Source | Should -Not -BeNullOrEmpty
            $_.Target | Should -Not -BeNullOrEmpty
            $_.RequestName | Should -BeLike 'IR-inactive.*-Primary'
        }
        (Get-Calls New-MailboxRestoreRequest).Count | Should -Be 2
        (Get-Unfinished).Count | Should -Be 2
    }

    It 'a re-run while the batch is full submits nothing and changes nothing' {
        Clear-ExchangeSimulatorLedger
        $rows = @($pairs | Start-InactiveRestore -BatchName Wave -Archive Exclude -MaxActive 2 -WarningAction SilentlyContinue)
        @($rows | Where-Object AlreadyExisted).Count | Should -Be 2
        @($rows | Where-Object Status -eq 'Deferred').Count | Should -Be 3
        @(Get-Calls | Where-Object { $_.CommandName -notlike 'Get-*' }).Count | Should -Be 0
    }

    It 'converges over later runs, never keeping more than the bound unfinished' {
        foreach ($run in 1..4) {
            Step-ExchangeSimulator -Duration ([timespan]::FromDays(1))
            $null = $pairs | Start-InactiveRestore -BatchName Wave -Archive Exclude -MaxActive 2 -WarningAction SilentlyContinue
            (Get-Unfinished).Count | Should -BeLessOrEqual 2
        }
        @(Get-MailboxRestoreRequest -BatchName Wave -ResultSize Unlimited).Count | Should -Be 5
        $final = @($pairs | Start-InactiveRestore -BatchName Wave -Archive Exclude -MaxActive 2 -WarningAction SilentlyContinue)
        @($final | Where-Object Status -eq 'Deferred').Count | Should -Be 0
    }

    It 'a row without a batch name is an error naming the row; the other rows go on' {
        Connect-BulkTenant -Inactive 2 -Active 2
        $rows = @(
            [pscustomobject]@{ SourceMailbox = 'inactive.0001'; TargetMailbox = 'active.0001'; BatchName = 'Wave' }
            [pscustomobject]@{ SourceMailbox = 'inactive.0002'; TargetMailbox = 'active.0002'; BatchName = '' }
        )
        $err = $null
        $out = @($rows | Start-InactiveRestore -Archive Exclude -MaxActive 5 -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MaxActiveNeedsBatchName*'
        "$($err[0])" | Should -Match 'inactive.0002'
    }

    # QA: the Deferred rows came before the submitted ones; a runbook log is read against the plan line by line.
    It 'writes the rows in the input order of the pairs, a deferred pair where it stands' {
        Connect-BulkTenant -Inactive 3 -Active 3
        $p = @(Get-BulkPairs 3 3)
        $null = $p[0], $p[1] | Start-InactiveRestore -BatchName Order -Archive Exclude -MaxActive 2 -WarningAction SilentlyContinue
        # The batch is full: pair 3 is deferred, pairs 1 and 2 are found again. Input order 1, 3, 2.
        $rows = @($p[0], $p[2], $p[1] | Start-InactiveRestore -BatchName Order -Archive Exclude -MaxActive 2 -WarningAction SilentlyContinue)
        $rows.Source | Should -Be @('inactive.0001', 'inactive.0003', 'inactive.0002')
        $rows.Status | Should -Be @('Queued', 'Deferred', 'Queued')
        $rows[0].AlreadyExisted | Should -BeTrue
        $rows[2].AlreadyExisted | Should -BeTrue
    }
}

Describe 'Suspend-, Resume-, Stop- and Remove-InactiveRestore -BatchName' {
    BeforeAll {
        Connect-BulkTenant -Inactive 3 -Active 3
        $null = Get-BulkPairs 3 3 | Start-InactiveRestore -BatchName Ctl -Archive Exclude -WarningAction SilentlyContinue
    }

    It 'suspends each request of the batch once; a second run leaves them alone on the Verbose stream, without errors' {
        Clear-ExchangeSimulatorLedger
        $out = @(Suspend-InactiveRestore -BatchName Ctl -Confirm:$false -PassThru)
        $out.Count | Should -Be 3
        (Get-Calls Suspend-MailboxRestoreRequest).Count | Should -Be 3
        @(Get-Calls Get-MailboxRestoreRequest | Where-Object { $_.Parameters.BatchName -eq 'Ctl' }).Count | Should -Be 1
        Clear-ExchangeSimulatorLedger
        $err = $null; $w = $null
        $verbose = Suspend-InactiveRestore -BatchName Ctl -Confirm:$false -Verbose -ErrorVariable err -WarningVariable w -WarningAction SilentlyContinue 4>&1
        $err | Should -BeNullOrEmpty
        (Get-Calls Suspend-MailboxRestoreRequest).Count | Should -Be 0
        @($verbose | Where-Object { "$_" -like 'Left alone:*already suspended*' }).Count | Should -Be 3
        $w.Count | Should -Be 1
        "$w" | Should -BeLike "Suspend-InactiveRestore -BatchName 'Ctl': 3 of 3 restore request(s) were left alone (Suspended: 3):*"
    }

    It 'asks per request (-WhatIf changes nothing)' {
        Clear-ExchangeSimulatorLedger
        Resume-InactiveRestore -BatchName Ctl -WhatIf
        @(Get-Calls | Where-Object { $_.CommandName -notlike 'Get-*' }).Count | Should -Be 0
    }

    It 'resumes, refuses to remove unfinished ones quietly, and stops them' {
        Resume-InactiveRestore -BatchName Ctl -Confirm:$false
        Clear-ExchangeSimulatorLedger
        $err = $null; $w = $null
        Remove-InactiveRestore -BatchName Ctl -Confirm:$false -ErrorVariable err -WarningVariable w -WarningAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        (Get-Calls Remove-MailboxRestoreRequest).Count | Should -Be 0
        # Left untouched, but said once, so nobody takes the batch for removed.
        $w.Count | Should -Be 1
        "$w" | Should -Match "^Remove-InactiveRestore -BatchName 'Ctl': 3 of 3 restore request\(s\) were left alone \((Queued|InProgress): 3\): they have not finished, so they were not removed and the batch is not gone; .*Stop-InactiveRestore -BatchName"
        @(Get-MailboxRestoreRequest -BatchName Ctl -ResultSize Unlimited).Count | Should -Be 3
        $stopped = @(Stop-InactiveRestore -BatchName Ctl -Confirm:$false -PassThru)
        $stopped.Count | Should -Be 3
        $stopped | ForEach-Object { $_.Status | Should -Be 'Cancelled' }
        @(Get-MailboxRestoreRequest -BatchName Ctl -ResultSize Unlimited).Count | Should -Be 0
    }

    It 'warns when the batch has no request' {
        $w = $null
        Remove-InactiveRestore -BatchName NoSuchBatch -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -Match 'No restore request'
    }
}

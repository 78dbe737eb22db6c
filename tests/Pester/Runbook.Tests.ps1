# The Azure Automation runbook (examples/AzureAutomation/Restore-InactiveMailboxBatch.ps1) run against the simulator the
# way a schedule runs it: one pass per job, the tenant kept in a state file between passes (as Exchange keeps it), the
# clock stepped between passes (the schedule's interval), transient faults injected, until a pass reports Done.
BeforeAll {
    $script:Root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:Runbook = Join-Path $script:Root 'examples/AzureAutomation/Restore-InactiveMailboxBatch.ps1'
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    $script:Pairs = 24
    $script:Tenant = Join-Path $TestDrive 'tenant.json'
    $script:State = Join-Path $TestDrive 'state.json'
    New-ExchangeSimulatorTenant -Path $script:Tenant -InactiveCount $script:Pairs -ActiveCount $script:Pairs -Seed 5 -MinSize 5MB -MaxSize 60MB -ArchiveRate 0.3 | Out-Null
    # Two requests that will not finish without an administrator: inactive.0004 is AutoSuspended by Exchange half-way,
    # inactive.0007 (made big enough to meet its bad items) fails with FailedBadItemLimit and needs its skipped items approved.
    $script:Suspends = 'inactive.0004'; $script:FailsBadItems = 'inactive.0007'
    $json = foreach ($line in Get-Content $script:Tenant) {
        $behavior = if ($line -match ('"Alias":"{0}"' -f [regex]::Escape($script:Suspends))) { 'AutoSuspend' }
            elseif ($line -match ('"Alias":"{0}"' -f [regex]::Escape($script:FailsBadItems))) { 'BadItems' }
        if (-not $behavior) { $line; continue }
        $line -replace '"RestoreBehavior":"Normal"', ('"RestoreBehavior":"{0}"' -f $behavior) -replace '"PrimarySize":\d+', '"PrimarySize":600000000' -replace '"PrimaryItems":\d+', '"PrimaryItems":4000'
    }
    Set-Content -Path $script:Tenant -Value $json
    $lines = @('SourceMailbox,TargetMailbox,TargetRootFolder')
    foreach ($i in 1..$script:Pairs) {
        $folder = if ($i % 3 -eq 0) { "Restored {0:D4}" -f $i } else { '' }
        $lines += 'inactive.{0:D4},active.{0:D4},{1}' -f $i, $folder
    }
    $script:FixedPlanCsv = $lines -join "`n"
    $lines += 'no.such.mailbox,active.0001,'          # refused every pass (SourceNotFound): named, and the batch is not "done" while it is there
    $script:PlanCsv = $lines -join "`n"

    # The state file is created once with the faults; every pass connects to it (the saved fault rules stay).
    Connect-ExchangeSimulator -TenantPath $script:Tenant -StatePath $script:State -TimeScale 0 -Seed 5
    Set-ExchangeSimulatorFault -TransientErrorRate 0.08
    Disconnect-ExchangeSimulator
    $script:Connect = [scriptblock]::Create("Connect-ExchangeSimulator -StatePath '$($script:State)' -TimeScale 0")

    $global:InactiveRestoreRetryPolicy = @{ MaxAttempts = 2; BaseDelay = '00:00:00.001'; MaxDelay = '00:00:00.005'; TotalBudget = 5 }
    # The watch of a pass: short polls; the pass's deadline ends it (the clock stands still within a pass).
    $PSDefaultParameterValues['Watch-InactiveRestore:PollInterval'] = [TimeSpan]::FromMilliseconds(200)
    $PSDefaultParameterValues['Watch-InactiveRestore:MaxPollInterval'] = [TimeSpan]::FromMilliseconds(200)

    function Invoke-Pass([hashtable] $Extra = @{}) {
        $params = @{
            Organization = 'soak.onmicrosoft.com'; BatchName = 'Leavers'; MaxActive = 8; WatchMinutes = 0.02
            ReportPath = (Join-Path $TestDrive 'report.csv'); ConnectCommand = $script:Connect
        }
        if (-not $Extra.ContainsKey('PlanVariableName') -and -not $Extra.ContainsKey('PlanCsv')) { $params.PlanCsv = $script:PlanCsv }
        foreach ($k in $Extra.Keys) { $params[$k] = $Extra[$k] }
        try { $out = @(& $script:Runbook @params 3>$null 6>$null) }
        finally {
            # Between jobs: the schedule's interval passes in Exchange (20 minutes), then the job's process ends.
            if (Get-Command Step-ExchangeSimulator -ErrorAction SilentlyContinue) {
                try { Step-ExchangeSimulator -Minutes 20 } catch { }
            }
            Disconnect-ExchangeSimulator -ErrorAction SilentlyContinue
        }
        [pscustomobject]@{
            Lines   = @($out | Where-Object { $_ -is [string] })
            Summary = @($out | Where-Object { $_.PSObject.TypeNames -contains 'InactiveRestore.RunbookPass' }) | Select-Object -Last 1
            Count   = $out.Count
        }
    }

    # The passes, as the schedule runs them (the first one reads the plan from an Automation variable).
    $global:RunbookTestPlan = $script:PlanCsv
    function global:Get-AutomationVariable([Parameter(Mandatory)] [string] $Name) {
        if ($Name -ne 'LeaversPlan') { throw "Automation variable '$Name' not found." }
        $global:RunbookTestPlan
    }
    # Phase 1: passes until nothing moves by itself any more (the refused row, the suspended and the failed request wait
    # for an administrator).
    $script:Passes = [Collections.Generic.List[object]]::new()
    $script:Passes.Add((Invoke-Pass @{ PlanVariableName = 'LeaversPlan' }))
    while ($script:Passes[-1].Summary.State -eq 'Running' -and $script:Passes.Count -lt 25) { $script:Passes.Add((Invoke-Pass)) }
    $script:Waiting = $script:Passes[-1]
    $script:WaitingReport = @(Import-Csv (Join-Path $TestDrive 'report.csv'))
    # A second pass in that state says the same: nothing fixes itself. From here on no faults: a transient fault that
    # outlasts the 2-attempt policy would rightly make a pass "not done yet", and whether one is drawn depends on how many
    # calls the earlier passes made, not on what this checks.
    Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0
    Set-ExchangeSimulatorFault -Clear
    Disconnect-ExchangeSimulator
    $script:StillWaiting = Invoke-Pass

    # Phase 2: the administrator runs the commands the job output gave, and removes the typo from the plan.
    $script:AdminCommands = @($script:StillWaiting.Lines | ForEach-Object { [regex]::Matches($_, "Resume-InactiveRestore -Identity '([0-9a-f-]{36})'( -ApproveSkippedItems)?") } |
        ForEach-Object { [pscustomobject]@{ Identity = $_.Groups[1].Value; Approve = $_.Groups[2].Success } } | Sort-Object Identity -Unique)
    Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0
    foreach ($c in $script:AdminCommands) {
        Resume-InactiveRestore -Identity $c.Identity -ApproveSkippedItems:$c.Approve -Confirm:$false -WarningAction SilentlyContinue -InformationAction Ignore
    }
    Disconnect-ExchangeSimulator
    $script:Fixed = [Collections.Generic.List[object]]::new()
    do { $script:Fixed.Add((Invoke-Pass @{ PlanCsv = $script:FixedPlanCsv })) } while (-not $script:Fixed[-1].Summary.Done -and $script:Fixed.Count -lt 10)
    # A pass after the end: costs little, stays done.
    $script:After = Invoke-Pass @{ PlanCsv = $script:FixedPlanCsv }

    # The truth, read with the faults off.
    Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0
    Set-ExchangeSimulatorFault -Clear
    $script:SimState = Get-ExchangeSimulatorState
    $script:Ledger = @(Get-ExchangeSimulatorLedger)
    # Later the batch's requests are removed while the schedule is still linked: the next pass must not restore again.
    Remove-InactiveRestore -BatchName Leavers -Confirm:$false
    Clear-ExchangeSimulatorLedger
    Disconnect-ExchangeSimulator
    $script:AfterRemoval = Invoke-Pass @{ PlanCsv = $script:FixedPlanCsv }
    Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0
    $script:RemovalLedger = @(Get-ExchangeSimulatorLedger)
    $script:RemovalState = Get-ExchangeSimulatorState
    Disconnect-ExchangeSimulator
}

AfterAll {
    Remove-Variable InactiveRestoreRetryPolicy, RunbookTestPlan -Scope Global -ErrorAction SilentlyContinue
    Remove-Item function:global:Get-AutomationVariable -ErrorAction SilentlyContinue
    $PSDefaultParameterValues.Remove('Watch-InactiveRestore:PollInterval')
    $PSDefaultParameterValues.Remove('Watch-InactiveRestore:MaxPollInterval')
    Disconnect-ExchangeSimulator -ErrorAction SilentlyContinue
}

Describe 'Restore-InactiveMailboxBatch.ps1 (Azure Automation runbook)' {
    It 'runs pass after pass until nothing moves by itself, and never says "done" while a row is refused or a request waits for an admin' {
        $script:Passes.Count | Should -BeGreaterThan 1 -Because 'the first pass cannot watch the batch to the end'
        $script:Waiting.Summary.State | Should -Be 'NeedsAdmin' -Because (($script:Passes | ForEach-Object { $_.Lines[-1] }) -join ' | ')
        foreach ($p in @($script:Passes) + $script:StillWaiting) {
            $p.Summary.Done | Should -BeFalse
            ($p.Lines -join "`n") | Should -Not -Match "is done:"
            ($p.Lines -join "`n") | Should -Not -MatchExactly "Unlink the schedule\."     # the Done line's words
        }
        $script:Waiting.Summary.Deferred | Should -Be 0
        $script:Waiting.Summary.Refused | Should -Be 1
        $script:Waiting.Summary.NeedsAdmin | Should -Be 2
        $script:StillWaiting.Summary.State | Should -Be 'NeedsAdmin'
    }

    It 'names the refused row, with its ErrorId, on every pass, and says it will not fix itself' {
        foreach ($p in @($script:Passes) + $script:StillWaiting) {
            # An injected fault may hit the row's look-up: then it is a row to retry in that pass, not (yet) a refusal.
            ($p.Summary.Refused + $p.Summary.ToRetry) | Should -BeGreaterOrEqual 1
            if ($p.Summary.Refused) { ($p.Lines -join "`n") | Should -Match 'refused row no\.such\.mailbox -> active\.0001 \(SourceNotFound\).*will not fix itself' }
        }
        @(@($script:Passes) | Where-Object { $_.Summary.Refused -eq 1 }).Count | Should -BeGreaterThan ($script:Passes.Count / 2)
        $script:StillWaiting.Summary.Refused | Should -Be 1
        $script:Waiting.Lines[-1] | Should -Match "done except: 1 row\(s\) refused \(no\.such\.mailbox -> active\.0001: SourceNotFound\)"
        $script:Waiting.Lines[-1] | Should -Match 'Nothing more happens by itself'
    }

    It 'names every request that needs an admin, with Exchange''s reason and the module command, on every pass until it is acted on' {
        $text = $script:StillWaiting.Lines -join "`n"
        $text | Should -Match "needs an admin: IR-$([regex]::Escape($script:Suspends))-\w+-Primary .*AutoSuspended.*database is being rebalanced.*Do: Resume-InactiveRestore -Identity '[0-9a-f-]{36}'\. The batch cannot finish until then"
        $text | Should -Match "needs an admin: IR-$([regex]::Escape($script:FailsBadItems))-\w+-Primary .*Failed, FailedBadItemLimit.*TooManyBadItems.*Resume-InactiveRestore -Identity '[0-9a-f-]{36}' -ApproveSkippedItems"
        # From the pass where Exchange suspended it on, every pass names it (the runbook silences warnings: this is the only voice).
        $suspendedPasses = @(@($script:Passes) + $script:StillWaiting | Where-Object { $_.Summary.Status -match 'Suspended' })
        $suspendedPasses.Count | Should -BeGreaterThan 0
        foreach ($p in $suspendedPasses) { ($p.Lines -join "`n") | Should -Match "needs an admin: IR-$([regex]::Escape($script:Suspends))-.*Resume-InactiveRestore -Identity" }
        $script:AdminCommands.Count | Should -Be 2
        @($script:AdminCommands | Where-Object Approve).Count | Should -Be 1
    }

    It 'counts pairs, not requests, on its Start line (deferred pairs are not requests)' {
        $first = $script:Passes[0]
        $startLine = @($first.Lines | Where-Object { $_ -match '\] Start: ' })[0]
        $startLine | Should -Match "Start: 25 plan row\(s\); pairs: \d+ with requests \(0 from earlier passes\), $($first.Summary.Deferred) deferred \(not submitted yet\), 1 refused"
        $startLine | Should -Not -Match 'Deferred \d'
        $first.Summary.Deferred | Should -BeGreaterThan 0
        $first.Summary.Deferred | Should -BeLessThan 25
    }

    It 'writes a report naming the refused pair and the requests that need an admin once nothing moves by itself' {
        $script:Waiting.Summary.Report | Should -Be (Join-Path $TestDrive 'report.csv')
        $refused = @($script:WaitingReport | Where-Object Record -eq 'RefusedPair')
        $refused.Count | Should -Be 1
        $refused[0].Source | Should -Be 'no.such.mailbox'
        $refused[0].Target | Should -Be 'active.0001'
        $refused[0].Errors | Should -Match '^SourceNotFound: '
        @($script:WaitingReport | Where-Object Record -eq 'DeferredPair') | Should -BeNullOrEmpty
        $requests = @($script:WaitingReport | Where-Object Record -eq 'Request')
        $requests.Count | Should -BeGreaterOrEqual $script:Pairs
        @($requests | Where-Object ActionNeeded).Count | Should -Be 2
        ($requests | Where-Object { $_.Source -eq $script:FailsBadItems -and $_.Kind -eq 'Primary' }).ActionNeeded | Should -Match '-ApproveSkippedItems'
    }

    It 'is done once the admin has acted as told and the plan row is fixed; the report then holds every request' {
        $script:Fixed[-1].Summary.Done | Should -BeTrue -Because (($script:Fixed | ForEach-Object { $_.Lines[-1] }) -join ' | ')
        $script:Fixed[-1].Summary.State | Should -Be 'Done'
        $script:Fixed[-1].Lines[-1] | Should -Match "The batch 'Leavers' is done: every plan row has a finished request .*Unlink the schedule\."
        $script:Fixed[-1].Summary.Refused | Should -Be 0
        $script:Fixed[-1].Summary.NeedsAdmin | Should -Be 0
        $script:After.Summary.Done | Should -BeTrue
        $report = @(Import-Csv (Join-Path $TestDrive 'report.csv'))
        @($report | Where-Object Record -ne 'Request') | Should -BeNullOrEmpty
        @($report | Where-Object ActionNeeded) | Should -BeNullOrEmpty
    }

    It 'injected faults happened and were absorbed' {
        @($script:Ledger | Where-Object Outcome -eq 'Fault').Count | Should -BeGreaterThan 0
    }

    It 'restores every pair once: one request per pair and part, each completed, no duplicate New- in the ledger' {
        $byDn = @{}; $byIdentity = @{}
        foreach ($m in $script:SimState.Mailboxes) { $byDn[$m.DistinguishedName] = $m; $byIdentity[$m.Identity] = $m }
        $requests = @($script:SimState.Requests | Where-Object { $_.BatchName -eq 'Leavers' })
        @($requests | Where-Object IsRemoved) | Should -BeNullOrEmpty
        $keys = @($requests | ForEach-Object { '{0}|{1}|{2}' -f $byDn[$_.SourceMailbox].Alias, $byIdentity[$_.TargetMailbox].Alias, [bool]$_.TargetIsArchive })
        @($keys | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty
        foreach ($i in 1..$script:Pairs) {
            $keys | Should -Contain ('inactive.{0:D4}|active.{0:D4}|False' -f $i)
        }
        $archives = @($script:SimState.Mailboxes | Where-Object { $_.Alias -like 'inactive.*' -and $_.ArchiveStatus -eq 'Active' }).Count
        $requests.Count | Should -Be ($script:Pairs + $archives)
        @($requests | Where-Object { $_.Status -notin 'Completed', 'CompletedWithWarning' }) | Should -BeNullOrEmpty
        $applied = @($script:Ledger | Where-Object { $_.CommandName -eq 'New-MailboxRestoreRequest' -and $_.ChangeApplied })
        $applied.Count | Should -Be $requests.Count
    }

    It 'a pass after the batch''s requests were removed finds the restored folders, restores nothing again and is done' {
        @($script:RemovalLedger | Where-Object { $_.CommandName -notlike 'Get-*' }) | Should -BeNullOrEmpty
        @($script:RemovalState.Requests | Where-Object { $_.BatchName -eq 'Leavers' -and -not $_.IsRemoved }) | Should -BeNullOrEmpty
        $script:AfterRemoval.Summary.AlreadyRestored | Should -Be $script:Pairs
        $script:AfterRemoval.Summary.Done | Should -BeTrue -Because ($script:AfterRemoval.Lines -join ' | ')
        ($script:AfterRemoval.Lines -join "`n") | Should -Match "$($script:Pairs) pair\(s\) already restored"
        $script:AfterRemoval.Summary.Report | Should -BeNullOrEmpty -Because 'the report of the earlier pass stands'
        ($script:AfterRemoval.Lines -join "`n") | Should -Match 'report of an earlier pass stands'
    }

    It 'keeps its output small: a few lines and one summary object per pass, whatever the batch size' {
        foreach ($p in @($script:Passes) + $script:StillWaiting + @($script:Fixed)) {
            $p.Summary | Should -Not -BeNullOrEmpty
            $p.Count | Should -BeLessOrEqual 20
        }
    }

    It 'defers pairs beyond -MaxActive' {
        $script:Passes[0].Summary.Deferred | Should -BeGreaterThan 0
    }

    It 'connects with the managed identity by default and documents scheduling, permissions and the states of a pass' {
        $ast = [Management.Automation.Language.Parser]::ParseFile($script:Runbook, [ref] $null, [ref] $null)
        $connect = $ast.ParamBlock.Parameters | Where-Object { $_.Name.VariablePath.UserPath -eq 'ConnectCommand' }
        "$($connect.DefaultValue)" | Should -Match 'Connect-ExchangeOnline -ManagedIdentity -Organization \$Organization'
        $names = @($ast.ParamBlock.Parameters.Name.VariablePath.UserPath)
        foreach ($p in 'Organization', 'PlanCsv', 'PlanVariableName', 'BatchName', 'MaxActive', 'WatchMinutes', 'ReportPath', 'ConnectCommand') { $names | Should -Contain $p }
        $help = Get-Help $script:Runbook -Full | Out-String
        $help | Should -Match 'Exchange\.ManageAsApp'
        $help | Should -Match 'Mailbox Import Export'
        $help | Should -Match 'Mail Recipients'
        $help | Should -Match 'schedule'
        $help | Should -Match 'NeedsAdmin'
        $help | Should -Match 'ActionNeeded'
        (Get-Help $script:Runbook).Synopsis | Should -Match 'Azure Automation'
    }

    It 'refuses a plan without the required columns before any change' {
        { & $script:Runbook -Organization x -PlanCsv "Source,Target`na,b" -BatchName B -ConnectCommand { } -WatchMinutes 0 } |
            Should -Throw '*SourceMailbox*'
    }
}

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
    $lines = @('SourceMailbox,TargetMailbox,TargetRootFolder')
    foreach ($i in 1..$script:Pairs) {
        $folder = if ($i % 3 -eq 0) { "Restored {0:D4}" -f $i } else { '' }
        $lines += 'inactive.{0:D4},active.{0:D4},{1}' -f $i, $folder
    }
    $lines += 'no.such.mailbox,active.0001,'          # refused every pass (SourceNotFound): must not keep the batch open
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
        if (-not $Extra.ContainsKey('PlanVariableName')) { $params.PlanCsv = $script:PlanCsv }
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
    $script:Passes = [Collections.Generic.List[object]]::new()
    $script:Passes.Add((Invoke-Pass @{ PlanVariableName = 'LeaversPlan' }))
    while (-not $script:Passes[-1].Summary.Done -and $script:Passes.Count -lt 25) { $script:Passes.Add((Invoke-Pass)) }
    # A pass after the end: costs little, stays done. Its faults are cleared first: a transient fault that outlasts the
    # 2-attempt policy would rightly make it "not done yet" (a later pass retries), and whether one is drawn depends on how
    # many calls the earlier passes made, not on what this checks.
    Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0
    Set-ExchangeSimulatorFault -Clear
    Disconnect-ExchangeSimulator
    $script:After = Invoke-Pass

    # The truth, read with the faults off.
    Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0
    Set-ExchangeSimulatorFault -Clear
    $script:SimState = Get-ExchangeSimulatorState
    $script:Ledger = @(Get-ExchangeSimulatorLedger)
    # Later the batch's requests are removed while the schedule is still linked: the next pass must not restore again.
    Remove-InactiveRestore -BatchName Leavers -Confirm:$false
    Clear-ExchangeSimulatorLedger
    Disconnect-ExchangeSimulator
    $script:AfterRemoval = Invoke-Pass
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
    It 'converges over several passes and the last pass reports done' {
        $script:Passes.Count | Should -BeGreaterThan 1 -Because 'the first pass cannot watch the batch to the end'
        $script:Passes[-1].Summary.Done | Should -BeTrue -Because (($script:Passes | ForEach-Object { $_.Lines[-1] }) -join ' | ')
        @($script:Passes | Select-Object -SkipLast 1 | Where-Object { $_.Summary.Done }) | Should -BeNullOrEmpty
        $script:Passes[-1].Summary.Unsettled | Should -Be 0
        $script:Passes[-1].Summary.Deferred | Should -Be 0
        $script:After.Summary.Done | Should -BeTrue
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

    It 'reports the refused row every pass without keeping the batch open' {
        foreach ($p in $script:Passes) { $p.Summary.StartErrors | Should -BeGreaterOrEqual 1 }
        ($script:Passes[-1].Lines -join "`n") | Should -Match 'SourceNotFound'
    }

    It 'writes the report once the batch is done' {
        $script:Passes[-1].Summary.Report | Should -Be (Join-Path $TestDrive 'report.csv')
        $report = @(Import-Csv (Join-Path $TestDrive 'report.csv'))
        $report.Count | Should -BeGreaterOrEqual $script:Pairs
    }

    It 'keeps its output small: a few lines and one summary object per pass, whatever the batch size' {
        foreach ($p in $script:Passes) {
            $p.Summary | Should -Not -BeNullOrEmpty
            $p.Count | Should -BeLessOrEqual 20
        }
    }

    It 'defers pairs beyond -MaxActive' {
        $script:Passes[0].Summary.Deferred | Should -BeGreaterThan 0
    }

    It 'connects with the managed identity by default and documents scheduling and permissions' {
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
        (Get-Help $script:Runbook).Synopsis | Should -Match 'Azure Automation'
    }

    It 'refuses a plan without the required columns before any change' {
        { & $script:Runbook -Organization x -PlanCsv "Source,Target`na,b" -BatchName B -ConnectCommand { } -WatchMinutes 0 } |
            Should -Throw '*SourceMailbox*'
    }
}

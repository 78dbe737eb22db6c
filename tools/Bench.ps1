# Benchmark: Exchange-call economy and module overhead on a generated simulated tenant. Prints figures; asserts nothing.
# Run it with: dotnet pwsh ./build.ps1 -Task Bench   (or directly: -Pairs 100)
param(
    [Parameter(Mandatory)] [string] $ModuleRoot,
    [int] $Pairs = 100,
    [int] $Seed = 11
)
$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
$PSStyle.OutputRendering = 'PlainText'
$ProgressPreference = 'SilentlyContinue'

Import-Module (Join-Path $ModuleRoot 'ExchangeSimulator/ExchangeSimulator.psd1')
Import-Module (Join-Path $ModuleRoot 'InactiveRestore/InactiveRestore.psd1')

$dir = Join-Path ([IO.Path]::GetTempPath()) "ir-bench-$PID"
New-Item -ItemType Directory -Path $dir -Force | Out-Null
$tenant = Join-Path $dir 'tenant.json'
New-ExchangeSimulatorTenant -Path $tenant -InactiveCount $Pairs -ActiveCount $Pairs -Seed $Seed | Out-Null
Connect-ExchangeSimulator -TenantPath $tenant -TimeScale 0 -Seed $Seed

$rows = [System.Collections.Generic.List[object]]::new()
function Measure-Step([string] $Step, [scriptblock] $Body) {
    Clear-ExchangeSimulatorLedger
    [GC]::Collect()
    $allocated = [GC]::GetAllocatedBytesForCurrentThread()
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = & $Body
    $sw.Stop()
    $allocated = [GC]::GetAllocatedBytesForCurrentThread() - $allocated
    $calls = @(Get-ExchangeSimulatorLedger)
    $byCmd = ($calls | Group-Object CommandName | Sort-Object Count -Descending | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ', '
    $rows.Add([pscustomobject]@{
        Step = $Step; 'Wall (ms)' = [int] $sw.Elapsed.TotalMilliseconds; 'Alloc (MB)' = [math]::Round($allocated / 1MB, 1)
        'Exchange calls' = $calls.Count; 'By cmdlet' = $byCmd })
    $out
}

$null = Measure-Step "Get-InactiveMailbox ($Pairs mailboxes)" { Get-InactiveMailbox -ResultSize Unlimited }
$null = Measure-Step "Get-InactiveMailbox -IncludeStatistics ($Pairs)" { Get-InactiveMailbox -ResultSize Unlimited -IncludeStatistics }
$csv = 1..$Pairs | ForEach-Object { [pscustomobject]@{ SourceMailbox = 'inactive.{0:D4}' -f $_; TargetMailbox = 'active.{0:D4}' -f $_ } }
$null = Measure-Step "Test-InactiveRestore ($Pairs pairs)" { $csv | Test-InactiveRestore -WarningAction SilentlyContinue }
$created = Measure-Step "Start-InactiveRestore ($Pairs pairs)" { $csv | Start-InactiveRestore -BatchName Bench -WarningAction SilentlyContinue -ErrorAction SilentlyContinue }
$null = Measure-Step "Start-InactiveRestore re-run ($Pairs pairs, all exist)" { $csv | Start-InactiveRestore -BatchName Bench -WarningAction SilentlyContinue -ErrorAction SilentlyContinue }
$requests = @($created).Count

# Watching: ONE Watch-InactiveRestore over the batch, as an admin or a runbook runs it. The tenant is saved to a state
# file and reconnected with a running clock (20 simulated minutes per real second); polls every 0.25 s at most.
$state = Join-Path $dir 'state.json'
Disconnect-ExchangeSimulator
Connect-ExchangeSimulator -TenantPath $tenant -StatePath $state -TimeScale 0 -Seed $Seed
$created = @($csv | Start-InactiveRestore -BatchName Bench -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
Disconnect-ExchangeSimulator
Connect-ExchangeSimulator -StatePath $state -TimeScale 1200
Clear-ExchangeSimulatorLedger
$sw = [Diagnostics.Stopwatch]::StartNew()
$final = @(Watch-InactiveRestore -BatchName Bench -PollInterval 00:00:00.25 -MaxPollInterval 00:00:00.25 -Timeout 00:05:00 -WarningAction SilentlyContinue 3>$null)
$sw.Stop()
$watchCalls = @(Get-ExchangeSimulatorLedger)
$listings = @($watchCalls | Where-Object CommandName -eq 'Get-MailboxRestoreRequest').Count
$stats = @($watchCalls | Where-Object CommandName -eq 'Get-MailboxRestoreRequestStatistics').Count
$cycles = $listings
$naive = $cycles * $requests
$rows.Add([pscustomobject]@{ Step = "Watch-InactiveRestore: $requests requests to the end, $cycles polls"; 'Wall (ms)' = [int] $sw.Elapsed.TotalMilliseconds; 'Alloc (MB)' = $null
    'Exchange calls' = $watchCalls.Count; 'By cmdlet' = "Get-MailboxRestoreRequest=$listings, Get-MailboxRestoreRequestStatistics=$stats" })

Write-Host "InactiveRestore benchmark: $Pairs pairs on a generated tenant, simulator without added latency (the Watch row runs the simulated clock and includes the simulator saving its state file after every call)."
$rows | Format-Table -AutoSize -Wrap | Out-String -Width 220 | Write-Host
Write-Host ("Calls per pair: Test {0:N1}, Start {1:N1}, re-run {2:N1}." -f ($rows[2].'Exchange calls' / $Pairs), ($rows[3].'Exchange calls' / $Pairs), ($rows[4].'Exchange calls' / $Pairs))
Write-Host ("Watch economy: {0} settled of {1}; {2} listing + {3} statistics calls over {4} polls; a script that reads every request's statistics at each poll makes {5} ({6:P0} fewer calls here)." -f `
    @($final | Where-Object { $_.Status -in 'Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled' }).Count, $requests, $listings, $stats, $cycles, $naive, $(if ($naive) { 1 - (($stats + $listings) / $naive) } else { 0 }))
Write-Host ("Module overhead per Exchange call (Start): {0:N2} ms." -f ($rows[3].'Wall (ms)' / [math]::Max(1, $rows[3].'Exchange calls')))
Disconnect-ExchangeSimulator
Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue

# The InactiveRestore demo: the whole lifecycle on the simulator's built-in demo tenant (contoso.onmicrosoft.com).
# Run it with: dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
param([Parameter(Mandatory)] [string] $ModuleRoot)

$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
$PSStyle.OutputRendering = 'PlainText'
$ProgressPreference = 'SilentlyContinue'   # bars are shown by a real console; the demo prints narration instead
$started = [Diagnostics.Stopwatch]::StartNew()

# Redirected output is 80 columns wide by default: render tables at a console's width instead.
function Show-Table { param([Parameter(ValueFromPipeline)] $InputObject) end { $input | Format-Table | Out-String -Width 150 | Write-Host } }

function Show-Step([string] $Title) {
    Write-Host ''
    Write-Host "=== $Title" -ForegroundColor Cyan
}

Import-Module (Join-Path $ModuleRoot 'ExchangeSimulator/ExchangeSimulator.psd1')
Import-Module (Join-Path $ModuleRoot 'InactiveRestore/InactiveRestore.psd1')

Show-Step 'Connect to the simulated tenant (one simulated hour passes every real second)'
Connect-ExchangeSimulator -TimeScale 3600 -Seed 7
Get-ConnectionInformation | Format-List Organization, UserPrincipalName, ModuleName, TokenStatus | Out-Host

Show-Step '1. Discovery: the inactive mailboxes, their holds and sizes'
$inactive = @(Get-InactiveMailbox -IncludeStatistics)
$inactive | Show-Table
Write-Host ("{0} inactive mailboxes, {1:N1} GB in all" -f $inactive.Count, (($inactive | Measure-Object PrimarySize -Sum).Sum / 1GB))

Write-Host ''
Write-Host ("Demo finished in {0:N1} s; {1} Exchange calls." -f $started.Elapsed.TotalSeconds, @(Get-ExchangeSimulatorLedger).Count)

# The InactiveRestore demo: the whole lifecycle on the simulator's built-in demo tenant (contoso.onmicrosoft.com).
# Run it with: dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
param([Parameter(Mandatory)] [string] $ModuleRoot)

$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
$PSStyle.OutputRendering = 'PlainText'
$started = [Diagnostics.Stopwatch]::StartNew()

# Redirected output is 80 columns wide by default: render tables at a console's width instead.
function Show-Table { param([Parameter(ValueFromPipeline)] $InputObject, [object[]] $Property) end {
    $(if ($Property) { $input | Format-Table -Property $Property -AutoSize } else { $input | Format-Table }) | Out-String -Width 160 | Write-Host } }
function Show-Step([string] $Title) { Write-Host ''; Write-Host "=== $Title" }
function Get-CallCount { @(Get-ExchangeSimulatorLedger).Count }

Import-Module (Join-Path $ModuleRoot 'ExchangeSimulator/ExchangeSimulator.psd1')
Import-Module (Join-Path $ModuleRoot 'InactiveRestore/InactiveRestore.psd1')

Show-Step 'Connect to the simulated tenant (one simulated hour passes every real second)'
Connect-ExchangeSimulator -TimeScale 3600 -Seed 7
Get-ConnectionInformation | Format-List Organization, UserPrincipalName, ModuleName, TokenStatus | Out-String | Write-Host

Show-Step '1. Discovery: the inactive mailboxes, their holds and sizes'
$inactive = @(Get-InactiveMailbox -IncludeStatistics)
$inactive | Show-Table
Write-Host ("{0} inactive mailboxes, {1:N1} GB of primary mailbox content; {2} Exchange calls." -f `
    $inactive.Count, (($inactive | Measure-Object PrimarySize -Sum).Sum / 1GB), (Get-CallCount))

Show-Step '2. Validation: pairs that must not be restored, and why'
$refused = @(
    @{ SourceMailbox = 'diego.siciliani'; TargetMailbox = 'gerhart.moller' }   # auto-expanding archive
    @{ SourceMailbox = 'patti.fernandez'; TargetMailbox = 'raul.razo' }        # target nearly at quota
    @{ SourceMailbox = 'lee.gu';          TargetMailbox = 'megan.bowen' }      # target is itself inactive
    @{ SourceMailbox = 'no.such.person';  TargetMailbox = 'adele.vance' }      # no such inactive mailbox
)
foreach ($pair in $refused) {
    $v = Test-InactiveRestore @pair
    foreach ($issue in $v.Errors) {
        Write-Host ("  {0,-16} -> {1,-15} {2,-20} {3}" -f $pair.SourceMailbox, $pair.TargetMailbox, $issue.Code, $issue.Message)
    }
}
Write-Host ''
Write-Host 'A good pair, with its warnings and the plan (debra.berger has a retention policy and no retention hold):'
Test-InactiveRestore -SourceMailbox johanna.lorenz -TargetMailbox debra.berger | Format-List | Out-String -Width 160 | Write-Host

Show-Step '3. What-if: the exact Exchange commands a restore runs (nothing is changed)'
Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -BatchName Demo -EnableRetentionHold -WhatIf

Show-Step '4. Start: primary and archive requests for seven pairs, as from a CSV'
$pairs = @(
    [pscustomobject]@{ SourceMailbox = 'megan.bowen';    TargetMailbox = 'adele.vance' }
    [pscustomobject]@{ SourceMailbox = 'lee.gu';         TargetMailbox = 'allan.deyoung' }
    [pscustomobject]@{ SourceMailbox = 'irvin.sayers';   TargetMailbox = 'cameron.white' }
    [pscustomobject]@{ SourceMailbox = 'nestor.wilke';   TargetMailbox = 'emily.braun' }
    [pscustomobject]@{ SourceMailbox = 'johanna.lorenz'; TargetMailbox = 'debra.berger' }    # ends CompletedWithWarning
    [pscustomobject]@{ SourceMailbox = 'pradeep.gupta';  TargetMailbox = 'bianca.pisani' }   # Failed/FailedOther, all copied
    [pscustomobject]@{ SourceMailbox = 'alex.wilber';    TargetMailbox = 'tamara.ahmed' }    # stalls: throttled by the service
)
$before = Get-CallCount
$results = @($pairs | Start-InactiveRestore -BatchName Demo -EnableRetentionHold -InformationAction Continue -WarningAction SilentlyContinue)
$results | Show-Table -Property RequestName, Target, IsArchive, Status, TargetRootFolder
Write-Host ("{0} requests for {1} pairs in {2} Exchange calls." -f $results.Count, $pairs.Count, ((Get-CallCount) - $before))

Show-Step '5. Re-run the same command (a runbook restarted): nothing is created twice'
$before = Get-CallCount
$again = @($pairs | Start-InactiveRestore -BatchName Demo -EnableRetentionHold -WarningAction SilentlyContinue)
$news = @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest | Where-Object Sequence -gt 0).Count
Write-Host ("{0} requests picked up, {1} New-MailboxRestoreRequest calls in all so far (one per request), {2} Exchange calls for the re-run." -f `
    $again.Count, $news, ((Get-CallCount) - $before))

Show-Step '6. Watch to the end (progress bars in a console; narration on the Information stream for runbooks)'
$before = Get-CallCount
$final = @(Watch-InactiveRestore -BatchName Demo -PollInterval 00:00:00.25 -MaxPollInterval 00:00:01 -Timeout 00:00:40 -InformationAction Continue)
Write-Host ''
$final | Show-Table
Write-Host ("Watching took {0} Exchange calls." -f ((Get-CallCount) - $before))

Show-Step '7. Final state of the batch'
Get-InactiveRestore -BatchName Demo | Show-Table

Show-Step '8. The report of the batch, for legal and HR (with the pairs refused in step 2)'
$reportPath = Join-Path $ModuleRoot 'InactiveRestore-Demo-report.html'
$checks = foreach ($pair in $refused) { Test-InactiveRestore @pair -WarningAction SilentlyContinue }
$report = $checks | Export-InactiveRestoreReport -BatchName Demo -Path $reportPath -Force -PassThru
Write-Host "Report: $($report.FullName)"

Show-Step '9. A hybrid (directory-synced) target: Exchange Online cannot add the X500 address, so validation says how'
$hybrid = Test-InactiveRestore -SourceMailbox isaiah.langer -TargetMailbox hybrid.target
foreach ($issue in $hybrid.Errors) { Write-Host ("  {0}: {1}`n    {2}" -f $issue.Code, $issue.Message, $issue.Remedy) }
$dn = (Get-Mailbox -InactiveMailboxOnly -Identity isaiah.langer).LegacyExchangeDN
Write-Host '  The admin adds the address on-premises; the simulator plays that and the directory sync (30 simulated minutes):'
Add-ExchangeSimulatorOnPremisesAddress -Identity hybrid.target -Address "X500:$dn" -SyncDelay 00:30:00
Start-Sleep -Seconds 1
$synced = @(Start-InactiveRestore -SourceMailbox isaiah.langer -TargetMailbox hybrid.target -Archive Exclude -BatchName Hybrid -Wait -WarningAction SilentlyContinue)
$synced | Show-Table -Property RequestName, Target, Status
$hybridGuid = "$((Get-Mailbox hybrid.target).ExchangeGuid)"
$hybridSets = @(Get-ExchangeSimulatorLedger -CommandName Set-Mailbox | Where-Object { "$($_.Parameters['Identity'])" -eq $hybridGuid })
Write-Host ("  Set-Mailbox calls for hybrid.target: {0} (the address came by directory sync)." -f $hybridSets.Count)

Show-Step '10. Complete-InactiveRestore: remove the X500 addresses, the retention holds and the requests of finished restores'
$rows = @(Complete-InactiveRestore -BatchName Demo -DisableRetentionHold -RemoveRequests -Confirm:$false -ErrorVariable notDone -ErrorAction SilentlyContinue)
$rows | Show-Table -Property Target, Source, Status, AddressRemoved, RetentionHoldDisabled, RequestsRemoved
foreach ($e in $notDone) { Write-Host ("  {0}: {1}" -f $e.FullyQualifiedErrorId.Split(',')[0], $e.Exception.Message) }
Write-Host '  The hybrid target: nothing changes in Exchange Online, the warning gives the on-premises line:'
$hybridRows = @(Complete-InactiveRestore -BatchName Hybrid -Confirm:$false -WarningVariable onPrem -WarningAction SilentlyContinue)
foreach ($w in $onPrem) { Write-Host "  WARNING: $w" }
$hybridRows | Show-Table -Property Target, Source, Status, AddressRemoved
$changesBefore = @(Get-ExchangeSimulatorLedger | Where-Object CommandName -NotLike 'Get-*').Count
$null = Complete-InactiveRestore -BatchName Demo -DisableRetentionHold -RemoveRequests -Confirm:$false -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
$changes = @(Get-ExchangeSimulatorLedger | Where-Object CommandName -NotLike 'Get-*').Count - $changesBefore
$left = @(Get-InactiveRestore -BatchName Demo)
Write-Host ("  A second run made {0} change(s): nothing is left to do for the {1} finished restores; {2} request(s) of the unfinished one stay in the batch." -f $changes, $rows.Count, $left.Count)

Show-Step 'Exchange calls made by the whole demo'
Get-ExchangeSimulatorLedger | Group-Object CommandName | Sort-Object Count -Descending |
    Show-Table -Property @{ n = 'Exchange cmdlet'; e = 'Name' }, Count

Write-Host ("Demo finished in {0:N1} s." -f $started.Elapsed.TotalSeconds)

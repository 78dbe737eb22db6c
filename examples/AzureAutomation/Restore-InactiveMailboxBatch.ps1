<#
.SYNOPSIS
    Azure Automation runbook: one re-entrant pass of a bulk restore of inactive mailboxes with InactiveRestore.

.DESCRIPTION
    Each job runs one pass over the plan (a CSV with the columns SourceMailbox, TargetMailbox and optionally
    TargetRootFolder):

      1. connects to Exchange Online with the Automation account's managed identity (-ConnectCommand);
      2. reads the plan from -PlanCsv (CSV text) or from the Automation variable -PlanVariableName;
      3. runs Start-InactiveRestore -BatchName -MaxActive: pairs whose requests exist are picked up (nothing is created
         twice), new pairs are submitted while fewer than -MaxActive requests of the batch are unfinished, the others
         come back with Status 'Deferred' and are submitted by a later pass; a refused row is reported and the others go on;
      4. runs Watch-InactiveRestore -BatchName with a deadline (-WatchMinutes after the job started, before Azure
         Automation's 3-hour stop), narration on the Information stream and no progress bars;
      5. writes a short summary to the Output stream (counts, at most a few lines of errors: output streams are capped at
         about 1 MiB, so no object per request) and, once the batch is done, the report (-ReportPath).

    The batch is done when no pair is deferred, no row failed with an Exchange error that a re-run can fix (throttling,
    an expired session), and every request of the batch has settled (Completed, CompletedWithWarnings, Failed or
    Cancelled); a pair refused with AlreadyRestored (its content is already in the target, its requests gone) counts as
    done. The last line of the output is a summary object whose Done property says so.

    SCHEDULING. Jobs are stopped after 3 hours and never restarted, and nothing is kept between jobs except what Exchange
    holds; every pass starts from Exchange's state, so the runbook is simply run again until it reports Done:
      - link it to a schedule (for example hourly) with the same parameters;
      - check the last output line of the latest job (Done : True), then remove the schedule's link. While the
        batch's requests exist, a pass over the finished batch only costs a listing and writes the report again. Once
        they are removed (Remove-InactiveRestore, Complete-InactiveRestore -RemoveRequests, or Exchange's own clean-up
        after CompletedRequestAgeLimit, 30 days), a pass finds the restored folder in each target and refuses the pair
        with AlreadyRestored: nothing is restored a second time (a folder the target's owner renamed or moved is not
        found, so do unlink the schedule). A pair whose earlier request was stopped part-way is restored again with the
        warning EarlierRestoreContent (its items already copied will be there twice).
    Two jobs of the same plan running at the same time are safe (existing requests are picked up) but pointless; keep
    the schedule's interval longer than -WatchMinutes.

    PERMISSIONS. The Automation account's system-assigned (or user-assigned) managed identity needs:
      - the application permission Exchange.ManageAsApp of the Office 365 Exchange Online API (granted with Microsoft
        Graph PowerShell: New-MgServicePrincipalAppRoleAssignment; Microsoft's "Use Azure managed identities to connect
        to Exchange Online PowerShell" shows the steps);
      - an Exchange role holding the restore-request cmdlets: a role group (or a custom one) with the roles
        'Mailbox Import Export' (New-/Get-/Set-/Suspend-/Resume-/Remove-MailboxRestoreRequest and their statistics) and
        'Mail Recipients' (Get-Mailbox, Get-MailboxStatistics, Get-MailboxFolderStatistics, Set-Mailbox for the X500
        address and retention hold),
        assigned to the managed identity's service principal (New-ServicePrincipal, then Add-RoleGroupMember or
        New-ManagementRoleAssignment).
    Modules of the Automation account (runtime PowerShell 5.1 or 7.x): ExchangeOnlineManagement 3.x and InactiveRestore
    (import out/InactiveRestore.zip of `build.ps1 -Task Package`).

.PARAMETER Organization
    The tenant's initial domain, for example contoso.onmicrosoft.com.
.PARAMETER PlanCsv
    The plan as CSV text: a header line with SourceMailbox, TargetMailbox (and optionally TargetRootFolder), one line per pair.
.PARAMETER PlanVariableName
    The name of an Automation variable (string) that holds the plan's CSV text; read with Get-AutomationVariable.
.PARAMETER BatchName
    The batch's name in Exchange: the same on every pass (it is how a pass finds the requests of the earlier ones).
.PARAMETER MaxActive
    The most unfinished requests of the batch kept in Exchange at once (default 10); other pairs wait for a later pass.
.PARAMETER WatchMinutes
    Minutes after the job's start at which the watch stops (default 150: before the sandbox's 3-hour stop). 0 skips the watch.
.PARAMETER ReportPath
    Where the report is written when the batch is done (a CSV). The sandbox's disk does not outlive the job: copy the
    file somewhere lasting (a storage account) if you need it beyond the job's output.
.PARAMETER ConnectCommand
    How to connect. Default: Connect-ExchangeOnline -ManagedIdentity -Organization $Organization -ShowBanner:$false.
    Tests pass a scriptblock that connects the Exchange Online simulator instead.

.EXAMPLE
    # Runbook parameters in the portal or a schedule:
    #   Organization = contoso.onmicrosoft.com   PlanVariableName = LeaversPlan   BatchName = Leavers-2026-11
    .\Restore-InactiveMailboxBatch.ps1 -Organization contoso.onmicrosoft.com -PlanVariableName LeaversPlan -BatchName Leavers-2026-11

.EXAMPLE
    $plan = "SourceMailbox,TargetMailbox`njsmith@contoso.com,manager@contoso.com"
    .\Restore-InactiveMailboxBatch.ps1 -Organization contoso.onmicrosoft.com -PlanCsv $plan -BatchName Leavers-2026-11 -MaxActive 20

.OUTPUTS
    Summary lines (strings), then one summary object (PSTypeName InactiveRestore.RunbookPass) with Done.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Organization,
    [string] $PlanCsv,
    [string] $PlanVariableName,
    [Parameter(Mandatory)] [string] $BatchName,
    [ValidateRange(1, 10000)] [int] $MaxActive = 10,
    [ValidateRange(0, 175)] [double] $WatchMinutes = 150,
    [string] $ReportPath,
    [scriptblock] $ConnectCommand = { Connect-ExchangeOnline -ManagedIdentity -Organization $Organization -ShowBanner:$false }
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$jobStarted = [DateTime]::UtcNow
$deadline = $jobStarted.AddMinutes($WatchMinutes)
$maxErrorLines = 10

function Write-Line([string] $Text) { Write-Output ("[{0:HH:mm:ss}Z] {1}" -f [DateTime]::UtcNow, $Text) }
function Format-Counts($Items, [string] $Property) {
    $groups = @($Items | Group-Object -Property $Property | Sort-Object Name)
    if (-not $groups) { return 'none' }
    ($groups | ForEach-Object { "$($_.Name) $($_.Count)" }) -join ', '
}

if (-not $PlanCsv -and -not $PlanVariableName) { throw 'Give the plan: -PlanCsv (CSV text) or -PlanVariableName (an Automation variable holding it).' }
if ($PlanCsv -and $PlanVariableName) { throw 'Give either -PlanCsv or -PlanVariableName, not both.' }

# --- 1. Connect -------------------------------------------------------------------------------------------------------
if (-not (Get-Module InactiveRestore)) { Import-Module InactiveRestore }
& $ConnectCommand | Out-Null
Write-Line "Connected to $Organization; batch '$BatchName', at most $MaxActive active requests, watch until $($deadline.ToString('HH:mm'))Z."

# --- 2. The plan ------------------------------------------------------------------------------------------------------
if ($PlanVariableName) { $PlanCsv = Get-AutomationVariable -Name $PlanVariableName }
$rows = @($PlanCsv | ConvertFrom-Csv)
if ($rows.Count -eq 0) { throw 'The plan holds no rows (expected a header line SourceMailbox,TargetMailbox[,TargetRootFolder] and one line per pair).' }
foreach ($column in 'SourceMailbox', 'TargetMailbox') {
    if (-not $rows[0].PSObject.Properties[$column]) { throw "The plan has no $column column (columns: $($rows[0].PSObject.Properties.Name -join ', '))." }
}
# Only the known columns go to Start-InactiveRestore (it binds them by property name).
$pairs = foreach ($row in $rows) {
    $pair = [ordered]@{ SourceMailbox = "$($row.SourceMailbox)".Trim(); TargetMailbox = "$($row.TargetMailbox)".Trim() }
    if ($row.PSObject.Properties['TargetRootFolder'] -and "$($row.TargetRootFolder)".Trim()) { $pair.TargetRootFolder = "$($row.TargetRootFolder)".Trim() }
    [pscustomobject] $pair
}

# --- 3. Start (re-entrant: existing requests are picked up) ------------------------------------------------------------
$start = @{ BatchName = $BatchName; ErrorAction = 'SilentlyContinue'; ErrorVariable = 'startErrors'; WarningAction = 'SilentlyContinue'; WarningVariable = 'startWarnings' }
$start.MaxActive = $MaxActive
$startErrors = $null; $startWarnings = $null
$results = @($pairs | Start-InactiveRestore @start)
$deferred = @($results | Where-Object { "$($_.Status)" -eq 'Deferred' })
$exchangeErrors = @($startErrors | Where-Object { "$($_.FullyQualifiedErrorId)" -like 'Exchange*' })
# Pairs whose content an earlier pass already restored and whose requests are gone: refused, nothing sent; they are done.
$alreadyRestored = @($startErrors | Where-Object { "$($_.FullyQualifiedErrorId)" -like 'AlreadyRestored,*' } | ForEach-Object { "$($_.TargetObject)" } | Sort-Object -Unique)
Write-Line ("Start: {0} rows; results {1}; {2} error(s) ({3} from Exchange: a later pass retries them), {4} warning(s)." -f `
    $rows.Count, (Format-Counts $results 'Status'), @($startErrors).Count, $exchangeErrors.Count, @($startWarnings).Count)
foreach ($e in @($startErrors | Select-Object -First $maxErrorLines)) {
    Write-Line ("  error {0}: {1}" -f "$($e.FullyQualifiedErrorId)".Split(',')[0], $e.Exception.Message)
}
if (@($startErrors).Count -gt $maxErrorLines) { Write-Line "  ... and $(@($startErrors).Count - $maxErrorLines) more error(s)." }
if ($alreadyRestored.Count) { Write-Line "$($alreadyRestored.Count) pair(s) already restored into their target by an earlier pass whose requests are gone (AlreadyRestored): not restored again." }

# --- 4. Watch until the deadline ---------------------------------------------------------------------------------------
$settled = 'Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled'
$watchErrors = $null
$final = @()
$remaining = $deadline - [DateTime]::UtcNow
$watched = $false
if ($remaining -gt [TimeSpan]::FromSeconds(1)) {
    $final = @(Watch-InactiveRestore -BatchName $BatchName -Timeout $remaining -ErrorAction SilentlyContinue -ErrorVariable watchErrors -WarningAction SilentlyContinue)
    $watched = $true
} else {
    Write-Line 'No time left to watch in this pass.'
    $final = @(Get-InactiveRestore -BatchName $BatchName -ErrorAction SilentlyContinue -ErrorVariable watchErrors)
}
$watchErrorIds = @($watchErrors | ForEach-Object { "$($_.FullyQualifiedErrorId)".Split(',')[0] })
$timedOut = $watchErrorIds -contains 'WatchTimedOut'
$otherWatchErrors = @($watchErrorIds | Where-Object { $_ -ne 'WatchTimedOut' })
$unsettled = @($final | Where-Object { "$($_.Status)" -notin $settled })
Write-Line ("Watch: {0} request(s): {1}{2}{3}" -f $final.Count, (Format-Counts $final 'Status'),
    $(if ($timedOut) { '; the deadline came first (the requests keep running in Exchange)' } else { '' }),
    $(if ($otherWatchErrors) { "; errors: $(($otherWatchErrors | Group-Object | ForEach-Object { "$($_.Name) x$($_.Count)" }) -join ', ')" } else { '' }))

# --- 5. Done? Report --------------------------------------------------------------------------------------------------
$done = $deferred.Count -eq 0 -and $exchangeErrors.Count -eq 0 -and ($final.Count -gt 0 -or $alreadyRestored.Count -gt 0) -and $unsettled.Count -eq 0 -and -not $timedOut -and $otherWatchErrors.Count -eq 0
$reportWritten = $null
if ($done -and $ReportPath -and $final.Count -eq 0) {
    # Every request is gone (removed): an earlier pass's report stands, it is not replaced by an empty one.
    Write-Line "No request of the batch left to report: the report of an earlier pass stands."
}
elseif ($done -and $ReportPath) {
    # -Force: a pass after the batch is done writes the report again with the latest state.
    Export-InactiveRestoreReport -BatchName $BatchName -Path $ReportPath -Force
    $reportWritten = $ReportPath
    Write-Line "Report written to $ReportPath."
}
if ($done) {
    $what = if ($final.Count -gt 0) { Format-Counts $final 'Status' } else { "its requests are gone and $($alreadyRestored.Count) pair(s) are already in their targets" }
    Write-Line "The batch '$BatchName' is done: $what. Unlink the schedule."
} else {
    $why = @(
        if ($deferred.Count) { "$($deferred.Count) pair(s) deferred" }
        if ($exchangeErrors.Count) { "$($exchangeErrors.Count) row(s) to retry" }
        if ($unsettled.Count) { "$($unsettled.Count) request(s) unfinished" }
        if ($otherWatchErrors.Count) { 'the watch failed' }
        if ($final.Count -eq 0 -and -not $alreadyRestored.Count -and -not $otherWatchErrors.Count) { 'no request in the batch yet' }
    ) -join ', '
    Write-Line "Not done yet ($why): the next scheduled pass goes on."
}

[pscustomobject]@{
    PSTypeName     = 'InactiveRestore.RunbookPass'
    BatchName      = $BatchName
    Done           = $done
    Rows           = $rows.Count
    Deferred       = $deferred.Count
    StartErrors    = @($startErrors).Count
    AlreadyRestored = $alreadyRestored.Count
    ExchangeErrors = $exchangeErrors.Count
    Requests       = $final.Count
    Unsettled      = $unsettled.Count
    Status         = (Format-Counts $final 'Status')
    Watched        = $watched
    TimedOut       = $timedOut
    Report         = $reportWritten
    Started        = $jobStarted
}

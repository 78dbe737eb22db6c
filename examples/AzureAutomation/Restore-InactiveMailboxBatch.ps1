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
         come back with Status 'Deferred' and are submitted by a later pass; a refused row (a typo, a mailbox that is not
         inactive, no room in the target...) is named with its ErrorId on every pass and the others go on;
      4. runs Watch-InactiveRestore -BatchName with a deadline (-WatchMinutes after the job started, before Azure
         Automation's 3-hour stop), narration on the Information stream and no progress bars;
      5. names every request that will not move without an administrator (Suspended, AutoSuspended by Exchange, Failed,
         FailedBadItemLimit with skipped items to approve, data consistency score Poor) with Exchange's reason and what to
         do: the module command from the request's ActionNeeded (Resume-InactiveRestore -Identity '<RequestGuid>', with
         -ApproveSkippedItems when Exchange needs the skipped items approved);
      6. writes a short summary to the Output stream (counts in pairs for Start, in requests for the watch, at most a few
         lines of errors: output streams are capped at about 1 MiB, so no object per request) and, once nothing moves by
         itself any more, the report (-ReportPath) with the batch's requests and the refused rows.

    WHERE A PASS LEAVES THE BATCH. The last output line says it, and the summary object's State:
      - Running: something still moves by itself (pairs deferred, rows to retry after an Exchange error, requests queued
        or copying): "Not done yet (...): the next scheduled pass goes on." Refused rows and requests that need an admin
        are named on the lines above it.
      - NeedsAdmin: nothing moves by itself any more, but a plan row was refused or a request waits for an administrator:
        "The batch '<name>' is done except: 1 row(s) refused (...); 1 request(s) need an admin (...)". Neither fixes itself:
        correct the row in the plan or act on the request as the lines above say (the next pass picks it up), or accept
        the batch as it is and unlink the schedule. Done is $false.
      - Done: every plan row has a request that finished (Completed, CompletedWithWarnings, or Cancelled by an
        administrator), or was refused with AlreadyRestored (its content is already in the target, its requests gone),
        and nothing needs an administrator: "The batch '<name>' is done: ... Unlink the schedule." Done is $true.

    SCHEDULING. Jobs are stopped after 3 hours and never restarted, and nothing is kept between jobs except what Exchange
    holds; every pass starts from Exchange's state, so the runbook is simply run again until nothing moves by itself:
      - link it to a schedule (for example hourly) with the same parameters;
      - check the last output line of the latest job (State Done, or NeedsAdmin once you accept what it names), then
        remove the schedule's link. While the batch's requests exist, a pass over the finished batch only costs a listing
        and writes the report again. Once they are removed (Remove-InactiveRestore, Complete-InactiveRestore
        -RemoveRequests, or Exchange's own clean-up after CompletedRequestAgeLimit, 30 days), a pass finds the restored
        folder in each target and refuses the pair with AlreadyRestored: nothing is restored a second time (a folder the
        target's owner renamed or moved is not found, so do unlink the schedule). A pair whose earlier request was stopped
        part-way is restored again with the warning EarlierRestoreContent (its items already copied will be there twice).
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
    Where the report is written (a CSV, Export-InactiveRestoreReport) once nothing moves by itself any more (State Done or
    NeedsAdmin): one record per request of the batch (ActionNeeded says what a request still needs) and one per refused
    plan row (Record RefusedPair, with its ErrorId and message). The sandbox's disk does not outlive the job: copy the
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
    Summary lines (strings), then one summary object (PSTypeName InactiveRestore.RunbookPass): Done, State (Running,
    NeedsAdmin, Done), Rows, Deferred (pairs not submitted yet), Refused (plan rows refused), AlreadyRestored (pairs
    already in their targets, their requests gone), ToRetry (rows whose Exchange error a later pass retries), StartErrors,
    Requests, Unsettled, NeedsAdmin (requests waiting for an administrator), Status (requests per status), Watched,
    TimedOut, Report, Started.
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
$maxErrorLines = 10    # refused rows, requests that need an admin: each named, up to this many
$maxRetryLines = 5     # errors a later pass retries (throttling, an expired session)

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
# Start's refusals name their pair (Exception.Data): they never fix themselves. Its other errors (Exchange's throttling,
# an expired session, ...) are retried by the next pass.
# AlreadyRestored is the refusal of a pair whose content an earlier pass restored and whose requests are gone: it is done.
$marked = @($startErrors | Where-Object { $_.Exception -and $_.Exception.Data.Contains('InactiveRestore.SourceMailbox') })
$retryErrors = @($startErrors | Where-Object { $marked -notcontains $_ })
$alreadyRestored = @($marked | Where-Object { "$($_.FullyQualifiedErrorId)" -like 'AlreadyRestored,*' } | ForEach-Object { "$($_.TargetObject)" } | Sort-Object -Unique)
$refusals = @($marked | Where-Object { "$($_.FullyQualifiedErrorId)" -notlike 'AlreadyRestored,*' })
$refused = @($refusals | Group-Object { '{0} -> {1}' -f $_.Exception.Data['InactiveRestore.SourceMailbox'], $_.Exception.Data['InactiveRestore.TargetMailbox'] } |
    ForEach-Object {
        [pscustomobject]@{
            Pair    = $_.Name
            Codes   = (@($_.Group | ForEach-Object { "$($_.FullyQualifiedErrorId)".Split(',')[0] } | Select-Object -Unique) -join ', ')
            Message = $_.Group[0].Exception.Message
        }
    })
# Start writes one row per request (primary, archive) of each pair; a pair is deferred when all its rows are.
$pairResults = @($results | Group-Object { '{0}|{1}' -f $_.SourceExchangeGuid, $_.TargetExchangeGuid })
$deferredPairs = @($pairResults | Where-Object { @($_.Group | Where-Object { "$($_.Status)" -ne 'Deferred' }).Count -eq 0 })
$submittedPairs = @($pairResults | Where-Object { $deferredPairs -notcontains $_ })
$earlierPairs = @($submittedPairs | Where-Object { @($_.Group | Where-Object { -not $_.AlreadyExisted }).Count -eq 0 })
$submitted = @($results | Where-Object { "$($_.Status)" -ne 'Deferred' })
Write-Line ("Start: {0} plan row(s); pairs: {1} with requests ({2} from earlier passes), {3} deferred (not submitted yet), {4} refused, {5} already restored, {6} to retry; their {7} request(s): {8}; {9} warning(s)." -f `
    $rows.Count, $submittedPairs.Count, $earlierPairs.Count, $deferredPairs.Count, $refused.Count, $alreadyRestored.Count, $retryErrors.Count, $submitted.Count,
    (Format-Counts $submitted 'Status'), @($startWarnings).Count)
foreach ($r in @($refused | Select-Object -First $maxErrorLines)) {
    Write-Line ("  refused row {0} ({1}): {2} It will not fix itself: correct or remove the row in the plan." -f $r.Pair, $r.Codes, $r.Message)
}
if ($refused.Count -gt $maxErrorLines) { Write-Line "  ... and $($refused.Count - $maxErrorLines) more refused row(s)." }
foreach ($e in @($retryErrors | Select-Object -First $maxRetryLines)) {
    Write-Line ("  error {0}: {1} (the next pass retries it)" -f "$($e.FullyQualifiedErrorId)".Split(',')[0], $e.Exception.Message)
}
if ($retryErrors.Count -gt $maxRetryLines) { Write-Line "  ... and $($retryErrors.Count - $maxRetryLines) more error(s)." }
if ($alreadyRestored.Count) { Write-Line "$($alreadyRestored.Count) pair(s) already restored into their target by an earlier pass whose requests are gone (AlreadyRestored): not restored again." }

# --- 4. Watch until the deadline ---------------------------------------------------------------------------------------
$watchErrors = $null
$final = @()
$remaining = $deadline - [DateTime]::UtcNow
$watched = $false
if ($remaining -gt [TimeSpan]::FromSeconds(1)) {
    $final = @(Watch-InactiveRestore -BatchName $BatchName -Timeout $remaining -ErrorAction SilentlyContinue -ErrorVariable watchErrors -WarningAction SilentlyContinue)
    $watched = $true
} else {
    Write-Line 'No time left to watch in this pass.'
    $final = @(Get-InactiveRestore -BatchName $BatchName -ErrorAction SilentlyContinue -ErrorVariable watchErrors -WarningAction SilentlyContinue)
}
$watchErrorIds = @($watchErrors | ForEach-Object { "$($_.FullyQualifiedErrorId)".Split(',')[0] })
$timedOut = $watchErrorIds -contains 'WatchTimedOut'
$otherWatchErrors = @($watchErrorIds | Where-Object { $_ -ne 'WatchTimedOut' })
$unsettled = @($final | Where-Object { -not $_.IsSettled })
Write-Line ("Watch: {0} request(s): {1}{2}{3}" -f $final.Count, (Format-Counts $final 'Status'),
    $(if ($timedOut) { '; the deadline came first (the requests keep running in Exchange)' } else { '' }),
    $(if ($otherWatchErrors) { "; errors: $(($otherWatchErrors | Group-Object | ForEach-Object { "$($_.Name) x$($_.Count)" }) -join ', ')" } else { '' }))

# --- 5. Requests that need an administrator ----------------------------------------------------------------------------
# Suspended, AutoSuspended and Failed requests do not move by themselves: every pass names them, with Exchange's reason and
# the command (ActionNeeded). A state read from the listing only has no reason: its statistics are read (one call each).
$needsAdmin = @(foreach ($r in $final) {
    if (-not $r.ActionNeeded) { continue }
    if (-not ($r.SuspendReason -or $r.Error) -and $r.RequestId -ne [guid]::Empty) {
        $read = @(Get-InactiveRestore -Identity $r.RequestId -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Select-Object -First 1
        if ($read -and $read.ActionNeeded) { $r = $read }
    }
    $r
})
foreach ($r in @($needsAdmin | Select-Object -First $maxErrorLines)) {
    $exchangeState = if ($r.StatusDetail -and $r.StatusDetail -ne $r.ExchangeStatus) { "$($r.ExchangeStatus), $($r.StatusDetail)" } else { "$($r.ExchangeStatus)" }
    $why = if ($r.SuspendReason) { $r.SuspendReason } elseif ($r.Error) { $r.Error } elseif ("$($r.Status)" -eq 'Suspended') { 'suspended by an administrator' } else { 'no reason given' }
    $at = if ($null -ne $r.PercentComplete) { " at $($r.PercentComplete) %" } else { '' }
    Write-Line ("  needs an admin: {0} ({1} -> {2}) {3}{4}: {5} Do: {6}. The batch cannot finish until then." -f `
        $r.RequestName, $r.Source, $r.Target, $exchangeState, $at, "$why".TrimEnd(), $r.ActionNeeded.TrimEnd('.'))
}
if ($needsAdmin.Count -gt $maxErrorLines) {
    Write-Line "  ... and $($needsAdmin.Count - $maxErrorLines) more: Get-InactiveRestore -BatchName '$BatchName' | Where-Object ActionNeeded"
}

# --- 6. Where the batch stands; the report -----------------------------------------------------------------------------
# Running: something still moves by itself (deferred pairs, rows to retry, requests queued or copying). NeedsAdmin: nothing
# moves by itself any more, but a plan row was refused or a request waits for an administrator. Done: every plan row has a
# request that finished and nothing needs an administrator.
$running = @($unsettled | Where-Object { -not $_.ActionNeeded })
$noRequestYet = $final.Count -eq 0 -and ($refused.Count + $alreadyRestored.Count) -lt $rows.Count
$state = if ($deferredPairs.Count -or $retryErrors.Count -or $running.Count -or $otherWatchErrors.Count -or $noRequestYet) { 'Running' }
    elseif ($refused.Count -or $needsAdmin.Count) { 'NeedsAdmin' }
    else { 'Done' }
$done = $state -eq 'Done'
$reportWritten = $null
if ($state -ne 'Running' -and $ReportPath -and $final.Count -eq 0 -and $alreadyRestored.Count) {
    # Every request is gone (removed): an earlier pass's report stands, it is not replaced by one without them.
    Write-Line "No request of the batch left to report: the report of an earlier pass stands."
}
elseif ($state -ne 'Running' -and $ReportPath) {
    # The refusals go with the batch's requests, so the report names every plan row. -Force: a later pass writes it again.
    $refusals | Export-InactiveRestoreReport -BatchName $BatchName -Path $ReportPath -Force
    $reportWritten = $ReportPath
    Write-Line "Report written to $ReportPath."
}
$exceptions = @(
    if ($refused.Count) { "$($refused.Count) row(s) refused ($(($refused | Select-Object -First 3 | ForEach-Object { "$($_.Pair): $($_.Codes)" }) -join '; ')$(if ($refused.Count -gt 3) { '; ...' }))" }
    if ($needsAdmin.Count) { "$($needsAdmin.Count) request(s) need an admin ($(($needsAdmin | Select-Object -First 3 | ForEach-Object { "$($_.RequestName) $($_.ExchangeStatus)" }) -join '; ')$(if ($needsAdmin.Count -gt 3) { '; ...' }))" }
) -join '; '
switch ($state) {
    'Done' {
        $what = @(
            if ($final.Count) { "every plan row has a finished request ($(Format-Counts $final 'Status'))" }
            if ($alreadyRestored.Count) { "$($alreadyRestored.Count) pair(s) are already in their targets, their requests gone" }
        ) -join '; '
        Write-Line "The batch '$BatchName' is done: $what. Unlink the schedule."
    }
    'NeedsAdmin' {
        Write-Line ("The batch '$BatchName' is done except: $exceptions. Nothing more happens by itself: act as said above (the next pass picks it up), " +
            "or accept the batch as it is and unlink the schedule.")
    }
    default {
        $why = @(
            if ($deferredPairs.Count) { "$($deferredPairs.Count) pair(s) deferred" }
            if ($retryErrors.Count) { "$($retryErrors.Count) row(s) to retry" }
            if ($running.Count) { "$($running.Count) request(s) running" }
            if ($otherWatchErrors.Count) { 'the watch failed' }
            if ($noRequestYet -and -not $otherWatchErrors.Count) { 'no request in the batch yet' }
            if ($exceptions) { "and $exceptions" }
        ) -join ', '
        Write-Line "Not done yet ($why): the next scheduled pass goes on."
    }
}

[pscustomobject]@{
    PSTypeName      = 'InactiveRestore.RunbookPass'
    BatchName       = $BatchName
    Done            = $done
    State           = $state
    Rows            = $rows.Count
    Deferred        = $deferredPairs.Count
    Refused         = $refused.Count
    AlreadyRestored = $alreadyRestored.Count
    ToRetry         = $retryErrors.Count
    StartErrors     = @($startErrors).Count
    Requests        = $final.Count
    Unsettled       = $unsettled.Count
    NeedsAdmin      = $needsAdmin.Count
    Status          = (Format-Counts $final 'Status')
    Watched         = $watched
    TimedOut        = $timedOut
    Report          = $reportWritten
    Started         = $jobStarted
}

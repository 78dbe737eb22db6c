#requires -Version 7.0
<#
.SYNOPSIS
    Resilience soak: a bulk restore run to the end through injected throttling, ambiguous outcomes and latency.
.DESCRIPTION
    Issue 4: "A 200-pair batch with 20% injected transient faults and latency on every cmdlet, run to the end: 0 requests
    lost, 0 duplicated, every pair accounted for (completed, refused with a reason, or failed with Exchange's reason)."

    1. Generates a tenant (New-ExchangeSimulatorTenant) with a behaviour mix (mostly Normal; some BadItems, Stall,
       FailedOtherAllCopied, AutoSuspend, CompletedWithWarning) and a CSV of pairs i -> i, plus deliberately bad rows: a
       source that does not exist, an inactive mailbox as the target, the same pair twice.
    2. Connects the simulator (-TimeScale high, so hours of copying pass in seconds), injects -FaultRate transient faults
       (half of those on change cmdlets happen after the change was applied: the ambiguous outcome) and -Latency on
       every Exchange cmdlet, and sets $InactiveRestoreRetryPolicy to small delays.
    3. Runs `Import-Csv | Start-InactiveRestore -BatchName Soak -Force -ErrorVariable`, then re-runs the same command the
       way a runbook would until every row went through one run without an Exchange error (submitted, picked up or
       refused), at most -MaxReruns times.
    4. Watches the batch (Watch-InactiveRestore -BatchName Soak) to the end. Requests that AutoSuspend are let go by the
       watch; the admin then resumes them (Get-InactiveRestore -Status Suspended | Resume-InactiveRestore) and watches
       again (at most -MaxWatchRounds rounds).
    5. Clears the faults and accounts for every CSV row and every request from the simulator's state and ledger, prints
       the tally, and exits 1 when a request is lost or duplicated (or a row is unaccounted for).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Soak
.EXAMPLE
    ./tools/Soak.ps1 -ModuleRoot ./out -Pairs 30 -PassThru
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleRoot,
    [ValidateRange(5, 5000)] [int] $Pairs = 200,
    [ValidateRange(0.0, 0.9)] [double] $FaultRate = 0.2,
    [TimeSpan] $Latency = '00:00:00.002',
    [int] $Seed = 1,
    # Mailbox sizes of the generated tenant (bytes).
    [long] $MinSize = 300MB,
    [long] $MaxSize = 1GB,
    # Simulated seconds per wall second.
    [double] $TimeScale = 3600,
    # The retry policy's attempts per call (the module's default is 5); fewer make more pairs fail after the retry budget.
    [ValidateRange(1, 20)] [int] $MaxAttempts = 5,
    [ValidateRange(0, 20)] [int] $MaxReruns = 6,
    [ValidateRange(1, 10)] [int] $MaxWatchRounds = 4,
    [TimeSpan] $WatchTimeout = '00:05:00',
    # Return the tally object (for tests) besides printing it.
    [switch] $PassThru,
    # Print nothing but the tally.
    [switch] $Quiet
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$PSStyle.OutputRendering = 'PlainText'
$wall = [Diagnostics.Stopwatch]::StartNew()
function Say([string] $Text) { if (-not $Quiet) { Write-Host ("[{0,6:0.0}s] {1}" -f $wall.Elapsed.TotalSeconds, $Text) } }

$ModuleRoot = (Resolve-Path -LiteralPath $ModuleRoot).ProviderPath
Import-Module (Join-Path $ModuleRoot 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
Import-Module (Join-Path $ModuleRoot 'InactiveRestore/InactiveRestore.psd1') -Force

$work = Join-Path ([IO.Path]::GetTempPath()) "InactiveRestore-soak-$PID-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
New-Item -ItemType Directory -Path $work -Force | Out-Null
try {
    # --- 1. Tenant and pairs -------------------------------------------------------------------------------------------
    $tenantPath = Join-Path $work 'tenant.json'
    $mix = @{ Normal = 0.80; BadItems = 0.04; Stall = 0.05; FailedOtherAllCopied = 0.04; AutoSuspend = 0.04; CompletedWithWarning = 0.03 }
    New-ExchangeSimulatorTenant -Path $tenantPath -InactiveCount $Pairs -ActiveCount $Pairs -Seed $Seed -BehaviorMix $mix `
        -MinSize $MinSize -MaxSize $MaxSize -ArchiveRate 0.3 | Out-Null

    $rows = [Collections.Generic.List[object]]::new()
    foreach ($i in 1..$Pairs) { $rows.Add([pscustomobject]@{ SourceMailbox = 'inactive.{0:d4}' -f $i; TargetMailbox = 'active.{0:d4}' -f $i }) }
    # Deliberately bad rows, spread through the batch.
    $rows.Insert([int]($Pairs / 3), [pscustomobject]@{ SourceMailbox = 'no.such.mailbox'; TargetMailbox = 'active.0001' })
    $rows.Insert([int](2 * $Pairs / 3), [pscustomobject]@{ SourceMailbox = 'inactive.0002'; TargetMailbox = 'inactive.0003' })
    $rows.Add([pscustomobject]@{ SourceMailbox = 'inactive.0005'; TargetMailbox = 'active.0005' })   # the same pair twice
    $csv = Join-Path $work 'pairs.csv'
    $rows | Export-Csv -Path $csv -NoTypeInformation
    Say "Tenant: $Pairs inactive + $Pairs active mailboxes (seed $Seed); $($rows.Count) CSV rows ($($rows.Count - $Pairs) deliberately bad)."

    # --- 2. Connection, faults, retry policy ---------------------------------------------------------------------------
    Connect-ExchangeSimulator -TenantPath $tenantPath -TimeScale $TimeScale -Seed $Seed
    $truth = Get-ExchangeSimulatorState
    if ($FaultRate -gt 0) { Set-ExchangeSimulatorFault -TransientErrorRate $FaultRate }
    if ($Latency -gt [TimeSpan]::Zero) { Set-ExchangeSimulatorFault -Latency $Latency }
    $global:InactiveRestoreRetryPolicy = @{ MaxAttempts = $MaxAttempts; BaseDelay = '00:00:00.005'; MaxDelay = '00:00:00.020'; TotalBudget = 10 }
    Say "Retry policy: $MaxAttempts attempts, 5-20 ms back-off."
    Say "Faults: $([int]($FaultRate * 100))% transient on every Exchange cmdlet (half after the change on change cmdlets), latency $($Latency.TotalMilliseconds) ms; TimeScale $TimeScale."

    $retries = 0
    # The seam writes each retry to Verbose ("... failed transiently (attempt n of m ...); retrying in ..."): count those,
    # keep the other objects. Use as: Split-Verbose (command -Verbose 4>&1).
    function Split-Verbose([object[]] $Objects) {
        $out = [Collections.Generic.List[object]]::new()
        foreach ($o in $Objects) {
            if ($o -is [Management.Automation.VerboseRecord]) { if ($o.Message -like '*failed transiently*') { $script:retries++ } }
            elseif ($null -ne $o) { $out.Add($o) }
        }
        , $out
    }

    # --- 3. Start, and re-run like a runbook until it converges -------------------------------------------------------
    $refusals = @{}        # "source -> target" -> set of refusal codes
    $lastExchangeErrors = @{}
    # A row is done once a run went through it without an Exchange error (it was submitted, picked up or refused).
    $pending = [Collections.Generic.HashSet[string]]::new()
    foreach ($row in $rows) { $null = $pending.Add("$($row.SourceMailbox) -> $($row.TargetMailbox)") }
    $runs = 0; $reruns = 0
    $startErrors = 0
    do {
        $runs++
        $err = $null; $iv = $null
        $null = Split-Verbose (Import-Csv $csv | Start-InactiveRestore -BatchName Soak -Force -Verbose -ErrorVariable err -InformationVariable iv -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1)
        # Refusals: the runbook narration (Information, tag Refused) names the pair and the codes.
        foreach ($i in @($iv | Where-Object { $_.Tags -contains 'Refused' })) {
            if ("$($i.MessageData)" -match '^Restore of (?<s>.*) into (?<t>.*) not started: (?<c>.*)\.$') {
                $row = "$($Matches.s) -> $($Matches.t)"
                if (-not $refusals.ContainsKey($row)) { $refusals[$row] = [Collections.Generic.SortedSet[string]]::new() }
                foreach ($c in $Matches.c -split ', ') { $null = $refusals[$row].Add($c) }
            }
        }
        # Exchange's errors (the pair stopped after the retry budget): the error's target is the pair.
        $exchangeErrors = @{}
        foreach ($e in @($err)) {
            $id = $e.FullyQualifiedErrorId.Split(',')[0]
            if ($id -like 'Exchange*') { $exchangeErrors["$($e.TargetObject)"] = "$id`: $($e.Exception.Message)" }
        }
        $startErrors += @($err).Count
        foreach ($row in @($pending)) { if (-not $exchangeErrors.ContainsKey($row)) { $null = $pending.Remove($row) } }
        $lastExchangeErrors = @{}
        foreach ($row in $pending) { $lastExchangeErrors[$row] = $exchangeErrors[$row] }
        Say "Start run $runs`: $(@($err).Count) error(s), $($exchangeErrors.Count) of them from Exchange; $($pending.Count) row(s) not yet through (re-run while > 0)."
        if ($pending.Count -eq 0) { break }
        $reruns++
    } while ($reruns -le $MaxReruns)
    $converged = $pending.Count -eq 0

    # --- 4. Watch to the end; the admin resumes what AutoSuspended ----------------------------------------------------
    $resumed = 0; $watchRounds = 0; $watchErrors = [Collections.Generic.List[string]]::new()
    while ($watchRounds -lt $MaxWatchRounds) {
        $watchRounds++
        $werr = $null
        $final = Split-Verbose (Watch-InactiveRestore -BatchName Soak -PollInterval 00:00:00.25 -MaxPollInterval 00:00:01 -Timeout $WatchTimeout -Verbose -ErrorVariable werr -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1)
        foreach ($e in @($werr)) { $watchErrors.Add($e.FullyQualifiedErrorId.Split(',')[0]) }
        $released = @($final | Where-Object { $_.PSObject.Properties['Released'] -and $_.Released })
        Say "Watch round $watchRounds`: $($final.Count) request(s) reported, $($released.Count) let go while suspended, $(@($werr).Count) error(s)."
        # A watch that Exchange's throttling stopped (its listing failed after the retries) is simply run again.
        if (@($werr | Where-Object { $_.FullyQualifiedErrorId -like 'Exchange*' }).Count -gt 0) { continue }
        # The admin's part: resume what Exchange suspended (AutoSuspended), then watch again.
        $rerr = $null
        $suspended = @(Get-InactiveRestore -BatchName Soak -Status Suspended -ErrorVariable rerr -ErrorAction SilentlyContinue)
        if (@($rerr).Count -gt 0) { continue }
        if ($suspended.Count -eq 0) { break }
        $after = @($suspended | Resume-InactiveRestore -PassThru -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $resumed += $after.Count
        Say "Resumed $($after.Count) suspended request(s) (the admin's step)."
    }

    # --- 5. Account for everything (faults off: this reads the truth, it is not under test) ---------------------------
    Set-ExchangeSimulatorFault -Clear
    $state = Get-ExchangeSimulatorState
    $ledger = @(Get-ExchangeSimulatorLedger)
    $byAlias = @{}; $byDn = @{}; $byIdentity = @{}
    foreach ($m in $state.Mailboxes) { $byAlias[$m.Alias] = $m; $byDn[$m.DistinguishedName] = $m; $byIdentity[$m.Identity] = $m }
    $requests = @($state.Requests | Where-Object { $_.BatchName -eq 'Soak' })
    $live = @($requests | Where-Object { -not $_.IsRemoved })
    $mapped = @{}
    foreach ($r in @(Get-InactiveRestore -BatchName Soak)) { $mapped[$r.RequestId] = $r }

    $parts = @{}   # "sourceAlias|targetAlias|Primary/Archive" -> requests
    foreach ($r in $live) {
        $key = '{0}|{1}|{2}' -f $byDn[$r.SourceMailbox].Alias, $byIdentity[$r.TargetMailbox].Alias, $(if ($r.TargetIsArchive) { 'Archive' } else { 'Primary' })
        if (-not $parts.ContainsKey($key)) { $parts[$key] = [Collections.Generic.List[object]]::new() }
        $parts[$key].Add($r)
    }

    $accounted = @{ Submitted = 0; Refused = 0; FailedToSubmit = 0; Lost = 0 }
    $refusedCodes = @{}; $submitFailures = @{}; $lostRows = [Collections.Generic.List[string]]::new()
    $seenRows = @{}
    foreach ($row in $rows) {
        $label = "$($row.SourceMailbox) -> $($row.TargetMailbox)"
        $src = $byAlias[$row.SourceMailbox]; $dst = $byAlias[$row.TargetMailbox]
        $usable = $src -and $dst -and $src.IsInactiveMailbox -and -not $dst.IsInactiveMailbox -and -not $dst.IsSoftDeleted
        $want = @('Primary') + @(if ($usable -and $src.ArchiveStatus -eq 'Active' -and $dst.ArchiveStatus -eq 'Active') { 'Archive' })
        $have = @($want | Where-Object { $parts.ContainsKey("$($row.SourceMailbox)|$($row.TargetMailbox)|$_") })
        if ($usable -and $have.Count -eq $want.Count) { $accounted.Submitted++ }
        elseif ($refusals.ContainsKey($label)) {
            $accounted.Refused++
            foreach ($c in $refusals[$label]) { $refusedCodes[$c] = 1 + [int]$refusedCodes[$c] }
        }
        elseif ($lastExchangeErrors.ContainsKey($label)) {
            $accounted.FailedToSubmit++
            $reason = ($lastExchangeErrors[$label] -split ':')[0]
            $submitFailures[$reason] = 1 + [int]$submitFailures[$reason]
        }
        else { $accounted.Lost++; $lostRows.Add($label) }
        $seenRows[$label] = 1 + [int]$seenRows[$label]
    }

    $duplicatedParts = @($parts.GetEnumerator() | Where-Object { $_.Value.Count -gt 1 })
    $appliedNew = @($ledger | Where-Object { $_.CommandName -eq 'New-MailboxRestoreRequest' -and $_.ChangeApplied })
    # A duplicate is any request beyond one per (source, target, part), or an applied New- call that made no distinct request.
    $duplicated = (@($duplicatedParts | ForEach-Object { $_.Value.Count - 1 }) | Measure-Object -Sum).Sum + [Math]::Max(0, $appliedNew.Count - $requests.Count)
    $lostRequests = @($requests | Where-Object IsRemoved).Count   # nobody removes in the soak: a removed request is lost
    # The X500 address of each source on its target: added once (a repeated ambiguous Set-Mailbox must not add it twice).
    $x500Duplicated = 0
    foreach ($i in 1..$Pairs) {
        $src = $byAlias['inactive.{0:d4}' -f $i]; $dst = $byAlias['active.{0:d4}' -f $i]
        if (@($dst.EmailAddresses | Where-Object { $_ -eq "X500:$($src.LegacyExchangeDN)" }).Count -gt 1) { $x500Duplicated++ }
    }
    # Resume-MailboxRestoreRequest applied once per request (a request AutoSuspends once; ambiguous resumes are checked, not re-sent).
    $resumesApplied = @($ledger | Where-Object { $_.CommandName -eq 'Resume-MailboxRestoreRequest' -and $_.ChangeApplied })
    $resumedTwice = @($resumesApplied | Group-Object { "$($_.Parameters.Identity)" } | Where-Object Count -gt 1).Count

    $status = @{}; $failedReasons = @{}
    foreach ($r in $live) {
        $m = $mapped[$r.RequestGuid]
        $s = if ($m) { "$($m.Status)" } else { 'Unknown' }
        $status[$s] = 1 + [int]$status[$s]
        if ($s -eq 'Failed') {
            $reason = "$($r.StatusDetail) ($($r.FailureType))"
            $failedReasons[$reason] = 1 + [int]$failedReasons[$reason]
        }
    }
    $calls = [ordered]@{}
    foreach ($g in $ledger | Group-Object CommandName | Sort-Object Count -Descending) { $calls[$g.Name] = $g.Count }
    $faults = @($ledger | Where-Object Outcome -eq 'Fault')

    $tally = [pscustomobject]@{
        PSTypeName              = 'InactiveRestore.SoakTally'
        Pairs                   = $rows.Count
        ValidPairs              = $Pairs
        RequestsExpected        = $Pairs + @($state.Mailboxes | Where-Object { $_.Alias -like 'inactive.*' -and $_.ArchiveStatus -eq 'Active' }).Count
        RequestsCreated         = $live.Count
        Completed               = [int]$status['Completed']
        CompletedWithWarnings   = [int]$status['CompletedWithWarnings']
        Failed                  = [int]$status['Failed']
        FailedReasons           = $failedReasons
        NotFinished             = $live.Count - [int]$status['Completed'] - [int]$status['CompletedWithWarnings'] - [int]$status['Failed']
        PairsSubmitted          = $accounted.Submitted
        PairsRefused            = $accounted.Refused
        RefusedCodes            = $refusedCodes
        PairsFailedToSubmit     = $accounted.FailedToSubmit
        SubmitFailureReasons    = $submitFailures
        Lost                    = $accounted.Lost + $lostRequests
        LostRows                = @($lostRows)
        Duplicated              = [int]$duplicated
        X500Duplicated          = $x500Duplicated
        ResumesApplied          = $resumesApplied.Count
        ResumedTwice            = $resumedTwice
        StartRuns               = $runs
        Reruns                  = $runs - 1
        Converged               = $converged
        WatchRounds             = $watchRounds
        WatchErrors             = @($watchErrors)
        Resumed                 = $resumed
        ExchangeCalls           = $ledger.Count
        CallsByCmdlet           = $calls
        FaultsInjected          = $faults.Count
        AfterChangeFaults       = @($faults | Where-Object ChangeApplied).Count
        AppliedNewRequestCalls  = $appliedNew.Count
        Retries                 = $retries
        SimulatedDuration       = $state.Now - $truth.Now
        WallTime                = $wall.Elapsed
    }

    $lines = @(
        '== Soak tally'
        "pairs (CSV rows)        : $($tally.Pairs) ($($tally.ValidPairs) valid, $($tally.Pairs - $tally.ValidPairs) deliberately bad)"
        "requests created        : $($tally.RequestsCreated) of $($tally.RequestsExpected) expected"
        "completed               : $($tally.Completed)"
        "completed with warnings : $($tally.CompletedWithWarnings)"
        "failed                  : $($tally.Failed)$(if ($failedReasons.Count) { '  ' + (($failedReasons.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name) x$($_.Value)" }) -join '; ') })"
        "not finished            : $($tally.NotFinished)"
        "pairs submitted         : $($tally.PairsSubmitted)"
        "pairs refused           : $($tally.PairsRefused)$(if ($refusedCodes.Count) { '  ' + (($refusedCodes.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name) x$($_.Value)" }) -join '; ') })"
        "pairs failed to submit  : $($tally.PairsFailedToSubmit)$(if ($submitFailures.Count) { '  ' + (($submitFailures.GetEnumerator() | ForEach-Object { "$($_.Name) x$($_.Value)" }) -join '; ') })"
        "LOST                    : $($tally.Lost)$(if ($lostRows.Count) { '  ' + ($lostRows -join '; ') })"
        "DUPLICATED              : $($tally.Duplicated) (X500 addresses added twice: $($tally.X500Duplicated))"
        "start runs              : $($tally.StartRuns) (re-runs: $($tally.Reruns), converged: $($tally.Converged))"
        "watch rounds            : $($tally.WatchRounds) (resumed by the admin: $($tally.Resumed), Resume- applied $($tally.ResumesApplied) time(s), twice to one request: $($tally.ResumedTwice); watch errors: $(if ($watchErrors.Count) { ($watchErrors | Group-Object | ForEach-Object { "$($_.Name) x$($_.Count)" }) -join '; ' } else { 0 }))"
        "Exchange calls          : $($tally.ExchangeCalls)  " + (($calls.GetEnumerator() | ForEach-Object { "$($_.Key) $($_.Value)" }) -join ', ')
        "faults injected         : $($tally.FaultsInjected) (after the change was applied: $($tally.AfterChangeFaults), all absorbed: $($tally.AppliedNewRequestCalls) applied New- calls for $($requests.Count) requests)"
        "retries                 : $($tally.Retries)"
        "simulated time          : $($tally.SimulatedDuration)"
        ("wall time               : {0:0.0} s" -f $tally.WallTime.TotalSeconds)
    )
    $lines | ForEach-Object { Write-Host $_ }
    if ($PassThru) { $tally }

    $bad = $tally.Lost -gt 0 -or $tally.Duplicated -gt 0 -or $tally.X500Duplicated -gt 0 -or $tally.ResumedTwice -gt 0 -or ($tally.PairsSubmitted + $tally.PairsRefused + $tally.PairsFailedToSubmit) -ne $tally.Pairs
    if ($bad) {
        Write-Host 'SOAK FAILED: a request was lost or duplicated, or a pair is unaccounted for.'
        if (-not $PassThru) { exit 1 }
    }
}
finally {
    Remove-Variable InactiveRestoreRetryPolicy -Scope Global -ErrorAction SilentlyContinue
    Disconnect-ExchangeSimulator -ErrorAction SilentlyContinue
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

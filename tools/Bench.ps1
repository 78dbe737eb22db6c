#requires -Version 7.0
<#
.SYNOPSIS
    Side-by-side benchmark: InactiveRestore against the peer scripts of bench/baseline, counted with the simulator's ledger.
.DESCRIPTION
    Run by `build.ps1 -Task Bench`. Prints ONE table and writes it as markdown to <OutputPath>/bench.md.

    For N pairs (inactive.i -> active.j, j = i for m = N distinct targets, j = ((i-1) mod m) + 1 for m = N/10) on a
    generated tenant (New-ExchangeSimulatorTenant, the same file and seed for every run), each side gets a fresh
    connection to the same tenant and its calls are counted with Get-ExchangeSimulatorLedger in this run:
      submission  ours: the CSV piped to Start-InactiveRestore -BatchName; peers: bench/baseline/Start-PeerRestore.ps1
      re-run      the same again when every request exists (peers: with -SkipExisting, Get-MailboxRestoreRequest per request)
      watch       to the end of the batch, a cycle every 30 simulated seconds. Ours: one Watch-InactiveRestore -BatchName
                  (non-interactive, progress not shown); peers: bench/baseline/Watch-PeerRestore.ps1 (statistics per
                  unfinished request per cycle).
    The simulator runs with -TimeScale 0 (a manual clock): the peers' watch steps it 30 s between cycles; for ours a proxy
    of Get-MailboxRestoreRequest steps it 30 s before every listing but the first (one listing = one watch cycle), and
    Watch-InactiveRestore polls every 10 ms of real time, so hours of restores pass in seconds and the counts are
    deterministic. "At 300 ms" is calls x 300 ms (the simulator does not charge latency to its clock).
    Also: Import-Module time over a bare `pwsh -NoProfile` start (median), and the working set of a watch of
    -WatchRequests requests (a child process: requests created with New-MailboxRestoreRequest, one watch cycle).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
.EXAMPLE
    ./tools/Bench.ps1 -ModuleRoot ./out -Pairs 10 -WatchPairs 10 -WatchRequests 500
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleRoot,
    # Batch sizes for submission and re-run.
    [int[]] $Pairs = @(10, 100, 1000),
    # Batch sizes also watched to the end (a peer's watch costs ~0.8 x R^2 statistics calls for R requests: 1000 pairs
    # would be about 1.3 million calls, far beyond a few minutes, so it is cut by default).
    [int[]] $WatchPairs = @(10, 100),
    # Requests of the working-set probe (0 skips it).
    [int] $WatchRequests = 10000,
    [int] $ImportRuns = 5,
    [int] $Seed = 11,
    [double] $CallMilliseconds = 300,
    [TimeSpan] $Cycle = '00:00:30',
    # Mailbox sizes of the generated tenant: small, so that a batch of 100 pairs ends in a couple of simulated hours.
    [long] $MinSize = 5MB,
    [long] $MaxSize = 50MB,
    [string] $OutputPath,
    # Internal: the working-set probe run in a child process; writes its figures as JSON to this file.
    [string] $ProbeJson
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
$PSStyle.OutputRendering = 'PlainText'
$ProgressPreference = 'SilentlyContinue'
$ModuleRoot = (Resolve-Path -LiteralPath $ModuleRoot).ProviderPath
$simManifest = Join-Path $ModuleRoot 'ExchangeSimulator/ExchangeSimulator.psd1'
$irManifest = Join-Path $ModuleRoot 'InactiveRestore/InactiveRestore.psd1'
$baseline = Join-Path (Split-Path $PSScriptRoot -Parent) 'bench/baseline'
$pwshExe = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
$wall = [Diagnostics.Stopwatch]::StartNew()
function Say([string] $Text) { Write-Host ("[{0,5:0}s] {1}" -f $wall.Elapsed.TotalSeconds, $Text) }

Import-Module $simManifest
Import-Module $irManifest

$work = Join-Path ([IO.Path]::GetTempPath()) ("InactiveRestore-bench-{0}-{1}" -f $PID, [guid]::NewGuid().ToString('n').Substring(0, 8))
New-Item -ItemType Directory -Path $work -Force | Out-Null

# --- The working-set probe (child process) ---------------------------------------------------------------------------
if ($ProbeJson) {
    try {
        $count = $WatchRequests
        $targets = [Math]::Max(1, [int][Math]::Ceiling($count / 10))
        $tenant = Join-Path $work 'ws.json'
        New-ExchangeSimulatorTenant -Path $tenant -InactiveCount $count -ActiveCount $targets -Seed $Seed -MinSize $MinSize -MaxSize $MaxSize -ArchiveRate 0 | Out-Null
        Connect-ExchangeSimulator -TenantPath $tenant -TimeScale 0 -Seed $Seed
        $sources = @(Get-Mailbox -InactiveMailboxOnly -ResultSize Unlimited)
        $targetNames = @(Get-Mailbox -ResultSize Unlimited | ForEach-Object Identity)
        $i = 0
        foreach ($s in $sources) {
            $t = $targetNames[$i % $targetNames.Count]
            $null = New-MailboxRestoreRequest -SourceMailbox $s.DistinguishedName -TargetMailbox $t -AllowLegacyDNMismatch -BatchName WS -Name "WS-$($s.Alias)"
            $i++
        }
        $sources = $null
        Clear-ExchangeSimulatorLedger
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $proc = [Diagnostics.Process]::GetCurrentProcess()
        $proc.Refresh(); $before = $proc.WorkingSet64
        # Sample the working set every 50 ms while the watch runs (a timer thread; no PowerShell runs on it).
        Add-Type -TypeDefinition @'
public static class BenchWorkingSetSampler {
    static System.Threading.Timer _timer; public static long Max;
    public static void Start() { Max = 0; _timer = new System.Threading.Timer(_ => { var p = System.Diagnostics.Process.GetCurrentProcess(); long w = p.WorkingSet64; if (w > Max) Max = w; }, null, 0, 50); }
    public static void Stop() { _timer.Dispose(); }
}
'@
        [BenchWorkingSetSampler]::Start()
        $sw = [Diagnostics.Stopwatch]::StartNew()
        # One cycle: the watch times out at its first wait (the requests keep running; nothing is asserted here).
        $final = @(Watch-InactiveRestore -BatchName WS -PollInterval 00:00:01 -MaxPollInterval 00:00:01 -Timeout 00:00:00.5 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction SilentlyContinue)
        $sw.Stop()
        [BenchWorkingSetSampler]::Stop()
        $proc.Refresh()
        [pscustomobject]@{
            Requests = @(Get-MailboxRestoreRequest -BatchName WS -ResultSize Unlimited).Count
            Reported = $final.Count
            WorkingSetBefore = $before
            WorkingSetPeak = [Math]::Max([BenchWorkingSetSampler]::Max, $proc.WorkingSet64)
            WatchSeconds = $sw.Elapsed.TotalSeconds
            Calls = @(Get-ExchangeSimulatorLedger).Count - 1
        } | ConvertTo-Json | Set-Content -LiteralPath $ProbeJson
        Disconnect-ExchangeSimulator
    }
    finally { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }
    exit 0
}

if (-not $OutputPath) { $OutputPath = Join-Path $ModuleRoot 'bench' }
New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null

# A proxy of the simulated Get-MailboxRestoreRequest: while $global:BenchStepListings is set, every listing but the first
# advances the manual clock by one cycle (Watch-InactiveRestore lists the batch once per cycle).
function Install-ListingClock {
    $cmd = Get-Command -Name Get-MailboxRestoreRequest -CommandType Cmdlet
    $proxy = [Management.Automation.ProxyCommand]::Create([Management.Automation.CommandMetadata]::new($cmd))
    $hook = "`n    if (`$global:BenchStepListings) { if (`$global:BenchListings++ -gt 0) { Step-ExchangeSimulator -Duration `$global:BenchCycle } }`n"
    $proxy = [regex]::new('(?m)^begin\s*\{').Replace($proxy, "begin`n{$hook", 1)
    Set-Item -Path function:global:Get-MailboxRestoreRequest -Value ([scriptblock]::Create($proxy))
}
$global:BenchCycle = $Cycle
$global:BenchStepListings = $false

function Connect-Fresh([string] $Tenant) {
    Connect-ExchangeSimulator -TenantPath $Tenant -TimeScale 0 -Seed $Seed
    Install-ListingClock
    Clear-ExchangeSimulatorLedger
}
function Get-Calls { @(Get-ExchangeSimulatorLedger).Count }

$results = [Collections.Generic.List[object]]::new()
$timings = [Collections.Generic.List[string]]::new()
$notes = [Collections.Generic.List[string]]::new()
function Add-Figure([int] $N, [int] $M, [string] $Metric, [int] $Ours, [int] $Peers, [string] $Extra) {
    $results.Add([pscustomobject]@{ N = $N; M = $M; Metric = $Metric; Ours = $Ours; Peers = $Peers; Extra = $Extra })
}

$probeProcess = $null
try {
    # The working-set probe runs in a child process beside the call counts (it spends most of its time creating the
    # requests); its figures are collected at the end.
    $probeJson = Join-Path $work 'probe.json'
    if ($WatchRequests -gt 0) {
        $probeArgs = @('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-ModuleRoot', $ModuleRoot, '-WatchRequests', $WatchRequests,
            '-Seed', $Seed, '-MinSize', $MinSize, '-MaxSize', $MaxSize, '-ProbeJson', $probeJson)
        $probeProcess = Start-Process -FilePath $pwshExe -ArgumentList $probeArgs -PassThru -NoNewWindow `
            -RedirectStandardOutput (Join-Path $work 'probe.out') -RedirectStandardError (Join-Path $work 'probe.err')
    }
    foreach ($n in $Pairs) {
        $tenant = Join-Path $work "tenant-$n.json"
        New-ExchangeSimulatorTenant -Path $tenant -InactiveCount $n -ActiveCount $n -Seed $Seed -MinSize $MinSize -MaxSize $MaxSize | Out-Null
        $digits = [Math]::Max(4, "$n".Length)
        foreach ($m in @($n, [int]($n / 10)) | Where-Object { $_ -ge 1 } | Select-Object -Unique) {
            $csv = foreach ($i in 1..$n) {
                [pscustomobject]@{ SourceMailbox = "inactive.{0:D$digits}" -f $i; TargetMailbox = "active.{0:D$digits}" -f ((($i - 1) % $m) + 1) }
            }
            $watch = $n -in $WatchPairs
            $f = @{}
            foreach ($side in 'Ours', 'Peers') {
                Connect-Fresh $tenant
                $sw = [Diagnostics.Stopwatch]::StartNew()
                if ($side -eq 'Ours') {
                    $null = $csv | Start-InactiveRestore -BatchName Bench -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction SilentlyContinue
                } else {
                    & (Join-Path $baseline 'Start-PeerRestore.ps1') -Pairs $csv -BatchName Bench -WarningAction SilentlyContinue
                }
                $f["$side.Submit"] = Get-Calls
                $f["$side.Requests"] = @(Get-MailboxRestoreRequest -BatchName Bench -ResultSize Unlimited).Count
                Clear-ExchangeSimulatorLedger
                if ($side -eq 'Ours') {
                    $null = $csv | Start-InactiveRestore -BatchName Bench -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction SilentlyContinue
                } else {
                    & (Join-Path $baseline 'Start-PeerRestore.ps1') -Pairs $csv -BatchName Bench -SkipExisting -WarningAction SilentlyContinue
                }
                $f["$side.Rerun"] = Get-Calls
                $f["$side.SubmitSeconds"] = $sw.Elapsed.TotalSeconds
                if ($watch) {
                    Clear-ExchangeSimulatorLedger
                    $sw.Restart()
                    if ($side -eq 'Ours') {
                        $global:BenchListings = 0; $global:BenchStepListings = $true
                        try {
                            $final = @(Watch-InactiveRestore -BatchName Bench -PollInterval 00:00:00.01 -MaxPollInterval 00:00:00.01 -Timeout 00:30:00 `
                                -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction SilentlyContinue)
                        } finally { $global:BenchStepListings = $false }
                        $f["$side.Cycles"] = $global:BenchListings
                        $f["$side.Settled"] = @($final | Where-Object { "$($_.Status)" -in 'Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled' }).Count
                    } else {
                        $f["$side.Cycles"] = & (Join-Path $baseline 'Watch-PeerRestore.ps1') -BatchName Bench -Wait { Step-ExchangeSimulator -Duration $global:BenchCycle }
                        $f["$side.Settled"] = $f["$side.Requests"]
                    }
                    $f["$side.Watch"] = Get-Calls
                    $f["$side.WatchSeconds"] = $sw.Elapsed.TotalSeconds
                }
                Disconnect-ExchangeSimulator
            }
            Add-Figure $n $m 'submission' $f['Ours.Submit'] $f['Peers.Submit'] ''
            Add-Figure $n $m 're-run, all exist' $f['Ours.Rerun'] $f['Peers.Rerun'] ''
            $line = "N=$n m=$m`: requests ours $($f['Ours.Requests']), peers $($f['Peers.Requests']); submission+re-run {0:0.0} s ours, {1:0.0} s peers" -f $f['Ours.SubmitSeconds'], $f['Peers.SubmitSeconds']
            if ($watch) {
                Add-Figure $n $m 'watch to the end' $f['Ours.Watch'] $f['Peers.Watch'] ("{0}/{1} cycles" -f $f['Ours.Cycles'], $f['Peers.Cycles'])
                $line += "; watch {0:0.0} s ours ({1} cycles, {2} settled), {3:0.0} s peers ({4} cycles)" -f $f['Ours.WatchSeconds'], $f['Ours.Cycles'], $f['Ours.Settled'], $f['Peers.WatchSeconds'], $f['Peers.Cycles']
            }
            $timings.Add($line)
            Say $line
        }
    }

    # --- Import-Module over a bare pwsh start: timed inside fresh `pwsh -NoProfile` processes (process start-up on a busy
    # machine varies by seconds, which would drown a difference of two start-up times) ------------------------------
    $importMs = foreach ($i in 1..$ImportRuns) {
        [double](& $pwshExe -NoProfile -NonInteractive -Command "`$sw = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$irManifest'; `$sw.Elapsed.TotalMilliseconds")
    }
    $importMedian = ($importMs | Sort-Object)[[int][Math]::Floor(($ImportRuns - 1) / 2)]
    Say ("Import-Module: {0:0} ms (median of {1} fresh pwsh -NoProfile processes; all: {2})" -f $importMedian, $ImportRuns, (($importMs | ForEach-Object { '{0:0}' -f $_ }) -join ', '))

    # --- Working set of a watch of many requests: the child started at the beginning -------------------------------
    $probe = $null
    if ($probeProcess) {
        $probeProcess.WaitForExit()
        if (Test-Path $probeJson) { $probe = Get-Content $probeJson -Raw | ConvertFrom-Json }
        else { Say "The working-set probe failed: $((Get-Content (Join-Path $work 'probe.err') -Raw -ErrorAction SilentlyContinue))" }
        if ($probe) { Say ("Working set: {0:0} MB peak during a watch cycle of {1} requests ({2:0} MB before it; {3} calls, {4:0.0} s)" -f ($probe.WorkingSetPeak / 1MB), $probe.Requests, ($probe.WorkingSetBefore / 1MB), $probe.Calls, $probe.WatchSeconds) }
    }

    # --- The table --------------------------------------------------------------------------------------------------
    function Format-Duration([double] $Calls) {
        $t = [TimeSpan]::FromMilliseconds($Calls * $CallMilliseconds)
        if ($t.TotalMinutes -lt 1) { '{0:0} s' -f $t.TotalSeconds } elseif ($t.TotalHours -lt 1) { '{0:0.0} min' -f $t.TotalMinutes } else { '{0:0.0} h' -f $t.TotalHours }
    }
    function Format-Ratio([double] $Ours, [double] $Peers) { if ($Peers -gt 0) { '{0:0.00}x' -f ($Ours / $Peers) } else { '-' } }
    $rows = foreach ($r in $results) {
        [pscustomobject][ordered]@{
            'N pairs' = $r.N; 'm targets' = $r.M; 'Exchange calls for' = $r.Metric
            'ours' = $r.Ours; 'peers' = $r.Peers; 'ratio' = (Format-Ratio $r.Ours $r.Peers)
            'ours at 300 ms' = (Format-Duration $r.Ours); 'peers at 300 ms' = (Format-Duration $r.Peers)
            'cycles (ours/peers)' = $r.Extra
        }
    }
    $importRow = '{0:0} ms' -f $importMedian
    $wsRow = if ($probe) { '{0:0} MB' -f ($probe.WorkingSetPeak / 1MB) } else { 'not measured' }
    $cut = @($Pairs | Where-Object { $_ -notin $WatchPairs })
    $footnotes = @(
        "Measured $(Get-Date -Format 'yyyy-MM-dd') with ``build.ps1 -Task Bench`` on the Exchange Online simulator (generated tenant, seed $Seed, mailboxes of $($MinSize / 1MB)-$($MaxSize / 1MB) MB, 30 % with an archive; pair i goes to target i for m = N and to target ((i-1) mod m)+1 for m = N/10; archive requests where source and target both have an archive). Ratio = ours / peers: below 1 we spend fewer calls."
        "Peers: ``bench/baseline/Start-PeerRestore.ps1`` (per pair Get-Mailbox -InactiveMailboxOnly, Get-Mailbox, Get-MailboxStatistics, Set-Mailbox X500 when missing, New-MailboxRestoreRequest per primary/archive; the re-run adds Get-MailboxRestoreRequest per request and skips New- when it exists) and ``bench/baseline/Watch-PeerRestore.ps1`` (one listing, then Get-MailboxRestoreRequestStatistics per unfinished request every cycle)."
        "Watch: to the end of the batch, one cycle per 30 simulated seconds on both sides (manual clock; ours is one Watch-InactiveRestore -BatchName with progress not shown; a cycle of ours = one Get-MailboxRestoreRequest listing)."
        "At 300 ms: calls x 300 ms, computed (the simulator does not yet charge call latency to its clock); the watch's own waits between cycles are not included."
    )
    if ($cut.Count) { $footnotes += "Cut: the watch of N = $($cut -join ', ') is not run (a per-request poller needs about 0.8 x R^2 statistics calls for R requests with 10 running at a time: about 1.3 million for 1,000 pairs, hours on this machine); its submission and re-run are measured." }
    $footnotes += ("Import-Module: the time Import-Module of the laid-out module takes in a fresh ``pwsh -NoProfile`` process (what it adds over a bare start), median of {0} ({1} ms; it includes PowerShell's own first-import work in that process, and start-up times on a loaded machine vary by seconds). Working set: peak of a pwsh process during one Watch-InactiveRestore cycle over {2} requests of one batch ({3}; the simulator's tenant lives in the same process)." -f `
        $ImportRuns, (($importMs | ForEach-Object { '{0:0}' -f $_ }) -join ', '), $(if ($probe) { $probe.Requests } else { $WatchRequests }), $(if ($probe) { '{0:0} MB before the watch, {1} Exchange calls in {2:0} s' -f ($probe.WorkingSetBefore / 1MB), $probe.Calls, $probe.WatchSeconds } else { 'not measured' }))
    $footnotes += "Bench wall time: {0:0} s on a shared 2-core machine." -f $wall.Elapsed.TotalSeconds

    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('| N pairs | m targets | Exchange calls for | ours | peers | ratio | ours at 300 ms | peers at 300 ms | cycles (ours/peers) |')
    $null = $md.AppendLine('|---:|---:|---|---:|---:|---:|---:|---:|---|')
    foreach ($r in $rows) { $null = $md.AppendLine(('| {0} | {1} | {2} | {3:N0} | {4:N0} | {5} | {6} | {7} | {8} |' -f $r.'N pairs', $r.'m targets', $r.'Exchange calls for', $r.ours, $r.peers, $r.ratio, $r.'ours at 300 ms', $r.'peers at 300 ms', $r.'cycles (ours/peers)')) }
    $null = $md.AppendLine("| | | Import-Module over bare pwsh | $importRow | - | | | | |")
    $null = $md.AppendLine("| | | working set, watch of $(if ($probe) { $probe.Requests } else { $WatchRequests }) requests | $wsRow | - | | | | |")
    $null = $md.AppendLine()
    foreach ($line in $footnotes) { $null = $md.AppendLine("- $line") }
    $mdPath = Join-Path $OutputPath 'bench.md'
    Set-Content -LiteralPath $mdPath -Value $md.ToString().TrimEnd()

    Write-Host ''
    Write-Host 'InactiveRestore vs peers: Exchange calls (simulator ledger) and their time at 300 ms per call'
    $rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    Write-Host ("Import-Module over bare pwsh: {0}; working set of a watch of {1} requests: {2}" -f $importRow, $(if ($probe) { $probe.Requests } else { $WatchRequests }), $wsRow)
    foreach ($line in $footnotes) { Write-Host "- $line" }
    Write-Host "Written to $mdPath"
}
finally {
    if ($probeProcess -and -not $probeProcess.HasExited) { $probeProcess.Kill() }
    Remove-Item function:global:Get-MailboxRestoreRequest -ErrorAction SilentlyContinue
    Disconnect-ExchangeSimulator -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

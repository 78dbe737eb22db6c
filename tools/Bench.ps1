#requires -Version 7.0
<#
.SYNOPSIS
    Side-by-side benchmark: InactiveRestore against the peer scripts of bench/baseline, counted with the simulator's ledger.
.DESCRIPTION
    Run by `build.ps1 -Task Bench`. Prints ONE table and writes it as markdown to <OutputPath>/bench.md (the raw
    figures of every run to bench.json beside it).

    For N pairs (inactive.i -> active.j, j = i for m = N distinct targets, j = ((i-1) mod m) + 1 for m = N/10) on a
    generated tenant (New-ExchangeSimulatorTenant, the same file and seed for every run), each side gets a fresh
    connection to the same tenant and its calls are counted with Get-ExchangeSimulatorLedger in this run:
      submission  ours: the CSV piped to Start-InactiveRestore -BatchName; peers: bench/baseline/Start-PeerRestore.ps1
      re-run      the same again at once, every request existing (peers: -SkipExisting, Get-MailboxRestoreRequest per request)
      watch       from there to the end of the batch, 30 simulated seconds between cycles. Ours: one Watch-InactiveRestore
                  -BatchName (non-interactive, progress not shown); peers: bench/baseline/Watch-PeerRestore.ps1
                  (statistics per unfinished request per pass).
    The simulator runs on a manual clock (-TimeScale 0) and charges every Exchange call -CallLatency (300 ms) of simulated
    time (Connect-ExchangeSimulator -CallLatency), so requests progress while a side talks to Exchange, as in a real
    tenant; each phase's time is read from that clock. Watch-InactiveRestore waits with the machine's clock, so a wrapper
    of Get-MailboxRestoreRequest stands for its clock (see "Our watch on the simulated clock" below): hours of restores
    pass in seconds and the counts are deterministic.
    Also: Import-Module time over a bare `pwsh -NoProfile` start (median), and the working set of a watch of
    -WatchRequests requests (a child process: requests created with New-MailboxRestoreRequest, one watch cycle).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
.EXAMPLE
    ./tools/Bench.ps1 -ModuleRoot ./out -Pairs 10 -Watch 10 -WatchRequests 500
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleRoot,
    # Batch sizes for submission and re-run.
    [int[]] $Pairs = @(10, 100, 1000),
    # The runs also watched to the end: 'N' (both m) or 'N/m'. The default leaves out N = 1000, m = 1000 (see the notes the
    # bench writes: -Watch 10, 100, 1000 runs it too).
    [string[]] $Watch = @('10', '100', '1000/100'),
    # Requests of the working-set probe (0 skips it).
    [int] $WatchRequests = 10000,
    [int] $ImportRuns = 5,
    [int] $Seed = 11,
    # Simulated time each Exchange call costs (Connect-ExchangeSimulator -CallLatency: charged to the simulated clock).
    [TimeSpan] $CallLatency = '00:00:00.300',
    # The wait between two watch cycles, on the simulated clock, for both sides.
    [TimeSpan] $Cycle = '00:00:30',
    # Watch-InactiveRestore's default -ProgressInterval, on the simulated clock (see Invoke-BenchListingBefore).
    [TimeSpan] $ProgressInterval = '00:05:00',
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
            CpuSeconds = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds
        } | ConvertTo-Json | Set-Content -LiteralPath $ProbeJson
        Disconnect-ExchangeSimulator
    }
    finally { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }
    exit 0
}

if (-not $OutputPath) { $OutputPath = Join-Path $ModuleRoot 'bench' }
New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null

# --- Our watch on the simulated clock --------------------------------------------------------------------------------
# Watch-InactiveRestore waits and times its periodic progress read with the machine's clock, which the bench cannot move.
# So, while $global:BenchWatch is set, a wrapper of the simulated Get-MailboxRestoreRequest stands for that clock (one
# batch listing = one watch cycle, as Watch-InactiveRestore lists the batch once per cycle):
#   - before every batch listing but the first two (the cmdlet's initial listing and its first cycle, which follows it
#     at once), it advances the simulated clock by one cycle: the wait between cycles;
#   - without progress bars the watch reads, every ProgressInterval, the statistics of every request still copying
#     whose listed state did not change since the previous listing (those that changed are read anyway): after the
#     listing of a cycle that is due on the simulated clock, the wrapper makes those reads (real simulated calls, in the
#     ledger, each charged its latency); the watch itself runs with a -ProgressInterval of a day of real time, so it never
#     makes them itself. The rule is OperationMonitor.PollOnce's (src/InactiveRestore/Core/Monitoring): keep them in step.
# The listed states are taken from the simulator right after each listing (what the listing showed: no time passes in
# between), in C#, so that the bench adds little to a cycle of 1,000 requests.
Add-Type -ReferencedAssemblies ([ExchangeSimulator.Engine.Tenant].Assembly.Location), 'System.Collections', 'netstandard' -TypeDefinition @'
using System;
using System.Collections.Generic;
public static class BenchProgressRule
{
    /// <summary>Each request of the batch and its listed state (Status, "|Suspend" when suspended), as the simulator holds them.</summary>
    public static Dictionary<Guid, string> Snapshot(ExchangeSimulator.Engine.Tenant tenant, string batch)
    {
        var states = new Dictionary<Guid, string>();
        foreach (var r in tenant.VisibleRequests)
            if (string.Equals(r.BatchName, batch, StringComparison.OrdinalIgnoreCase)) states[r.RequestGuid] = r.Suspend ? r.Status + "|Suspend" : r.Status;
        return states;
    }

    /// <summary>The requests a due cycle reads for progress: still copying (neither queued nor settled), listed state unchanged.</summary>
    public static List<string> Reads(Dictionary<Guid, string> previous, Dictionary<Guid, string> now)
    {
        var reads = new List<string>();
        foreach (var e in now)
        {
            string status = e.Value.Split('|')[0];
            if (status == "Queued" || status == "Completed" || status == "CompletedWithWarning" || status == "Failed") continue;
            if (previous.TryGetValue(e.Key, out var before) && before == e.Value) reads.Add(e.Key.ToString());
        }
        return reads;
    }
}
'@
function global:Invoke-BenchListingBefore($w, $bound) {
    if (-not $bound.ContainsKey('BatchName')) { return }
    $w.Listings++
    if ($w.Listings -ge 3) { Step-ExchangeSimulator -Duration $w.Cycle }
    $w.Due = $false
    if ($w.Listings -lt 2) { return }
    $now = Step-ExchangeSimulator -Duration 0 -PassThru
    if ($null -eq $w.NextProgress) { $w.NextProgress = $now + $w.ProgressInterval }
    elseif ($now -ge $w.NextProgress) { $w.Due = $true; $w.NextProgress = $now + $w.ProgressInterval; $w.ProgressCycles++ }
}
function global:Invoke-BenchListingAfter($w, $bound) {
    if (-not $bound.ContainsKey('BatchName')) { return }
    $previous = $w.Listed
    $w.Listed = [BenchProgressRule]::Snapshot([ExchangeSimulator.Engine.SimulatorRegistry]::Current.Tenant, $bound['BatchName'])
    if (-not $w.Due) { return }
    foreach ($id in [BenchProgressRule]::Reads($previous, $w.Listed)) {
        $null = Get-MailboxRestoreRequestStatistics -Identity $id -ErrorAction SilentlyContinue
        $w.ProgressReads++
    }
}
function Install-ListingWrapper {
    $cmd = Get-Command -Name Get-MailboxRestoreRequest -CommandType Cmdlet
    $global:BenchListingCmd = $cmd
    $meta = [Management.Automation.CommandMetadata]::new($cmd)
    $text = [Management.Automation.ProxyCommand]::GetCmdletBindingAttribute($meta) + "`nparam(" + [Management.Automation.ProxyCommand]::GetParamBlock($meta) + ")`n" + @'
$w = $global:BenchWatch
if ($w) { Invoke-BenchListingBefore $w $PSBoundParameters }
& $global:BenchListingCmd @PSBoundParameters
if ($w) { Invoke-BenchListingAfter $w $PSBoundParameters }
'@
    Set-Item -Path function:global:Get-MailboxRestoreRequest -Value ([scriptblock]::Create($text))
}
$global:BenchWatch = $null

function Connect-Fresh([string] $Tenant) {
    Connect-ExchangeSimulator -TenantPath $Tenant -TimeScale 0 -Seed $Seed -CallLatency $CallLatency
    Install-ListingWrapper
    Clear-ExchangeSimulatorLedger
}
function Get-Calls { @(Get-ExchangeSimulatorLedger).Count }
function Get-SimNow { Step-ExchangeSimulator -Duration 0 -PassThru }
# The batch's requests as the simulator holds them (no Exchange call, no latency).
function Get-BatchRequests {
    @([ExchangeSimulator.Engine.SimulatorRegistry]::Current.Tenant.VisibleRequests | Where-Object BatchName -EQ 'Bench')
}

$results = [Collections.Generic.List[object]]::new()
$watchNotes = [Collections.Generic.List[string]]::new()
$raw = [Collections.Generic.List[object]]::new()
$cutRuns = [Collections.Generic.List[string]]::new()
function Add-Figure([int] $N, [int] $M, [string] $Metric, [int] $Ours, [int] $Peers, [TimeSpan] $OursTime, [TimeSpan] $PeersTime, [string] $Extra) {
    $results.Add([pscustomobject]@{ N = $N; M = $M; Metric = $Metric; Ours = $Ours; Peers = $Peers; OursTime = $OursTime; PeersTime = $PeersTime; Extra = $Extra })
}
function Format-Duration([TimeSpan] $t) {
    if ($t.TotalMinutes -lt 1) { '{0:0} s' -f $t.TotalSeconds } elseif ($t.TotalHours -lt 1) { '{0:0.0} min' -f $t.TotalMinutes } else { '{0:0.0} h' -f $t.TotalHours }
}
$quiet = @{ ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue'; InformationAction = 'SilentlyContinue' }

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
            $watch = "$n" -in $Watch -or "$n/$m" -in $Watch
            $f = @{}
            foreach ($side in 'Ours', 'Peers') {
                Connect-Fresh $tenant
                $cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
                $t0 = Get-SimNow
                if ($side -eq 'Ours') { $null = $csv | Start-InactiveRestore -BatchName Bench @quiet 6>$null }
                else { & (Join-Path $baseline 'Start-PeerRestore.ps1') -Pairs $csv -BatchName Bench -WarningAction SilentlyContinue }
                $t1 = Get-SimNow
                $f["$side.Submit"] = Get-Calls
                $f["$side.SubmitTime"] = $t1 - $t0
                $f["$side.Requests"] = (Get-BatchRequests).Count
                Clear-ExchangeSimulatorLedger
                if ($side -eq 'Ours') { $null = $csv | Start-InactiveRestore -BatchName Bench @quiet 6>$null }
                else { & (Join-Path $baseline 'Start-PeerRestore.ps1') -Pairs $csv -BatchName Bench -SkipExisting -WarningAction SilentlyContinue }
                $t2 = Get-SimNow
                $f["$side.Rerun"] = Get-Calls
                $f["$side.RerunTime"] = $t2 - $t1
                $f["$side.SubmitCpu"] = ([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $cpu).TotalSeconds
                if ($watch) {
                    Clear-ExchangeSimulatorLedger
                    $cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
                    if ($side -eq 'Ours') {
                        $w = $global:BenchWatch = @{ Cycle = $Cycle; ProgressInterval = $ProgressInterval; Listings = 0; Due = $false
                            NextProgress = $null; ProgressCycles = 0; ProgressReads = 0; Listed = $null }
                        try {
                            $final = @(Watch-InactiveRestore -BatchName Bench -PollInterval 00:00:00.001 -MaxPollInterval 00:00:00.001 `
                                -ProgressInterval 1.00:00:00 -Timeout 1.00:00:00 @quiet 6>$null)
                        } finally { $global:BenchWatch = $null }
                        $f["$side.Cycles"] = $w.Listings - 1
                        $f["$side.ProgressReads"] = $w.ProgressReads
                        $f["$side.ProgressCycles"] = $w.ProgressCycles
                        $f["$side.Settled"] = @($final | Where-Object { "$($_.Status)" -in 'Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled' }).Count
                    } else {
                        $f["$side.Cycles"] = & (Join-Path $baseline 'Watch-PeerRestore.ps1') -BatchName Bench -Wait { Step-ExchangeSimulator -Duration $Cycle }
                        $f["$side.Settled"] = @(Get-BatchRequests | Where-Object { $_.Status -in 'Completed', 'CompletedWithWarning', 'Failed' }).Count
                    }
                    $t3 = Get-SimNow
                    $f["$side.Watch"] = Get-Calls
                    $f["$side.WatchTime"] = $t3 - $t2
                    # When the batch's last request finished: the watch saw it that much later.
                    $f["$side.Lag"] = $t3 - (@(Get-BatchRequests | ForEach-Object { $_.CompletionTimestamp ?? $_.FailureTimestamp }) | Measure-Object -Maximum).Maximum
                    $f["$side.WatchCpu"] = ([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $cpu).TotalSeconds
                }
                Disconnect-ExchangeSimulator
                $raw.Add([pscustomobject][ordered]@{
                    N = $n; M = $m; Side = $side; Requests = $f["$side.Requests"]
                    SubmitCalls = $f["$side.Submit"]; SubmitSeconds = $f["$side.SubmitTime"].TotalSeconds
                    RerunCalls = $f["$side.Rerun"]; RerunSeconds = $f["$side.RerunTime"].TotalSeconds
                    Watched = $watch; WatchCalls = $f["$side.Watch"]; WatchSeconds = $(if ($watch) { $f["$side.WatchTime"].TotalSeconds })
                    Cycles = $f["$side.Cycles"]; ProgressCycles = $f["$side.ProgressCycles"]; ProgressReads = $f["$side.ProgressReads"]
                    Settled = $f["$side.Settled"]; SeenAfterEndSeconds = $(if ($watch) { $f["$side.Lag"].TotalSeconds })
                })
            }
            Add-Figure $n $m 'submission' $f['Ours.Submit'] $f['Peers.Submit'] $f['Ours.SubmitTime'] $f['Peers.SubmitTime'] ''
            Add-Figure $n $m 're-run, all exist' $f['Ours.Rerun'] $f['Peers.Rerun'] $f['Ours.RerunTime'] $f['Peers.RerunTime'] ''
            $line = "N=$n m=$m`: requests ours $($f['Ours.Requests']), peers $($f['Peers.Requests']); submission+re-run CPU {0:0.0} s ours, {1:0.0} s peers" -f $f['Ours.SubmitCpu'], $f['Peers.SubmitCpu']
            if ($watch) {
                Add-Figure $n $m 'watch to the end' $f['Ours.Watch'] $f['Peers.Watch'] $f['Ours.WatchTime'] $f['Peers.WatchTime'] ("{0}/{1}" -f $f['Ours.Cycles'], $f['Peers.Cycles'])
                $line += ("; watch: ours {0} cycles, {1} settled, {2} progress reads in {3} due cycles, seen {4:0} s after the batch ended, CPU {5:0.0} s;" +
                    " peers {6} passes, {7} settled, seen {8:0} s after, CPU {9:0.0} s") -f $f['Ours.Cycles'], $f['Ours.Settled'], $f['Ours.ProgressReads'], $f['Ours.ProgressCycles'],
                    $f['Ours.Lag'].TotalSeconds, $f['Ours.WatchCpu'], $f['Peers.Cycles'], $f['Peers.Settled'], $f['Peers.Lag'].TotalSeconds, $f['Peers.WatchCpu']
                # From the start of the submission to the end of the watch (the re-run runs while the requests do).
                $endToEnd = @('Ours', 'Peers' | ForEach-Object { Format-Duration ($f["$_.SubmitTime"] + $f["$_.RerunTime"] + $f["$_.WatchTime"]) })
                $watchNotes.Add(("N = {0}, m = {1} ({2:N0} requests): ours {3:N0} cycles, {4} of them with the progress read ({5:N0} calls), settled {6:N0}, saw the batch end {7:0} s after its last request finished; peers {8:N0} passes, settled {9:N0}, saw it {10:0} s after. From the start of the submission to the end of the watch: {11} ours, {12} peers. CPU of the watches here: {13:0.0} s ours, {14:0.0} s peers." -f `
                    $n, $m, $f['Ours.Requests'], $f['Ours.Cycles'], $f['Ours.ProgressCycles'], $f['Ours.ProgressReads'], $f['Ours.Settled'], $f['Ours.Lag'].TotalSeconds,
                    $f['Peers.Cycles'], $f['Peers.Settled'], $f['Peers.Lag'].TotalSeconds, $endToEnd[0], $endToEnd[1], $f['Ours.WatchCpu'], $f['Peers.WatchCpu']))
            } else {
                $cutRuns.Add("N = $n, m = $m")
            }
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
    function Format-Ratio([double] $Ours, [double] $Peers) { if ($Peers -gt 0) { '{0:0.00}x' -f ($Ours / $Peers) } else { '-' } }
    $latencyText = '{0:0} ms' -f $CallLatency.TotalMilliseconds
    $rows = foreach ($r in $results) {
        [pscustomobject][ordered]@{
            'N pairs' = $r.N; 'm targets' = $r.M; 'Exchange calls for' = $r.Metric
            'ours' = $r.Ours; 'peers' = $r.Peers; 'ratio' = (Format-Ratio $r.Ours $r.Peers)
            "ours at $latencyText" = (Format-Duration $r.OursTime); "peers at $latencyText" = (Format-Duration $r.PeersTime)
            'cycles (ours/peers)' = $r.Extra
        }
    }
    $importRow = '{0:0} ms' -f $importMedian
    $wsRow = if ($probe) { '{0:0} MB' -f ($probe.WorkingSetPeak / 1MB) } else { 'not measured' }
    $cpuMain = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds
    $footnotes = @(
        "Measured $(Get-Date -Format 'yyyy-MM-dd') with ``build.ps1 -Task Bench`` on the Exchange Online simulator (generated tenant, seed $Seed, mailboxes of $($MinSize / 1MB)-$($MaxSize / 1MB) MB, 30 % with an archive; pair i goes to target i for m = N and to target ((i-1) mod m)+1 for m = N/10; archive requests where source and target both have an archive; 10 requests run at a time). Each side has its own fresh connection to the same tenant; its Exchange calls are the simulator's ledger entries. Ratio = ours / peers calls: below 1 we spend fewer."
        "Time ""at $latencyText"": every Exchange call costs $latencyText of simulated time, charged to the simulator's manual clock before the call runs (``Connect-ExchangeSimulator -TimeScale 0 -CallLatency $($CallLatency.ToString('hh\:mm\:ss\.fff'))``), and the restores progress meanwhile; the figure is the simulated time the phase took, read from that clock. For submission and re-run it is calls x $latencyText; for a watch it also holds the waits between cycles."
        "Submission: the pairs as a CSV piped to ``Start-InactiveRestore -BatchName``; peers: ``bench/baseline/Start-PeerRestore.ps1`` (per pair Get-Mailbox -InactiveMailboxOnly, Get-Mailbox, Get-MailboxStatistics, Set-Mailbox X500 when missing, New-MailboxRestoreRequest per primary/archive). Re-run: the same again at once, every request existing and most still queued (peers with -SkipExisting: the same reads, Get-MailboxRestoreRequest per request, no New-)."
        "Watch: from the end of the re-run to the end of the batch (every request settled), $($Cycle.TotalSeconds) simulated seconds between cycles on both sides, plus the latency of the calls made. Ours: one ``Watch-InactiveRestore -BatchName``, non-interactive (progress not shown): a cycle lists the batch once and reads the statistics of the requests whose listed state changed, and every $($ProgressInterval.TotalMinutes) simulated minutes (its default -ProgressInterval) also of every request still copying. Watch-InactiveRestore waits with the machine's clock, so the bench stands in for it: a wrapper of Get-MailboxRestoreRequest steps the simulated clock $($Cycle.TotalSeconds) s before each cycle's listing and, after the listing of a due cycle, makes those progress reads (counted in ours) by the watch's rule, the watch itself running with real-time intervals of 1 ms and a -ProgressInterval of a day. Peers: ``bench/baseline/Watch-PeerRestore.ps1`` (one listing, then Get-MailboxRestoreRequestStatistics per unfinished request per pass, $($Cycle.TotalSeconds) s between passes): a pass over k unfinished requests takes k x $latencyText, so a big batch gets fewer, longer passes."
    )
    foreach ($line in $watchNotes) { $footnotes += "Watch $line" }
    if ($cutRuns.Count -eq 1 -and $cutRuns[0] -eq 'N = 1000, m = 1000') {
        # Measured with -Watch 10, 100, 1000 on 2026-12-01 (a shared 2-core machine): keep in step when the cost changes.
        $footnotes += "Cut: the watch of N = 1000, m = 1000 is not run by default, to keep the bench near 4 minutes of CPU (run it with ``tools/Bench.ps1 -ModuleRoot out -Watch 10, 100, 1000``). Its peer reads statistics for the whole 13-hour batch, one call per $latencyText (120,105 calls), and our watch lists 1,274 requests in each of its 1,521 cycles: when measured (2026-12-01) it took 152 s of CPU (53 s ours, 99 s peers) and brought the whole bench to about 6.5 minutes of CPU. Its submission and re-run are measured."
    }
    elseif ($cutRuns.Count) {
        $footnotes += "Cut: the watch of $($cutRuns -join '; ') is not run (see -Watch); its submission and re-run are measured."
    }
    $footnotes += ("Import-Module: the time Import-Module of the laid-out module takes in a fresh ``pwsh -NoProfile`` process (what it adds over a bare start), median of {0} ({1} ms; it includes PowerShell's own first-import work in that process, and start-up times on a loaded machine vary by seconds). Working set: peak of a pwsh process during one Watch-InactiveRestore cycle over {2} requests of one batch ({3}; the simulator's tenant lives in the same process)." -f `
        $ImportRuns, (($importMs | ForEach-Object { '{0:0}' -f $_ }) -join ', '), $(if ($probe) { $probe.Requests } else { $WatchRequests }), $(if ($probe) { '{0:0} MB before the watch, {1} Exchange calls in {2:0} s' -f ($probe.WorkingSetBefore / 1MB), $probe.Calls, $probe.WatchSeconds } else { 'not measured' }))
    $footnotes += "Bench: {0:0} s of CPU{1}, {2:0} s of wall time on a shared 2-core machine." -f $cpuMain, $(if ($probe -and $probe.PSObject.Properties['CpuSeconds']) { ' (and {0:0} s in the working-set probe beside it)' -f $probe.CpuSeconds } else { '' }), $wall.Elapsed.TotalSeconds

    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine("| N pairs | m targets | Exchange calls for | ours | peers | ratio | ours at $latencyText | peers at $latencyText | cycles (ours/peers) |")
    $null = $md.AppendLine('|---:|---:|---|---:|---:|---:|---:|---:|---|')
    foreach ($r in $rows) { $null = $md.AppendLine(('| {0} | {1} | {2} | {3:N0} | {4:N0} | {5} | {6} | {7} | {8} |' -f $r.'N pairs', $r.'m targets', $r.'Exchange calls for', $r.ours, $r.peers, $r.ratio, $r."ours at $latencyText", $r."peers at $latencyText", $r.'cycles (ours/peers)')) }
    $null = $md.AppendLine("| | | Import-Module over bare pwsh | $importRow | - | | | | |")
    $null = $md.AppendLine("| | | working set, watch of $(if ($probe) { $probe.Requests } else { $WatchRequests }) requests | $wsRow | - | | | | |")
    $null = $md.AppendLine()
    foreach ($line in $footnotes) { $null = $md.AppendLine("- $line") }
    $mdPath = Join-Path $OutputPath 'bench.md'
    Set-Content -LiteralPath $mdPath -Value $md.ToString().TrimEnd()
    # The raw figures of every run and side (simulated times in seconds), for tests and comparisons between runs.
    [pscustomobject]@{ CallLatencySeconds = $CallLatency.TotalSeconds; CycleSeconds = $Cycle.TotalSeconds; ProgressIntervalSeconds = $ProgressInterval.TotalSeconds
        Runs = $raw; ImportMilliseconds = $importMedian; WorkingSetPeakBytes = $(if ($probe) { $probe.WorkingSetPeak }) } |
        ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $OutputPath 'bench.json')

    Write-Host ''
    Write-Host "InactiveRestore vs peers: Exchange calls (simulator ledger) and the simulated time they took at $latencyText per call"
    $rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    Write-Host ("Import-Module over bare pwsh: {0}; working set of a watch of {1} requests: {2}" -f $importRow, $(if ($probe) { $probe.Requests } else { $WatchRequests }), $wsRow)
    foreach ($line in $footnotes) { Write-Host "- $line" }
    Write-Host "Written to $mdPath (raw figures: bench.json beside it)"
}
finally {
    if ($probeProcess -and -not $probeProcess.HasExited) { $probeProcess.Kill() }
    Remove-Item function:global:Get-MailboxRestoreRequest -ErrorAction SilentlyContinue
    Disconnect-ExchangeSimulator -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

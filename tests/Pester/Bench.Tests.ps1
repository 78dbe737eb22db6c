# Issue 10's benchmark at a size that runs in seconds: tools/Bench.ps1 for 10 pairs (the full table is
# `build.ps1 -Task Bench`). Call counts come from the simulator's ledger; every phase's time is read from the simulated
# clock, on which each Exchange call costs 300 ms and each wait between watch cycles 30 s: nothing else may move it.
BeforeAll {
    $script:Root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:Out = Join-Path $TestDrive 'bench'
    $script:Output = & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Bench.ps1') -ModuleRoot $env:INACTIVERESTORE_MODULE_ROOT `
        -Pairs 10 -Watch 10 -WatchRequests 0 -ImportRuns 1 -OutputPath $Out 2>&1
    $script:ExitCode = $LASTEXITCODE
    $script:Bench = if (Test-Path (Join-Path $Out 'bench.json')) { Get-Content (Join-Path $Out 'bench.json') -Raw | ConvertFrom-Json }
    $script:Md = if (Test-Path (Join-Path $Out 'bench.md')) { Get-Content (Join-Path $Out 'bench.md') -Raw }
}

Describe 'Benchmark (tools/Bench.ps1)' {
    It 'runs as build.ps1 -Task Bench runs it (a child pwsh) and writes the table and its raw figures' {
        $ExitCode | Should -Be 0 -Because ($Output -join [Environment]::NewLine)
        $Bench | Should -Not -BeNullOrEmpty
        $Bench.CallLatencySeconds | Should -Be 0.3
        @($Bench.Runs).Count | Should -Be 4   # m = 10 and m = 1, ours and peers
        $Md | Should -Match '\| N pairs \| m targets \| Exchange calls for \| ours \| peers \| ratio \| ours at 300 ms \| peers at 300 ms \|'
        foreach ($m in 10, 1) {
            foreach ($metric in 'submission', 're-run, all exist', 'watch to the end') { $Md | Should -Match ([regex]::Escape("| 10 | $m | $metric |")) }
        }
    }

    It 'times each phase by the simulated clock: <Side>, m = <M>' -ForEach @(
        @{ Side = 'Ours'; M = 10 }, @{ Side = 'Peers'; M = 10 }, @{ Side = 'Ours'; M = 1 }, @{ Side = 'Peers'; M = 1 }
    ) {
        $r = @($Bench.Runs | Where-Object { $_.Side -eq $Side -and $_.M -eq $M })
        $r.Count | Should -Be 1
        $r = $r[0]
        $lat = $Bench.CallLatencySeconds
        # Submission and re-run: only the calls' latency moved the clock.
        [Math]::Round($r.SubmitSeconds, 6) | Should -Be ([Math]::Round($r.SubmitCalls * $lat, 6))
        [Math]::Round($r.RerunSeconds, 6) | Should -Be ([Math]::Round($r.RerunCalls * $lat, 6))
        # The watch: the calls' latency plus one wait between consecutive cycles (the first cycle follows the start at once).
        $r.Watched | Should -BeTrue
        [Math]::Round($r.WatchSeconds, 6) | Should -Be ([Math]::Round($r.WatchCalls * $lat + ($r.Cycles - 1) * $Bench.CycleSeconds, 6))
        $r.Settled | Should -Be $r.Requests
        $r.SeenAfterEndSeconds | Should -BeGreaterOrEqual 0
        $r.SeenAfterEndSeconds | Should -BeLessThan ($Bench.CycleSeconds + $r.Requests * $lat + 1)
    }

    It 'counts the peers the same in every run (their scripts do not change with the module)' {
        $p = $Bench.Runs | Where-Object { $_.Side -eq 'Peers' -and $_.M -eq 10 }
        $p.Requests | Should -Be 11      # 10 primaries, 1 archive pair
        $p.SubmitCalls | Should -Be 51   # 4 calls per pair (source, target, size, X500) + one New- per request
        $p.RerunCalls | Should -Be 41    # the same reads, one Get-MailboxRestoreRequest per request, no New-
        # A pass reads every unfinished request: at least one read per request, and the one listing before the passes.
        $p.WatchCalls | Should -BeGreaterThan ($p.Requests + $p.Cycles)
    }

    It 'makes our watch''s periodic progress read on the simulated clock, as Watch-InactiveRestore does without progress bars' {
        foreach ($o in $Bench.Runs | Where-Object Side -EQ 'Ours') {
            # Due every ProgressInterval from the first cycle on: at most one per interval of the watch's time.
            $o.ProgressCycles | Should -BeGreaterThan 0
            $o.ProgressCycles | Should -BeLessOrEqual ([Math]::Floor($o.WatchSeconds / $Bench.ProgressIntervalSeconds))
            $o.ProgressReads | Should -BeGreaterOrEqual $o.ProgressCycles
            $o.ProgressReads | Should -BeLessOrEqual ($o.ProgressCycles * 10)   # at most the 10 requests copying at a time
            $o.WatchCalls | Should -BeGreaterThan ($o.Cycles + $o.ProgressReads)
        }
    }
}

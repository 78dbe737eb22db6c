# Issue 4's soak at a size that runs in seconds: tools/Soak.ps1 (the full 200-pair run is `build.ps1 -Task Soak`).
# A batch with 20 % injected transient faults (half of those on changes happen after the change was applied) and
# latency on every Exchange cmdlet, re-run like a runbook until it converges, watched to the end.
BeforeAll {
    $script:Soak = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'tools/Soak.ps1'
}

AfterAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
}

Describe 'Soak (tools/Soak.ps1)' {
    # Seed 2 with 3 attempts per call: pairs fail after the retry budget, so the batch needs re-runs to converge.
    It 'loses and duplicates nothing and accounts for every pair (seed <Seed>, <Attempts> attempts)' -ForEach @(
        @{ Seed = 1; Attempts = 5 }, @{ Seed = 2; Attempts = 3 }
    ) {
        $t = & $script:Soak -ModuleRoot $env:INACTIVERESTORE_MODULE_ROOT -Pairs 35 -Seed $Seed -MaxAttempts $Attempts -PassThru -Quiet
        if ($Attempts -lt 5) { $t.Reruns | Should -BeGreaterThan 0 -Because 'pairs failed after the retry budget and were re-run' }
        $t.Lost | Should -Be 0 -Because ($t.LostRows -join '; ')
        $t.Duplicated | Should -Be 0
        $t.X500Duplicated | Should -Be 0
        $t.ResumedTwice | Should -Be 0
        ($t.PairsSubmitted + $t.PairsRefused + $t.PairsFailedToSubmit) | Should -Be $t.Pairs
        $t.Pairs | Should -Be 38
        # The bad rows: a missing source and an inactive target are refused with their codes; the repeated pair is
        # picked up, not created twice.
        $t.RefusedCodes['SourceNotFound'] | Should -Be 1
        $t.RefusedCodes['TargetInactive'] | Should -Be 1
        $t.PairsRefused | Should -Be 2
        $t.RequestsCreated | Should -Be $t.RequestsExpected
        $t.AppliedNewRequestCalls | Should -Be $t.RequestsCreated
        # Faults really happened, including ambiguous ones, and were retried.
        $t.FaultsInjected | Should -BeGreaterThan 0
        $t.Retries | Should -BeGreaterThan 0
        $t.Converged | Should -BeTrue
        # Every request ended: completed, completed with warnings, or failed with Exchange's reason.
        $t.NotFinished | Should -Be 0
        ($t.Completed + $t.CompletedWithWarnings + $t.Failed) | Should -Be $t.RequestsCreated
        if ($t.Failed -gt 0) { @($t.FailedReasons.Keys).Count | Should -BeGreaterThan 0 }
        # Wall time is printed by the soak, not asserted: a busy machine must not fail the run.
    }

    It 'runs as build.ps1 -Task Soak runs it (a child pwsh): prints the tally and exits 0' {
        $root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
        Push-Location $root
        try { $out = & dotnet pwsh -NoProfile -NonInteractive -File $script:Soak -ModuleRoot $env:INACTIVERESTORE_MODULE_ROOT -Pairs 8 -Quiet 2>&1 }
        finally { Pop-Location }
        $LASTEXITCODE | Should -Be 0 -Because ($out -join [Environment]::NewLine)
        $out | Should -Contain '== Soak tally'
        ($out -match '^LOST\s+: 0$') | Should -Not -BeNullOrEmpty
        ($out -match '^DUPLICATED\s+: 0 ') | Should -Not -BeNullOrEmpty
    }
}

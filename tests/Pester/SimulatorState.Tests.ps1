# Persistent simulator state (Connect-ExchangeSimulator -StatePath) and generated tenants (New-ExchangeSimulatorTenant).
BeforeAll {
    $script:SimModule = Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1'
    # out/ is under the repository root, where the 'dotnet pwsh' local tool is restored.
    $script:RepoRoot = Split-Path $env:INACTIVERESTORE_MODULE_ROOT -Parent
    Import-Module $script:SimModule -Force

    function Get-Bytes([string] $Size) { [long] (($Size -replace '^.*\(([\d,]+) bytes\)$', '$1') -replace ',') }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'New-ExchangeSimulatorTenant' {
    It 'writes a 200 + 200 soak tenant that Connect-ExchangeSimulator loads, pair i -> i ready' {
        $file = New-ExchangeSimulatorTenant -Path (Join-Path $TestDrive 'soak.json')
        $file | Should -BeOfType System.IO.FileInfo
        Connect-ExchangeSimulator -TenantPath $file.FullName -TimeScale 0
        (Get-ConnectionInformation).Organization | Should -Be 'soak.onmicrosoft.com'

        $inactive = @(Get-Mailbox -InactiveMailboxOnly -ResultSize Unlimited)
        $active = @(Get-Mailbox -ResultSize Unlimited)
        $inactive.Count | Should -Be 200
        $active.Count | Should -Be 200
        $inactive[0].Alias | Should -Be 'inactive.0001'
        $inactive[199].Alias | Should -Be 'inactive.0200'
        $active[0].Alias | Should -Be 'active.0001'
        $inactive | ForEach-Object { $_.IsInactiveMailbox | Should -BeTrue }
        $inactive | Where-Object { -not $_.LitigationHoldEnabled -and $_.InPlaceHolds.Count -eq 0 } | Should -BeNullOrEmpty

        $withArchive = 0
        for ($i = 0; $i -lt 200; $i++) {
            $inactive[$i].ArchiveStatus | Should -Be $active[$i].ArchiveStatus
            if ($inactive[$i].ArchiveStatus -eq 'Active') { $withArchive++ }
        }
        $withArchive | Should -BeGreaterThan 30
        $withArchive | Should -BeLessThan 90

        $state = Get-ExchangeSimulatorState
        foreach ($m in $state.Mailboxes) {
            $bytes = Get-Bytes $m.Statistics.TotalItemSize
            $bytes | Should -BeGreaterOrEqual 20MB
            $bytes | Should -BeLessOrEqual 400MB
        }
        @($state.Mailboxes.RestoreBehavior | Sort-Object -Unique) | Should -Be @('Normal')

        # Microsoft's procedure works for a pair, primary and archive.
        $pair = [array]::FindIndex([object[]] $inactive, [Predicate[object]] { param($m) $m.ArchiveStatus -eq 'Active' })
        $src = $inactive[$pair]; $dst = $active[$pair]
        Set-Mailbox $dst.Alias -EmailAddresses @{ Add = "X500:$($src.LegacyExchangeDN)" }
        New-MailboxRestoreRequest -SourceMailbox $src.DistinguishedName -TargetMailbox $dst.Alias -ErrorAction Stop | Out-Null
        New-MailboxRestoreRequest -SourceMailbox $src.ExchangeGuid -TargetMailbox $dst.Alias -SourceIsArchive -TargetIsArchive -ErrorAction Stop | Out-Null
        Step-ExchangeSimulator -Duration (New-TimeSpan -Hours 1)
        (Get-MailboxRestoreRequest | Get-MailboxRestoreRequestStatistics).Status | Should -Be @('Completed', 'Completed')
    }

    It 'is deterministic by seed and honours counts, organization, sizes, archive rate and behaviour mix' {
        $a = Join-Path $TestDrive 'a.json'; $b = Join-Path $TestDrive 'b.json'; $c = Join-Path $TestDrive 'c.json'
        $spec = @{ InactiveCount = 120; ActiveCount = 130; Organization = 'fabrikam.onmicrosoft.com'; MinSize = 1MB; MaxSize = 2MB; ArchiveRate = 1
                   BehaviorMix = @{ Normal = 0.6; Stall = 0.2; BadItems = 0.2 } }
        New-ExchangeSimulatorTenant -Path $a -Seed 7 @spec | Out-Null
        New-ExchangeSimulatorTenant -Path $b -Seed 7 @spec | Out-Null
        New-ExchangeSimulatorTenant -Path $c -Seed 8 @spec | Out-Null
        (Get-FileHash $a).Hash | Should -Be (Get-FileHash $b).Hash
        (Get-FileHash $a).Hash | Should -Not -Be (Get-FileHash $c).Hash

        Connect-ExchangeSimulator -TenantPath $a -TimeScale 0
        $state = Get-ExchangeSimulatorState
        $state.Organization | Should -Be 'fabrikam.onmicrosoft.com'
        $inactive = @($state.Mailboxes | Where-Object IsInactiveMailbox)
        $inactive.Count | Should -Be 120
        @($state.Mailboxes | Where-Object { -not $_.IsSoftDeleted }).Count | Should -Be 130
        ($state.Mailboxes | Where-Object ArchiveStatus -ne 'Active') | Should -BeNullOrEmpty
        $state.Mailboxes | ForEach-Object { Get-Bytes $_.Statistics.TotalItemSize | Should -BeLessOrEqual 2MB }
        $mix = $inactive | Group-Object RestoreBehavior -AsHashTable -AsString
        @($mix.Keys | Sort-Object) | Should -Be @('BadItems', 'Normal', 'Stall')
        $mix['Normal'].Count | Should -BeGreaterThan 50
        $mix['Stall'].Count | Should -BeGreaterThan 5
    }

    It 'refuses an unknown behaviour or a bad size range' {
        { New-ExchangeSimulatorTenant -Path (Join-Path $TestDrive 'x.json') -BehaviorMix @{ Exploding = 1 } } | Should -Throw '*Exploding*'
        { New-ExchangeSimulatorTenant -Path (Join-Path $TestDrive 'x.json') -MinSize 10MB -MaxSize 1MB } | Should -Throw '*MinSize*'
        Test-Path (Join-Path $TestDrive 'x.json') | Should -BeFalse
    }
}

Describe 'Persistent state across a killed process' {
    BeforeAll {
        $script:Tenant = Join-Path $TestDrive 'kill-tenant.json'
        New-ExchangeSimulatorTenant -Path $script:Tenant -InactiveCount 40 -ActiveCount 40 -MinSize 5MB -MaxSize 50MB | Out-Null
        $script:State = Join-Path $TestDrive 'kill-state.json'
        $script:Child = Join-Path $TestDrive 'child.ps1'
        # The child: creates restore requests in a loop (the clock moves now and then) and logs each one it heard back.
        Set-Content -Path $script:Child -Value @'
param([string] $Module, [string] $Tenant, [string] $State, [string] $Log, [string] $PidFile, [int] $Run)
$ErrorActionPreference = 'Stop'
Import-Module $Module
Connect-ExchangeSimulator -TenantPath $Tenant -StatePath $State -TimeScale 0
$sources = @(Get-Mailbox -InactiveMailboxOnly -ResultSize Unlimited)
[IO.File]::WriteAllText($PidFile, "$PID")
for ($j = 0; ; $j++) {
    $i = $j % $sources.Count
    $r = New-MailboxRestoreRequest -SourceMailbox $sources[$i].DistinguishedName -TargetMailbox ('active.{0:0000}' -f ($i + 1)) -AllowLegacyDNMismatch -Name "run$Run-$j"
    [IO.File]::AppendAllText($Log, "$($r.RequestGuid)`n")
    if ($j % 7 -eq 3) { Step-ExchangeSimulator -Minutes 1 }
}
'@
    }

    It 'keeps every request the killed process heard about, at most one it did not, and never a torn file' {
        $thresholds = 2, 9, 23, 4, 31
        $announcedTotal = [Collections.Generic.List[guid]]::new()
        for ($run = 0; $run -lt $thresholds.Count; $run++) {
            $log = Join-Path $TestDrive "log$run.txt"; $pidFile = Join-Path $TestDrive "pid$run.txt"
            $psi = [Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($arg in 'pwsh', '-NoProfile', '-NonInteractive', '-File', $script:Child, '-Module', $script:SimModule, '-Tenant', $script:Tenant,
                '-State', $script:State, '-Log', $log, '-PidFile', $pidFile, '-Run', "$run") { $psi.ArgumentList.Add($arg) }
            $psi.WorkingDirectory = $script:RepoRoot
            $psi.UseShellExecute = $false
            $host_ = [Diagnostics.Process]::Start($psi)
            try {
                $deadline = [DateTime]::UtcNow.AddSeconds(90)
                $lines = 0
                while ($lines -lt $thresholds[$run]) {
                    if ([DateTime]::UtcNow -gt $deadline -or $host_.HasExited) { throw "The child (run $run) did not reach $($thresholds[$run]) requests (exited: $($host_.HasExited))." }
                    Start-Sleep -Milliseconds 5
                    if (Test-Path $log) { $lines = @([IO.File]::ReadAllLines($log)).Count }
                }
                if ($run -eq 0) {
                    # While the child holds the state file, nobody else may connect to it.
                    { Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0 } | Should -Throw '*in use by another connection*'
                }
                Start-Sleep -Milliseconds (3 * $run)   # vary the moment of the kill within a call
                $childPid = [int] [IO.File]::ReadAllText($pidFile)
                Stop-Process -Id $childPid -Force
            }
            finally {
                if (-not $host_.WaitForExit(30000)) { $host_.Kill($true) }
                Get-Process -Id ([int] [IO.File]::ReadAllText($pidFile)) -ErrorAction SilentlyContinue | ForEach-Object { $_.WaitForExit(30000) | Out-Null }
            }
            $host_.ExitCode | Should -Not -Be 0

            # The file is complete JSON of the documented version, and no temp file is left that matters.
            $raw = Get-Content $script:State -Raw | ConvertFrom-Json
            $raw.StateVersion | Should -Be 2

            $announced = @(Get-Content $log | Where-Object { $_ -match '^[0-9a-f-]{36}$' } | ForEach-Object { [guid] $_ })
            $announcedTotal.AddRange([guid[]] $announced)

            Connect-ExchangeSimulator -StatePath $script:State -TimeScale 0
            $requests = @((Get-ExchangeSimulatorState).Requests)
            $guids = [Collections.Generic.HashSet[guid]]::new([guid[]] @($requests.RequestGuid))
            foreach ($g in $announcedTotal) { $guids.Contains($g) | Should -BeTrue -Because "request $g was reported to the killed process" }
            $guids.Count | Should -Be $requests.Count
            $thisRun = @($requests | Where-Object Name -like "run$run-*")
            Write-Host "   killed run ${run}: $($thisRun.Count) requests persisted, $($announced.Count) heard by the client"
            ($thisRun.Count - $announced.Count) | Should -BeIn @(0, 1)
            # Each persisted request has its ledger entry (the ledger journal is consistent with the state).
            @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest | Where-Object ChangeApplied).Count | Should -Be $requests.Count
            @($requests | Group-Object { "$($_.TargetMailbox)\$($_.Name)" } | Where-Object Count -gt 1) | Should -BeNullOrEmpty
            Disconnect-ExchangeSimulator
        }
        $announcedTotal.Count | Should -BeGreaterOrEqual ($thresholds | Measure-Object -Sum).Sum
    }
}

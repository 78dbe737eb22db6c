# Issue 4: "A process killed in the middle of a bulk Start, then the same command run again: the batch converges with
# no duplicate request." A real pwsh process runs the bulk Start against a simulator whose tenant lives in a state file
# (-StatePath: Exchange's server-side state survives the client); the test kills it (Stop-Process -Force) once some
# requests exist, runs the same command again in a second process to the end, then checks the tenant.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    $script:RepoRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent   # tests/Pester -> the repository
    $script:PairCount = 30
    $script:Tenant = Join-Path $TestDrive 'kill-tenant.json'
    New-ExchangeSimulatorTenant -Path $script:Tenant -InactiveCount $script:PairCount -ActiveCount $script:PairCount -Seed 11 -ArchiveRate 0.3 | Out-Null
    $script:Csv = Join-Path $TestDrive 'pairs.csv'
    1..$script:PairCount | ForEach-Object { [pscustomobject]@{ SourceMailbox = 'inactive.{0:d4}' -f $_; TargetMailbox = 'active.{0:d4}' -f $_ } } |
        Export-Csv -Path $script:Csv -NoTypeInformation

    # The runbook: what an admin runs, and runs again after the process died.
    $script:Child = Join-Path $TestDrive 'bulk-start.ps1'
    @'
param([string] $TenantPath, [string] $StatePath, [string] $Csv, [int] $LatencyMs, [string] $PidFile)
$ErrorActionPreference = 'Stop'
Set-Content -Path $PidFile -Value $PID   # this pwsh process (dotnet pwsh starts it as a child of the dotnet launcher)
Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1')
Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1')
Connect-ExchangeSimulator -TenantPath $TenantPath -StatePath $StatePath -TimeScale 0
Set-ExchangeSimulatorFault -Clear
if ($LatencyMs -gt 0) { Set-ExchangeSimulatorFault -Latency ([TimeSpan]::FromMilliseconds($LatencyMs)) }
$results = @(Import-Csv $Csv | Start-InactiveRestore -BatchName Kill -Force -WarningAction SilentlyContinue -InformationAction Ignore)
"created=$(@($results | Where-Object { $_.Success -and -not $_.AlreadyExisted }).Count) existed=$(@($results | Where-Object AlreadyExisted).Count)"
'@ | Set-Content -Path $script:Child -Encoding utf8

    # dotnet pwsh (the repository's local tool) from the repository root. Output is read asynchronously; the child writes
    # its own process id (the pwsh process, a child of the dotnet launcher) to <Name>.pid.
    function Start-Child([string] $StatePath, [int] $LatencyMs, [string] $Name) {
        $psi = [Diagnostics.ProcessStartInfo]::new('dotnet')
        $psi.WorkingDirectory = $script:RepoRoot
        $psi.UseShellExecute = $false
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        foreach ($a in 'pwsh', '-NoProfile', '-NonInteractive', '-File', $script:Child, '-TenantPath', $script:Tenant, '-StatePath', $StatePath,
            '-Csv', $script:Csv, '-LatencyMs', $LatencyMs, '-PidFile', (Join-Path $TestDrive "$Name.pid")) { $psi.ArgumentList.Add([string] $a) }
        $p = [Diagnostics.Process]::Start($psi)
        [pscustomobject]@{ Process = $p; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync(); PidFile = Join-Path $TestDrive "$Name.pid" }
    }

    # Successful New-MailboxRestoreRequest calls so far, read from the ledger journal the child appends to (shared for reading).
    function Get-JournalNewCount([string] $StatePath) {
        $path = "$StatePath.ledger"
        if (-not (Test-Path $path)) { return 0 }
        $text = Get-Content -LiteralPath $path -Raw -ErrorAction SilentlyContinue   # opened shared: the child keeps appending
        @($text -split "`n" | Where-Object { $_ -match '"CommandName":"New-MailboxRestoreRequest"' -and $_ -match '"ChangeApplied":true' }).Count
    }

    function Get-TenantState([string] $StatePath) {
        Connect-ExchangeSimulator -StatePath $StatePath -TimeScale 0
        try { [pscustomobject]@{ State = Get-ExchangeSimulatorState; News = @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest); Sets = @(Get-ExchangeSimulatorLedger -CommandName Set-Mailbox) } }
        finally { Disconnect-ExchangeSimulator }
    }
}

Describe 'A bulk Start killed mid-batch, then run again' {
    It 'converges with exactly one request per pair and part, none duplicated (killed after <KillAfter> requests)' -ForEach @(
        # ExtraMs: a further wait so the kill lands at different points of a pair (a read, the X500 change, a New-).
        @{ KillAfter = 2; ExtraMs = 0 }, @{ KillAfter = 13; ExtraMs = 25 }, @{ KillAfter = 27; ExtraMs = 40 }
    ) {
        $statePath = Join-Path $TestDrive "kill-$KillAfter.json"
        $child = Start-Child -StatePath $statePath -LatencyMs 15 -Name "kill-$KillAfter"
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (((Get-JournalNewCount $statePath) -lt $KillAfter -or -not (Test-Path $child.PidFile)) -and -not $child.Process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 20
        }
        if ($child.Process.HasExited) { throw "The child ended before the kill: $($child.Err.Result)" }
        Start-Sleep -Milliseconds $ExtraMs
        $pwshId = [int] (Get-Content $child.PidFile -Raw)
        Stop-Process -Id $pwshId -Force
        $child.Process.WaitForExit(15000) | Should -BeTrue
        $child.Process.ExitCode | Should -Not -Be 0

        $killed = Get-TenantState $statePath
        $before = @($killed.State.Requests)
        $before.Count | Should -BeGreaterOrEqual ($KillAfter - 1) -Because 'the requests heard of before the kill persist (a call killed before its save is lost with its state)'
        $sources = @($killed.State.Mailboxes | Where-Object { $_.Alias -like 'inactive.*' })
        $expected = $script:PairCount + @($sources | Where-Object ArchiveStatus -eq 'Active').Count
        $before.Count | Should -BeLessThan $expected -Because 'the process was killed before the end of the batch'

        # The same command, run again in a new process, to the end.
        $rerun = Start-Child -StatePath $statePath -LatencyMs 0 -Name "rerun-$KillAfter"
        $rerun.Process.WaitForExit(120000) | Should -BeTrue
        $rerun.Process.ExitCode | Should -Be 0 -Because $rerun.Err.Result
        Write-Host "   killed after $KillAfter New-MailboxRestoreRequest calls heard: $($before.Count) of $expected requests persisted; the re-run: $($rerun.Out.Result.Trim())"
        $rerun.Out.Result.Trim() | Should -Be "created=$($expected - $before.Count) existed=$($before.Count)"

        $final = Get-TenantState $statePath
        $requests = @($final.State.Requests)
        @($requests | Where-Object IsRemoved).Count | Should -Be 0
        $requests.Count | Should -Be $expected
        @($requests | Group-Object TargetMailbox, Name | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        $targets = @{}; $final.State.Mailboxes | ForEach-Object { $targets[$_.Alias] = $_ }
        foreach ($i in 1..$script:PairCount) {
            $src = $targets['inactive.{0:d4}' -f $i]; $dst = $targets['active.{0:d4}' -f $i]
            $mine = @($requests | Where-Object { $_.SourceMailbox -eq $src.DistinguishedName })
            @($mine | Where-Object { -not $_.TargetIsArchive }).Count | Should -Be 1 -Because "$($src.Alias) has one primary request"
            @($mine | Where-Object { $_.TargetIsArchive }).Count | Should -Be ([int]($src.ArchiveStatus -eq 'Active')) -Because "$($src.Alias) has one archive request when both have archives"
            $mine | ForEach-Object { $_.TargetMailbox | Should -Be $dst.Identity }
            @($dst.EmailAddresses | Where-Object { $_ -eq "X500:$($src.LegacyExchangeDN)" }).Count | Should -Be 1
        }
        # Every New-MailboxRestoreRequest that Exchange applied is a distinct request.
        $applied = @($final.News | Where-Object ChangeApplied)
        $applied.Count | Should -Be $expected
        @($applied | ForEach-Object { "$($_.Parameters.TargetMailbox)|$($_.Parameters.Name)" } | Sort-Object -Unique).Count | Should -Be $expected
    }
}

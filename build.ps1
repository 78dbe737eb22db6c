#requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests and demonstrates InactiveRestore.
.DESCRIPTION
    Run through the repository's pinned PowerShell: `dotnet tool restore && dotnet pwsh ./build.ps1 -Task <Name>`.
      Build  (default) builds the solution and lays out out/InactiveRestore and out/ExchangeSimulator.
      Test   Build, then every xunit and Pester test; ends with the line 'N passed, N failed'.
      Demo   Build, then the whole restore lifecycle on the simulator's built-in demo tenant.
      Soak   Build, then the full-size resilience soak (200 pairs, injected faults) with its tally.
      Bench  Build, then the side-by-side benchmark against the peer scripts of bench/baseline (prints one table and
             writes it to out/bench/bench.md).
      Package Build, then out/InactiveRestore.zip for Azure Automation (the zip holds the InactiveRestore folder) and a
             Gallery-shaped package: checks the manifest as the Gallery would, Publish-PSResource into a temporary local
             repository (out/gallery keeps the .nupkg), Install-PSResource into a temporary folder and Import-Module.
      Clean  Removes out/ and every bin/ and obj/.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Soak', 'Bench', 'Package', 'Help', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Test only: a Pester tag or an xunit filter to narrow the run while developing.
    [string] $PesterPath,
    [string] $XunitFilter
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$PSStyle.OutputRendering = 'PlainText'

$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'InactiveRestore'
$simOut = Join-Path $out 'ExchangeSimulator'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') exited with code $LASTEXITCODE" }
}

function Invoke-Build {
    Write-Host "== Build ($Configuration)"
    Invoke-Native dotnet @('build', (Join-Path $root 'InactiveRestore.sln'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly;NoSummary')

    foreach ($dir in $moduleOut, $simOut) {
        if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
    }
    # The shipped module: our assembly only (no third-party runtime assemblies), the manifest, views and help.
    $bin = Join-Path $root "src/InactiveRestore/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $bin 'InactiveRestore.dll') $moduleOut
    Copy-Item (Join-Path $root 'InactiveRestore.psd1') $moduleOut
    Get-ChildItem (Join-Path $root 'module') -Recurse -File | ForEach-Object {
        $relative = [IO.Path]::GetRelativePath((Join-Path $root 'module'), $_.FullName)
        $target = Join-Path $moduleOut $relative
        New-Item -ItemType Directory -Path (Split-Path $target) -Force | Out-Null
        Copy-Item $_.FullName $target
    }
    # The simulator: its engine module and the tmpEXO_Simulator assembly it imports at Connect-ExchangeSimulator.
    $simBin = Join-Path $root "src/ExchangeSimulator.Exchange/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $simBin 'ExchangeSimulator.dll'), (Join-Path $simBin 'tmpEXO_Simulator.dll') $simOut
    Get-ChildItem (Join-Path $root 'src/ExchangeSimulator/module') -File -ErrorAction SilentlyContinue |
        Copy-Item -Destination $simOut
    Write-Host "   module laid out in $moduleOut"
}

function Get-PesterModulePath {
    $project = Join-Path $root 'tests/tools/Pester.Restore.csproj'
    Invoke-Native dotnet @('restore', $project, '--nologo', '-v', 'quiet')
    $line = & dotnet msbuild $project -nologo -t:PrintPesterPath -v:minimal | Where-Object { $_ -match 'PESTER=' } | Select-Object -First 1
    if (-not $line) { throw 'Could not locate the Pester package after restore.' }
    $path = Join-Path ($line -replace '^\s*PESTER=', '').Trim() 'tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester module not found at $path" }
    $path
}

function Invoke-Test {
    $results = Join-Path $out 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory $results -Force | Out-Null

    $passed = 0; $failed = 0
    Write-Host '== xunit'
    $testArgs = @('test', (Join-Path $root 'InactiveRestore.sln'), '-c', $Configuration, '--no-build', '--nologo',
        '--results-directory', $results, '--logger', 'trx', '-v', 'quiet')
    if ($XunitFilter) { $testArgs += @('--filter', $XunitFilter) }
    & dotnet @testArgs
    $xunitExit = $LASTEXITCODE
    $trx = @(Get-ChildItem $results -Filter *.trx -Recurse)
    foreach ($file in $trx) {
        [xml] $doc = Get-Content -LiteralPath $file.FullName -Raw
        $c = $doc.TestRun.ResultSummary.Counters
        $passed += [int] $c.passed
        $failed += [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
    }
    if ($trx.Count -eq 0 -or ($xunitExit -ne 0 -and $failed -eq 0)) {
        Write-Host "xunit did not report results (exit code $xunitExit)"
        $failed += 1
    }
    Write-Host "   xunit: $passed passed, $failed failed"

    Write-Host '== Pester'
    $pester = Get-PesterModulePath
    $pesterJson = Join-Path $results 'pester.json'
    $target = if ($PesterPath) { $PesterPath } else { Join-Path $root 'tests/Pester' }
    # A child process: each run imports the freshly built modules into a clean session.
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Invoke-PesterRun.ps1') `
        -PesterModule $pester -Path $target -ModuleRoot $out -ResultJson $pesterJson
    $pesterExit = $LASTEXITCODE
    if (Test-Path $pesterJson) {
        $p = Get-Content $pesterJson -Raw | ConvertFrom-Json
        Write-Host "   Pester: $($p.Passed) passed, $($p.Failed) failed"
        $passed += [int] $p.Passed; $failed += [int] $p.Failed
    } else {
        Write-Host "Pester did not report results (exit code $pesterExit)"
        $failed += 1
    }

    if ($passed -eq 0) { Write-Host 'No test ran.'; $failed = [Math]::Max($failed, 1) }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Script([string] $Name) {
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root "tools/$Name") -ModuleRoot $out
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

switch ($Task) {
    'Clean' {
        foreach ($d in @($out) + @(Get-ChildItem $root -Directory -Recurse -Include bin, obj | Select-Object -ExpandProperty FullName)) {
            if (Test-Path $d) { Remove-Item $d -Recurse -Force }
        }
        Write-Host 'Cleaned.'
    }
    'Build' { Invoke-Build }
    'Test'  { Invoke-Build; Invoke-Test }
    'Demo'  { Invoke-Build; Invoke-Script 'Demo.ps1' }
    'Soak'  { Invoke-Build; Invoke-Script 'Soak.ps1' }
    'Bench' { Invoke-Build; Invoke-Script 'Bench.ps1' }
    'Help'  { Invoke-Build; Invoke-Script 'New-MamlHelp.ps1' }   # regenerates module/en-US/InactiveRestore.dll-Help.xml from docs/help
    'Package' { Invoke-Build; Invoke-Script 'Package.ps1' }   # out/InactiveRestore.zip and out/gallery/InactiveRestore.<version>.nupkg, both checked
}

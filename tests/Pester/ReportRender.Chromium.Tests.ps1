# The demo's HTML report, rendered by a real browser: tools/Demo.ps1 writes the report of its batch and prints its path;
# headless Chromium (Debian's chromium package, installed here when missing) parses it (--dump-dom) and draws it
# (--screenshot, desktop and phone widths). Skipped, with the reason, only where Chromium is absent and cannot be installed.
BeforeAll {
    $script:work = Join-Path $TestDrive 'chromium'
    New-Item -ItemType Directory $work | Out-Null

    function Find-Chromium {
        foreach ($name in 'chromium', 'chromium-browser') {
            $c = Get-Command $name -CommandType Application -ErrorAction Ignore | Select-Object -First 1
            if ($c) { return $c.Source }
        }
    }

    # Runs a program with a time limit; returns its standard output.
    function Invoke-Native([string] $File, [string[]] $Arguments, [int] $TimeoutSeconds = 120, [string] $WorkingDirectory = $work) {
        $psi = [System.Diagnostics.ProcessStartInfo]::new($File)
        $psi.WorkingDirectory = $WorkingDirectory
        foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $stderr = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSeconds * 1000)) {
            $p.Kill($true)
            throw "$File did not finish within $TimeoutSeconds s."
        }
        $p.WaitForExit()
        [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $stdout.Result; Error = $stderr.Result }
    }

    $script:skipReason = $null
    $script:chromium = Find-Chromium
    if (-not $chromium) {
        $apt = Get-Command apt-get -CommandType Application -ErrorAction Ignore
        $isRoot = $IsLinux -and ((& id -u) -eq '0')
        if (-not $apt) { $script:skipReason = 'Chromium is not installed and this system has no apt-get to install Debian''s chromium package.' }
        elseif (-not $isRoot) { $script:skipReason = 'Chromium is not installed and installing it with apt-get needs root.' }
        else {
            $env:DEBIAN_FRONTEND = 'noninteractive'
            $update = Invoke-Native $apt.Source @('update', '-qq') 600
            $install = Invoke-Native $apt.Source @('install', '-y', '-qq', 'chromium') 900
            $script:chromium = Find-Chromium
            if (-not $chromium) {
                $script:skipReason = "Chromium could not be installed (apt-get update exit $($update.ExitCode), install exit $($install.ExitCode)): $(($install.Error -split "`n" | Select-Object -Last 3) -join ' ')"
            }
        }
    }

    # The demo, in its own process as build.ps1 -Task Demo runs it (dotnet pwsh, the repository's local tool, from the
    # repository root): it ends by writing the report and printing its path.
    $root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $demo = Join-Path $root 'tools/Demo.ps1'
    $run = Invoke-Native 'dotnet' @('pwsh', '-NoProfile', '-NonInteractive', '-File', $demo, '-ModuleRoot', $env:INACTIVERESTORE_MODULE_ROOT) 300 $root
    $script:demoOutput = $run.Output
    $script:demoExit = $run.ExitCode
    $script:reportPath = ([regex]::Match($demoOutput, '(?m)^Report: (.+?)\s*$')).Groups[1].Value
    $script:requestCount = [int] ([regex]::Match($demoOutput, '(\d+) requests for \d+ pairs')).Groups[1].Value

    $script:chromiumArgs = @('--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions',
        '--hide-scrollbars', "--user-data-dir=$(Join-Path $work 'profile')")
    $script:reportUri = if ($reportPath) { [System.Uri]::new((Resolve-Path -LiteralPath $reportPath).ProviderPath).AbsoluteUri }
}

Describe "The demo's HTML report in headless Chromium" {
    It 'is written by the demo, which prints its path' {
        $demoExit | Should -Be 0 -Because $demoOutput
        $reportPath | Should -Not -BeNullOrEmpty -Because 'the demo prints "Report: <path>"'
        Test-Path -LiteralPath $reportPath | Should -BeTrue
        $requestCount | Should -BeGreaterThan 0
    }

    It 'parses into a page with the summary, the picture and one row per request' {
        if ($skipReason) { Set-ItResult -Skipped -Because $skipReason; return }
        $run = Invoke-Native $chromium ($chromiumArgs + @('--dump-dom', $reportUri))
        $dom = $run.Output
        $dom | Should -Match '<section id="summary"' -Because "Chromium (exit $($run.ExitCode)) rendered $reportUri; it said: $(($run.Error -split "`n" | Where-Object { $_ -notmatch 'dbus' } | Select-Object -Last 5) -join ' ')"
        $dom | Should -Match ('<div class="card" id="card-requests">.*?<div class="value">{0}</div>' -f $requestCount)
        $dom | Should -Match '<svg class="status-bar"[^>]*>'
        ([regex]::Matches($dom, '<g class="segment"')).Count | Should -BeGreaterThan 0
        ([regex]::Matches($dom, '<li class="progress"')).Count | Should -Be $requestCount
        ([regex]::Matches($dom, '<tr class="request[ "]')).Count | Should -Be $requestCount
        ([regex]::Matches($dom, '<tr class="refused-pair"')).Count | Should -Be 4 -Because 'the demo passes its four refused pairs'
        $dom | Should -Match '<dd>contoso\.onmicrosoft\.com</dd>'
        $dom | Should -Not -Match '<script'
    }

    It 'draws at desktop and phone widths' {
        if ($skipReason) { Set-ItResult -Skipped -Because $skipReason; return }
        foreach ($size in @(@{ Name = 'desktop'; W = 1280; H = 1400 }, @{ Name = 'phone'; W = 390; H = 1200 })) {
            $png = Join-Path $work "report-$($size.Name).png"
            Invoke-Native $chromium ($chromiumArgs + @("--window-size=$($size.W),$($size.H)", "--screenshot=$png", $reportUri)) | Out-Null
            Test-Path $png | Should -BeTrue -Because "Chromium writes the $($size.Name) screenshot"
            $bytes = [System.IO.File]::ReadAllBytes($png)
            $bytes.Length | Should -BeGreaterThan 20000 -Because 'a drawn page is not blank'
            [System.BitConverter]::ToString($bytes, 0, 8) | Should -Be '89-50-4E-47-0D-0A-1A-0A'
            # The PNG header's width and height (big-endian at bytes 16 and 20).
            $w = ([int] $bytes[16] -shl 24) -bor ([int] $bytes[17] -shl 16) -bor ([int] $bytes[18] -shl 8) -bor [int] $bytes[19]
            $h = ([int] $bytes[20] -shl 24) -bor ([int] $bytes[21] -shl 16) -bor ([int] $bytes[22] -shl 8) -bor [int] $bytes[23]
            $w | Should -Be $size.W
            $h | Should -Be $size.H
        }
    }
}

# The packages of `build.ps1 -Task Package` (tools/Package.ps1), made from the laid-out module into a temporary folder:
# the Azure Automation zip, and the Gallery-shaped round trip (Publish-PSResource into a local file repository,
# Install-PSResource from it into a temporary folder, Import-Module of the installed copy). Each run is a child pwsh, as
# build.ps1 runs it: the installed copy is a second InactiveRestore.dll, which must not meet this session's.
BeforeAll {
    $script:Root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:PackageScript = Join-Path $script:Root 'tools/Package.ps1'
    $script:LaidOut = Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore'
    Import-Module (Join-Path $script:LaidOut 'InactiveRestore.psd1') -Force

    # The user's repository list and module folder before any run: a run must leave both as they were.
    function Get-UserState {
        [pscustomobject]@{
            Repositories = @(Get-PSResourceRepository -ErrorAction SilentlyContinue | ForEach-Object Name | Sort-Object)
            Installed    = @(Get-InstalledPSResource -Name InactiveRestore -ErrorAction SilentlyContinue | ForEach-Object { "$($_.InstalledLocation)|$($_.Version)" })
        }
    }
    $script:Before = Get-UserState

    function Invoke-Package([string] $OutputPath, [string] $ModulePath) {
        $json = Join-Path $OutputPath 'package.json'
        New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
        $arguments = @('pwsh', '-NoProfile', '-NonInteractive', '-File', $script:PackageScript,
            '-ModuleRoot', $env:INACTIVERESTORE_MODULE_ROOT, '-OutputPath', $OutputPath, '-ResultJson', $json)
        if ($ModulePath) { $arguments += @('-ModulePath', $ModulePath) }
        Push-Location $script:Root   # dotnet pwsh finds the pinned tool from the repository's manifest
        try { $output = & dotnet @arguments 2>&1 }
        finally { Pop-Location }
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Output   = ($output | Out-String)
            Result   = if (Test-Path $json) { Get-Content $json -Raw | ConvertFrom-Json } else { $null }
        }
    }

    $script:Run = Invoke-Package -OutputPath (Join-Path $TestDrive 'good')
    $script:R = $script:Run.Result
}

AfterAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
}

Describe 'build.ps1 -Task Package (tools/Package.ps1)' {
    It 'succeeds: manifest checks, zip, publish, install and import' {
        $script:Run.ExitCode | Should -Be 0 -Because $script:Run.Output
        $script:R.Succeeded | Should -BeTrue -Because "$($script:R.Error)"
        $script:R.ManifestValid | Should -BeTrue
    }

    It 'publishes into the local file repository: one .nupkg of the manifest version, with the Gallery metadata' {
        $script:R.Published | Should -BeTrue
        $nupkg = Get-Item -LiteralPath $script:R.NupkgPath
        $nupkg.Name | Should -Be "InactiveRestore.$($script:R.Version).nupkg"
        $nupkg.DirectoryName | Should -Be (Join-Path $TestDrive 'good/gallery')
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($nupkg.FullName)
        try {
            $entry = $zip.Entries | Where-Object FullName -eq 'InactiveRestore.nuspec'
            $reader = [IO.StreamReader]::new($entry.Open())
            [xml] $nuspec = $reader.ReadToEnd()
            $reader.Dispose()
            $files = @($zip.Entries.FullName)
        } finally { $zip.Dispose() }
        $meta = $nuspec.package.metadata
        $meta.id | Should -Be 'InactiveRestore'
        $meta.version | Should -Be $script:R.Version
        $meta.projectUrl | Should -Match '^https://'
        $meta.licenseUrl | Should -Match '^https://'
        $meta.releaseNotes | Should -Not -BeNullOrEmpty
        foreach ($tag in 'Exchange', 'ExchangeOnline', 'InactiveMailbox', 'Restore', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS') {
            ($meta.tags -split ' ') | Should -Contain $tag
        }
        foreach ($f in 'InactiveRestore.psd1', 'InactiveRestore.dll', 'InactiveRestore.format.ps1xml') { $files | Should -Contain $f }
    }

    It 'installs from the repository into a temporary folder and the installed copy imports with the laid-out cmdlets' {
        $script:R.Installed | Should -BeTrue
        $script:R.Imported | Should -BeTrue
        $script:R.InstalledPath | Should -BeLike "$($script:R.SandboxPath)*"
        $laidOut = @((Get-Module InactiveRestore).ExportedCmdlets.Keys | Sort-Object)
        $laidOut.Count | Should -BeGreaterThan 0
        @($script:R.ExportedCmdlets) | Should -Be $laidOut
        @($script:R.ManifestCmdlets) | Should -Be $laidOut
    }

    It 'has a manifest the Gallery accepts: Test-ModuleManifest, the required fields, FileList = the folder, our assembly only' {
        { Test-ModuleManifest -Path (Join-Path $script:LaidOut 'InactiveRestore.psd1') -ErrorAction Stop } | Should -Not -Throw
        $data = Import-PowerShellDataFile (Join-Path $script:LaidOut 'InactiveRestore.psd1')
        foreach ($key in 'Description', 'Author', 'CompanyName', 'Copyright') { $data[$key] | Should -Not -BeNullOrEmpty }
        $data.PowerShellVersion | Should -Be '5.1'
        $data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $data.PrivateData.PSData.LicenseUri | Should -Match '^https://'
        $data.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $data.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $files = @(Get-ChildItem $script:LaidOut -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($script:LaidOut, $_.FullName) -replace '\\', '/' } | Sort-Object)
        @($data.FileList | Sort-Object) | Should -Be $files
        @(Get-ChildItem $script:LaidOut -Recurse -Filter *.dll).Name | Should -Be @('InactiveRestore.dll')
    }

    It 'makes the Azure Automation zip: InactiveRestore.zip holding InactiveRestore/InactiveRestore.psd1, every path under 140 characters' {
        $zipPath = Join-Path $TestDrive 'good/InactiveRestore.zip'
        Test-Path $zipPath | Should -BeTrue
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($zipPath)
        try { $entries = @($zip.Entries | Where-Object Name | ForEach-Object { $_.FullName -replace '\\', '/' }) }
        finally { $zip.Dispose() }
        $entries | Should -Contain 'InactiveRestore/InactiveRestore.psd1'
        $entries | Should -Contain 'InactiveRestore/InactiveRestore.dll'
        @($entries | Where-Object { $_ -notlike 'InactiveRestore/*' }) | Should -BeNullOrEmpty
        @($entries | Where-Object { $_.Length -ge 140 }) | Should -BeNullOrEmpty
        $entries.Count | Should -Be @(Get-ChildItem $script:LaidOut -Recurse -File).Count
    }

    It 'leaves nothing behind: the repository unregistered, the temporary folder removed, the user''s repositories and modules unchanged' {
        $script:R.Unregistered | Should -BeTrue
        $script:R.SandboxRemoved | Should -BeTrue
        Test-Path -LiteralPath $script:R.SandboxPath | Should -BeFalse
        $after = Get-UserState
        $after.Repositories | Should -Be $script:Before.Repositories
        $after.Installed | Should -Be $script:Before.Installed
        @(Get-ChildItem (Join-Path $TestDrive 'good') -Name | Sort-Object) | Should -Be @('gallery', 'InactiveRestore.zip', 'package.json')
    }

    It 'cleans up when a step fails after the repository was registered (an installed copy that does not import)' {
        # A copy of the module whose format file is broken: the manifest checks, publish and install pass, loading its views fails.
        $bad = Join-Path $TestDrive 'bad-module/InactiveRestore'
        New-Item -ItemType Directory -Path (Split-Path $bad) -Force | Out-Null
        Copy-Item -LiteralPath $script:LaidOut -Destination $bad -Recurse
        Set-Content -LiteralPath (Join-Path $bad 'InactiveRestore.format.ps1xml') -Value '<Configuration><ViewDefinitions><View>'
        $run = Invoke-Package -OutputPath (Join-Path $TestDrive 'bad') -ModulePath $bad
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Match 'Package failed'
        $run.Result.Succeeded | Should -BeFalse
        $run.Result.Installed | Should -BeTrue -Because 'the failure must come after the registration and the install'
        $run.Result.Imported | Should -BeFalse
        $run.Result.Unregistered | Should -BeTrue
        $run.Result.SandboxRemoved | Should -BeTrue
        Test-Path -LiteralPath $run.Result.SandboxPath | Should -BeFalse
        $after = Get-UserState
        $after.Repositories | Should -Be $script:Before.Repositories
        $after.Installed | Should -Be $script:Before.Installed
    }

    It 'refuses a module folder whose files and FileList disagree, before anything is published' {
        $bad = Join-Path $TestDrive 'stray-module/InactiveRestore'
        New-Item -ItemType Directory -Path (Split-Path $bad) -Force | Out-Null
        Copy-Item -LiteralPath $script:LaidOut -Destination $bad -Recurse
        Set-Content -LiteralPath (Join-Path $bad 'stray.txt') -Value 'not in FileList'
        $run = Invoke-Package -OutputPath (Join-Path $TestDrive 'stray') -ModulePath $bad
        $run.ExitCode | Should -Be 1
        $run.Result.Error | Should -Match 'FileList.*stray\.txt'
        $run.Result.Published | Should -BeFalse
        Test-Path (Join-Path $TestDrive 'stray/gallery') | Should -BeFalse
    }
}

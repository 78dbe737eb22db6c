#requires -Version 7.0
<#
.SYNOPSIS
    Packages the laid-out module: the Azure Automation zip and a Gallery-shaped package, both checked.
.DESCRIPTION
    Run by `build.ps1 -Task Package` after the build (and by tests/Pester/Package.Tests.ps1 into a temporary folder).

    1. Checks the manifest the way the PowerShell Gallery does: Test-ModuleManifest; Description, Author, CompanyName,
       Copyright, PowerShellVersion 5.1, CompatiblePSEditions Desktop and Core, PSData Tags (with the edition and
       platform tags), LicenseUri, ProjectUri, ReleaseNotes; FileList names exactly the files of the folder; the only
       assembly is the module's own and it references framework assemblies only (no third-party assemblies).
    2. <OutputPath>/InactiveRestore.zip for Azure Automation: the zip's name equals the folder inside it, which holds
       InactiveRestore.psd1; every path is under 140 characters.
    3. The Gallery-shaped package: a trusted local file repository <OutputPath>/gallery is registered under a unique
       temporary name, the module is Publish-PSResource'd into it (<OutputPath>/gallery/InactiveRestore.<version>.nupkg
       stays as the artifact), Install-PSResource'd from it into a temporary folder and imported from there; the
       installed copy must export the cmdlets its manifest lists. No network is used.

    Nothing is left behind, also when a step fails: the repository is unregistered and the temporary folder removed.
    On Linux and macOS the PSResourceGet steps run with HOME/XDG_* pointing into the temporary folder, so neither the
    user's repository list nor the user's module folder is touched; on Windows (where PSResourceGet always installs
    into the user's Documents) the module is saved with Save-PSResource into the temporary folder instead.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Package
.EXAMPLE
    ./tools/Package.ps1 -ModuleRoot ./out -OutputPath ./out -ResultJson ./out/package.json
#>
[CmdletBinding()]
param(
    # The build's out/ folder: holds the laid-out InactiveRestore folder.
    [Parameter(Mandatory)] [string] $ModuleRoot,
    # Where the zip and the local repository go (default: ModuleRoot).
    [string] $OutputPath,
    # Writes the outcome as JSON (for tests).
    [string] $ResultJson,
    # Where the laid-out module is, if not ModuleRoot/InactiveRestore (tests package a modified copy).
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
$PSStyle.OutputRendering = 'PlainText'
$ProgressPreference = 'SilentlyContinue'

$ModuleRoot = (Resolve-Path -LiteralPath $ModuleRoot).ProviderPath
if (-not $ModulePath) { $ModulePath = Join-Path $ModuleRoot 'InactiveRestore' }
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
if (-not $OutputPath) { $OutputPath = $ModuleRoot }
New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
$OutputPath = (Resolve-Path -LiteralPath $OutputPath).ProviderPath
$name = 'InactiveRestore'
$manifestPath = Join-Path $ModulePath "$name.psd1"

$result = [ordered]@{
    Succeeded = $false; Error = $null; ManifestValid = $false; Version = $null
    ZipPath = $null; ZipEntries = @(); LongestZipPath = 0
    Repository = $null; RepositoryPath = $null; NupkgPath = $null; Published = $false
    Installed = $false; InstalledPath = $null; InstallMethod = $null; Imported = $false
    ExportedCmdlets = @(); ManifestCmdlets = @(); SandboxPath = $null; Unregistered = $false; SandboxRemoved = $false
}

function Assert-Package([bool] $Condition, [string] $Message) { if (-not $Condition) { throw "Package check failed: $Message" } }

# --- 1. The manifest, as the Gallery would check it -------------------------------------------------------------------
function Test-GalleryManifest {
    $m = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
    $data = Import-PowerShellDataFile -LiteralPath $manifestPath
    foreach ($key in 'Description', 'Author', 'CompanyName', 'Copyright', 'ModuleVersion', 'GUID') {
        Assert-Package ($data.ContainsKey($key) -and -not [string]::IsNullOrWhiteSpace("$($data[$key])")) "the manifest has no $key."
    }
    Assert-Package ("$($data.PowerShellVersion)" -eq '5.1') "PowerShellVersion is '$($data.PowerShellVersion)', not 5.1."
    foreach ($edition in 'Desktop', 'Core') {
        Assert-Package (@($data.CompatiblePSEditions) -contains $edition) "CompatiblePSEditions lacks $edition."
    }
    $psData = $data.PrivateData.PSData
    foreach ($tag in 'Exchange', 'ExchangeOnline', 'InactiveMailbox', 'Restore', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS') {
        Assert-Package (@($psData.Tags) -contains $tag) "PSData.Tags lacks '$tag'."
    }
    foreach ($tag in @($psData.Tags)) { Assert-Package ($tag -notmatch '\s') "the tag '$tag' has a space (the Gallery refuses it)." }
    foreach ($key in 'LicenseUri', 'ProjectUri') {
        $uri = $null
        Assert-Package ([Uri]::TryCreate("$($psData[$key])", [UriKind]::Absolute, [ref] $uri) -and $uri.Scheme -eq 'https') "PSData.$key is not an https URI."
    }
    Assert-Package (-not [string]::IsNullOrWhiteSpace("$($psData.ReleaseNotes)")) 'PSData.ReleaseNotes is empty.'
    foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
        Assert-Package (@($data[$key]) -notcontains '*') "$key has a wildcard (slow discovery; the Gallery warns)."
    }
    # FileList: exactly the files of the folder, each present.
    $listed = @($data.FileList | ForEach-Object { $_ -replace '\\', '/' } | Sort-Object)
    $present = @(Get-ChildItem -LiteralPath $ModulePath -Recurse -File |
        ForEach-Object { [IO.Path]::GetRelativePath($ModulePath, $_.FullName) -replace '\\', '/' } | Sort-Object)
    $missing = @($listed | Where-Object { $_ -notin $present })
    $unlisted = @($present | Where-Object { $_ -notin $listed })
    Assert-Package ($missing.Count -eq 0) "FileList names missing files: $($missing -join ', ')."
    Assert-Package ($unlisted.Count -eq 0) "files not in FileList (add them to the manifest): $($unlisted -join ', ')."
    # Our assembly only, referencing only the framework and PowerShell (netstandard2.0 serves 5.1 and 7.x).
    $assemblies = @(Get-ChildItem -LiteralPath $ModulePath -Recurse -File -Include *.dll, *.exe)
    Assert-Package ($assemblies.Count -eq 1 -and $assemblies[0].Name -eq "$name.dll") "the module ships assemblies other than $name.dll: $($assemblies.Name -join ', ')."
    $stream = [IO.File]::OpenRead($assemblies[0].FullName)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
        $refs = @(foreach ($h in $reader.AssemblyReferences) { $reader.GetString($reader.GetAssemblyReference($h).Name) })
        $pe.Dispose()
    } finally { $stream.Dispose() }
    $framework = '^(netstandard|mscorlib|System(\..+)?|Microsoft\.(CSharp|Win32\.Primitives|Management\.Infrastructure))$'
    $thirdParty = @($refs | Where-Object { $_ -notmatch $framework })
    Assert-Package ($thirdParty.Count -eq 0) "$name.dll references third-party assemblies: $($thirdParty -join ', ')."
    $result.ManifestValid = $true
    $result.Version = "$($m.Version)"
    $result.ManifestCmdlets = @($data.CmdletsToExport | Sort-Object)
}

# --- 2. The Azure Automation zip --------------------------------------------------------------------------------------
function New-AutomationZip {
    $zip = Join-Path $OutputPath "$name.zip"
    if (Test-Path -LiteralPath $zip) { Remove-Item -LiteralPath $zip -Force }
    # Azure Automation imports a .zip whose name equals the module folder inside it, holding a .psd1 of that name.
    Compress-Archive -Path $ModulePath -DestinationPath $zip
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $archive = [IO.Compression.ZipFile]::OpenRead($zip)
    try { $entries = @($archive.Entries | Where-Object { $_.Name } | ForEach-Object { $_.FullName -replace '\\', '/' }) }
    finally { $archive.Dispose() }
    # The folder inside keeps the laid-out folder's name; a test's copy may live elsewhere, so name it explicitly.
    $leaf = Split-Path $ModulePath -Leaf
    if ($leaf -ne $name) { throw "The module folder must be named $name (it is '$leaf')." }
    Assert-Package ($entries -contains "$name/$name.psd1") "the zip does not hold $name/$name.psd1."
    $long = @($entries | Where-Object { $_.Length -ge 140 })
    Assert-Package ($long.Count -eq 0) "paths of 140 characters or more do not import in Azure Automation: $($long -join ', ')."
    $result.ZipPath = $zip
    $result.ZipEntries = $entries
    $result.LongestZipPath = ($entries | Measure-Object -Property Length -Maximum).Maximum
    Write-Host "   $zip ($($entries.Count) files, longest path $($result.LongestZipPath) characters)"
}

# --- 3. Publish to a local repository, install from it, import ---------------------------------------------------------
function Invoke-GalleryRoundTrip {
    $repoPath = Join-Path $OutputPath 'gallery'
    if (Test-Path -LiteralPath $repoPath) { Remove-Item -LiteralPath $repoPath -Recurse -Force }
    New-Item -ItemType Directory -Path $repoPath -Force | Out-Null
    $result.RepositoryPath = $repoPath
    $sandbox = Join-Path ([IO.Path]::GetTempPath()) ("InactiveRestore-package-{0}-{1}" -f $PID, [guid]::NewGuid().ToString('n').Substring(0, 8))
    $result.SandboxPath = $sandbox
    $repoName = 'InactiveRestoreLocal' + [guid]::NewGuid().ToString('n').Substring(0, 8)
    $result.Repository = $repoName
    $saved = @{}
    foreach ($var in 'HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME') { $saved[$var] = [Environment]::GetEnvironmentVariable($var) }
    $savedDirectory = [Environment]::CurrentDirectory
    $registered = $false
    try {
        New-Item -ItemType Directory -Path $sandbox -Force | Out-Null
        if (-not $IsWindows) {
            # PSResourceGet keeps its repository list under XDG_DATA_HOME and installs the CurrentUser scope under
            # HOME/.local/share/powershell/Modules; NuGet reads XDG_CONFIG_HOME. Point them all into the sandbox (the
            # folders must exist, else .NET reports no folder and the files land in the current directory).
            foreach ($d in 'data', 'config', 'cache', 'home') { New-Item -ItemType Directory -Path (Join-Path $sandbox $d) -Force | Out-Null }
            [Environment]::SetEnvironmentVariable('HOME', (Join-Path $sandbox 'home'))
            [Environment]::SetEnvironmentVariable('XDG_DATA_HOME', (Join-Path $sandbox 'data'))
            [Environment]::SetEnvironmentVariable('XDG_CONFIG_HOME', (Join-Path $sandbox 'config'))
            [Environment]::SetEnvironmentVariable('XDG_CACHE_HOME', (Join-Path $sandbox 'cache'))
            [Environment]::CurrentDirectory = $sandbox
        }
        Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
        Register-PSResourceRepository -Name $repoName -Uri $repoPath -Trusted
        $registered = $true

        Publish-PSResource -Path $ModulePath -Repository $repoName
        $nupkg = @(Get-ChildItem -LiteralPath $repoPath -Filter "$name.*.nupkg")
        Assert-Package ($nupkg.Count -eq 1) "Publish-PSResource left $($nupkg.Count) packages in the repository."
        $result.NupkgPath = $nupkg[0].FullName
        $result.Published = $true

        $found = @(Find-PSResource -Name $name -Repository $repoName)
        Assert-Package ($found.Count -eq 1 -and "$($found[0].Version)" -eq $result.Version) "Find-PSResource found $($found.Count) package(s) of $name $($result.Version)."

        if ($IsWindows) {
            $installed = Join-Path $sandbox 'Modules'
            New-Item -ItemType Directory -Path $installed -Force | Out-Null
            Save-PSResource -Name $name -Repository $repoName -Path $installed -TrustRepository
            $result.InstallMethod = 'Save-PSResource'
        } else {
            $info = Install-PSResource -Name $name -Repository $repoName -Scope CurrentUser -TrustRepository -PassThru
            $installed = "$($info.InstalledLocation)"
            $result.InstallMethod = 'Install-PSResource'
            Assert-Package ($installed.StartsWith($sandbox, [StringComparison]::Ordinal)) "Install-PSResource installed into $installed, outside the temporary folder."
        }
        $installedManifest = @(Get-ChildItem -LiteralPath $installed -Recurse -Filter "$name.psd1" -File)
        Assert-Package ($installedManifest.Count -eq 1) "no installed $name.psd1 under the install folder."
        $result.InstalledPath = $installedManifest[0].DirectoryName
        $result.Installed = $true

        $module = Import-Module -Name $installedManifest[0].FullName -PassThru -Force -ErrorAction Stop
        # The views load with the first cmdlet, not at import (issue 10): load them here so that a broken file fails.
        Update-FormatData -AppendPath (Join-Path $installedManifest[0].DirectoryName 'InactiveRestore.format.ps1xml') -ErrorAction Stop
        $result.Imported = $true
        $result.ExportedCmdlets = @($module.ExportedCmdlets.Keys | Sort-Object)
        Assert-Package ($module.ModuleBase -eq $result.InstalledPath) "the imported module came from $($module.ModuleBase)."
        Remove-Module $module -Force
        Write-Host "   $($result.NupkgPath) (published, installed and imported: $($result.ExportedCmdlets.Count) cmdlets)"
    }
    finally {
        if ($registered) {
            Unregister-PSResourceRepository -Name $repoName -ErrorAction SilentlyContinue
            $result.Unregistered = -not (Get-PSResourceRepository -Name $repoName -ErrorAction SilentlyContinue)
        } else { $result.Unregistered = $true }
        [Environment]::CurrentDirectory = $savedDirectory
        foreach ($var in $saved.Keys) { [Environment]::SetEnvironmentVariable($var, $saved[$var]) }
        Remove-Item -LiteralPath $sandbox -Recurse -Force -ErrorAction SilentlyContinue
        $result.SandboxRemoved = -not (Test-Path -LiteralPath $sandbox)
    }
}

$exitCode = 0
try {
    Write-Host '== Package'
    Test-GalleryManifest
    New-AutomationZip
    Invoke-GalleryRoundTrip
    $result.Succeeded = $true
}
catch {
    $result.Error = "$_"
    Write-Host "Package failed: $_"
    $exitCode = 1
}
finally {
    if ($ResultJson) { [pscustomobject] $result | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultJson }
}
exit $exitCode

BeforeAll {
    $moduleRoot = $env:INACTIVERESTORE_MODULE_ROOT
    Import-Module (Join-Path $moduleRoot 'InactiveRestore/InactiveRestore.psd1') -Force
}

Describe 'The module manifest' {
    It 'imports without ExchangeOnlineManagement and names no wildcard exports' {
        $m = Get-Module InactiveRestore
        $m | Should -Not -BeNullOrEmpty
        $m.Version.ToString() | Should -Be '0.1.0'
        $data = Import-PowerShellDataFile (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1')
        $data.CmdletsToExport | Should -Not -Contain '*'
        $data.RequiredModules | Should -BeNullOrEmpty
        $data.PrivateData.PSData.ExternalModuleDependencies | Should -Contain 'ExchangeOnlineManagement'
    }
}

# Issue 10: Import-Module does no eager work. The manifest names nothing PowerShell processes at import beyond the
# assembly (a FormatsToProcess rebuilt PowerShell's whole format table: most of what the import cost), the views load
# with the first cmdlet, before its first output, and the import defines no variable. Timings are the benchmark's
# (tools/Bench.ps1); these checks are what can fail if the import becomes eager again. ImportCostTests (xunit) pins the
# rest: no IModuleAssemblyInitializer, every cmdlet's BeginProcessing loads the views, no compiled regex.
Describe 'Import-Module stays lazy' {
    BeforeAll {
        $root = $env:INACTIVERESTORE_MODULE_ROOT
        $script:Data = Import-PowerShellDataFile (Join-Path $root 'InactiveRestore/InactiveRestore.psd1')
        # A fresh pwsh: what the import leaves, then what the first cmdlet (its first output) does.
        $probe = {
            param([string] $Root)
            $ErrorActionPreference = 'Stop'
            $PSStyle.OutputRendering = 'PlainText'
            function Get-ViewEntry { @($ExecutionContext.Host.Runspace.InitialSessionState.Formats | Where-Object { "$($_.FileName)" -like '*InactiveRestore.format.ps1xml' }).Count }
            $manifest = Join-Path $Root 'InactiveRestore/InactiveRestore.psd1'
            Import-Module $manifest
            $r = [ordered]@{
                ViewsAfterImport      = Get-ViewEntry
                FormatDataAfterImport = @(Get-FormatData -TypeName InactiveRestore.Model.InactiveMailbox).Count
                VariableAfterImport   = [bool](Get-Variable -Name InactiveRestoreRetryPolicy -ErrorAction Ignore)
            }
            Import-Module (Join-Path $Root 'ExchangeSimulator/ExchangeSimulator.psd1')
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1
            try {
                $r.FirstTable = Get-InactiveMailbox | Format-Table | Out-String -Width 200
                $r.ViewsAfterFirstCmdlet = Get-ViewEntry
                $null = Get-InactiveRestore
                Remove-Module InactiveRestore
                Import-Module $manifest -Force
                $null = Get-InactiveRestore
                $r.ViewsAfterReimport = Get-ViewEntry
                $r.FormatDataAfterReimport = @(Get-FormatData -TypeName InactiveRestore.Model.InactiveMailbox).Count
            }
            finally { Disconnect-ExchangeSimulator }
            [pscustomobject] $r
        }
        $pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
        $script:Fresh = & $pwsh -NoProfile -NonInteractive -Command $probe -args $root
    }

    It 'has a manifest that asks PowerShell to process nothing at import but the assembly' {
        foreach ($key in 'FormatsToProcess', 'TypesToProcess', 'ScriptsToProcess', 'NestedModules', 'RequiredAssemblies', 'RequiredModules') {
            $Data.ContainsKey($key) | Should -BeFalse -Because "$key is processed by every Import-Module (the views load with the first cmdlet)"
        }
        $Data.RootModule | Should -Be 'InactiveRestore.dll'
        $Data.FileList | Should -Contain 'InactiveRestore.format.ps1xml'
        $Data.CmdletsToExport | Should -Not -Contain '*'
    }

    It 'leaves the views unloaded and defines no variable at import' {
        $Fresh | Should -Not -BeNullOrEmpty
        $Fresh.ViewsAfterImport | Should -Be 0
        $Fresh.FormatDataAfterImport | Should -Be 0
        $Fresh.VariableAfterImport | Should -BeFalse -Because 'about_InactiveRestore says $InactiveRestoreRetryPolicy does not exist until the user sets it'
    }

    It 'formats the first output of the first cmdlet with the module''s views' {
        $Fresh.FirstTable | Should -Match '(?m)^DisplayName\s+PrimarySmtpAddress\s+SoftDeleted\s+Holds\s+Archive\s+Size'
        $Fresh.ViewsAfterFirstCmdlet | Should -Be 1
    }

    It 'loads the views once per session, also after Remove-Module and a new import' {
        $Fresh.ViewsAfterReimport | Should -Be 1
        $Fresh.FormatDataAfterReimport | Should -Be 1
    }
}

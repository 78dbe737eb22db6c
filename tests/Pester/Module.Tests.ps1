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

@{
    RootModule           = 'InactiveRestore.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f3c36-8a3e-4f6e-9c1d-2f7a4b8e6d10'
    Author               = 'InactiveRestore contributors'
    CompanyName          = 'InactiveRestore'
    Copyright            = '(c) InactiveRestore contributors. All rights reserved.'
    Description          = 'Restores the content of Exchange Online inactive mailboxes into active mailboxes: discovery, safety checks, restore requests, progress and reports. Reuses the caller''s Connect-ExchangeOnline session.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('InactiveRestore.format.ps1xml')
    CmdletsToExport      = @(
        'Get-InactiveMailbox'
        'Test-InactiveRestore'
        'Start-InactiveRestore'
        'Get-InactiveRestore'
        'Watch-InactiveRestore'
        'Suspend-InactiveRestore'
        'Resume-InactiveRestore'
        'Stop-InactiveRestore'
        'Remove-InactiveRestore'
        'Test-InactiveRestoreEnvironment'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags                       = @('PSEdition_Desktop', 'PSEdition_Core', 'Exchange', 'ExchangeOnline', 'InactiveMailbox', 'Restore', 'Office365')
            ExternalModuleDependencies = @('ExchangeOnlineManagement')
            ReleaseNotes               = 'First release: discovery of inactive mailboxes and the restore lifecycle.'
        }
    }
}

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
    # No FormatsToProcess: it would make Import-Module rebuild PowerShell's whole format table. The cmdlets load
    # InactiveRestore.format.ps1xml (in FileList) into the runspace on their first use, before their first output.
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
        'Export-InactiveRestoreReport'
        'Test-InactiveRestoreEnvironment'
        'Complete-InactiveRestore'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    # Every file the module ships (build.ps1 lays them out; tools/Package.ps1 checks that the list and the folder agree).
    FileList             = @(
        'InactiveRestore.psd1'
        'InactiveRestore.dll'
        'InactiveRestore.format.ps1xml'
        'en-US/InactiveRestore.dll-Help.xml'
        'en-US/about_InactiveRestore.help.txt'
    )
    PrivateData          = @{
        PSData = @{
            Tags                       = @('Exchange', 'ExchangeOnline', 'InactiveMailbox', 'Restore', 'Office365',
                                           'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri                 = 'https://github.com/InactiveRestore/InactiveRestore/blob/main/LICENSE'
            ProjectUri                 = 'https://github.com/InactiveRestore/InactiveRestore'
            ExternalModuleDependencies = @('ExchangeOnlineManagement')
            ReleaseNotes               = 'First release: discovery of inactive mailboxes, safety checks, restore requests (primary and archive), watch, control and reports. Uses the caller''s Connect-ExchangeOnline session (ExchangeOnlineManagement 3.x); runs in Azure Automation (PowerShell 5.1 and 7.x).'
        }
    }
}

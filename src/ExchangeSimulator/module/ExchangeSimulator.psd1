@{
    RootModule           = 'ExchangeSimulator.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f3a57-2f61-4e0c-9d43-8d1c6a2b7e19'
    Author               = 'InactiveRestore contributors'
    CompanyName          = 'InactiveRestore'
    Copyright            = '(c) InactiveRestore contributors. All rights reserved.'
    Description          = 'An offline Exchange Online simulator for InactiveRestore: a simulated tenant with inactive mailboxes and a mailbox restore request engine on a simulated clock. Connect-ExchangeSimulator imports the simulated Exchange cmdlets (tmpEXO_Simulator) into the session.'
    # PowerShell 7.4+ only: the state and tenant files go through System.Text.Json, which PowerShell 7 ships.
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Connect-ExchangeSimulator'
        'Disconnect-ExchangeSimulator'
        'Get-ConnectionInformation'
        'Get-ExchangeSimulatorLedger'
        'Clear-ExchangeSimulatorLedger'
        'Step-ExchangeSimulator'
        'Set-ExchangeSimulatorFault'
        'Get-ExchangeSimulatorState'
        'New-ExchangeSimulatorTenant'
        'Add-ExchangeSimulatorOnPremisesAddress'
        'Set-ExchangeSimulatorMailbox'
        'Set-ExchangeSimulatorRequest'
        'New-ExchangeSimulatorRequestBatch'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{ PSData = @{ Tags = @('ExchangeOnline', 'Simulator', 'Testing') } }
}

# The simulator used the way a user (or the InactiveRestore module's own tests) would.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'The simulator manifest' {
    It 'exports exactly the simulator''s own cmdlets and needs PowerShell 7 (its serializer ships with it)' {
        $data = Import-PowerShellDataFile (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1')
        $data.RootModule | Should -Be 'ExchangeSimulator.dll'
        $data.PowerShellVersion | Should -Be '7.4'
        $data.CompatiblePSEditions | Should -Be @('Core')
        $data.CmdletsToExport | Should -Not -Contain '*'
        ($data.CmdletsToExport | Sort-Object) | Should -Be (@(Get-Command -Module ExchangeSimulator).Name | Sort-Object)
        @(Get-Command -Module ExchangeSimulator).Count | Should -Be 13
    }
}

Describe 'The Exchange simulator' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 42
    }

    It 'exports only its own cmdlets until connected' {
        Disconnect-ExchangeSimulator
        Get-Command Get-Mailbox -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ConnectionInformation | Should -BeNullOrEmpty
        (Get-Command -Module ExchangeSimulator).Name | Should -Contain 'Connect-ExchangeSimulator'
        Connect-ExchangeSimulator -TimeScale 0
        (Get-ConnectionInformation).ModuleName | Should -Be 'tmpEXO_Simulator'
        Get-Command Get-Mailbox | Should -Not -BeNullOrEmpty
    }

    It 'restores an inactive mailbox following Microsoft''s procedure' {
        $source = Get-Mailbox -InactiveMailboxOnly -Identity megan.bowen
        $source.IsInactiveMailbox | Should -BeTrue
        Set-Mailbox -Identity adele.vance -EmailAddresses @{ Add = "X500:$($source.LegacyExchangeDN)" }
        Set-Mailbox -Identity adele.vance -RetentionHoldEnabled $true
        $request = New-MailboxRestoreRequest -SourceMailbox $source.DistinguishedName -TargetMailbox adele.vance -TargetRootFolder 'Megan Bowen (restored)'
        $request.Status | Should -Be 'Queued'
        $request.Identity | Should -Be 'adele.vance\MailboxRestore'

        $archive = New-MailboxRestoreRequest -SourceMailbox $source.ExchangeGuid -TargetMailbox adele.vance -SourceIsArchive -TargetIsArchive -TargetRootFolder 'Megan Bowen (archive)'
        $archive.Name | Should -Be 'MailboxRestore1'

        Step-ExchangeSimulator -Duration (New-TimeSpan -Hours 1)
        $stats = Get-MailboxRestoreRequest | Get-MailboxRestoreRequestStatistics -IncludeReport
        $stats.Status | Should -Be @('Completed', 'Completed')
        $last = $stats[0].Report.Entries.Message | Where-Object { $_ -like 'Copy progress:*' } | Select-Object -Last 1
        $last | Should -Match '^Copy progress: (\d+)/\1 messages'
        [long] ($stats[0].BytesTransferred -replace '^.*\(([\d,]+) bytes\)$', '$1' -replace ',') | Should -BeGreaterThan 0
    }

    It 'writes non-terminating errors of the Exchange form' {
        $result = Get-Mailbox -Identity nobody -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err[0].Exception.Message | Should -Match '^Ex[0-9A-F]{6}\|Microsoft\.Exchange\.Configuration\.Tasks\.ManagementObjectNotFoundException\|'
        { Get-Mailbox -Identity nobody -ErrorAction Stop } | Should -Throw '*ManagementObjectNotFoundException*'
    }

    It 'returns every request for a null or empty -Identity' {
        $dn = (Get-Mailbox -InactiveMailboxOnly lee.gu).DistinguishedName
        New-MailboxRestoreRequest -SourceMailbox $dn -TargetMailbox allan.deyoung -AllowLegacyDNMismatch | Out-Null
        New-MailboxRestoreRequest -SourceMailbox $dn -TargetMailbox cameron.white -AllowLegacyDNMismatch | Out-Null
        $nothing = $null
        @(Get-MailboxRestoreRequest -Identity $nothing).Count | Should -Be 2
    }

    It 'supports a prefix like Connect-ExchangeOnline -Prefix' {
        Connect-ExchangeSimulator -TimeScale 0 -Prefix Contoso
        (Get-ConnectionInformation).ModulePrefix | Should -Be 'Contoso'
        @(Get-ContosoMailbox -InactiveMailboxOnly).Count | Should -BeGreaterOrEqual 12
        (Get-ExchangeSimulatorLedger | Select-Object -Last 1).InvokedAs | Should -Be 'Get-ContosoMailbox'
    }

    It 'advances with the wall clock when TimeScale is set' {
        Connect-ExchangeSimulator -TimeScale 3600
        $t0 = (Get-ExchangeSimulatorState).Now
        Start-Sleep -Milliseconds 300
        ((Get-ExchangeSimulatorState).Now - $t0).TotalMinutes | Should -BeGreaterThan 10
    }
}

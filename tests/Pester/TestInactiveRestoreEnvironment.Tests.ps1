# Test-InactiveRestoreEnvironment on the simulator, as an admin runs it: the readiness rows, read-only, and the
# not-connected path (one Fail row, no exception).
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    function Get-Row([object[]] $Rows, [string] $Check) { @($Rows | Where-Object Check -eq $Check) }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Test-InactiveRestoreEnvironment' {
    Context 'connected' {
        BeforeEach {
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        }

        It 'writes typed rows, none Fail, and changes nothing' {
            $rows = @(Test-InactiveRestoreEnvironment)
            $rows[0].PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.ReadinessCheck'
            $rows.Check | Should -Contain 'Connection'
            $rows.Check | Should -Contain 'New-MailboxRestoreRequest'
            $rows.Check | Should -Contain 'Parameter -SkippedItemApprovalTime'
            $rows.Check | Should -Contain 'Shape: inactive mailbox'
            $rows.Check | Should -Contain 'Shape: inactive mailbox statistics'
            @($rows | Where-Object Status -eq 'Fail') | Should -BeNullOrEmpty
            $connection = Get-Row $rows 'Connection'
            $connection.Status | Should -Be 'Pass'
            $connection.Detail | Should -Match 'Connected to \S+\.onmicrosoft\.com'
            (Get-Row $rows 'Get-MailboxRestoreRequestStatistics').Status | Should -Be 'Pass'
            (Get-Row $rows 'Parameter -SkippedItemApprovalTime').Status | Should -Be 'Pass'
            (Get-Row $rows 'Shape: inactive mailbox statistics').Status | Should -Be 'Pass'
            (Get-Row $rows 'PowerShell').Detail | Should -Match "^$($PSVersionTable.PSEdition) $([regex]::Escape($PSVersionTable.PSVersion.ToString()))"
            @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }).Count | Should -Be 0
        }

        It 'reads one inactive mailbox with its statistics, and says so on Verbose' {
            Clear-ExchangeSimulatorLedger
            $verbose = Test-InactiveRestoreEnvironment -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $verbose.Message | Should -Contain "Exchange: Get-Mailbox -InactiveMailboxOnly -ResultSize 1 -WarningAction 'SilentlyContinue'"
            $stats = @(Get-ExchangeSimulatorLedger -CommandName Get-MailboxStatistics)
            $stats.Count | Should -Be 1
            $stats[0].Parameters.ContainsKey('IncludeSoftDeletedRecipients') | Should -BeTrue
        }

        It 'checks a restore request and its statistics once one exists' {
            Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -Confirm:$false -WarningAction SilentlyContinue | Out-Null
            $rows = @(Test-InactiveRestoreEnvironment)
            (Get-Row $rows 'Shape: restore request').Status | Should -Be 'Pass'
            (Get-Row $rows 'Shape: restore request statistics').Status | Should -Be 'Pass'
        }

        It 'names the prefix and finds the prefixed cmdlets' {
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1 -Prefix Contoso
            $rows = @(Test-InactiveRestoreEnvironment)
            (Get-Row $rows 'Cmdlet prefix').Detail | Should -Match "'Contoso'.*Get-ContosoMailbox"
            (Get-Row $rows 'New-MailboxRestoreRequest').Detail | Should -Match 'Present as New-ContosoMailboxRestoreRequest'
            @($rows | Where-Object Status -eq 'Fail') | Should -BeNullOrEmpty
        }

        # QA: the table wrapped Detail mid-word in 120 columns beside a Remedy column empty for 20 of 21 rows.
        It 'fits its default view in 120 columns, words whole, the remedy under the detail of Warn and Fail rows only' {
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1 -WithoutCmdlet Get-Recipient
            $rows = @(Test-InactiveRestoreEnvironment)
            $text = $rows | Out-String -Width 120
            $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
            @($lines | Where-Object Length -gt 120) | Should -BeNullOrEmpty -Because $text
            $lines[0] | Should -Match '^Check\s+Status\s+Detail$'
            $text | Should -Match 'Connection\s+Pass\s+Connected to'
            $words = @($text -split '\s+')
            foreach ($row in $rows) {
                # Every word of the detail and of a Warn/Fail row's remedy is on screen whole (no word is cut by the wrap).
                foreach ($w in @($row.Detail -split ' ') + @(if ($row.Status -ne 'Pass' -and $row.Remedy) { $row.Remedy -split ' ' })) {
                    if ($w) { $words | Should -Contain $w -Because "'$w' of the $($row.Check) row must not be cut" }
                }
            }
            $warn = @($rows | Where-Object { $_.Status -ne 'Pass' -and $_.Remedy })
            $warn.Count | Should -BeGreaterThan 0
            @([regex]::Matches($text, 'Remedy: ')).Count | Should -Be @($rows | Where-Object Remedy).Count
        }
    }

    Context 'roles and cmdlet versions' {
        It 'names the role Get-ManagementRole gives for a missing cmdlet, with the exact line' {
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1 -WithoutCmdlet New-MailboxRestoreRequest, Get-Recipient
            $rows = @(Test-InactiveRestoreEnvironment)
            $create = Get-Row $rows 'New-MailboxRestoreRequest'
            $create.Status | Should -Be 'Fail'
            $create.Detail | Should -Match "Get-ManagementRole -Cmdlet New-MailboxRestoreRequest\): 'Mailbox Import Export'"
            $create.Remedy | Should -Match "New-ManagementRoleAssignment -Role 'Mailbox Import Export' -User 'admin@contoso.onmicrosoft.com'"
            (Get-Row $rows 'Get-Recipient').Status | Should -Be 'Warn'
            @(Get-ExchangeSimulatorLedger -CommandName Get-ManagementRole).Count | Should -Be 2
        }

        It 'names the usual role when the admin cannot run Get-ManagementRole' {
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1 -Roles 'Mail Recipients'
            $rows = @(Test-InactiveRestoreEnvironment)
            (Get-Row $rows 'Get-MailboxRestoreRequest').Detail | Should -Match "usually grants it is 'Mailbox Import Export'"
            (Get-Row $rows 'Get-Mailbox').Status | Should -Be 'Pass'
            (Get-Row $rows 'Shape: restore request').Status | Should -Be 'Warn'
            (Get-Row $rows 'Connection').Status | Should -Be 'Pass'
        }

        It 'warns when Set-MailboxRestoreRequest has no -SkippedItemApprovalTime, after a connection that had it' {
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1
            (Get-Row @(Test-InactiveRestoreEnvironment) 'Parameter -SkippedItemApprovalTime').Status | Should -Be 'Pass'
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1 -WithoutSkippedItemApprovalTime
            $row = Get-Row @(Test-InactiveRestoreEnvironment) 'Parameter -SkippedItemApprovalTime'
            $row.Status | Should -Be 'Warn'
            $row.Detail | Should -Match 'ApproveSkippedItems'
        }
    }

    Context 'not connected' {
        It 'writes one Fail row naming Connect-ExchangeOnline, and no error' {
            Disconnect-ExchangeSimulator
            $rows = @(Test-InactiveRestoreEnvironment -ErrorVariable errors)
            $rows.Count | Should -Be 1
            $rows[0].Check | Should -Be 'Connection'
            $rows[0].Status | Should -Be 'Fail'
            $rows[0].Remedy | Should -Match 'Connect-ExchangeOnline'
            "$($rows[0].Detail) $($rows[0].Remedy)" | Should -Not -Match 'Simulator'
            $errors | Should -BeNullOrEmpty
        }
    }
}

# Exchange Online's real warning and error texts (the simulator's fault kinds) through the module's cmdlets: throttling
# warnings pace the session and are no warning, network and pagination failures are retried, replication delays are
# waited out, the GetResponseHeader 401 ends the command with the reconnect advice, empty fields keep Exchange's words.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
    # Fast back-off; a micro delay paces the next call by at most 10 ms.
    $global:InactiveRestoreRetryPolicy = @{ MaxAttempts = 3; BaseDelay = 0; MaxDelay = 0.01 }
}

AfterAll {
    Remove-Variable -Name InactiveRestoreRetryPolicy -Scope Global -ErrorAction Ignore
    Disconnect-ExchangeSimulator
}

Describe 'Exchange Online error texts' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
    }

    It 'takes a micro-delay warning as pacing: no warning, the next call says so (Verbose)' {
        Set-ExchangeSimulatorFault -CommandName Get-Mailbox -TransientErrorRate 1 -Kind MicroDelay
        $all = Get-InactiveMailbox -Identity megan.bowen -IncludeStatistics -Verbose 4>&1 3>&1
        @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }) | Should -BeNullOrEmpty
        @($all | Where-Object { $_.PSObject.TypeNames -contains 'InactiveRestore.Model.InactiveMailbox' }).Count | Should -Be 1
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $verbose | Where-Object { $_ -like 'Exchange: Get-MailboxStatistics *' } | Select-Object -First 1 |
            Should -Match 'Exchange Online slowed this session down with a micro delay'
    }

    It 'retries "An error occurred while sending the request." and then reports it as transient' {
        Set-ExchangeSimulatorFault -CommandName Get-Mailbox -TransientErrorRate 1 -Kind HttpRequest
        Get-InactiveMailbox -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @(Get-ExchangeSimulatorLedger -CommandName Get-Mailbox).Count | Should -Be 3
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ExchangeTransientFailure,*'
        $errors[0].ErrorDetails.Message | Should -Be 'An error occurred while sending the request.'
    }

    It 'restarts a read whose pagination expired' {
        Set-ExchangeSimulatorFault -CommandName Get-Mailbox -TransientErrorRate 1 -Kind PaginationExpired
        $verbose = Get-InactiveMailbox -ErrorAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($verbose.Message -like '*paged read expired*restarting the read*').Count | Should -Be 2
        @(Get-ExchangeSimulatorLedger -CommandName Get-Mailbox).Count | Should -Be 3
    }

    It 'ends the command on the GetResponseHeader 401 with the Connect-ExchangeOnline advice' {
        Set-ExchangeSimulatorFault -CommandName Get-Mailbox -TransientErrorRate 1 -Kind GetResponseHeader
        $e = { Get-InactiveMailbox } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'ExchangeSessionExpired,*'
        $e.ErrorDetails.Message | Should -Match 'GetResponseHeader'
        $e.ErrorDetails.RecommendedAction | Should -Match 'Connect-ExchangeOnline'
        @(Get-ExchangeSimulatorLedger -CommandName Get-Mailbox).Count | Should -Be 1
    }

    It 'keeps Exchange''s words when the code and type fields are empty' {
        Set-ExchangeSimulatorFault -CommandName Get-Mailbox -TransientErrorRate 1 -Kind EmptyFieldsUserNotFound
        Get-InactiveMailbox -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ExchangeObjectNotFound,*'
        $errors[0].ErrorDetails.Message | Should -Be "The user couldn't be found."
        @(Get-ExchangeSimulatorLedger -CommandName Get-Mailbox).Count | Should -Be 1
    }

    It 'waits out replication delays after a restore request is created' {
        Set-ExchangeSimulatorFault -ReplicationDelayReads 2
        Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -Archive Exclude -Confirm:$false -WarningAction SilentlyContinue -ErrorVariable startErrors | Out-Null
        $startErrors | Should -BeNullOrEmpty
        $r = @(Get-InactiveRestore -ErrorVariable getErrors)
        $getErrors | Should -BeNullOrEmpty
        $r.Count | Should -Be 1
    }
}

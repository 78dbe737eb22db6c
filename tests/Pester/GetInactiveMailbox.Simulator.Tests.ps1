# Get-InactiveMailbox against the Exchange Online simulator, as a user would run it.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Get-InactiveMailbox on the simulator' {
    BeforeEach {
        Connect-ExchangeSimulator -Prefix Contoso -TimeScale 0
        Clear-ExchangeSimulatorLedger
    }

    It 'lists the inactive mailboxes through the prefixed commands with one Get-Mailbox call' {
        $list = @(Get-InactiveMailbox)
        $list.Count | Should -BeGreaterThan 10
        $list.PrimarySmtpAddress | Should -Contain 'megan.bowen@contoso.onmicrosoft.com'
        $list.PrimarySmtpAddress | Should -Not -Contain 'adele.vance@contoso.onmicrosoft.com'   # active
        $list.PrimarySmtpAddress | Should -Not -Contain 'christie.cline@contoso.onmicrosoft.com' # soft-deleted, not inactive
        $ledger = @(Get-ExchangeSimulatorLedger)
        $ledger.Count | Should -Be 1
        $ledger[0].CommandName | Should -Be 'Get-Mailbox'
        $ledger[0].InvokedAs | Should -Be 'Get-ContosoMailbox'
        $ledger[0].Parameters.InactiveMailboxOnly | Should -BeTrue
        $ledger[0].Parameters.ContainsKey('Identity') | Should -BeFalse
    }

    It 'shows a table with holds and archive' {
        $text = Get-InactiveMailbox | Format-Table | Out-String -Width 200
        $text | Should -Match 'Megan Bowen\s+megan\.bowen@contoso\.onmicrosoft\.com\s+2025-06-30\s+Litigation\s+Yes \(Active\)'
        $text | Should -Match 'Auto-expanding'
        $text | Should -Match 'Retention\(2\)'
    }

    It 'adds sizes with -IncludeStatistics, asking for the archive only where there is one' {
        $megan = Get-InactiveMailbox -Identity megan.bowen -IncludeStatistics
        $megan.PrimarySize | Should -Be (180MB)
        $megan.PrimaryItemCount | Should -Be 1180
        $megan.ArchiveSize | Should -Be (60MB)
        $megan.ArchiveItemCount | Should -Be 410
        $miriam = Get-InactiveMailbox -Identity miriam.graham -IncludeStatistics
        $miriam.PrimarySize | Should -Be (50MB)
        $miriam.ArchiveSize | Should -BeNullOrEmpty
        $stats = @(Get-ExchangeSimulatorLedger | Where-Object CommandName -eq 'Get-MailboxStatistics')
        $stats.Count | Should -Be 3
        $stats | ForEach-Object { $_.Parameters.IncludeSoftDeletedRecipients | Should -BeTrue }
        @(Get-ExchangeSimulatorLedger | Where-Object Outcome -ne 'Success').Count | Should -Be 0
    }

    It 'finds one by ExchangeGuid, DistinguishedName and braces-GUID, and pipes by SourceMailbox' {
        $megan = Get-InactiveMailbox -Identity megan.bowen
        (Get-InactiveMailbox -Identity $megan.DistinguishedName).ExchangeGuid | Should -Be $megan.ExchangeGuid
        (Get-InactiveMailbox -Identity "{$($megan.ExchangeGuid)}").ExchangeGuid | Should -Be $megan.ExchangeGuid
        ($megan | Get-InactiveMailbox).ExchangeGuid | Should -Be $megan.ExchangeGuid
        (Get-ExchangeSimulatorLedger)[-1].Parameters.Identity | Should -Be $megan.ExchangeGuid.ToString()
    }

    It 'writes a not-found identity as a non-terminating ExchangeObjectNotFound error and goes on' {
        $err = $null
        $out = @('nobody@contoso.com', 'megan.bowen' | Get-InactiveMailbox -ErrorVariable err -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ExchangeObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nobody@contoso.com'
        $err[0].ToString() | Should -BeLike "The operation couldn't be performed because object 'nobody@contoso.com' couldn't be found on *"
        $err[0].Exception.ServerExceptionType | Should -Be 'ManagementObjectNotFoundException'
    }

    It 'does not find an active mailbox among the inactive ones' {
        { Get-InactiveMailbox -Identity adele.vance -ErrorAction Stop } | Should -Throw -ErrorId 'ExchangeObjectNotFound*'
    }

    It 'reports an ambiguous name as ExchangeAmbiguousIdentity' {
        $fixture = Join-Path $TestDrive 'tenant.json'
        @'
{ "Organization": "fabrikam.onmicrosoft.com", "Mailboxes": [
  { "Alias": "sam.one", "DisplayName": "Sam Lee", "State": "Inactive", "WhenSoftDeleted": "2025-01-01T00:00:00Z", "LitigationHoldEnabled": true, "PrimarySize": "1 MB", "PrimaryItems": 1 },
  { "Alias": "sam.two", "DisplayName": "Sam Lee", "State": "Inactive", "WhenSoftDeleted": "2025-02-01T00:00:00Z", "LitigationHoldEnabled": true, "PrimarySize": "1 MB", "PrimaryItems": 1 }
] }
'@ | Set-Content -LiteralPath $fixture
        Connect-ExchangeSimulator -TenantPath $fixture -TimeScale 0
        $err = $null
        Get-InactiveMailbox -Identity 'Sam Lee' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ExchangeAmbiguousIdentity,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be 'Sam Lee'
        "$($err[0])" | Should -Match 'matches multiple entries'
    }

    It 'stops with ExchangeSessionExpired when the token has expired' {
        Set-ExchangeSimulatorFault -TokenExpiresAt ([datetime]'2020-01-01')
        $err = $null
        try { Get-InactiveMailbox -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'ExchangeSessionExpired,*'
        "$err" | Should -Match 'session has expired'
        $err.ErrorDetails.RecommendedAction | Should -Match 're-run the same command'
        # Not refused up front on TokenStatus Expired: the first call is sent, fails with the 401, and nothing more is sent.
        @(Get-ExchangeSimulatorLedger | Where-Object CommandName -eq 'Get-Mailbox').Count | Should -Be 1
    }

    It 'passes on Exchange''s ResultSize warning and narrates the count' {
        $warnings = $null; $info = $null
        $list = @(Get-InactiveMailbox -ResultSize 3 -WarningVariable warnings -WarningAction SilentlyContinue -InformationVariable info)
        $list.Count | Should -Be 3
        "$warnings" | Should -Match 'increase the value for the ResultSize parameter'
        "$info" | Should -Be 'Found 3 inactive mailbox(es).'
        $info[0].Tags | Should -Contain 'InactiveRestore'
        (Get-ExchangeSimulatorLedger)[0].Parameters.ResultSize | Should -Be 3
    }

    It 'retries injected throttling, writing each retry to Verbose (policy from $InactiveRestoreRetryPolicy)' {
        $global:InactiveRestoreRetryPolicy = @{ MaxAttempts = 30; BaseDelay = 0.001; MaxDelay = 0.002 }
        try {
            Set-ExchangeSimulatorFault -CommandName Get-Mailbox -TransientErrorRate 0.5
            $records = @(1..6 | ForEach-Object { Get-InactiveMailbox -Identity megan.bowen -Verbose 4>&1 })
            $mailboxes = @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            $retries = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'failed transiently' })
            $mailboxes.Count | Should -Be 6
            $faults = @(Get-ExchangeSimulatorLedger | Where-Object Outcome -eq 'Fault').Count
            $faults | Should -BeGreaterThan 0
            $retries.Count | Should -Be $faults
            $retries[0].Message | Should -Match 'Get-Mailbox failed transiently \(attempt 1 of 30: The server is busy'
        }
        finally { Remove-Variable InactiveRestoreRetryPolicy -Scope Global }
    }

    It 'refuses a bad $InactiveRestoreRetryPolicy' {
        $global:InactiveRestoreRetryPolicy = @{ Retries = 3 }
        try { { Get-InactiveMailbox -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRetryPolicy*' }
        finally { Remove-Variable InactiveRestoreRetryPolicy -Scope Global }
    }

    It 'never reaches Exchange with an invalid identity' {
        Get-InactiveMailbox -Identity '  ' -ErrorAction SilentlyContinue
        Get-InactiveMailbox -Identity 'meg*' -ErrorAction SilentlyContinue
        @(Get-ExchangeSimulatorLedger).Count | Should -Be 0
    }

    It 'passes script-like text as one literal identity' {
        $err = $null
        Get-InactiveMailbox -Identity "x'; `$global:Pwned = 1; '`$(Get-Date)" -ErrorVariable err -ErrorAction SilentlyContinue
        $global:Pwned | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ExchangeObjectNotFound,*'
        (Get-ExchangeSimulatorLedger)[-1].Parameters.Identity | Should -Be "x'; `$global:Pwned = 1; '`$(Get-Date)"
    }
}

Describe 'Get-InactiveMailbox after Disconnect-ExchangeSimulator' {
    It 'fails with ExchangeNotConnected' {
        Connect-ExchangeSimulator -TimeScale 0
        Disconnect-ExchangeSimulator
        { Get-InactiveMailbox -ErrorAction Stop } | Should -Throw -ErrorId 'ExchangeNotConnected*'
    }
}

# Issue 8 on the simulator: directory-synced targets, proxy-address uniqueness, Complete-InactiveRestore, archive
# detection and a Set-MailboxRestoreRequest without -SkippedItemApprovalTime. Deterministic: -TimeScale 0, seed 1.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    function Get-Changes { @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }) }
    function Get-X500([string] $Source) { 'X500:' + (Get-Mailbox -InactiveMailboxOnly -Identity $Source).LegacyExchangeDN }
    function Step-UntilSettled([string] $Guid) {
        for ($i = 0; $i -lt 100; $i++) {
            Step-ExchangeSimulator -Minutes 10
            $s = (Get-MailboxRestoreRequest -Identity $Guid).Status
            if ("$s" -in 'Failed', 'Completed', 'CompletedWithWarning') { return "$s" }
        }
        "$s"
    }
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'A directory-synced target' {
    BeforeEach { Connect-ExchangeSimulator -TimeScale 0 -Seed 1 }

    It 'without the X500 address is refused with TargetDirSynced, the on-premises line and no Set-Mailbox' {
        $x500 = Get-X500 megan.bowen
        Clear-ExchangeSimulatorLedger
        $r = @(Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox hybrid.target -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $r.Count | Should -Be 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TargetDirSynced,*'
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike "*Set-RemoteMailbox hybrid.target@contoso.onmicrosoft.com -EmailAddresses @{Add='$x500'}*"
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*-AllowLegacyDNMismatch*'
        Get-Changes | Should -BeNullOrEmpty
        @(Get-ExchangeSimulatorLedger -CommandName Get-Recipient).Count | Should -Be 0
    }

    It 'goes on once the address arrives by directory sync, and still gets the retention hold' {
        $x500 = Get-X500 megan.bowen
        Add-ExchangeSimulatorOnPremisesAddress -Identity hybrid.target -Address $x500 -SyncDelay 00:30:00
        Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox hybrid.target -Quiet -WarningAction SilentlyContinue | Should -BeFalse
        Step-ExchangeSimulator -Minutes 31
        Clear-ExchangeSimulatorLedger
        $r = @(Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox hybrid.target -Archive Exclude -EnableRetentionHold -WarningAction SilentlyContinue)
        $r.Count | Should -Be 1
        $r[0].Success | Should -BeTrue
        $sets = @(Get-ExchangeSimulatorLedger -CommandName Set-Mailbox)
        $sets.Count | Should -Be 1
        $sets[0].Parameters.ContainsKey('RetentionHoldEnabled') | Should -BeTrue
        $sets[0].Parameters.ContainsKey('EmailAddresses') | Should -BeFalse
    }

    It 'that already holds the synced address restores without any Set-Mailbox' {
        Clear-ExchangeSimulatorLedger
        $r = @(Start-InactiveRestore -SourceMailbox miriam.graham -TargetMailbox hybrid.synced -WarningAction SilentlyContinue)
        $r[0].Success | Should -BeTrue
        @(Get-ExchangeSimulatorLedger -CommandName Set-Mailbox).Count | Should -Be 0
    }

    It 'runs with -AllowLegacyDNMismatch' {
        $r = @(Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox hybrid.target -Archive Exclude -AllowLegacyDNMismatch -WarningAction SilentlyContinue)
        $r[0].Success | Should -BeTrue
    }
}

Describe 'Proxy addresses are unique' {
    # The simulator enforces uniqueness as Exchange Online does (contract §10), without any switch.
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $null = Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -WarningAction SilentlyContinue -InformationAction Ignore
        $script:x500 = Get-X500 megan.bowen
        $script:holder = (Get-Mailbox adele.vance).Name
    }

    It 'a second restore of one source into another target: Exchange refuses the address, the pair is refused with ProxyAddressInUse, nothing is created' {
        Clear-ExchangeSimulatorLedger
        $r = @(Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox allan.deyoung -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationVariable info)
        $r.Count | Should -Be 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ProxyAddressInUse,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errs[0].Exception.Message | Should -BeLike "The address $x500 (the source's LegacyExchangeDN) is already held by '$holder'*Exchange refused to add it*no request was created*"
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike "*Complete-InactiveRestore*(it removes the address from $holder)*-AllowLegacyDNMismatch*"
        # No pre-check: the one Set-Mailbox, refused by Exchange, and no request.
        @(Get-ExchangeSimulatorLedger -CommandName Get-Recipient).Count | Should -Be 0
        $changes = @(Get-Changes)
        $changes.CommandName | Should -Be @('Set-Mailbox')
        $changes[0].Outcome | Should -Be 'Error'
        (Get-Mailbox allan.deyoung).EmailAddresses | Should -Not -Contain $x500
        (Get-Mailbox adele.vance).EmailAddresses | Should -Contain $x500
        @($info | Where-Object { 'Summary' -in $_.Tags } | ForEach-Object { "$_" }) | Should -Be @('1 pair: 0 submitted, 1 refused')
    }

    It 'Test-InactiveRestore and Start -WhatIf find it up front (one Get-Recipient); Start''s refusal has the same ErrorId, category, target and remedy' {
        Clear-ExchangeSimulatorLedger
        $v = Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox allan.deyoung -WarningAction SilentlyContinue
        $v.Errors.Code | Should -Be @('ProxyAddressInUse')
        $v.Errors[0].Message | Should -BeLike '*Adele Vance*Exchange would refuse*'
        $reads = @(Get-ExchangeSimulatorLedger -CommandName Get-Recipient)
        $reads.Count | Should -Be 1
        $reads[0].Parameters['Filter'] | Should -Be ("EmailAddresses -eq '{0}'" -f $x500)

        $null = Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox allan.deyoung -WhatIf -ErrorVariable predicted -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction Ignore
        @(Get-ExchangeSimulatorLedger -CommandName Get-Recipient).Count | Should -Be 2
        Get-Changes | Should -BeNullOrEmpty
        $null = Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox allan.deyoung -ErrorVariable refused -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction Ignore
        @(Get-ExchangeSimulatorLedger -CommandName Get-Recipient).Count | Should -Be 2

        $predicted.Count | Should -Be 1
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -Be $predicted[0].FullyQualifiedErrorId
        $refused[0].CategoryInfo.Category | Should -Be $predicted[0].CategoryInfo.Category
        "$($refused[0].TargetObject)" | Should -Be "$($predicted[0].TargetObject)"
        $refused[0].TargetObject.GetType() | Should -Be $predicted[0].TargetObject.GetType()
        foreach ($e in $predicted[0], $refused[0]) {
            $e.ErrorDetails.RecommendedAction | Should -BeLike '*earlier restore of this source that has finished, run Complete-InactiveRestore on that restore (it removes the address from *), then run again. Or run again with -AllowLegacyDNMismatch (no address is added).'
        }
        $refused[0].Exception.Message | Should -BeLike "*$x500*"
    }

    It 'the inactive source itself and a restore that needs no address do not count' {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        Clear-ExchangeSimulatorLedger
        Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -Quiet -WarningAction SilentlyContinue | Should -BeTrue
        @(Get-ExchangeSimulatorLedger -CommandName Get-Recipient).Count | Should -Be 1
        Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -AllowLegacyDNMismatch -Quiet -WarningAction SilentlyContinue | Should -BeTrue
        @(Get-ExchangeSimulatorLedger -CommandName Get-Recipient).Count | Should -Be 1
    }
}

Describe 'Complete-InactiveRestore' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $script:x500 = Get-X500 megan.bowen
        $script:r = @(Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -BatchName Wave1 -EnableRetentionHold -WarningAction SilentlyContinue)
        (Get-Mailbox adele.vance).EmailAddresses | Should -Contain $x500
    }

    It 'refuses an unfinished restore with RestoreNotFinished and changes nothing' {
        Clear-ExchangeSimulatorLedger
        $out = @(Complete-InactiveRestore -BatchName Wave1 -DisableRetentionHold -RemoveRequests -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'RestoreNotFinished,*'
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*Watch-InactiveRestore*'
        Get-Changes | Should -BeNullOrEmpty
    }

    It 'removes the address, the hold and the requests; a second run has nothing left to do; the source can then go elsewhere' {
        foreach ($one in $r) { Step-UntilSettled $one.RequestId.ToString() | Should -Be 'Completed' }
        $rows = @(Complete-InactiveRestore -BatchName Wave1 -DisableRetentionHold -RemoveRequests -Confirm:$false)
        $rows.Count | Should -Be 1
        $rows[0] | Should -BeOfType ([InactiveRestore.Model.RestoreCompletionResult])
        $rows[0].Status | Should -Be 'Done'
        $rows[0].AddressRemoved | Should -BeTrue
        $rows[0].RetentionHoldDisabled | Should -BeTrue
        $rows[0].RequestsRemoved | Should -Be $r.Count
        $mbx = Get-Mailbox adele.vance
        $mbx.EmailAddresses | Should -Not -Contain $x500
        $mbx.RetentionHoldEnabled | Should -BeFalse
        @(Get-MailboxRestoreRequest -BatchName Wave1).Count | Should -Be 0

        Clear-ExchangeSimulatorLedger
        $again = @(Complete-InactiveRestore -BatchName Wave1 -DisableRetentionHold -RemoveRequests -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue)
        $again.Count | Should -Be 0
        ($w -join ' ') | Should -BeLike '*nothing left to do*'
        Get-Changes | Should -BeNullOrEmpty

        $other = @(Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox allan.deyoung -WarningAction SilentlyContinue)
        $other[0].Success | Should -BeTrue
    }

    It 'takes requests from the pipeline, confirms each change, and a second run without -RemoveRequests says nothing is left' {
        foreach ($one in $r) { $null = Step-UntilSettled $one.RequestId.ToString() }
        $null = Get-InactiveRestore -BatchName Wave1 | Complete-InactiveRestore -WhatIf
        (Get-Mailbox adele.vance).EmailAddresses | Should -Contain $x500
        $rows = @(Get-InactiveRestore -BatchName Wave1 | Complete-InactiveRestore -Confirm:$false)
        $rows.Count | Should -Be 1
        $rows[0].AddressRemoved | Should -BeTrue
        $rows[0].RetentionHoldDisabled | Should -BeFalse
        (Get-Mailbox adele.vance).RetentionHoldEnabled | Should -BeTrue
        $second = @(Get-InactiveRestore -BatchName Wave1 | Complete-InactiveRestore -Confirm:$false)
        $second[0].Status | Should -Be 'NothingLeftToDo'
        ($second[0] | Format-Table | Out-String) | Should -BeLike '*NothingLeftToDo*'
    }
}

Describe 'Complete-InactiveRestore on a directory-synced target' {
    BeforeEach { Connect-ExchangeSimulator -TimeScale 0 -Seed 1 }

    It 'changes nothing and says to remove the address on-premises' {
        $x500 = Get-X500 miriam.graham
        $r = @(Start-InactiveRestore -SourceMailbox miriam.graham -TargetMailbox hybrid.synced -BatchName Hybrid -WarningAction SilentlyContinue)
        $null = Step-UntilSettled $r[0].RequestId.ToString()
        Clear-ExchangeSimulatorLedger
        $rows = @(Complete-InactiveRestore -BatchName Hybrid -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue)
        $rows[0].Status | Should -Be 'ActionNeeded'
        $rows[0].AddressRemoved | Should -BeFalse
        ($w -join ' ') | Should -BeLike "*Set-RemoteMailbox hybrid.synced@contoso.onmicrosoft.com -EmailAddresses @{Remove='$x500'}*"
        Get-Changes | Should -BeNullOrEmpty
    }
}

Describe 'Archive detection' {
    BeforeEach { Connect-ExchangeSimulator -TimeScale 0 -Seed 1 }

    It 'a provisioned archive with ArchiveStatus None receives the source''s archive' {
        Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox archive.statusnone -Archive Include -Quiet -WarningAction SilentlyContinue | Should -BeTrue
    }

    It 'a retained ArchiveGuid after disable is no archive' {
        $v = Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox archive.disabled -Archive Include -WarningAction SilentlyContinue
        $v.Errors.Code | Should -Contain 'TargetLacksArchive'
    }
}

Describe 'Resume-InactiveRestore -ApproveSkippedItems without -SkippedItemApprovalTime in the session' {
    It 'says so with SkippedItemApprovalUnavailable and changes nothing' {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1 -WithoutSkippedItemApprovalTime
        $src = Get-Mailbox -InactiveMailboxOnly -Identity lynne.robbins
        $req = New-MailboxRestoreRequest -SourceMailbox $src.ExchangeGuid -TargetMailbox bianca.pisani -Name 'IR-lynne' -AllowLegacyDNMismatch
        Step-UntilSettled $req.RequestGuid.ToString() | Should -Be 'Failed'
        Clear-ExchangeSimulatorLedger
        Resume-InactiveRestore $req.Identity -ApproveSkippedItems -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SkippedItemApprovalUnavailable,*'
        $errs[0].Exception.Message | Should -BeLike '*-SkippedItemApprovalTime*nothing was changed*'
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*ExchangeOnlineManagement*'
        Get-Changes | Should -BeNullOrEmpty
        (Get-MailboxRestoreRequest -Identity $req.RequestGuid).Status | Should -Be 'Failed'
    }
}

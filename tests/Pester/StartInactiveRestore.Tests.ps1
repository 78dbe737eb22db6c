# Start-InactiveRestore on the simulator's demo tenant, as a user runs it. The simulator's ledger shows every Exchange call.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    function Get-Changes { @(Get-ExchangeSimulatorLedger | Where-Object { $_.CommandName -notlike 'Get-*' }) }
    function Get-NewCalls { @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest) }
    $script:FQ = 'InactiveRestore.Commands.StartInactiveRestoreCommand'
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Start-InactiveRestore' {
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
    }

    Context 'a restore' {
        It 'adds the X500 address, then submits the primary and the archive request, naming the source by ExchangeGuid' {
            $megan = Get-Mailbox -InactiveMailboxOnly -Identity megan.bowen
            Clear-ExchangeSimulatorLedger
            $iv = $null
            $results = @(Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -InformationVariable iv -WarningAction SilentlyContinue)
            $results.Count | Should -Be 2
            $results | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.RestoreResult' }
            $results.RequestName | Should -Be @('IR-megan.bowen-aa193739-Primary', 'IR-megan.bowen-aa193739-Archive')
            $results.IsArchive | Should -Be @($false, $true)
            $results | ForEach-Object { $_.Success | Should -BeTrue; $_.RequestId | Should -Not -Be ([guid]::Empty); $_.Status | Should -Be 'Queued' }
            $results[0].ConflictResolution | Should -Be 'KeepAll'

            $changes = Get-Changes
            $changes.CommandName | Should -Be @('Set-Mailbox', 'New-MailboxRestoreRequest', 'New-MailboxRestoreRequest')
            $changes[0].Parameters.EmailAddresses.Add | Should -Be "X500:$($megan.LegacyExchangeDN)"
            $changes[1].Parameters.SourceMailbox | Should -Be $megan.ExchangeGuid.ToString()
            $changes[1].Parameters.ConflictResolutionOption | Should -Be 'KeepAll'
            $changes[1].Parameters.ContainsKey('SourceIsArchive') | Should -BeFalse
            $changes[2].Parameters.SourceIsArchive | Should -BeTrue
            $changes[2].Parameters.TargetIsArchive | Should -BeTrue
            $changes[2].Parameters.TargetRootFolder | Should -Be "$($changes[1].Parameters.TargetRootFolder)-Archive"
            $changes | ForEach-Object { $_.Outcome | Should -Be 'Success' }

            # The pair's line, then the invocation's summary line (host and Information).
            $iv.Count | Should -Be 2
            "$($iv[1].MessageData)" | Should -Be '1 pair: 1 submitted'
            "$($iv[0].MessageData)" | Should -Be 'Restore of Megan Bowen into adele.vance@contoso.onmicrosoft.com submitted as IR-megan.bowen-aa193739-Primary (primary), IR-megan.bowen-aa193739-Archive (archive).'
            $iv[0].Tags | Should -Contain 'InactiveRestore'
        }

        It 'names the source by its ExchangeGuid even when the SMTP address given is shared with an active mailbox (joni.sherman)' {
            $inactive = Get-Mailbox -InactiveMailboxOnly -Identity joni.sherman@contoso.onmicrosoft.com
            $active = Get-Mailbox -Identity joni.sherman@contoso.onmicrosoft.com
            $inactive.ExchangeGuid | Should -Not -Be $active.ExchangeGuid
            Clear-ExchangeSimulatorLedger
            $r = Start-InactiveRestore -SourceMailbox joni.sherman@contoso.onmicrosoft.com -TargetMailbox bianca.pisani -WarningAction SilentlyContinue
            $r.SourceExchangeGuid | Should -Be $inactive.ExchangeGuid
            $new = Get-NewCalls
            $new.Count | Should -Be 1
            $new[0].Parameters.SourceMailbox | Should -Be $inactive.ExchangeGuid.ToString()
            $new[0].Parameters.SourceMailbox | Should -Not -Match '@'
        }

        It 'passes -ConflictResolution <Option> through to New-MailboxRestoreRequest' -ForEach @(
            @{ Option = 'KeepAll' }, @{ Option = 'KeepSourceItem' }, @{ Option = 'KeepLatestItem' },
            @{ Option = 'KeepTargetItem' }, @{ Option = 'ForceCopy' }, @{ Option = 'UpdateFromSource' }
        ) {
            $r = Start-InactiveRestore lee.gu allan.deyoung -Archive Exclude -ConflictResolution $Option -Force -WarningAction SilentlyContinue
            $r.ConflictResolution | Should -Be $Option
            $new = Get-NewCalls
            $new.Count | Should -Be 1
            $new[0].Parameters.ConflictResolutionOption | Should -Be $Option
        }

        It 'passes the folder options, -ExcludeDumpster, -BatchName and -Name through' {
            $r = @(Start-InactiveRestore lee.gu allan.deyoung -TargetRootFolder 'Old Mail/Lee' -IncludeFolders 'Inbox/*', '#SentItems#' -ExcludeFolders 'Inbox/Spam' -ExcludeDumpster -BatchName 'Wave 1' -Name 'Lee restore' -WarningAction SilentlyContinue)
            $r.RequestName | Should -Be @('Lee restore', 'Lee restore-Archive')
            $r[0].BatchName | Should -Be 'Wave 1'
            $new = Get-NewCalls
            $new[0].Parameters.TargetRootFolder | Should -Be 'Old Mail/Lee'
            $new[1].Parameters.TargetRootFolder | Should -Be 'Old Mail/Lee-Archive'
            $new[0].Parameters.IncludeFolders | Should -Be @('Inbox/*', '#SentItems#')
            $new[0].Parameters.ExcludeFolders | Should -Be @('Inbox/Spam')
            $new[0].Parameters.ExcludeDumpster | Should -BeTrue
            $new[0].Parameters.BatchName | Should -Be 'Wave 1'
            $new[0].Parameters.Name | Should -Be 'Lee restore'
        }
    }

    Context 'consent for options that replace target items' {
        It 'refuses <Option> without -Force when the host cannot ask (OverwriteConsentRequired) and creates nothing' -ForEach @(
            @{ Option = 'KeepSourceItem' }, @{ Option = 'UpdateFromSource' }
        ) {
            Clear-ExchangeSimulatorLedger
            $err = $null
            $out = Start-InactiveRestore lee.gu allan.deyoung -ConflictResolution $Option -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "OverwriteConsentRequired,$FQ"
            $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $err[0].TargetObject.SourceMailbox | Should -Be 'lee.gu'
            $err[0].TargetObject.TargetMailbox | Should -Be 'allan.deyoung'
            $err[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
            Get-Changes | Should -BeNullOrEmpty
        }

        It 'creates with -Force' {
            $r = @(Start-InactiveRestore lee.gu allan.deyoung -ConflictResolution KeepSourceItem -Force -WarningAction SilentlyContinue)
            $r.Count | Should -Be 2
            (Get-NewCalls).Count | Should -Be 2
        }

        It 'does not ask under -WhatIf' {
            $err = $null
            $transcript = Join-Path $TestDrive 'consent-whatif.txt'
            Start-Transcript -Path $transcript | Out-Null
            try { Start-InactiveRestore lee.gu allan.deyoung -ConflictResolution KeepSourceItem -WhatIf -ErrorVariable err -WarningAction SilentlyContinue }
            finally { Stop-Transcript | Out-Null }
            $err | Should -BeNullOrEmpty
            Get-Content $transcript -Raw | Should -Match "What if: .*\n.*\n.*-ConflictResolutionOption 'KeepSourceItem'"
            Get-Changes | Should -BeNullOrEmpty
        }

        It 'does not ask for KeepAll and the other options that keep target items' {
            $err = $null
            Start-InactiveRestore lee.gu allan.deyoung -ConflictResolution KeepLatestItem -ErrorVariable err -WarningAction SilentlyContinue | Should -HaveCount 2
            $err | Should -BeNullOrEmpty
        }
    }

    Context 'archive' {
        It 'Auto restores the archive too when both sides have one' {
            (Start-InactiveRestore megan.bowen adele.vance -WarningAction SilentlyContinue).IsArchive | Should -Be @($false, $true)
        }

        It 'Auto skips the archive with a TargetLacksArchive warning when the target has none' {
            $wv = $null
            $r = @(Start-InactiveRestore megan.bowen bianca.pisani -WarningVariable wv -WarningAction SilentlyContinue)
            $r.Count | Should -Be 1
            $r[0].IsArchive | Should -BeFalse
            ($wv | Where-Object { "$_" -like 'TargetLacksArchive:*' }) | Should -HaveCount 1
            (Get-NewCalls).Count | Should -Be 1
        }

        It 'Include fails with TargetLacksArchive when the target has no archive, and creates nothing' {
            $err = $null
            $r = Start-InactiveRestore megan.bowen bianca.pisani -Archive Include -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "TargetLacksArchive,$FQ"
            $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            Get-Changes | Should -BeNullOrEmpty
        }

        It 'Include restores both when both sides have an archive' {
            (Start-InactiveRestore megan.bowen adele.vance -Archive Include -WarningAction SilentlyContinue).IsArchive | Should -Be @($false, $true)
        }

        It 'Exclude restores the primary only' {
            $r = @(Start-InactiveRestore megan.bowen adele.vance -Archive Exclude -WarningAction SilentlyContinue)
            $r.Count | Should -Be 1
            $r[0].IsArchive | Should -BeFalse
            (Get-NewCalls)[0].Parameters.ContainsKey('SourceIsArchive') | Should -BeFalse
        }

        It 'Only restores the archive only' {
            $r = @(Start-InactiveRestore megan.bowen adele.vance -Archive Only -WarningAction SilentlyContinue)
            $r.Count | Should -Be 1
            $r[0].IsArchive | Should -BeTrue
            $new = Get-NewCalls
            $new.Count | Should -Be 1
            $new[0].Parameters.SourceIsArchive | Should -BeTrue
            $new[0].Parameters.TargetIsArchive | Should -BeTrue
            # The X500 preparation still runs before it.
            (Get-Changes).CommandName | Should -Be @('Set-Mailbox', 'New-MailboxRestoreRequest')
        }

        It 'refuses a source with an auto-expanding archive (AutoExpandingArchive)' {
            $err = $null
            Start-InactiveRestore diego.siciliani adele.vance -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $err.FullyQualifiedErrorId | Should -Contain "AutoExpandingArchive,$FQ"
            Get-Changes | Should -BeNullOrEmpty
        }
    }

    Context 'preparation' {
        It 'with -AllowLegacyDNMismatch passes the switch and adds no X500 address' {
            $wv = $null
            Start-InactiveRestore megan.bowen adele.vance -AllowLegacyDNMismatch -WarningVariable wv -WarningAction SilentlyContinue | Should -HaveCount 2
            (Get-Changes).CommandName | Should -Be @('New-MailboxRestoreRequest', 'New-MailboxRestoreRequest')
            Get-NewCalls | ForEach-Object { $_.Parameters.AllowLegacyDNMismatch | Should -BeTrue }
            ($wv | Where-Object { "$_" -like 'LegacyDnMissing:*' }) | Should -HaveCount 1
        }

        It 'adds no X500 address when the target already has it' {
            $megan = Get-Mailbox -InactiveMailboxOnly -Identity megan.bowen
            Set-Mailbox adele.vance -EmailAddresses @{ Add = "X500:$($megan.LegacyExchangeDN)" }
            Clear-ExchangeSimulatorLedger
            Start-InactiveRestore megan.bowen adele.vance -WarningAction SilentlyContinue | Out-Null
            (Get-Changes).CommandName | Should -Be @('New-MailboxRestoreRequest', 'New-MailboxRestoreRequest')
        }

        It 'with -EnableRetentionHold puts the target on retention hold before submitting' {
            (Get-Mailbox debra.berger).RetentionHoldEnabled | Should -BeFalse
            $wv = $null
            Start-InactiveRestore lee.gu debra.berger -EnableRetentionHold -WarningVariable wv -WarningAction SilentlyContinue | Should -HaveCount 2
            $changes = Get-Changes
            $changes.CommandName | Should -Be @('Set-Mailbox', 'Set-Mailbox', 'New-MailboxRestoreRequest', 'New-MailboxRestoreRequest')
            $changes[0].Parameters.EmailAddresses.Add | Should -BeLike 'X500:*'
            $changes[1].Parameters.RetentionHoldEnabled | Should -BeTrue
            (Get-Mailbox debra.berger).RetentionHoldEnabled | Should -BeTrue
            ($wv | Where-Object { "$_" -like 'RetentionMayPurge:*' }) | Should -BeNullOrEmpty
        }

        It 'warns RetentionMayPurge without -EnableRetentionHold and still submits' {
            $wv = $null
            Start-InactiveRestore lee.gu debra.berger -WarningVariable wv -WarningAction SilentlyContinue | Should -HaveCount 2
            ($wv | Where-Object { "$_" -like 'RetentionMayPurge:*Contoso 1 Year Delete*' }) | Should -HaveCount 1
        }
    }

    Context 'idempotence' {
        It 'a second run creates nothing and returns the same requests, with a Verbose note' {
            $first = @(Start-InactiveRestore megan.bowen adele.vance -WarningAction SilentlyContinue)
            Clear-ExchangeSimulatorLedger
            $second = @(Start-InactiveRestore megan.bowen adele.vance -WarningAction SilentlyContinue -Verbose 4>&1)
            $verbose = @($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            $results = @($second | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            $results.RequestId | Should -Be $first.RequestId
            $results | ForEach-Object { $_.AlreadyExisted | Should -BeTrue }
            Get-Changes | Should -BeNullOrEmpty
            ($verbose | Where-Object { "$_" -like "Request 'IR-megan.bowen-*-Primary' already existed*" }) | Should -HaveCount 1
        }
    }

    Context 'pipeline input' {
        It 'takes CSV rows (SourceMailbox/TargetMailbox, optional folder and batch); a bad row is an error and the others go on' {
            $csv = Join-Path $TestDrive 'pairs.csv'
            @'
SourceMailbox,TargetMailbox,TargetRootFolder,BatchName
megan.bowen,adele.vance,Megan,Wave 1
lee.gu*,allan.deyoung,,Wave 1
irvin.sayers,cameron.white,,
'@ | Set-Content -Path $csv
            Clear-ExchangeSimulatorLedger
            $err = $null
            $results = @(Import-Csv $csv | Start-InactiveRestore -Archive Exclude -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $results.Count | Should -Be 2
            $results[0].TargetRootFolder | Should -Be 'Megan'
            $results[0].BatchName | Should -Be 'Wave 1'
            $results[1].BatchName | Should -BeNullOrEmpty
            $results[1].TargetRootFolder | Should -BeLike 'Restored-Irvin Sayers-*'
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "InvalidIdentity,$FQ"
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be 'lee.gu*'
            # No Exchange call at all for the bad row.
            @(Get-ExchangeSimulatorLedger | Where-Object { $_.Parameters.Identity -like 'lee.gu*' }).Count | Should -Be 0
            (Get-NewCalls).Count | Should -Be 2
        }

        It 'takes CSV columns named Source and Target' {
            $csv = Join-Path $TestDrive 'short.csv'
            "Source,Target`nmegan.bowen,adele.vance" | Set-Content -Path $csv
            (Import-Csv $csv | Start-InactiveRestore -WarningAction SilentlyContinue).RequestName | Should -Be @('IR-megan.bowen-aa193739-Primary', 'IR-megan.bowen-aa193739-Archive')
        }

        It 'takes Get-InactiveMailbox output (its SourceMailbox is the ExchangeGuid)' {
            $megan = Get-InactiveMailbox megan.bowen
            Clear-ExchangeSimulatorLedger
            $r = @(Get-InactiveMailbox megan.bowen | Start-InactiveRestore -TargetMailbox adele.vance -WarningAction SilentlyContinue)
            $r.Count | Should -Be 2
            (Get-ExchangeSimulatorLedger -CommandName Get-Mailbox | Where-Object { $_.Parameters.InactiveMailboxOnly -and $_.Parameters.Identity -eq $megan.ExchangeGuid.ToString() }) | Should -Not -BeNullOrEmpty
            (Get-NewCalls)[0].Parameters.SourceMailbox | Should -Be $megan.ExchangeGuid.ToString()
        }
    }

    Context 'prefix and -WhatIf' {
        It 'runs the prefixed commands of a -Prefix connection' {
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1 -Prefix Contoso
            Start-InactiveRestore megan.bowen adele.vance -WarningAction SilentlyContinue | Should -HaveCount 2
            $changes = Get-Changes
            $changes.InvokedAs | Should -Be @('Set-ContosoMailbox', 'New-ContosoMailboxRestoreRequest', 'New-ContosoMailboxRestoreRequest')
        }

        It '-WhatIf shows every command it would run (prefixed), validates, and changes nothing' {
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1 -Prefix Contoso
            $transcript = Join-Path $TestDrive 'whatif.txt'
            Start-Transcript -Path $transcript | Out-Null
            try { $out = Start-InactiveRestore megan.bowen adele.vance -EnableRetentionHold -WhatIf -WarningAction SilentlyContinue }
            finally { Stop-Transcript | Out-Null }
            $out | Should -BeNullOrEmpty
            $text = Get-Content $transcript -Raw
            $megan = Get-ContosoMailbox -InactiveMailboxOnly -Identity megan.bowen
            $text | Should -Match "What if: Restore 'Megan Bowen' into 'adele.vance@contoso.onmicrosoft.com' by running:"
            $text | Should -Match "Set-ContosoMailbox -Identity '[0-9a-f-]{36}' -RetentionHoldEnabled \`$true"
            $text | Should -Match ([regex]::Escape("Set-ContosoMailbox -Identity '") + '[0-9a-f-]{36}' + [regex]::Escape("' -EmailAddresses @{Add='X500:$($megan.LegacyExchangeDN)'}"))
            $text | Should -Match ([regex]::Escape("New-ContosoMailboxRestoreRequest -SourceMailbox '$($megan.ExchangeGuid)'") + ".*-Name 'IR-megan.bowen-aa193739-Primary'.*-ConflictResolutionOption 'KeepAll'")
            $text | Should -Match "New-ContosoMailboxRestoreRequest .*-Name 'IR-megan.bowen-aa193739-Archive'.*-SourceIsArchive -TargetIsArchive"
            $ledger = @(Get-ExchangeSimulatorLedger)
            ($ledger | Where-Object CommandName -eq 'Get-Mailbox') | Should -Not -BeNullOrEmpty
            Get-Changes | Should -BeNullOrEmpty
        }
    }

    Context 'errors' {
        # QA: "Remedies are printed twice (message + Recommendation)". PowerShell 7's ConciseView prints RecommendedAction
        # on a line of its own; NormalView (and Windows PowerShell 5.1) prints the message only: either way, once.
        It 'says the remedy once on screen in <View>, keeps it in RecommendedAction, and TargetInactive names the recovery' -ForEach @(
            @{ View = 'ConciseView' }, @{ View = 'NormalView' }
        ) {
            $before = $global:ErrorView
            try {
                $global:ErrorView = $View
                $err = $null
                $pairs = [pscustomobject]@{ Source = 'megan.bowen'; Target = 'lee.gu' }, [pscustomobject]@{ Source = 'nobody'; Target = 'adele.vance' }
                $pairs | Start-InactiveRestore -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
                $inactive = $err | Where-Object { $_.FullyQualifiedErrorId -like 'TargetInactive,*' }
                $lee = Get-Mailbox -InactiveMailboxOnly -Identity lee.gu
                $inactive.ErrorDetails.RecommendedAction | Should -Match "New-Mailbox -InactiveMailbox $($lee.ExchangeGuid) -Name <name> -MicrosoftOnlineServicesID <new UPN> -Password \(Read-Host -AsSecureString\)"
                $inactive.ErrorDetails.RecommendedAction | Should -Match 'Give an active mailbox as -TargetMailbox'
                $screen = $inactive | Out-String -Width 400
                $screen | Should -Match "The target 'lee.gu' \(Lee Gu\) is an inactive mailbox"
                [regex]::Matches($screen, 'New-Mailbox -InactiveMailbox').Count | Should -Be 1 -Because $screen
                $notFound = $err | Where-Object { $_.FullyQualifiedErrorId -like 'SourceNotFound,*' }
                [regex]::Matches(($notFound | Out-String -Width 400), 'Check the identity with Get-InactiveMailbox').Count | Should -Be 1
                if ($View -eq 'ConciseView') { $screen | Should -Match 'Recommendation: Give an active mailbox' }
            } finally {
                $global:ErrorView = $before
            }
        }

        It 'writes validation errors as non-terminating ErrorRecords (code, category, target, remedy) and goes on with the next pair' {
            $pairs = @(
                [pscustomobject]@{ SourceMailbox = 'nobody'; TargetMailbox = 'adele.vance' }
                [pscustomobject]@{ SourceMailbox = 'patti.fernandez'; TargetMailbox = 'raul.razo' }
                [pscustomobject]@{ SourceMailbox = 'megan.bowen'; TargetMailbox = 'lee.gu' }
                [pscustomobject]@{ SourceMailbox = 'lee.gu'; TargetMailbox = 'allan.deyoung' }
            )
            $err = $null
            $iv = $null
            $results = @($pairs | Start-InactiveRestore -ErrorVariable err -InformationVariable iv -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $results.Count | Should -Be 2
            $results[0].Source | Should -Be 'lee.gu'   # the source's alias, as Get-InactiveRestore shows it
            @($iv).ForEach({ "$($_.MessageData)" }) | Should -Be @(
                'Restore of nobody into adele.vance not started: SourceNotFound.'
                'Restore of patti.fernandez into raul.razo not started: InsufficientSpace.'
                'Restore of megan.bowen into lee.gu not started: TargetInactive.'
                'Restore of Lee Gu into allan.deyoung@contoso.onmicrosoft.com submitted as IR-lee.gu-4e8790e6-Primary (primary), IR-lee.gu-4e8790e6-Archive (archive).'
                '4 pairs: 1 submitted, 3 refused'
            )

            $notFound = $err | Where-Object { $_.FullyQualifiedErrorId -like 'SourceNotFound,*' }
            $notFound.FullyQualifiedErrorId | Should -Be "SourceNotFound,$FQ"
            $notFound.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $notFound.TargetObject | Should -Be 'nobody'
            $notFound.ErrorDetails.RecommendedAction | Should -Match 'Get-InactiveMailbox'
            "$notFound" | Should -Match "No inactive mailbox matches 'nobody'\."
            $notFound.Exception.Message | Should -Match "No inactive mailbox matches 'nobody'\..*Get-InactiveMailbox"

            $space = $err | Where-Object { $_.FullyQualifiedErrorId -like 'InsufficientSpace,*' }
            $space.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            "$($space.TargetObject)" | Should -Be 'patti.fernandez -> raul.razo'

            $inactive = $err | Where-Object { $_.FullyQualifiedErrorId -like 'TargetInactive,*' }
            $inactive.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $inactive.TargetObject | Should -Be 'lee.gu'

            (Get-NewCalls).Count | Should -Be 2
            (Get-NewCalls).Parameters.TargetMailbox | Select-Object -Unique | Should -HaveCount 1
        }

        It 'reports a name taken by another restore as DuplicateRequest (ResourceExists)' {
            Start-InactiveRestore megan.bowen allan.deyoung -Name 'Restore A' -Archive Exclude -WarningAction SilentlyContinue | Out-Null
            $err = $null
            Start-InactiveRestore lee.gu allan.deyoung -Name 'Restore A' -Archive Exclude -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be "DuplicateRequest,$FQ"
            $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $err[0].TargetObject.SourceMailbox | Should -Be 'lee.gu'
            (Get-NewCalls).Count | Should -Be 1
        }

        It 'refuses bad values before any Exchange call: <Parameter> -> <ErrorId>' -ForEach @(
            @{ Parameter = 'Name'; Value = 'a\b'; ErrorId = 'InvalidRequestName' }
            @{ Parameter = 'BatchName'; Value = 'wave\1'; ErrorId = 'InvalidBatchName' }
            @{ Parameter = 'TargetRootFolder'; Value = 'Restored/*'; ErrorId = 'InvalidTargetRootFolder' }
            @{ Parameter = 'IncludeFolders'; Value = 'Inbox//Old'; ErrorId = 'InvalidFolderSpec' }
            @{ Parameter = 'ExcludeFolders'; Value = 'Inbox\Old'; ErrorId = 'InvalidFolderSpec' }
            @{ Parameter = 'TargetMailbox'; Value = ' '; ErrorId = 'InvalidIdentity' }
        ) {
            Clear-ExchangeSimulatorLedger
            $splat = @{ SourceMailbox = 'megan.bowen'; TargetMailbox = 'adele.vance' }
            $splat[$Parameter] = $Value
            $err = $null
            $out = Start-InactiveRestore @splat -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "$ErrorId,$FQ"
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be $Value
            @(Get-ExchangeSimulatorLedger).Count | Should -Be 0
        }

        It 'refuses an unknown conflict option through PowerShell binding' {
            { Start-InactiveRestore megan.bowen adele.vance -ConflictResolution Overwrite } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,InactiveRestore.Commands.StartInactiveRestoreCommand'
        }

        It 'writes an Exchange failure on one pair as a non-terminating error and goes on with the next' {
            $fixture = Join-Path $TestDrive 'bad-dn.json'
            @'
{ "Organization": "fabrikam.onmicrosoft.com", "Mailboxes": [
  { "Alias": "bad.dn", "DisplayName": "Bad DN", "State": "Inactive", "LitigationHoldEnabled": true, "LegacyExchangeDN": "not-a-legacy-dn" },
  { "Alias": "good.one", "DisplayName": "Good One", "State": "Inactive", "LitigationHoldEnabled": true },
  { "Alias": "target.one" }, { "Alias": "target.two" }
] }
'@ | Set-Content -Path $fixture -Encoding utf8
            Connect-ExchangeSimulator -TenantPath $fixture -TimeScale 0 -Seed 1
            $err = $null
            $pairs = @([pscustomobject]@{ Source = 'bad.dn'; Target = 'target.one' }, [pscustomobject]@{ Source = 'good.one'; Target = 'target.two' })
            $r = @($pairs | Start-InactiveRestore -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $r.Count | Should -Be 1
            $r[0].Source | Should -Be 'good.one'
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "ExchangePermanentFailure,$FQ"
            "$($err[0].TargetObject)" | Should -Be 'bad.dn -> target.one'
            @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest).Count | Should -Be 1
        }

        It 'ends at once when the session has expired (ExchangeSessionExpired)' {
            Set-ExchangeSimulatorFault -TokenExpiresAt ([datetime]'2026-03-01T00:00:00Z')
            $pairs = @([pscustomobject]@{ Source = 'megan.bowen'; Target = 'adele.vance' }, [pscustomobject]@{ Source = 'lee.gu'; Target = 'allan.deyoung' })
            { $pairs | Start-InactiveRestore -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'ExchangeSessionExpired,*'
        }

        It 'ends at once when there is no Exchange connection (ExchangeNotConnected)' {
            Disconnect-ExchangeSimulator
            { Start-InactiveRestore megan.bowen adele.vance -ErrorAction SilentlyContinue } | Should -Throw -ErrorId "ExchangeNotConnected,$FQ"
            { Test-InactiveRestore megan.bowen adele.vance -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'ExchangeNotConnected,InactiveRestore.Commands.TestInactiveRestoreCommand'
        }

        It 'retries throttled calls and still submits once' {
            $global:InactiveRestoreRetryPolicy = @{ MaxAttempts = 30; BaseDelay = '00:00:00.001'; MaxDelay = '00:00:00.002' }
            try {
                Set-ExchangeSimulatorFault -TransientErrorRate 0.3
                $r = @(Start-InactiveRestore megan.bowen adele.vance -WarningAction SilentlyContinue)
                $r.Count | Should -Be 2
                Set-ExchangeSimulatorFault -Clear
                @(Get-MailboxRestoreRequest -TargetMailbox adele.vance).Count | Should -Be 2
                @(Get-ExchangeSimulatorLedger | Where-Object Outcome -eq 'Fault') | Should -Not -BeNullOrEmpty
            }
            finally { Remove-Variable InactiveRestoreRetryPolicy -Scope Global }
        }
    }

    Context '-Wait' {
        It 'follows the requests to the end like Watch-InactiveRestore and writes each final state' {
            Connect-ExchangeSimulator -TimeScale 36000 -Seed 1
            $iv = $null
            $r = @(Start-InactiveRestore megan.bowen adele.vance -Wait -Timeout '00:02:00' -InformationVariable iv -WarningAction SilentlyContinue)
            $r.Count | Should -Be 2
            $r | ForEach-Object {
                $_.PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.RestoreResult'
                $_.Status | Should -Be 'Completed'
            }
            $r.RequestName | Sort-Object | Should -Be @('IR-megan.bowen-aa193739-Archive', 'IR-megan.bowen-aa193739-Primary')
            ($iv | Where-Object { "$($_.MessageData)" -like 'Restore of Megan Bowen into adele.vance@contoso.onmicrosoft.com submitted as *' }) | Should -HaveCount 1
            ($iv | Where-Object { $_.Tags -contains 'Settled' }) | Should -HaveCount 2
        }

        It 'writes the current states and a WatchTimedOut error when -Timeout passes' {
            $err = $null
            $r = @(Start-InactiveRestore megan.bowen adele.vance -Archive Exclude -Wait -Timeout '00:00:01' -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $r.Count | Should -Be 1
            $r[0].Status | Should -Be 'Queued'
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "WatchTimedOut,$FQ"
            (Get-NewCalls).Count | Should -Be 1
        }

        It 'refuses a non-positive -Timeout before any Exchange call' {
            Clear-ExchangeSimulatorLedger
            { Start-InactiveRestore megan.bowen adele.vance -Wait -Timeout '00:00:00' } | Should -Throw -ErrorId "InvalidWatchOption,$FQ"
            @(Get-ExchangeSimulatorLedger).Count | Should -Be 0
        }
    }
}

Describe 'Start-InactiveRestore checks the pairs of one run together against a target''s quota' {
    BeforeAll {
        Import-Module "$env:INACTIVERESTORE_MODULE_ROOT/ExchangeSimulator/ExchangeSimulator.psd1"
        Import-Module "$env:INACTIVERESTORE_MODULE_ROOT/InactiveRestore/InactiveRestore.psd1"
    }
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        # The demo's hybrid.synced holds miriam.graham's X500 (proxy addresses are unique, ProxyAddressInUse): free it for these restores of miriam elsewhere.
        Add-ExchangeSimulatorOnPremisesAddress -Identity hybrid.synced -Address "X500:$((Get-Mailbox -InactiveMailboxOnly -Identity miriam.graham).LegacyExchangeDN)" -Remove -SyncDelay 0
        # raul.razo has about 307 MB free; miriam.graham (50 MB), isaiah.langer (95 MB) and megan.bowen (180 MB) each fit alone.
        $script:pairs = 'miriam.graham', 'isaiah.langer', 'megan.bowen' |
            ForEach-Object { [pscustomobject]@{ SourceMailbox = $_; TargetMailbox = 'raul.razo' } }
    }

    It 'creates the first two and refuses the third with InsufficientSpace naming the earlier pairs' {
        $results = @($pairs | Start-InactiveRestore -BatchName Quota -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $results.Count | Should -Be 2
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InsufficientSpace,*'
        $errs[0].Exception.Message | Should -Match 'earlier pairs of this run'
        @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest).Count | Should -Be 2
    }

    It 'each pair alone is accepted' {
        foreach ($p in $pairs) { Test-InactiveRestore -SourceMailbox $p.SourceMailbox -TargetMailbox $p.TargetMailbox -Quiet -WarningAction SilentlyContinue | Should -BeTrue }
    }

    It 'Test-InactiveRestore and -WhatIf predict the same refusal' {
        $checks = @($pairs | Test-InactiveRestore -WarningAction SilentlyContinue)
        $checks.IsValid | Should -Be @($true, $true, $false)
        $checks[2].Errors.Code | Should -Contain 'InsufficientSpace'
        $null = $pairs | Start-InactiveRestore -WhatIf -ErrorVariable whatIfErrs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $whatIfErrs.Count | Should -Be 1
        $whatIfErrs[0].FullyQualifiedErrorId | Should -BeLike 'InsufficientSpace,*'
        @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest).Count | Should -Be 0
    }
}

Describe 'Start-InactiveRestore reuses a restore of the same source made under another name' {
    BeforeAll {
        Import-Module "$env:INACTIVERESTORE_MODULE_ROOT/ExchangeSimulator/ExchangeSimulator.psd1"
        Import-Module "$env:INACTIVERESTORE_MODULE_ROOT/InactiveRestore/InactiveRestore.psd1"
    }
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        # The demo's hybrid.synced holds miriam.graham's X500 (proxy addresses are unique, ProxyAddressInUse): free it for these restores of miriam elsewhere.
        Add-ExchangeSimulatorOnPremisesAddress -Identity hybrid.synced -Address "X500:$((Get-Mailbox -InactiveMailboxOnly -Identity miriam.graham).LegacyExchangeDN)" -Remove -SyncDelay 0
    }

    It 'a request made by hand with Exchange''s default name is picked up, not doubled' {
        $src = Get-Mailbox -InactiveMailboxOnly -Identity miriam.graham
        Set-Mailbox -Identity wanda.howard -EmailAddresses @{ Add = "X500:$($src.LegacyExchangeDN)" }
        New-MailboxRestoreRequest -SourceMailbox $src.ExchangeGuid -TargetMailbox wanda.howard | Out-Null    # MailboxRestore
        Clear-ExchangeSimulatorLedger
        $r = @(Start-InactiveRestore -SourceMailbox miriam.graham -TargetMailbox wanda.howard -WarningAction SilentlyContinue)
        $r.Count | Should -Be 1
        $r[0].RequestName | Should -Be 'MailboxRestore'
        @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest).Count | Should -Be 0
    }

    It 'an earlier -Name is picked up by a re-run without it' {
        $null = Start-InactiveRestore -SourceMailbox miriam.graham -TargetMailbox wanda.howard -Name 'Miriam for Wanda' -WarningAction SilentlyContinue
        $r = @(Start-InactiveRestore -SourceMailbox miriam.graham -TargetMailbox wanda.howard -WarningAction SilentlyContinue)
        $r[0].RequestName | Should -Be 'Miriam for Wanda'
        @((Get-ExchangeSimulatorState).Requests | Where-Object { -not $_.IsRemoved }).Count | Should -Be 1
    }
}

Describe 'A re-run with another -BatchName' {
    BeforeAll {
        Import-Module "$env:INACTIVERESTORE_MODULE_ROOT/ExchangeSimulator/ExchangeSimulator.psd1"
        Import-Module "$env:INACTIVERESTORE_MODULE_ROOT/InactiveRestore/InactiveRestore.psd1"
    }
    BeforeEach {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        # The demo's hybrid.synced holds miriam.graham's X500 (proxy addresses are unique, ProxyAddressInUse): free it for these restores of miriam elsewhere.
        Add-ExchangeSimulatorOnPremisesAddress -Identity hybrid.synced -Address "X500:$((Get-Mailbox -InactiveMailboxOnly -Identity miriam.graham).LegacyExchangeDN)" -Remove -SyncDelay 0
    }

    It 'warns that the existing request stays in its batch and says how to watch it' {
        $null = Start-InactiveRestore -SourceMailbox miriam.graham -TargetMailbox wanda.howard -BatchName Wave1 -WarningAction SilentlyContinue
        $null = Start-InactiveRestore -SourceMailbox miriam.graham -TargetMailbox wanda.howard -BatchName Wave2 -WarningVariable w -WarningAction SilentlyContinue
        ($w -join "`n") | Should -Match "belongs to batch 'Wave1', not 'Wave2'"
        ($w -join "`n") | Should -Match "Watch-InactiveRestore -BatchName 'Wave1'"
        @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest).Count | Should -Be 1
    }

    It 'says nothing about batches when the batch is the same' {
        $null = Start-InactiveRestore -SourceMailbox miriam.graham -TargetMailbox wanda.howard -BatchName Wave1 -WarningAction SilentlyContinue
        $null = Start-InactiveRestore -SourceMailbox miriam.graham -TargetMailbox wanda.howard -BatchName wave1 -WarningVariable w -WarningAction SilentlyContinue
        ($w -join "`n") | Should -Not -Match 'belongs to'
    }
}

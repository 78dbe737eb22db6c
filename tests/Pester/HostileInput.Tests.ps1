# Issue 4: hostile and malformed input. The corpus (data/HostileInputs.ps1) goes through EVERY identity parameter of
# every exported cmdlet against the simulator; the ledger (every Exchange call with its bound parameters) is the proof.
#
#   Refused case -> one ErrorRecord whose FullyQualifiedErrorId starts with an Invalid* id, category InvalidArgument,
#                   TargetObject = the value, and NO Exchange call at all for that cmdlet run.
#   Literal case -> mailbox identity parameters (Get-InactiveMailbox -Identity, Test-/Start-InactiveRestore -SourceMailbox
#                   and -TargetMailbox): the value reaches Exchange verbatim (the case's Passed: trimmed, GUIDs in 'D'
#                   form) as -Identity of the resolving Get-Mailbox; every other identity the ledger shows is the valid
#                   counterpart or a GUID the module resolved.
#                   Request identity parameters (Get-/Watch-/Suspend-/Resume-/Stop-/Remove-InactiveRestore -Identity:
#                   RequestGuid, alias\Name or a request name): the value reaches Exchange verbatim as -Identity (GUID,
#                   alias\Name) or as the -Name filter (a bare name) of Get-MailboxRestoreRequest, except where the stricter
#                   request grammar refuses it (InvalidRequestIdentity, no call): '256-character name' (a request name
#                   has at most 247 characters, the archive suffix included) and 'trailing backslash' (empty name part).
#   Always        -> the canary function Invoke-IRCanary never ran: no script was formed from any value.
BeforeDiscovery {
    $corpus = & (Join-Path $PSScriptRoot 'data/HostileInputs.ps1')
    # Literal cases that the request identity grammar refuses (see above).
    $requestRefused = @('256-character name', 'trailing backslash')
    $parameters = @(
        @{ Cmdlet = 'Get-InactiveMailbox'; Parameter = 'Identity'; Kind = 'Mailbox'; Extra = @{} }
        @{ Cmdlet = 'Test-InactiveRestore'; Parameter = 'SourceMailbox'; Kind = 'Mailbox'; Extra = @{ TargetMailbox = 'adele.vance' } }
        @{ Cmdlet = 'Test-InactiveRestore'; Parameter = 'TargetMailbox'; Kind = 'Mailbox'; Extra = @{ SourceMailbox = 'megan.bowen' } }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'SourceMailbox'; Kind = 'Mailbox'; Extra = @{ TargetMailbox = 'adele.vance'; WhatIf = $true } }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'TargetMailbox'; Kind = 'Mailbox'; Extra = @{ SourceMailbox = 'megan.bowen'; WhatIf = $true } }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'SourceMailbox'; Kind = 'Mailbox'; Extra = @{ TargetMailbox = 'adele.vance' } }
        @{ Cmdlet = 'Start-InactiveRestore'; Parameter = 'TargetMailbox'; Kind = 'Mailbox'; Extra = @{ SourceMailbox = 'megan.bowen' } }
        @{ Cmdlet = 'Get-InactiveRestore'; Parameter = 'Identity'; Kind = 'Request'; Extra = @{} }
        @{ Cmdlet = 'Watch-InactiveRestore'; Parameter = 'Identity'; Kind = 'Request'; Extra = @{ Timeout = 1; PollInterval = 0.1 } }
        @{ Cmdlet = 'Suspend-InactiveRestore'; Parameter = 'Identity'; Kind = 'Request'; Extra = @{ Confirm = $false } }
        @{ Cmdlet = 'Resume-InactiveRestore'; Parameter = 'Identity'; Kind = 'Request'; Extra = @{ Confirm = $false } }
        @{ Cmdlet = 'Stop-InactiveRestore'; Parameter = 'Identity'; Kind = 'Request'; Extra = @{ Confirm = $false } }
        @{ Cmdlet = 'Remove-InactiveRestore'; Parameter = 'Identity'; Kind = 'Request'; Extra = @{ Confirm = $false } }
    )
    $runs = foreach ($p in $parameters) {
        foreach ($c in $corpus) {
            $expect = if ($p.Kind -eq 'Request' -and $c.Expect -eq 'Literal' -and $c.Name -in $requestRefused) { 'Refused' } else { $c.Expect }
            @{
                Cmdlet = $p.Cmdlet; Parameter = $p.Parameter; Kind = $p.Kind; Extra = $p.Extra
                Mode = if ($p.Extra.ContainsKey('WhatIf')) { ' -WhatIf' } else { '' }
                Case = $c.Name; Value = $c.Value; Expect = $expect; Passed = $c.Passed
            }
        }
    }
    $corpusCount = $corpus.Count
}

BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
    function global:Invoke-IRCanary { $global:IRCanaryRan = $true }
    $global:IRCanaryRan = $false
    $script:corpus = & (Join-Path $PSScriptRoot 'data/HostileInputs.ps1')

    # The identity-like parameters a ledger entry carries (what could have received the user's value).
    function Get-IdentityValues($Entry) {
        foreach ($key in 'Identity', 'SourceMailbox', 'TargetMailbox', 'Name') {
            if ($Entry.Parameters.ContainsKey($key)) { [pscustomobject]@{ Key = $key; Value = [string] $Entry.Parameters[$key] } }
        }
    }
    function Test-IsGuid([string] $Text) { $g = [guid]::Empty; [guid]::TryParse($Text, [ref] $g) }
    # Ordinal equality: PowerShell's -eq/-ceq (and Should -Be/-BeExactly) compare strings with the culture, where NUL,
    # zero-width and other ignorable characters vanish ('megan`0.bowen' -ceq 'megan.bowen' is true). Verbatim means ordinal.
    function Test-Same($A, $B) { [string]::Equals([string] $A, [string] $B, [StringComparison]::Ordinal) }
}

AfterAll {
    Remove-Item function:global:Invoke-IRCanary -ErrorAction SilentlyContinue
    Disconnect-ExchangeSimulator
}

Describe 'Hostile input: the corpus through every identity parameter' {
    BeforeAll {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
    }
    BeforeEach { Clear-ExchangeSimulatorLedger }

    It 'the corpus has at least 50 cases (it has <corpusCount>)' -TestCases @{ corpusCount = $corpusCount } {
        $corpusCount | Should -BeGreaterOrEqual 50
        @($corpus | Where-Object Expect -eq 'Refused').Count | Should -BeGreaterThan 20
        @($corpus | Where-Object Expect -eq 'Literal').Count | Should -BeGreaterThan 20
    }

    It '<Cmdlet> -<Parameter><Mode>: <Case> is <Expect>' -ForEach $runs {
        $splat = @{} + $Extra
        $splat[$Parameter] = $Value
        $err = $null
        $thrown = $null
        try {
            $null = & $Cmdlet @splat -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        }
        catch { $thrown = $_ }
        $thrown | Should -BeNullOrEmpty -Because 'a bad value is a non-terminating error for its record'
        $global:IRCanaryRan | Should -BeFalse
        $ledger = @(Get-ExchangeSimulatorLedger)

        if ($Expect -eq 'Refused') {
            $err.Count | Should -BeGreaterOrEqual 1
            foreach ($e in $err) {
                $e.FullyQualifiedErrorId | Should -BeLike 'Invalid*'
                $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
            }
            if ($null -eq $Value) {
                # $null reaches a [string] parameter of a pair as '' (PowerShell's conversion); either is the value.
                $err[0].TargetObject | Should -BeIn @($null, '')
            }
            else {
                Test-Same $err[0].TargetObject $Value | Should -BeTrue -Because 'the target is the value as given'
                $err[0].TargetObject | Should -BeOfType [string]
            }
            $ledger.Count | Should -Be 0 -Because 'no Exchange call is made with a refused value'
            return
        }

        # Literal: the value went to Exchange verbatim, as one parameter value.
        $values = @($ledger | ForEach-Object { Get-IdentityValues $_ })
        $exact = @($values | Where-Object { Test-Same $_.Value $Passed })
        $exact.Count | Should -BeGreaterOrEqual 1 -Because "the ledger must show '$Passed' verbatim"
        $first = $ledger[0]
        if ($Kind -eq 'Mailbox') {
            $first.CommandName | Should -Be 'Get-Mailbox'
            if ($Parameter -eq 'TargetMailbox' -and $Cmdlet -ne 'Get-InactiveMailbox') {
                # The source is resolved first (a valid counterpart), then the target: find the target's Get-Mailbox.
                @($ledger | Where-Object { $_.CommandName -eq 'Get-Mailbox' -and (Test-Same $_.Parameters['Identity'] $Passed) }).Count | Should -BeGreaterOrEqual 1
            }
            else {
                Test-Same $first.Parameters['Identity'] $Passed | Should -BeTrue -Because "Get-Mailbox -Identity must be '$Passed' verbatim"
            }
            $counterpart = @($Extra.Values | Where-Object { $_ -is [string] })
            foreach ($v in $values) {
                $ok = (Test-Same $v.Value $Passed) -or @($counterpart | Where-Object { Test-Same $v.Value $_ }).Count -gt 0 -or (Test-IsGuid $v.Value) -or ($v.Key -eq 'Name' -and $v.Value -like 'IR-*')
                $ok | Should -BeTrue -Because "-$($v.Key) '$($v.Value)' of the ledger is neither the value, the counterpart nor a resolved GUID"
            }
        }
        else {
            $first.CommandName | Should -Be 'Get-MailboxRestoreRequest'
            $key = if ($first.Parameters.ContainsKey('Identity')) { 'Identity' } else { 'Name' }
            Test-Same $first.Parameters[$key] $Passed | Should -BeTrue -Because "Get-MailboxRestoreRequest -$key must be '$Passed' verbatim"
            # Nothing matches these values: no change command was run.
            @($ledger | Where-Object CommandName -notlike 'Get-*').Count | Should -Be 0
            $err.Count | Should -BeGreaterOrEqual 1
            $err[0].FullyQualifiedErrorId | Should -Match '^(RequestNotFound|Exchange\w*NotFound)\b' -Because 'not found is said in the module''s words (RequestNotFound) or as the classified Exchange error'
        }
    }
}

Describe 'Hostile input: a CSV of the corpus piped into Start-InactiveRestore' {
    BeforeAll {
        Connect-ExchangeSimulator -TimeScale 0 -Seed 1
        $script:csv = Join-Path $TestDrive 'pairs.csv'
        # Good rows interleaved with every corpus value as SourceMailbox ($null becomes an empty cell).
        $rows = [System.Collections.Generic.List[object]]::new()
        $rows.Add([pscustomobject]@{ SourceMailbox = 'lee.gu'; TargetMailbox = 'allan.deyoung' })
        foreach ($c in $corpus) { $rows.Add([pscustomobject]@{ SourceMailbox = $c.Value; TargetMailbox = 'adele.vance' }) }
        $rows.Insert(30, [pscustomobject]@{ SourceMailbox = 'irvin.sayers'; TargetMailbox = 'cameron.white' })
        $rows.Add([pscustomobject]@{ SourceMailbox = 'nestor.wilke'; TargetMailbox = 'emily.braun' })
        $rows | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding utf8
        Clear-ExchangeSimulatorLedger
        $script:err = $null
        $script:out = @(Import-Csv -LiteralPath $csv | Start-InactiveRestore -ErrorVariable script:err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $script:read = @(Import-Csv -LiteralPath $csv)
    }

    It 'writes one error per bad row and restores the good rows' {
        $global:IRCanaryRan | Should -BeFalse
        # What the CSV round trip gives back is what the cmdlet saw. Ordinal comparisons: PowerShell's -eq/-in compare
        # strings with the culture, where NUL and zero-width characters are ignorable ('megan`0.bowen' -eq 'megan.bowen').
        $good = 'lee.gu', 'irvin.sayers', 'nestor.wilke', 'megan.bowen'
        $bad = @($read | Where-Object { $s = $_.SourceMailbox.Trim(); -not ($good | Where-Object { [string]::Equals($_, $s, [StringComparison]::Ordinal) }) })
        $bad.Count | Should -BeGreaterOrEqual 60
        $err.Count | Should -Be $bad.Count
        $invalid = @($err | Where-Object FullyQualifiedErrorId -like 'Invalid*')
        $notFound = @($err | Where-Object FullyQualifiedErrorId -like 'SourceNotFound*')
        ($invalid.Count + $notFound.Count) | Should -Be $err.Count
        $invalid | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
        $refusedValues = @($corpus | Where-Object Expect -eq 'Refused' | ForEach-Object { if ($null -eq $_.Value) { '' } else { $_.Value } })
        foreach ($e in $invalid) { @($refusedValues | Where-Object { Test-Same $e.TargetObject $_ }).Count | Should -BeGreaterOrEqual 1 }
        $invalid.Count | Should -Be @($corpus | Where-Object Expect -eq 'Refused').Count
        # The good rows (and the corpus' two spellings of megan.bowen) proceeded.
        $new = @(Get-ExchangeSimulatorLedger -CommandName New-MailboxRestoreRequest)
        @($new | ForEach-Object { $_.Parameters.Name } | ForEach-Object { ($_ -split '-')[1] } | Sort-Object -Unique) |
            Should -Be @('irvin.sayers', 'lee.gu', 'megan.bowen', 'nestor.wilke')
        @($out | Where-Object { $_.RequestName -like 'IR-megan.bowen-*' -and $_.AlreadyExisted }).Count | Should -BeGreaterThan 0
    }

    It 'sent no refused value to Exchange' {
        # Ordinal: with the culture's comparison 'megan.bowen' would "equal" the refused 'megan`0.bowen'.
        $refused = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
        $corpus | Where-Object { $_.Expect -eq 'Refused' -and $_.Value } | ForEach-Object { $null = $refused.Add($_.Value) }
        $refused.Count | Should -BeGreaterThan 20
        foreach ($entry in Get-ExchangeSimulatorLedger) {
            foreach ($v in $entry.Parameters.Values) {
                if ($v -is [string]) { $refused.Contains($v) | Should -BeFalse -Because "'$v' was refused but reached $($entry.CommandName)" }
            }
        }
    }
}

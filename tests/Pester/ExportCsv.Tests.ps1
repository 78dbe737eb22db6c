# Issue 9: Export-Csv / ConvertTo-Csv of every object the module writes gets flat, readable values: lists joined with
# '; ', nested objects as short text, dates in UTC as ISO 8601 with Z, never a .NET type name. The objects stay typed.
BeforeDiscovery {
    $setNames = 'RestoreResult (Start)', 'RestoreResult (Get -IncludeReport)', 'RestoreResult (Watch)', 'RestoreResult (Suspend -PassThru)',
        'SkippedItem', 'ValidationResult', 'InactiveMailbox', 'RestoreCompletionResult', 'ReadinessCheck'
    $cases = @($setNames | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $setNames = 'RestoreResult (Start)', 'RestoreResult (Get -IncludeReport)', 'RestoreResult (Watch)', 'RestoreResult (Suspend -PassThru)',
        'SkippedItem', 'ValidationResult', 'InactiveMailbox', 'RestoreCompletionResult', 'ReadinessCheck'
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
    # A culture whose own date format differs (dd.MM.yyyy): the CSV must not depend on it.
    $script:culture = [System.Threading.Thread]::CurrentThread.CurrentCulture
    [System.Threading.Thread]::CurrentThread.CurrentCulture = [System.Globalization.CultureInfo]::GetCultureInfo('de-DE')

    Connect-ExchangeSimulator -TimeScale 0 -Seed 1
    $quiet = @{ WarningAction = 'SilentlyContinue'; InformationAction = 'SilentlyContinue' }
    # kai.carter completes with skipped items (warnings, a report, skipped item rows); alex.wilber stays running.
    $script:start = @(Start-InactiveRestore kai.carter bianca.pisani -BatchName Csv @quiet)
    $script:alex = @(Start-InactiveRestore alex.wilber allan.deyoung -BatchName Run -Archive Exclude @quiet)
    for ($i = 0; $i -lt 60 -and (Get-MailboxRestoreRequest -Identity $start[0].RequestId).Status -notlike 'Completed*'; $i++) { Step-ExchangeSimulator -Minutes 10 }
    $script:sets = [ordered]@{
        'RestoreResult (Start)'              = $start
        'RestoreResult (Get -IncludeReport)' = @(Get-InactiveRestore -BatchName Csv -IncludeReport -Verify @quiet)
        'RestoreResult (Watch)'              = @(Watch-InactiveRestore -BatchName Csv -PollInterval '00:00:00.01' -Timeout '00:00:01' @quiet)
        'RestoreResult (Suspend -PassThru)'  = @(Suspend-InactiveRestore -Identity $alex[0].RequestId -Confirm:$false -PassThru @quiet)
        'SkippedItem'                        = @(Get-InactiveRestore -BatchName Csv -IncludeSkippedItems @quiet)
        'ValidationResult'                   = @(Test-InactiveRestore megan.bowen adele.vance -EnableRetentionHold @quiet) + @(Test-InactiveRestore nosuch adele.vance @quiet)
        'InactiveMailbox'                    = @(Get-InactiveMailbox -IncludeStatistics @quiet)
        'RestoreCompletionResult'            = @(Complete-InactiveRestore -BatchName Csv -Confirm:$false @quiet)
        'ReadinessCheck'                     = @(Test-InactiveRestoreEnvironment @quiet)
    }
    @($sets.Keys) | Should -Be $setNames

    # The .NET properties of a type, in their order (the CSV's columns), and those holding dates.
    function Get-Columns($object) { @($object.PSObject.BaseObject.GetType().GetProperties() | Where-Object { $_.GetIndexParameters().Count -eq 0 } | ForEach-Object Name) }
    function Get-DateColumns($object) {
        @($object.PSObject.BaseObject.GetType().GetProperties() | Where-Object { $_.PropertyType -in [datetime], [Nullable[datetime]] } | ForEach-Object Name)
    }
}

AfterAll {
    [System.Threading.Thread]::CurrentThread.CurrentCulture = $script:culture
    Disconnect-ExchangeSimulator
}

Describe 'Export-Csv of the module''s objects' {
    It 'has objects of every kind to export' {
        foreach ($name in $sets.Keys) { $sets[$name].Count | Should -BeGreaterThan 0 -Because "$name is exported" }
        $sets['SkippedItem'][0].PSObject.TypeNames[0] | Should -Be 'InactiveRestore.Model.SkippedItem'
        $sets['RestoreCompletionResult'][0].Requests.Count | Should -BeGreaterThan 0
        @($sets['RestoreResult (Get -IncludeReport)'] | Where-Object { $_.Warnings.Count -gt 0 }).Count | Should -BeGreaterThan 0
    }

    It '<Name>: ConvertTo-Csv writes every property, in order, as flat text (no type names, no @{...})' -ForEach $cases {
        $objects = $sets[$Name]
        $rows = @($objects | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv)
        $rows.Count | Should -Be $objects.Count
        $rows[0].PSObject.Properties.Name | Should -Be (Get-Columns $objects[0])
        # Type names (System.*, List`1[...], String[], InactiveRestore.Model.*) and hashtable or collection dumps.
        $dump = 'System\.|`\d|\w\[\]|\[(System|InactiveRestore|Microsoft)\b|InactiveRestore\.(Model|Core|Exchange)\.|@\{|^\{.*\}$'
        $bad = @(foreach ($row in $rows) { foreach ($p in $row.PSObject.Properties) { if ("$($p.Value)" -match $dump) { "$($p.Name) = '$($p.Value)'" } } })
        $bad | Should -BeNullOrEmpty
    }

    It '<Name>: dates are UTC, ISO 8601 with Z, whatever the culture' -ForEach $cases {
        $objects = $sets[$Name]
        $dates = @(Get-DateColumns $objects[0])
        $rows = @($objects | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv)
        $bad = @(for ($i = 0; $i -lt $rows.Count; $i++) {
            foreach ($d in $dates) {
                $text = $rows[$i].$d
                $value = $objects[$i].$d
                $expected = if ($null -eq $value) { '' } else { $value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture) }
                if ($text -ne $expected -or ($text -and $text -notmatch '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')) { "$d = '$text', not '$expected'" }
            }
        })
        $bad | Should -BeNullOrEmpty
        if ($dates) { @($rows | Where-Object { $_.($dates[0]) }).Count | Should -BeGreaterThan 0 -Because 'some date is set' }
    }

    It 'Export-Csv to a file and Import-Csv give the same flat values' {
        $path = Join-Path $TestDrive 'results.csv'
        $sets['RestoreResult (Get -IncludeReport)'] | Export-Csv -LiteralPath $path -NoTypeInformation
        $imported = @(Import-Csv -LiteralPath $path)
        $expected = @($sets['RestoreResult (Get -IncludeReport)'] | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv)
        ($imported | ConvertTo-Json) | Should -Be ($expected | ConvertTo-Json)
        (Get-Content -LiteralPath $path -Raw) | Should -Not -Match 'System\.'
    }

    It 'lists are joined with "; " and nested objects are short text' {
        $r = @($sets['RestoreResult (Get -IncludeReport)'] | Where-Object { $_.Warnings.Count -gt 0 })[0]
        $row = $r | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $row.Warnings | Should -Be ($r.Warnings -join '; ')
        $row.Report | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ .+; \d{4}-'
        $c = $sets['RestoreCompletionResult'][0]
        ($c | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv).Requests | Should -Be ($c.Requests -join '; ')
        $v = $sets['ValidationResult'][0]
        $vrow = $v | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $vrow.PlannedRequests | Should -Be ($v.PlannedRequests.Name -join '; ')
        $vrow.Steps | Should -BeLike 'Set-Mailbox: *Put the target on retention hold*; New-MailboxRestoreRequest: Create restore request*'
        ($sets['ValidationResult'][1] | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv).Errors | Should -BeLike 'Error SourceNotFound: *'
        $m = @($sets['InactiveMailbox'] | Where-Object { $_.InPlaceHolds.Count -gt 0 })[0]
        ($m | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv).InPlaceHolds | Should -Be ($m.InPlaceHolds -join '; ')
    }

    It 'Select-Object copies keep the flat text' {
        $text = $sets['RestoreResult (Get -IncludeReport)'] | Select-Object RequestName, Warnings, CompletedAt | ConvertTo-Csv -NoTypeInformation | Out-String
        $text | Should -Not -Match 'System\.'
        $text | Should -Match '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ'
    }
}

Describe 'The objects stay typed for PowerShell' {
    It 'dates compare, compute and are UTC; lists count, index and pipe' {
        $r = $sets['RestoreResult (Get -IncludeReport)'][0]
        $r.StartedAt -is [datetime] | Should -BeTrue
        $r.StartedAt.Kind | Should -Be 'Utc'
        $r.StartedAt -lt [datetime]::MaxValue | Should -BeTrue
        $r.StartedAt -lt (Get-Date) | Should -BeTrue
        ($r.CompletedAt - $r.StartedAt) -is [timespan] | Should -BeTrue
        $r.StartedAt.AddDays(1) -gt $r.StartedAt | Should -BeTrue
        $r.StartedAt.ToString('yyyy-MM-dd HH:mm') | Should -Match '^\d{4}-\d\d-\d\d \d\d:\d\d$'
        $r.StartedAt.ToString('u', [cultureinfo]::InvariantCulture) | Should -Match 'Z$'
        $r.Report.Count | Should -BeGreaterThan 1
        $r.Report[0].Message | Should -Not -BeNullOrEmpty
        @($r.Report | ForEach-Object Message).Count | Should -Be $r.Report.Count
        $w = @($sets['RestoreResult (Get -IncludeReport)'] | Where-Object { $_.Warnings.Count -gt 0 })[0]
        $w.Warnings[0] | Should -BeOfType [string]
        $w.Warnings -is [System.Collections.Generic.List[string]] | Should -BeTrue
        $m = $sets['InactiveMailbox'][0]
        $m.EmailAddresses.Length | Should -Be $m.PSObject.BaseObject.EmailAddresses.Length
        $m.EmailAddresses -is [string[]] | Should -BeTrue
        $v = $sets['ValidationResult'][1]
        $v.Errors.Count | Should -BeGreaterThan 0
        $v.Errors[0].Code | Should -Be 'SourceNotFound'
    }

    It 'format views, sorting and piping by property name work as before' {
        $g = $sets['RestoreResult (Get -IncludeReport)']
        ($g | Format-Table | Out-String -Width 120) | Should -Match 'CompletedWithWarnings'
        ($g | Format-List | Out-String -Width 120) | Should -Match 'QueuedAt\s+: \d{4}-\d\d-\d\dT'
        @($g | Sort-Object CompletedAt).Count | Should -Be $g.Count
        @($g | Get-InactiveRestore @quiet).RequestId | Should -Be $g.RequestId
        ($sets['ValidationResult'] | Format-List | Out-String -Width 120) | Should -Match 'SourceNotFound'
        ($sets['InactiveMailbox'] | Format-List | Out-String -Width 120) | Should -Match 'EmailAddresses\s+: \{SMTP:'
    }
}

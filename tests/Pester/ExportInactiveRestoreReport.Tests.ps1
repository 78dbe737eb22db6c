# Export-InactiveRestoreReport end to end against the Exchange Online simulator: a few demo pairs restored on the simulated
# clock (frozen, stepped by hand: deterministic), reported to HTML, CSV and JSON, and compared with Get-InactiveRestore.
BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'ExchangeSimulator/ExchangeSimulator.psd1') -Force
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force

    # Get-InactiveRestore's own table columns (module/InactiveRestore.format.ps1xml), evaluated for one object: the report
    # must show the same figures with the same rounding.
    [xml] $format = Get-Content -Raw (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.format.ps1xml')
    $view = $format.Configuration.ViewDefinitions.View | Where-Object Name -eq 'InactiveRestore.RestoreResult.Table'
    $headers = @($view.TableControl.TableHeaders.TableColumnHeader.Label)
    $items = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
    $script:column = @{}
    foreach ($name in 'Items', 'Size', 'Elapsed') {
        $script:column[$name] = [scriptblock]::Create($items[[array]::IndexOf($headers, $name)].ScriptBlock)
    }
    function Get-TableValue([string] $Name, $Object) {
        [string] $script:column[$Name].InvokeWithContext($null, [psvariable]::new('_', $Object))
    }

    function Get-RequestRowCount([string] $Html) { ([regex]::Matches($Html, '<tr class="request[ "]')).Count }

    # The report's CSV rows against Get-InactiveRestore's objects, request by request.
    function Assert-SameNumbers($Rows, $Results) {
        @($Rows).Count | Should -Be @($Results).Count
        foreach ($r in $Results) {
            $row = @($Rows | Where-Object RequestId -eq $r.RequestId.ToString())
            $row.Count | Should -Be 1 -Because "$($r.RequestName) has one row"
            $row = $row[0]
            $row.Status | Should -Be ([string] $r.Status)
            $row.Source | Should -Be $r.Source
            $row.Target | Should -Be $r.Target
            $row.Kind | Should -Be $r.Kind
            $row.TargetRootFolder | Should -Be $r.TargetRootFolder
            $row.ExchangeStatus | Should -Be ([string] $r.ExchangeStatus)
            $row.PercentComplete | Should -Be ([string] $r.PercentComplete)
            $row.ItemsCopied | Should -Be ([string] $r.ItemsCopied)
            $row.ItemsSkipped | Should -Be ([string] $r.ItemsSkipped)
            $row.EstimatedItems | Should -Be ([string] $r.EstimatedItems)
            $row.BytesCopied | Should -Be ([string] $r.BytesCopied)
            $row.EstimatedBytes | Should -Be ([string] $r.EstimatedBytes)
            # Same rounding as Get-InactiveRestore's table.
            $items = Get-TableValue Items $r
            if ($items) {
                # The table groups digits and adds the skipped items (Get-InactiveRestore's "7,899/7,940 (41 skipped)").
                $n = { param($v) if ("$v" -ne '') { ([long]$v).ToString('N0', [cultureinfo]::InvariantCulture) } else { '?' } }
                $shown = '{0}/{1}' -f (& $n $row.ItemsCopied), (& $n $row.EstimatedItems)
                if ("$($row.ItemsSkipped)" -ne '' -and [long]$row.ItemsSkipped -gt 0) { $shown += ' ({0} skipped)' -f (& $n $row.ItemsSkipped) }
                $shown | Should -Be $items
            }
            $row.Size | Should -Be (Get-TableValue Size $r)
            $row.Duration | Should -Be (Get-TableValue Elapsed $r)
            if ($r.StartedAt) { $row.StartedAt | Should -Be $r.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") }
        }
    }

    Connect-ExchangeSimulator -TimeScale 0 -Seed 1
    $pairs = @(
        [pscustomobject]@{ SourceMailbox = 'megan.bowen';    TargetMailbox = 'adele.vance' }
        [pscustomobject]@{ SourceMailbox = 'johanna.lorenz'; TargetMailbox = 'debra.berger' }    # CompletedWithWarnings
        [pscustomobject]@{ SourceMailbox = 'lynne.robbins';  TargetMailbox = 'cameron.white' }   # Failed: bad items
    )
    $script:started = @($pairs | Start-InactiveRestore -BatchName R1 -EnableRetentionHold -WarningAction SilentlyContinue -InformationAction Ignore)
    $script:refused = Test-InactiveRestore -SourceMailbox diego.siciliani -TargetMailbox gerhart.moller -WarningAction SilentlyContinue
    Step-ExchangeSimulator -Duration '00:14:00' | Out-Null
    $script:midway = @(Get-InactiveRestore -BatchName R1)
    $script:dir = Join-Path $TestDrive 'reports'
    New-Item -ItemType Directory $dir | Out-Null
}

AfterAll {
    Disconnect-ExchangeSimulator
}

Describe 'Export-InactiveRestoreReport' {
    Context 'a batch still running' {
        It 'writes one row per request with the numbers Get-InactiveRestore shows' {
            @($midway | Where-Object { -not $_.IsSettled }).Count | Should -BeGreaterThan 0 -Because 'the batch is caught midway'
            $midway | Export-InactiveRestoreReport -Path (Join-Path $dir 'midway.csv')
            Assert-SameNumbers (Import-Csv (Join-Path $dir 'midway.csv')) $midway
            $html = Get-Content -Raw ($midway | Export-InactiveRestoreReport -Path (Join-Path $dir 'midway.html') -PassThru)
            Get-RequestRowCount $html | Should -Be $midway.Count
            $html | Should -Match 'completed so far'
        }
    }

    Context 'the finished batch' {
        BeforeAll {
            Step-ExchangeSimulator -Duration '04:00:00' | Out-Null
            $script:final = @(Get-InactiveRestore -BatchName R1)
            $script:htmlFile = $final | Export-InactiveRestoreReport -Path (Join-Path $dir 'final.html') -PassThru
            $script:html = Get-Content -Raw $htmlFile
        }

        It 'has every request settled, one Failed' {
            $final.Count | Should -Be $started.Count
            $final | ForEach-Object { $_.IsSettled | Should -BeTrue }
            @($final | Where-Object Status -eq 'Failed').Count | Should -Be 1
        }

        It 'writes a self-contained HTML page with the summary, the picture and one row per request' {
            $htmlFile | Should -BeOfType ([System.IO.FileInfo])
            Get-RequestRowCount $html | Should -Be $final.Count
            ([regex]::Matches($html, '<li class="progress"')).Count | Should -Be $final.Count
            $html | Should -Match 'id="summary"'
            $html | Should -Match '<svg class="status-bar"'
            $html | Should -Not -Match '<script'
            $html | Should -Not -Match '\s(src|href)\s*='
            # The Failed request has not completed (Complete-InactiveRestore refuses it alike): it is never counted as done.
            $html | Should -Match ('{0} of {1} requests completed: ' -f ($final.Count - 1), $final.Count)
            $html | Should -Not -Match 'have finished'
        }

        It 'says who ran it, when and against which organization (Get-ConnectionInformation)' {
            $conn = Get-ConnectionInformation
            $html | Should -Match ([regex]::Escape("<dd>$($conn.Organization)</dd>"))
            $html | Should -Match ([regex]::Escape($conn.UserPrincipalName))
            $html | Should -Match '<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">'
        }

        It 'shows the summary totals of the rows' {
            $copied = ($final | Measure-Object ItemsCopied -Sum).Sum
            $skipped = ($final | Measure-Object ItemsSkipped -Sum).Sum
            $html | Should -Match ([regex]::Escape('<div class="value">{0:N0}</div>' -f $copied).Replace(',', '[,.]'))
            $html | Should -Match ([regex]::Escape('Items skipped</div><div class="value">{0}</div>' -f $skipped))
            $html | Should -Match ('<div class="value">{0}</div><div class="note">source' -f (@($final | ForEach-Object { "$($_.Source)|$($_.Target)" } | Select-Object -Unique).Count))
        }

        It 'writes CSV rows with the numbers Get-InactiveRestore shows, flat values and ISO 8601 UTC dates' {
            $final | Export-InactiveRestoreReport -Path (Join-Path $dir 'final.csv')
            $rows = @(Import-Csv (Join-Path $dir 'final.csv'))
            Assert-SameNumbers $rows $final
            foreach ($row in $rows) {
                $row.CompletedAt | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
                $row.PSObject.Properties.Value | Should -Not -Match 'System\.|\[\]|@\{'
            }
            ($rows | Where-Object Status -eq 'Failed').Errors | Should -Match 'TooManyBadItems'
        }

        It 'writes the batch by -BatchName to JSON: an array of flat objects, the same rows' {
            Export-InactiveRestoreReport -BatchName R1 -Path (Join-Path $dir 'final.json')
            $text = Get-Content -Raw (Join-Path $dir 'final.json')
            $rows = @($text | ConvertFrom-Json)
            $rows.Count | Should -Be $final.Count
            foreach ($row in $rows) {
                foreach ($p in $row.PSObject.Properties) {
                    ($null -eq $p.Value -or $p.Value -is [string] -or $p.Value -is [long] -or $p.Value -is [int] -or $p.Value -is [datetime]) | Should -BeTrue -Because "$($p.Name) is flat"
                }
            }
            $text | Should -Not -Match '__type|\$type'
            # ConvertFrom-Json turns ISO dates into DateTime on PowerShell 7: compare the numbers only.
            Assert-SameNumbers @($rows | ForEach-Object { $_.PSObject.Properties | ForEach-Object -Begin { $o = [ordered]@{} } -Process { $o[$_.Name] = if ($_.Value -is [datetime]) { $_.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") } else { [string] $_.Value } } -End { [pscustomobject]$o } }) $final
        }

        It 'lists refused pairs in their own section, and a valid check is no refusal' {
            $valid = Test-InactiveRestore -SourceMailbox irvin.sayers -TargetMailbox emily.braun -WarningAction SilentlyContinue
            $valid.IsValid | Should -BeTrue
            $file = @($refused, $valid) | Export-InactiveRestoreReport -BatchName R1 -Path (Join-Path $dir 'refused.html') -PassThru
            $page = Get-Content -Raw $file
            ([regex]::Matches($page, '<tr class="refused-pair"')).Count | Should -Be 1
            $page | Should -Match '<code>AutoExpandingArchive</code>'
            Get-RequestRowCount $page | Should -Be $final.Count
            @($refused | Export-InactiveRestoreReport -Path (Join-Path $dir 'refused.csv') -PassThru | Import-Csv) | ForEach-Object {
                $_.Record | Should -Be 'RefusedPair'
                $_.Status | Should -Be 'Refused'
            }
        }

        It "takes Watch-InactiveRestore's objects as they are" {
            $watched = @(Watch-InactiveRestore -BatchName R1 -Timeout '00:00:05' -WarningAction SilentlyContinue -InformationAction Ignore)
            $watched[0] | Should -BeOfType ([InactiveRestore.Model.RestoreResult])
            $watched | Export-InactiveRestoreReport -Path (Join-Path $dir 'watched.csv')
            Assert-SameNumbers (Import-Csv (Join-Path $dir 'watched.csv')) $final
        }

        It 'reports -Identity requests, and the same request twice once' {
            Export-InactiveRestoreReport -Identity $final[0].RequestId, $final[0].RequestId -Path (Join-Path $dir 'one.csv')
            $rows = @(Import-Csv (Join-Path $dir 'one.csv'))
            $rows.Count | Should -Be 1
            $rows[0].RequestId | Should -Be $final[0].RequestId.ToString()
        }
    }

    Context 'pairs without a request: deferred by -MaxActive, refused by Start-InactiveRestore' {
        BeforeAll {
            $script:plan = @(
                [pscustomobject]@{ SourceMailbox = 'lee.gu';       TargetMailbox = 'allan.deyoung' }
                [pscustomobject]@{ SourceMailbox = 'irvin.sayers'; TargetMailbox = 'emily.braun' }
                [pscustomobject]@{ SourceMailbox = 'nestor.wilke'; TargetMailbox = 'mallory.cortez' }
                [pscustomobject]@{ SourceMailbox = 'megan.bowenn'; TargetMailbox = 'debra.berger' }      # a typo: SourceNotFound
            )
            function Get-Card([string] $Html, [string] $Id) { [regex]::Match($Html, "id=""card-$Id"".*?class=""value"">([^<]*)<").Groups[1].Value }
        }

        It 'Start ... 2>&1 | Export: the refused pair is in the report, deferred pairs are not counted as requests' {
            $path = Join-Path $dir 'dr.csv'
            # -ErrorAction Continue: the records go down the pipeline whatever $ErrorActionPreference the session has.
            $plan | Start-InactiveRestore -BatchName DR -MaxActive 2 -ErrorAction Continue -WarningAction SilentlyContinue -InformationAction Ignore 2>&1 |
                Export-InactiveRestoreReport -Path $path
            $rows = @(Import-Csv $path)
            $requests = @($rows | Where-Object Record -eq 'Request')
            $deferred = @($rows | Where-Object Record -eq 'DeferredPair')
            $refusedRows = @($rows | Where-Object Record -eq 'RefusedPair')
            $requests.Count | Should -Be @(Get-MailboxRestoreRequest -BatchName DR).Count -Because 'only requests that exist in Exchange are requests'
            $requests | ForEach-Object { $_.RequestId | Should -Not -BeNullOrEmpty }
            $deferred.Count | Should -BeGreaterThan 0
            $deferred | ForEach-Object { $_.Status | Should -Be 'Deferred'; $_.RequestId | Should -BeNullOrEmpty }
            $refusedRows.Count | Should -Be 1
            $refusedRows[0].Source | Should -Be 'megan.bowenn'
            $refusedRows[0].Target | Should -Be 'debra.berger'
            $refusedRows[0].BatchName | Should -Be 'DR'
            $refusedRows[0].Errors | Should -Match '^SourceNotFound: '
        }

        It 'the HTML page counts the requests, the deferred pairs and the refused pair apart' {
            $started = @($plan | Start-InactiveRestore -BatchName DR -MaxActive 2 -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction Ignore)
            @($failed).Count | Should -Be 1 -Because 'the refusal is still said on the error stream'
            $real = @($started | Where-Object Status -ne 'Deferred')
            $deferredPairs = @($started | Where-Object Status -eq 'Deferred' | ForEach-Object { "$($_.Source)|$($_.Target)" } | Select-Object -Unique).Count
            $deferredPairs | Should -BeGreaterThan 0
            $html = Get-Content -Raw (@($started) + @($failed) | Export-InactiveRestoreReport -Path (Join-Path $dir 'dr.html') -PassThru)
            Get-Card $html 'requests' | Should -Be "$($real.Count)"
            Get-Card $html 'deferred' | Should -Be "$deferredPairs"
            Get-Card $html 'refused' | Should -Be '1'
            Get-RequestRowCount $html | Should -Be $real.Count
            ([regex]::Matches($html, '<tr class="deferred-pair"')).Count | Should -Be $deferredPairs
            ([regex]::Matches($html, '<tr class="refused-pair"')).Count | Should -Be 1
            $html | Should -Match '<code>SourceNotFound</code>'
            $html | Should -Match "$deferredPairs pairs? (is|are) deferred: not submitted yet"
        }

        It 'an error record that is not a refusal is said as a warning and left out' {
            $other = [Management.Automation.ErrorRecord]::new([InvalidOperationException]::new('Exchange is busy.'), 'ExchangeTransientFailure', 'ResourceBusy', 'x')
            @($midway) + $other | Export-InactiveRestoreReport -Path (Join-Path $dir 'other.csv') -WarningVariable wv -WarningAction SilentlyContinue
            "$wv" | Should -Match 'Not in the report: error ExchangeTransientFailure is not the refusal of a pair \(Exchange is busy\.\)'
            @(Import-Csv (Join-Path $dir 'other.csv') | Where-Object Record -ne 'Request') | Should -BeNullOrEmpty
        }

        It 'a batch name that matches nothing writes no file: EmptyReport' {
            $path = Join-Path $dir 'nosuch.html'
            $e = { Export-InactiveRestoreReport -Path $path -BatchName NoSuch -Force } | Should -Throw -PassThru
            $e.FullyQualifiedErrorId | Should -BeLike 'EmptyReport,*'
            $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $e.Exception.Message | Should -Match "No restore request has the batch name 'NoSuch'"
            Test-Path $path | Should -BeFalse
            $e = { @() | Export-InactiveRestoreReport -Path $path } | Should -Throw -PassThru
            $e.FullyQualifiedErrorId | Should -BeLike 'EmptyReport,*'
            Test-Path $path | Should -BeFalse
        }
    }

    Context 'refusals' {
        It 'refuses an unknown extension with UnsupportedReportFormat before reading anything' {
            $path = Join-Path $dir 'report.txt'
            $before = @(Get-ExchangeSimulatorLedger).Count
            $e = { Export-InactiveRestoreReport -BatchName R1 -Path $path } | Should -Throw -PassThru
            $e.FullyQualifiedErrorId | Should -BeLike 'UnsupportedReportFormat,*'
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e.TargetObject | Should -Be $path
            $e.ErrorDetails.RecommendedAction | Should -Match '\.html'
            Test-Path $path | Should -BeFalse
            @(Get-ExchangeSimulatorLedger).Count | Should -Be $before
        }

        It 'needs -Force to replace a file, and -WhatIf writes nothing' {
            $path = Join-Path $dir 'exists.html'
            Set-Content -Path $path -Value 'keep me'
            $e = { $midway | Export-InactiveRestoreReport -Path $path } | Should -Throw -PassThru
            $e.FullyQualifiedErrorId | Should -BeLike 'ReportFileExists,*'
            $e.CategoryInfo.Category | Should -Be 'ResourceExists'
            $midway | Export-InactiveRestoreReport -Path $path -Force -WhatIf
            (Get-Content -Raw $path).Trim() | Should -Be 'keep me'
            $midway | Export-InactiveRestoreReport -Path $path -Force
            Get-Content -Raw $path | Should -Match '<!DOCTYPE html>'
        }

        It 'resolves a relative path against the PowerShell location' {
            Push-Location $dir
            try {
                $file = $midway | Export-InactiveRestoreReport -Path 'relative.json' -PassThru
                $file.FullName | Should -Be (Join-Path $dir 'relative.json')
            }
            finally { Pop-Location }
        }

        It 'refuses a missing folder with ReportPathNotFound' {
            $e = { $midway | Export-InactiveRestoreReport -Path (Join-Path $dir 'no/such/folder/r.html') } | Should -Throw -PassThru
            $e.FullyQualifiedErrorId | Should -BeLike 'ReportPathNotFound,*'
        }

        It 'leaves out input that is no request, with UnsupportedReportInput, and writes the rest' {
            $path = Join-Path $dir 'mixed.csv'
            @($midway[0], [pscustomobject]@{ Name = 'not a request' }) |
                Export-InactiveRestoreReport -Path $path -ErrorVariable ev -ErrorAction SilentlyContinue
            @($ev).Count | Should -Be 1
            $ev[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedReportInput,*'
            @(Import-Csv $path).Count | Should -Be 1
        }
    }
}

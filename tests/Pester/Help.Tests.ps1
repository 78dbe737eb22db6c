# Get-Help for every exported cmdlet comes from module/en-US/InactiveRestore.dll-Help.xml, generated from docs/help by
# tools/New-MamlHelp.ps1 (dotnet pwsh ./build.ps1 -Task Help). A parameter added to a cmdlet without help fails here on
# purpose: document it in docs/help/<cmdlet>.md and regenerate.
BeforeDiscovery {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
    $cmdlets = @(Get-Command -Module InactiveRestore -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1') -Force
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters
    function Get-ParaText($Node) { (@($Node) | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Text } }) -join "`n" }
}

Describe 'The module' {
    It 'exports every cmdlet the manifest names, each with help below' {
        $manifest = Import-PowerShellDataFile (Join-Path $env:INACTIVERESTORE_MODULE_ROOT 'InactiveRestore/InactiveRestore.psd1')
        @(Get-Command -Module InactiveRestore -CommandType Cmdlet).Count | Should -Be @($manifest.CmdletsToExport).Count
        @(Get-Command -Module InactiveRestore -CommandType Cmdlet).Count | Should -BeGreaterOrEqual 11
        @(Get-Command -Module InactiveRestore -CommandType Cmdlet | ForEach-Object Name | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }
}

Describe 'Get-Help <Name> -Full' -ForEach $cmdlets {
    BeforeAll {
        $command = Get-Command $Name -Module InactiveRestore
        $help = Get-Help $Name -Full
        $fix = "document it in docs/help/$Name.md, then run 'dotnet pwsh ./build.ps1 -Task Help' and commit module/en-US/InactiveRestore.dll-Help.xml"
    }

    It 'has a written synopsis, not the generated syntax' {
        $synopsis = [string] $help.Synopsis
        $synopsis.Trim() | Should -Not -BeNullOrEmpty -Because "the synopsis is missing: $fix"
        $synopsis | Should -Not -Match ('^\s*' + [regex]::Escape($Name) + '(\s|$)') -Because "Get-Help found no help for $Name (the synopsis is the syntax): $fix"
    }

    It 'has a description' {
        (Get-ParaText $help.description).Trim().Length | Should -BeGreaterThan 40 -Because "the description is missing: $fix"
    }

    It 'has at least two examples, each with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2 -Because "a cmdlet needs examples: $fix"
        foreach ($e in $examples) {
            ([string] $e.code).Trim() | Should -Not -BeNullOrEmpty -Because "example '$($e.title)' has no code: $fix"
            (Get-ParaText $e.remarks).Trim() | Should -Not -BeNullOrEmpty -Because "example '$($e.title)' has no remarks: $fix"
        }
    }

    It 'describes every parameter the cmdlet has' {
        $documented = @{}
        foreach ($p in @($help.parameters.parameter)) {
            if ($p -and $p.name) { $documented[[string]$p.name] = (Get-ParaText $p.description).Trim() }
        }
        $missing = @($command.Parameters.Keys | Where-Object { -not $common.Contains($_) -and -not $documented[$_] } | Sort-Object)
        $missing | Should -BeNullOrEmpty -Because "these parameters of $Name have no help ($(($missing | ForEach-Object { "-$_" }) -join ', ')): $fix"
    }

    It 'documents no parameter the cmdlet does not have' {
        $extra = @(@($help.parameters.parameter) | Where-Object { $_ -and $_.name -and -not $command.Parameters.ContainsKey([string]$_.name) } | ForEach-Object name)
        $extra | Should -BeNullOrEmpty -Because "the help of $Name describes parameters it no longer has: remove them from docs/help/$Name.md and run 'dotnet pwsh ./build.ps1 -Task Help'"
    }
}

Describe 'about_InactiveRestore' {
    It 'is found by Get-Help about_InactiveRestore' {
        $text = Get-Help about_InactiveRestore | Out-String
        $text | Should -Match 'TOPIC\s+about_InactiveRestore'
        $text | Should -Match 'Start-InactiveRestore'
    }
}

Describe 'The committed MAML file' {
    It 'is what tools/New-MamlHelp.ps1 makes of docs/help and the built cmdlets' {
        $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
        $fresh = Join-Path ([IO.Path]::GetTempPath()) "InactiveRestore-help-$PID.xml"
        try {
            & (Join-Path $repo 'tools/New-MamlHelp.ps1') -ModuleRoot $env:INACTIVERESTORE_MODULE_ROOT -OutputPath $fresh 6>$null | Out-Null
            $expected = (Get-Content -LiteralPath $fresh -Raw) -replace "`r`n", "`n"
            $committed = (Get-Content -LiteralPath (Join-Path $repo 'module/en-US/InactiveRestore.dll-Help.xml') -Raw) -replace "`r`n", "`n"
            $committed -eq $expected | Should -BeTrue -Because "module/en-US/InactiveRestore.dll-Help.xml is stale: run 'dotnet pwsh ./build.ps1 -Task Help' and commit it"
        }
        finally {
            Remove-Item -LiteralPath $fresh -ErrorAction SilentlyContinue
        }
    }
}

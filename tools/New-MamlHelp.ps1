#requires -Version 7.0
<#
.SYNOPSIS
    Generates module/en-US/InactiveRestore.dll-Help.xml (MAML, what Get-Help reads for a binary module).
.DESCRIPTION
    platyPS is not used (the PowerShell Gallery may be unreachable); this script does its job for our nine cmdlets.
    It joins two sources:
      - the prose, one platyPS-like Markdown file per cmdlet in docs/help/<Verb-Noun>.md (## SYNOPSIS, ## DESCRIPTION,
        ## EXAMPLES with ### Example n: title + a ```powershell fence + remarks, ## PARAMETERS with ### -Name,
        ## INPUTS / ## OUTPUTS with ### TypeName, ## NOTES, ## RELATED LINKS with [text](uri) lines);
      - the facts, from the built module: parameter sets, types, mandatory, position, pipeline input, aliases,
        enum values (Get-Command), and default values read from a fresh instance of the cmdlet class.
    It refuses (and writes nothing) when a cmdlet has no file, lacks a synopsis, description or two examples, when
    a parameter the cmdlet has is not described, or when the file describes a parameter the cmdlet does not have.

    Run it after changing docs/help or a cmdlet's parameters:
        dotnet pwsh ./build.ps1 -Task Help        (builds, then runs this script against out/)
    and commit docs/help and module/en-US/InactiveRestore.dll-Help.xml. The normal Build only copies the XML.
#>
[CmdletBinding()]
param(
    # The folder holding InactiveRestore/InactiveRestore.psd1 (build.ps1's out/).
    [Parameter(Mandatory)] [string] $ModuleRoot,
    [string] $SourcePath = (Join-Path $PSScriptRoot '../docs/help'),
    [string] $OutputPath = (Join-Path $PSScriptRoot '../module/en-US/InactiveRestore.dll-Help.xml'),
    # Drafting only: these cmdlets only (write to a scratch -OutputPath). With -Name or -OutputPath the laid-out
    # module under -ModuleRoot is left alone.
    [string[]] $Name
)

$ErrorActionPreference = 'Stop'
$ModuleRoot = [IO.Path]::GetFullPath($ModuleRoot)
Set-StrictMode -Version 3.0

$module = Import-Module (Join-Path $ModuleRoot 'InactiveRestore/InactiveRestore.psd1') -Force -PassThru
$common = [System.Management.Automation.Cmdlet]::CommonParameters

#region Markdown
function ConvertFrom-InlineMarkdown([string] $Text) {
    $t = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)]*)\)', { param($m) if ($m.Groups[2].Value) { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value } })
    $t = $t -replace '\*\*([^*]+)\*\*', '$1'
    $t = $t -replace '`([^`]+)`', '$1'
    $t
}

# Paragraphs: blank lines separate them; in a paragraph, lines starting with '- ', '* ' or 'n. ' begin a new line
# (lists), other lines continue the previous one.
function ConvertTo-Paragraph([string[]] $Lines) {
    $paras = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    foreach ($line in @($Lines) + '') {
        if ($line.Trim().Length -eq 0) {
            if ($current.Count) { $paras.Add((ConvertFrom-InlineMarkdown ($current -join "`n"))); $current.Clear() }
            continue
        }
        if ($current.Count -eq 0 -or $line -match '^\s*([-*]|\d+\.)\s') { $current.Add($line.Trim()) }
        else { $current[$current.Count - 1] += ' ' + $line.Trim() }
    }
    , $paras.ToArray()
}

function Read-HelpMarkdown([string] $Path) {
    $doc = [ordered]@{ Name = $null; Synopsis = @(); Description = @(); Examples = @(); Parameters = [ordered]@{}
        Inputs = @(); Outputs = @(); Notes = @(); Links = @() }
    $section = $null; $sub = $null; $buffer = [System.Collections.Generic.List[string]]::new()
    $inFence = $false; $code = $null

    $flush = {
        $lines = $buffer.ToArray(); $buffer.Clear()
        switch ($section) {
            'SYNOPSIS' { $doc.Synopsis = ConvertTo-Paragraph $lines }
            'DESCRIPTION' { $doc.Description = ConvertTo-Paragraph $lines }
            'EXAMPLES' { if ($sub) { $sub.Remarks = ConvertTo-Paragraph $lines } }
            'PARAMETERS' { if ($sub) { $doc.Parameters[$sub] = ConvertTo-Paragraph $lines } }
            'INPUTS' { if ($sub) { $doc.Inputs += [pscustomobject]@{ Type = $sub; Description = ConvertTo-Paragraph $lines } } }
            'OUTPUTS' { if ($sub) { $doc.Outputs += [pscustomobject]@{ Type = $sub; Description = ConvertTo-Paragraph $lines } } }
            'NOTES' { $doc.Notes = ConvertTo-Paragraph $lines }
            'RELATED LINKS' {
                foreach ($l in $lines) {
                    if ($l -match '^\s*\[([^\]]+)\]\(([^)]*)\)') { $doc.Links += [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
                }
            }
        }
    }

    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($inFence) {
            if ($line -match '^```\s*$') { $inFence = $false; $sub.Code = $code -join "`n" } else { $code += $line }
            continue
        }
        if ($line -match '^```') {
            if ($section -ne 'EXAMPLES' -or $sub -isnot [pscustomobject]) { throw "${Path}: a code fence outside an example." }
            $inFence = $true; $code = @(); continue
        }
        if ($line -match '^# (\S+)\s*$') { $doc.Name = $Matches[1]; continue }
        if ($line -match '^## (.+?)\s*$') {
            & $flush; $section = $Matches[1].ToUpperInvariant(); $sub = $null; continue
        }
        if ($line -match '^### (.+?)\s*$') {
            & $flush
            $title = $Matches[1]
            $sub = switch ($section) {
                'EXAMPLES' { $e = [pscustomobject]@{ Title = $title; Code = $null; Remarks = @() }; $doc.Examples += $e; $e }
                'PARAMETERS' { $title.TrimStart('-') }
                default { $title }
            }
            continue
        }
        $buffer.Add($line)
    }
    & $flush
    [pscustomobject]$doc
}
#endregion

#region Metadata
function Get-FriendlyTypeName([type] $Type) {
    $t = if ([Nullable]::GetUnderlyingType($Type)) { [Nullable]::GetUnderlyingType($Type) } else { $Type }
    $t.Name
}

function Get-EnumValues([type] $Type) {
    $t = if ([Nullable]::GetUnderlyingType($Type)) { [Nullable]::GetUnderlyingType($Type) } else { $Type }
    if ($t.IsEnum) { [Enum]::GetNames($t) } else { @() }
}

function Get-DefaultValues([System.Management.Automation.CmdletInfo] $Command) {
    $defaults = @{}
    $instance = [Activator]::CreateInstance($Command.ImplementingType)
    try {
        foreach ($p in $Command.Parameters.Values) {
            $prop = $Command.ImplementingType.GetProperty($p.Name)
            if (-not $prop) { continue }
            $v = $prop.GetValue($instance)
            $defaults[$p.Name] = switch ($true) {
                ($null -eq $v) { 'None'; break }
                ($v -is [System.Management.Automation.SwitchParameter]) { [string]$v.IsPresent; break }
                ($v -is [string] -and $v.Length -eq 0) { 'None'; break }
                ($v -is [array] -and $v.Length -eq 0) { 'None'; break }
                ($v -is [TimeSpan]) { $v.ToString('c'); break }
                default { [string]$v }
            }
        }
    }
    finally { if ($instance -is [IDisposable]) { $instance.Dispose() } }
    $defaults
}

function Get-PipelineInput($ParameterSetParameter) {
    $ways = @()
    if ($ParameterSetParameter.ValueFromPipeline) { $ways += 'ByValue' }
    if ($ParameterSetParameter.ValueFromPipelineByPropertyName) { $ways += 'ByPropertyName' }
    if ($ways) { "True ($($ways -join ', '))" } else { 'False' }
}

# The parameters of one set in syntax order: positional by position, then mandatory, then the rest, WhatIf/Confirm
# last; within a group, the Markdown's order.
function Get-SetParameters($Set, [string[]] $DocumentedOrder) {
    $ps = @($Set.Parameters | Where-Object { -not $common.Contains($_.Name) })
    $ps | Sort-Object -Stable -Property `
        @{ Expression = { if ($_.Name -in 'WhatIf', 'Confirm') { 3 } elseif ($_.Position -ge 0) { 0 } elseif ($_.IsMandatory) { 1 } else { 2 } } },
        @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { 0 } } },
        @{ Expression = { [array]::IndexOf($DocumentedOrder, $_.Name) } }
}
#endregion

#region Checks
$problems = [System.Collections.Generic.List[string]]::new()
$order = @((Import-PowerShellDataFile (Join-Path $ModuleRoot 'InactiveRestore/InactiveRestore.psd1')).CmdletsToExport)
$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object { $i = $order.IndexOf($_.Name); if ($i -lt 0) { 999 } else { $i } }, Name)
if ($Name) { $commands = @($commands | Where-Object Name -In $Name) }
$docs = @{}
foreach ($cmd in $commands) {
    $file = Join-Path $SourcePath "$($cmd.Name).md"
    if (-not (Test-Path -LiteralPath $file)) { $problems.Add("$($cmd.Name): no help source $file."); continue }
    $doc = Read-HelpMarkdown $file
    if ($doc.Name -ne $cmd.Name) { $problems.Add("${file}: the title is '$($doc.Name)', not '# $($cmd.Name)'.") }
    if (-not $doc.Synopsis) { $problems.Add("$($cmd.Name): no ## SYNOPSIS.") }
    if (-not $doc.Description) { $problems.Add("$($cmd.Name): no ## DESCRIPTION.") }
    if (@($doc.Examples).Count -lt 2) { $problems.Add("$($cmd.Name): fewer than 2 examples.") }
    foreach ($e in $doc.Examples) {
        if (-not $e.Code) { $problems.Add("$($cmd.Name): example '$($e.Title)' has no code.") }
        if (-not $e.Remarks) { $problems.Add("$($cmd.Name): example '$($e.Title)' has no remarks (a paragraph after the code).") }
    }
    $actual = @($cmd.Parameters.Keys | Where-Object { -not $common.Contains($_) })
    foreach ($p in $actual) {
        if (-not $doc.Parameters.Contains($p) -or -not $doc.Parameters[$p]) { $problems.Add("$($cmd.Name): parameter -$p is not described (add '### -$p' under ## PARAMETERS).") }
    }
    foreach ($p in $doc.Parameters.Keys) {
        if ($p -notin $actual) { $problems.Add("$($cmd.Name): ### -$p is described but the cmdlet has no such parameter.") }
    }
    $docs[$cmd.Name] = $doc
}
if ($problems.Count) { throw "Help not generated:`n  " + ($problems -join "`n  ") }
#endregion

#region MAML
$ns = @{
    maml = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp = 'http://msdn.microsoft.com/mshelp'
}
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.NewLineChars = "`n"
$settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$stream = [System.IO.MemoryStream]::new()
$w = [System.Xml.XmlWriter]::Create($stream, $settings)

function Write-Element([string] $Prefix, [string] $Local, [string] $Text) {
    $w.WriteStartElement($Prefix, $Local, $ns[$Prefix])
    if ($null -ne $Text) { $w.WriteString($Text) }
    $w.WriteEndElement()
}
function Write-Paras([string[]] $Paras) {
    if (-not $Paras) { Write-Element maml para '' ; return }
    foreach ($p in $Paras) { Write-Element maml para $p }
}
function Write-Description([string[]] $Paras) {
    $w.WriteStartElement('maml', 'description', $ns.maml); Write-Paras $Paras; $w.WriteEndElement()
}
function Write-Parameter($Meta, [string] $Name, [type] $Type, [string[]] $Paras, [string] $Default, [bool] $InSyntax) {
    $isSwitch = $Type -eq [System.Management.Automation.SwitchParameter]
    $w.WriteStartElement('command', 'parameter', $ns.command)
    $w.WriteAttributeString('required', $Meta.IsMandatory.ToString().ToLowerInvariant())
    $w.WriteAttributeString('variableLength', $Type.IsArray.ToString().ToLowerInvariant())
    $w.WriteAttributeString('globbing', 'false')
    $w.WriteAttributeString('pipelineInput', (Get-PipelineInput $Meta))
    $w.WriteAttributeString('position', $(if ($Meta.Position -ge 0) { [string]$Meta.Position } else { 'named' }))
    $aliases = @($Meta.Aliases)
    $w.WriteAttributeString('aliases', $(if ($aliases.Count) { $aliases -join ', ' } else { 'none' }))
    Write-Element maml name $Name
    Write-Description $Paras
    $values = @(Get-EnumValues $Type)
    if ($InSyntax -and $values.Count) {
        $w.WriteStartElement('command', 'parameterValueGroup', $ns.command)
        foreach ($v in $values) {
            $w.WriteStartElement('command', 'parameterValue', $ns.command)
            $w.WriteAttributeString('required', 'false'); $w.WriteAttributeString('command', 'variableLength', $ns.command, 'false')
            $w.WriteString($v); $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }
    elseif (-not $isSwitch) {
        $w.WriteStartElement('command', 'parameterValue', $ns.command)
        $w.WriteAttributeString('required', 'true'); $w.WriteAttributeString('variableLength', $Type.IsArray.ToString().ToLowerInvariant())
        $w.WriteString((Get-FriendlyTypeName $Type)); $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $ns.dev)
    Write-Element maml name $(if ($isSwitch) { 'System.Management.Automation.SwitchParameter' } else { $Type.FullName -replace '^System\.Nullable`1\[\[([^,]+),.*$', '$1' })
    Write-Element maml uri ''
    $w.WriteEndElement()
    Write-Element dev defaultValue $Default
    $w.WriteEndElement()
}

$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')
foreach ($cmd in $commands) {
    $doc = $docs[$cmd.Name]
    $defaults = Get-DefaultValues $cmd
    $w.WriteStartElement('command', 'command', $ns.command)
    foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') { $w.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }

    $w.WriteStartElement('command', 'details', $ns.command)
    Write-Element command name $cmd.Name
    Write-Element command verb $cmd.Verb
    Write-Element command noun $cmd.Noun
    Write-Description $doc.Synopsis
    $w.WriteEndElement()

    Write-Description $doc.Description

    $w.WriteStartElement('command', 'syntax', $ns.command)
    $sets = @($cmd.ParameterSets | Sort-Object { -not $_.IsDefault }, Name)
    foreach ($set in $sets) {
        $w.WriteStartElement('command', 'syntaxItem', $ns.command)
        Write-Element maml name $cmd.Name
        foreach ($p in Get-SetParameters $set @($doc.Parameters.Keys)) {
            Write-Parameter $p $p.Name $p.ParameterType $doc.Parameters[$p.Name] $defaults[$p.Name] $true
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    # Parameters: in the Markdown's order; the metadata of the first set (default set first) that has the parameter.
    $w.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($documented in $doc.Parameters.Keys) {
        $meta = $sets | ForEach-Object { $_.Parameters } | Where-Object Name -EQ $documented | Select-Object -First 1
        Write-Parameter $meta $documented $meta.ParameterType $doc.Parameters[$documented] $defaults[$documented] $false
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'inputTypes', $ns.command)
    foreach ($i in $doc.Inputs) {
        $w.WriteStartElement('command', 'inputType', $ns.command)
        $w.WriteStartElement('dev', 'type', $ns.dev); Write-Element maml name $i.Type; $w.WriteEndElement()
        Write-Description $i.Description
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'returnValues', $ns.command)
    foreach ($o in $doc.Outputs) {
        $w.WriteStartElement('command', 'returnValue', $ns.command)
        $w.WriteStartElement('dev', 'type', $ns.dev); Write-Element maml name $o.Type; $w.WriteEndElement()
        Write-Description $o.Description
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('maml', 'alertSet', $ns.maml)
    $w.WriteStartElement('maml', 'alert', $ns.maml); Write-Paras $doc.Notes; $w.WriteEndElement()
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'examples', $ns.command)
    foreach ($e in $doc.Examples) {
        $w.WriteStartElement('command', 'example', $ns.command)
        Write-Element maml title "-------------------------- $($e.Title) --------------------------"
        Write-Element dev code $e.Code
        $w.WriteStartElement('dev', 'remarks', $ns.dev); Write-Paras $e.Remarks; $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $ns.command)
    foreach ($l in $doc.Links) {
        $w.WriteStartElement('maml', 'navigationLink', $ns.maml)
        Write-Element maml linkText $l.Text
        Write-Element maml uri $l.Uri
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteEndElement()
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Flush()
$xml = [System.Text.Encoding]::UTF8.GetString($stream.ToArray()) + "`n"
$w.Dispose()

$OutputPath = [IO.Path]::GetFullPath($OutputPath)
New-Item -ItemType Directory -Path (Split-Path $OutputPath) -Force | Out-Null
[IO.File]::WriteAllText($OutputPath, $xml, [System.Text.UTF8Encoding]::new($false))
Write-Host "   $OutputPath ($($commands.Count) cmdlets)"
# The laid-out module gets it too (when writing the real file), so Get-Help works without another Build.
$laidOut = Join-Path $ModuleRoot "InactiveRestore/en-US"
if (-not $Name -and -not $PSBoundParameters.ContainsKey('OutputPath') -and (Test-Path (Join-Path $ModuleRoot 'InactiveRestore'))) {
    New-Item -ItemType Directory -Path $laidOut -Force | Out-Null
    Copy-Item $OutputPath $laidOut -Force
}
#endregion

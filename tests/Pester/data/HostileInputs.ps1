# The hostile and malformed identity corpus (issue 4). Dot-source or run it: it returns one object per case.
#   Expect 'Refused' : the cmdlet answers with an ErrorRecord (ErrorId Invalid*, category InvalidArgument, the value as
#                      target) and makes no Exchange call with it.
#   Expect 'Literal' : the value reaches Exchange as ONE literal parameter value (trimmed), never as script: the ledger
#                      shows it verbatim and the canary function Invoke-IRCanary is never run.
# Payloads that try to break out of a script call Invoke-IRCanary; the tests define it to record that it ran.

$long = 'a' * 10000
$cases = [System.Collections.Generic.List[object]]::new()
# Passed: what Exchange must receive for a Literal case (the value trimmed; a GUID in its canonical 'D' form).
function Add-Case([string] $Name, $Value, [ValidateSet('Refused', 'Literal')] [string] $Expect) {
    $passed = $null
    if ($Expect -eq 'Literal') {
        $passed = $Value.Trim()
        $g = [guid]::Empty
        $bare = $passed.TrimStart('{').TrimEnd('}')
        if ($bare.Length -eq 36 -and [guid]::TryParseExact($bare, 'D', [ref] $g)) { $passed = $g.ToString('D') }
    }
    $cases.Add([pscustomobject]@{ Name = $Name; Value = $Value; Expect = $Expect; Passed = $passed })
}

# Empty, null, whitespace: Exchange treats an empty identity as "everything".
Add-Case 'null'                        $null                       'Refused'
Add-Case 'empty'                       ''                          'Refused'
Add-Case 'space'                       ' '                         'Refused'
Add-Case 'spaces'                      '     '                     'Refused'
Add-Case 'tab'                         "`t"                        'Refused'
Add-Case 'newline'                     "`n"                        'Refused'
Add-Case 'CRLF only'                   "`r`n"                      'Refused'
Add-Case 'no-break space'              ([string][char]0x00A0)      'Refused'   # in parentheses: a bare [string][char]0x00A0 argument is the literal text

# Control characters inside a value.
Add-Case 'NUL inside'                  "megan`0.bowen"             'Refused'
Add-Case 'newline inside'              "megan.bowen`nRemove-MailboxRestoreRequest" 'Refused'
Add-Case 'carriage return inside'      "megan.bowen`r"             'Literal'   # trimmed at the end: becomes megan.bowen
Add-Case 'escape char'                 "megan`e[31m.bowen"         'Refused'
Add-Case 'bell'                        "megan`a"                   'Refused'
Add-Case 'DEL'                         ("megan" + [char]0x7F)      'Refused'
Add-Case 'C1 control'                  ("megan" + [char]0x85 + "x") 'Refused'

# Wildcards: -Identity takes none.
Add-Case 'star'                        '*'                         'Refused'
Add-Case 'star suffix'                 'megan*'                    'Refused'
Add-Case 'question mark'               'meg?n.bowen'               'Refused'
Add-Case 'star in SMTP'                '*@contoso.onmicrosoft.com' 'Refused'
Add-Case 'bracket wildcard'            'megan[ab].bowen'           'Literal'   # no wildcard meaning for Exchange
Add-Case 'fullwidth asterisk'          ('megan' + [char]0xFF0A)    'Literal'   # a look-alike, not a wildcard

# Length.
Add-Case '10,000 characters'           $long                       'Refused'
Add-Case '1,025 characters'            ('b' * 1025)                'Refused'
Add-Case '257-character name'          ('c' * 257)                 'Refused'
Add-Case '256-character name'          ('d' * 256)                 'Literal'

# Script injection attempts: passed as one literal value, never run.
Add-Case 'subexpression'               '$(Invoke-IRCanary)'        'Literal'
Add-Case 'subexpression in SMTP'       'x$(Invoke-IRCanary)@contoso.onmicrosoft.com' 'Literal'
Add-Case 'single-quote break-out'      "megan'; Invoke-IRCanary; '" 'Literal'
Add-Case 'double-quote break-out'      'megan"; Invoke-IRCanary; "' 'Literal'
Add-Case 'smart-quote break-out'       ("megan" + [char]0x2019 + "; Invoke-IRCanary; " + [char]0x2018) 'Literal'
Add-Case 'semicolon chain'             'megan.bowen; Invoke-IRCanary' 'Literal'
Add-Case 'pipeline'                    'megan.bowen | Invoke-IRCanary' 'Literal'
Add-Case 'ampersand call'              '& Invoke-IRCanary'         'Literal'
Add-Case 'scriptblock'                 '{ Invoke-IRCanary }'       'Literal'
Add-Case 'variable'                    '$env:USERNAME'             'Literal'
Add-Case 'backtick'                    'megan`bowen'               'Literal'
Add-Case 'comment'                     'megan.bowen #; Invoke-IRCanary' 'Literal'
Add-Case 'here-string opener'          "@'"                        'Literal'
Add-Case 'redirect'                    'megan > /tmp/ir-canary.txt' 'Literal'
Add-Case 'splat-like'                  '@params'                   'Literal'
Add-Case 'parameter-like'              '-Identity *'               'Refused'   # the * is refused
Add-Case 'parameter-like no wildcard'  '-Confirm:$false'           'Literal'
Add-Case 'OPATH filter'                "Name -like 'a'"            'Literal'
Add-Case 'SQL-ish'                     "' OR '1'='1"               'Literal'
Add-Case 'LDAP injection'              'megan)(objectClass=*'      'Refused'   # the * is refused

# Unicode look-alikes and odd scripts: printable, passed literally.
Add-Case 'Cyrillic a look-alike'       ('meg' + [char]0x0430 + 'n.bowen') 'Literal'
Add-Case 'fullwidth letters'           ([string][char]0xFF4D + [char]0xFF45 + [char]0xFF47) 'Literal'
Add-Case 'zero-width space'            ('megan' + [char]0x200B + '.bowen') 'Literal'
Add-Case 'right-to-left override'      ('megan' + [char]0x202E + 'newob') 'Literal'
Add-Case 'emoji'                       'megan😀bowen'              'Literal'
Add-Case 'line separator inside'        ('megan' + [char]0x2028 + '.bowen') 'Literal'   # Unicode whitespace, not a control character
Add-Case 'combining accent'            ('me' + [char]0x0301 + 'gan') 'Literal'

# Well-formed identities in unusual dress.
Add-Case 'GUID with braces'            '{6b1d8b0e-0c8f-4d33-9a55-1f2e3d4c5b6a}' 'Literal'
Add-Case 'GUID upper case'             '6B1D8B0E-0C8F-4D33-9A55-1F2E3D4C5B6A' 'Literal'
Add-Case 'GUID N form'                 '6b1d8b0e0c8f4d339a551f2e3d4c5b6a' 'Literal'
Add-Case 'empty GUID'                  '00000000-0000-0000-0000-000000000000' 'Refused'   # names nothing; never sent
Add-Case 'empty GUID with braces'      '{00000000-0000-0000-0000-000000000000}' 'Refused'
Add-Case 'GUID with spaces around'     '  6b1d8b0e-0c8f-4d33-9a55-1f2e3d4c5b6a  ' 'Literal'
Add-Case 'DN with escaped comma'       'CN=Smith\, John,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com' 'Literal'
Add-Case 'DN with quotes'              'CN="Smith, John",OU=contoso.onmicrosoft.com,DC=prod,DC=outlook,DC=com' 'Literal'
Add-Case 'LegacyExchangeDN'            '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=0a1b2c3d-x' 'Literal'
Add-Case 'X500 proxy form'             'X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=x' 'Literal'
Add-Case 'SMTP with plus'              'megan+old@contoso.onmicrosoft.com' 'Literal'
Add-Case 'SMTP with quotes local part' '"megan bowen"@contoso.onmicrosoft.com' 'Literal'
Add-Case 'backslash request-like'      'adele.vance\IR-x-Primary'  'Literal'
Add-Case 'trailing backslash'          'megan\'                    'Literal'
Add-Case 'percent encoding'            'megan%2Ebowen'             'Literal'
Add-Case 'leading/trailing spaces'     '  megan.bowen  '           'Literal'

$cases

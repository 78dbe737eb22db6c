# A peer: what public restore scripts for inactive mailboxes do, pair by pair (the baseline of build.ps1 -Task Bench).
# For each pair: Get-Mailbox -InactiveMailboxOnly (the source), Get-Mailbox (the target), Get-MailboxStatistics (the
# source's size), Set-Mailbox to add the source's LegacyExchangeDN as an X500 address when the target lacks it, then
# New-MailboxRestoreRequest for the primary mailbox and, when both have an archive, one for the archive.
# -SkipExisting is the careful re-run: the same checks, plus Get-MailboxRestoreRequest per request, and no New- when the
# request exists. Runs against whatever Exchange session is connected (Exchange Online or the simulator).
param(
    # Objects with SourceMailbox and TargetMailbox (a CSV's rows).
    [Parameter(Mandatory)] [object[]] $Pairs,
    [string] $BatchName = 'PeerRestore',
    [switch] $SkipExisting
)
$ErrorActionPreference = 'Stop'
foreach ($pair in $Pairs) {
    try {
        $source = Get-Mailbox -InactiveMailboxOnly -Identity $pair.SourceMailbox
        $target = Get-Mailbox -Identity $pair.TargetMailbox
        $stats = Get-MailboxStatistics -Identity $source.DistinguishedName -IncludeSoftDeletedRecipients
        Write-Verbose "$($source.Alias): $($stats.TotalItemSize) -> $($target.Alias)"
        $x500 = "X500:$($source.LegacyExchangeDN)"
        if (@($target.EmailAddresses) -notcontains $x500) {
            Set-Mailbox -Identity $target.Identity -EmailAddresses @{ Add = $x500 }
        }
        $parts = @(@{ Name = "Restore-$($source.Alias)"; Archive = $false })
        if ($source.ArchiveStatus -eq 'Active' -and $target.ArchiveStatus -eq 'Active') {
            $parts += @{ Name = "Restore-$($source.Alias)-Archive"; Archive = $true }
        }
        foreach ($part in $parts) {
            if ($SkipExisting) {
                $existing = Get-MailboxRestoreRequest -Identity "$($target.Alias)\$($part.Name)" -ErrorAction SilentlyContinue
                if ($existing) { continue }
            }
            $request = @{
                SourceMailbox = $source.DistinguishedName; TargetMailbox = $target.Identity; Name = $part.Name
                BatchName = $BatchName; TargetRootFolder = "Restored - $($source.DisplayName)"
            }
            if ($part.Archive) { $request.SourceIsArchive = $true; $request.TargetIsArchive = $true }
            $null = New-MailboxRestoreRequest @request
        }
    }
    catch { Write-Warning "$($pair.SourceMailbox) -> $($pair.TargetMailbox): $_" }
}

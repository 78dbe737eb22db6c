# A peer's watch: what public scripts do to follow restore requests (the baseline of build.ps1 -Task Bench). One
# listing of the batch, then every cycle Get-MailboxRestoreRequestStatistics per request that is not done, until all are
# done (Completed, CompletedWithWarning or Failed). Outputs the number of cycles.
param(
    [Parameter(Mandatory)] [string] $BatchName,
    # Between cycles; the benchmark passes a step of the simulator's clock instead of a real 30-second sleep.
    [scriptblock] $Wait = { Start-Sleep -Seconds 30 },
    [int] $MaxCycles = 100000
)
$ErrorActionPreference = 'Stop'
$pending = [Collections.Generic.List[string]]::new()
foreach ($r in @(Get-MailboxRestoreRequest -BatchName $BatchName -ResultSize Unlimited)) { $pending.Add("$($r.Identity)") }
$cycles = 0
while ($pending.Count -gt 0 -and $cycles -lt $MaxCycles) {
    if ($cycles -gt 0) { & $Wait }
    $cycles++
    foreach ($id in @($pending)) {
        $s = Get-MailboxRestoreRequestStatistics -Identity $id
        Write-Verbose "$id $($s.Status) $($s.PercentComplete)%"
        if ("$($s.Status)" -in 'Completed', 'CompletedWithWarning', 'Failed') { $null = $pending.Remove($id) }
    }
}
$cycles

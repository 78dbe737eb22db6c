namespace ExchangeSimulator.Engine
{
    /// <summary>The unprefixed names of the simulated Exchange cmdlets.</summary>
    public static class ExchangeCommands
    {
        public static readonly string[] All =
        {
            "Get-Mailbox", "Get-MailboxStatistics", "Set-Mailbox",
            "New-MailboxRestoreRequest", "Get-MailboxRestoreRequest", "Get-MailboxRestoreRequestStatistics",
            "Suspend-MailboxRestoreRequest", "Resume-MailboxRestoreRequest", "Remove-MailboxRestoreRequest", "Set-MailboxRestoreRequest",
            "Get-Recipient", "Get-MailboxFolderStatistics", "Get-ManagementRole",
        };

        /// <summary>Cmdlets that change tenant state (their injected faults may come after the change).</summary>
        public static readonly string[] Changes =
        {
            "Set-Mailbox", "New-MailboxRestoreRequest", "Suspend-MailboxRestoreRequest", "Resume-MailboxRestoreRequest",
            "Remove-MailboxRestoreRequest", "Set-MailboxRestoreRequest",
        };
    }
}

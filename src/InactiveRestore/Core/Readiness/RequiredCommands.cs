using System.Collections.Generic;

namespace InactiveRestore.Core.Readiness
{
    /// <summary>An Exchange cmdlet the module runs, what it is needed for, and the role that usually grants it.</summary>
    internal sealed class RequiredCommand
    {
        public RequiredCommand(string name, string usedFor, string usualRole, bool essential)
        {
            Name = name;
            UsedFor = usedFor;
            UsualRole = usualRole;
            Essential = essential;
        }

        /// <summary>The unprefixed Exchange cmdlet name.</summary>
        public string Name { get; }

        /// <summary>What the module needs it for, in words.</summary>
        public string UsedFor { get; }

        /// <summary>The management role that usually grants it (used when Get-ManagementRole cannot tell).</summary>
        public string UsualRole { get; }

        /// <summary>True when restores cannot run without it (a missing one is Fail); false when only one feature needs it (Warn).</summary>
        public bool Essential { get; }
    }

    /// <summary>The Exchange cmdlets the module uses, in the order the readiness check lists them.</summary>
    internal static class RequiredCommands
    {
        public const string MailRecipients = "Mail Recipients";
        public const string MailboxImportExport = "Mailbox Import Export";

        public static IReadOnlyList<RequiredCommand> All { get; } = new[]
        {
            new RequiredCommand("Get-Mailbox", "finding inactive sources and active targets (every command)", MailRecipients, true),
            new RequiredCommand("Get-MailboxStatistics", "sizes and the space check", MailRecipients, true),
            new RequiredCommand("Get-MailboxFolderStatistics", "-Verify (the restored folders in the target) and finding what an earlier restore left in a target (Start- and Test-InactiveRestore warn EarlierRestoreUnchecked without it)", MailRecipients, false),
            new RequiredCommand("Get-Recipient", "finding up front who already holds a source's X500 address (Test-InactiveRestore, Start -WhatIf)", MailRecipients, false),
            new RequiredCommand("Set-Mailbox", "adding the X500 address and the retention hold to the target", MailRecipients, true),
            new RequiredCommand("New-MailboxRestoreRequest", "Start-InactiveRestore", MailboxImportExport, true),
            new RequiredCommand("Get-MailboxRestoreRequest", "finding requests (every command, and every re-run)", MailboxImportExport, true),
            new RequiredCommand("Get-MailboxRestoreRequestStatistics", "progress (Get- and Watch-InactiveRestore)", MailboxImportExport, true),
            new RequiredCommand("Set-MailboxRestoreRequest", "Resume-InactiveRestore -ApproveSkippedItems", MailboxImportExport, false),
            new RequiredCommand("Suspend-MailboxRestoreRequest", "Suspend-InactiveRestore", MailboxImportExport, false),
            new RequiredCommand("Resume-MailboxRestoreRequest", "Resume-InactiveRestore", MailboxImportExport, false),
            new RequiredCommand("Remove-MailboxRestoreRequest", "Stop- and Remove-InactiveRestore", MailboxImportExport, false),
        };
    }
}

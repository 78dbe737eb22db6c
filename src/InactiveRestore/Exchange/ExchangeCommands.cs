using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace InactiveRestore.Exchange
{
    /// <summary>The Exchange commands the module sends, built in one place (the plan's steps carry them for -WhatIf).</summary>
    internal static class ExchangeCommands
    {
        public static ExchangeCommand GetMailbox(string identity, MailboxScope scope)
        {
            var cmd = new ExchangeCommand("Get-Mailbox");
            switch (scope)
            {
                case MailboxScope.Inactive: cmd.Switch("InactiveMailboxOnly"); break;
                case MailboxScope.ActiveAndInactive: cmd.Switch("IncludeInactiveMailbox"); break;
                case MailboxScope.SoftDeleted: cmd.Switch("SoftDeletedMailbox"); break;
            }
            return cmd.Param("Identity", identity);
        }

        public static ExchangeCommand GetMailboxStatistics(string identity, bool archive, bool softDeleted) =>
            new ExchangeCommand("Get-MailboxStatistics").Param("Identity", identity).Switch("Archive", archive).Switch("IncludeSoftDeletedRecipients", softDeleted);

        /// <summary>
        /// Get-MailboxRestoreRequest for filters (-BatchName, -TargetMailbox, -Name) with -ResultSize Unlimited:
        /// Exchange stops at 1000 by default, and a listing cut short would make the requests past it look gone
        /// (a watch would call them Cancelled, a re-run would not see them).
        /// </summary>
        public static ExchangeCommand ListRequests(RequestFilter filter) =>
            new ExchangeCommand("Get-MailboxRestoreRequest").Param("ResultSize", "Unlimited")
                .ParamIf("BatchName", filter.BatchName?.Trim()).ParamIf("TargetMailbox", filter.TargetMailbox?.Trim()).ParamIf("Name", filter.Name);

        public static ExchangeCommand GetStatistics(string identity, bool includeReport) =>
            new ExchangeCommand("Get-MailboxRestoreRequestStatistics").Param("Identity", identity).Switch("IncludeReport", includeReport);

        public static ExchangeCommand GetSkippedItems(string identity) =>
            new ExchangeCommand("Get-MailboxRestoreRequestStatistics").Param("Identity", identity).Switch("IncludeSkippedItems");

        /// <summary>
        /// Get-MailboxFolderStatistics -Identity m [-Archive] -ResultSize Unlimited: every folder of the mailbox or its
        /// archive (one call). Exchange Online stops at 1000 folders by default: a tree cut short would hide folders and
        /// make the sizes summed from it too small. (<paramref name="unlimited"/> false: a session whose cmdlet lacks -ResultSize.)
        /// </summary>
        public static ExchangeCommand GetFolderStatistics(string mailbox, bool archive, bool unlimited = true)
        {
            var command = new ExchangeCommand("Get-MailboxFolderStatistics").Param("Identity", mailbox).Switch("Archive", archive);
            return unlimited ? command.Param("ResultSize", "Unlimited") : command;
        }

        /// <summary>
        /// Set-Mailbox -RetentionHoldEnabled $true -StartDateForRetentionHold &lt;when the restore was planned&gt;: the start
        /// date tells Complete-InactiveRestore -DisableRetentionHold that the module turned the hold on (it never turns off
        /// an admin's own hold).
        /// </summary>
        public static ExchangeCommand EnableRetentionHold(string mailbox, DateTime startUtc) =>
            new ExchangeCommand("Set-Mailbox").Param("Identity", mailbox).Param("RetentionHoldEnabled", true).Param("StartDateForRetentionHold", startUtc);

        public static ExchangeCommand AddEmailAddress(string mailbox, string address) =>
            new ExchangeCommand("Set-Mailbox").Param("Identity", mailbox).Param("EmailAddresses", new Hashtable { ["Add"] = address });

        /// <summary>One Set-Mailbox adding every address: @{Add='X500:a'} for one, @{Add=@('X500:a','X500:b')} for several.</summary>
        public static ExchangeCommand AddEmailAddresses(string mailbox, IReadOnlyList<string> addresses) =>
            addresses.Count == 1 ? AddEmailAddress(mailbox, addresses[0])
                : new ExchangeCommand("Set-Mailbox").Param("Identity", mailbox).Param("EmailAddresses", new Hashtable { ["Add"] = addresses.ToArray() });

        public static ExchangeCommand RemoveEmailAddress(string mailbox, string address) =>
            new ExchangeCommand("Set-Mailbox").Param("Identity", mailbox).Param("EmailAddresses", new Hashtable { ["Remove"] = address });

        public static ExchangeCommand DisableRetentionHold(string mailbox) =>
            new ExchangeCommand("Set-Mailbox").Param("Identity", mailbox).Param("RetentionHoldEnabled", false);

        /// <summary>
        /// Get-Recipient -Filter "EmailAddresses -eq '&lt;address&gt;'" -ResultSize Unlimited: who holds a proxy address.
        /// The address goes into the OPATH value with its single quotes doubled; the filter is a parameter value, never script text.
        /// </summary>
        public static ExchangeCommand GetRecipientsWithAddress(string proxyAddress) =>
            new ExchangeCommand("Get-Recipient").Param("Filter", AddressFilter(proxyAddress)).Param("ResultSize", "Unlimited");

        /// <summary>How many addresses one Get-Recipient read asks about (a longer OPATH filter is harder for the service).</summary>
        public const int AddressesPerRecipientRead = 20;

        /// <summary>Get-Recipient for several addresses: their filters joined with -or (one address: the plain filter).</summary>
        public static ExchangeCommand GetRecipientsWithAddresses(IReadOnlyList<string> proxyAddresses) =>
            proxyAddresses.Count == 1
                ? GetRecipientsWithAddress(proxyAddresses[0])
                : new ExchangeCommand("Get-Recipient").Param("Filter", string.Join(" -or ", proxyAddresses.Select(a => "(" + AddressFilter(a) + ")"))).Param("ResultSize", "Unlimited");

        /// <summary>The OPATH filter <c>EmailAddresses -eq '&lt;address&gt;'</c> (single quotes in the address doubled).</summary>
        public static string AddressFilter(string proxyAddress) =>
            "EmailAddresses -eq '" + (proxyAddress ?? throw new ArgumentNullException(nameof(proxyAddress))).Replace("'", "''") + "'";

        /// <summary>The line an admin runs on-premises (Exchange Management Shell) for a directory-synced mailbox's address.</summary>
        public static string OnPremisesAddressLine(string mailbox, string address, bool add) =>
            $"Set-RemoteMailbox {Bare(mailbox)} -EmailAddresses @{{{(add ? "Add" : "Remove")}={Quote(address)}}}";

        private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";

        /// <summary>An identity as a bare word when it is one (an SMTP address, an alias), else quoted.</summary>
        private static string Bare(string value) =>
            value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '.' or '@' or '_' or '-') && !value.StartsWith("-", StringComparison.Ordinal) ? value : Quote(value);

        public static ExchangeCommand Suspend(string identity, string? comment) =>
            new ExchangeCommand("Suspend-MailboxRestoreRequest").Param("Identity", identity).ParamIf("SuspendComment", comment).Param("Confirm", false);

        public static ExchangeCommand Resume(string identity) =>
            new ExchangeCommand("Resume-MailboxRestoreRequest").Param("Identity", identity);

        /// <summary>Set-MailboxRestoreRequest -Identity x -SkippedItemApprovalTime t (t in UTC).</summary>
        public static ExchangeCommand ApproveSkippedItems(string identity, DateTime approveUpToUtc) =>
            new ExchangeCommand("Set-MailboxRestoreRequest").Param("Identity", identity).Param("SkippedItemApprovalTime", approveUpToUtc);

        public static ExchangeCommand Remove(string identity) =>
            new ExchangeCommand("Remove-MailboxRestoreRequest").Param("Identity", identity).Param("Confirm", false);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace ExchangeSimulator.Engine
{
    /// <summary>A management role and the simulated Exchange cmdlets it grants (Get-ManagementRole -Cmdlet).</summary>
    public sealed class ManagementRole
    {
        public ManagementRole(string name, string roleType, params string[] cmdlets)
        {
            Name = name;
            RoleType = roleType;
            Cmdlets = cmdlets;
        }

        public string Name { get; }
        public string RoleType { get; }
        public string[] Cmdlets { get; }
    }

    /// <summary>
    /// Which roles grant which cmdlets: Exchange Online generates in a session only the cmdlets the admin's roles allow, so a
    /// missing role shows as a missing command. A small table covering the simulated cmdlets.
    /// </summary>
    public static class Roles
    {
        private static readonly string[] RestoreCmdlets =
        {
            "New-MailboxRestoreRequest", "Get-MailboxRestoreRequest", "Get-MailboxRestoreRequestStatistics", "Set-MailboxRestoreRequest",
            "Suspend-MailboxRestoreRequest", "Resume-MailboxRestoreRequest", "Remove-MailboxRestoreRequest",
        };

        public static readonly ManagementRole[] All =
        {
            new ManagementRole("Mailbox Import Export", "MailboxImportExport", RestoreCmdlets),
            new ManagementRole("Mail Recipients", "MailRecipients",
                "Get-Mailbox", "Set-Mailbox", "Get-MailboxStatistics", "Get-MailboxFolderStatistics", "Get-Recipient"),
            new ManagementRole("View-Only Recipients", "ViewOnlyRecipients",
                "Get-Mailbox", "Get-MailboxStatistics", "Get-MailboxFolderStatistics", "Get-Recipient"),
            new ManagementRole("Role Management", "RoleManagement", "Get-ManagementRole"),
            new ManagementRole("View-Only Configuration", "ViewOnlyConfiguration", "Get-ManagementRole"),
        };

        /// <summary>The roles that grant <paramref name="cmdlet"/> (unprefixed name, case-insensitive).</summary>
        public static IEnumerable<ManagementRole> Granting(string cmdlet) =>
            All.Where(r => r.Cmdlets.Contains(cmdlet, StringComparer.OrdinalIgnoreCase));

        /// <summary>Resolves role names (Name or RoleType); unknown names are an ArgumentException.</summary>
        public static ManagementRole[] Resolve(IEnumerable<string> names) => names.Select(n =>
            All.FirstOrDefault(r => string.Equals(r.Name, n, StringComparison.OrdinalIgnoreCase) || string.Equals(r.RoleType, n, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException("'" + n + "' isn't a simulated management role. Use one of: " + string.Join(", ", All.Select(r => r.Name)) + ".")).ToArray();

        /// <summary>
        /// The Exchange cmdlets a session gets: all, or only those granted by <paramref name="roles"/> when given, minus
        /// <paramref name="without"/>. Unknown cmdlet names in <paramref name="without"/> are an ArgumentException.
        /// </summary>
        public static string[] SessionCmdlets(string[]? roles, string[]? without)
        {
            IEnumerable<string> result = ExchangeCommands.All;
            if (roles != null)
            {
                var granted = Resolve(roles).SelectMany(r => r.Cmdlets).ToList();
                result = result.Where(c => granted.Contains(c, StringComparer.OrdinalIgnoreCase));
            }
            if (without != null)
            {
                foreach (var w in without)
                {
                    if (!ExchangeCommands.All.Contains(w, StringComparer.OrdinalIgnoreCase))
                        throw new ArgumentException("'" + w + "' isn't a simulated Exchange cmdlet. Use one of: " + string.Join(", ", ExchangeCommands.All) + ".");
                }
                result = result.Where(c => !without.Contains(c, StringComparer.OrdinalIgnoreCase));
            }
            return result.ToArray();
        }
    }
}

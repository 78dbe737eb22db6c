using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using static InactiveRestore.Exchange.ExchangeValue;

namespace InactiveRestore.Exchange
{
    /// <summary>One folder row of Get-MailboxFolderStatistics.</summary>
    internal sealed record ExchangeFolderStatistics
    {
        public string? Name { get; init; }
        /// <summary>"/Restored-Jane Doe-2026-12-01/Inbox" ('/'-separated from the mailbox's top).</summary>
        public string FolderPath { get; init; } = string.Empty;
        /// <summary>"User Created", "Inbox", "Root", "RecoverableItemsRoot", "RecoverableItemsDeletions", "Audits", ...</summary>
        public string? FolderType { get; init; }
        public long ItemsInFolder { get; init; }
        public long ItemsInFolderAndSubfolders { get; init; }
        /// <summary>The items directly in this folder (not its subfolders); null when absent or unreadable.</summary>
        public long? FolderSize { get; init; }
        public long? FolderAndSubfolderSize { get; init; }
        /// <summary>FolderSize was present but not a size the module can read.</summary>
        public bool FolderSizeUnreadable { get; init; }

        /// <summary>
        /// A folder of the mailbox's Recoverable Items tree (the root and its Deletions, Purges, Versions, DiscoveryHolds,
        /// SubstrateHolds, Audits and Calendar Logging subfolders), told by FolderType: Exchange lists those subfolders at
        /// paths such as "/Deletions", not under "/Recoverable Items". Without a FolderType, the path decides.
        /// </summary>
        public bool IsRecoverableItems => FolderType is { Length: > 0 } type
            ? type.StartsWith("RecoverableItems", StringComparison.OrdinalIgnoreCase)
              || string.Equals(type, "Audits", StringComparison.OrdinalIgnoreCase)
              || string.Equals(type, "CalendarLogging", StringComparison.OrdinalIgnoreCase)
            : FolderPath.StartsWith("/Recoverable Items", StringComparison.OrdinalIgnoreCase);

        /// <summary>A folder someone (or a restore) created, not one of Exchange's own: only these can be a restore's root folder.</summary>
        public bool IsUserCreated => FolderType is not { Length: > 0 } type
            || string.Equals(type, "User Created", StringComparison.OrdinalIgnoreCase)
            || string.Equals(type, "UserCreated", StringComparison.OrdinalIgnoreCase);

        public static ExchangeFolderStatistics From(PSObject o)
        {
            var unreadable = new List<string>();
            return new()
            {
                Name = String(o, "Name"),
                FolderPath = String(o, "FolderPath") ?? string.Empty,
                FolderType = String(o, "FolderType"),
                ItemsInFolder = Long(o, "ItemsInFolder") ?? 0,
                ItemsInFolderAndSubfolders = Long(o, "ItemsInFolderAndSubfolders") ?? 0,
                FolderSize = CheckedSize(o, "FolderSize", unreadable),
                FolderAndSubfolderSize = Size(o, "FolderAndSubfolderSize"),
                FolderSizeUnreadable = unreadable.Count > 0,
            };
        }
    }

    /// <summary>
    /// A mailbox part measured for the planner: its sizes and, when the session has Get-MailboxFolderStatistics, its
    /// folders (null = measured with Get-MailboxStatistics; what earlier restores left cannot be looked for).
    /// </summary>
    internal sealed record ExchangeMailboxMeasure(ExchangeMailboxStatistics Statistics, IReadOnlyList<ExchangeFolderStatistics>? Folders)
    {
        /// <summary>
        /// The sizes Get-MailboxStatistics would give, from one folder listing: the FolderSize (items directly in each
        /// folder, so nothing is counted twice) of every folder outside Recoverable Items is TotalItemSize, of the
        /// Recoverable Items folders TotalDeletedItemSize; ItemsInFolder likewise for the counts. Folders Exchange does not
        /// list make the sums slightly smaller than Get-MailboxStatistics' figures, never larger.
        /// </summary>
        public static ExchangeMailboxMeasure FromFolders(IReadOnlyList<ExchangeFolderStatistics> folders)
        {
            long size = 0, items = 0, deletedSize = 0, deletedItems = 0;
            var unreadable = false;
            foreach (var f in folders)
            {
                unreadable |= f.FolderSizeUnreadable;
                if (f.IsRecoverableItems)
                {
                    deletedSize += f.FolderSize ?? 0;
                    deletedItems += f.ItemsInFolder;
                }
                else
                {
                    size += f.FolderSize ?? 0;
                    items += f.ItemsInFolder;
                }
            }
            var statistics = new ExchangeMailboxStatistics
            {
                TotalItemSize = size,
                ItemCount = items,
                TotalDeletedItemSize = deletedSize,
                DeletedItemCount = deletedItems,
                UnreadableSizes = unreadable ? new[] { "FolderSize" } : Array.Empty<string>(),
            };
            return new ExchangeMailboxMeasure(statistics, folders.ToList());
        }
    }
}

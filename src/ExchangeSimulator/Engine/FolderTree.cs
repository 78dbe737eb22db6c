using System;
using System.Collections.Generic;
using System.Linq;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>One folder row of Get-MailboxFolderStatistics.</summary>
    public sealed class FolderRow
    {
        public string FolderPath { get; set; } = "";
        public string FolderType { get; set; } = "User Created";
        public long ItemsInFolder { get; set; }
        public long FolderSize { get; set; }
        public long ItemsInFolderAndSubfolders { get; set; }
        public long FolderAndSubfolderSize { get; set; }
        public string Name => FolderPath.Substring(FolderPath.LastIndexOf('/') + 1);
    }

    /// <summary>
    /// The folder tree of a mailbox (primary or archive), derived at read time: the mailbox's own default folders hold what its
    /// statistics hold minus what restores put under their root folders, the Recoverable Items folders its deleted items (so
    /// the FolderSize and ItemsInFolder sums equal Get-MailboxStatistics' figures); each request with a TargetRootFolder (removed ones too:
    /// copied data stays) contributes the items that arrived (transferred minus skipped, minus the ItemsMissingInTarget knob)
    /// (from the request's start, when it creates the folder hierarchy) spread over the source's folders under '/&lt;TargetRootFolder&gt;/...'. Renamed/moved restored folders show at their new path.
    /// </summary>
    public static class FolderTree
    {
        // Default folders and the share of a mailbox's items they hold.
        private static readonly (string Path, string Type, double Share)[] Defaults =
        {
            ("/Inbox", "Inbox", 0.50), ("/Sent Items", "SentItems", 0.22), ("/Deleted Items", "DeletedItems", 0.05), ("/Drafts", "Drafts", 0.01),
            ("/Calendar", "Calendar", 0.09), ("/Contacts", "Contacts", 0.05), ("/Archive", "Archive", 0.08),
        };

        // The Recoverable Items folders and the share of the deleted items they hold. Exchange lists the subfolders at
        // "/Deletions", "/Purges", ... (not under "/Recoverable Items"): their FolderType tells them apart.
        private static readonly (string Path, string Type, double Share)[] Dumpster =
        {
            ("/Deletions", "RecoverableItemsDeletions", 0.70), ("/Purges", "RecoverableItemsPurges", 0.10),
            ("/Versions", "RecoverableItemsVersions", 0.08), ("/DiscoveryHolds", "RecoverableItemsDiscoveryHolds", 0.04),
            ("/SubstrateHolds", "RecoverableItemsSubstrateHolds", 0.02), ("/Calendar Logging", "CalendarLogging", 0.03),
            ("/Audits", "Audits", 0.03),
        };

        public const string TopPath = "/Top of Information Store";
        public const string RecoverableItemsPath = "/Recoverable Items";

        /// <summary>True for the folders of the mailbox's Recoverable Items tree (by FolderType, as Exchange reports them).</summary>
        public static bool IsRecoverableItems(FolderRow f) =>
            f.FolderType.StartsWith("RecoverableItems", StringComparison.Ordinal) || f.FolderType == "CalendarLogging" || f.FolderType == "Audits";

        public static string RootPath(string targetRootFolder) => "/" + targetRootFolder.Trim().Trim('/', '\\').Replace('\\', '/');

        public static List<FolderRow> Build(Tenant tenant, Mailbox m, bool archive)
        {
            var stats = archive ? m.Archive : m.Primary;
            var leaves = new List<FolderRow>();
            long restoredItems = 0, restoredBytes = 0, restoredDeleted = 0, restoredDeletedBytes = 0;
            foreach (var r in tenant.Requests.Where(r => r.Target == m && r.TargetIsArchive == archive && r.StartTimestamp.HasValue && !string.IsNullOrWhiteSpace(r.TargetRootFolder)).OrderBy(r => r.Sequence))
            {
                long arrived = Math.Max(0, r.ItemsArrived - r.ItemsMissingInTarget);
                long bytes = r.ItemsTransferred <= 0 ? 0 : (long)((double)r.BytesTransferred * arrived / r.ItemsTransferred);
                var src = r.SourceIsArchive ? r.Source.Archive : r.Source.Primary;
                double dumpsterShare = r.ExcludeDumpster || src.ItemCount + src.DeletedItemCount == 0 ? 0 : (double)src.DeletedItemCount / (src.ItemCount + src.DeletedItemCount);
                long dumpster = (long)Math.Round(arrived * dumpsterShare);
                long dumpsterBytes = arrived == 0 ? 0 : (long)((double)bytes * dumpster / arrived);
                string root = RootPath(r.TargetRootFolder!);
                leaves.Add(new FolderRow { FolderPath = root, FolderType = "User Created" });
                Spread(leaves, root, arrived - dumpster, bytes - dumpsterBytes, "User Created");
                leaves.Add(new FolderRow { FolderPath = root + "/Recoverable Items", FolderType = "User Created", ItemsInFolder = dumpster, FolderSize = dumpsterBytes });
                restoredItems += arrived - dumpster; restoredBytes += bytes - dumpsterBytes;
                restoredDeleted += dumpster; restoredDeletedBytes += dumpsterBytes;
            }
            // Restored folders the owner moved or renamed.
            foreach (var rn in m.FolderRenames.Where(x => x.Archive == archive))
            {
                string from = RootPath(rn.From), to = RootPath(rn.To);
                foreach (var f in leaves)
                {
                    if (string.Equals(f.FolderPath, from, StringComparison.OrdinalIgnoreCase)) f.FolderPath = to;
                    else if (f.FolderPath.StartsWith(from + "/", StringComparison.OrdinalIgnoreCase)) f.FolderPath = to + f.FolderPath.Substring(from.Length);
                }
            }
            var own = new List<FolderRow> { new FolderRow { FolderPath = TopPath, FolderType = "Root" } };
            long ownItems = Math.Max(0, stats.ItemCount - restoredItems - restoredDeleted);
            long ownBytes = Math.Max(0, stats.TotalItemSize - restoredBytes - restoredDeletedBytes);
            foreach (var d in Defaults) own.Add(new FolderRow { FolderPath = d.Path, FolderType = d.Type });
            Spread(own, "", ownItems, ownBytes, null);
            // Recoverable Items: the deleted items (TotalDeletedItemSize, DeletedItemCount) spread over its subfolders.
            own.Add(new FolderRow { FolderPath = RecoverableItemsPath, FolderType = "RecoverableItemsRoot" });
            var deleted = Dumpster.Select(d => new FolderRow { FolderPath = d.Path, FolderType = d.Type }).ToList();
            for (int i = 0; i < Dumpster.Length; i++)
            {
                deleted[i].ItemsInFolder = (long)Math.Floor(stats.DeletedItemCount * Dumpster[i].Share);
                deleted[i].FolderSize = (long)Math.Floor(stats.TotalDeletedItemSize * Dumpster[i].Share);
            }
            deleted[0].ItemsInFolder += stats.DeletedItemCount - deleted.Sum(d => d.ItemsInFolder);
            deleted[0].FolderSize += stats.TotalDeletedItemSize - deleted.Sum(d => d.FolderSize);
            own.AddRange(deleted);

            // Merge (several requests into one root add up), create missing parents, then subtree totals.
            var byPath = new Dictionary<string, FolderRow>(StringComparer.OrdinalIgnoreCase);
            var order = new List<FolderRow>();
            foreach (var f in own.Concat(leaves))
            {
                if (byPath.TryGetValue(f.FolderPath, out var existing)) { existing.ItemsInFolder += f.ItemsInFolder; existing.FolderSize += f.FolderSize; continue; }
                EnsureParents(f.FolderPath, byPath, order);
                byPath[f.FolderPath] = f;
                order.Add(f);
            }
            foreach (var f in order)
            {
                // The Top of Information Store holds every folder except the Recoverable Items tree; the Recoverable Items
                // root holds its subfolders (listed at their own top-level paths); other folders their path's subtree.
                var subtree = f.FolderPath == TopPath ? order.Where(x => !IsRecoverableItems(x)).ToList()
                    : f.FolderType == "RecoverableItemsRoot" ? order.Where(IsRecoverableItems).ToList()
                    : IsRecoverableItems(f) ? new List<FolderRow> { f }
                    : order.Where(x => x == f || (!IsRecoverableItems(x) && x.FolderPath.StartsWith(f.FolderPath + "/", StringComparison.OrdinalIgnoreCase))).ToList();
                f.ItemsInFolderAndSubfolders = subtree.Sum(x => x.ItemsInFolder);
                f.FolderAndSubfolderSize = subtree.Sum(x => x.FolderSize);
            }
            return order;
        }

        private static void EnsureParents(string path, Dictionary<string, FolderRow> byPath, List<FolderRow> order)
        {
            int slash = path.LastIndexOf('/');
            if (slash <= 0) return;
            string parent = path.Substring(0, slash);
            if (byPath.ContainsKey(parent)) return;
            EnsureParents(parent, byPath, order);
            var p = new FolderRow { FolderPath = parent, FolderType = "User Created" };
            byPath[parent] = p;
            order.Add(p);
        }

        // Spreads items and bytes over the default folder shares (under root when given); remainders go to the Inbox.
        private static void Spread(List<FolderRow> rows, string root, long items, long bytes, string? type)
        {
            long usedItems = 0, usedBytes = 0;
            var added = new List<FolderRow>();
            foreach (var d in Defaults)
            {
                long i = (long)Math.Floor(items * d.Share), b = (long)Math.Floor(bytes * d.Share);
                usedItems += i; usedBytes += b;
                string path = root + d.Path;
                var row = rows.FirstOrDefault(x => x.FolderPath == path);
                if (row == null) { row = new FolderRow { FolderPath = path, FolderType = type ?? d.Type }; rows.Add(row); }
                row.ItemsInFolder += i; row.FolderSize += b;
                added.Add(row);
            }
            added[0].ItemsInFolder += items - usedItems;
            added[0].FolderSize += bytes - usedBytes;
        }
    }
}

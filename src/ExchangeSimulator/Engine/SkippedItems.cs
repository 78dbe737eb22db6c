using System;
using System.Collections.Generic;
using System.Management.Automation;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The rows of Get-MailboxRestoreRequestStatistics -IncludeSkippedItems: one per bad (CorruptItem), large (LargeItem) and
    /// missing (MissingItem) item the request counted, deterministic per request (seeded from its RequestGuid, not from the
    /// tenant's random source). Field names are the simulator's choice (unverified in Exchange Online).
    /// </summary>
    public static class SkippedItems
    {
        private static readonly string[] Folders = { "Inbox", "Sent Items", "Deleted Items", "Inbox/Projects", "Archive", "Calendar" };
        private static readonly string[] Subjects = { "Quarterly forecast", "RE: Contract draft v3", "Site survey photos", "Board minutes", "FW: Invoice 2231", "Weekly status" };
        private static readonly string[] Senders = { "Contoso Finance", "Fabrikam Legal", "Adele Vance", "Northwind Procurement", "IT Helpdesk" };

        public static List<PSObject> Rows(RestoreRequest r)
        {
            var rows = new List<PSObject>();
            var rng = new SimRandom(r.RequestGuid.GetHashCode());
            DateTime baseDate = (r.Source.WhenSoftDeleted ?? r.QueuedTimestamp).AddDays(-30);
            void Add(string kind, long size, string failure, string scoring)
            {
                var o = ExchangeOutput.Bag("Microsoft.Exchange.MailboxReplicationService.SkippedItem");
                DateTime sent = baseDate.AddMinutes(-rng.Next(500000));
                o.Add("Kind", kind);
                o.Add("FolderName", Folders[rng.Next(Folders.Length)]);
                o.Add("Subject", Subjects[rng.Next(Subjects.Length)]);
                o.Add("Sender", Senders[rng.Next(Senders.Length)]);
                o.Add("DateSent", sent);
                o.Add("DateReceived", sent.AddSeconds(5 + rng.Next(600)));
                o.Add("MessageSize", ByteSize.Format(size));
                o.Add("Failure", failure);
                o.Add("ScoringClassifications", scoring);
                rows.Add(o);
            }
            for (long i = 0; i < r.BadItemsEncountered; i++)
                Add("CorruptItem", 20_000 + rng.Next(2_000_000),
                    "CorruptDataException: The item is corrupted and can't be copied (MapiExceptionCorruptData).", "Investigate");
            for (long i = 0; i < r.LargeItemsEncountered; i++)
                Add("LargeItem", 150L * 1024 * 1024 + rng.Next(100_000_000),
                    "MapiExceptionMaxSubmissionExceeded: The item exceeds the target's maximum message size (150 MB).", "Good");
            for (long i = 0; i < r.MissingItemsEncountered; i++)
                Add("MissingItem", 10_000 + rng.Next(500_000),
                    "The item was in the source's item list but couldn't be found when it was copied.", "Investigate");
            return rows;
        }
    }
}

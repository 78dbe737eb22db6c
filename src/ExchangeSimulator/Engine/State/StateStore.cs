using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using ExchangeSimulator.Json;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The persistent tenant state of Connect-ExchangeSimulator -StatePath: the whole tenant, engine, clock, random
    /// generators and faults as one JSON document (<see cref="StateDocument"/>, "StateVersion": 2, README.md), saved
    /// atomically (write &lt;file&gt;.tmp, flush to disk, rename over &lt;file&gt;) so a killed process leaves the old or the
    /// new state; the ledger goes to its <see cref="LedgerJournal"/>, the file is guarded by its <see cref="StateLock"/>.
    /// </summary>
    public static class StateStore
    {
        /// <summary>The state file's shape. 1: the hand-written format before the serializer; 2: <see cref="StateDocument"/>.</summary>
        public const int StateVersion = 2;

        // ------------------------------------------------------------------ save

        /// <summary>
        /// Appends new ledger entries to the journal; then, when <paramref name="stateChanged"/>, rewrites the state file.
        /// Entries of calls that changed nothing else are marked Clean: a load keeps them even past the recorded journal
        /// length; an unmarked entry past it belongs to a call whose state save never happened and is dropped.
        /// </summary>
        public static void Save(SimulatorConnection c, string path, bool stateChanged = true)
        {
            LedgerJournal.Append(c, clean: !stateChanged);
            if (!stateChanged) return;
            byte[] bytes = Serialize(c);
            string tmp = path + ".tmp";
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
            {
                fs.Write(bytes, 0, bytes.Length);
                fs.Flush(true);
            }
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    // Both are a rename on Unix; on Windows ReplaceFile, which can briefly fail while a reader has the file open.
                    if (File.Exists(path)) File.Replace(tmp, path, null);
                    else File.Move(tmp, path);
                    return;
                }
                catch (Exception e) when ((e is IOException || e is UnauthorizedAccessException) && attempt < 5)
                {
                    System.Threading.Thread.Sleep(10 * attempt);
                }
            }
        }

        /// <summary>The connection's state as the UTF-8 JSON of a <see cref="StateDocument"/>.</summary>
        public static byte[] Serialize(SimulatorConnection c)
        {
            var t = c.Tenant;
            var doc = new StateDocument
            {
                StateVersion = StateVersion,
                Organization = t.Organization,
                TenantId = t.TenantId,
                Seed = t.Seed,
                Now = t.Now,
                NextTick = t.NextTick,
                NextSequence = t.NextSequence,
                NextQueueOrder = t.NextQueueOrder,
                Rng = t.Rng.GetState(),
                ConnectCount = c.ConnectCount,
                Faults = new FaultState
                {
                    Rng = c.Faults.Rng.GetState(), TokenExpiresAt = c.Faults.TokenExpiresAt, Rules = c.Faults.Rules,
                    TokenExpiredForm = c.Faults.TokenExpiredForm, ReplicationDelayReads = c.Faults.ReplicationDelayReads,
                    PendingReplication = c.Faults.PendingReplication, OmitFromNextListing = c.Faults.OmitFromNextListing,
                },
                NextLedgerSequence = c.NextLedgerSequence,
                LedgerStart = c.LedgerStart,
                LedgerEnd = c.LedgerEnd,
            };
            doc.Mailboxes.AddRange(t.Mailboxes);
            doc.Requests.AddRange(t.Requests);
            using (MailboxReferenceConverter.Bind(doc.Mailboxes))
            {
                return JsonSerializer.SerializeToUtf8Bytes(doc, SimJson.State);
            }
        }

        // ------------------------------------------------------------------ load

        /// <summary>Reads a state file into a connection (not yet registered, lock not attached).</summary>
        public static SimulatorConnection Load(string path, double timeScale, string prefix, string userPrincipalName)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var doc = Read(bytes, path);
            var tenant = new Tenant(doc.Organization, doc.TenantId, doc.Mailboxes, doc.Now, doc.Seed)
            {
                NextTick = doc.NextTick,
                NextSequence = doc.NextSequence,
                NextQueueOrder = doc.NextQueueOrder,
                Rng = SimRandom.FromState(doc.Rng),
            };
            tenant.Requests.AddRange(doc.Requests);
            var faults = new FaultPlan(doc.Seed)
            {
                TokenExpiresAt = doc.Faults.TokenExpiresAt, Rng = SimRandom.FromState(doc.Faults.Rng),
                TokenExpiredForm = doc.Faults.TokenExpiredForm ?? "Rest401", ReplicationDelayReads = doc.Faults.ReplicationDelayReads,
                PendingReplication = doc.Faults.PendingReplication ?? new Dictionary<Guid, int>(), OmitFromNextListing = doc.Faults.OmitFromNextListing ?? new List<Guid>(),
            };
            faults.Rules.AddRange(doc.Faults.Rules);
            var c = new SimulatorConnection(tenant, doc.Now, timeScale, prefix, userPrincipalName, faults, doc.ConnectCount + 1)
            {
                NextLedgerSequence = doc.NextLedgerSequence,
                LedgerStart = doc.LedgerStart,
                LedgerEnd = doc.LedgerEnd,
            };
            if (c.LedgerStart < 0 || c.LedgerEnd < c.LedgerStart) throw new FormatException("Invalid ledger range in the state file '" + path + "'.");
            var journal = LedgerJournal.Open(path);
            try
            {
                LedgerJournal.ReadInto(c, journal, path);
            }
            catch
            {
                journal.Dispose();
                throw;
            }
            c.LedgerJournal = journal;
            c.SavedLedgerCount = c.Ledger.Count;
            return c;
        }

        /// <summary>
        /// Parses a state file: its version first (an older or unknown one is a clear error naming the file and what to do),
        /// then the whole document.
        /// </summary>
        private static StateDocument Read(byte[] bytes, string path)
        {
            StateVersionProbe? probe;
            try
            {
                probe = JsonSerializer.Deserialize<StateVersionProbe>(bytes, SimJson.State);
            }
            catch (JsonException e)
            {
                throw SimJson.Describe(e, "The simulator state file '" + path + "'");
            }
            int? version = probe?.StateVersion;
            if (version != StateVersion)
            {
                string found = version.HasValue ? "StateVersion " + version.Value : "no StateVersion";
                string what = version.HasValue && version.Value < StateVersion
                    ? "it was written by an older simulator. "
                    : version.HasValue ? "it was written by a newer simulator. " : "it isn't a simulator state file. ";
                throw new FormatException("The simulator state file '" + path + "' has " + found + "; this simulator reads StateVersion " + StateVersion +
                    ": " + what + "Delete it (with its '.ledger' journal) to start from a fresh tenant, or use the simulator version that wrote it.");
            }
            try
            {
                using (MailboxReferenceConverter.Bind(null))
                {
                    return JsonSerializer.Deserialize<StateDocument>(bytes, SimJson.State) ?? throw new FormatException("The simulator state file '" + path + "' holds null.");
                }
            }
            catch (JsonException e)
            {
                throw SimJson.Describe(e, "The simulator state file '" + path + "'");
            }
        }
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using ExchangeSimulator.Json;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The persistent tenant state of Connect-ExchangeSimulator -StatePath: the whole tenant, engine, clock, random
    /// generators, faults and ledger as one JSON document ("StateVersion": 1, README.md), saved atomically
    /// (write &lt;file&gt;.tmp, flush to disk, rename over &lt;file&gt;) so a killed process leaves the old or the new state.
    /// </summary>
    /// <summary>The state file is held by another connection (its lock file is taken).</summary>
    public sealed class StateFileLockedException : IOException
    {
        public StateFileLockedException(string message, Exception inner) : base(message, inner) { }
    }

    public static class StateStore
    {
        public const int StateVersion = 1;
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        // ------------------------------------------------------------------ lock

        /// <summary>Takes the exclusive lock file &lt;statePath&gt;.lock; throws IOException when another connection holds it.</summary>
        public static FileStream AcquireLock(string statePath)
        {
            string lockPath = statePath + ".lock";
            try
            {
                var fs = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                return fs;
            }
            catch (IOException e)
            {
                throw new StateFileLockedException("The simulator state file '" + statePath + "' is in use by another connection (its lock file '" + lockPath +
                    "' is held by another process or runspace). Disconnect that connection (or end its process) first.", e);
            }
        }

        // ------------------------------------------------------------------ save

        /// <summary>Opens (creates) the ledger journal &lt;statePath&gt;.ledger for reading and appending.</summary>
        public static FileStream OpenJournal(string statePath) =>
            new FileStream(statePath + ".ledger", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);

        /// <summary>
        /// Appends the ledger entries not yet journaled (one JSON object per line) and flushes them to disk. The state file
        /// then records the journal's valid length: a line appended by a process killed before its state save is dropped
        /// at the next load.
        /// </summary>
        private static void AppendLedger(SimulatorConnection c, bool clean)
        {
            var journal = c.LedgerJournal;
            if (journal == null || c.SavedLedgerCount >= c.Ledger.Count) return;
            var w = new JsonWriter(512 * (c.Ledger.Count - c.SavedLedgerCount));
            for (int i = c.SavedLedgerCount; i < c.Ledger.Count; i++) { WriteLedger(w, c.Ledger[i], clean); w.NewLine(); }
            byte[] bytes = Utf8.GetBytes(w.ToString());
            journal.Position = c.LedgerEnd;
            journal.Write(bytes, 0, bytes.Length);
            journal.Flush(true);
            c.LedgerEnd += bytes.Length;
            c.SavedLedgerCount = c.Ledger.Count;
        }

        /// <summary>
        /// Appends new ledger entries to the journal; then, when <paramref name="stateChanged"/>, rewrites the state file.
        /// Entries of calls that changed nothing else are marked "Clean": a load keeps them even past the recorded journal
        /// length; an unmarked entry past it belongs to a call whose state save never happened and is dropped.
        /// </summary>
        public static void Save(SimulatorConnection c, string path, bool stateChanged = true)
        {
            AppendLedger(c, clean: !stateChanged);
            if (!stateChanged) return;
            string json = Serialize(c);
            byte[] bytes = Utf8.GetBytes(json);
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

        public static string Serialize(SimulatorConnection c)
        {
            var t = c.Tenant;
            var w = new JsonWriter(64 * 1024 + t.Mailboxes.Count * 2048 + t.Requests.Count * 4096);
            w.StartObject();
            w.Prop("StateVersion", StateVersion);
            w.Prop("Organization", t.Organization);
            w.Prop("TenantId", t.TenantId);
            w.Prop("Seed", t.Seed);
            w.Prop("Now", t.Now);
            w.Prop("NextTick", t.NextTick);
            w.Prop("NextSequence", t.NextSequence);
            w.Prop("NextQueueOrder", t.NextQueueOrder);
            WriteRng(w, "Rng", t.Rng);
            w.Prop("ConnectCount", c.ConnectCount);
            w.Name("Faults").StartObject();
            WriteRng(w, "Rng", c.Faults.Rng);
            w.Prop("TokenExpiresAt", c.Faults.TokenExpiresAt);
            w.Name("Rules").StartArray();
            foreach (var r in c.Faults.Rules)
            {
                w.StartObject().Prop("CommandName", r.CommandName).Prop("TransientErrorRate", r.TransientErrorRate).Prop("LatencyTicks", r.Latency.Ticks).EndObject();
            }
            w.EndArray().EndObject();
            w.Prop("NextLedgerSequence", c.NextLedgerSequence);
            // The ledger itself is in the journal <state file>.ledger, bytes [LedgerStart, LedgerEnd).
            w.Prop("LedgerStart", c.LedgerStart).Prop("LedgerEnd", c.LedgerEnd);
            w.NewLine().Name("Mailboxes").StartArray();
            foreach (var m in t.Mailboxes) { w.NewLine(); WriteMailbox(w, m); }
            w.EndArray();
            var index = new Dictionary<Mailbox, int>();
            for (int i = 0; i < t.Mailboxes.Count; i++) index[t.Mailboxes[i]] = i;
            w.NewLine().Name("Requests").StartArray();
            foreach (var r in t.Requests) { w.NewLine(); WriteRequest(w, r, index); }
            w.EndArray();
            w.EndObject().NewLine();
            return w.ToString();
        }

        private static void WriteRng(JsonWriter w, string name, SimRandom rng)
        {
            w.Name(name).StartArray();
            foreach (int n in rng.GetState()) w.Value(n);
            w.EndArray();
        }

        private static void WriteStats(JsonWriter w, string name, FolderStatistics f) =>
            w.Name(name).StartObject().Prop("TotalItemSize", f.TotalItemSize).Prop("ItemCount", f.ItemCount)
                .Prop("TotalDeletedItemSize", f.TotalDeletedItemSize).Prop("DeletedItemCount", f.DeletedItemCount).EndObject();

        private static void WriteMailbox(JsonWriter w, Mailbox m)
        {
            w.StartObject()
                .Prop("Name", m.Name).Prop("Alias", m.Alias).Prop("DisplayName", m.DisplayName).Prop("UserPrincipalName", m.UserPrincipalName)
                .Prop("PrimarySmtpAddress", m.PrimarySmtpAddress).Prop("EmailAddresses", m.EmailAddresses)
                .Prop("ExchangeGuid", m.ExchangeGuid).Prop("Guid", m.Guid).Prop("ExternalDirectoryObjectId", m.ExternalDirectoryObjectId)
                .Prop("DistinguishedName", m.DistinguishedName).Prop("LegacyExchangeDN", m.LegacyExchangeDN).Prop("Database", m.Database)
                .Prop("RecipientTypeDetails", m.RecipientTypeDetails).Prop("IsInactiveMailbox", m.IsInactiveMailbox).Prop("IsSoftDeleted", m.IsSoftDeleted)
                .Prop("WhenSoftDeleted", m.WhenSoftDeleted).Prop("InactiveMailboxRetireTime", m.InactiveMailboxRetireTime).Prop("WhenCreated", m.WhenCreated)
                .Prop("AccountDisabled", m.AccountDisabled).Prop("LitigationHoldEnabled", m.LitigationHoldEnabled).Prop("InPlaceHolds", m.InPlaceHolds)
                .Prop("ComplianceTagHoldApplied", m.ComplianceTagHoldApplied).Prop("DelayHoldApplied", m.DelayHoldApplied)
                .Prop("HasArchive", m.HasArchive).Prop("ArchiveGuid", m.ArchiveGuid).Prop("ArchiveName", m.ArchiveName)
                .Prop("AutoExpandingArchiveEnabled", m.AutoExpandingArchiveEnabled).Prop("RetentionHoldEnabled", m.RetentionHoldEnabled)
                .Prop("StartDateForRetentionHold", m.StartDateForRetentionHold).Prop("EndDateForRetentionHold", m.EndDateForRetentionHold)
                .Prop("RetentionPolicy", m.RetentionPolicy)
                .Prop("IssueWarningQuota", m.IssueWarningQuota).Prop("ProhibitSendQuota", m.ProhibitSendQuota).Prop("ProhibitSendReceiveQuota", m.ProhibitSendReceiveQuota)
                .Prop("ArchiveQuota", m.ArchiveQuota).Prop("ArchiveWarningQuota", m.ArchiveWarningQuota).Prop("RecoverableItemsQuota", m.RecoverableItemsQuota);
            WriteStats(w, "Primary", m.Primary);
            WriteStats(w, "Archive", m.Archive);
            w.Prop("RestoreBehavior", m.RestoreBehavior.ToString()).EndObject();
        }

        private static void WriteRequest(JsonWriter w, RestoreRequest r, Dictionary<Mailbox, int> index)
        {
            w.StartObject()
                .Prop("Sequence", r.Sequence).Prop("RequestGuid", r.RequestGuid).Prop("Name", r.Name)
                .Prop("Source", index[r.Source]).Prop("Target", index[r.Target]).Prop("BatchName", r.BatchName)
                .Prop("SourceIsArchive", r.SourceIsArchive).Prop("TargetIsArchive", r.TargetIsArchive)
                .Prop("SourceRootFolder", r.SourceRootFolder).Prop("TargetRootFolder", r.TargetRootFolder)
                .Prop("IncludeFolders", r.IncludeFolders).Prop("ExcludeFolders", r.ExcludeFolders).Prop("ExcludeDumpster", r.ExcludeDumpster)
                .Prop("ConflictResolutionOption", r.ConflictResolutionOption).Prop("AssociatedMessagesCopyOption", r.AssociatedMessagesCopyOption)
                .Prop("AllowLegacyDNMismatch", r.AllowLegacyDNMismatch).Prop("AcceptLargeDataLoss", r.AcceptLargeDataLoss)
                .Prop("CompletedRequestAgeLimitTicks", r.CompletedRequestAgeLimit.Ticks).Prop("ContentFilter", r.ContentFilter)
                .Prop("SkipMerging", r.SkipMerging).Prop("SuspendComment", r.SuspendComment).Prop("SkippedItemApprovalTime", r.SkippedItemApprovalTime)
                .Prop("Status", r.Status).Prop("StatusDetail", r.StatusDetail).Prop("SyncStage", r.SyncStage).Prop("Suspend", r.Suspend)
                .Prop("Phase", r.Phase.ToString()).Prop("PhaseMinutes", r.PhaseMinutes).Prop("QueueDelayMinutes", r.QueueDelayMinutes)
                .Prop("EstimatedBytes", r.EstimatedBytes).Prop("EstimatedItems", r.EstimatedItems).Prop("BytesTransferred", r.BytesTransferred)
                .Prop("ItemsTransferred", r.ItemsTransferred).Prop("BytesPerMinuteRate", r.BytesPerMinuteRate).Prop("CurrentBytesPerMinute", r.CurrentBytesPerMinute)
                .Prop("QueuedTimestamp", r.QueuedTimestamp).Prop("StartTimestamp", r.StartTimestamp).Prop("LastUpdateTimestamp", r.LastUpdateTimestamp)
                .Prop("CompletionTimestamp", r.CompletionTimestamp).Prop("SuspendedTimestamp", r.SuspendedTimestamp).Prop("FailureTimestamp", r.FailureTimestamp)
                .Prop("RemovedTimestamp", r.RemovedTimestamp).Prop("RemovedReason", r.RemovedReason)
                .Prop("FailureCode", r.FailureCode).Prop("FailureType", r.FailureType).Prop("FailureSide", r.FailureSide).Prop("Message", r.Message)
                .Prop("BadItemsEncountered", r.BadItemsEncountered).Prop("LargeItemsEncountered", r.LargeItemsEncountered)
                .Prop("MissingItemsEncountered", r.MissingItemsEncountered).Prop("DataConsistencyScore", r.DataConsistencyScore)
                .Prop("StallsDone", r.StallsDone).Prop("StallDetail", r.StallDetail).Prop("QueueOrder", r.QueueOrder).Prop("StallMinutesLeft", r.StallMinutesLeft)
                .Prop("AutoSuspendDone", r.AutoSuspendDone).Prop("FinalizationFailureDone", r.FinalizationFailureDone).Prop("BadItemFailures", r.BadItemFailures)
                .Prop("ServerName", r.ServerName).Prop("LastProgressReport", r.LastProgressReport);
            w.Name("Report").StartArray();
            foreach (var e in r.Report)
            {
                w.StartObject().Prop("CreationTime", e.CreationTime).Prop("ServerName", e.ServerName).Prop("Type", e.Type)
                    .Prop("Flags", e.Flags).Prop("Message", e.Message).EndObject();
            }
            w.EndArray().EndObject();
        }

        private static void WriteLedger(JsonWriter w, LedgerEntry e, bool clean)
        {
            w.StartObject();
            if (clean) w.Prop("Clean", true);
            w.Prop("Sequence", e.Sequence).Prop("SimulatedTime", e.SimulatedTime).Prop("CommandName", e.CommandName)
                .Prop("InvokedAs", e.InvokedAs).Prop("Outcome", e.Outcome).Prop("Error", e.Error).Prop("ChangeApplied", e.ChangeApplied);
            w.Name("Parameters");
            WriteTyped(w, e.Parameters, 0);
            w.EndObject();
        }

        /// <summary>
        /// A ledger parameter value as {"T": type, "V": value}: String, Bool, Int, Long, Double, DateTime, TimeSpan (ticks),
        /// Guid, Switch, String[] / Array (of typed values), Hashtable (of typed values); anything else is kept as its string.
        /// </summary>
        private static void WriteTyped(JsonWriter w, object? value, int depth)
        {
            object? v = value is PSObject p ? p.BaseObject : value;
            if (v == null) { w.Null(); return; }
            w.StartObject();
            switch (v)
            {
                case string s: w.Prop("T", "String").Prop("V", s); break;
                case bool b: w.Prop("T", "Bool").Prop("V", b); break;
                case int i: w.Prop("T", "Int").Prop("V", i); break;
                case long l: w.Prop("T", "Long").Prop("V", l); break;
                case double d when !double.IsNaN(d) && !double.IsInfinity(d): w.Prop("T", "Double").Prop("V", d); break;
                case DateTime dt: w.Prop("T", "DateTime").Prop("V", dt); break;
                case TimeSpan ts: w.Prop("T", "TimeSpan").Prop("V", ts.Ticks); break;
                case Guid g: w.Prop("T", "Guid").Prop("V", g); break;
                case SwitchParameter sw: w.Prop("T", "Switch").Prop("V", sw.IsPresent); break;
                case string[] sa: w.Prop("T", "String[]").Prop("V", sa); break;
                case IDictionary dict when depth < 8:
                    w.Prop("T", "Hashtable").Name("V").StartArray();
                    foreach (DictionaryEntry kv in dict)
                    {
                        w.StartArray().Value(kv.Key?.ToString() ?? "");
                        WriteTyped(w, kv.Value, depth + 1);
                        w.EndArray();
                    }
                    w.EndArray();
                    break;
                case IEnumerable list when depth < 8:
                    w.Prop("T", "Array").Name("V").StartArray();
                    foreach (var x in list) WriteTyped(w, x, depth + 1);
                    w.EndArray();
                    break;
                default: w.Prop("T", "String").Prop("V", Convert.ToString(v, CultureInfo.InvariantCulture)); break;
            }
            w.EndObject();
        }

        // ------------------------------------------------------------------ load

        /// <summary>Reads a state file into a connection (not yet registered, lock not attached).</summary>
        public static SimulatorConnection Load(string path, double timeScale, string prefix, string userPrincipalName)
        {
            string text = File.ReadAllText(path, Utf8);
            if (!(JsonReader.Parse(text) is Dictionary<string, object?> root)) throw new FormatException("The state file must hold a JSON object.");
            long version = Long(root, "StateVersion");
            if (version != StateVersion) throw new FormatException("Unsupported StateVersion " + version + " (this simulator reads " + StateVersion + ").");
            var mailboxes = List(root, "Mailboxes").Select((x, i) => ReadMailbox(Obj(x, "Mailboxes[" + i + "]"))).ToList();
            int seed = (int)Long(root, "Seed");
            DateTime now = Date(root, "Now") ?? throw Missing("Now");
            var tenant = new Tenant(Str(root, "Organization") ?? "", Guid.Parse(Str(root, "TenantId") ?? throw Missing("TenantId")), mailboxes, now, seed);
            tenant.NextTick = Date(root, "NextTick") ?? throw Missing("NextTick");
            tenant.NextSequence = Long(root, "NextSequence");
            tenant.NextQueueOrder = Long(root, "NextQueueOrder");
            tenant.Rng = ReadRng(root, "Rng");
            int i2 = 0;
            foreach (var x in List(root, "Requests")) tenant.Requests.Add(ReadRequest(Obj(x, "Requests[" + i2++ + "]"), mailboxes));

            var f = Obj(Get(root, "Faults"), "Faults");
            var faults = new FaultPlan(seed) { TokenExpiresAt = Date(f, "TokenExpiresAt") };
            faults.Rng = ReadRng(f, "Rng");
            foreach (var x in List(f, "Rules"))
            {
                var r = Obj(x, "Rules");
                faults.Rules.Add(new FaultRule
                {
                    CommandName = Strings(r, "CommandName").ToArray(),
                    TransientErrorRate = Double(r, "TransientErrorRate"),
                    Latency = TimeSpan.FromTicks(Long(r, "LatencyTicks")),
                });
            }
            int connectCount = (int)Long(root, "ConnectCount") + 1;
            var c = new SimulatorConnection(tenant, now, timeScale, prefix, userPrincipalName, faults, connectCount)
            {
                NextLedgerSequence = Long(root, "NextLedgerSequence"),
            };
            c.LedgerStart = Long(root, "LedgerStart");
            c.LedgerEnd = Long(root, "LedgerEnd");
            if (c.LedgerStart < 0 || c.LedgerEnd < c.LedgerStart) throw new FormatException("Invalid ledger range in the state file.");
            var journal = OpenJournal(path);
            try
            {
                if (journal.Length < c.LedgerEnd)
                    throw new FormatException("The ledger journal '" + path + ".ledger' is shorter (" + journal.Length + " bytes) than the state file says (" + c.LedgerEnd + ").");
                var bytes = new byte[journal.Length - c.LedgerStart];
                journal.Position = c.LedgerStart;
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = journal.Read(bytes, read, bytes.Length - read);
                    if (n <= 0) throw new FormatException("The ledger journal ended early.");
                    read += n;
                }
                long trusted = c.LedgerEnd - c.LedgerStart, accepted = trusted;
                int lineNo = 0, lineStart = 0;
                for (int i = 0; i < bytes.Length; i++)
                {
                    if (bytes[i] != (byte)'\n') continue;
                    lineNo++;
                    string line = Utf8.GetString(bytes, lineStart, i - lineStart);
                    bool inTrustedRange = i < trusted;
                    LedgerEntry? entry = null;
                    bool clean = false;
                    try
                    {
                        var o = Obj(JsonReader.Parse(line), "Ledger");
                        clean = o.TryGetValue("Clean", out var cv) && cv is bool cb && cb;
                        entry = ReadLedger(o);
                    }
                    catch (FormatException) when (!inTrustedRange) { /* a torn last line: dropped below */ }
                    catch (FormatException e) { throw new FormatException("Ledger journal line " + lineNo + ": " + e.Message, e); }
                    if (!inTrustedRange)
                    {
                        // Past the saved length: only entries of calls that changed nothing else (no state save was due).
                        if (entry == null || !clean) break;
                        accepted = i + 1;
                    }
                    c.Ledger.Add(entry!);
                    lineStart = i + 1;
                }
                // Drop what a killed process appended without its state save (and any torn last line).
                c.LedgerEnd = c.LedgerStart + accepted;
                journal.SetLength(c.LedgerEnd);
                if (c.Ledger.Count > 0) c.NextLedgerSequence = Math.Max(c.NextLedgerSequence, c.Ledger[c.Ledger.Count - 1].Sequence + 1);
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

        private static Mailbox ReadMailbox(Dictionary<string, object?> o) => new Mailbox
        {
            Name = Str(o, "Name") ?? "",
            Alias = Str(o, "Alias") ?? "",
            DisplayName = Str(o, "DisplayName") ?? "",
            UserPrincipalName = Str(o, "UserPrincipalName") ?? "",
            PrimarySmtpAddress = Str(o, "PrimarySmtpAddress") ?? "",
            EmailAddresses = Strings(o, "EmailAddresses"),
            ExchangeGuid = GuidOf(o, "ExchangeGuid"),
            Guid = GuidOf(o, "Guid"),
            ExternalDirectoryObjectId = Str(o, "ExternalDirectoryObjectId") ?? "",
            DistinguishedName = Str(o, "DistinguishedName") ?? "",
            LegacyExchangeDN = Str(o, "LegacyExchangeDN") ?? "",
            Database = Str(o, "Database") ?? "",
            RecipientTypeDetails = Str(o, "RecipientTypeDetails") ?? "UserMailbox",
            IsInactiveMailbox = Bool(o, "IsInactiveMailbox"),
            IsSoftDeleted = Bool(o, "IsSoftDeleted"),
            WhenSoftDeleted = Date(o, "WhenSoftDeleted"),
            InactiveMailboxRetireTime = Date(o, "InactiveMailboxRetireTime"),
            WhenCreated = Date(o, "WhenCreated") ?? throw Missing("WhenCreated"),
            AccountDisabled = Bool(o, "AccountDisabled"),
            LitigationHoldEnabled = Bool(o, "LitigationHoldEnabled"),
            InPlaceHolds = Strings(o, "InPlaceHolds"),
            ComplianceTagHoldApplied = Bool(o, "ComplianceTagHoldApplied"),
            DelayHoldApplied = Bool(o, "DelayHoldApplied"),
            HasArchive = Bool(o, "HasArchive"),
            ArchiveGuid = GuidOf(o, "ArchiveGuid"),
            ArchiveName = Str(o, "ArchiveName") ?? "",
            AutoExpandingArchiveEnabled = Bool(o, "AutoExpandingArchiveEnabled"),
            RetentionHoldEnabled = Bool(o, "RetentionHoldEnabled"),
            StartDateForRetentionHold = Date(o, "StartDateForRetentionHold"),
            EndDateForRetentionHold = Date(o, "EndDateForRetentionHold"),
            RetentionPolicy = Str(o, "RetentionPolicy"),
            IssueWarningQuota = NLong(o, "IssueWarningQuota"),
            ProhibitSendQuota = NLong(o, "ProhibitSendQuota"),
            ProhibitSendReceiveQuota = NLong(o, "ProhibitSendReceiveQuota"),
            ArchiveQuota = NLong(o, "ArchiveQuota"),
            ArchiveWarningQuota = NLong(o, "ArchiveWarningQuota"),
            RecoverableItemsQuota = NLong(o, "RecoverableItemsQuota"),
            Primary = ReadStats(Obj(Get(o, "Primary"), "Primary")),
            Archive = ReadStats(Obj(Get(o, "Archive"), "Archive")),
            RestoreBehavior = (RestoreBehavior)Enum.Parse(typeof(RestoreBehavior), Str(o, "RestoreBehavior") ?? "Normal", true),
        };

        private static FolderStatistics ReadStats(Dictionary<string, object?> o) => new FolderStatistics
        {
            TotalItemSize = Long(o, "TotalItemSize"),
            ItemCount = Long(o, "ItemCount"),
            TotalDeletedItemSize = Long(o, "TotalDeletedItemSize"),
            DeletedItemCount = Long(o, "DeletedItemCount"),
        };

        private static RestoreRequest ReadRequest(Dictionary<string, object?> o, List<Mailbox> mailboxes)
        {
            Mailbox At(string key)
            {
                long i = Long(o, key);
                if (i < 0 || i >= mailboxes.Count) throw new FormatException("Request " + key + " index " + i + " is out of range.");
                return mailboxes[(int)i];
            }
            var r = new RestoreRequest
            {
                Sequence = Long(o, "Sequence"),
                RequestGuid = GuidOf(o, "RequestGuid"),
                Name = Str(o, "Name") ?? "",
                Source = At("Source"),
                Target = At("Target"),
                BatchName = Str(o, "BatchName") ?? "",
                SourceIsArchive = Bool(o, "SourceIsArchive"),
                TargetIsArchive = Bool(o, "TargetIsArchive"),
                SourceRootFolder = Str(o, "SourceRootFolder"),
                TargetRootFolder = Str(o, "TargetRootFolder"),
                IncludeFolders = Strings(o, "IncludeFolders").ToArray(),
                ExcludeFolders = Strings(o, "ExcludeFolders").ToArray(),
                ExcludeDumpster = Bool(o, "ExcludeDumpster"),
                ConflictResolutionOption = Str(o, "ConflictResolutionOption") ?? "KeepSourceItem",
                AssociatedMessagesCopyOption = Str(o, "AssociatedMessagesCopyOption") ?? "MapByMessageClass",
                AllowLegacyDNMismatch = Bool(o, "AllowLegacyDNMismatch"),
                AcceptLargeDataLoss = Bool(o, "AcceptLargeDataLoss"),
                CompletedRequestAgeLimit = TimeSpan.FromTicks(Long(o, "CompletedRequestAgeLimitTicks")),
                ContentFilter = Str(o, "ContentFilter"),
                SkipMerging = Strings(o, "SkipMerging").ToArray(),
                SuspendComment = Str(o, "SuspendComment"),
                SkippedItemApprovalTime = Date(o, "SkippedItemApprovalTime"),
                Status = Str(o, "Status") ?? "Queued",
                StatusDetail = Str(o, "StatusDetail") ?? "Queued",
                SyncStage = Str(o, "SyncStage") ?? "None",
                Suspend = Bool(o, "Suspend"),
                Phase = (RequestPhase)Enum.Parse(typeof(RequestPhase), Str(o, "Phase") ?? "Queued", true),
                PhaseMinutes = (int)Long(o, "PhaseMinutes"),
                QueueDelayMinutes = (int)Long(o, "QueueDelayMinutes"),
                EstimatedBytes = Long(o, "EstimatedBytes"),
                EstimatedItems = Long(o, "EstimatedItems"),
                BytesTransferred = Long(o, "BytesTransferred"),
                ItemsTransferred = Long(o, "ItemsTransferred"),
                BytesPerMinuteRate = Long(o, "BytesPerMinuteRate"),
                CurrentBytesPerMinute = Long(o, "CurrentBytesPerMinute"),
                QueuedTimestamp = Date(o, "QueuedTimestamp") ?? throw Missing("QueuedTimestamp"),
                StartTimestamp = Date(o, "StartTimestamp"),
                LastUpdateTimestamp = Date(o, "LastUpdateTimestamp"),
                CompletionTimestamp = Date(o, "CompletionTimestamp"),
                SuspendedTimestamp = Date(o, "SuspendedTimestamp"),
                FailureTimestamp = Date(o, "FailureTimestamp"),
                RemovedTimestamp = Date(o, "RemovedTimestamp"),
                RemovedReason = Str(o, "RemovedReason"),
                FailureCode = NLong(o, "FailureCode") is long fc ? (int)fc : (int?)null,
                FailureType = Str(o, "FailureType"),
                FailureSide = Str(o, "FailureSide"),
                Message = Str(o, "Message"),
                BadItemsEncountered = Long(o, "BadItemsEncountered"),
                LargeItemsEncountered = Long(o, "LargeItemsEncountered"),
                MissingItemsEncountered = Long(o, "MissingItemsEncountered"),
                DataConsistencyScore = Str(o, "DataConsistencyScore") ?? "Perfect",
                StallsDone = (int)Long(o, "StallsDone"),
                StallDetail = Str(o, "StallDetail") ?? "",
                QueueOrder = Long(o, "QueueOrder"),
                StallMinutesLeft = (int)Long(o, "StallMinutesLeft"),
                AutoSuspendDone = Bool(o, "AutoSuspendDone"),
                FinalizationFailureDone = Bool(o, "FinalizationFailureDone"),
                BadItemFailures = (int)Long(o, "BadItemFailures"),
                ServerName = Str(o, "ServerName") ?? "",
                LastProgressReport = Date(o, "LastProgressReport") ?? default,
            };
            foreach (var x in List(o, "Report"))
            {
                var e = Obj(x, "Report");
                r.Report.Add(new ReportEntry
                {
                    CreationTime = Date(e, "CreationTime") ?? default,
                    ServerName = Str(e, "ServerName") ?? "",
                    Type = Str(e, "Type") ?? "Informational",
                    Flags = Str(e, "Flags") ?? "None",
                    Message = Str(e, "Message") ?? "",
                });
            }
            return r;
        }

        private static LedgerEntry ReadLedger(Dictionary<string, object?> o)
        {
            var e = new LedgerEntry
            {
                Sequence = Long(o, "Sequence"),
                SimulatedTime = Date(o, "SimulatedTime") ?? default,
                CommandName = Str(o, "CommandName") ?? "",
                InvokedAs = Str(o, "InvokedAs") ?? "",
                Outcome = Str(o, "Outcome") ?? "Success",
                Error = Str(o, "Error"),
                ChangeApplied = Bool(o, "ChangeApplied"),
            };
            if (ReadTyped(Get(o, "Parameters")) is Hashtable h)
            {
                foreach (DictionaryEntry kv in h) e.Parameters[kv.Key] = kv.Value;
            }
            return e;
        }

        private static object? ReadTyped(object? node)
        {
            if (node == null) return null;
            var o = Obj(node, "Parameters");
            string type = Str(o, "T") ?? "String";
            object? v = Get(o, "V");
            switch (type)
            {
                case "String": return v as string;
                case "Bool": return v is bool b && b;
                case "Int": return (int)Long(o, "V");
                case "Long": return Long(o, "V");
                case "Double": return Double(o, "V");
                case "DateTime": return Date(o, "V");
                case "TimeSpan": return TimeSpan.FromTicks(Long(o, "V"));
                case "Guid": return GuidOf(o, "V");
                case "Switch": return new SwitchParameter(v is bool s && s);
                case "String[]": return Strings(o, "V").ToArray();
                case "Array": return List(o, "V").Select(ReadTyped).ToArray();
                case "Hashtable":
                    var h = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    foreach (var pair in List(o, "V"))
                    {
                        if (!(pair is List<object?> kv) || kv.Count != 2 || !(kv[0] is string key)) throw new FormatException("A Hashtable entry is [key, value].");
                        h[key] = ReadTyped(kv[1]);
                    }
                    return h;
                default: throw new FormatException("Unknown ledger value type '" + type + "'.");
            }
        }

        private static SimRandom ReadRng(Dictionary<string, object?> o, string key) =>
            SimRandom.FromState(List(o, key).Select(x => x is long l ? (int)l : throw new FormatException("'" + key + "' must hold integers.")).ToArray());

        // ------------------------------------------------------------------ value helpers

        private static FormatException Missing(string key) => new FormatException("The state file lacks '" + key + "'.");

        private static object? Get(Dictionary<string, object?> o, string key) => o.TryGetValue(key, out var v) ? v : null;

        private static Dictionary<string, object?> Obj(object? v, string what) =>
            v as Dictionary<string, object?> ?? throw new FormatException("'" + what + "' must be a JSON object.");

        private static List<object?> List(Dictionary<string, object?> o, string key) =>
            Get(o, key) as List<object?> ?? throw new FormatException("'" + key + "' must be an array.");

        private static string? Str(Dictionary<string, object?> o, string key) =>
            Get(o, key) switch { null => null, string s => s, _ => throw new FormatException("'" + key + "' must be a string.") };

        private static List<string> Strings(Dictionary<string, object?> o, string key) =>
            List(o, key).Select(x => x as string ?? throw new FormatException("'" + key + "' must hold strings.")).ToList();

        private static bool Bool(Dictionary<string, object?> o, string key) =>
            Get(o, key) switch { bool b => b, _ => throw new FormatException("'" + key + "' must be true or false.") };

        private static long Long(Dictionary<string, object?> o, string key) =>
            Get(o, key) switch { long l => l, _ => throw new FormatException("'" + key + "' must be an integer.") };

        private static long? NLong(Dictionary<string, object?> o, string key) =>
            Get(o, key) switch { null => null, long l => l, _ => throw new FormatException("'" + key + "' must be an integer or null.") };

        private static double Double(Dictionary<string, object?> o, string key) =>
            Get(o, key) switch { double d => d, long l => l, _ => throw new FormatException("'" + key + "' must be a number.") };

        private static Guid GuidOf(Dictionary<string, object?> o, string key) =>
            Guid.TryParse(Str(o, key), out Guid g) ? g : throw new FormatException("'" + key + "' must be a GUID.");

        private static DateTime? Date(Dictionary<string, object?> o, string key)
        {
            string? s = Str(o, key);
            if (s == null) return null;
            if (!DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime d))
                throw new FormatException("'" + key + "' must be an ISO 8601 date.");
            return d;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>Which mailboxes an identity lookup may see.</summary>
    [Flags]
    public enum MailboxScope
    {
        Active = 1,
        Inactive = 2,
        SoftDeleted = 4,
        All = Active | Inactive | SoftDeleted,
    }

    /// <summary>
    /// The simulated tenant: mailboxes, restore requests and the request engine that advances them on a
    /// one-minute simulated tick. Not thread-safe: the owning <see cref="SimulatorConnection"/> serializes calls.
    /// </summary>
    public sealed class Tenant
    {
        /// <summary>Tenant-wide number of requests the simulated service runs at once (the rest stay Queued).</summary>
        public const int MaxConcurrentRequests = 10;
        /// <summary>Default copy rate before the per-request seeded variation (0.85x..1.15x): 2 GB per hour.</summary>
        public const long BaseBytesPerMinute = 2L * 1024 * 1024 * 1024 / 60;
        private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

        private SimRandom _rng;
        private long _nextSequence = 1;
        private long _nextQueueOrder = 1;
        private DateTime _nextTick;

        public Tenant(string organization, Guid tenantId, IEnumerable<Mailbox> mailboxes, DateTime startTime, int seed)
        {
            Organization = organization;
            TenantId = tenantId;
            Mailboxes = mailboxes.ToList();
            Now = startTime;
            _nextTick = startTime + Tick;
            _rng = new SimRandom(seed);
            Seed = seed;
        }

        // ------------------------------------------------------------------ engine state (persistence, StateStore)

        internal SimRandom Rng { get => _rng; set => _rng = value; }
        internal long NextSequence { get => _nextSequence; set => _nextSequence = value; }
        internal long NextQueueOrder { get => _nextQueueOrder; set => _nextQueueOrder = value; }
        internal DateTime NextTick { get => _nextTick; set => _nextTick = value; }
        internal void RestoreNow(DateTime now) => Now = now;

        public string Organization { get; }
        public Guid TenantId { get; }
        public int Seed { get; }
        public List<Mailbox> Mailboxes { get; }
        public List<RestoreRequest> Requests { get; } = new List<RestoreRequest>();
        public DateTime Now { get; private set; }
        public string AdminUpn { get; set; } = "admin@contoso.onmicrosoft.com";

        // ------------------------------------------------------------------ identity resolution

        public static bool InScope(Mailbox m, MailboxScope scope)
        {
            if (m.IsInactiveMailbox) return (scope & MailboxScope.Inactive) != 0;
            if (m.IsSoftDeleted) return (scope & MailboxScope.SoftDeleted) != 0;
            return (scope & MailboxScope.Active) != 0;
        }

        private static string StripPrefix(string address)
        {
            int colon = address.IndexOf(':');
            return colon > 0 && colon < 6 ? address.Substring(colon + 1) : address;
        }

        /// <summary>
        /// Finds mailboxes by identity the way Exchange does: the identity forms are tried in order
        /// (GUIDs, DN / LegacyExchangeDN, proxy addresses, UPN, alias, name, display name) and the first form
        /// that matches anything wins.
        /// </summary>
        public List<Mailbox> FindMailboxes(string identity, MailboxScope scope)
        {
            var candidates = Mailboxes.Where(m => InScope(m, scope)).ToList();
            string id = identity.Trim();
            var cmp = StringComparer.OrdinalIgnoreCase;
            var stages = new List<Func<Mailbox, bool>>();
            if (Guid.TryParse(id, out Guid g))
            {
                stages.Add(m => m.ExchangeGuid == g || m.Guid == g ||
                    (Guid.TryParse(m.ExternalDirectoryObjectId, out Guid e) && e == g));
            }
            stages.Add(m => cmp.Equals(m.DistinguishedName, id) || cmp.Equals(m.LegacyExchangeDN, id));
            string address = StripPrefix(id);
            stages.Add(m => cmp.Equals(m.PrimarySmtpAddress, address) ||
                m.EmailAddresses.Any(a => cmp.Equals(a, id) || (a.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) && cmp.Equals(StripPrefix(a), address))));
            stages.Add(m => cmp.Equals(m.UserPrincipalName, id));
            stages.Add(m => cmp.Equals(m.Alias, id));
            stages.Add(m => cmp.Equals(m.Name, id));
            stages.Add(m => cmp.Equals(m.DisplayName, id));
            foreach (var stage in stages)
            {
                var hits = candidates.Where(stage).ToList();
                if (hits.Count > 0) return hits;
            }
            return new List<Mailbox>();
        }

        public Mailbox ResolveMailbox(string identity, MailboxScope scope)
        {
            var hits = FindMailboxes(identity, scope);
            if (hits.Count == 0) throw ExchangeErrors.NotFound(identity);
            if (hits.Count > 1) throw ExchangeErrors.Ambiguous(identity);
            return hits[0];
        }

        public IEnumerable<RestoreRequest> VisibleRequests => Requests.Where(r => !r.IsRemoved);

        /// <summary>Finds a request by RequestGuid or by '&lt;target identity&gt;\&lt;Name&gt;'.</summary>
        public RestoreRequest ResolveRequest(string identity)
        {
            string id = identity.Trim();
            if (Guid.TryParse(id, out Guid g))
            {
                var byGuid = VisibleRequests.FirstOrDefault(r => r.RequestGuid == g);
                if (byGuid != null) return byGuid;
                throw ExchangeErrors.NotFound(identity);
            }
            int slash = id.LastIndexOf('\\');
            if (slash <= 0 || slash == id.Length - 1) throw ExchangeErrors.NotFound(identity);
            string targetPart = id.Substring(0, slash), name = id.Substring(slash + 1);
            var targets = FindMailboxes(targetPart, MailboxScope.All);
            var hits = VisibleRequests.Where(r => targets.Contains(r.Target) && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (hits.Count == 0) throw ExchangeErrors.NotFound(identity);
            if (hits.Count > 1) throw ExchangeErrors.Ambiguous(identity);
            return hits[0];
        }

        // ------------------------------------------------------------------ statistics

        public FolderStatistics StatisticsFor(Mailbox m, bool archive) => archive ? m.Archive : m.Primary;

        public int PositionInQueue(RestoreRequest r)
        {
            if (r.Status != "Queued") return 0;
            int pos = 1;
            foreach (var other in VisibleRequests)
            {
                if (other.Status == "Queued" && other.QueueOrder < r.QueueOrder) pos++;
            }
            return pos;
        }

        // ------------------------------------------------------------------ request operations

        public sealed class NewRequestOptions
        {
            public string? Name { get; set; }
            public bool SourceIsArchive { get; set; }
            public bool TargetIsArchive { get; set; }
            public string? SourceRootFolder { get; set; }
            public string? TargetRootFolder { get; set; }
            public string[]? IncludeFolders { get; set; }
            public string[]? ExcludeFolders { get; set; }
            public bool ExcludeDumpster { get; set; }
            public string? ConflictResolutionOption { get; set; }
            public string? AssociatedMessagesCopyOption { get; set; }
            public bool AllowLegacyDNMismatch { get; set; }
            public bool AcceptLargeDataLoss { get; set; }
            public string? BatchName { get; set; }
            public TimeSpan? CompletedRequestAgeLimit { get; set; }
            public string? ContentFilter { get; set; }
            public string[]? SkipMerging { get; set; }
            public bool Suspend { get; set; }
            public string? SuspendComment { get; set; }
        }

        /// <summary>Resolves the source among inactive and soft-deleted mailboxes only.</summary>
        public Mailbox ResolveSource(string identity)
        {
            var hits = FindMailboxes(identity, MailboxScope.Inactive | MailboxScope.SoftDeleted);
            if (hits.Count > 1) throw ExchangeErrors.Ambiguous(identity);
            if (hits.Count == 1) return hits[0];
            if (FindMailboxes(identity, MailboxScope.Active).Count > 0)
            {
                throw ExchangeErrors.RecipientTask("The source mailbox '" + identity +
                    "' isn't an inactive or soft-deleted mailbox. Specify the DistinguishedName or ExchangeGuid of an inactive mailbox.");
            }
            throw ExchangeErrors.NotFound(identity);
        }

        /// <summary>Resolves the target among active mailboxes; an inactive or soft-deleted match is a distinct error.</summary>
        public Mailbox ResolveTarget(string identity)
        {
            var hits = FindMailboxes(identity, MailboxScope.Active);
            if (hits.Count > 1) throw ExchangeErrors.Ambiguous(identity);
            if (hits.Count == 1) return hits[0];
            if (FindMailboxes(identity, MailboxScope.Inactive | MailboxScope.SoftDeleted).Count > 0)
            {
                throw ExchangeErrors.RecipientTask("The target mailbox '" + identity +
                    "' is an inactive (soft-deleted) mailbox. A restore request's target must be an active mailbox.");
            }
            throw ExchangeErrors.NotFound(identity);
        }

        /// <summary>Validates everything, then creates the request (validation failures change nothing).</summary>
        public RestoreRequest PrepareRequest(Mailbox source, Mailbox target, NewRequestOptions o, object? sourceIdentity = null)
        {
            if (source.AutoExpandingArchiveEnabled)
            {
                throw ExchangeErrors.Permanent("AutoExpandingArchiveNotSupportedPermanentException",
                    "The source mailbox '" + source.DistinguishedName + "' has an auto-expanding archive. Restoring inactive mailboxes with auto-expanding archives isn't supported; use a content search export instead.",
                    ErrorCategory.InvalidOperation).About(sourceIdentity);
            }
            if (o.SourceIsArchive && !source.HasArchive)
            {
                throw ExchangeErrors.Permanent("MailboxLacksArchivePermanentException",
                    "Mailbox '" + source.Identity + "' doesn't have an archive. The source archive can't be restored.", ErrorCategory.InvalidOperation).About(sourceIdentity);
            }
            if (o.TargetIsArchive && !target.HasArchive)
            {
                throw ExchangeErrors.Permanent("MailboxLacksArchivePermanentException",
                    "Mailbox '" + target.Identity + "' doesn't have an archive. Enable an archive on the target mailbox before restoring into it.", ErrorCategory.InvalidOperation);
            }
            if (!o.AllowLegacyDNMismatch &&
                !target.EmailAddresses.Any(a => string.Equals(a, "X500:" + source.LegacyExchangeDN, StringComparison.OrdinalIgnoreCase)) &&
                !string.Equals(target.LegacyExchangeDN, source.LegacyExchangeDN, StringComparison.OrdinalIgnoreCase))
            {
                throw ExchangeErrors.Permanent("RecipientNotFoundPermanentException",
                    "LegacyExchangeDN mismatch: the target mailbox '" + target.Identity + "' has no X500 proxy address matching the source's LegacyExchangeDN '" +
                    source.LegacyExchangeDN + "'. Add it with Set-Mailbox -EmailAddresses @{Add='X500:" + source.LegacyExchangeDN + "'} or use -AllowLegacyDNMismatch.",
                    ErrorCategory.InvalidArgument);
            }
            var existing = VisibleRequests.Where(r => r.Target == target).Select(r => r.Name).ToList();
            string name;
            if (o.Name != null)
            {
                name = o.Name.Trim();
                if (name.Length == 0)
                {
                    throw ExchangeErrors.Permanent("InvalidNameCharacterPermanentException", "The request name can't be empty.");
                }
                if (name.IndexOf('\\') >= 0)
                {
                    throw ExchangeErrors.Permanent("InvalidNameCharacterPermanentException",
                        "The name '" + name + "' contains an invalid character '\\'.");
                }
                if (existing.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw ExchangeErrors.Permanent("NameMustBeUniquePermanentException",
                        "The name must be unique per mailbox. There isn't a default name available for a new request owned by mailbox '" + target.Identity +
                        "'. A request named '" + name + "' already exists for this mailbox.");
                }
            }
            else
            {
                string? free = null;
                for (int i = 0; i < 10 && free == null; i++)
                {
                    string candidate = i == 0 ? "MailboxRestore" : "MailboxRestore" + i.ToString(CultureInfo.InvariantCulture);
                    if (!existing.Any(n => string.Equals(n, candidate, StringComparison.OrdinalIgnoreCase))) free = candidate;
                }
                if (free == null)
                {
                    throw ExchangeErrors.Permanent("NoAvailableDefaultNamePermanentException",
                        "Couldn't find an available default name for a new request owned by mailbox '" + target.Identity +
                        "'. Remove an existing request (MailboxRestore, MailboxRestore1 ... MailboxRestore9) or specify -Name.");
                }
                name = free;
            }
            var stats = StatisticsFor(source, o.SourceIsArchive);
            long bytes = stats.TotalItemSize + (o.ExcludeDumpster ? 0 : stats.TotalDeletedItemSize);
            long items = stats.ItemCount + (o.ExcludeDumpster ? 0 : stats.DeletedItemCount);
            var r = new RestoreRequest
            {
                Name = name,
                Source = source,
                Target = target,
                BatchName = o.BatchName ?? "",
                SourceIsArchive = o.SourceIsArchive,
                TargetIsArchive = o.TargetIsArchive,
                SourceRootFolder = o.SourceRootFolder,
                TargetRootFolder = o.TargetRootFolder,
                IncludeFolders = o.IncludeFolders ?? new string[0],
                ExcludeFolders = o.ExcludeFolders ?? new string[0],
                ExcludeDumpster = o.ExcludeDumpster,
                ConflictResolutionOption = o.ConflictResolutionOption ?? "KeepSourceItem",
                AssociatedMessagesCopyOption = o.AssociatedMessagesCopyOption ?? "MapByMessageClass",
                AllowLegacyDNMismatch = o.AllowLegacyDNMismatch,
                AcceptLargeDataLoss = o.AcceptLargeDataLoss,
                CompletedRequestAgeLimit = o.CompletedRequestAgeLimit ?? TimeSpan.FromDays(30),
                ContentFilter = o.ContentFilter,
                SkipMerging = o.SkipMerging ?? new string[0],
                EstimatedBytes = bytes,
                EstimatedItems = items,
            };
            return r;
        }

        /// <summary>Adds a validated request to the tenant (the change).</summary>
        public void Commit(RestoreRequest r, bool suspend, string? suspendComment)
        {
            r.Sequence = _nextSequence++;
            r.RequestGuid = NewGuid();
            r.QueuedTimestamp = Now;
            r.LastUpdateTimestamp = Now;
            r.ServerName = ServerName();
            r.BytesPerMinuteRate = (long)(BaseBytesPerMinute * (0.85 + 0.30 * _rng.NextDouble()));
            r.QueueDelayMinutes = 1 + _rng.Next(3);
            r.QueueOrder = _nextQueueOrder++;
            AddReport(r, "'" + AdminUpn + "' created request.");
            if (suspend)
            {
                r.Suspend = true;
                r.SuspendComment = suspendComment;
                r.Status = "Suspended";
                r.StatusDetail = "Suspended";
                r.SuspendedTimestamp = Now;
                AddReport(r, "The request was suspended when it was created" + (string.IsNullOrEmpty(suspendComment) ? "." : ": " + suspendComment));
            }
            Requests.Add(r);
        }

        public void SuspendRequest(RestoreRequest r, string? comment)
        {
            if (r.IsTerminal)
            {
                throw ExchangeErrors.Permanent("CannotSuspendCompletedRequestPermanentException",
                    "The request '" + r.Identity + "' has already completed and can't be suspended.", ErrorCategory.InvalidOperation);
            }
            if (r.Status == "Suspended") return;
            r.Suspend = true;
            r.SuspendComment = comment;
            r.Status = "Suspended";
            r.StatusDetail = "Suspended";
            r.CurrentBytesPerMinute = 0;
            r.SuspendedTimestamp = Now;
            r.LastUpdateTimestamp = Now;
            AddReport(r, "Suspend requested by '" + AdminUpn + "'" + (string.IsNullOrEmpty(comment) ? "." : ": " + comment));
            AddReport(r, "Request suspended.");
        }

        public void ResumeRequest(RestoreRequest r)
        {
            if (r.Status != "Suspended" && r.Status != "AutoSuspended" && r.Status != "Failed")
            {
                throw ExchangeErrors.Permanent("CannotResumeRequestPermanentException",
                    "The request '" + r.Identity + "' can't be resumed because its status is " + r.Status +
                    ". Only Suspended, AutoSuspended or Failed requests can be resumed.", ErrorCategory.InvalidOperation);
            }
            AddReport(r, "Resume requested by '" + AdminUpn + "'.");
            r.Suspend = false;
            r.Status = "Queued";
            r.StatusDetail = "Queued";
            r.CurrentBytesPerMinute = 0;
            r.FailureCode = null;
            r.FailureType = null;
            r.FailureSide = null;
            r.Message = null;
            r.QueueDelayMinutes = 1 + _rng.Next(2);
            r.QueueOrder = _nextQueueOrder++;
            r.LastUpdateTimestamp = Now;
        }

        public void RemoveRequest(RestoreRequest r, string reason)
        {
            r.RemovedTimestamp = Now;
            r.RemovedReason = reason;
            r.CurrentBytesPerMinute = 0;
        }

        // ------------------------------------------------------------------ the engine

        /// <summary>Advances the tenant to <paramref name="time"/> (never backwards), one simulated minute at a time.</summary>
        public void AdvanceTo(DateTime time)
        {
            if (time <= Now) return;
            while (_nextTick <= time)
            {
                if (!Requests.Any(r => !r.IsRemoved && (r.Status == "Queued" || r.IsActive)))
                {
                    // Nothing moves: jump straight to the target time.
                    long skip = (time - _nextTick).Ticks / Tick.Ticks;
                    _nextTick += TimeSpan.FromTicks(skip * Tick.Ticks);
                    Now = _nextTick;
                    ExpireCompleted();
                    _nextTick += Tick;
                    continue;
                }
                Now = _nextTick;
                ProcessTick();
                _nextTick += Tick;
            }
            Now = time;
            ExpireCompleted();
        }

        private void ExpireCompleted()
        {
            foreach (var r in Requests)
            {
                if (!r.IsRemoved && r.IsTerminal && r.CompletionTimestamp.HasValue && r.CompletionTimestamp.Value + r.CompletedRequestAgeLimit <= Now)
                {
                    r.RemovedTimestamp = r.CompletionTimestamp.Value + r.CompletedRequestAgeLimit;
                    r.RemovedReason = "CompletedRequestAgeLimit";
                }
            }
        }

        private void ProcessTick()
        {
            ExpireCompleted();
            var visible = Requests.Where(r => !r.IsRemoved).ToList();
            foreach (var r in visible.Where(r => r.IsActive).ToList()) Step(r);
            int active = visible.Count(r => r.IsActive);
            // Strict FIFO: a request starts only when every request queued before it has started.
            bool blocked = false;
            foreach (var r in visible.Where(r => r.Status == "Queued").OrderBy(r => r.QueueOrder).ToList())
            {
                if (r.QueueDelayMinutes > 0) { r.QueueDelayMinutes--; blocked = true; continue; }
                if (blocked || active >= MaxConcurrentRequests) { blocked = true; continue; }
                Start(r);
                active++;
            }
        }

        private void Start(RestoreRequest r)
        {
            r.Status = "InProgress";
            if (!r.StartTimestamp.HasValue) r.StartTimestamp = Now;
            r.LastUpdateTimestamp = Now;
            r.ServerName = ServerName();
            AddReport(r, "The Microsoft Exchange Mailbox Replication service '" + r.ServerName + ".EURPRD01.PROD.OUTLOOK.COM' (15.20.8005.17 ServerCaps:01FFFF, ProxyCaps:1FFDF7, MailboxCaps:, legacyCaps:01FFFF) is examining the request.");
            AddReport(r, "Connected to target mailbox '" + r.Target.ExchangeGuid + (r.TargetIsArchive ? " (Archive)" : " (Primary)") + "', database '" + r.Target.Database + "', Mailbox server '" + r.ServerName + ".EURPRD01.PROD.OUTLOOK.COM' Version 15.20 (Build 8005.0).");
            AddReport(r, "Connected to source mailbox '" + r.Source.ExchangeGuid + (r.SourceIsArchive ? " (Archive)" : " (Primary)") + "', database '" + r.Source.Database + "', Mailbox server '" + r.ServerName + ".EURPRD01.PROD.OUTLOOK.COM' Version 15.20 (Build 8005.0).");
            AddReport(r, "Request processing started.");
            if (r.Phase == RequestPhase.Queued)
            {
                EnterPhase(r, RequestPhase.CreatingFolderHierarchy);
            }
            else
            {
                EnterPhase(r, r.Phase);
            }
        }

        private void EnterPhase(RestoreRequest r, RequestPhase phase)
        {
            r.Phase = phase;
            r.PhaseMinutes = 0;
            switch (phase)
            {
                case RequestPhase.CreatingFolderHierarchy:
                    r.Status = "InProgress"; r.StatusDetail = "CreatingFolderHierarchy"; r.SyncStage = "CreatingFolderHierarchy";
                    AddReport(r, "Initializing folder hierarchy from mailbox '" + r.Source.ExchangeGuid + "': " + FolderCount(r) + " folders total.");
                    break;
                case RequestPhase.LoadingMessages:
                    r.Status = "InProgress"; r.StatusDetail = "LoadingMessages"; r.SyncStage = "LoadingMessages";
                    AddReport(r, "Folder hierarchy initialized for mailbox '" + r.Source.ExchangeGuid + "': " + FolderCount(r) + " folders total.");
                    AddReport(r, "Stage: LoadingMessages. Percent complete: 10.");
                    break;
                case RequestPhase.CopyingMessages:
                    r.Status = "InProgress"; r.StatusDetail = r.StallMinutesLeft > 0 ? r.StallDetail : "CopyingMessages"; r.SyncStage = "CopyingMessages";
                    AddReport(r, "Stage: CopyingMessages. Percent complete: " + PercentComplete(r) + ".");
                    r.LastProgressReport = Now;
                    break;
                case RequestPhase.Finalization:
                    r.Status = "InProgress"; r.StatusDetail = "Finalization"; r.SyncStage = "FinalIncrementalSync";
                    r.CurrentBytesPerMinute = 0;
                    AddReport(r, "Stage: FinalIncrementalSync. Percent complete: 95.");
                    break;
                case RequestPhase.CompletionInProgress:
                    r.Status = "CompletionInProgress"; r.StatusDetail = "Finalization"; r.SyncStage = "Cleanup";
                    AddReport(r, "Final sync has completed successfully.");
                    break;
            }
        }

        private static int FolderCount(RestoreRequest r) => 20 + (int)(Math.Abs(r.Source.ExchangeGuid.GetHashCode()) % 60);

        private void Step(RestoreRequest r)
        {
            r.PhaseMinutes++;
            r.LastUpdateTimestamp = Now;
            switch (r.Phase)
            {
                case RequestPhase.CreatingFolderHierarchy:
                    if (r.PhaseMinutes >= 2) EnterPhase(r, RequestPhase.LoadingMessages);
                    break;
                case RequestPhase.LoadingMessages:
                    if (r.PhaseMinutes >= 1) EnterPhase(r, RequestPhase.CopyingMessages);
                    break;
                case RequestPhase.CopyingMessages:
                    Copy(r);
                    break;
                case RequestPhase.Finalization:
                    if (r.Source.RestoreBehavior == RestoreBehavior.FailedOtherAllCopied && !r.FinalizationFailureDone)
                    {
                        r.FinalizationFailureDone = true;
                        Fail(r, "FailedOther", "StoragePermanentException", -2146233088, "Target",
                            "Error: StoragePermanentException: The target mailbox's database failed over while the request was being finalized. --> MapiExceptionNetworkError: Unable to make connection to the server. (hr=0x80004005, ec=2423)");
                        return;
                    }
                    if (r.PhaseMinutes >= 1) EnterPhase(r, RequestPhase.CompletionInProgress);
                    break;
                case RequestPhase.CompletionInProgress:
                    if (r.PhaseMinutes >= 1) Complete(r);
                    break;
            }
        }

        private void Copy(RestoreRequest r)
        {
            var behavior = r.Source.RestoreBehavior;
            double pct = r.PercentExact;
            if (r.StallMinutesLeft > 0)
            {
                r.StallMinutesLeft--;
                r.CurrentBytesPerMinute = 0;
                if (r.StallMinutesLeft == 0)
                {
                    r.StatusDetail = "CopyingMessages";
                    AddReport(r, "The job is no longer stalled; copying resumed.");
                }
                return;
            }
            if (behavior == RestoreBehavior.Stall && ((r.StallsDone == 0 && pct >= 30) || (r.StallsDone == 1 && pct >= 65)))
            {
                r.StallDetail = r.StallsDone == 0 ? "StalledDueToTarget_DiskLatency" : "StalledDueToTarget_MdbReplication";
                r.StallsDone++;
                r.StallMinutesLeft = 40 + _rng.Next(31);
                r.StatusDetail = r.StallDetail;
                r.CurrentBytesPerMinute = 0;
                AddReport(r, "Relinquishing job because of large delays due to unfavorable server health or budget limitations with a remote server 'Target." + r.Target.Database +
                    "' (" + (r.StallsDone == 1 ? "DiskLatency" : "MdbReplication") + ").", "Warning");
                return;
            }
            if (behavior == RestoreBehavior.AutoSuspend && !r.AutoSuspendDone && pct >= 50)
            {
                r.AutoSuspendDone = true;
                r.Status = "AutoSuspended";
                r.StatusDetail = "AutoSuspended";
                r.CurrentBytesPerMinute = 0;
                r.SuspendedTimestamp = Now;
                r.Message = "Informational: The request was automatically suspended because the target mailbox's database is being rebalanced. Resume it with Resume-MailboxRestoreRequest.";
                AddReport(r, "The job was automatically suspended by the Mailbox Replication service: the target mailbox's database is being rebalanced.", "Warning");
                return;
            }
            if (behavior == RestoreBehavior.BadItems && pct >= 40)
            {
                bool approved = r.SkippedItemApprovalTime.HasValue && r.FailureTimestamp.HasValue && r.SkippedItemApprovalTime.Value >= r.FailureTimestamp.Value;
                if (!approved && r.BadItemsEncountered < 40)
                {
                    long found = 3 + _rng.Next(6);
                    r.BadItemsEncountered += found;
                    r.DataConsistencyScore = "Investigate";
                    AddReport(r, "A corrupted item was encountered: Item (IPM.Note) Subject:\"Quarterly forecast\", Folder:\"Inbox\" (" + found + " bad items so far in this batch).", "Warning");
                }
                if (!approved && (pct >= 55 || r.BadItemFailures > 0) && r.BadItemsEncountered >= 12)
                {
                    r.BadItemFailures++;
                    Fail(r, "FailedBadItemLimit", "TooManyBadItemsPermanentException", -2146233088, "Source",
                        "Error: TooManyBadItemsPermanentException: Too many bad items were encountered. The data consistency score is Investigate. Approve the skipped items (Set-MailboxRestoreRequest -SkippedItemApprovalTime) and resume the request.");
                    return;
                }
            }
            long remaining = r.EstimatedBytes - r.BytesTransferred;
            long bytes = Math.Min(remaining, r.BytesPerMinuteRate);
            if (bytes > 0)
            {
                long? quota = r.TargetIsArchive ? r.Target.ArchiveQuota : r.Target.ProhibitSendReceiveQuota;
                var targetStats = StatisticsFor(r.Target, r.TargetIsArchive);
                if (quota.HasValue && targetStats.TotalItemSize + bytes > quota.Value)
                {
                    Fail(r, "FailedMAPI", "MapiExceptionShutoffQuotaExceeded", -2147467259, "Target",
                        "Error: MapiExceptionShutoffQuotaExceeded: Unable to save changes. The target " + (r.TargetIsArchive ? "archive" : "mailbox") +
                        " has reached its quota (" + ByteSize.Format(quota.Value) + "). (hr=0x80004005, ec=1245)");
                    return;
                }
                long beforeItems = r.ItemsTransferred;
                r.BytesTransferred += bytes;
                r.ItemsTransferred = r.EstimatedBytes <= 0 ? r.EstimatedItems : (long)Math.Round((double)r.EstimatedItems * r.BytesTransferred / r.EstimatedBytes);
                targetStats.TotalItemSize += bytes;
                targetStats.ItemCount += r.ItemsTransferred - beforeItems;
                r.CurrentBytesPerMinute = bytes;
            }
            bool done = r.BytesTransferred >= r.EstimatedBytes;
            if (done)
            {
                long beforeItems = r.ItemsTransferred;
                r.ItemsTransferred = r.EstimatedItems;
                StatisticsFor(r.Target, r.TargetIsArchive).ItemCount += r.ItemsTransferred - beforeItems;
            }
            if (done || Now - r.LastProgressReport >= TimeSpan.FromMinutes(5))
            {
                r.LastProgressReport = Now;
                AddReport(r, CopyProgress(r));
            }
            if (done)
            {
                if (behavior == RestoreBehavior.CompletedWithWarning) r.LargeItemsEncountered = 2;
                EnterPhase(r, RequestPhase.Finalization);
            }
        }

        public static string CopyProgress(RestoreRequest r) =>
            "Copy progress: " + r.ItemsTransferred.ToString(CultureInfo.InvariantCulture) + "/" + r.EstimatedItems.ToString(CultureInfo.InvariantCulture) +
            " messages, " + ByteSize.Format(r.BytesTransferred) + "/" + ByteSize.Format(r.EstimatedBytes) + ".";

        private void Fail(RestoreRequest r, string detail, string failureType, int code, string side, string message)
        {
            r.Status = "Failed";
            r.StatusDetail = detail;
            r.FailureType = failureType;
            r.FailureCode = code;
            r.FailureSide = side;
            r.Message = message;
            r.FailureTimestamp = Now;
            r.CurrentBytesPerMinute = 0;
            r.LastUpdateTimestamp = Now;
            AddReport(r, "Fatal error " + failureType + " has occurred.", "Error");
            AddReport(r, "Relinquishing job.");
        }

        private void Complete(RestoreRequest r)
        {
            bool warning = r.Source.RestoreBehavior == RestoreBehavior.CompletedWithWarning;
            r.Phase = RequestPhase.Done;
            r.Status = warning ? "CompletedWithWarning" : "Completed";
            r.StatusDetail = warning ? "CompletedWithWarnings" : "Completed";
            r.SyncStage = "SyncFinished";
            r.CompletionTimestamp = Now;
            r.CurrentBytesPerMinute = 0;
            if (warning)
            {
                r.DataConsistencyScore = "Good";
                r.Message = "Warning: 2 large items were skipped because they exceed the target's maximum message size (150 MB).";
                AddReport(r, "2 large items were skipped: Item (IPM.Note) Subject:\"Site survey photos\", Size: 162.4 MB.", "Warning");
            }
            AddReport(r, "Request is complete.");
        }

        // ------------------------------------------------------------------ helpers

        public int PercentComplete(RestoreRequest r)
        {
            switch (r.Phase)
            {
                case RequestPhase.Queued: return 0;
                case RequestPhase.CreatingFolderHierarchy: return 5;
                case RequestPhase.LoadingMessages: return 10;
                case RequestPhase.CopyingMessages: return 10 + (int)Math.Floor(85 * r.PercentExact / 100);
                case RequestPhase.Finalization: return 95;
                case RequestPhase.CompletionInProgress: return 99;
                default: return 100;
            }
        }

        public void AddReport(RestoreRequest r, string message, string type = "Informational")
        {
            r.Report.Add(new ReportEntry { CreationTime = Now, ServerName = r.ServerName.Length > 0 ? r.ServerName : "AM6PR01MB0001", Type = type, Message = message });
        }

        private string ServerName() => "AM" + (6 + _rng.Next(3)).ToString(CultureInfo.InvariantCulture) + "PR01MB" + (1000 + _rng.Next(9000)).ToString(CultureInfo.InvariantCulture);

        public Guid NewGuid()
        {
            var bytes = new byte[16];
            _rng.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes);
        }
    }
}

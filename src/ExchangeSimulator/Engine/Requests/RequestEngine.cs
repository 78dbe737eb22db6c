using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The tenant's mailbox restore requests: creation (validation, default names), suspend / resume / remove,
    /// the service's FIFO queue, and advancing every request on the <see cref="SimClock"/>'s ticks (each request's
    /// own progress is <see cref="RequestProgress"/>). Not thread-safe: the owning connection serializes calls.
    /// </summary>
    public sealed class RequestEngine
    {
        /// <summary>Tenant-wide number of requests the simulated service runs at once (the rest stay Queued).</summary>
        public const int MaxConcurrentRequests = 10;
        /// <summary>Default copy rate before the per-request seeded variation (0.85x..1.15x): 2 GB per hour.</summary>
        public const long BaseBytesPerMinute = 2L * 1024 * 1024 * 1024 / 60;

        private readonly MailboxDirectory _directory;
        private readonly SimClock _clock;
        private readonly RequestProgress _progress;
        private SimRandom _rng;
        private long _nextSequence = 1;
        private long _nextQueueOrder = 1;

        public RequestEngine(MailboxDirectory directory, SimClock clock, SimRandom rng)
        {
            _directory = directory;
            _clock = clock;
            _rng = rng;
            _progress = new RequestProgress(this);
        }

        // ------------------------------------------------------------------ engine state (persistence, StateStore)

        /// <summary>The tenant's random generator (request GUIDs, servers, rates, queue delays, behaviours).</summary>
        internal SimRandom Rng { get => _rng; set => _rng = value; }
        internal long NextSequence { get => _nextSequence; set => _nextSequence = value; }
        internal long NextQueueOrder { get => _nextQueueOrder; set => _nextQueueOrder = value; }

        public List<RestoreRequest> Requests { get; } = new List<RestoreRequest>();
        public DateTime Now => _clock.Now;
        public string AdminUpn { get; set; } = "admin@contoso.onmicrosoft.com";
        public IEnumerable<RestoreRequest> VisibleRequests => Requests.Where(r => !r.IsRemoved);

        private List<Mailbox> FindMailboxes(string identity, MailboxScope scope) => _directory.FindMailboxes(identity, scope);
        private static FolderStatistics StatisticsFor(Mailbox m, bool archive) => MailboxDirectory.StatisticsFor(m, archive);

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

        public int PositionInQueue(RestoreRequest r)
        {
            if (r.Status != "Queued") return 0;
            // One pass over the requests per queue state, not one per request: a listing of 10,000 statistics stays linear,
            // and so do many single reads while the clock moves a little with every call (-CallLatency). The queue changes only
            // at an engine tick (requests start) or through a change that bumps _queueVersion (a new, suspended, resumed or
            // removed request), or when a request is added (the count).
            long stamp = Requests.Count * 1_000_003L + _queueVersion;
            if (_positions == null || _positionsStamp != stamp)
            {
                _positions = new Dictionary<RestoreRequest, int>();
                int pos = 1;
                foreach (var q in VisibleRequests.Where(x => x.Status == "Queued").OrderBy(x => x.QueueOrder)) _positions[q] = pos++;
                _positionsStamp = stamp;
            }
            return _positions.TryGetValue(r, out int p) ? p : 1;
        }

        private Dictionary<RestoreRequest, int>? _positions;
        private long _positionsStamp = -1;
        private long _queueVersion;

        /// <summary>Invalidates the queue positions (call after a change of a request's status or queue order outside a tick).</summary>
        public void QueueChanged() => _queueVersion++;

        /// <summary>Validates everything, then creates the request (validation failures change nothing).</summary>
        public RestoreRequest PrepareRequest(Mailbox source, Mailbox target, Tenant.NewRequestOptions o, object? sourceIdentity = null)
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
            _queueVersion++;
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
            _queueVersion++;
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
            _queueVersion++;
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
            _queueVersion++;
            r.RemovedTimestamp = Now;
            r.RemovedReason = reason;
            r.CurrentBytesPerMinute = 0;
        }

        // ------------------------------------------------------------------ the engine

        /// <summary>Advances the tenant to <paramref name="time"/> (never backwards), one simulated minute at a time.</summary>
        public void AdvanceTo(DateTime time) =>
            _clock.AdvanceTo(time, () => Requests.Any(r => !r.IsRemoved && (r.Status == "Queued" || r.IsActive)), ProcessTick, ExpireCompleted);

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
            _queueVersion++; // requests may start, fail or finish: queue positions are recomputed when next read
            ExpireCompleted();
            var visible = Requests.Where(r => !r.IsRemoved).ToList();
            foreach (var r in visible.Where(r => r.IsActive).ToList()) _progress.Step(r);
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

        private void Start(RestoreRequest r) => _progress.Start(r);

        public int PercentComplete(RestoreRequest r) => RequestProgress.PercentComplete(r);

        public void AddReport(RestoreRequest r, string message, string type = "Informational") => _progress.AddReport(r, message, type);

        internal string ServerName() => "AM" + (6 + _rng.Next(3)).ToString(CultureInfo.InvariantCulture) + "PR01MB" + (1000 + _rng.Next(9000)).ToString(CultureInfo.InvariantCulture);

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

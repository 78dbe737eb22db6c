using System;
using System.Collections.Generic;
using System.Linq;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The simulated tenant: a facade over its <see cref="MailboxDirectory"/> (mailboxes and identity resolution),
    /// its <see cref="RequestEngine"/> (restore requests, advanced on a one-minute simulated tick) and its
    /// <see cref="SimClock"/>. Not thread-safe: the owning <see cref="SimulatorConnection"/> serializes calls.
    /// </summary>
    public sealed class Tenant
    {
        /// <summary>Tenant-wide number of requests the simulated service runs at once (the rest stay Queued).</summary>
        public const int MaxConcurrentRequests = RequestEngine.MaxConcurrentRequests;
        /// <summary>Default copy rate before the per-request seeded variation (0.85x..1.15x): 2 GB per hour.</summary>
        public const long BaseBytesPerMinute = RequestEngine.BaseBytesPerMinute;

        public Tenant(string organization, Guid tenantId, IEnumerable<Mailbox> mailboxes, DateTime startTime, int seed)
        {
            Organization = organization;
            TenantId = tenantId;
            Seed = seed;
            Directory = new MailboxDirectory(mailboxes);
            Clock = new SimClock(startTime);
            RequestEngine = new RequestEngine(Directory, Clock, new SimRandom(seed));
        }

        public MailboxDirectory Directory { get; }
        public RequestEngine RequestEngine { get; }
        public SimClock Clock { get; }

        // ------------------------------------------------------------------ engine state (persistence, StateStore)

        internal SimRandom Rng { get => RequestEngine.Rng; set => RequestEngine.Rng = value; }
        internal long NextSequence { get => RequestEngine.NextSequence; set => RequestEngine.NextSequence = value; }
        internal long NextQueueOrder { get => RequestEngine.NextQueueOrder; set => RequestEngine.NextQueueOrder = value; }
        internal DateTime NextTick { get => Clock.NextTick; set => Clock.NextTick = value; }
        internal void RestoreNow(DateTime now) => Clock.Restore(now);

        public string Organization { get; }
        public Guid TenantId { get; }
        public int Seed { get; }
        public List<Mailbox> Mailboxes => Directory.Mailboxes;
        public List<RestoreRequest> Requests => RequestEngine.Requests;
        public DateTime Now => Clock.Now;
        public string AdminUpn { get => RequestEngine.AdminUpn; set => RequestEngine.AdminUpn = value; }

        // ------------------------------------------------------------------ mailboxes (MailboxDirectory)

        public static bool InScope(Mailbox m, MailboxScope scope) => MailboxDirectory.InScope(m, scope);
        public List<Mailbox> FindMailboxes(string identity, MailboxScope scope) => Directory.FindMailboxes(identity, scope);
        public Mailbox ResolveMailbox(string identity, MailboxScope scope) => Directory.ResolveMailbox(identity, scope);
        public Mailbox ResolveSource(string identity) => Directory.ResolveSource(identity);
        public Mailbox ResolveTarget(string identity) => Directory.ResolveTarget(identity);
        public FolderStatistics StatisticsFor(Mailbox m, bool archive) => MailboxDirectory.StatisticsFor(m, archive);

        // ------------------------------------------------------------------ requests (RequestEngine)

        public IEnumerable<RestoreRequest> VisibleRequests => RequestEngine.VisibleRequests;
        public RestoreRequest ResolveRequest(string identity) => RequestEngine.ResolveRequest(identity);
        public int PositionInQueue(RestoreRequest r) => RequestEngine.PositionInQueue(r);
        public int PercentComplete(RestoreRequest r) => RequestProgress.PercentComplete(r);
        public static string CopyProgress(RestoreRequest r) => RequestProgress.CopyProgress(r);
        public void AddReport(RestoreRequest r, string message, string type = "Informational") => RequestEngine.AddReport(r, message, type);
        public Guid NewGuid() => RequestEngine.NewGuid();

        /// <summary>Validates everything, then creates the request (validation failures change nothing).</summary>
        public RestoreRequest PrepareRequest(Mailbox source, Mailbox target, NewRequestOptions o, object? sourceIdentity = null) =>
            RequestEngine.PrepareRequest(source, target, o, sourceIdentity);

        /// <summary>Adds a validated request to the tenant (the change).</summary>
        public void Commit(RestoreRequest r, bool suspend, string? suspendComment) => RequestEngine.Commit(r, suspend, suspendComment);
        public void SuspendRequest(RestoreRequest r, string? comment) => RequestEngine.SuspendRequest(r, comment);
        public void ResumeRequest(RestoreRequest r) => RequestEngine.ResumeRequest(r);
        public void RemoveRequest(RestoreRequest r, string reason) => RequestEngine.RemoveRequest(r, reason);

        /// <summary>Advances the tenant to <paramref name="time"/> (never backwards), one simulated minute at a time.</summary>
        public void AdvanceTo(DateTime time) => RequestEngine.AdvanceTo(time);

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
    }
}

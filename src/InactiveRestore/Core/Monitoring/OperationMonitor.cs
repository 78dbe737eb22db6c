using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Watches restore requests economically. Each cycle makes ONE <c>Get-MailboxRestoreRequest</c> per batch (or per
    /// target for requests without a batch), then <c>Get-MailboxRestoreRequestStatistics</c> for the requests not yet
    /// settled (with <c>-IncludeReport</c> only when the listing says Failed, to read the last copy progress): every one
    /// of them each cycle when progress is shown; otherwise only those whose listed state (Status, Suspend) changed since
    /// the previous listing (the first listing needs none; the read when a request settles gives its final counts), and
    /// every one still copying (not Queued) every <see cref="MonitorOptions.ProgressInterval"/>. A request is Cancelled only when it is really
    /// gone: missing from its listing (or NotFound) once, it is read directly by RequestGuid in the next cycle, and only
    /// when that read finds nothing either is it Cancelled. The wait between cycles starts at <see cref="MonitorOptions.InitialInterval"/>,
    /// grows ×<see cref="MonitorOptions.BackoffFactor"/> up to <see cref="MonitorOptions.MaxInterval"/> while no request
    /// changes state (status or status detail), and resets when one does. Suspended requests that do not move are let go
    /// after <see cref="MonitorOptions.SuspendedCyclesBeforeRelease"/> cycles. All waiting goes through <see cref="IClock"/>.
    /// A request known only from a listing (no statistics yet: no source GUID, no estimate, or a listing's
    /// CompletedUnchecked) is read once before its row is given out: when it is already settled at the start, when it is
    /// let go, and when the watch times out. So every row carries Get-InactiveRestore's source, target, estimates and verdict.
    /// Not thread-safe: one caller polls.
    /// </summary>
    internal sealed class OperationMonitor
    {
        private sealed class Tracked
        {
            public Tracked(RestoreResult result) { Result = result; }
            public RestoreResult Result;
            public RestoreResult Progress => Result;
            public int StillCycles;
            public bool SettleReported;
            /// <summary>The state the previous listing showed (Exchange status and Suspend); null before the first.</summary>
            public string? ListedState;
            /// <summary>Missing from the last listing (or NotFound): confirmed gone only by a direct read next cycle.</summary>
            public bool Missing;
            /// <summary>Known only from a listing so far: its statistics are read once before its row is given out.</summary>
            public bool ListingOnly;
        }

        private readonly IExchangeGateway _gateway;
        private readonly IClock _clock;
        private readonly RestoreEstimator _estimator;
        private readonly List<Tracked> _tracked = new();
        private volatile bool _stopped;
        private DateTime? _nextProgressRead;

        public OperationMonitor(IExchangeGateway gateway, IClock? clock = null, MonitorOptions? options = null, RestoreEstimator? estimator = null)
        {
            _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
            _clock = clock ?? SystemClock.Instance;
            Options = options ?? new MonitorOptions();
            _estimator = estimator ?? new RestoreEstimator();
            CurrentInterval = Options.InitialInterval;
        }

        public MonitorOptions Options { get; }

        /// <summary>The wait before the next cycle.</summary>
        public TimeSpan CurrentInterval { get; private set; }

        /// <summary>Raised when a request's status, Exchange status or status detail changes.</summary>
        public event EventHandler<OperationEventArgs>? StateChanged;

        /// <summary>Raised after each periodic statistics read of a watch without progress bars, with every request's state.</summary>
        public event EventHandler<IReadOnlyList<RestoreResult>>? ProgressReported;

        /// <summary>Raised once per request when it settles (or is let go while suspended).</summary>
        public event EventHandler<OperationEventArgs>? Settled;

        /// <summary>Starts watching requests (results of Create, GetStatus or List). A request already watched is ignored.</summary>
        public void StartMonitoring(IEnumerable<RestoreResult> requests)
        {
            if (requests is null) throw new ArgumentNullException(nameof(requests));
            foreach (var r in requests) StartMonitoring(r);
        }

        public void StartMonitoring(RestoreResult request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (request.RequestId == Guid.Empty && string.IsNullOrEmpty(request.RequestName))
                throw new ArgumentException("A request to watch needs its RequestId or name.", nameof(request));
            if (string.IsNullOrEmpty(request.BatchName) && string.IsNullOrEmpty(TargetKey(request)))
                throw new ArgumentException($"Request '{request.RequestName}' has neither a batch nor a target to list it by.", nameof(request));
            if (_tracked.Any(t => Same(t.Result, request))) return;
            if (!request.Success && request.RequestId == Guid.Empty) return; // never created: nothing to watch
            _stopped = false;
            _tracked.Add(new Tracked(RestoreResults.WithEstimate(request.Clone(), _estimator, _clock.UtcNow)) { ListingOnly = IsListingOnly(request) });
        }

        /// <summary>
        /// A row with no statistics behind it: a listing's CompletedUnchecked, a row without Exchange's percentage (a
        /// Start re-run's listing row), or one without the source's GUID and without an estimate (Watch -BatchName's
        /// listing). Start's newly created rows (0 %, source and estimates from the plan) and Get's rows are not.
        /// </summary>
        private static bool IsListingOnly(RestoreResult r) =>
            r.RequestId != Guid.Empty && (r.Status == OperationStatus.CompletedUnchecked || r.PercentComplete is null
                || (r.SourceExchangeGuid == Guid.Empty && r.EstimatedBytes is null && r.EstimatedItems is null));

        /// <summary>The requests not yet settled.</summary>
        public IReadOnlyList<RestoreResult> ActiveOperations => _tracked.Where(t => !t.Progress.IsSettled).Select(t => t.Progress.Clone()).ToList();

        /// <summary>Every watched request.</summary>
        public IReadOnlyList<RestoreResult> Operations => _tracked.Select(t => t.Progress.Clone()).ToList();

        public RestoreResult? GetProgress(Guid operationId) => _tracked.FirstOrDefault(t => t.Result.RequestId == operationId)?.Progress.Clone();

        /// <summary>Makes <see cref="Poll"/> return at its next check.</summary>
        public void Stop() => _stopped = true;

        /// <summary>
        /// Polls until every request settles, the timeout passes (TimedOut), <see cref="Stop"/> is called or the token is
        /// cancelled (Cancelled); returns the states then. <paramref name="onChange"/> gets each request whose progress changed.
        /// </summary>
        public MonitorOutcome Poll(Action<RestoreResult>? onChange = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        {
            var outcome = new MonitorOutcome();
            var deadline = _clock.UtcNow + (timeout ?? Options.DefaultTimeout);
            CurrentInterval = Options.InitialInterval;
            foreach (var t in _tracked.Where(t => t.Progress.IsSettled && !t.SettleReported).ToList())
            {
                ReadOnce(t); // a listing's CompletedUnchecked gets its verdict here
                ReportSettled(t, null);
            }

            while (true)
            {
                if (cancellationToken.IsCancellationRequested || _stopped) { outcome.Cancelled = true; break; }
                if (!_tracked.Any(t => !t.Progress.IsSettled)) break;
                var stateChanges = PollOnce(onChange);
                outcome.Cycles++;
                if (!_tracked.Any(t => !t.Progress.IsSettled)) break;
                if (cancellationToken.IsCancellationRequested || _stopped) { outcome.Cancelled = true; break; }
                var now = _clock.UtcNow;
                if (now >= deadline)
                {
                    outcome.TimedOut = true;
                    // The rows written at a timeout are what a report is made from: each carries its statistics once.
                    foreach (var t in _tracked.Where(t => !t.Progress.IsSettled && t.ListingOnly).ToList()) ReadOnce(t);
                    break;
                }
                CurrentInterval = stateChanges > 0
                    ? Options.InitialInterval
                    : TimeSpan.FromTicks(Math.Min(Options.MaxInterval.Ticks, (long)(CurrentInterval.Ticks * Options.BackoffFactor)));
                var wait = deadline - now < CurrentInterval ? deadline - now : CurrentInterval;
                _clock.Sleep(wait, cancellationToken);
            }
            outcome.Operations = Operations;
            return outcome;
        }

        /// <summary>One cycle. Returns how many requests changed state (status, Exchange status or detail).</summary>
        public int PollOnce(Action<RestoreResult>? onChange = null)
        {
            var stateChanges = 0;
            var now = _clock.UtcNow;
            _nextProgressRead ??= now + Options.ProgressInterval;
            var progressRead = !Options.ProgressShown && now >= _nextProgressRead;
            if (progressRead) _nextProgressRead = now + Options.ProgressInterval;
            var groups = _tracked.Where(t => !t.Progress.IsSettled)
                .GroupBy(t => string.IsNullOrEmpty(t.Result.BatchName) ? (byBatch: false, key: TargetKey(t.Result)!) : (byBatch: true, key: t.Result.BatchName!))
                .ToList();
            foreach (var group in groups)
            {
                var filter = group.Key.byBatch ? new RequestFilter(BatchName: group.Key.key) : new RequestFilter(TargetMailbox: group.Key.key);
                IReadOnlyList<ExchangeRestoreRequest> listing;
                try
                {
                    listing = _gateway.ListRequests(filter);
                }
                catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Transient)
                {
                    continue; // the service is busy: try again next cycle
                }
                foreach (var t in group)
                {
                    var listed = listing.FirstOrDefault(r => Same(t.Result, r));
                    if (listed is null)
                    {
                        // One missing row is not enough (a listing can omit a request once): confirm next cycle.
                        if (!t.Missing) { t.Missing = true; continue; }
                        ExchangeRestoreRequest? direct;
                        try { direct = ReadDirectly(t.Result); }
                        catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Transient) { continue; }
                        if (direct is null)
                        {
                            stateChanges += Apply(t, RestoreResults.Disappeared(t.Result, _clock.UtcNow), onChange);
                            continue;
                        }
                        listed = direct;
                    }
                    t.Missing = false;
                    var state = listed.Status + (listed.Suspend ? "|Suspend" : string.Empty);
                    var changed = t.ListedState is null
                        ? !string.Equals(listed.Status, t.Result.ExchangeStatus, StringComparison.OrdinalIgnoreCase)
                        : !string.Equals(state, t.ListedState, StringComparison.OrdinalIgnoreCase);
                    t.ListedState = state;
                    // The periodic read is for the progress line: a request still queued has nothing to add to its listed state.
                    var forProgress = progressRead && !string.Equals(listed.Status, "Queued", StringComparison.OrdinalIgnoreCase);
                    if (!Options.ProgressShown && !forProgress && !changed)
                    {
                        stateChanges += Apply(t, t.Result.Clone(), onChange); // no read: nothing moved that the listing shows
                        continue;
                    }
                    // A Failed listing reads the report at once (its last copy progress tells whether every item appears
                    // copied: a note on the Failed result); the gateway re-reads with the report when it failed meanwhile.
                    var withReport = string.Equals(listed.Status, "Failed", StringComparison.OrdinalIgnoreCase);
                    ExchangeRestoreRequestStatistics? stats;
                    try
                    {
                        stats = _gateway.GetStatistics(ExchangeGateway.IdentityOf(listed), withReport);
                    }
                    catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Transient)
                    {
                        continue;
                    }
                    catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound)
                    {
                        stats = null;
                    }
                    if (stats is null)
                    {
                        t.Missing = true; // confirmed (or not) by the next cycle
                        t.ListedState = null;
                        continue;
                    }
                    _estimator.Observe(stats.BytesTransferredPerMinute);
                    t.ListingOnly = false;
                    var next = RestoreResults.FromStatistics(stats, t.Result);
                    stateChanges += Apply(t, next, onChange, stats.BytesTransferredPerMinute);
                }
            }
            if (progressRead) ProgressReported?.Invoke(this, Operations);
            return stateChanges;
        }

        /// <summary>
        /// One statistics read of a request known only from a listing (its row then carries Exchange's source, estimates and
        /// verdict); nothing for the others. A failed read leaves the row as it is.
        /// </summary>
        private void ReadOnce(Tracked t)
        {
            if (!t.ListingOnly) return;
            t.ListingOnly = false;
            var id = t.Result.RequestId != Guid.Empty ? t.Result.RequestId.ToString() : t.Result.Identity;
            if (string.IsNullOrEmpty(id)) return;
            ExchangeRestoreRequestStatistics stats;
            try { stats = _gateway.GetStatistics(id!); }
            catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.Transient or ExchangeErrorKind.NotFound) { return; }
            _estimator.Observe(stats.BytesTransferredPerMinute);
            var released = t.Result.Released;
            t.Result = RestoreResults.WithEstimate(RestoreResults.FromStatistics(stats, t.Result), _estimator, _clock.UtcNow, stats.BytesTransferredPerMinute);
            t.Result.Released = released;
        }

        /// <summary>Get-MailboxRestoreRequest -Identity by RequestGuid (else its identity): null when it is gone.</summary>
        private ExchangeRestoreRequest? ReadDirectly(RestoreResult r)
        {
            var id = r.RequestId != Guid.Empty ? r.RequestId.ToString() : r.Identity;
            return string.IsNullOrEmpty(id) ? null : _gateway.GetRequest(id!);
        }

        private int Apply(Tracked t, RestoreResult next, Action<RestoreResult>? onChange, long? bytesPerMinute = null)
        {
            var previous = t.Progress;
            var progress = RestoreResults.WithEstimate(next, _estimator, _clock.UtcNow, bytesPerMinute);
            var stateChanged = previous.Status != progress.Status
                || !string.Equals(previous.ExchangeStatus, progress.ExchangeStatus, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(previous.StatusDetail, progress.StatusDetail, StringComparison.OrdinalIgnoreCase);
            var moved = stateChanged
                || previous.PercentComplete != progress.PercentComplete
                || previous.ItemsCopied != progress.ItemsCopied
                || previous.BytesCopied != progress.BytesCopied;

            t.Result = progress;
            t.StillCycles = moved ? 0 : t.StillCycles + 1;

            if (progress.Status == OperationStatus.Suspended && !moved && t.StillCycles >= Options.SuspendedCyclesBeforeRelease && t.ListingOnly)
            {
                ReadOnce(t); // before it is let go, its row gets Exchange's reason and counts
                progress = t.Result;
            }
            if (progress.Status == OperationStatus.Suspended && !moved && t.StillCycles >= Options.SuspendedCyclesBeforeRelease)
            {
                var warning = $"It stayed {next.ExchangeStatus} for {t.StillCycles} checks; no longer waiting for it. Once it is resumed (Resume-InactiveRestore), watch it again (Watch-InactiveRestore).";
                progress.Released = true;
                progress.Warnings.Add(warning);
                onChange?.Invoke(progress.Clone());
                ReportSettled(t, previous.Status);
                return 0;
            }
            if (moved) onChange?.Invoke(progress.Clone());
            if (stateChanged)
            {
                StateChanged?.Invoke(this, new OperationEventArgs(progress.Clone(), previous.Status, Narrate(next, previous.Status)));
            }
            if (progress.IsSettled && !t.SettleReported) ReportSettled(t, previous.Status);
            return stateChanged ? 1 : 0;
        }

        private void ReportSettled(Tracked t, OperationStatus? previous)
        {
            t.SettleReported = true;
            Settled?.Invoke(this, new OperationEventArgs(t.Progress.Clone(), previous,
                t.Progress.Released ? $"{t.Result.RequestName}: let go while {t.Result.ExchangeStatus}." : $"{t.Result.RequestName}: {t.Progress.Status}."));
        }

        private static string Narrate(RestoreResult r, OperationStatus previous)
        {
            var detail = r.StallReason is not null ? $" (throttled: {r.StallReason})"
                : !string.IsNullOrEmpty(r.StatusDetail) && !string.Equals(r.StatusDetail, r.ExchangeStatus, StringComparison.OrdinalIgnoreCase) ? $" ({r.StatusDetail})" : string.Empty;
            return $"{r.RequestName}: {previous} -> {r.Status}{detail}, {RestoreResults.PercentText(r)}.";
        }

        private static string? TargetKey(RestoreResult r) =>
            r.TargetExchangeGuid != Guid.Empty ? r.TargetExchangeGuid.ToString() : r.Target;

        private static bool Same(RestoreResult a, RestoreResult b) =>
            a.RequestId != Guid.Empty ? a.RequestId == b.RequestId
                : string.Equals(a.RequestName, b.RequestName, StringComparison.OrdinalIgnoreCase) && string.Equals(TargetKey(a), TargetKey(b), StringComparison.OrdinalIgnoreCase);

        private static bool Same(RestoreResult a, ExchangeRestoreRequest r) =>
            a.RequestId != Guid.Empty && r.RequestGuid != Guid.Empty ? a.RequestId == r.RequestGuid
                : string.Equals(a.RequestName, r.Name, StringComparison.OrdinalIgnoreCase);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Reads and controls existing restore requests through the gateway: find them by identity, read their state, list
    /// them by batch or target, suspend, resume (approving skipped items first when asked), cancel and remove. Every
    /// change runs with its "already applied?" check, so a change whose outcome was unknown is never sent twice.
    /// </summary>
    internal sealed class RequestControl
    {
        private readonly IExchangeGateway _gateway;
        private readonly IClock _clock;

        public RequestControl(IExchangeGateway gateway, IClock? clock = null, RestoreEstimator? estimator = null)
        {
            _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
            _clock = clock ?? SystemClock.Instance;
            Estimator = estimator ?? new RestoreEstimator();
        }

        public RestoreEstimator Estimator { get; }

        private static string CheckIdentity(string identity)
        {
            if (string.IsNullOrWhiteSpace(identity))
                throw new InvalidInputException("InvalidIdentity", "Identity", identity, "A restore request identity must not be empty (Exchange would take it as 'every request').");
            return identity.Trim();
        }

        /// <summary>
        /// The current state of one request (its RequestGuid or <c>alias\name</c>); with <paramref name="includeReport"/>
        /// the report's entries in <see cref="RestoreResult.Report"/>. Exchange's NotFound propagates (ExchangeException).
        /// </summary>
        public RestoreResult GetStatus(string identity, bool includeReport = false)
        {
            identity = CheckIdentity(identity);
            var stats = _gateway.GetStatistics(identity, includeReport);
            Estimator.Observe(stats.BytesTransferredPerMinute);
            var result = RestoreResults.FromStatistics(stats);
            if (includeReport) result.Report = stats.Report.Select(e => new RestoreReportEntry(e.CreationTime, e.Type, e.Message)).ToList();
            return result;
        }

        /// <summary>
        /// The requests an identity names (<see cref="RequestIdentity"/>): a RequestGuid or <c>alias\name</c> with
        /// <c>Get-MailboxRestoreRequest -Identity</c>, a bare name with the <c>-Name</c> filter (several targets = several
        /// requests). Nothing found = RequestStateException RequestNotFound in the module's words (<see cref="NotFound"/>),
        /// whether Exchange answered with its not-found error or an empty list. Never an empty identity.
        /// </summary>
        public IReadOnlyList<ExchangeRestoreRequest> Find(RequestIdentityInfo identity)
        {
            if (identity is null) throw new ArgumentNullException(nameof(identity));
            IReadOnlyList<ExchangeRestoreRequest> found;
            try
            {
                if (identity.Kind == RequestIdentityKind.Name)
                    found = _gateway.ListRequests(new RequestFilter(Name: identity.Value));
                else
                    found = _gateway.GetRequest(CheckIdentity(identity.Value), throwIfMissing: true) is { } one ? new[] { one } : Array.Empty<ExchangeRestoreRequest>();
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound)
            {
                throw NotFound(identity.Value, e);
            }
            if (found.Count == 0) throw NotFound(identity.Value);
            return found;
        }

        /// <summary>
        /// The module's own not-found (RequestStateException RequestNotFound, never Exchange's text or type): the identity,
        /// and where to look for the right one.
        /// </summary>
        public static RequestStateException NotFound(string identity, Exception? inner = null) =>
            new(RequestStateException.NotFound, identity,
                $"No restore request '{identity}' was found (it may have been removed, e.g. by Remove-InactiveRestore or Complete-InactiveRestore -RemoveRequests).",
                "Get-InactiveRestore lists the module's restore requests (narrow with -BatchName or -TargetMailbox; -All lists every restore request); pass its RequestId, its Identity ('alias\\Name') or its RequestName.",
                inner);

        /// <summary>
        /// The one request an identity names, for changes. A bare name on several targets is refused
        /// (RequestStateException AmbiguousRequestName): give <c>alias\name</c> or the RequestGuid.
        /// </summary>
        public ExchangeRestoreRequest FindOne(RequestIdentityInfo identity)
        {
            var found = Find(identity);
            if (found.Count > 1)
                throw new RequestStateException(RequestStateException.Ambiguous, identity.Value,
                    $"The request name '{identity.Value}' matches {found.Count} restore requests ({string.Join(", ", found.Select(f => f.Identity ?? f.RequestGuid.ToString()))}).",
                    "Give 'alias\\Name' or the RequestGuid (the RequestId property of Get-InactiveRestore's output).");
            return found[0];
        }

        /// <summary>The current state of every request an identity names (with the report when asked); none = RequestNotFound.</summary>
        public IReadOnlyList<RestoreResult> Get(RequestIdentityInfo identity, bool includeReport = false)
        {
            var results = new List<RestoreResult>();
            foreach (var r in Find(identity))
            {
                RestoreResult result;
                try { result = GetStatus(ExchangeGateway.IdentityOf(r), includeReport); }
                catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound) { throw NotFound(identity.Value, e); } // removed meanwhile
                result.Identity ??= r.Identity;
                result.Source ??= r.SourceMailbox;
                result.Target ??= r.TargetMailbox;
                results.Add(result);
            }
            return results;
        }

        /// <summary>
        /// Lists requests by batch and/or target (one Get-MailboxRestoreRequest), with statistics per request when
        /// <paramref name="includeStatistics"/>; <paramref name="status"/> filters on the mapped status; with
        /// <paramref name="moduleNamedOnly"/> only requests named by the module are kept, before any statistics are read.
        /// With neither batch nor target it lists every restore request of the tenant (a deliberate listing).
        /// </summary>
        /// <summary>How many requests Exchange listed in the last <see cref="List"/>, before the module's filters (naming, status).</summary>
        public int Listed { get; private set; }

        public IReadOnlyList<RestoreResult> List(string? batchName = null, string? targetMailbox = null, OperationStatus? status = null,
            bool includeStatistics = true, bool moduleNamedOnly = false, bool includeReport = false)
        {
            var now = _clock.UtcNow;
            var results = new List<RestoreResult>();
            var listed = _gateway.ListRequests(new RequestFilter(BatchName: batchName, TargetMailbox: targetMailbox));
            Listed = listed.Count;
            foreach (var r in listed)
            {
                if (moduleNamedOnly && !RequestNaming.IsModuleName(r.Name)) continue;
                RestoreResult result;
                if (includeStatistics)
                {
                    try { result = GetStatus(ExchangeGateway.IdentityOf(r), includeReport); }
                    catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound) { continue; } // removed meanwhile
                    catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Transient)
                    {
                        // Still busy after the retries for this one request: keep it with the listing's state rather than
                        // lose the whole list (a watch then reads its statistics on its next cycle).
                        result = RestoreResults.FromRequest(r, now);
                        result.Warnings.Add($"The statistics of restore request '{r.Name}' could not be read ({e.Message}); its state is the one Get-MailboxRestoreRequest listed.");
                    }
                    result.Source ??= r.SourceMailbox;
                    result.Target ??= r.TargetMailbox;
                }
                else
                {
                    result = RestoreResults.FromRequest(r, now);
                }
                if (status is null || result.Status == status) results.Add(result);
            }
            return results;
        }

        /// <summary>
        /// The items Exchange skipped for a request, as typed rows: one Get-MailboxRestoreRequestStatistics
        /// -IncludeSkippedItems call, made only when the request's statistics show skipped items (none otherwise).
        /// </summary>
        public IReadOnlyList<SkippedItem> SkippedItems(RestoreResult result)
        {
            if (result is null) throw new ArgumentNullException(nameof(result));
            if (result.ItemsSkipped is not > 0) return Array.Empty<SkippedItem>();
            var identity = result.RequestId != Guid.Empty ? result.RequestId.ToString() : CheckIdentity(result.Identity ?? result.RequestName);
            return _gateway.GetSkippedItems(identity).Select(i => new SkippedItem
            {
                RequestName = result.RequestName,
                RequestId = result.RequestId,
                Source = result.Source,
                Target = result.Target,
                Folder = i.FolderName,
                Subject = i.Subject,
                Sender = i.Sender,
                Date = i.DateReceived ?? i.DateSent,
                Size = i.MessageSize,
                Kind = i.Kind,
                Reason = i.Failure,
            }).ToList();
        }

        /// <summary>Suspend-MailboxRestoreRequest (before it completes). Returns the state afterwards.</summary>
        public RestoreResult Suspend(string identity, string? comment = null)
        {
            identity = CheckIdentity(identity);
            _gateway.Change(ExchangeCommands.Suspend(identity, comment),
                () => _gateway.GetRequest(identity) is { } r && (r.Suspend || StatusMapper.Map(r).Status == OperationStatus.Suspended));
            return GetStatus(identity);
        }

        /// <summary>
        /// Resume-MailboxRestoreRequest: continues a Suspended, AutoSuspended or Failed request. With
        /// <paramref name="approveSkippedItemsUpTo"/> first approves the items Exchange skipped up to that time, which a
        /// request that failed on bad items (or whose data consistency score is Investigate) needs before a resume can complete.
        /// </summary>
        public RestoreResult Resume(string identity, DateTime? approveSkippedItemsUpTo = null)
        {
            identity = CheckIdentity(identity);
            if (approveSkippedItemsUpTo is { } at) ApproveSkippedItems(identity, at);
            _gateway.Change(ExchangeCommands.Resume(identity), () => _gateway.GetRequest(identity) is { } r && !r.Suspend
                && StatusMapper.Map(r).Status is not (OperationStatus.Suspended or OperationStatus.Failed));
            return GetStatus(identity);
        }

        /// <summary>Set-MailboxRestoreRequest -SkippedItemApprovalTime. "Already applied?" = the statistics show an approval time at least that late.</summary>
        public void ApproveSkippedItems(string identity, DateTime approveUpTo)
        {
            identity = CheckIdentity(identity);
            var at = Utc(approveUpTo);
            _gateway.Change(ExchangeCommands.ApproveSkippedItems(identity, at),
                () => _gateway.GetStatistics(identity, rereadFailedWithReport: false).SkippedItemApprovalTime is { } t && Utc(t) >= at.AddSeconds(-1));
        }

        /// <summary>
        /// The approval time for <see cref="Resume"/>: now (UTC), or the request's failure time when Exchange's clock is
        /// ahead of ours (an approval before the failure would not cover the items skipped).
        /// </summary>
        public DateTime SkippedItemApprovalTime(SkippedItemsCheck? check)
        {
            var now = Utc(_clock.UtcNow);
            return check?.FailureTimestamp is { } failed && Utc(failed) > now ? Utc(failed) : now;
        }

        /// <summary>
        /// Whether a resume of <paramref name="request"/> can complete without more: for a Failed request one
        /// Get-MailboxRestoreRequestStatistics call reads FailureType, StatusDetail and DataConsistencyScore; any
        /// other state costs no call and needs nothing.
        /// </summary>
        public SkippedItemsCheck CheckSkippedItems(ExchangeRestoreRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (!string.Equals(request.Status, "Failed", StringComparison.OrdinalIgnoreCase)) return SkippedItemsCheck.Nothing;
            return SkippedItemsCheck.From(_gateway.GetStatistics(ExchangeGateway.IdentityOf(request), rereadFailedWithReport: false));
        }

        private static DateTime Utc(DateTime d) => d.Kind switch
        {
            DateTimeKind.Local => d.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            _ => d,
        };

        /// <summary>
        /// Refuses (RequestStateException RequestAlreadyFinished) to cancel a request Exchange has finished
        /// (Completed, CompletedWithWarning, Failed): there is nothing to stop; Remove-InactiveRestore removes it.
        /// </summary>
        public static void EnsureCancellable(ExchangeRestoreRequest request)
        {
            if (StatusMapper.IsExchangeFinal(request.Status))
                throw new RequestStateException(RequestStateException.AlreadyFinished, request.Identity ?? request.Name,
                    $"Restore request '{request.Name}' has already finished ({request.Status}); there is nothing to stop.",
                    "Use Remove-InactiveRestore to remove a finished request (the restored content stays in the target); Resume-InactiveRestore continues a Failed one.");
        }

        /// <summary>
        /// Refuses (RequestStateException RequestAlreadyFinished) to suspend a request Exchange has finished (Completed,
        /// CompletedWithWarning, Failed): there is nothing to pause, and Exchange would answer with its own error.
        /// </summary>
        public static void EnsureSuspendable(ExchangeRestoreRequest request)
        {
            if (StatusMapper.IsExchangeFinal(request.Status))
                throw new RequestStateException(RequestStateException.AlreadyFinished, request.Identity ?? request.Name,
                    $"Restore request '{request.Name}' has already finished ({request.Status}); there is nothing to suspend.",
                    "Get-InactiveRestore shows its final state; Remove-InactiveRestore removes a finished request (the restored content stays in the target); Resume-InactiveRestore continues a Failed one.");
        }

        /// <summary>Whether Resume-MailboxRestoreRequest can continue the request: Suspended (also AutoSuspended) or Failed.</summary>
        public static bool IsResumable(ExchangeRestoreRequest request) =>
            request.Suspend || StatusMapper.Map(request).Status is OperationStatus.Suspended or OperationStatus.Failed;

        /// <summary>
        /// Refuses (RequestStateException RequestNotResumable) to resume a request that is neither suspended nor failed:
        /// a completed one has nothing left to resume, a queued or running one is not paused (Exchange would answer with its
        /// own error, or do nothing).
        /// </summary>
        public static void EnsureResumable(ExchangeRestoreRequest request)
        {
            if (IsResumable(request)) return;
            var finished = StatusMapper.IsExchangeFinal(request.Status);
            throw new RequestStateException(RequestStateException.NotResumable, request.Identity ?? request.Name,
                finished
                    ? $"Restore request '{request.Name}' has already completed ({request.Status}); there is nothing to resume."
                    : $"Restore request '{request.Name}' is {request.Status}: it is not suspended or failed, so there is nothing to resume.",
                finished
                    ? "Get-InactiveRestore shows its final state; Complete-InactiveRestore finishes the restore (X500 address, retention hold, requests)."
                    : "Only Suspended, AutoSuspended and Failed requests are resumed; Watch-InactiveRestore follows a queued or running one.");
        }

        /// <summary>Refuses (RequestStateException RequestNotFinished) to remove a request that has not finished.</summary>
        public static void EnsureRemovable(ExchangeRestoreRequest request)
        {
            if (!StatusMapper.IsExchangeFinal(request.Status))
                throw new RequestStateException(RequestStateException.NotFinished, request.Identity ?? request.Name,
                    $"Restore request '{request.Name}' is still {request.Status}; it has not finished, so it is not removed.",
                    "Use Stop-InactiveRestore to cancel an unfinished request (items already copied stay in the target), or wait for it with Watch-InactiveRestore.");
        }

        /// <summary>
        /// Cancels an unfinished request: Remove-MailboxRestoreRequest. Items already copied stay in the target. A finished
        /// request is refused with RequestStateException RequestAlreadyFinished (use <see cref="Remove"/>).
        /// </summary>
        public RestoreResult Cancel(string identity, bool withState = false)
        {
            var result = RemoveChecked(identity, EnsureCancellable, withState);
            result.Status = OperationStatus.Cancelled;
            result.Success = true;
            result.Warnings.Add("The request was removed before it finished; items already copied stay in the target.");
            return result;
        }

        /// <summary>Removes a settled request (Completed, CompletedWithWarning or Failed). An unfinished one is refused with RequestStateException RequestNotFinished (use <see cref="Cancel"/>).</summary>
        public RestoreResult Remove(string identity, bool withState = false)
        {
            var result = RemoveChecked(identity, EnsureRemovable, withState);
            result.Warnings.Add("The request was removed; the restored content stays in the target.");
            return result;
        }

        /// <summary>
        /// Reads the request, lets <paramref name="ensure"/> refuse it, removes it and returns its last state: with
        /// <paramref name="withState"/> its full statistics read just before the removal (one more call, for -PassThru).
        /// </summary>
        private RestoreResult RemoveChecked(string identity, Action<ExchangeRestoreRequest> ensure, bool withState)
        {
            identity = CheckIdentity(identity);
            var request = _gateway.GetRequest(identity) ?? throw new ExchangeException(ExchangeErrorKind.NotFound, $"The restore request '{identity}' was not found.", "Get-MailboxRestoreRequest", identity);
            ensure(request);
            var id = request.RequestGuid != Guid.Empty ? request.RequestGuid.ToString() : identity;
            var last = withState ? GetStatus(id) : RestoreResults.FromRequest(request, _clock.UtcNow);
            _gateway.Change(ExchangeCommands.Remove(id), () => _gateway.GetRequest(id) is null);
            last.Identity ??= request.Identity;
            last.LastUpdatedAt = _clock.UtcNow;
            return last;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Creates and manages restore requests through <see cref="IExchangeClient"/> only.
    /// Change calls carry an "already applied?" check (<see cref="ExchangeCallOptions.FindApplied"/>): when a call's
    /// outcome is unknown (a transient failure after the server may have acted), the check decides, so a change is
    /// never made twice. The service runs the check itself when an error with
    /// <see cref="ExchangeException.OutcomeUnknown"/> reaches it (or any transient error, from a client that is not an
    /// <see cref="IExchangeSession"/> and so has no retry policy of its own).
    /// </summary>
    public sealed class RestoreService
    {
        private readonly IExchangeClient _client;
        private readonly IClock _clock;

        public RestoreService(IExchangeClient client, IClock? clock = null, RestoreEstimator? estimator = null, MonitorOptions? monitorOptions = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _clock = clock ?? SystemClock.Instance;
            Estimator = estimator ?? new RestoreEstimator();
            MonitorOptions = monitorOptions ?? new MonitorOptions();
        }

        public RestoreEstimator Estimator { get; }

        public MonitorOptions MonitorOptions { get; }

        /// <summary>
        /// Runs a validated plan in Microsoft's order: Set-Mailbox -RetentionHoldEnabled (when asked), Set-Mailbox X500
        /// (when missing), New-MailboxRestoreRequest for the primary, then for the archive. One result per planned request;
        /// a request already on the target comes back with <see cref="RestoreResult.AlreadyExisted"/>. A failed preparation
        /// creates no request; a failed New- is reported in its result and the other request is still attempted.
        /// Session loss (SessionExpired, NotConnected) propagates.
        /// </summary>
        public IReadOnlyList<RestoreResult> Create(RestoreRequest request, ValidationResult validation)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (validation is null) throw new ArgumentNullException(nameof(validation));
            if (!validation.IsValid || validation.ResolvedSource is null || validation.ResolvedTarget is null)
                throw new InvalidOperationException("The restore has validation errors: " + string.Join(" ", validation.Errors.Select(e => e.Message)));
            var source = validation.ResolvedSource;
            var target = validation.ResolvedTarget;
            var results = new List<RestoreResult>();

            ExchangeException? preparationFailure = null;
            if (validation.PlannedRequests.Any(p => !p.AlreadyExists))
            {
                try
                {
                    foreach (var command in validation.PreparationCommands) RunPreparation(command, source, target);
                }
                catch (ExchangeException e) when (!IsSessionLoss(e))
                {
                    preparationFailure = e;
                }
            }

            foreach (var planned in validation.PlannedRequests)
            {
                if (planned.AlreadyExists)
                {
                    results.Add(FromExisting(planned, request, source, target));
                    continue;
                }
                if (preparationFailure is not null)
                {
                    results.Add(Failed(planned, request, source, target, preparationFailure,
                        $"The request was not created because preparing the target failed ({preparationFailure.Command}): {preparationFailure.Message}"));
                    continue;
                }
                try
                {
                    results.Add(CreateOne(planned, request, source, target));
                }
                catch (ExchangeException e) when (!IsSessionLoss(e))
                {
                    results.Add(Failed(planned, request, source, target, e, e.Message));
                }
            }
            return results;
        }

        private void RunPreparation(ExchangeCommand command, ExchangeMailbox source, ExchangeMailbox target)
        {
            Func<bool> check;
            if (command.Has("RetentionHoldEnabled"))
                check = () => ReadMailbox(target)?.RetentionHoldEnabled == true;
            else if (command.Has("EmailAddresses") && source.LegacyExchangeDN is { Length: > 0 } dn)
                check = () => ReadMailbox(target)?.HasX500(dn) == true;
            else
                check = () => false;
            InvokeChange(command, Applied(check), out _);
        }

        private ExchangeMailbox? ReadMailbox(ExchangeMailbox mailbox) =>
            _client.Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", mailbox.ExchangeIdentity)).Select(ExchangeMailbox.From).FirstOrDefault();

        private RestoreResult CreateOne(PlannedRequest planned, RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target)
        {
            var command = planned.NewRequestCommand ?? throw new InvalidOperationException($"Planned request '{planned.Name}' has no New-MailboxRestoreRequest command.");
            var output = InvokeChange(command, () => FindByName(target, planned.Name), out var recovered);
            var created = output.Select(ExchangeRestoreRequest.From).FirstOrDefault()
                ?? FindByName(target, planned.Name)?.Select(ExchangeRestoreRequest.From).FirstOrDefault();
            var now = _clock.UtcNow;
            var result = created is null
                ? new RestoreResult { RequestName = planned.Name, Status = OperationStatus.Queued, ExchangeStatus = "Queued" }
                : RestoreResults.FromRequest(created, now);
            Describe(result, planned, request, source, target);
            result.Success = true;
            result.QueuedAt ??= now;
            result.LastUpdatedAt = now;
            if (recovered)
                result.Warnings.Add("The New-MailboxRestoreRequest call's outcome was unknown; the request was found created and was not created again.");
            if (created is null)
                result.Warnings.Add("Exchange returned no request object; use Get-MailboxRestoreRequest to confirm it.");
            return result;
        }

        private RestoreResult FromExisting(PlannedRequest planned, RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target)
        {
            var result = planned.ExistingStatistics is { } stats
                ? RestoreResults.FromStatistics(stats)
                : RestoreResults.FromRequest(planned.ExistingRequest!, _clock.UtcNow);
            Describe(result, planned, request, source, target, keepExchangeValues: true);
            result.AlreadyExisted = true;
            result.RerunNote = $"Request '{planned.Name}' already existed for this source (status {result.ExchangeStatus}); it was not created again.";
            result.Warnings.Add(result.RerunNote);
            if (result.Status == OperationStatus.Failed)
                result.Warnings.Add("It had failed: resume it (Resume-InactiveRestore continues Failed requests), or remove it and restore again.");
            var existingBatch = planned.ExistingRequest?.BatchName ?? planned.ExistingStatistics?.BatchName;
            if (!string.IsNullOrWhiteSpace(request.BatchName)
                && !string.Equals(existingBatch?.Trim(), request.BatchName!.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                result.Warnings.Add(string.IsNullOrWhiteSpace(existingBatch)
                    ? $"Request '{planned.Name}' belongs to no batch, not to '{request.BatchName}': Watch-InactiveRestore -BatchName '{request.BatchName}' will not see it; watch it with -Identity '{result.Identity ?? planned.Name}'."
                    : $"Request '{planned.Name}' belongs to batch '{existingBatch}', not '{request.BatchName}': watch it with Watch-InactiveRestore -BatchName '{existingBatch}' (or -Identity '{result.Identity ?? planned.Name}').");
            }
            return result;
        }

        private RestoreResult Failed(PlannedRequest planned, RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, Exception e, string message)
        {
            var result = new RestoreResult { RequestName = planned.Name, Status = OperationStatus.Failed, Success = false, Error = message, Exception = e, LastUpdatedAt = _clock.UtcNow };
            Describe(result, planned, request, source, target);
            return result;
        }

        private static void Describe(RestoreResult result, PlannedRequest planned, RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, bool keepExchangeValues = false)
        {
            result.RequestName = result.RequestName.Length > 0 ? result.RequestName : planned.Name;
            result.Source = RestoreValidator.Show(source);
            result.SourceExchangeGuid = source.ExchangeGuid;
            result.Target = target.PrimarySmtpAddress ?? RestoreValidator.Show(target);
            result.TargetExchangeGuid = target.ExchangeGuid;
            result.IsArchive = planned.IsArchive;
            if (!keepExchangeValues || result.BatchName is null) result.BatchName ??= request.BatchName;
            if (!keepExchangeValues || result.TargetRootFolder is null) result.TargetRootFolder = planned.TargetRootFolder;
            if (!keepExchangeValues || result.ConflictResolution is null) result.ConflictResolution ??= request.ConflictResolution;
            result.EstimatedBytes ??= planned.EstimatedBytes;
            result.EstimatedItems ??= planned.EstimatedItems;
        }

        /// <summary>The request of that name on the target, as Exchange's objects (null when there is none).</summary>
        private IReadOnlyList<PSObject>? FindByName(ExchangeMailbox target, string name)
        {
            var found = _client.Invoke(RestoreRequestQuery.List().Param("TargetMailbox", target.ExchangeIdentity).Param("Name", name))
                .Where(o => string.Equals(ExchangeRestoreRequest.From(o).Name, name, StringComparison.OrdinalIgnoreCase))
                .ToList();
            return found.Count > 0 ? found : null;
        }

        private static Func<IReadOnlyList<PSObject>?> Applied(Func<bool> check) => () => check() ? Array.Empty<PSObject>() : null;

        /// <summary>
        /// Runs a change call with its "already applied?" check (<paramref name="findApplied"/>: the objects proving the
        /// change happened, or null). The seam's retry policy runs the check before any retry. When an error whose outcome
        /// is unknown still reaches here (or any transient error from a client without a retry policy), the check decides:
        /// applied = success (<paramref name="recovered"/>), otherwise the error propagates.
        /// </summary>
        private IReadOnlyList<PSObject> InvokeChange(ExchangeCommand command, Func<IReadOnlyList<PSObject>?> findApplied, out bool recovered)
        {
            var foundByCheck = false;
            IReadOnlyList<PSObject>? Check()
            {
                var found = findApplied();
                if (found is not null) foundByCheck = true;
                return found;
            }
            try
            {
                var output = _client.Invoke(command, new ExchangeCallOptions { FindApplied = Check });
                recovered = foundByCheck;
                return output;
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Transient && (e.OutcomeUnknown || _client is not IExchangeSession))
            {
                IReadOnlyList<PSObject>? found;
                try { found = Check(); }
                catch (ExchangeException c) when (!IsSessionLoss(c)) { throw e; }
                if (found is null) throw;
                recovered = true;
                return found;
            }
        }

        private static bool IsSessionLoss(ExchangeException e) => e.Kind is ExchangeErrorKind.SessionExpired or ExchangeErrorKind.NotConnected;

        private static string CheckIdentity(string identity)
        {
            if (string.IsNullOrWhiteSpace(identity))
                throw new InvalidInputException("InvalidIdentity", "Identity", identity, "A restore request identity must not be empty (Exchange would take it as 'every request').");
            return identity.Trim();
        }

        /// <summary>
        /// The current state of one request (its RequestGuid or <c>alias\name</c>): Get-MailboxRestoreRequestStatistics,
        /// again with -IncludeReport when it is Failed (to read the last copy progress). NotFound propagates.
        /// </summary>
        public RestoreResult GetStatus(string identity) => GetStatus(identity, includeReport: false);

        /// <summary>
        /// The current state of one request; with <paramref name="includeReport"/> one call with -IncludeReport and the
        /// report's entries in <see cref="RestoreResult.Report"/>.
        /// </summary>
        public RestoreResult GetStatus(string identity, bool includeReport)
        {
            identity = CheckIdentity(identity);
            var stats = Statistics(identity, includeReport);
            if (!includeReport && string.Equals(stats.Status, "Failed", StringComparison.OrdinalIgnoreCase))
                stats = Statistics(identity, includeReport: true);
            Estimator.Observe(stats.BytesTransferredPerMinute);
            var result = RestoreResults.FromStatistics(stats);
            if (includeReport) result.Report = stats.Report?.ToList() ?? new List<ExchangeReportEntry>();
            return result;
        }

        /// <summary>
        /// The requests an identity names (<see cref="RequestIdentity"/>): a RequestGuid or <c>alias\name</c> with
        /// <c>Get-MailboxRestoreRequest -Identity</c> (not found = ExchangeException NotFound), a bare name with the
        /// <c>-Name</c> filter (nothing found = NotFound; several targets = several requests). Never an empty identity.
        /// </summary>
        public IReadOnlyList<ExchangeRestoreRequest> Find(RequestIdentityInfo identity)
        {
            if (identity is null) throw new ArgumentNullException(nameof(identity));
            var cmd = identity.Kind == RequestIdentityKind.Name
                ? RestoreRequestQuery.List().Param("Name", identity.Value)
                : new ExchangeCommand("Get-MailboxRestoreRequest").Param("Identity", CheckIdentity(identity.Value));
            var found = _client.Invoke(cmd).Select(ExchangeRestoreRequest.From)
                .Where(r => identity.Kind != RequestIdentityKind.Name || string.Equals(r.Name, identity.Value, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (found.Count == 0)
                throw new ExchangeException(ExchangeErrorKind.NotFound, $"No restore request named '{identity.Value}' was found.", cmd.Name, identity.Value);
            return found;
        }

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

        /// <summary>The Exchange identity to use for a found request: its RequestGuid when known.</summary>
        public static string IdentityOf(ExchangeRestoreRequest request) =>
            request.RequestGuid != Guid.Empty ? request.RequestGuid.ToString() : request.Identity ?? request.Name;

        /// <summary>The current state of every request an identity names (with the report when asked).</summary>
        public IReadOnlyList<RestoreResult> Get(RequestIdentityInfo identity, bool includeReport = false)
        {
            var results = new List<RestoreResult>();
            foreach (var r in Find(identity))
            {
                var result = GetStatus(IdentityOf(r), includeReport);
                result.Identity ??= r.Identity;
                result.Source ??= r.SourceMailbox;
                result.Target ??= r.TargetMailbox;
                results.Add(result);
            }
            return results;
        }

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

        /// <summary>Refuses (RequestStateException RequestNotFinished) to remove a request that has not finished.</summary>
        public static void EnsureRemovable(ExchangeRestoreRequest request)
        {
            if (!StatusMapper.IsExchangeFinal(request.Status))
                throw new RequestStateException(RequestStateException.NotFinished, request.Identity ?? request.Name,
                    $"Restore request '{request.Name}' is still {request.Status}; it has not finished, so it is not removed.",
                    "Use Stop-InactiveRestore to cancel an unfinished request (items already copied stay in the target), or wait for it with Watch-InactiveRestore.");
        }

        private ExchangeRestoreRequestStatistics Statistics(string identity, bool includeReport)
        {
            var cmd = new ExchangeCommand("Get-MailboxRestoreRequestStatistics").Param("Identity", identity).Switch("IncludeReport", includeReport);
            return _client.Invoke(cmd).Select(ExchangeRestoreRequestStatistics.From).FirstOrDefault()
                ?? throw new ExchangeException(ExchangeErrorKind.NotFound, $"The restore request '{identity}' was not found.", cmd.Name, identity);
        }

        /// <summary>
        /// Lists requests by batch and/or target (one Get-MailboxRestoreRequest), with statistics per request when
        /// <paramref name="includeStatistics"/>; <paramref name="status"/> filters on the mapped status. With neither
        /// batch nor target it lists every restore request of the tenant (a deliberate listing, never an empty identity).
        /// </summary>
        public IReadOnlyList<RestoreResult> List(string? batchName = null, string? targetMailbox = null, OperationStatus? status = null, bool includeStatistics = true)
            => List(batchName, targetMailbox, status, includeStatistics, moduleNamedOnly: false);

        /// <summary>
        /// As <see cref="List(string, string, OperationStatus?, bool)"/>; with <paramref name="moduleNamedOnly"/> only
        /// requests whose names follow the module's naming (<see cref="RequestNaming.Prefix"/>) are kept, before any
        /// statistics are read (requests of other tools cost no call). <paramref name="includeReport"/> reads each
        /// request's statistics with -IncludeReport (<see cref="RestoreResult.Report"/>).
        /// </summary>
        public IReadOnlyList<RestoreResult> List(string? batchName, string? targetMailbox, OperationStatus? status, bool includeStatistics, bool moduleNamedOnly, bool includeReport = false)
        {
            var cmd = RestoreRequestQuery.List().ParamIf("BatchName", batchName?.Trim()).ParamIf("TargetMailbox", targetMailbox?.Trim());
            var now = _clock.UtcNow;
            var results = new List<RestoreResult>();
            foreach (var r in _client.Invoke(cmd).Select(ExchangeRestoreRequest.From))
            {
                if (moduleNamedOnly && !RequestNaming.IsModuleName(r.Name)) continue;
                RestoreResult result;
                if (includeStatistics)
                {
                    try { result = GetStatus(IdentityOf(r), includeReport); }
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

        /// <summary>Suspend-MailboxRestoreRequest (before it completes). Returns the state afterwards.</summary>
        public RestoreResult Suspend(string identity, string? comment = null)
        {
            identity = CheckIdentity(identity);
            var cmd = new ExchangeCommand("Suspend-MailboxRestoreRequest").Param("Identity", identity).ParamIf("SuspendComment", comment).Param("Confirm", false);
            InvokeChange(cmd, Applied(() => ReadRequest(identity) is { } r && (r.Suspend || StatusMapper.Map(r).Status == OperationStatus.Suspended)), out _);
            return GetStatus(identity);
        }

        /// <summary>Resume-MailboxRestoreRequest: continues a Suspended, AutoSuspended or Failed request. Returns the state afterwards.</summary>
        public RestoreResult Resume(string identity) => Resume(identity, approveSkippedItemsUpTo: null);

        /// <summary>
        /// As <see cref="Resume(string)"/>; with <paramref name="approveSkippedItemsUpTo"/> first approves the items
        /// Exchange skipped up to that time (<see cref="ApproveSkippedItems"/>), which a request that failed on bad
        /// items (or whose data consistency score is Investigate) needs before a resume can complete.
        /// </summary>
        public RestoreResult Resume(string identity, DateTime? approveSkippedItemsUpTo)
        {
            identity = CheckIdentity(identity);
            if (approveSkippedItemsUpTo is { } at) ApproveSkippedItems(identity, at);
            var cmd = ResumeCommand(identity);
            InvokeChange(cmd, Applied(() => ReadRequest(identity) is { } r && !r.Suspend
                && StatusMapper.Map(r).Status is not (OperationStatus.Suspended or OperationStatus.Failed)), out _);
            return GetStatus(identity);
        }

        /// <summary>Resume-MailboxRestoreRequest -Identity x.</summary>
        public static ExchangeCommand ResumeCommand(string identity) =>
            new ExchangeCommand("Resume-MailboxRestoreRequest").Param("Identity", identity);

        /// <summary>Set-MailboxRestoreRequest -Identity x -SkippedItemApprovalTime t (t in UTC).</summary>
        public static ExchangeCommand ApprovalCommand(string identity, DateTime approveUpTo) =>
            new ExchangeCommand("Set-MailboxRestoreRequest").Param("Identity", identity).Param("SkippedItemApprovalTime", Utc(approveUpTo));

        /// <summary>
        /// Set-MailboxRestoreRequest -SkippedItemApprovalTime: approves the items Exchange skipped up to
        /// <paramref name="approveUpTo"/>. "Already applied?" = the statistics show an approval time at least that late.
        /// </summary>
        public void ApproveSkippedItems(string identity, DateTime approveUpTo)
        {
            identity = CheckIdentity(identity);
            var at = Utc(approveUpTo);
            InvokeChange(ApprovalCommand(identity, at), Applied(() => Statistics(identity, includeReport: false).SkippedItemApprovalTime is { } t
                && Utc(t) >= at.AddSeconds(-1)), out _);
        }

        /// <summary>
        /// The approval time for <see cref="Resume(string, DateTime?)"/>: now (UTC), or the request's failure time when
        /// Exchange's clock is ahead of ours (an approval before the failure would not cover the items skipped).
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
            return SkippedItemsCheck.From(Statistics(IdentityOf(request), includeReport: false));
        }

        private static DateTime Utc(DateTime d) => d.Kind switch
        {
            DateTimeKind.Local => d.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            _ => d,
        };

        /// <summary>
        /// Cancels an unfinished request: Remove-MailboxRestoreRequest. Items already copied stay in the target.
        /// A finished request (Completed, CompletedWithWarning, Failed) is refused with RequestStateException
        /// RequestAlreadyFinished (use <see cref="Remove"/>).
        /// </summary>
        public RestoreResult Cancel(string identity)
        {
            var result = RemoveChecked(identity, EnsureCancellable);
            result.Status = OperationStatus.Cancelled;
            result.Success = true;
            result.Warnings.Add("The request was removed before it finished; items already copied stay in the target.");
            return result;
        }

        /// <summary>Removes a settled request (Completed, CompletedWithWarning or Failed). An unfinished one is refused with RequestStateException RequestNotFinished (use <see cref="Cancel"/>).</summary>
        public RestoreResult Remove(string identity)
        {
            var result = RemoveChecked(identity, EnsureRemovable);
            result.Warnings.Add("The request was removed; the restored content stays in the target.");
            return result;
        }

        /// <summary>Reads the request, lets <paramref name="ensure"/> refuse it, removes it and returns its last state.</summary>
        private RestoreResult RemoveChecked(string identity, Action<ExchangeRestoreRequest> ensure)
        {
            identity = CheckIdentity(identity);
            var request = ReadRequest(identity) ?? throw new ExchangeException(ExchangeErrorKind.NotFound, $"The restore request '{identity}' was not found.", "Get-MailboxRestoreRequest", identity);
            ensure(request);
            RemoveRequest(request, identity);
            return RestoreResults.FromRequest(request, _clock.UtcNow);
        }

        private void RemoveRequest(ExchangeRestoreRequest request, string identity)
        {
            var id = request.RequestGuid != Guid.Empty ? request.RequestGuid.ToString() : identity;
            var cmd = new ExchangeCommand("Remove-MailboxRestoreRequest").Param("Identity", id).Param("Confirm", false);
            InvokeChange(cmd, Applied(() => ReadRequest(id) is null), out _);
        }

        private ExchangeRestoreRequest? ReadRequest(string identity)
        {
            try
            {
                return _client.Invoke(new ExchangeCommand("Get-MailboxRestoreRequest").Param("Identity", identity)).Select(ExchangeRestoreRequest.From).FirstOrDefault();
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound)
            {
                return null;
            }
        }

        /// <summary>
        /// Watches the requests until each settles, the timeout passes (default 1 hour: returns the current states with
        /// TimedOut) or <paramref name="cancellationToken"/> is cancelled. See <see cref="OperationMonitor"/>.
        /// </summary>
        public MonitorOutcome WaitForCompletion(IEnumerable<RestoreResult> requests, TimeSpan? timeout = null,
            CancellationToken cancellationToken = default, Action<OperationProgress>? onChange = null)
        {
            var monitor = new OperationMonitor(_client, _clock, MonitorOptions, Estimator);
            monitor.StartMonitoring(requests);
            return monitor.Poll(onChange, timeout ?? TimeSpan.FromHours(1), cancellationToken);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>What running one step ended with.</summary>
    internal enum StepOutcomeKind
    {
        /// <summary>A preparation change was made (or found already made).</summary>
        Applied,
        /// <summary>A restore request was created.</summary>
        Created,
        /// <summary>A request already there (or created by an earlier pair of the run) was returned.</summary>
        Reused,
        /// <summary>The step failed with an Exchange error, or was not run because an earlier step of the pair failed.</summary>
        Failed,
        /// <summary>
        /// Exchange refused the pair's X500 address because another recipient holds it: the pair is refused
        /// (<see cref="StepOutcome.Issue"/>, ProxyAddressInUse, also added to its findings) and nothing more is run for it.
        /// </summary>
        Refused,
    }

    /// <summary>The typed outcome of one step: for request steps the request's <see cref="RestoreResult"/>.</summary>
    internal sealed class StepOutcome
    {
        public StepOutcome(PlanStep step, StepOutcomeKind kind, RestoreResult? result = null, ExchangeException? error = null, string? note = null,
            ValidationIssue? issue = null)
        {
            Step = step;
            Kind = kind;
            Result = result;
            Error = error;
            Note = note;
            Issue = issue;
        }

        public PlanStep Step { get; }
        public StepOutcomeKind Kind { get; }
        public RestoreResult? Result { get; }
        /// <summary>The Exchange error behind a failure (the failed step's own, or the preparation's that stopped it).</summary>
        public ExchangeException? Error { get; }
        /// <summary>A remark for the Verbose stream (e.g. that a request was reused, not created again).</summary>
        public string? Note { get; }
        /// <summary>Why the pair was refused (<see cref="StepOutcomeKind.Refused"/>): the finding Test-InactiveRestore would show.</summary>
        public ValidationIssue? Issue { get; }
    }

    /// <summary>
    /// Runs a pair's steps in order through the gateway. A failed preparation step creates no request; a failed New- is
    /// reported in its outcome and the other request is still attempted. Session loss (SessionExpired, NotConnected)
    /// propagates: nothing more can be sent. A preparation step the pairs into one target share runs once (at the first
    /// of them, before its first New-); the others reuse its outcome. <see cref="Admit"/> narrows the shared X500 step
    /// to the pairs that are run. When Exchange refuses the X500 call because another recipient holds one of its
    /// addresses (<see cref="ProxyAddressConflict"/>), the pairs needing that address are refused (ProxyAddressInUse) and
    /// the call is sent again with the other addresses: one extra Set-Mailbox per conflicting address. Any other
    /// permanent refusal of a call adding several addresses makes the executor add them one by one, so only the pairs
    /// whose address is refused fail.
    /// </summary>
    internal sealed class PlanExecutor
    {
        private readonly IExchangeGateway _gateway;
        private readonly IClock _clock;
        private readonly Dictionary<CreateRequestStep, RestoreResult> _created = new();
        // Shared preparation steps already run: per address (one empty key for other steps) null = applied, else the error.
        private readonly Dictionary<PlanStep, Dictionary<string, ExchangeException?>> _ran = new();
        // X500 addresses Exchange refused because another recipient holds them, per step and LegacyExchangeDN.
        private readonly Dictionary<PlanStep, Dictionary<string, ProxyAddressConflict>> _refused = new();

        public PlanExecutor(IExchangeGateway gateway, IClock? clock = null)
        {
            _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
            _clock = clock ?? SystemClock.Instance;
        }

        /// <summary>The pairs that will be run (approved): the shared X500 steps add only their addresses.</summary>
        public void Admit(IReadOnlyCollection<PairPlan> pairs)
        {
            var run = new HashSet<PairPlan>(pairs);
            foreach (var step in pairs.SelectMany(p => p.Steps).OfType<AddX500AddressStep>().Distinct()) step.Restrict(run);
        }

        /// <summary>The rows of a pair -MaxActive deferred: one per planned request, Status Deferred, Success false, no error.</summary>
        public IReadOnlyList<RestoreResult> DeferredResults(PairPlan pair) =>
            pair.Findings.PlannedRequests.Select(planned =>
            {
                var r = new RestoreResult { RequestName = planned.Name, Status = OperationStatus.Deferred, Success = false, LastUpdatedAt = _clock.UtcNow };
                RestoreResults.Describe(r, pair, planned);
                return r;
            }).ToList();

        public IReadOnlyList<StepOutcome> Execute(PairPlan pair)
        {
            if (pair is null) throw new ArgumentNullException(nameof(pair));
            if (!pair.IsValid || pair.Source is null || pair.Target is null)
                throw new InvalidOperationException("The restore has validation errors: " + string.Join(" ", pair.Findings.Errors.Select(e => e.Message)));
            var outcomes = new List<StepOutcome>();
            ExchangeException? preparationFailure = null;
            foreach (var step in pair.Steps)
            {
                try
                {
                    switch (step)
                    {
                        case ReuseRequestStep reuse:
                            outcomes.Add(Reuse(pair, reuse));
                            break;
                        case CreateRequestStep create when preparationFailure is not null:
                            outcomes.Add(new StepOutcome(step, StepOutcomeKind.Failed, Failed(pair, create.Request!,
                                $"The request was not created because preparing the target failed ({preparationFailure.Command}): {preparationFailure.Message}"), preparationFailure));
                            break;
                        case CreateRequestStep create:
                            outcomes.Add(Create(pair, create));
                            break;
                        default:
                            if (preparationFailure is not null) break;
                            var failed = Prepare(pair, step);
                            if (Refusal(pair, step) is { } refused)
                            {
                                // The pair is refused as the pre-check would have refused it; its other steps are not run.
                                outcomes.Add(new StepOutcome(step, StepOutcomeKind.Refused, issue: refused));
                                return outcomes;
                            }
                            if (failed is not null) throw failed;
                            outcomes.Add(new StepOutcome(step, StepOutcomeKind.Applied));
                            break;
                    }
                }
                catch (ExchangeException e) when (!ExchangeGateway.IsSessionLoss(e))
                {
                    if (step is CreateRequestStep create)
                        outcomes.Add(new StepOutcome(step, StepOutcomeKind.Failed, Failed(pair, create.Request!, e.Message), e));
                    else
                    {
                        preparationFailure = e;
                        outcomes.Add(new StepOutcome(step, StepOutcomeKind.Failed, error: e));
                    }
                }
            }
            return outcomes;
        }

        /// <summary>Runs a preparation step once per invocation; returns the error that concerns <paramref name="pair"/>, if any.</summary>
        private ExchangeException? Prepare(PairPlan pair, PlanStep step)
        {
            var x500 = step as AddX500AddressStep;
            var mine = x500?.DnsOf(pair) ?? new[] { string.Empty };
            if (!_ran.TryGetValue(step, out var byAddress))
            {
                _ran[step] = byAddress = new Dictionary<string, ExchangeException?>(StringComparer.OrdinalIgnoreCase);
                if (x500 is not null) AddAddresses(x500, x500.LegacyDns, byAddress);
                else
                {
                    try
                    {
                        _gateway.Change(step.Command!, () => step.AlreadyApplied(_gateway));
                        byAddress[string.Empty] = null;
                    }
                    catch (ExchangeException e) when (!ExchangeGateway.IsSessionLoss(e))
                    {
                        byAddress[string.Empty] = e;
                    }
                }
            }
            // An address that joined the shared step after it ran (a pair planned later) is added on its own.
            if (x500 is not null)
            {
                var late = mine.Where(d => !byAddress.ContainsKey(d) && !IsRefused(x500, d)).ToList();
                if (late.Count > 0) AddAddresses(x500, late, byAddress);
            }
            return mine.Select(dn => byAddress.TryGetValue(dn, out var e) ? e : null).FirstOrDefault(e => e is not null);
        }

        /// <summary>
        /// One Set-Mailbox adding <paramref name="dns"/>. An address Exchange refuses because another recipient holds it is
        /// set aside (<see cref="_refused"/>) and the call is sent again with the others; any other permanent refusal of
        /// several addresses is retried one address per call; otherwise the error is every address's.
        /// </summary>
        private void AddAddresses(AddX500AddressStep step, IReadOnlyList<string> dns, Dictionary<string, ExchangeException?> byAddress)
        {
            var remaining = dns.ToList();
            while (remaining.Count > 0)
            {
                try
                {
                    var sending = remaining.ToList();
                    _gateway.Change(step.CommandFor(sending), () => step.AllApplied(_gateway, sending));
                    foreach (var dn in sending) byAddress[dn] = null;
                    return;
                }
                catch (ExchangeException e) when (!ExchangeGateway.IsSessionLoss(e))
                {
                    if (ProxyAddressConflict.From(e) is { } conflict && remaining.FirstOrDefault(conflict.IsX500Of) is { } taken)
                    {
                        if (!_refused.TryGetValue(step, out var refused)) _refused[step] = refused = new(StringComparer.OrdinalIgnoreCase);
                        refused[taken] = conflict;
                        remaining.Remove(taken);
                        continue;
                    }
                    if (remaining.Count > 1 && e.Kind == ExchangeErrorKind.Permanent)
                    {
                        // An error the module cannot attribute to one address must not stop the other pairs into this target.
                        foreach (var dn in remaining) AddAddresses(step, new[] { dn }, byAddress);
                        return;
                    }
                    foreach (var dn in remaining) byAddress[dn] = e;
                    return;
                }
            }
        }

        private bool IsRefused(AddX500AddressStep step, string dn) => _refused.TryGetValue(step, out var r) && r.ContainsKey(dn);

        /// <summary>
        /// The ProxyAddressInUse finding of a pair whose X500 address Exchange refused (added to its findings, as the
        /// pre-check adds it), or null when none of its addresses was refused.
        /// </summary>
        private ValidationIssue? Refusal(PairPlan pair, PlanStep step)
        {
            if (step is not AddX500AddressStep x500 || !_refused.TryGetValue(step, out var refused)) return null;
            var dn = x500.DnsOf(pair).FirstOrDefault(refused.ContainsKey);
            if (dn is null) return null;
            var conflict = refused[dn];
            return PairRules.AddressInUse(pair.Findings, "X500:" + dn, $"'{conflict.Holder}'", conflict.Holder, x500.Target, refused: true);
        }

        private StepOutcome Create(PairPlan pair, CreateRequestStep step)
        {
            var planned = step.Request!;
            var (created, recovered) = _gateway.NewRequest(step.Command!, step.Target.ExchangeIdentity, planned.Name);
            var now = _clock.UtcNow;
            var result = created is null
                ? new RestoreResult { RequestName = planned.Name, Status = OperationStatus.Queued, ExchangeStatus = "Queued" }
                : RestoreResults.FromRequest(created, now);
            RestoreResults.Describe(result, pair, planned);
            result.Success = true;
            if (result.Status == OperationStatus.Queued) result.PercentComplete ??= 0; // just created: nothing copied yet
            result.QueuedAt ??= now;
            result.LastUpdatedAt = now;
            if (recovered)
                result.Warnings.Add("The New-MailboxRestoreRequest call's outcome was unknown; the request was found created and was not created again.");
            if (created is null)
                result.Warnings.Add("Exchange returned no request object; use Get-MailboxRestoreRequest to confirm it.");
            _created[step] = result;
            return new StepOutcome(step, StepOutcomeKind.Created, result);
        }

        private StepOutcome Reuse(PairPlan pair, ReuseRequestStep step)
        {
            var planned = step.Request!;
            RestoreResult result;
            if (step.Earlier is { } earlier)
            {
                if (!_created.TryGetValue(earlier, out var first))
                    return new StepOutcome(step, StepOutcomeKind.Failed, Failed(pair, planned,
                        $"Request '{planned.Name}' was to be created by an earlier pair of this run, which did not create it."));
                result = first.Clone();
            }
            else
            {
                // A re-run answered from the batch listing reads no statistics (settled and running requests alike: the
                // row carries the listing's status, CompletedUnchecked for a Completed one, and no percentage). Only a
                // request that needs an admin (Failed, AutoSuspended) is read, for Exchange's reason and the remedy.
                var stats = step.Statistics;
                if (stats is null && step.Existing is { } listed && NeedsAdmin(listed.Status))
                {
                    try { stats = _gateway.GetStatistics(ExchangeGateway.IdentityOf(listed)); }
                    catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.NotFound or ExchangeErrorKind.Transient) { stats = null; }
                }
                result = stats is not null
                    ? RestoreResults.FromStatistics(stats)
                    : RestoreResults.FromRequest(step.Existing!, _clock.UtcNow);
            }
            RestoreResults.Describe(result, pair, planned, keepExchangeValues: true);
            if (string.IsNullOrEmpty(result.TargetRootFolder)) result.TargetRootFolder = null; // not read: the listing does not carry it
            result.AlreadyExisted = true;
            var note = $"Request '{planned.Name}' already existed for this source (status {result.ExchangeStatus}); it was not created again.";
            var existingBatch = step.Existing?.BatchName ?? step.Statistics?.BatchName ?? (step.Earlier is null ? null : pair.Input.BatchName);
            var batch = pair.Input.BatchName;
            if (!string.IsNullOrWhiteSpace(batch) && !string.Equals(existingBatch?.Trim(), batch!.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                result.Warnings.Add(string.IsNullOrWhiteSpace(existingBatch)
                    ? $"The request belongs to no batch, not to '{batch}': Watch-InactiveRestore -BatchName '{batch}' will not see it; watch it with -Identity '{result.Identity ?? planned.Name}'."
                    : $"The request belongs to batch '{existingBatch}', not '{batch}': watch it with Watch-InactiveRestore -BatchName '{existingBatch}' (or -Identity '{result.Identity ?? planned.Name}').");
            }
            return new StepOutcome(step, StepOutcomeKind.Reused, result, note: note);
        }

        /// <summary>Exchange statuses after which the request waits for an admin: Failed, AutoSuspended.</summary>
        private static bool NeedsAdmin(string? status) =>
            string.Equals(status, "Failed", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "AutoSuspended", StringComparison.OrdinalIgnoreCase);

        private RestoreResult Failed(PairPlan pair, PlannedRequest planned, string message)
        {
            var result = new RestoreResult { RequestName = planned.Name, Status = OperationStatus.Failed, Success = false, Error = message, LastUpdatedAt = _clock.UtcNow };
            RestoreResults.Describe(result, pair, planned);
            return result;
        }
    }
}

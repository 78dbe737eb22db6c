using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Turns the pairs of one Start-/Test-InactiveRestore invocation into a <see cref="RestorePlan"/>: per pair its findings
    /// and ordered steps, in Microsoft's order (X500 address, retention hold, primary request, archive request). The pairs
    /// share one <see cref="PlanContext"/>: a target's request listing and measure (sizes and folders) are read once, the space earlier
    /// pairs take in a target counts against it, and a request an earlier pair creates is reused, not created twice.
    /// <see cref="Prepare"/> (with all the pairs) chooses the economical reads: one listing of inactive mailboxes for
    /// more than <see cref="MailboxResolver.PerIdentitySourceLimit"/> sources, one listing per batch (re-runs answered
    /// from it; -MaxActive counts from it). With <see cref="MaxActive"/>, a pair whose new requests would take the
    /// batch's unfinished requests over the bound is <see cref="PairPlan.Deferred"/> before its target is listed or measured.
    /// Nothing is changed in Exchange here.
    /// </summary>
    internal sealed class RestorePlanner
    {
        private readonly PlanContext _context;
        private readonly MailboxResolver _resolver;
        private readonly IClock _clock;
        private readonly RestoreEstimator _estimator;

        public RestorePlanner(IExchangeGateway gateway, IClock? clock = null, RestoreEstimator? estimator = null)
        {
            _context = new PlanContext(gateway ?? throw new ArgumentNullException(nameof(gateway)));
            _resolver = new MailboxResolver(gateway);
            _clock = clock ?? SystemClock.Instance;
            _estimator = estimator ?? new RestoreEstimator();
        }

        /// <summary>At most this many unfinished requests per batch (Start-InactiveRestore -MaxActive); null = no bound.</summary>
        public int? MaxActive { get; set; }

        /// <summary>Plans every pair, in order.</summary>
        public RestorePlan Plan(IEnumerable<RestoreRequest> pairs)
        {
            var list = pairs.ToList();
            Prepare(list);
            var plans = list.Select(PlanPair).ToList();
            CheckAcrossPairs();
            return new(plans);
        }

        /// <summary>
        /// The checks made once for all the pairs planned so far (call it after the last <see cref="PlanPair"/>, before the
        /// findings are shown): who else holds the X500 addresses the pairs need (one Get-Recipient read per 20 addresses);
        /// a pair refused here gets its error among its findings. Test-InactiveRestore and Start-InactiveRestore -WhatIf
        /// call it; Start does not, since Exchange refuses such an address itself and the executor refuses just that pair.
        /// </summary>
        public void CheckAcrossPairs() => PairRules.CheckProxyAddresses(_context);

        /// <summary>
        /// Chooses the reads for the pairs of the invocation (no call here): the inactive-mailbox listing when they name more
        /// than <see cref="MailboxResolver.PerIdentitySourceLimit"/> distinct sources; one listing per batch named (a re-run
        /// is answered from it, -MaxActive counts from it).
        /// </summary>
        public void Prepare(IReadOnlyCollection<RestoreRequest> pairs)
        {
            var valid = pairs.Where(p => p is not null && !string.IsNullOrWhiteSpace(p.SourceMailbox) && !string.IsNullOrWhiteSpace(p.TargetMailbox)).ToList();
            if (valid.Select(p => p.SourceMailbox.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() > MailboxResolver.PerIdentitySourceLimit)
                _resolver.UseInactiveListing = true;
            foreach (var batch in valid.Where(p => !string.IsNullOrWhiteSpace(p.BatchName)).Select(p => p.BatchName!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
                _context.UseBatchListing(batch);
        }

        /// <summary>
        /// Plans one pair within this planner's invocation (earlier pairs' look-ups, space and creations count).
        /// A valid pair's space is reserved for the pairs after it.
        /// </summary>
        public PairPlan PlanPair(RestoreRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (string.IsNullOrWhiteSpace(request.SourceMailbox))
                throw new InvalidInputException("InvalidIdentity", nameof(RestoreRequest.SourceMailbox), request.SourceMailbox, "The source mailbox identity must not be empty.");
            if (string.IsNullOrWhiteSpace(request.TargetMailbox))
                throw new InvalidInputException("InvalidIdentity", nameof(RestoreRequest.TargetMailbox), request.TargetMailbox, "The target mailbox identity must not be empty.");

            var result = new ValidationResult { PlannedAt = _clock.UtcNow };
            var pair = new PairPlan(request, result);
            PairRules.CheckInputs(request, result);

            var source = _resolver.ResolveSource(request.SourceMailbox.Trim(), result);
            var target = _resolver.ResolveTarget(request.TargetMailbox.Trim(), result, source);
            pair.Source = source;
            pair.Target = target;
            result.Source = source is null ? request.SourceMailbox.Trim() : $"{MailboxResolver.Show(source)} ({source.ExchangeGuid})";
            result.Target = target is null ? request.TargetMailbox.Trim() : MailboxResolver.ShowTarget(target);
            result.Pair = $"{(source is null ? request.SourceMailbox.Trim() : source.Alias ?? MailboxResolver.Show(source))} -> {(target is null ? request.TargetMailbox.Trim() : target.Alias ?? MailboxResolver.ShowTarget(target))}";
            result.SourceExchangeGuid = source?.ExchangeGuid;
            result.TargetExchangeGuid = target?.ExchangeGuid;
            if (source is null || target is null) return Finish(pair);

            if (MailboxResolver.IsSame(source, target))
            {
                result.Add(ValidationCodes.TargetIsSource, ValidationSeverity.Error,
                    $"The target '{request.TargetMailbox}' is the inactive source mailbox itself.",
                    "Give an active mailbox as -TargetMailbox.");
                return Finish(pair);
            }

            PairRules.CheckSource(source, result);
            var (wantPrimary, wantArchive) = PairRules.PlanParts(request, source, target, result);
            PairRules.CheckHolds(source, result);

            var rootFolder = request.TargetRootFolder is { Length: > 0 } explicitFolder
                ? explicitFolder.Trim()
                : FolderNames.DefaultTargetRootFolder(source.DisplayName ?? source.Name ?? source.Alias, result.PlannedAt);
            if (MaxActive is { } max && request.BatchName is { Length: > 0 } batch)
            {
                // Requests of the pair not yet in the batch: each would add one unfinished request. A pair that fits in
                // an empty batch always goes (a bound below a pair's request count must not stall the batch forever).
                var parts = new[] { (wantPrimary, false), (wantArchive, true) }.Where(p => p.Item1).Select(p => p.Item2).ToList();
                var missing = parts.Count(a => _context.FindInBatch(batch, RequestNaming.Resolve(request.Name, source, a), target) is null);
                var unfinished = _context.Unfinished(batch);
                if (missing > 0 && unfinished > 0 && unfinished + missing > max)
                {
                    pair.Deferred = true;
                    foreach (var a in parts)
                        result.PlannedRequests.Add(new PlannedRequest { Name = RequestNaming.Resolve(request.Name, source, a), IsArchive = a, TargetRootFolder = a ? FolderNames.ArchiveFolder(rootFolder) : rootFolder });
                    result.Add(ValidationCodes.Deferred, ValidationSeverity.Information,
                        $"Batch '{batch}' keeps {unfinished} unfinished request(s) in Exchange and -MaxActive is {max}: this pair is deferred; nothing was sent for it. Run the same command again later to submit it.");
                    return Finish(pair);
                }
            }

            var requestSteps = new List<PlanStep>();
            if (wantPrimary) requestSteps.Add(RequestPlanning.Plan(_context, request, source, target, false, rootFolder, result));
            if (wantArchive) requestSteps.Add(RequestPlanning.Plan(_context, request, source, target, true, FolderNames.ArchiveFolder(rootFolder), result));
            result.PlannedRequests.AddRange(requestSteps.Select(s => s.Request!));
            pair.Steps.AddRange(requestSteps);

            SpaceCheck.Check(_context, _estimator, request, source, target, pair);
            EarlierRestores.Check(_context, request, source, target, pair);
            PairRules.CheckQuotas(target, pair);

            // Preparation runs only when something will be created, before the first New- call.
            pair.Steps.InsertRange(0, PairRules.Preparation(request, source, target, result, pair.Creates, _context));
            if (pair.IsValid)
            {
                // The pairs into one target share its preparation: one Set-Mailbox for the retention hold, one for every X500 address.
                for (var i = 0; i < pair.Steps.Count; i++)
                {
                    pair.Steps[i] = pair.Steps[i] switch
                    {
                        EnableRetentionHoldStep hold => _context.Share(hold),
                        AddX500AddressStep x500 => _context.Share(x500, pair),
                        var other => other,
                    };
                }
                if (request.BatchName is { Length: > 0 } createdIn) _context.CountCreated(createdIn, pair.Steps.OfType<CreateRequestStep>().Count());
            }
            return Finish(pair);
        }

        private PairPlan Finish(PairPlan pair)
        {
            // A refused pair's steps are never run (Test-InactiveRestore shows none: ValidationResult.Steps is published empty).
            if (pair.IsValid && pair.Target is { } target)
            {
                foreach (var planned in pair.Steps.OfType<CreateRequestStep>().Select(s => s.Request!))
                    _context.Reservations.Reserve(target.ExchangeGuid, planned.IsArchive, planned.QuotaBytes);
            }
            pair.Publish(_context.Gateway.Prefix);
            return pair;
        }
    }
}

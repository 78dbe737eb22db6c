using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Turns the pairs of one Start-/Test-InactiveRestore invocation into a <see cref="RestorePlan"/>: per pair its findings
    /// and ordered steps, in Microsoft's order (retention hold, X500 address, primary request, archive request). The pairs
    /// share one <see cref="PlanContext"/>: a target's request listing and statistics are read once, the space earlier
    /// pairs take in a target counts against it, and a request an earlier pair creates is reused, not created twice.
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

        /// <summary>Plans every pair, in order.</summary>
        public RestorePlan Plan(IEnumerable<RestoreRequest> pairs) => new(pairs.Select(PlanPair).ToList());

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
            var requestSteps = new List<PlanStep>();
            if (wantPrimary) requestSteps.Add(RequestPlanning.Plan(_context, request, source, target, false, rootFolder, result));
            if (wantArchive) requestSteps.Add(RequestPlanning.Plan(_context, request, source, target, true, FolderNames.ArchiveFolder(rootFolder), result));
            result.PlannedRequests.AddRange(requestSteps.Select(s => s.Request!));
            pair.Steps.AddRange(requestSteps);

            SpaceCheck.Check(_context, _estimator, request, source, target, pair);
            PairRules.CheckQuotas(target, pair);

            // Preparation runs only when something will be created, before the first New- call.
            pair.Steps.InsertRange(0, PairRules.Preparation(request, source, target, result, pair.Creates, _context));
            return Finish(pair);
        }

        private PairPlan Finish(PairPlan pair)
        {
            // A refused pair keeps its steps for Test-InactiveRestore to show; the executor never runs them.
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

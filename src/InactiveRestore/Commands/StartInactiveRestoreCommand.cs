using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    [Cmdlet(VerbsLifecycle.Start, "InactiveRestore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RestoreResult))]
    public sealed class StartInactiveRestoreCommand : RestoreCmdletBase
    {
        /// <summary>ErrorId of a row without a batch name under -MaxActive.</summary>
        public const string MaxActiveNeedsBatchErrorId = "MaxActiveNeedsBatchName";

        /// <summary>
        /// Follow the requests to the end like Watch-InactiveRestore: instead of the submitted RestoreResults, write each
        /// request's final RestoreResult as it settles (progress bars, Information per state change).
        /// </summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait follows the requests (default one hour); then the current states are written with a WatchTimedOut error. A TimeSpan ('01:30:00') or a bare number of seconds (-Timeout 5400): a number is never read as ticks.</summary>
        [Parameter]
        [SecondsTimeSpan]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

        /// <summary>
        /// At most this many unfinished requests per batch in Exchange (counted from the batch's listing, plus those this run
        /// creates). Pairs beyond it come back as RestoreResult rows with Status Deferred (nothing sent, no error) and are
        /// submitted by a later run of the same command. Needs a batch name (-BatchName or a BatchName column).
        /// </summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxActive { get; set; }

        /// <summary>With -Wait: how often the requests' statistics are read for the Information progress line when no progress bar is shown (default 5 minutes).</summary>
        [Parameter]
        [SecondsTimeSpan]
        public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Consent to conflict options that can replace target items (KeepSourceItem, UpdateFromSource) without asking.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private readonly List<RestoreResult> _submitted = new();

        // Every valid pair of the invocation, planned together in EndProcessing.
        private readonly List<RestoreRequest> _pairs = new();
        private bool _yesToAll;
        private bool _noToAll;

        private WatchOptions _watchOptions = new();
        private readonly StartSummary _summary = new();

        protected override void BeginProcessing()
        {
            _watchOptions = new WatchOptions { Timeout = Timeout, ProgressInterval = ProgressInterval };
            try
            {
                _watchOptions.Validate();
            }
            catch (InvalidInputException e)
            {
                ThrowExchangeError(e);
            }
        }

        protected override void ProcessRecord()
        {
            var request = BuildRequest();
            _summary.Pairs++;
            var problems = RestoreInput.Check(request).ToList();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxActive)) && string.IsNullOrWhiteSpace(request.BatchName))
                problems.Add(new InvalidInputException(MaxActiveNeedsBatchErrorId, nameof(BatchName), request.ToString(),
                    $"-MaxActive counts the unfinished requests of a batch: give {request} a batch name (-BatchName, or a BatchName column)."));
            if (problems.Count > 0)
            {
                _summary.Refused++;
                foreach (var p in problems) WriteExchangeError(p);
                WriteNarration(RestoreNarration.Refused(request, problems.Select(p => p.ErrorId)), "Restore", "Refused");
                return;
            }
            _pairs.Add(request);
        }

        protected override void EndProcessing()
        {
            try
            {
                Submit();
            }
            finally
            {
                if (_summary.Pairs > 0 && !Stopping) WriteHostLine(_summary.Text, "Summary");
            }
        }

        /// <summary>A line for the host and the Information stream at once (as Write-Host does: tag PSHOST).</summary>
        private void WriteHostLine(string message, string tag) =>
            WriteInformation(new HostInformationMessage { Message = message }, new[] { "PSHOST", "InactiveRestore", tag });

        private void Submit()
        {
            if (_pairs.Count == 0) return;
            // One plan for every pair of the invocation (look-ups shared, space counted together), then its execution.
            var planner = new RestorePlanner(Gateway) { MaxActive = MyInvocation.BoundParameters.ContainsKey(nameof(MaxActive)) ? MaxActive : null };
            planner.Prepare(_pairs);
            var plans = new List<PairPlan>();
            foreach (var request in _pairs)
            {
                if (!TryExchange(() => plans.Add(planner.PlanPair(request)), request)) _summary.Failed++;
            }
            TryExchange(planner.CheckAcrossPairs);
            var executor = new PlanExecutor(Gateway);
            // Every pair is reported and confirmed first, then the approved ones run: a target's shared preparation (one
            // Set-Mailbox for every X500 address the pairs into it need) then adds only the addresses of approved pairs.
            var approved = new List<PairPlan>();
            foreach (var pair in plans)
            {
                if (Approve(executor, pair)) approved.Add(pair);
            }
            executor.Admit(approved);
            foreach (var pair in approved)
            {
                if (!TryExchange(() => Run(executor, pair), pair.Input)) _summary.Failed++;
            }

            if (!Wait || _submitted.Count == 0) return;
            // The summary of the submission comes before the watch's own lines.
            WriteHostLine(_summary.Text, "Summary");
            _summary.Pairs = 0;
            // The shared watch of Watch-InactiveRestore: progress bars, Information per state change, each request's final
            // state as it settles, WatchTimedOut after -Timeout.
            TryExchange(() => new RestoreWatcher(this, Gateway, CancellationToken, _watchOptions).Run(_submitted));
        }

        /// <summary>Writes the pair's findings; true when it is to be run (valid, and confirmed when it creates something).</summary>
        private bool Approve(PlanExecutor executor, PairPlan pair)
        {
            var request = pair.Input;
            foreach (var issue in pair.Findings.Issues)
            {
                switch (issue.Severity)
                {
                    case ValidationSeverity.Error:
                        WriteError(ValidationErrors.ErrorRecordFor(issue, request));
                        break;
                    case ValidationSeverity.Warning:
                        WriteWarning($"{issue.Code}: {issue.Message}" + (issue.Remedy is null ? string.Empty : " " + issue.Remedy));
                        break;
                    default:
                        WriteVerbose($"{issue.Code}: {issue.Message}");
                        break;
                }
            }
            if (!pair.IsValid)
            {
                _summary.Refused++;
                WriteNarration(RestoreNarration.Refused(request, pair.Findings.Errors.Select(e => e.Code)), "Restore", "Refused");
                return false;
            }
            if (pair.Deferred)
            {
                _summary.Deferred++;
                // Not an error: a later run of the same command submits it.
                foreach (var r in executor.DeferredResults(pair)) WriteOutput(r);
                WriteNarration($"Deferred {request}: -MaxActive {MaxActive} leaves no room in batch '{request.BatchName}'; run the same command again later.", "Restore", "Deferred");
                return false;
            }

            if (pair.Creates)
            {
                var description = RestoreNarration.DescribePlan(pair, Gateway.Prefix);
                if (!ShouldProcess(description, description + Environment.NewLine + "Run these commands?", "Start-InactiveRestore"))
                {
                    _summary.NotRun++;
                    return false;
                }
                if (RestoreInput.ReplacesTargetItems(request.ConflictResolution) && !Force)
                {
                    switch (Consent(request))
                    {
                        case false:
                            _summary.NotRun++;
                            return false;
                        case null:
                            _summary.Refused++;
                            return false;
                    }
                }
            }
            return true;
        }

        private void Run(PlanExecutor executor, PairPlan pair)
        {
            var request = pair.Input;
            var outcomes = executor.Execute(pair);
            var reported = new HashSet<Exception>();
            if (outcomes.Any(o => o.Kind == StepOutcomeKind.Failed)) _summary.Failed++;
            else if (outcomes.Any(o => o.Result is not null))
            {
                _summary.Submitted++;
                if (outcomes.Where(o => o.Result is not null).All(o => o.Kind == StepOutcomeKind.Reused)) _summary.Reused++;
            }
            foreach (var outcome in outcomes)
            {
                if (outcome.Kind == StepOutcomeKind.Failed)
                {
                    if (outcome.Error is { } e)
                    {
                        if (reported.Add(e)) WriteExchangeError(e, request);
                    }
                    else if (outcome.Result?.Error is { } why)
                    {
                        WriteError(new ErrorRecord(new InvalidOperationException(why), "RestoreRequestFailed", ErrorCategory.InvalidOperation, request));
                    }
                    continue;
                }
                if (outcome.Result is not { } result) continue;
                if (outcome.Note is { } note) WriteVerbose(note);
                // The idempotent re-run's note is Verbose (AlreadyExisted says it); anything about the request itself is a warning.
                foreach (var w in result.Warnings) WriteWarning(w);
                if (Wait) _submitted.Add(result);
                else WriteOutput(result);
            }
            WriteNarration(RestoreNarration.Submitted(pair, outcomes.Where(o => o.Result is not null).Select(o => o.Result!).ToList()), "Restore", "Submitted");
        }

        /// <summary>
        /// Asks before a conflict option that can replace target items; the default answer is No. True = go on, false = the
        /// user said No (what was not done is said as a warning), null = the host cannot ask (OverwriteConsentRequired).
        /// </summary>
        private bool? Consent(RestoreRequest request)
        {
            if (_yesToAll) return true;
            if (_noToAll) return Declined(request);
            var query = $"-ConflictResolution {request.ConflictResolution} can replace items that are already in '{request.TargetMailbox}' with the inactive mailbox's copies. Restore {request} anyway?";
            try
            {
                var ui = Host?.UI ?? throw new PSInvalidOperationException("The host cannot ask.");
                var choices = new System.Collections.ObjectModel.Collection<ChoiceDescription>
                {
                    new("&Yes", "Restore this pair; items in the target may be replaced."),
                    new("Yes to &All", "Restore this and every later pair of this run that asks the same."),
                    new("&No", "Do not restore this pair: nothing is changed for it."),
                    new("No to A&ll", "Restore none of the pairs of this run that ask the same."),
                };
                // Default: No (index 2): replacing target items is never the answer to an Enter key.
                switch (ui.PromptForChoice("Replace items in the target mailbox?", query, choices, 2))
                {
                    case 0: return true;
                    case 1: _yesToAll = true; return true;
                    case 3: _noToAll = true; return Declined(request);
                    default: return Declined(request);
                }
            }
            catch (Exception e) when (e is PSInvalidOperationException or HostException or PSNotImplementedException or NotImplementedException or InvalidOperationException)
            {
                WriteError(ValidationErrors.ConsentRequired(request));
                WriteNarration(RestoreNarration.Refused(request, new[] { RestoreInput.OverwriteConsentRequired }), "Restore", "Refused");
                return null;
            }
        }

        private bool Declined(RestoreRequest request)
        {
            WriteWarning($"Not restoring {request}: you declined -ConflictResolution {request.ConflictResolution}, so nothing was changed for this pair (no retention hold, no address, no request). " +
                "Run it again with -ConflictResolution KeepAll (never replaces target items), or answer Yes.");
            return false;
        }
    }
}

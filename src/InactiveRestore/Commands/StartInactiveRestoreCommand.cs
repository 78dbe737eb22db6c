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

        private protected override void Begin()
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
                foreach (var p in problems) WriteExchangeError(RefusedPair.Mark(p, request));
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
            // The proxy-address pre-check (Get-Recipient per 20 addresses) only for -WhatIf, which changes nothing and shows the
            // finding up front; a real run leaves it to Exchange, which refuses such an address (the executor then refuses
            // just that pair with ProxyAddressInUse and adds the others' addresses).
            if (WhatIfMode) TryExchange(planner.CheckAcrossPairs);
            var executor = new PlanExecutor(Gateway);
            // Every pair is reported and confirmed first, then the approved ones run: a target's shared preparation (one
            // Set-Mailbox for every X500 address the pairs into it need) then adds only the addresses of approved pairs.
            var approved = new List<PairPlan>();
            foreach (var pair in plans)
            {
                if (Approve(executor, pair)) approved.Add(pair);
            }
            executor.Admit(approved);
            // The rows come in the input order of the pairs: a deferred pair's rows where the pair stands, among the
            // submitted ones (a runbook log is read against the plan line by line).
            var run = new HashSet<PairPlan>(approved);
            foreach (var pair in plans)
            {
                if (pair.Deferred && pair.IsValid) WriteDeferred(executor, pair);
                else if (run.Contains(pair) && !TryExchange(() => Run(executor, pair), pair.Input)) _summary.Failed++;
            }

            if (!Wait || _submitted.Count == 0) return;
            // The summary of the submission comes before the watch's own lines.
            WriteHostLine(_summary.Text, "Summary");
            _summary.Pairs = 0;
            // The shared watch of Watch-InactiveRestore: progress bars, Information per state change, each request's final
            // state as it settles, WatchTimedOut after -Timeout.
            TryExchange(() => new RestoreWatcher(this, Gateway, CancellationToken, _watchOptions).Run(_submitted));
        }

        /// <summary>True under -WhatIf, given or inherited through $WhatIfPreference.</summary>
        private bool WhatIfMode =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given)
                ? LanguagePrimitives.IsTrue(given is SwitchParameter s ? s.IsPresent : given)
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        /// <summary>Writes the pair's findings; true when it is to be run (valid, and confirmed when it creates something).</summary>
        private bool Approve(PlanExecutor executor, PairPlan pair)
        {
            var request = pair.Input;
            foreach (var issue in pair.Findings.Issues)
            {
                switch (issue.Severity)
                {
                    case ValidationSeverity.Error:
                        WriteError(ValidationErrors.ErrorRecordFor(issue, request, RemedyShownApart));
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
                // Not an error: a later run of the same command submits it. Its rows are written in input order (WriteDeferred).
                _summary.Deferred++;
                return false;
            }

            if (pair.Creates)
            {
                var description = RestoreNarration.DescribePlan(pair, Gateway.Prefix);
                switch (TryPrompt(() => ShouldProcess(description, description + Environment.NewLine + "Run these commands?", "Start-InactiveRestore")))
                {
                    case null:
                        _summary.Refused++;
                        WriteError(ValidationErrors.ConfirmationRequired($"Restore {request}", request, RemedyShownApart));
                        WriteNarration(RestoreNarration.Refused(request, new[] { RestoreInput.ConfirmationRequired }), "Restore", "Refused");
                        return false;
                    case false:
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

        private void WriteDeferred(PlanExecutor executor, PairPlan pair)
        {
            foreach (var r in executor.DeferredResults(pair)) WriteOutput(r);
            WriteNarration($"Deferred {pair.Input}: -MaxActive {MaxActive} leaves no room in batch '{pair.Input.BatchName}'; run the same command again later.", "Restore", "Deferred");
        }

        private void Run(PlanExecutor executor, PairPlan pair)
        {
            var request = pair.Input;
            var outcomes = executor.Execute(pair);
            if (outcomes.Where(o => o.Kind == StepOutcomeKind.Refused).Select(o => o.Issue!).ToList() is { Count: > 0 } refusals)
            {
                // Exchange refused the pair's X500 address (another recipient holds it): the same ErrorRecord and tally as
                // the pre-check's refusal; nothing was created for the pair.
                _summary.Refused++;
                foreach (var issue in refusals) WriteError(ValidationErrors.ErrorRecordFor(issue, request));
                WriteNarration(RestoreNarration.Refused(request, refusals.Select(i => i.Code)), "Restore", "Refused");
                return;
            }
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
                // The idempotent re-run's note is Verbose (AlreadyExisted says it); anything about the request itself is a
                // warning naming the request, as Watch-InactiveRestore writes it (Exchange's reason once, one remedy).
                foreach (var w in WatchDisplay.Warnings(result)) WriteWarning(w);
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
            var choices = new System.Collections.ObjectModel.Collection<ChoiceDescription>
            {
                new("&Yes", "Restore this pair; items in the target may be replaced."),
                new("Yes to &All", "Restore this and every later pair of this run that asks the same."),
                new("&No", "Do not restore this pair: nothing is changed for it."),
                new("No to A&ll", "Restore none of the pairs of this run that ask the same."),
            };
            // Default: No (index 2): replacing target items is never the answer to an Enter key. A host that cannot ask
            // (no UI, -NonInteractive, a console without input) gives no answer: the pair is refused.
            var answer = -1;
            var asked = TryPrompt(() =>
            {
                var ui = Host?.UI ?? throw new PSInvalidOperationException("The host cannot ask.");
                answer = ui.PromptForChoice("Replace items in the target mailbox?", query, choices, 2);
                return true;
            });
            if (asked is null)
            {
                WriteError(ValidationErrors.ConsentRequired(request, RemedyShownApart));
                WriteNarration(RestoreNarration.Refused(request, new[] { RestoreInput.OverwriteConsentRequired }), "Restore", "Refused");
                return null;
            }
            switch (answer)
            {
                case 0: return true;
                case 1: _yesToAll = true; return true;
                case 3: _noToAll = true; return Declined(request);
                default: return Declined(request);
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

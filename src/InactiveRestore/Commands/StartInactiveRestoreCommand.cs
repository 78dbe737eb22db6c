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
    /// <summary>
    /// <para type="synopsis">Restores an inactive mailbox into an active mailbox: checks, then submits one Exchange
    /// restore request for the primary mailbox and (when both sides have one) one for the archive.</para>
    /// <para type="description">Per pipeline record: the values are checked before any Exchange call, then the restore is
    /// validated (Test-InactiveRestore); each error stops that pair as a non-terminating error whose ErrorId is the
    /// validation code. Then, in Microsoft's order: retention hold (-EnableRetentionHold), the X500 address, the
    /// New-MailboxRestoreRequest calls. Re-running finds the requests made before and returns them.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "InactiveRestore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RestoreResult), typeof(OperationProgress))]
    public sealed class StartInactiveRestoreCommand : RestoreCmdletBase
    {
        /// <summary>
        /// Follow the requests to the end like Watch-InactiveRestore: instead of the submitted RestoreResults, write each
        /// request's final OperationProgress as it settles (progress bars, Information per state change).
        /// </summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait follows the requests (default one hour); then the current states are written with a WatchTimedOut error. A TimeSpan ('01:30:00') or a bare number of seconds (-Timeout 5400): a number is never read as ticks.</summary>
        [Parameter]
        [SecondsTimeSpan]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Consent to conflict options that can replace target items (KeepSourceItem, UpdateFromSource) without asking.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private readonly List<RestoreResult> _submitted = new();

        // Pairs of one run are checked together: what earlier pairs restore into a target counts against its quota.
        private readonly SpaceReservations _reservations = new();
        private bool _yesToAll;
        private bool _noToAll;

        private WatchOptions _watchOptions = new();

        protected override void BeginProcessing()
        {
            _watchOptions = new WatchOptions { Timeout = Timeout };
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
            var problems = RestoreInput.Check(request);
            if (problems.Count > 0)
            {
                foreach (var p in problems) WriteExchangeError(p);
                WriteNarration(RestoreNarration.Refused(request, problems.Select(p => p.ErrorId)), "Restore", "Refused");
                return;
            }

            TryExchange(() => Restore(request), request);
        }

        private void Restore(RestoreRequest request)
        {
            var validation = new RestoreValidator(ExchangeClient, reservations: _reservations).Validate(request);
            foreach (var issue in validation.Issues)
            {
                switch (issue.Severity)
                {
                    case ValidationSeverity.Error:
                        WriteError(RestoreInput.ErrorRecordFor(issue, request));
                        break;
                    case ValidationSeverity.Warning:
                        WriteWarning($"{issue.Code}: {issue.Message}" + (issue.Remedy is null ? string.Empty : " " + issue.Remedy));
                        break;
                    default:
                        WriteVerbose($"{issue.Code}: {issue.Message}");
                        break;
                }
            }
            if (!validation.IsValid)
            {
                WriteNarration(RestoreNarration.Refused(request, validation.Errors.Select(e => e.Code)), "Restore", "Refused");
                return;
            }

            var creates = validation.PlannedRequests.Any(p => !p.AlreadyExists);
            if (creates)
            {
                var description = RestoreNarration.DescribePlan(request, validation, ExchangeClient.Prefix);
                if (!ShouldProcess(description, description + Environment.NewLine + "Run these commands?", "Start-InactiveRestore", out var reason))
                {
                    // Under -WhatIf the later pairs are checked as if this one had been started, like a real run.
                    if (reason == ShouldProcessReason.WhatIf) _reservations.Reserve(validation);
                    return;
                }
                if (RestoreInput.ReplacesTargetItems(request.ConflictResolution) && !Force && !Consented(request)) return;
            }

            var results = new RestoreService(ExchangeClient).Create(request, validation);
            if (results.Any(r => r.Success && !r.AlreadyExisted)) _reservations.Reserve(validation);
            var reported = new HashSet<Exception>();
            foreach (var result in results)
            {
                foreach (var w in result.Warnings)
                {
                    // The idempotent re-run's note is Verbose; anything else about the request (it had failed, it is stalled) is a warning.
                    if (result.AlreadyExisted && ReferenceEquals(w, result.RerunNote)) WriteVerbose(w);
                    else WriteWarning(w);
                }
                if (!result.Success && !result.AlreadyExisted)
                {
                    if (result.Exception is { } e)
                    {
                        if (reported.Add(e)) WriteExchangeError(e, request);
                    }
                    else
                    {
                        WriteError(new ErrorRecord(new InvalidOperationException(result.Error), "RestoreRequestFailed", ErrorCategory.InvalidOperation, request));
                    }
                    continue;
                }
                if (Wait) _submitted.Add(result);
                else WriteObject(result.ToPSObject());
            }
            WriteNarration(RestoreNarration.Submitted(request, validation, results), "Restore", "Submitted");
        }

        /// <summary>Asks before a conflict option that can replace target items; a host that cannot ask means no.</summary>
        private bool Consented(RestoreRequest request)
        {
            var query = $"-ConflictResolution {request.ConflictResolution} can replace items that are already in '{request.TargetMailbox}' with the inactive mailbox's copies. Restore {request} anyway?";
            try
            {
                if (ShouldContinue(query, "Replace items in the target mailbox?", ref _yesToAll, ref _noToAll)) return true;
                WriteVerbose($"Not restoring {request}: replacing target items was declined.");
                return false;
            }
            catch (Exception e) when (e is PSInvalidOperationException or HostException or PSNotImplementedException or NotImplementedException)
            {
                WriteError(RestoreInput.ConsentRequired(request));
                WriteNarration(RestoreNarration.Refused(request, new[] { RestoreInput.OverwriteConsentRequired }), "Restore", "Refused");
                return false;
            }
        }

        protected override void EndProcessing()
        {
            if (!Wait || _submitted.Count == 0) return;
            // The shared watch of Watch-InactiveRestore: progress bars, Information per state change, each request's final
            // OperationProgress as it settles, WatchTimedOut after -Timeout.
            TryExchange(() => new RestoreWatcher(this, ExchangeClient, CancellationToken, _watchOptions).Run(_submitted));
        }
    }
}

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
    [OutputType(typeof(RestoreResult))]
    public sealed class StartInactiveRestoreCommand : RestoreCmdletBase
    {
        /// <summary>Follow the requests until they finish (or -Timeout), then write their final state.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait follows the requests (default one hour); then the current states are written.</summary>
        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Consent to conflict options that can replace target items (KeepSourceItem, UpdateFromSource) without asking.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private readonly List<RestoreResult> _submitted = new();
        private bool _yesToAll;
        private bool _noToAll;

        protected override void BeginProcessing()
        {
            if (Timeout <= TimeSpan.Zero)
                ThrowExchangeError(new InvalidInputException("InvalidTimeout", nameof(Timeout), Timeout, "-Timeout must be positive."));
        }

        protected override void ProcessRecord()
        {
            var request = BuildRequest();
            var problems = RestoreInput.Check(request);
            if (problems.Count > 0)
            {
                foreach (var p in problems) WriteExchangeError(p);
                return;
            }

            TryExchange(() => Restore(request), request);
        }

        private void Restore(RestoreRequest request)
        {
            var validation = new RestoreValidator(ExchangeClient).Validate(request);
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
            if (!validation.IsValid) return;

            var creates = validation.PlannedRequests.Any(p => !p.AlreadyExists);
            if (creates)
            {
                var description = RestoreNarration.DescribePlan(request, validation, ExchangeClient.Prefix);
                if (!ShouldProcess(description, description + Environment.NewLine + "Run these commands?", "Start-InactiveRestore")) return;
                if (RestoreInput.ReplacesTargetItems(request.ConflictResolution) && !Force && !Consented(request)) return;
            }

            var results = new RestoreService(ExchangeClient).Create(request, validation);
            var reported = new HashSet<Exception>();
            foreach (var result in results)
            {
                if (result.AlreadyExisted)
                {
                    foreach (var w in result.Warnings) WriteVerbose(w);
                }
                else
                {
                    foreach (var w in result.Warnings) WriteWarning(w);
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
                return false;
            }
        }

        protected override void EndProcessing()
        {
            if (!Wait || _submitted.Count == 0) return;
            WaitForRequests();
        }

        private void WaitForRequests()
        {
            var service = new RestoreService(ExchangeClient);
            WriteNarration($"Waiting up to {Timeout} for {_submitted.Count} restore request(s) to finish.", "Restore", "Wait");
            MonitorOutcome? outcome = null;
            TryExchange(() =>
            {
                outcome = service.WaitForCompletion(_submitted, Timeout, CancellationToken, progress =>
                    WriteVerbose($"{progress.RequestName}: {progress.Status} {progress.PercentComplete}% {progress.CurrentItem}"));
            });
            if (outcome is null) return;
            foreach (var result in outcome.Results)
            {
                WriteObject(result.ToPSObject());
                WriteNarration($"Restore request {result.RequestName} ended {result.Status}.", "Restore", "Wait");
            }
            if (outcome.TimedOut)
                WriteWarning($"-Timeout {Timeout} passed before every request finished; the states written are the current ones. Follow them with Watch-InactiveRestore.");
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// The clean finish of restores whose requests have all completed (see <see cref="RestoreCompletion"/>): requests by
    /// -BatchName or -Identity (pipeline by property name: RequestId, Identity), collected over the pipeline and finished
    /// per source and target in EndProcessing. Each change is confirmed (ShouldProcess); a restore that has not finished is
    /// refused (RestoreNotFinished) and nothing is changed for it.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Complete, "InactiveRestore", DefaultParameterSetName = BatchSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RestoreCompletionResult))]
    public sealed class CompleteInactiveRestoreCommand : ExchangeCmdletBase
    {
        private const string BatchSet = "Batch";
        private const string IdentitySet = "Identity";
        private readonly List<ExchangeRestoreRequest> _requests = new();
        private readonly List<string> _missing = new();

        /// <summary>Finish every restore of this batch.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = BatchSet)]
        [ArgumentCompleter(typeof(BatchNameCompleter))]
        public string BatchName { get; set; } = string.Empty;

        /// <summary>A RequestGuid, 'alias\Name' or a request name. No wildcards.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdentitySet)]
        [Alias("RequestId", "RequestGuid", "OperationId")]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(RequestIdentityCompleter))]
        public string Identity { get; set; } = string.Empty;

        /// <summary>Turn the target's retention hold off when no unfinished restore into it remains.</summary>
        [Parameter]
        public SwitchParameter DisableRetentionHold { get; set; }

        /// <summary>Remove the completed restore requests (the restored content stays in the target).</summary>
        [Parameter]
        public SwitchParameter RemoveRequests { get; set; }

        private protected override void Begin()
        {
            if (ParameterSetName != BatchSet) return;
            try { RestoreInput.ThrowIfInvalidBatchName(nameof(BatchName), BatchName); }
            catch (InvalidInputException e) { ThrowExchangeError(e); }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == BatchSet)
            {
                TryExchange(() => _requests.AddRange(Gateway.ListRequests(new RequestFilter(BatchName: BatchName.Trim()))), BatchName);
                return;
            }
            RequestIdentityInfo info;
            try { info = RequestIdentity.Validate(Identity); }
            catch (InvalidInputException e) { WriteExchangeError(e); return; }
            TryExchange(() =>
            {
                try { _requests.AddRange(new RequestControl(Gateway).Find(info)); }
                catch (RequestStateException e) when (e.ErrorId == RequestStateException.NotFound) { _missing.Add(info.Value); }
            }, info.Value);
        }

        protected override void EndProcessing()
        {
            foreach (var gone in _missing)
                WriteWarning($"Restore request '{gone}' was not found: nothing left to do for it (a finished restore whose requests were removed, e.g. by Complete-InactiveRestore -RemoveRequests, leaves none).");
            if (_requests.Count == 0)
            {
                if (ParameterSetName == BatchSet)
                    WriteWarning($"No restore requests found in batch '{BatchName.Trim()}': nothing left to do (a finished restore whose requests were removed, e.g. by Complete-InactiveRestore -RemoveRequests, leaves none; check the batch name with Get-InactiveRestore -All).");
                return;
            }
            var completion = new RestoreCompletion(Gateway);
            IReadOnlyList<FinishedRestore> restores = Array.Empty<FinishedRestore>();
            if (!TryExchange(() => restores = completion.Group(_requests))) return;
            foreach (var restore in restores)
            {
                FinishPlan? plan = null;
                var first = restore.Requests[0];
                if (!TryExchange(() => plan = completion.Plan(restore, DisableRetentionHold, RemoveRequests), first.Identity ?? first.Name) || plan is null) continue;
                var declined = 0;
                var failed = false;
                foreach (var action in plan.Actions)
                {
                    var answer = TryPrompt(() => ShouldProcess(action.Target, action.Description));
                    if (answer is null) WriteError(ValidationErrors.ConfirmationRequired($"{action.Description} ({action.Target})", action.Target, RemedyShownApart));
                    if (answer != true) { declined++; continue; }
                    if (!TryExchange(() => completion.Run(plan, action), action.Target)) { failed = true; break; }
                    WriteNarration($"{plan.Row.Target}: {action.Description}.", "Complete");
                }
                if (failed) continue;
                RestoreCompletion.Settle(plan, declined);
                foreach (var note in plan.Row.Notes.Where(n => n.Contains("Set-RemoteMailbox"))) WriteWarning(note);
                if (plan.Row.Status == CompletionStatus.NothingLeftToDo)
                    WriteNarration($"{plan.Row.Target}: nothing left to do for the restore of {plan.Row.Source}.", "Complete");
                WriteOutput(plan.Row);
            }
        }
    }
}

using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// The shape of Suspend-/Resume-/Stop-/Remove-InactiveRestore: -Identity (RequestGuid, 'alias\Name' or a request
    /// name; from the pipeline by property name RequestId, RequestGuid, OperationId or Identity, so RestoreResult and
    /// RestoreResult objects pipe in), ShouldProcess, -PassThru. Per record: validate the identity
    /// (InvalidRequestIdentity), find the one request (a bare name on several targets: AmbiguousRequestName), run the
    /// state check (refusals before any prompt), prepare (reads and warnings, the action text), confirm, then change through <see cref="RequestControl"/>, which passes
    /// -Confirm:$false to Exchange: this cmdlet does the confirming.
    /// With -BatchName: one Get-MailboxRestoreRequest -BatchName, then each request of the batch the cmdlet can act on
    /// (ShouldProcess per request); the others are left untouched, each named on the Verbose stream (why not), never as
    /// errors, and one warning at the end says how many were left alone, in which states, and why
    /// (<see cref="BatchSkipHint"/>), so that nobody takes the batch for done.
    /// </summary>
    public abstract class RequestChangeCommandBase : ExchangeCmdletBase
    {
        internal const string IdentitySet = "Identity";
        internal const string BatchSet = "Batch";

        /// <summary>A RequestGuid, 'alias\Name' or a request name. No wildcards.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = IdentitySet)]
        [Alias("RequestId", "RequestGuid", "OperationId")]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(RequestIdentityCompleter))]
        public string Identity { get; set; } = string.Empty;

        /// <summary>Every request of this batch the cmdlet can act on (one listing); the others are reported on the Verbose stream.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BatchSet)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(BatchNameCompleter))]
        public string BatchName { get; set; } = string.Empty;

        /// <summary>Write the request's state afterwards (InactiveRestore.RestoreResult).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The ShouldProcess action, e.g. "Suspend the restore request".</summary>
        protected abstract string Action { get; }

        /// <summary>The tag of the Information line (Suspend, Resume, Stop, Remove).</summary>
        protected abstract string Tag { get; }

        /// <summary>Refuses a request whose state does not allow the change (throw RequestStateException).</summary>
        private protected virtual void Check(ExchangeRestoreRequest request)
        {
        }

        /// <summary>
        /// Runs after <see cref="Check"/> and before the prompt (it may read Exchange and write warnings); returns the
        /// ShouldProcess action. Default: <see cref="Action"/>.
        /// </summary>
        private protected virtual string Prepare(RequestControl service, ExchangeRestoreRequest request) => Action;

        /// <summary>Makes the change (by RequestGuid) and returns the state afterwards.</summary>
        private protected abstract RestoreResult Apply(RequestControl service, string identity);

        /// <summary>The Information line after the change.</summary>
        private protected abstract string Narration(ExchangeRestoreRequest request, RestoreResult after);

        /// <summary>Why the requests of a batch that were left alone were left alone, and what to do about them (the end of the warning).</summary>
        private protected abstract string BatchSkipHint { get; }

        /// <summary>
        /// Why a request of a batch is left alone (null = act on it). Default: the state check (<see cref="Check"/>)'s
        /// refusal. Under -BatchName such a request is reported on the Verbose stream, not as an error.
        /// </summary>
        private protected virtual string? Skip(ExchangeRestoreRequest request)
        {
            try { Check(request); return null; }
            catch (RequestStateException e) { return e.Message; }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == BatchSet)
            {
                ProcessBatch();
                return;
            }
            RequestIdentityInfo info;
            try { info = RequestIdentity.Validate(Identity); }
            catch (InvalidInputException e) { WriteExchangeError(e); return; }
            TryExchange(() =>
            {
                var service = new RequestControl(Gateway);
                var request = service.FindOne(info);
                Check(request);
                Act(service, request);
            }, info.Value);
        }

        private void Act(RequestControl service, ExchangeRestoreRequest request)
        {
            var label = $"{request.Identity ?? request.Name} ({request.Status})";
            var action = Prepare(service, request);
            switch (TryPrompt(() => ShouldProcess(label, action)))
            {
                case null:
                    WriteError(ValidationErrors.ConfirmationRequired($"{action} '{label}'", request.Identity ?? request.Name, RemedyShownApart));
                    return;
                case false:
                    return;
            }
            var after = Apply(service, ExchangeGateway.IdentityOf(request));
            WriteNarration(Narration(request, after), Tag);
            if (PassThru) WriteOutput(after);
        }

        private void ProcessBatch()
        {
            try { RestoreInput.ThrowIfInvalidBatchName(nameof(BatchName), BatchName); }
            catch (InvalidInputException e) { WriteExchangeError(e); return; }
            var batch = BatchName.Trim();
            var service = new RequestControl(Gateway);
            System.Collections.Generic.IReadOnlyList<ExchangeRestoreRequest> requests = System.Array.Empty<ExchangeRestoreRequest>();
            if (!TryExchange(() => requests = Gateway.ListRequests(new RequestFilter(BatchName: batch)), batch)) return;
            if (requests.Count == 0)
            {
                WriteWarning($"No restore request has the batch name '{batch}'.");
                return;
            }
            var skipped = new System.Collections.Generic.List<ExchangeRestoreRequest>();
            foreach (var request in requests)
            {
                if (Skip(request) is { } why)
                {
                    skipped.Add(request);
                    WriteVerbose($"Left alone: {request.Identity ?? request.Name} ({request.Status}): {why}");
                    continue;
                }
                TryExchange(() => Act(service, request), request.Identity ?? request.Name);
            }
            WriteVerbose($"Batch '{batch}': {requests.Count - skipped.Count} of {requests.Count} request(s) to act on; {skipped.Count} left alone.");
            if (skipped.Count > 0) WriteWarning(LeftAloneWarning(batch, skipped, requests.Count));
        }

        /// <summary>"2 of 3 restore requests of batch 'B1' were left alone (InProgress: 1, Queued: 1): {hint} -Verbose names them."</summary>
        private string LeftAloneWarning(string batch, System.Collections.Generic.IReadOnlyList<ExchangeRestoreRequest> skipped, int total)
        {
            // A suspend asked for but not yet taken effect is listed with its old status: count it as Suspended.
            static string State(ExchangeRestoreRequest r) =>
                r.Suspend && StatusMapper.Map(r).Status != OperationStatus.Suspended ? "Suspended" : string.IsNullOrEmpty(r.Status) ? "unknown" : r.Status;
            var states = string.Join(", ", skipped.GroupBy(State, System.StringComparer.OrdinalIgnoreCase).Select(g => $"{g.Key}: {g.Count()}"));
            return $"{Tag}-InactiveRestore -BatchName '{batch}': {skipped.Count} of {total} restore request(s) were left alone ({states}): {BatchSkipHint} -Verbose names them.";
        }
    }
}

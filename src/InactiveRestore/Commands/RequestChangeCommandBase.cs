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
    /// </summary>
    public abstract class RequestChangeCommandBase : ExchangeCmdletBase
    {
        /// <summary>A RequestGuid, 'alias\Name' or a request name. No wildcards.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("RequestId", "RequestGuid", "OperationId")]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(RequestIdentityCompleter))]
        public string Identity { get; set; } = string.Empty;

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

        protected override void ProcessRecord()
        {
            RequestIdentityInfo info;
            try { info = RequestIdentity.Validate(Identity); }
            catch (InvalidInputException e) { WriteExchangeError(e); return; }
            TryExchange(() =>
            {
                var service = new RequestControl(Gateway);
                var request = service.FindOne(info);
                Check(request);
                var label = $"{request.Identity ?? request.Name} ({request.Status})";
                var action = Prepare(service, request);
                if (!ShouldProcess(label, action)) return;
                var after = Apply(service, ExchangeGateway.IdentityOf(request));
                WriteNarration(Narration(request, after), Tag);
                if (PassThru) WriteObject(after);
            }, info.Value);
        }
    }
}

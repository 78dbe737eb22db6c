using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    [Cmdlet(VerbsCommon.Get, "InactiveRestore", DefaultParameterSetName = FilterSet)]
    [OutputType(typeof(RestoreResult))]
    public sealed class GetInactiveRestoreCommand : ExchangeCmdletBase
    {
        private const string IdentitySet = "Identity";
        private const string FilterSet = "Filter";

        /// <summary>A RequestGuid, 'alias\Name' (Exchange's request identity) or a request name (may match several targets). No wildcards.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = IdentitySet)]
        [Alias("RequestId", "RequestGuid", "OperationId")]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(RequestIdentityCompleter))]
        public string Identity { get; set; } = string.Empty;

        /// <summary>Only requests of this batch.</summary>
        [Parameter(ParameterSetName = FilterSet)]
        [ArgumentCompleter(typeof(BatchNameCompleter))]
        public string? BatchName { get; set; }

        /// <summary>Only requests restoring into this mailbox (alias, address or GUID).</summary>
        [Parameter(ParameterSetName = FilterSet)]
        public string? TargetMailbox { get; set; }

        /// <summary>Only requests with this status (the module's status, e.g. Failed, InProgress, CompletedWithWarnings).</summary>
        [Parameter(ParameterSetName = FilterSet)]
        [EnumArgument(typeof(OperationStatus), null)]
        public OperationStatus? Status { get; set; }

        /// <summary>Every restore request, not only those following the module's naming (IR- prefix).</summary>
        [Parameter(ParameterSetName = FilterSet)]
        public SwitchParameter All { get; set; }

        /// <summary>Read each request's report too (Report property; one -IncludeReport statistics call per request).</summary>
        [Parameter]
        public SwitchParameter IncludeReport { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdentitySet)
            {
                RequestIdentityInfo info;
                try { info = RequestIdentity.Validate(Identity); }
                catch (InvalidInputException e) { WriteExchangeError(e); return; }
                TryExchange(() =>
                {
                    foreach (var r in new RequestControl(Gateway).Get(info, IncludeReport)) WriteObject(r);
                }, info.Value);
                return;
            }

            string? target = null;
            try
            {
                if (MyInvocation.BoundParameters.ContainsKey(nameof(TargetMailbox))) target = IdentityValidator.Validate(TargetMailbox, nameof(TargetMailbox)).Value;
                if (MyInvocation.BoundParameters.ContainsKey(nameof(BatchName))) RestoreInput.ThrowIfInvalidBatchName(nameof(BatchName), BatchName);
            }
            catch (InvalidInputException e)
            {
                ThrowExchangeError(e);
            }
            TryExchange(() =>
            {
                var found = new RequestControl(Gateway).List(BatchName?.Trim(), target, Status, includeStatistics: true, moduleNamedOnly: !All, includeReport: IncludeReport);
                foreach (var r in found) WriteObject(r);
                WriteNarration($"Found {found.Count} restore request(s){(All ? string.Empty : " named by InactiveRestore (IR-); -All lists every restore request")}.", "Discovery");
            }, target ?? BatchName);
        }
    }
}

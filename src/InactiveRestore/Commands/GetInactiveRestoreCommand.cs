using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    [Cmdlet(VerbsCommon.Get, "InactiveRestore", DefaultParameterSetName = FilterSet)]
    [OutputType(typeof(RestoreResult))]
    [OutputType(typeof(SkippedItem))]
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
        [ArgumentCompleter(typeof(ActiveMailboxCompleter))]
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

        /// <summary>Write the items Exchange skipped (InactiveRestore.Model.SkippedItem rows) instead of the requests.</summary>
        [Parameter]
        public SwitchParameter IncludeSkippedItems { get; set; }

        /// <summary>Count the items under each request's target root folder (Get-MailboxFolderStatistics) and set Verification.</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        private RestoreVerifier? _verifier;

        /// <summary>Writes the requests found: verified with -Verify, or their skipped items with -IncludeSkippedItems.</summary>
        private void Write(RequestControl control, IReadOnlyList<RestoreResult> found)
        {
            if (Verify) (_verifier ??= new RestoreVerifier(Gateway)).Verify(found);
            if (!IncludeSkippedItems)
            {
                foreach (var r in found) WriteOutput(r);
                return;
            }
            long rows = 0;
            foreach (var r in found)
            {
                var items = control.SkippedItems(r);
                rows += items.Count;
                foreach (var item in items) WriteOutput(item);
                if (r.ItemsSkipped is long n && n != items.Count)
                    WriteWarning($"{r.RequestName}: Exchange counts {n:N0} skipped item(s) but listed {items.Count:N0}.");
            }
            WriteNarration($"{rows:N0} skipped item(s) in {found.Count(r => r.ItemsSkipped > 0)} of {found.Count} restore request(s).", "SkippedItems");
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdentitySet)
            {
                RequestIdentityInfo info;
                try { info = RequestIdentity.Validate(Identity); }
                catch (InvalidInputException e) { WriteExchangeError(e); return; }
                TryExchange(() =>
                {
                    var control = new RequestControl(Gateway);
                    Write(control, control.Get(info, IncludeReport));
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
                var control = new RequestControl(Gateway);
                var found = control.List(BatchName?.Trim(), target, Status, includeStatistics: true, moduleNamedOnly: !All, includeReport: IncludeReport);
                // An empty answer for a batch is most often a mistyped name: said as Watch/Stop/Complete say it (from the one listing).
                if (found.Count == 0 && BatchName is { } batch)
                {
                    if (control.Listed == 0) WriteWarning($"No restore request has the batch name '{batch.Trim()}'.");
                    else if (!All && Status is null)
                        WriteWarning($"Batch '{batch.Trim()}' has {control.Listed} restore request(s), none named by InactiveRestore (IR-): add -All to list them.");
                }
                Write(control, found);
                WriteNarration($"Found {found.Count} restore request(s){(All ? string.Empty : " named by InactiveRestore (IR-); -All lists every restore request")}.", "Discovery");
            }, target ?? BatchName);
        }
    }
}

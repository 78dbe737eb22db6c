using System;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    [Cmdlet(VerbsLifecycle.Suspend, "InactiveRestore", DefaultParameterSetName = IdentitySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RestoreResult))]
    public sealed class SuspendInactiveRestoreCommand : RequestChangeCommandBase
    {
        /// <summary>Why it is suspended (kept by Exchange). At most 4096 characters; no control characters except tabs and line breaks.</summary>
        [Parameter]
        public string? SuspendComment { get; set; }

        private protected override void Begin()
        {
            try { RestoreInput.ThrowIfInvalidSuspendComment(nameof(SuspendComment), SuspendComment); }
            catch (InvalidInputException e) { ThrowExchangeError(e); }
        }

        protected override string Action => "Suspend the restore request";
        protected override string Tag => "Suspend";

        private protected override void Check(ExchangeRestoreRequest request) => RequestControl.EnsureSuspendable(request);

        private protected override string? Skip(ExchangeRestoreRequest request) =>
            StatusMapper.IsExchangeFinal(request.Status) ? $"it has finished ({request.Status}); there is nothing to suspend."
            : request.Suspend || StatusMapper.Map(request).Status == OperationStatus.Suspended ? "it is already suspended."
            : null;

        private protected override string BatchSkipHint => "only queued and running requests are suspended; finished and already suspended ones are left as they are.";

        private protected override RestoreResult Apply(RequestControl service, string identity) => service.Suspend(identity, SuspendComment);

        private protected override string Narration(ExchangeRestoreRequest request, RestoreResult after) => $"Suspended restore request {request.Identity ?? request.Name} ({after.ExchangeStatus}).";
    }

    [Cmdlet(VerbsLifecycle.Resume, "InactiveRestore", DefaultParameterSetName = IdentitySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RestoreResult))]
    public sealed class ResumeInactiveRestoreCommand : RequestChangeCommandBase
    {
        private DateTime? _approveUpTo;

        /// <summary>
        /// Approve the items Exchange skipped (Set-MailboxRestoreRequest -SkippedItemApprovalTime, now in UTC) before
        /// resuming. Review them first with Get-InactiveRestore -IncludeReport.
        /// </summary>
        [Parameter]
        public SwitchParameter ApproveSkippedItems { get; set; }

        protected override string Action => "Resume the restore request";
        protected override string Tag => "Resume";

        private bool? _canApprove;

        private protected override void Check(ExchangeRestoreRequest request) => RequestControl.EnsureResumable(request);

        private protected override string BatchSkipHint => "only Suspended, AutoSuspended and Failed requests are resumed (Get-InactiveRestore -BatchName shows their states).";

        private protected override string Prepare(RequestControl service, ExchangeRestoreRequest request)
        {
            _approveUpTo = null;
            // -ApproveSkippedItems needs Set-MailboxRestoreRequest -SkippedItemApprovalTime in this session: asked once per
            // invocation (null = the client cannot tell; then the call decides). Without it nothing is changed.
            if (ApproveSkippedItems && (_canApprove ??= ExchangeClient.HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime") ?? true) == false)
                throw SkippedItemApprovalUnavailable(request);
            var check = service.CheckSkippedItems(request);   // one statistics call, only for a Failed request
            var shown = request.Identity ?? request.Name;
            if (!ApproveSkippedItems)
            {
                if (check.WarningWithoutApproval(shown) is { } warning) WriteWarning(warning);
                return Action;
            }
            if (check.WarningWithApproval(shown) is { } poor) WriteWarning(poor);
            var at = service.SkippedItemApprovalTime(check);
            _approveUpTo = at;
            var id = ExchangeGateway.IdentityOf(request);
            return "Approve the skipped items and resume the restore request by running:" + Environment.NewLine +
                   "  " + ExchangeCommands.ApproveSkippedItems(id, at).ToDisplayString(ExchangeClient.Prefix) + Environment.NewLine +
                   "  " + ExchangeCommands.Resume(id).ToDisplayString(ExchangeClient.Prefix);
        }

        private protected override RestoreResult Apply(RequestControl service, string identity) => service.Resume(identity, _approveUpTo);

        /// <summary>The refusal when the session's Set-MailboxRestoreRequest has no -SkippedItemApprovalTime (nothing is changed).</summary>
        private RequestStateException SkippedItemApprovalUnavailable(ExchangeRestoreRequest request)
        {
            var name = ExchangeClient.Prefix.Length == 0 ? "Set-MailboxRestoreRequest" : "Set-" + ExchangeClient.Prefix + "MailboxRestoreRequest";
            return new RequestStateException(RequestStateException.ApprovalUnavailable, request.Identity ?? request.Name,
                $"This session's {name} has no -SkippedItemApprovalTime parameter, so the skipped items of restore request '{request.Name}' cannot be approved; nothing was changed (the request was not resumed).",
                "Update ExchangeOnlineManagement and reconnect (Test-InactiveRestoreEnvironment shows whether the parameter is there). " +
                "Without it: resume without -ApproveSkippedItems (Exchange may fail the request again on the same items), or restore again with a new request (Start-InactiveRestore with another -Name).");
        }

        private protected override string Narration(ExchangeRestoreRequest request, RestoreResult after) =>
            _approveUpTo is { } at
                ? $"Approved the skipped items of restore request {request.Identity ?? request.Name} (up to {at.ToString("u", System.Globalization.CultureInfo.InvariantCulture)}) and resumed it (was {request.Status}, now {after.ExchangeStatus})."
                : $"Resumed restore request {request.Identity ?? request.Name} (was {request.Status}, now {after.ExchangeStatus}).";
    }

    [Cmdlet(VerbsLifecycle.Stop, "InactiveRestore", DefaultParameterSetName = IdentitySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RestoreResult))]
    public sealed class StopInactiveRestoreCommand : RequestChangeCommandBase
    {
        protected override string Action => "Cancel the unfinished restore request (remove it; items already copied stay in the target)";
        protected override string Tag => "Stop";

        private protected override void Check(ExchangeRestoreRequest request) => RequestControl.EnsureCancellable(request);

        private protected override string BatchSkipHint => "finished requests are not cancelled; Remove-InactiveRestore -BatchName removes them (the restored content stays in the target).";

        private protected override RestoreResult Apply(RequestControl service, string identity) => service.Cancel(identity, withState: PassThru);

        private protected override string Narration(ExchangeRestoreRequest request, RestoreResult after) => $"Cancelled restore request {request.Identity ?? request.Name} (it was {request.Status}); items already copied stay in the target.";
    }

    [Cmdlet(VerbsCommon.Remove, "InactiveRestore", DefaultParameterSetName = IdentitySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RestoreResult))]
    public sealed class RemoveInactiveRestoreCommand : RequestChangeCommandBase
    {
        protected override string Action => "Remove the finished restore request (the restored content stays in the target)";
        protected override string Tag => "Remove";

        private protected override void Check(ExchangeRestoreRequest request) => RequestControl.EnsureRemovable(request);

        private protected override string BatchSkipHint => "they have not finished, so they were not removed and the batch is not gone; wait for them (Watch-InactiveRestore -BatchName) or cancel them (Stop-InactiveRestore -BatchName), then remove again.";

        private protected override RestoreResult Apply(RequestControl service, string identity) => service.Remove(identity, withState: PassThru);

        private protected override string Narration(ExchangeRestoreRequest request, RestoreResult after) => $"Removed restore request {request.Identity ?? request.Name} ({request.Status}); its name is free again.";
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ExchangeSimulator.Engine;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Exchange.Commands
{
    [Cmdlet(VerbsCommon.New, "MailboxRestoreRequest", SupportsShouldProcess = true)]
    [OutputType(typeof(PSObject))]
    public sealed class NewMailboxRestoreRequestCommand : ExchangeCmdletBase
    {
        protected override string CommandName => "New-MailboxRestoreRequest";

        [Parameter(Mandatory = true)] public string SourceMailbox { get; set; } = "";
        [Parameter(Mandatory = true)] public string TargetMailbox { get; set; } = "";
        [Parameter] public SwitchParameter SourceIsArchive { get; set; }
        [Parameter] public SwitchParameter TargetIsArchive { get; set; }
        [Parameter] public string? SourceRootFolder { get; set; }
        [Parameter] public string? TargetRootFolder { get; set; }
        [Parameter] public string[]? IncludeFolders { get; set; }
        [Parameter] public string[]? ExcludeFolders { get; set; }
        [Parameter] public SwitchParameter ExcludeDumpster { get; set; }
        [Parameter]
        [ValidateSet("ForceCopy", "KeepAll", "KeepLatestItem", "KeepSourceItem", "KeepTargetItem", "UpdateFromSource", IgnoreCase = true)]
        public string? ConflictResolutionOption { get; set; }
        [Parameter]
        [ValidateSet("DoNotCopy", "MapByMessageClass", "Copy", IgnoreCase = true)]
        public string? AssociatedMessagesCopyOption { get; set; }
        [Parameter] public SwitchParameter AllowLegacyDNMismatch { get; set; }
        [Parameter] public SwitchParameter AcceptLargeDataLoss { get; set; }
        [Parameter] public string? BatchName { get; set; }
        [Parameter] public string? Name { get; set; }
        [Parameter] public TimeSpan? CompletedRequestAgeLimit { get; set; }
        [Parameter] public string? ContentFilter { get; set; }
        [Parameter]
        [ValidateSet("FolderACLs", "FolderProperties", "FolderRules", "InitialConnectionValidation", IgnoreCase = true)]
        public string[]? SkipMerging { get; set; }
        [Parameter] public SwitchParameter Suspend { get; set; }
        [Parameter] public string? SuspendComment { get; set; }
        /// <summary>Deprecated in Exchange Online (Data Consistency Score replaces it): accepted with a warning, ignored.</summary>
        [Parameter] public string? BadItemLimit { get; set; }
        /// <summary>Deprecated in Exchange Online: accepted with a warning, ignored.</summary>
        [Parameter] public string? LargeItemLimit { get; set; }

        protected override void Execute()
        {
            if (BadItemLimit != null || LargeItemLimit != null)
            {
                Warn("The BadItemLimit and LargeItemLimit parameters are deprecated in Exchange Online; the request is evaluated by its Data Consistency Score instead.");
            }
            ErrorTarget = SourceMailbox;
            var source = Tenant.ResolveSource(SourceMailbox);
            ErrorTarget = TargetMailbox;
            var target = Tenant.ResolveTarget(TargetMailbox);
            var request = Tenant.PrepareRequest(source, target, new Tenant.NewRequestOptions
            {
                Name = Name,
                SourceIsArchive = SourceIsArchive,
                TargetIsArchive = TargetIsArchive,
                SourceRootFolder = SourceRootFolder,
                TargetRootFolder = TargetRootFolder,
                IncludeFolders = IncludeFolders,
                ExcludeFolders = ExcludeFolders,
                ExcludeDumpster = ExcludeDumpster,
                ConflictResolutionOption = Canonical(ConflictResolutionOption, "ForceCopy", "KeepAll", "KeepLatestItem", "KeepSourceItem", "KeepTargetItem", "UpdateFromSource"),
                AssociatedMessagesCopyOption = Canonical(AssociatedMessagesCopyOption, "DoNotCopy", "MapByMessageClass", "Copy"),
                AllowLegacyDNMismatch = AllowLegacyDNMismatch,
                AcceptLargeDataLoss = AcceptLargeDataLoss,
                BatchName = BatchName,
                CompletedRequestAgeLimit = CompletedRequestAgeLimit,
                ContentFilter = ContentFilter,
                SkipMerging = SkipMerging,
            }, SourceMailbox);
            if (!ShouldProcess(TargetMailbox, "Create a mailbox restore request '" + request.Name + "' from '" + SourceMailbox + "'")) return;
            Tenant.Commit(request, Suspend, SuspendComment);
            MarkChanged(request.RequestGuid);
            Emit(ExchangeOutput.Request(request));
        }

        internal static string? Canonical(string? value, params string[] names) =>
            value == null ? null : names.First(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
    }

    [Cmdlet(VerbsCommon.Get, "MailboxRestoreRequest", DefaultParameterSetName = "Filtering")]
    [OutputType(typeof(PSObject))]
    public sealed class GetMailboxRestoreRequestCommand : ExchangeCmdletBase
    {
        protected override string CommandName => "Get-MailboxRestoreRequest";

        /// <summary>The EXO trap, faithfully: a null or empty identity returns every request.</summary>
        [Parameter(Position = 0, ParameterSetName = "Identity", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        public string? Identity { get; set; }

        [Parameter(ParameterSetName = "Filtering")] public string? BatchName { get; set; }
        [Parameter(ParameterSetName = "Filtering")] public string? Name { get; set; }
        [Parameter(ParameterSetName = "Filtering")]
        [ValidateSet("None", "Queued", "InProgress", "AutoSuspended", "CompletionInProgress", "Synced", "Completed", "CompletedWithWarning", "Suspended", "Failed", "Retrying", IgnoreCase = true)]
        public string? Status { get; set; }
        [Parameter(ParameterSetName = "Filtering")] public bool Suspend { get; set; }
        [Parameter(ParameterSetName = "Filtering")] public string? TargetMailbox { get; set; }
        [Parameter(ParameterSetName = "Filtering")] public bool HighPriority { get; set; }
        [Parameter] public string? ResultSize { get; set; }

        protected override bool IsListing => string.IsNullOrEmpty(Identity);

        protected override void Execute()
        {
            int? size = ParseResultSize(ResultSize);
            IEnumerable<RestoreRequest> result;
            if (!string.IsNullOrEmpty(Identity))
            {
                ErrorTarget = Identity;
                var one = Tenant.ResolveRequest(Identity!);
                CheckReplication(one.RequestGuid, Identity!);
                result = new[] { one };
            }
            else
            {
                result = Tenant.VisibleRequests.OrderBy(r => r.Sequence).ToList();
                var omit = Connection.Faults.OmitFromNextListing;
                if (omit.Count > 0)
                {
                    // Injected: this listing leaves these requests out, once.
                    var left = omit.ToList();
                    omit.Clear();
                    result = result.Where(r => !left.Contains(r.RequestGuid)).ToList();
                    MarkFaultStateChanged();
                }
                if (BatchName != null) result = result.Where(r => string.Equals(r.BatchName, BatchName, StringComparison.OrdinalIgnoreCase));
                if (Name != null) result = result.Where(r => string.Equals(r.Name, Name, StringComparison.OrdinalIgnoreCase));
                if (Status != null) result = result.Where(r => string.Equals(r.Status, Status, StringComparison.OrdinalIgnoreCase));
                if (IsBound(nameof(Suspend))) result = result.Where(r => r.Suspend == Suspend);
                if (IsBound(nameof(HighPriority)) && HighPriority) result = Enumerable.Empty<RestoreRequest>();
                if (TargetMailbox != null)
                {
                    ErrorTarget = TargetMailbox;
                    var target = Tenant.ResolveMailbox(TargetMailbox, MailboxScope.Active);
                    result = result.Where(r => r.Target == target);
                }
            }
            EmitLimited(result.ToList(), ExchangeOutput.Request, size, ResultSize != null);
        }
    }

    [Cmdlet(VerbsCommon.Get, "MailboxRestoreRequestStatistics")]
    [OutputType(typeof(PSObject))]
    public sealed class GetMailboxRestoreRequestStatisticsCommand : ExchangeCmdletBase
    {
        protected override string CommandName => "Get-MailboxRestoreRequestStatistics";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Identity { get; set; } = "";

        [Parameter] public SwitchParameter IncludeReport { get; set; }
        [Parameter] public SwitchParameter IncludeSkippedItems { get; set; }
        [Parameter] public SwitchParameter ReportOnly { get; set; }
        [Parameter] public string? DiagnosticInfo { get; set; }

        protected override void Execute()
        {
            ErrorTarget = Identity;
            var r = Tenant.ResolveRequest(Identity);
            CheckReplication(r.RequestGuid, Identity);
            var o = ExchangeOutput.RequestStatistics(r, Tenant, IncludeReport || ReportOnly);
            if (IncludeSkippedItems)
            {
                o.Add("SkippedItems", SkippedItems.Rows(r).ToArray());
            }
            if (DiagnosticInfo != null) o.Add("DiagnosticInfo", "<Job Guid=\"" + r.RequestGuid + "\" Status=\"" + r.Status + "\" StatusDetail=\"" + r.StatusDetail + "\" />");
            Emit(o);
        }
    }

    /// <summary>Base for the cmdlets acting on one request by identity.</summary>
    public abstract class RequestActionCmdlet : ExchangeCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Identity { get; set; } = "";

        protected RestoreRequest Resolve()
        {
            ErrorTarget = Identity;
            return Tenant.ResolveRequest(Identity);
        }
    }

    [Cmdlet(VerbsLifecycle.Suspend, "MailboxRestoreRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class SuspendMailboxRestoreRequestCommand : RequestActionCmdlet
    {
        protected override string CommandName => "Suspend-MailboxRestoreRequest";

        [Parameter] public string? SuspendComment { get; set; }

        protected override void Execute()
        {
            var r = Resolve();
            if (!ShouldProcess(r.Identity, "Suspend the mailbox restore request")) return;
            if (r.Status == "Suspended")
            {
                Warn("The command completed successfully but no settings of '" + r.Identity + "' have been modified.");
                return;
            }
            Tenant.SuspendRequest(r, SuspendComment);
            MarkChanged(r.RequestGuid);
        }
    }

    [Cmdlet(VerbsLifecycle.Resume, "MailboxRestoreRequest", SupportsShouldProcess = true)]
    public sealed class ResumeMailboxRestoreRequestCommand : RequestActionCmdlet
    {
        protected override string CommandName => "Resume-MailboxRestoreRequest";

        protected override void Execute()
        {
            var r = Resolve();
            if (!ShouldProcess(r.Identity, "Resume the mailbox restore request")) return;
            Tenant.ResumeRequest(r);
            MarkChanged(r.RequestGuid);
        }
    }

    [Cmdlet(VerbsCommon.Remove, "MailboxRestoreRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveMailboxRestoreRequestCommand : RequestActionCmdlet
    {
        protected override string CommandName => "Remove-MailboxRestoreRequest";

        [Parameter] public SwitchParameter Force { get; set; }

        protected override void Execute()
        {
            var r = Resolve();
            if (!ShouldProcess(r.Identity, "Remove the mailbox restore request")) return;
            Tenant.RemoveRequest(r, "Removed");
            MarkChanged();
        }
    }

    [Cmdlet(VerbsCommon.Set, "MailboxRestoreRequest", SupportsShouldProcess = true)]
    public sealed class SetMailboxRestoreRequestCommand : RequestActionCmdlet, IDynamicParameters
    {
        private RuntimeDefinedParameterDictionary? _dynamic;

        /// <summary>
        /// -SkippedItemApprovalTime exists unless the connection was made with -WithoutSkippedItemApprovalTime (not every published
        /// version of the cmdlet has it): a dynamic parameter, so Get-Command shows whether the session has it.
        /// </summary>
        public object? GetDynamicParameters()
        {
            var c = SimulatorRegistry.Current;
            if (c != null && !c.SkippedItemApprovalTimeAvailable) return null;
            var attributes = new System.Collections.ObjectModel.Collection<Attribute> { new ParameterAttribute() };
            _dynamic = new RuntimeDefinedParameterDictionary
            {
                ["SkippedItemApprovalTime"] = new RuntimeDefinedParameter("SkippedItemApprovalTime", typeof(DateTime), attributes),
            };
            return _dynamic;
        }

        private bool SkippedItemApprovalTimeBound => _dynamic != null && _dynamic["SkippedItemApprovalTime"].IsSet;
        private DateTime SkippedItemApprovalTime => (DateTime)_dynamic!["SkippedItemApprovalTime"].Value;

        protected override string CommandName => "Set-MailboxRestoreRequest";

        [Parameter] public string? BatchName { get; set; }
        [Parameter] public TimeSpan CompletedRequestAgeLimit { get; set; }
        [Parameter]
        [ValidateSet("FolderACLs", "FolderProperties", "FolderRules", "InitialConnectionValidation", IgnoreCase = true)]
        public string[]? SkipMerging { get; set; }
        [Parameter] public SwitchParameter AcceptLargeDataLoss { get; set; }

        protected override void Execute()
        {
            var r = Resolve();
            if (!ShouldProcess(r.Identity, "Set the mailbox restore request")) return;
            bool changed = false;
            if (IsBound(nameof(BatchName)) && r.BatchName != (BatchName ?? "")) { r.BatchName = BatchName ?? ""; changed = true; }
            if (IsBound(nameof(CompletedRequestAgeLimit)) && r.CompletedRequestAgeLimit != CompletedRequestAgeLimit) { r.CompletedRequestAgeLimit = CompletedRequestAgeLimit; changed = true; }
            if (IsBound(nameof(SkipMerging))) { r.SkipMerging = SkipMerging ?? new string[0]; changed = true; }
            if (IsBound(nameof(AcceptLargeDataLoss)) && r.AcceptLargeDataLoss != AcceptLargeDataLoss.IsPresent) { r.AcceptLargeDataLoss = AcceptLargeDataLoss.IsPresent; changed = true; }
            if (SkippedItemApprovalTimeBound)
            {
                var t = SkippedItemApprovalTime.Kind == DateTimeKind.Local ? SkippedItemApprovalTime.ToUniversalTime() : DateTime.SpecifyKind(SkippedItemApprovalTime, DateTimeKind.Utc);
                r.SkippedItemApprovalTime = t;
                Tenant.AddReport(r, "Skipped items approved by '" + Tenant.AdminUpn + "' up to " + t.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ".");
                changed = true;
            }
            if (changed)
            {
                r.LastUpdateTimestamp = Tenant.Now;
                MarkChanged(r.RequestGuid);
            }
            else Warn("The command completed successfully but no settings of '" + r.Identity + "' have been modified.");
        }
    }
}

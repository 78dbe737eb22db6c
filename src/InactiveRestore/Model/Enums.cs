namespace InactiveRestore.Model
{
    /// <summary>How Exchange resolves an item that exists in both source and target (New-MailboxRestoreRequest -ConflictResolutionOption).</summary>
    /// <remarks>Exchange's own default is KeepSourceItem; this module defaults to <see cref="KeepAll"/> so a restore never overwrites target content.</remarks>
    public enum ConflictResolutionOption
    {
        KeepAll,
        KeepSourceItem,
        KeepLatestItem,
        KeepTargetItem,
        ForceCopy,
        UpdateFromSource,
    }

    /// <summary>Which parts of the inactive mailbox a restore covers.</summary>
    public enum ArchiveOption
    {
        /// <summary>Primary, plus the archive when the source has one and the target has an active archive (otherwise a warning).</summary>
        Auto,
        /// <summary>Primary and archive; an error when either side lacks an archive.</summary>
        Include,
        /// <summary>Primary only.</summary>
        Exclude,
        /// <summary>Archive only; an error when either side lacks an archive.</summary>
        Only,
    }

    /// <summary>The module's single view of where an operation stands. Exchange's statuses map onto it as README.md's status table says.</summary>
    public enum OperationStatus
    {
        Queued,
        InProgress,
        Suspended,
        Completed,
        CompletedWithWarnings,
        Failed,
        Cancelled,
        /// <summary>
        /// Not submitted yet: Start-InactiveRestore -MaxActive left no room in the batch. Nothing exists in Exchange for it
        /// (Success is $false, Error is empty, no error record): a later run of the same command submits it. Not settled.
        /// </summary>
        Deferred,
        /// <summary>
        /// Exchange lists the request as Completed, but its statistics were not read (a Start-InactiveRestore re-run answers
        /// from the batch listing): whether items were skipped, and the data consistency score, are not known, so it is not
        /// called Completed. Get-InactiveRestore (or Watch-InactiveRestore) reads them and gives the verdict: Completed or
        /// CompletedWithWarnings. Settled: the request will not change by itself.
        /// </summary>
        CompletedUnchecked,
    }

    /// <summary>What -Verify found in the target for a request (Get-/Watch-InactiveRestore -Verify).</summary>
    public enum VerificationStatus
    {
        /// <summary>The items under the target root folder account for every item copied (within the tolerance).</summary>
        Verified,
        /// <summary>Fewer items under the target root folder than copied, by more than the tolerance.</summary>
        Shortfall,
        /// <summary>The content cannot be told apart in the target (no root folder, folder renamed or moved, request not finished...); VerificationNote says why.</summary>
        NotVerifiable,
    }

    /// <summary>What a step of a restore plan does (Test-InactiveRestore shows the steps, Start-InactiveRestore -WhatIf prints them).</summary>
    public enum PlanStepKind
    {
        /// <summary>Set-Mailbox -RetentionHoldEnabled on the target (-EnableRetentionHold).</summary>
        EnableRetentionHold,
        /// <summary>Set-Mailbox -EmailAddresses @{Add='X500:...'}: the source's LegacyExchangeDN on the target.</summary>
        AddX500Address,
        /// <summary>New-MailboxRestoreRequest for the primary mailbox or the archive.</summary>
        CreateRequest,
        /// <summary>A request for the same source and kind is already on the target (or planned earlier in this run): it is reused.</summary>
        ReuseRequest,
    }

    /// <summary>Which statuses are settled.</summary>
    internal static class OperationStatusExtensions
    {
        /// <summary>True for statuses that will not change by themselves: Completed, CompletedWithWarnings, CompletedUnchecked, Failed, Cancelled.</summary>
        public static bool IsSettled(this OperationStatus status) =>
            status is OperationStatus.Completed or OperationStatus.CompletedWithWarnings or OperationStatus.CompletedUnchecked
                or OperationStatus.Failed or OperationStatus.Cancelled;

        /// <summary>True for the statuses of a request Exchange has completed: Completed, CompletedWithWarnings, CompletedUnchecked (not Failed).</summary>
        public static bool IsCompleted(this OperationStatus status) =>
            status is OperationStatus.Completed or OperationStatus.CompletedWithWarnings or OperationStatus.CompletedUnchecked;
    }

    public enum ValidationSeverity
    {
        Information,
        Warning,
        Error,
    }
}

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

    /// <summary>The module's single view of where an operation stands. See <see cref="Core.StatusMapper"/> for the mapping from Exchange.</summary>
    public enum OperationStatus
    {
        Queued,
        InProgress,
        Suspended,
        Completed,
        CompletedWithWarnings,
        Failed,
        Cancelled,
    }

    /// <summary>The kind of operation an <see cref="OperationProgress"/> reports on.</summary>
    public enum OperationType
    {
        Restore,
        /// <summary>Reserved: New-Mailbox -InactiveMailbox recovery.</summary>
        Recovery,
        /// <summary>Reserved: bulk restore orchestration.</summary>
        Bulk,
    }

    public enum ValidationSeverity
    {
        Information,
        Warning,
        Error,
    }
}

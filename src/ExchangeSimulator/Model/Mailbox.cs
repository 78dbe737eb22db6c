using System;
using System.Collections.Generic;

namespace ExchangeSimulator.Model
{
    /// <summary>How a restore request whose source is this mailbox behaves in the simulated service.</summary>
    public enum RestoreBehavior
    {
        Normal,
        BadItems,
        FailedOtherAllCopied,
        Stall,
        AutoSuspend,
        CompletedWithWarning,
        /// <summary>Completes (Status Completed) with skipped bad and missing items and DataConsistencyScore Investigate.</summary>
        SkippedItemsInvestigate,
        /// <summary>Completes (Status Completed) with many skipped bad and missing items and DataConsistencyScore Poor.</summary>
        SkippedItemsPoor,
    }

    /// <summary>Size and item counts of one mailbox location (primary or archive).</summary>
    public sealed class FolderStatistics
    {
        public long TotalItemSize { get; set; }
        public long ItemCount { get; set; }
        public long TotalDeletedItemSize { get; set; }
        public long DeletedItemCount { get; set; }
    }

    /// <summary>An address change made "on-premises" that reaches the cloud mailbox at the next directory sync.</summary>
    public sealed class PendingDirectorySync
    {
        /// <summary>The proxy address (e.g. X500:/o=...).</summary>
        public string Address { get; set; } = "";
        /// <summary>True: the address is removed on-premises (and then from the cloud mailbox).</summary>
        public bool Remove { get; set; }
        /// <summary>Simulated time (UTC) from which the change is visible in Exchange Online.</summary>
        public DateTime DueTime { get; set; }
    }

    /// <summary>A restored folder moved or renamed by the mailbox owner after a restore (Get-MailboxFolderStatistics shows the new path).</summary>
    public sealed class FolderRename
    {
        public bool Archive { get; set; }
        /// <summary>The folder path the restore created, e.g. /Restored-Jane Doe.</summary>
        public string From { get; set; } = "";
        /// <summary>Where it is now, e.g. /Inbox/Old mail.</summary>
        public string To { get; set; } = "";
    }

    /// <summary>One mailbox of the simulated tenant (active, inactive or soft-deleted).</summary>
    public sealed class Mailbox
    {
        public string Name { get; set; } = "";
        public string Alias { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string UserPrincipalName { get; set; } = "";
        public string PrimarySmtpAddress { get; set; } = "";
        public List<string> EmailAddresses { get; set; } = new List<string>();
        public Guid ExchangeGuid { get; set; }
        public Guid Guid { get; set; }
        public string ExternalDirectoryObjectId { get; set; } = "";
        public string DistinguishedName { get; set; } = "";
        public string LegacyExchangeDN { get; set; } = "";
        public string Database { get; set; } = "";
        public string RecipientTypeDetails { get; set; } = "UserMailbox";
        public bool IsInactiveMailbox { get; set; }
        /// <summary>True for inactive and soft-deleted mailboxes (both live under Soft Deleted Objects).</summary>
        public bool IsSoftDeleted { get; set; }
        public DateTime? WhenSoftDeleted { get; set; }
        public DateTime? InactiveMailboxRetireTime { get; set; }
        public DateTime WhenCreated { get; set; }
        public bool AccountDisabled { get; set; }
        public bool LitigationHoldEnabled { get; set; }
        public List<string> InPlaceHolds { get; set; } = new List<string>();
        public bool ComplianceTagHoldApplied { get; set; }
        public bool DelayHoldApplied { get; set; }
        public bool HasArchive { get; set; }
        public Guid ArchiveGuid { get; set; }
        public string ArchiveName { get; set; } = "";
        public bool AutoExpandingArchiveEnabled { get; set; }
        public bool RetentionHoldEnabled { get; set; }
        public DateTime? StartDateForRetentionHold { get; set; }
        public DateTime? EndDateForRetentionHold { get; set; }
        public string? RetentionPolicy { get; set; }
        public long? IssueWarningQuota { get; set; }
        public long? ProhibitSendQuota { get; set; }
        public long? ProhibitSendReceiveQuota { get; set; }
        public long? ArchiveQuota { get; set; }
        public long? ArchiveWarningQuota { get; set; }
        public long? RecoverableItemsQuota { get; set; }
        public FolderStatistics Primary { get; set; } = new FolderStatistics();
        public FolderStatistics Archive { get; set; } = new FolderStatistics();
        public RestoreBehavior RestoreBehavior { get; set; } = RestoreBehavior.Normal;

        /// <summary>Synchronized from on-premises AD (hybrid): EmailAddresses can't be changed in Exchange Online.</summary>
        public bool IsDirSynced { get; set; }
        /// <summary>On-premises address changes waiting for the next directory sync.</summary>
        public List<PendingDirectorySync> PendingDirectorySync { get; set; } = new List<PendingDirectorySync>();
        /// <summary>The archive's database ('' = none; empty with HasArchive means "the mailbox's Database").</summary>
        public string ArchiveDatabase { get; set; } = "";
        /// <summary>What ArchiveStatus reads when it is not the default (e.g. "None" on a provisioned archive); null = derived.</summary>
        public string? ArchiveStatusOverride { get; set; }
        /// <summary>Restored folders the owner renamed or moved.</summary>
        public List<FolderRename> FolderRenames { get; set; } = new List<FolderRename>();

        public string ArchiveStatus => ArchiveStatusOverride ?? (HasArchive ? "Active" : "None");
        /// <summary>The archive database shown by Get-Mailbox: '' without a provisioned archive.</summary>
        public string EffectiveArchiveDatabase => !HasArchive ? "" : ArchiveDatabase.Length > 0 ? ArchiveDatabase : Database;
        public string Identity => Name;
    }
}

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
    }

    /// <summary>Size and item counts of one mailbox location (primary or archive).</summary>
    public sealed class FolderStatistics
    {
        public long TotalItemSize { get; set; }
        public long ItemCount { get; set; }
        public long TotalDeletedItemSize { get; set; }
        public long DeletedItemCount { get; set; }
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

        public string ArchiveStatus => HasArchive ? "Active" : "None";
        public string Identity => Name;
    }
}

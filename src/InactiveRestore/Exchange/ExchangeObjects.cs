using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using static InactiveRestore.Exchange.ExchangeValue;

namespace InactiveRestore.Exchange
{
    /// <summary>A mailbox as Get-Mailbox returns it (active or inactive), reduced to what the module uses.</summary>
    internal sealed record ExchangeMailbox
    {
        public Guid ExchangeGuid { get; init; }
        public Guid Guid { get; init; }
        public string DistinguishedName { get; init; } = string.Empty;
        public string? LegacyExchangeDN { get; init; }
        public string? PrimarySmtpAddress { get; init; }
        public string? DisplayName { get; init; }
        public string? Alias { get; init; }
        public string? Name { get; init; }
        public string? Identity { get; init; }
        public string? UserPrincipalName { get; init; }
        public string? ExternalDirectoryObjectId { get; init; }
        public string? RecipientTypeDetails { get; init; }
        public bool IsInactiveMailbox { get; init; }
        public DateTime? WhenSoftDeleted { get; init; }
        public DateTime? InactiveMailboxRetireTime { get; init; }
        public bool LitigationHoldEnabled { get; init; }
        public IReadOnlyList<string> InPlaceHolds { get; init; } = Array.Empty<string>();
        public bool ComplianceTagHoldApplied { get; init; }
        public bool DelayHoldApplied { get; init; }
        public Guid ArchiveGuid { get; init; }
        public string? ArchiveStatus { get; init; }
        /// <summary>The archive's database; empty when no archive is provisioned (also after an archive is disabled).</summary>
        public string? ArchiveDatabase { get; init; }
        /// <summary>The archive's name(s); empty when no archive is provisioned.</summary>
        public IReadOnlyList<string> ArchiveName { get; init; } = Array.Empty<string>();
        /// <summary>True for a mailbox synchronized from on-premises AD (hybrid): Exchange Online refuses to change its EmailAddresses.</summary>
        public bool IsDirSynced { get; init; }
        public bool AutoExpandingArchiveEnabled { get; init; }
        public IReadOnlyList<string> EmailAddresses { get; init; } = Array.Empty<string>();
        public bool RetentionHoldEnabled { get; init; }
        /// <summary>When the retention hold started (null: no date; the module sets it when it turns the hold on).</summary>
        public DateTime? StartDateForRetentionHold { get; init; }
        public string? RetentionPolicy { get; init; }
        /// <summary>Bytes; null = Unlimited or unknown.</summary>
        public long? ProhibitSendReceiveQuota { get; init; }
        /// <summary>Bytes; null = Unlimited or unknown.</summary>
        public long? ArchiveQuota { get; init; }

        /// <summary>
        /// True when the mailbox has an archive: ArchiveGuid not empty AND ArchiveDatabase or ArchiveName set (contract §10).
        /// ArchiveStatus is not looked at: it can read None on a provisioned archive, and ArchiveGuid alone stays set for
        /// 30 days after an archive is disabled.
        /// </summary>
        public bool HasArchive => ArchiveGuid != System.Guid.Empty
            && (!string.IsNullOrWhiteSpace(ArchiveDatabase) || ArchiveName.Any(n => !string.IsNullOrWhiteSpace(n)));

        /// <summary>True when the archive is usable as a restore target (the same rule as <see cref="HasArchive"/>).</summary>
        public bool HasActiveArchive => HasArchive;

        /// <summary>Size and quota properties whose value was present but could not be read (they are not taken as Unlimited silently).</summary>
        public IReadOnlyList<string> UnreadableSizes { get; init; } = Array.Empty<string>();

        public bool HasX500(string legacyDn) =>
            EmailAddresses.Any(a => a.StartsWith("X500:", StringComparison.OrdinalIgnoreCase)
                && string.Equals(a.Substring(5), legacyDn, StringComparison.OrdinalIgnoreCase));

        /// <summary>The identity to give Exchange: ExchangeGuid (unambiguous), else DistinguishedName.</summary>
        public string ExchangeIdentity => ExchangeGuid != System.Guid.Empty ? ExchangeGuid.ToString() : DistinguishedName;

        public static ExchangeMailbox From(PSObject o)
        {
            var unreadable = new List<string>();
            return new()
            {
                ExchangeGuid = Guid(o, "ExchangeGuid") ?? System.Guid.Empty,
                Guid = Guid(o, "Guid") ?? System.Guid.Empty,
                DistinguishedName = String(o, "DistinguishedName") ?? string.Empty,
                LegacyExchangeDN = String(o, "LegacyExchangeDN"),
                PrimarySmtpAddress = String(o, "PrimarySmtpAddress"),
                DisplayName = String(o, "DisplayName"),
                Alias = String(o, "Alias"),
                Name = String(o, "Name"),
                Identity = String(o, "Identity"),
                UserPrincipalName = String(o, "UserPrincipalName"),
                ExternalDirectoryObjectId = String(o, "ExternalDirectoryObjectId"),
                RecipientTypeDetails = String(o, "RecipientTypeDetails"),
                IsInactiveMailbox = Bool(o, "IsInactiveMailbox"),
                WhenSoftDeleted = Date(o, "WhenSoftDeleted"),
                InactiveMailboxRetireTime = Date(o, "InactiveMailboxRetireTime"),
                LitigationHoldEnabled = Bool(o, "LitigationHoldEnabled"),
                InPlaceHolds = Strings(o, "InPlaceHolds"),
                ComplianceTagHoldApplied = Bool(o, "ComplianceTagHoldApplied"),
                DelayHoldApplied = Bool(o, "DelayHoldApplied"),
                ArchiveGuid = Guid(o, "ArchiveGuid") ?? System.Guid.Empty,
                ArchiveStatus = String(o, "ArchiveStatus"),
                AutoExpandingArchiveEnabled = Bool(o, "AutoExpandingArchiveEnabled"),
                EmailAddresses = Strings(o, "EmailAddresses"),
                RetentionHoldEnabled = Bool(o, "RetentionHoldEnabled"),
                StartDateForRetentionHold = Date(o, "StartDateForRetentionHold"),
                RetentionPolicy = String(o, "RetentionPolicy"),
                ArchiveDatabase = String(o, "ArchiveDatabase"),
                ArchiveName = Strings(o, "ArchiveName"),
                IsDirSynced = Bool(o, "IsDirSynced"),
                ProhibitSendReceiveQuota = CheckedSize(o, "ProhibitSendReceiveQuota", unreadable),
                ArchiveQuota = CheckedSize(o, "ArchiveQuota", unreadable),
                UnreadableSizes = unreadable,
            };
        }
    }

    /// <summary>A recipient as Get-Recipient returns it (who holds a proxy address).</summary>
    internal sealed record ExchangeRecipient
    {
        public string? Name { get; init; }
        public string? DisplayName { get; init; }
        public string? PrimarySmtpAddress { get; init; }
        public string? RecipientTypeDetails { get; init; }
        public Guid ExchangeGuid { get; init; }
        public Guid Guid { get; init; }
        public string? DistinguishedName { get; init; }
        public string? LegacyExchangeDN { get; init; }
        public bool IsDirSynced { get; init; }
        /// <summary>True for an inactive mailbox (they do not take part in proxy-address uniqueness).</summary>
        public bool IsInactiveMailbox { get; init; }
        public IReadOnlyList<string> EmailAddresses { get; init; } = Array.Empty<string>();

        /// <summary>How messages name it: display name (primary SMTP address), else what is known.</summary>
        public string Show() =>
            DisplayName is { } d && PrimarySmtpAddress is { } a ? $"{d} ({a})" : DisplayName ?? PrimarySmtpAddress ?? Name ?? DistinguishedName ?? ExchangeGuid.ToString();

        public static ExchangeRecipient From(PSObject o) => new()
        {
            Name = String(o, "Name"),
            DisplayName = String(o, "DisplayName"),
            PrimarySmtpAddress = String(o, "PrimarySmtpAddress"),
            RecipientTypeDetails = String(o, "RecipientTypeDetails"),
            ExchangeGuid = Guid(o, "ExchangeGuid") ?? System.Guid.Empty,
            Guid = Guid(o, "Guid") ?? System.Guid.Empty,
            DistinguishedName = String(o, "DistinguishedName"),
            LegacyExchangeDN = String(o, "LegacyExchangeDN"),
            IsDirSynced = Bool(o, "IsDirSynced"),
            IsInactiveMailbox = Bool(o, "IsInactiveMailbox"),
            EmailAddresses = Strings(o, "EmailAddresses"),
        };
    }

    /// <summary>What Get-MailboxStatistics says of a mailbox or its archive.</summary>
    internal sealed record ExchangeMailboxStatistics
    {
        public long TotalItemSize { get; init; }
        public long ItemCount { get; init; }
        public long TotalDeletedItemSize { get; init; }
        public long DeletedItemCount { get; init; }

        public long TotalBytes => TotalItemSize + TotalDeletedItemSize;

        /// <summary>Size properties whose value was present but could not be read (counted as 0 here; the planner warns).</summary>
        public IReadOnlyList<string> UnreadableSizes { get; init; } = Array.Empty<string>();

        public static ExchangeMailboxStatistics From(PSObject o)
        {
            var unreadable = new List<string>();
            return new()
            {
                TotalItemSize = CheckedSize(o, "TotalItemSize", unreadable) ?? 0,
                ItemCount = Long(o, "ItemCount") ?? 0,
                TotalDeletedItemSize = CheckedSize(o, "TotalDeletedItemSize", unreadable) ?? 0,
                DeletedItemCount = Long(o, "DeletedItemCount") ?? 0,
                UnreadableSizes = unreadable,
            };
        }
    }

    /// <summary>A restore request as New-/Get-MailboxRestoreRequest return it.</summary>
    internal sealed record ExchangeRestoreRequest
    {
        public string Name { get; init; } = string.Empty;
        public string? Identity { get; init; }
        public Guid RequestGuid { get; init; }
        public string? TargetMailbox { get; init; }
        public string? SourceMailbox { get; init; }
        public string Status { get; init; } = "None";
        public string? BatchName { get; init; }
        public bool Suspend { get; init; }
        public string? RequestQueue { get; init; }
        public string? Flags { get; init; }

        public static ExchangeRestoreRequest From(PSObject o) => new()
        {
            Name = String(o, "Name") ?? string.Empty,
            Identity = String(o, "Identity"),
            RequestGuid = Guid(o, "RequestGuid") ?? System.Guid.Empty,
            TargetMailbox = String(o, "TargetMailbox"),
            SourceMailbox = String(o, "SourceMailbox"),
            Status = String(o, "Status") ?? "None",
            BatchName = String(o, "BatchName"),
            Suspend = Bool(o, "Suspend"),
            RequestQueue = String(o, "RequestQueue"),
            Flags = String(o, "Flags"),
        };
    }

    /// <summary>One entry of a request's report (Get-MailboxRestoreRequestStatistics -IncludeReport).</summary>
    internal sealed record ExchangeReportEntry(DateTime? CreationTime, string? Type, string Message);

    /// <summary>What Get-MailboxRestoreRequestStatistics says of a request.</summary>
    internal sealed record ExchangeRestoreRequestStatistics
    {
        public string Name { get; init; } = string.Empty;
        public string? Identity { get; init; }
        public Guid RequestGuid { get; init; }
        public string? BatchName { get; init; }
        public string Status { get; init; } = "None";
        public string? StatusDetail { get; init; }
        public string? SyncStage { get; init; }
        public bool Suspend { get; init; }
        public Guid SourceExchangeGuid { get; init; }
        public string? SourceRootFolder { get; init; }
        public string? TargetAlias { get; init; }
        public Guid TargetExchangeGuid { get; init; }
        public bool TargetIsArchive { get; init; }
        public bool SourceIsArchive { get; init; }
        public string? TargetRootFolder { get; init; }
        public string? ConflictResolutionOption { get; init; }
        public long? EstimatedTransferSize { get; init; }
        public long? EstimatedTransferItemCount { get; init; }
        public long? BytesTransferred { get; init; }
        public long? BytesTransferredPerMinute { get; init; }
        public long? ItemsTransferred { get; init; }
        public int PercentComplete { get; init; }
        public DateTime? QueuedTimestamp { get; init; }
        public DateTime? StartTimestamp { get; init; }
        public DateTime? LastUpdateTimestamp { get; init; }
        public DateTime? CompletionTimestamp { get; init; }
        public DateTime? SuspendedTimestamp { get; init; }
        public DateTime? FailureTimestamp { get; init; }

        /// <summary>Skipped items up to this time are approved (Set-MailboxRestoreRequest -SkippedItemApprovalTime).</summary>
        public DateTime? SkippedItemApprovalTime { get; init; }
        public string? FailureCode { get; init; }
        public string? FailureType { get; init; }
        public string? FailureSide { get; init; }
        public string? Message { get; init; }
        public long BadItemsEncountered { get; init; }
        public long LargeItemsEncountered { get; init; }
        public long MissingItemsEncountered { get; init; }
        public string? DataConsistencyScore { get; init; }
        public int? PositionInQueue { get; init; }
        public IReadOnlyList<ExchangeReportEntry> Report { get; init; } = Array.Empty<ExchangeReportEntry>();

        public static ExchangeRestoreRequestStatistics From(PSObject o) => new()
        {
            Name = String(o, "Name") ?? string.Empty,
            Identity = String(o, "Identity"),
            RequestGuid = Guid(o, "RequestGuid") ?? System.Guid.Empty,
            BatchName = String(o, "BatchName"),
            Status = String(o, "Status") ?? "None",
            StatusDetail = String(o, "StatusDetail"),
            SyncStage = String(o, "SyncStage"),
            Suspend = Bool(o, "Suspend"),
            SourceExchangeGuid = Guid(o, "SourceExchangeGuid") ?? System.Guid.Empty,
            SourceRootFolder = String(o, "SourceRootFolder"),
            TargetAlias = String(o, "TargetAlias"),
            TargetExchangeGuid = Guid(o, "TargetExchangeGuid") ?? System.Guid.Empty,
            TargetIsArchive = Bool(o, "TargetIsArchive"),
            SourceIsArchive = Bool(o, "SourceIsArchive"),
            TargetRootFolder = String(o, "TargetRootFolder"),
            ConflictResolutionOption = String(o, "ConflictResolutionOption"),
            EstimatedTransferSize = Size(o, "EstimatedTransferSize"),
            EstimatedTransferItemCount = Long(o, "EstimatedTransferItemCount"),
            BytesTransferred = Size(o, "BytesTransferred"),
            BytesTransferredPerMinute = Size(o, "BytesTransferredPerMinute"),
            ItemsTransferred = Long(o, "ItemsTransferred"),
            PercentComplete = Int(o, "PercentComplete") ?? 0,
            QueuedTimestamp = Date(o, "QueuedTimestamp"),
            StartTimestamp = Date(o, "StartTimestamp"),
            LastUpdateTimestamp = Date(o, "LastUpdateTimestamp"),
            CompletionTimestamp = Date(o, "CompletionTimestamp"),
            SuspendedTimestamp = Date(o, "SuspendedTimestamp"),
            FailureTimestamp = Date(o, "FailureTimestamp"),
            SkippedItemApprovalTime = Date(o, "SkippedItemApprovalTime"),
            FailureCode = String(o, "FailureCode"),
            FailureType = String(o, "FailureType"),
            FailureSide = String(o, "FailureSide"),
            Message = String(o, "Message"),
            BadItemsEncountered = Long(o, "BadItemsEncountered") ?? 0,
            LargeItemsEncountered = Long(o, "LargeItemsEncountered") ?? 0,
            MissingItemsEncountered = Long(o, "MissingItemsEncountered") ?? 0,
            DataConsistencyScore = String(o, "DataConsistencyScore"),
            PositionInQueue = Int(o, "PositionInQueue"),
            Report = ReadReport(Raw(o, "Report")),
        };

        private static IReadOnlyList<ExchangeReportEntry> ReadReport(object? report)
        {
            if (report is null) return Array.Empty<ExchangeReportEntry>();
            var list = new List<ExchangeReportEntry>();
            // The report is an object whose Entries holds the entries (look before unwrapping: a property bag's
            // BaseObject is a bare PSCustomObject without them); some hosts give the list itself or flatten it to strings.
            var entries = report is PSObject wrapper && wrapper.Properties["Entries"] is { } entriesProperty ? entriesProperty.Value : report;
            if (entries is PSObject p && p.BaseObject is not PSCustomObject) entries = p.BaseObject;
            if (entries is System.Collections.IEnumerable e && entries is not string)
            {
                foreach (var item in e)
                {
                    if (item is null) continue;
                    var pso = item as PSObject ?? new PSObject(item);
                    if (pso.BaseObject is string s) { list.Add(new ExchangeReportEntry(null, null, s)); continue; }
                    var message = String(pso, "Message") ?? Convert.ToString(pso.BaseObject, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                    list.Add(new ExchangeReportEntry(Date(pso, "CreationTime"), String(pso, "Type"), message));
                }
            }
            else if (entries is string text)
            {
                list.AddRange(text.Split('\n').Where(l => l.Trim().Length > 0).Select(l => new ExchangeReportEntry(null, null, l.Trim())));
            }
            return list;
        }
    }
}

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// One skipped item of Get-MailboxRestoreRequestStatistics -IncludeSkippedItems (its SkippedItems rows; the field
    /// names the simulator uses, unverified against Exchange Online: Kind, FolderName, Subject, Sender, DateSent,
    /// DateReceived, MessageSize, Failure).
    /// </summary>
    internal sealed record ExchangeSkippedItem
    {
        public string? Kind { get; init; }
        public string? FolderName { get; init; }
        public string? Subject { get; init; }
        public string? Sender { get; init; }
        public DateTime? DateSent { get; init; }
        public DateTime? DateReceived { get; init; }
        public long? MessageSize { get; init; }
        public string? Failure { get; init; }

        public static ExchangeSkippedItem From(PSObject o) => new()
        {
            Kind = String(o, "Kind"),
            FolderName = String(o, "FolderName"),
            Subject = String(o, "Subject"),
            Sender = String(o, "Sender"),
            DateSent = Date(o, "DateSent"),
            DateReceived = Date(o, "DateReceived"),
            MessageSize = Size(o, "MessageSize"),
            Failure = String(o, "Failure"),
        };

        /// <summary>The SkippedItems property of a statistics object (an array, a wrapped list, or nothing).</summary>
        public static IReadOnlyList<ExchangeSkippedItem> ListFrom(PSObject statistics)
        {
            var raw = Raw(statistics, "SkippedItems");
            if (raw is PSObject p) raw = p.BaseObject;
            if (raw is null || raw is string || raw is not System.Collections.IEnumerable items) return Array.Empty<ExchangeSkippedItem>();
            var list = new List<ExchangeSkippedItem>();
            foreach (var item in items)
            {
                if (item is null) continue;
                list.Add(From(item as PSObject ?? new PSObject(item)));
            }
            return list;
        }
    }

    /// <summary>One folder row of Get-MailboxFolderStatistics.</summary>
    internal sealed record ExchangeFolderStatistics
    {
        public string? Name { get; init; }
        /// <summary>"/Restored-Jane Doe-2026-12-01/Inbox" ('/'-separated from the mailbox's top).</summary>
        public string FolderPath { get; init; } = string.Empty;
        public string? FolderType { get; init; }
        public long ItemsInFolder { get; init; }
        public long ItemsInFolderAndSubfolders { get; init; }
        public long? FolderAndSubfolderSize { get; init; }

        public static ExchangeFolderStatistics From(PSObject o) => new()
        {
            Name = String(o, "Name"),
            FolderPath = String(o, "FolderPath") ?? string.Empty,
            FolderType = String(o, "FolderType"),
            ItemsInFolder = Long(o, "ItemsInFolder") ?? 0,
            ItemsInFolderAndSubfolders = Long(o, "ItemsInFolderAndSubfolders") ?? 0,
            FolderAndSubfolderSize = Size(o, "FolderAndSubfolderSize"),
        };
    }
}

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
}

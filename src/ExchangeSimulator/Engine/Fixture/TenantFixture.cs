using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using ExchangeSimulator.Json;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>A tenant fixture file (-TenantPath, README.md "Tenant fixture format"), as the serializer reads it.</summary>
    public sealed class TenantFixture
    {
        public string? Organization { get; set; }
        public string? TenantId { get; set; }
        /// <summary>How the file was made (New-ExchangeSimulatorTenant writes its command line); informational.</summary>
        public string? Generator { get; set; }
        public List<MailboxSpec>? Mailboxes { get; set; }
    }

    /// <summary>
    /// One mailbox of a fixture: the fixture's own keys (all optional but Alias; <see cref="TenantLoader"/> derives the rest).
    /// Any other key that names a read/write <see cref="Mailbox"/> property (case-insensitive) is set on the mailbox as given,
    /// so a new model property can be given in fixtures without code here.
    /// </summary>
    public sealed class MailboxSpec
    {
        public string? Alias { get; set; }
        /// <summary>Active (default), Inactive or SoftDeleted.</summary>
        public string? State { get; set; }
        public string? DisplayName { get; set; }
        public string? Name { get; set; }
        public string? PrimarySmtpAddress { get; set; }
        public string? UserPrincipalName { get; set; }
        [JsonConverter(typeof(StringOrArrayConverter))] public List<string>? EmailAddresses { get; set; }
        [JsonConverter(typeof(StringOrArrayConverter))] public List<string>? ExtraEmailAddresses { get; set; }
        public string? ExchangeGuid { get; set; }
        public string? Guid { get; set; }
        public string? ArchiveGuid { get; set; }
        public string? ExternalDirectoryObjectId { get; set; }
        public string? DistinguishedName { get; set; }
        public string? LegacyExchangeDN { get; set; }
        public string? Database { get; set; }
        public string? ArchiveName { get; set; }
        public string? RecipientTypeDetails { get; set; }
        public DateTime? WhenCreated { get; set; }
        public DateTime? WhenSoftDeleted { get; set; }
        public DateTime? InactiveMailboxRetireTime { get; set; }
        public DateTime? StartDateForRetentionHold { get; set; }
        public DateTime? EndDateForRetentionHold { get; set; }
        public bool? LitigationHoldEnabled { get; set; }
        public bool? ComplianceTagHoldApplied { get; set; }
        public bool? DelayHoldApplied { get; set; }
        /// <summary>The mailbox has an archive (also implied by ArchiveGuid).</summary>
        public bool? Archive { get; set; }
        public bool? AutoExpandingArchiveEnabled { get; set; }
        public bool? RetentionHoldEnabled { get; set; }
        public bool? AccountDisabled { get; set; }
        [JsonConverter(typeof(StringOrArrayConverter))] public List<string>? InPlaceHolds { get; set; }
        /// <summary>Absent: "Default MRM Policy"; null: none; else the name.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public JsonElement RetentionPolicy { get; set; }
        public FixtureSize? ProhibitSendReceiveQuota { get; set; }
        public FixtureSize? ProhibitSendQuota { get; set; }
        public FixtureSize? IssueWarningQuota { get; set; }
        public FixtureSize? ArchiveQuota { get; set; }
        public FixtureSize? ArchiveWarningQuota { get; set; }
        public FixtureSize? RecoverableItemsQuota { get; set; }
        public FixtureSize? PrimarySize { get; set; }
        public long? PrimaryItems { get; set; }
        public FixtureSize? DeletedSize { get; set; }
        public long? DeletedItems { get; set; }
        public FixtureSize? ArchiveSize { get; set; }
        public long? ArchiveItems { get; set; }
        public FixtureSize? ArchiveDeletedSize { get; set; }
        public long? ArchiveDeletedItems { get; set; }
        public RestoreBehavior? RestoreBehavior { get; set; }
        /// <summary>Keys not listed above (applied to same-named Mailbox properties, else ignored).</summary>
        [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; set; }
    }
}

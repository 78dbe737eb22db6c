using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ExchangeSimulator.Json;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>Builds a tenant from the JSON fixture format documented in README.md (<see cref="TenantFixture"/>).</summary>
    public static class TenantLoader
    {
        /// <summary>Average item size used when a fixture gives a size but no item count.</summary>
        public const long DefaultAverageItemBytes = 150 * 1024;

        public static Tenant LoadFile(string path, DateTime startTime, int seed) => Load(File.ReadAllText(path), startTime, seed);

        public static Tenant Load(string json, DateTime startTime, int seed)
        {
            TenantFixture? fixture;
            try
            {
                fixture = JsonSerializer.Deserialize<TenantFixture>(json, SimJson.Fixture);
            }
            catch (JsonException e)
            {
                throw SimJson.Describe(e, "The tenant file");
            }
            if (fixture == null) throw new FormatException("The tenant file must hold a JSON object.");
            string org = fixture.Organization ?? "contoso.onmicrosoft.com";
            Guid tenantId = System.Guid.TryParse(fixture.TenantId, out Guid t) ? t : HashGuid("tenant:" + org);
            if (fixture.Mailboxes == null) throw new FormatException("The tenant file needs a 'Mailboxes' array.");
            var mailboxes = new List<Mailbox>();
            for (int index = 0; index < fixture.Mailboxes.Count; index++)
            {
                var spec = fixture.Mailboxes[index] ?? throw new FormatException("Mailboxes[" + index + "] is not an object.");
                try { mailboxes.Add(Build(spec, org, startTime)); }
                catch (Exception e) when (e is FormatException || e is JsonException) { throw new FormatException("Mailboxes[" + index + "]: " + e.Message, e); }
            }
            return new Tenant(org, tenantId, mailboxes, startTime, seed);
        }

        private static Mailbox Build(MailboxSpec s, string org, DateTime start)
        {
            string alias = s.Alias ?? throw new FormatException("'Alias' is required.");
            string state = s.State ?? "Active";
            bool inactive = state.Equals("Inactive", StringComparison.OrdinalIgnoreCase);
            bool softDeleted = inactive || state.Equals("SoftDeleted", StringComparison.OrdinalIgnoreCase);
            if (!inactive && !softDeleted && !state.Equals("Active", StringComparison.OrdinalIgnoreCase))
                throw new FormatException("'State' must be Active, Inactive or SoftDeleted.");
            string key = state.ToLowerInvariant() + ":" + alias.ToLowerInvariant() + "@" + org;
            string display = s.DisplayName ?? alias;
            string smtp = s.PrimarySmtpAddress ?? alias + "@" + org;
            var m = new Mailbox
            {
                Alias = alias,
                DisplayName = display,
                PrimarySmtpAddress = smtp,
                UserPrincipalName = s.UserPrincipalName ?? smtp,
                RecipientTypeDetails = s.RecipientTypeDetails ?? "UserMailbox",
                IsInactiveMailbox = inactive,
                IsSoftDeleted = softDeleted,
                ExchangeGuid = GuidOr(s.ExchangeGuid, "ExchangeGuid", key + ":exchange"),
                Guid = GuidOr(s.Guid, "Guid", key + ":object"),
                ExternalDirectoryObjectId = s.ExternalDirectoryObjectId ?? HashGuid(key + ":aad").ToString(),
                WhenCreated = s.WhenCreated ?? start.AddDays(-400 - (Math.Abs(HashGuid(key).GetHashCode()) % 1500)),
                LitigationHoldEnabled = s.LitigationHoldEnabled ?? false,
                InPlaceHolds = s.InPlaceHolds ?? new List<string>(),
                ComplianceTagHoldApplied = s.ComplianceTagHoldApplied ?? false,
                DelayHoldApplied = s.DelayHoldApplied ?? false,
                HasArchive = (s.Archive ?? false) || s.ArchiveGuid != null,
                AutoExpandingArchiveEnabled = s.AutoExpandingArchiveEnabled ?? false,
                RetentionHoldEnabled = s.RetentionHoldEnabled ?? false,
                StartDateForRetentionHold = s.StartDateForRetentionHold,
                EndDateForRetentionHold = s.EndDateForRetentionHold,
                RetentionPolicy = RetentionPolicy(s.RetentionPolicy),
                RestoreBehavior = s.RestoreBehavior ?? RestoreBehavior.Normal,
            };
            m.Name = s.Name ?? HashGuid(key + ":name").ToString("N").Substring(0, 8) + "-" + alias.Replace(".", "").ToLowerInvariant();
            m.AccountDisabled = s.AccountDisabled ?? softDeleted;
            string ou = "OU=" + org + ",OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com";
            m.DistinguishedName = s.DistinguishedName ?? "CN=" + m.Name + "," + (softDeleted ? "OU=Soft Deleted Objects," : "") + ou;
            string hex = HashGuid(key + ":ldn").ToString("N");
            m.LegacyExchangeDN = s.LegacyExchangeDN ??
                "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=" + hex + "-" + alias.Replace(".", "").ToLowerInvariant();
            int db = 100 + Math.Abs(HashGuid(key + ":db").GetHashCode()) % 800;
            m.Database = s.Database ?? "EURPR01DG" + (db % 97).ToString("000", CultureInfo.InvariantCulture) + "-db" + db.ToString("000", CultureInfo.InvariantCulture);
            if (m.HasArchive)
            {
                m.ArchiveGuid = GuidOr(s.ArchiveGuid, "ArchiveGuid", key + ":archive");
                m.ArchiveName = s.ArchiveName ?? "In-Place Archive -" + display;
            }
            if (softDeleted)
            {
                m.WhenSoftDeleted = s.WhenSoftDeleted ?? start.AddDays(-90);
                if (inactive) m.InactiveMailboxRetireTime = s.InactiveMailboxRetireTime;
            }
            var addresses = s.EmailAddresses;
            if (addresses == null)
            {
                addresses = new List<string> { "SMTP:" + smtp };
                if (!smtp.StartsWith(alias + "@", StringComparison.OrdinalIgnoreCase)) addresses.Add("smtp:" + alias + "@" + org);
                else if (!smtp.EndsWith("@" + org, StringComparison.OrdinalIgnoreCase)) addresses.Add("smtp:" + alias + "@" + org);
                addresses.AddRange(s.ExtraEmailAddresses ?? new List<string>());
            }
            m.EmailAddresses = addresses;
            bool big = m.RecipientTypeDetails != "SharedMailbox" || m.HasArchive;
            long defaultQuota = ByteSize.GB(big ? 100 : 50);
            m.ProhibitSendReceiveQuota = Size(s.ProhibitSendReceiveQuota, defaultQuota);
            m.ProhibitSendQuota = Size(s.ProhibitSendQuota, m.ProhibitSendReceiveQuota.HasValue ? m.ProhibitSendReceiveQuota.Value - ByteSize.GB(1) : (long?)null);
            m.IssueWarningQuota = Size(s.IssueWarningQuota, m.ProhibitSendReceiveQuota.HasValue ? m.ProhibitSendReceiveQuota.Value - ByteSize.GB(2) : (long?)null);
            m.ArchiveQuota = Size(s.ArchiveQuota, ByteSize.GB(m.AutoExpandingArchiveEnabled ? 1536 : 100));
            m.ArchiveWarningQuota = Size(s.ArchiveWarningQuota, m.ArchiveQuota.HasValue ? m.ArchiveQuota.Value / 10 * 9 : (long?)null);
            m.RecoverableItemsQuota = Size(s.RecoverableItemsQuota, ByteSize.GB(m.LitigationHoldEnabled || m.InPlaceHolds.Count > 0 ? 100 : 30));
            m.Primary = Stats(s.PrimarySize, s.PrimaryItems, s.DeletedSize, s.DeletedItems, m.Primary);
            if (m.HasArchive) m.Archive = Stats(s.ArchiveSize, s.ArchiveItems, s.ArchiveDeletedSize, s.ArchiveDeletedItems, m.Archive);
            ApplyOtherKeys(s, m);
            return m;
        }

        private static FolderStatistics Stats(FixtureSize? size, long? items, FixtureSize? deletedSize, long? deletedItems, FolderStatistics f)
        {
            f.TotalItemSize = Size(size, 0) ?? 0;
            f.ItemCount = items ?? f.TotalItemSize / DefaultAverageItemBytes;
            f.TotalDeletedItemSize = Size(deletedSize, f.TotalItemSize / 20) ?? 0;
            f.DeletedItemCount = deletedItems ?? f.TotalDeletedItemSize / DefaultAverageItemBytes;
            return f;
        }

        /// <summary>Keys that aren't fixture keys but name a read/write Mailbox property are set on the mailbox.</summary>
        private static void ApplyOtherKeys(MailboxSpec s, Mailbox m)
        {
            if (s.Other == null) return;
            foreach (var pair in s.Other)
            {
                var property = typeof(Mailbox).GetProperty(pair.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (property == null || !property.CanWrite || property.PropertyType == typeof(FolderStatistics)) continue;
                try
                {
                    property.SetValue(m, JsonSerializer.Deserialize(pair.Value.GetRawText(), property.PropertyType, SimJson.Fixture));
                }
                catch (JsonException e)
                {
                    throw new FormatException("'" + pair.Key + "' must be a " + property.PropertyType.Name + ": " + e.Message, e);
                }
            }
        }

        // ------------------------------------------------------------------ value helpers

        public static Guid HashGuid(string text)
        {
            using (var md5 = MD5.Create())
            {
                byte[] b = md5.ComputeHash(Encoding.UTF8.GetBytes(text));
                b[7] = (byte)((b[7] & 0x0F) | 0x40);
                b[8] = (byte)((b[8] & 0x3F) | 0x80);
                return new Guid(b);
            }
        }

        /// <summary>A fixture size: absent = the fallback, null / "Unlimited" = unlimited, else the bytes.</summary>
        private static long? Size(FixtureSize? size, long? fallback) => size == null ? fallback : size.Bytes;

        private static string? RetentionPolicy(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Undefined: return "Default MRM Policy";
                case JsonValueKind.Null: return null;
                case JsonValueKind.String: return e.GetString();
                default: throw new FormatException("'RetentionPolicy' must be a string or null.");
            }
        }

        private static Guid GuidOr(string? value, string key, string seed)
        {
            if (value == null) return HashGuid(seed);
            if (System.Guid.TryParse(value, out Guid g)) return g;
            throw new FormatException("'" + key + "' must be a GUID.");
        }
    }
}

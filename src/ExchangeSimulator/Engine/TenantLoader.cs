using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using ExchangeSimulator.Json;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>Builds a tenant from the JSON fixture format documented in README.md.</summary>
    public static class TenantLoader
    {
        /// <summary>Average item size used when a fixture gives a size but no item count.</summary>
        public const long DefaultAverageItemBytes = 150 * 1024;

        public static Tenant LoadFile(string path, DateTime startTime, int seed) => Load(File.ReadAllText(path), startTime, seed);

        public static Tenant Load(string json, DateTime startTime, int seed)
        {
            if (!(JsonReader.Parse(json) is Dictionary<string, object?> root)) throw new FormatException("The tenant file must hold a JSON object.");
            string org = Str(root, "Organization") ?? "contoso.onmicrosoft.com";
            Guid tenantId = Guid.TryParse(Str(root, "TenantId"), out Guid t) ? t : HashGuid("tenant:" + org);
            if (!(Get(root, "Mailboxes") is List<object?> list)) throw new FormatException("The tenant file needs a 'Mailboxes' array.");
            var mailboxes = new List<Mailbox>();
            int index = 0;
            foreach (var item in list)
            {
                if (!(item is Dictionary<string, object?> spec)) throw new FormatException("Mailboxes[" + index + "] is not an object.");
                try { mailboxes.Add(Build(spec, org, startTime)); }
                catch (FormatException e) { throw new FormatException("Mailboxes[" + index + "]: " + e.Message, e); }
                index++;
            }
            return new Tenant(org, tenantId, mailboxes, startTime, seed);
        }

        private static Mailbox Build(Dictionary<string, object?> s, string org, DateTime start)
        {
            string alias = Str(s, "Alias") ?? throw new FormatException("'Alias' is required.");
            string state = Str(s, "State") ?? "Active";
            bool inactive = state.Equals("Inactive", StringComparison.OrdinalIgnoreCase);
            bool softDeleted = inactive || state.Equals("SoftDeleted", StringComparison.OrdinalIgnoreCase);
            if (!inactive && !softDeleted && !state.Equals("Active", StringComparison.OrdinalIgnoreCase))
                throw new FormatException("'State' must be Active, Inactive or SoftDeleted.");
            string key = state.ToLowerInvariant() + ":" + alias.ToLowerInvariant() + "@" + org;
            string domain = org;
            string display = Str(s, "DisplayName") ?? alias;
            string smtp = Str(s, "PrimarySmtpAddress") ?? alias + "@" + domain;
            var m = new Mailbox
            {
                Alias = alias,
                DisplayName = display,
                PrimarySmtpAddress = smtp,
                UserPrincipalName = Str(s, "UserPrincipalName") ?? smtp,
                RecipientTypeDetails = Str(s, "RecipientTypeDetails") ?? "UserMailbox",
                IsInactiveMailbox = inactive,
                IsSoftDeleted = softDeleted,
                ExchangeGuid = GuidOr(s, "ExchangeGuid", key + ":exchange"),
                Guid = GuidOr(s, "Guid", key + ":object"),
                ExternalDirectoryObjectId = Str(s, "ExternalDirectoryObjectId") ?? HashGuid(key + ":aad").ToString(),
                WhenCreated = Date(s, "WhenCreated") ?? start.AddDays(-400 - (Math.Abs(HashGuid(key).GetHashCode()) % 1500)),
                LitigationHoldEnabled = Bool(s, "LitigationHoldEnabled"),
                InPlaceHolds = Strings(s, "InPlaceHolds") ?? new List<string>(),
                ComplianceTagHoldApplied = Bool(s, "ComplianceTagHoldApplied"),
                DelayHoldApplied = Bool(s, "DelayHoldApplied"),
                HasArchive = Bool(s, "Archive") || Get(s, "ArchiveGuid") != null,
                AutoExpandingArchiveEnabled = Bool(s, "AutoExpandingArchiveEnabled"),
                RetentionHoldEnabled = Bool(s, "RetentionHoldEnabled"),
                StartDateForRetentionHold = Date(s, "StartDateForRetentionHold"),
                EndDateForRetentionHold = Date(s, "EndDateForRetentionHold"),
                RetentionPolicy = Get(s, "RetentionPolicy") == null && s.ContainsKey("RetentionPolicy") ? null : Str(s, "RetentionPolicy") ?? "Default MRM Policy",
                RestoreBehavior = Enum<RestoreBehavior>(s, "RestoreBehavior", RestoreBehavior.Normal),
            };
            m.Name = Str(s, "Name") ?? HashGuid(key + ":name").ToString("N").Substring(0, 8) + "-" + alias.Replace(".", "").ToLowerInvariant();
            m.AccountDisabled = Get(s, "AccountDisabled") is bool ad ? ad : softDeleted;
            string ou = "OU=" + org + ",OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com";
            m.DistinguishedName = Str(s, "DistinguishedName") ?? "CN=" + m.Name + "," + (softDeleted ? "OU=Soft Deleted Objects," : "") + ou;
            string hex = HashGuid(key + ":ldn").ToString("N");
            m.LegacyExchangeDN = Str(s, "LegacyExchangeDN") ??
                "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=" + hex + "-" + alias.Replace(".", "").ToLowerInvariant();
            int db = 100 + Math.Abs(HashGuid(key + ":db").GetHashCode()) % 800;
            m.Database = Str(s, "Database") ?? "EURPR01DG" + (db % 97).ToString("000", CultureInfo.InvariantCulture) + "-db" + db.ToString("000", CultureInfo.InvariantCulture);
            if (m.HasArchive)
            {
                m.ArchiveGuid = GuidOr(s, "ArchiveGuid", key + ":archive");
                m.ArchiveName = Str(s, "ArchiveName") ?? "In-Place Archive -" + display;
            }
            if (softDeleted)
            {
                m.WhenSoftDeleted = Date(s, "WhenSoftDeleted") ?? start.AddDays(-90);
                if (inactive) m.InactiveMailboxRetireTime = Date(s, "InactiveMailboxRetireTime");
            }
            var addresses = Strings(s, "EmailAddresses");
            if (addresses == null)
            {
                addresses = new List<string> { "SMTP:" + smtp };
                if (!smtp.StartsWith(alias + "@", StringComparison.OrdinalIgnoreCase)) addresses.Add("smtp:" + alias + "@" + org);
                else if (!smtp.EndsWith("@" + org, StringComparison.OrdinalIgnoreCase)) addresses.Add("smtp:" + alias + "@" + org);
                foreach (var extra in Strings(s, "ExtraEmailAddresses") ?? new List<string>()) addresses.Add(extra);
            }
            m.EmailAddresses = addresses;
            bool big = m.RecipientTypeDetails != "SharedMailbox" || m.HasArchive;
            long defaultQuota = ByteSize.GB(big ? 100 : 50);
            m.ProhibitSendReceiveQuota = Size(s, "ProhibitSendReceiveQuota", defaultQuota);
            m.ProhibitSendQuota = Size(s, "ProhibitSendQuota", m.ProhibitSendReceiveQuota.HasValue ? m.ProhibitSendReceiveQuota.Value - ByteSize.GB(1) : (long?)null);
            m.IssueWarningQuota = Size(s, "IssueWarningQuota", m.ProhibitSendReceiveQuota.HasValue ? m.ProhibitSendReceiveQuota.Value - ByteSize.GB(2) : (long?)null);
            m.ArchiveQuota = Size(s, "ArchiveQuota", ByteSize.GB(m.AutoExpandingArchiveEnabled ? 1536 : 100));
            m.ArchiveWarningQuota = Size(s, "ArchiveWarningQuota", m.ArchiveQuota.HasValue ? m.ArchiveQuota.Value / 10 * 9 : (long?)null);
            m.RecoverableItemsQuota = Size(s, "RecoverableItemsQuota", ByteSize.GB(m.LitigationHoldEnabled || m.InPlaceHolds.Count > 0 ? 100 : 30));
            m.Primary = Stats(s, "", m.Primary);
            if (m.HasArchive) m.Archive = Stats(s, "Archive", m.Archive);
            return m;
        }

        private static FolderStatistics Stats(Dictionary<string, object?> s, string prefix, FolderStatistics f)
        {
            f.TotalItemSize = Size(s, prefix + (prefix.Length == 0 ? "PrimarySize" : "Size"), 0) ?? 0;
            f.ItemCount = Long(s, prefix + (prefix.Length == 0 ? "PrimaryItems" : "Items")) ?? f.TotalItemSize / DefaultAverageItemBytes;
            f.TotalDeletedItemSize = Size(s, prefix + "DeletedSize", f.TotalItemSize / 20) ?? 0;
            f.DeletedItemCount = Long(s, prefix + "DeletedItems") ?? f.TotalDeletedItemSize / DefaultAverageItemBytes;
            return f;
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

        private static object? Get(Dictionary<string, object?> s, string key) => s.TryGetValue(key, out var v) ? v : null;

        private static string? Str(Dictionary<string, object?> s, string key)
        {
            var v = Get(s, key);
            if (v == null) return null;
            if (v is string str) return str;
            if (v is long || v is double || v is bool) return Convert.ToString(v, CultureInfo.InvariantCulture);
            throw new FormatException("'" + key + "' must be a string.");
        }

        private static bool Bool(Dictionary<string, object?> s, string key)
        {
            var v = Get(s, key);
            if (v == null) return false;
            if (v is bool b) return b;
            throw new FormatException("'" + key + "' must be true or false.");
        }

        private static long? Long(Dictionary<string, object?> s, string key)
        {
            var v = Get(s, key);
            if (v == null) return null;
            if (v is long l) return l;
            if (v is double d) return (long)d;
            throw new FormatException("'" + key + "' must be a number.");
        }

        private static long? Size(Dictionary<string, object?> s, string key, long? fallback)
        {
            var v = Get(s, key);
            if (v == null) return s.ContainsKey(key) ? null : fallback;
            if (v is long l) return l;
            if (v is double d) return (long)d;
            if (v is string str && ByteSize.TryParse(str, out long? b)) return b;
            throw new FormatException("'" + key + "' must be a byte count, a size such as \"2.5 GB\" or \"Unlimited\".");
        }

        private static DateTime? Date(Dictionary<string, object?> s, string key)
        {
            string? v = Str(s, key);
            if (v == null) return null;
            if (DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime d)) return DateTime.SpecifyKind(d, DateTimeKind.Utc);
            throw new FormatException("'" + key + "' must be an ISO 8601 date.");
        }

        private static Guid GuidOr(Dictionary<string, object?> s, string key, string seed)
        {
            string? v = Str(s, key);
            if (v == null) return HashGuid(seed);
            if (Guid.TryParse(v, out Guid g)) return g;
            throw new FormatException("'" + key + "' must be a GUID.");
        }

        private static List<string>? Strings(Dictionary<string, object?> s, string key)
        {
            var v = Get(s, key);
            if (v == null) return null;
            if (v is string one) return new List<string> { one };
            if (v is List<object?> list && list.All(x => x is string)) return list.Cast<string>().ToList();
            throw new FormatException("'" + key + "' must be an array of strings.");
        }

        private static T Enum<T>(Dictionary<string, object?> s, string key, T fallback) where T : struct
        {
            string? v = Str(s, key);
            if (v == null) return fallback;
            if (System.Enum.TryParse(v, true, out T e)) return e;
            throw new FormatException("'" + key + "' must be one of " + string.Join(", ", System.Enum.GetNames(typeof(T))) + ".");
        }
    }
}

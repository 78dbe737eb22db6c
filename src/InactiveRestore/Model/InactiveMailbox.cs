using System;
using System.Collections.Generic;
using System.Linq;

namespace InactiveRestore.Model
{
    /// <summary>
    /// An inactive mailbox as Get-InactiveMailbox shows it (format views keyed on this type name).
    /// <para>Holds are read from InPlaceHolds by prefix (Microsoft's "identify the type of hold" guidance):
    /// <c>UniH</c> = eDiscovery case hold; <c>mbx</c> = Microsoft 365 retention policy on Exchange mailboxes;
    /// <c>skp</c> = retention policy on Skype for Business locations; <c>cld</c> = inferred: a retention policy on
    /// cloud (group/Teams) locations, counted as retention; a bare GUID = a legacy In-Place Hold, counted as
    /// eDiscovery/in-place. Entries starting with '-' are exclusions from organization-wide policies, not holds.
    /// A trailing <c>:n</c> (retention action) is ignored.</para>
    /// </summary>
    public sealed class InactiveMailbox
    {
        public string? DisplayName { get; set; }
        public string? PrimarySmtpAddress { get; set; }
        public string? Alias { get; set; }
        public string? UserPrincipalName { get; set; }
        public Guid ExchangeGuid { get; set; }
        public string DistinguishedName { get; set; } = string.Empty;
        public string? LegacyExchangeDN { get; set; }
        public DateTime? WhenSoftDeleted { get; set; }
        public DateTime? InactiveMailboxRetireTime { get; set; }

        public bool LitigationHold { get; set; }
        public string[] InPlaceHolds { get; set; } = Array.Empty<string>();
        /// <summary>eDiscovery and legacy In-Place holds (UniH… or bare GUIDs).</summary>
        public int EDiscoveryHoldCount { get; set; }
        /// <summary>Retention-policy holds (mbx…, skp…, cld…).</summary>
        public int RetentionHoldCount { get; set; }
        public bool ComplianceTagHold { get; set; }
        public bool DelayHold { get; set; }
        /// <summary>e.g. "Litigation, eDiscovery(1), Retention(2), Delay"; "None" when nothing holds it.</summary>
        public string Holds { get; set; } = "None";

        public bool HasArchive { get; set; }
        public Guid? ArchiveGuid { get; set; }
        public string? ArchiveStatus { get; set; }
        public bool AutoExpandingArchive { get; set; }
        public string? RetentionPolicy { get; set; }
        public string[] EmailAddresses { get; set; } = Array.Empty<string>();

        /// <summary>Primary mailbox size in bytes (TotalItemSize); only with -IncludeStatistics.</summary>
        public long? PrimarySize { get; set; }
        public long? PrimaryItemCount { get; set; }
        public long? PrimaryDeletedSize { get; set; }
        public long? ArchiveSize { get; set; }
        public long? ArchiveItemCount { get; set; }

        /// <summary>The ExchangeGuid as text, so the object pipes by property name into -SourceMailbox.</summary>
        public string SourceMailbox => ExchangeGuid.ToString();

        /// <summary>Primary + archive size in a short human form ("225.8 MB"), empty when unknown.</summary>
        public string Size => PrimarySize is null && ArchiveSize is null ? string.Empty : ByteFormat.Short((PrimarySize ?? 0) + (ArchiveSize ?? 0));

        /// <summary>"Yes (Active)", "Auto-expanding", "No".</summary>
        public string Archive => !HasArchive ? "No" : AutoExpandingArchive ? "Auto-expanding" : string.IsNullOrEmpty(ArchiveStatus) ? "Yes" : $"Yes ({ArchiveStatus})";

        public override string ToString() => PrimarySmtpAddress ?? DisplayName ?? ExchangeGuid.ToString();
    }

    /// <summary>Reads InPlaceHolds entries (see <see cref="InactiveMailbox"/> for the prefixes).</summary>
    internal static class HoldSummary
    {
        public enum HoldType { EDiscovery, Retention, Exclusion, Unknown }

        public static HoldType Classify(string entry)
        {
            var e = (entry ?? string.Empty).Trim();
            if (e.Length == 0) return HoldType.Unknown;
            if (e[0] == '-') return HoldType.Exclusion;
            var colon = e.IndexOf(':');
            if (colon > 0) e = e.Substring(0, colon);
            if (e.StartsWith("UniH", StringComparison.OrdinalIgnoreCase)) return HoldType.EDiscovery;
            if (e.StartsWith("mbx", StringComparison.OrdinalIgnoreCase) || e.StartsWith("skp", StringComparison.OrdinalIgnoreCase)
                || e.StartsWith("cld", StringComparison.OrdinalIgnoreCase)) return HoldType.Retention;
            if (Guid.TryParse(e, out _)) return HoldType.EDiscovery; // legacy In-Place Hold
            return HoldType.Unknown;
        }

        public static (int EDiscovery, int Retention) Parse(IEnumerable<string> entries)
        {
            var list = entries.Select(Classify).ToList();
            // Unknown forms still hold the mailbox: count them as retention rather than hide them.
            return (list.Count(t => t == HoldType.EDiscovery), list.Count(t => t is HoldType.Retention or HoldType.Unknown));
        }

        public static string Describe(bool litigation, int eDiscovery, int retention, bool complianceTag, bool delay)
        {
            var parts = new List<string>();
            if (litigation) parts.Add("Litigation");
            if (eDiscovery > 0) parts.Add($"eDiscovery({eDiscovery})");
            if (retention > 0) parts.Add($"Retention({retention})");
            if (complianceTag) parts.Add("ComplianceTag");
            if (delay) parts.Add("Delay");
            return parts.Count == 0 ? "None" : string.Join(", ", parts);
        }
    }
}

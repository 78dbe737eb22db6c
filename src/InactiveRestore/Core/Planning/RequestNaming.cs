using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using InactiveRestore.Exchange;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Request names. The deterministic name of a restore is
    /// <c>IR-{source alias, or the first 8 hex digits of its ExchangeGuid}-{last 8 hex digits of its ExchangeGuid}-Primary</c>
    /// (or <c>-Archive</c>), e.g. <c>IR-jsmith-9c4d2e1f-Primary</c>. The alias keeps only letters, digits, '.', '_' and '-'
    /// and is cut to 32 characters, so a name is at most 52 characters. It is:
    /// deterministic (a re-run finds the request it made before: idempotence), unique per target for distinct sources
    /// (the ExchangeGuid digits), valid for Exchange (no '\'), and never one of Exchange's default slots
    /// (MailboxRestore, MailboxRestore1..9), which stay free for other tools.
    /// An explicit name overrides it; the archive request then gets <c>{Name}-Archive</c>.
    /// </summary>
    internal static class RequestNaming
    {
        public const string Prefix = "IR-";
        public const string PrimarySuffix = "-Primary";
        public const string ArchiveSuffix = "-Archive";
        public const int MaxAliasLength = 32;
        public const int MaxNameLength = 255;

        private static readonly Regex DefaultSlot = new(@"^MailboxRestore[1-9]?$", RegexOptions.IgnoreCase);

        /// <summary>The deterministic name for restoring <paramref name="source"/> (primary or archive).</summary>
        public static string ForSource(ExchangeMailbox source, bool isArchive) => ForSource(source.Alias, source.ExchangeGuid, isArchive);

        public static string ForSource(string? alias, Guid exchangeGuid, bool isArchive)
        {
            var hex = exchangeGuid.ToString("N", CultureInfo.InvariantCulture);
            var head = CleanAlias(alias);
            if (head.Length == 0) head = hex.Substring(0, 8);
            return Prefix + head + "-" + hex.Substring(hex.Length - 8) + (isArchive ? ArchiveSuffix : PrimarySuffix);
        }

        /// <summary>The name to use: explicit (archive gets "-Archive" appended) or deterministic.</summary>
        public static string Resolve(string? explicitName, ExchangeMailbox source, bool isArchive) =>
            string.IsNullOrEmpty(explicitName) ? ForSource(source, isArchive) : (isArchive ? explicitName + ArchiveSuffix : explicitName!);

        /// <summary>
        /// The source alias a module-made name carries (IR-&lt;alias&gt;-&lt;8 hex&gt;-Primary|Archive), when the 8 hex digits
        /// are those of <paramref name="sourceExchangeGuid"/>; null otherwise (explicit names, another source, no alias).
        /// Exchange's request listing does not name the source, so this lets a listing show who was restored for free.
        /// </summary>
        public static string? SourceAliasFromName(string? name, Guid sourceExchangeGuid)
        {
            if (name is null || sourceExchangeGuid == Guid.Empty) return null;
            var m = ModuleNamePattern.Match(name);
            if (!m.Success) return null;
            var hex = sourceExchangeGuid.ToString("N", CultureInfo.InvariantCulture);
            if (!string.Equals(m.Groups["hex"].Value, hex.Substring(hex.Length - 8), StringComparison.OrdinalIgnoreCase)) return null;
            var alias = m.Groups["alias"].Value;
            return string.Equals(alias, hex.Substring(0, 8), StringComparison.OrdinalIgnoreCase) ? null : alias;
        }

        /// <summary>
        /// The source alias a module-made name carries, from the name alone (a listing row has no source GUID to check the
        /// 8 hex digits against); null for other names, and for a name made without an alias (its head is GUID digits).
        /// </summary>
        public static string? SourceAliasFromName(string? name)
        {
            if (name is null) return null;
            var m = ModuleNamePattern.Match(name);
            if (!m.Success) return null;
            var alias = m.Groups["alias"].Value;
            return Regex.IsMatch(alias, "^[0-9a-fA-F]{8}$") ? null : alias;
        }

        private static readonly Regex ModuleNamePattern = new(@"^IR-(?<alias>.+)-(?<hex>[0-9a-fA-F]{8})-(Primary|Archive)$");

        /// <summary>True for names that follow the module's naming (start with <see cref="Prefix"/>, case-insensitive).</summary>
        public static bool IsModuleName(string? name) => name is not null && name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

        /// <summary>True for Exchange's default names MailboxRestore, MailboxRestore1..9.</summary>
        public static bool IsDefaultSlotName(string? name) => name is not null && DefaultSlot.IsMatch(name);

        /// <summary>Null when <paramref name="name"/> is a valid request name, else why not.</summary>
        public static string? CheckName(string? name)
        {
            if (name is null || name.Trim().Length == 0) return "a request name must not be empty";
            if (name.IndexOf('\\') >= 0) return "a request name must not contain '\\' (Exchange uses it to separate the target alias from the name)";
            if (name.Any(char.IsControl)) return "a request name must not contain control characters";
            if (name != name.Trim()) return "a request name must not start or end with spaces";
            if (name.Length + ArchiveSuffix.Length > MaxNameLength) return $"a request name must be at most {MaxNameLength - ArchiveSuffix.Length} characters (the archive request appends '{ArchiveSuffix}')";
            return null;
        }

        /// <summary>Throws <see cref="InvalidInputException"/> (ErrorId InvalidRequestName) for an invalid name.</summary>
        public static void ThrowIfInvalid(string parameterName, string? name)
        {
            var why = CheckName(name);
            if (why is not null) throw new InvalidInputException("InvalidRequestName", parameterName, name, $"Request name '{name}' is not valid: {why}.");
        }

        private static string CleanAlias(string? alias)
        {
            if (string.IsNullOrEmpty(alias)) return string.Empty;
            var sb = new StringBuilder();
            foreach (var c in alias!)
            {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '.' or '_' or '-') sb.Append(c);
            }
            var s = sb.ToString().Trim('.', '-');
            return s.Length > MaxAliasLength ? s.Substring(0, MaxAliasLength).TrimEnd('.', '-') : s;
        }
    }
}

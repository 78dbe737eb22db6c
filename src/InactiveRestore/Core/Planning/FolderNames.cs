using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Folder names and folder specs. Exchange folder paths use <c>/</c> as the separator, so a name built from a
    /// display name replaces <c>\</c>, <c>/</c> and control characters with <c>_</c> and trims leading/trailing
    /// spaces and dots.
    /// </summary>
    internal static class FolderNames
    {
        public const int MaxFolderNameLength = 250;

        private static readonly Regex WellKnown = new(@"^#[A-Za-z]+#$");

        /// <summary><c>Restored-{DisplayName}-{yyyy-MM-dd}</c>, e.g. <c>Restored-John Smith-2024-01-15</c>.</summary>
        public static string DefaultTargetRootFolder(string? displayName, DateTime date)
        {
            var name = Sanitize(displayName);
            if (name.Length == 0) name = "Mailbox";
            if (name.Length > 200) name = name.Substring(0, 200).TrimEnd(' ', '.');
            return "Restored-" + name + "-" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        /// <summary>The archive request's folder: the primary's folder name followed by <c>-Archive</c>.</summary>
        public static string ArchiveFolder(string primaryFolder) => primaryFolder + "-Archive";

        /// <summary>
        /// True when <paramref name="folderName"/> is a default root folder of a restore of the mailbox named
        /// <paramref name="displayName"/> on any day: <c>Restored-{DisplayName}-{yyyy-MM-dd}</c>, followed by <c>-Archive</c>
        /// for the archive's (the name as <see cref="DefaultTargetRootFolder"/> makes it, so sanitized and cut alike).
        /// </summary>
        public static bool IsDefaultTargetRootFolder(string? folderName, string? displayName, bool archive)
        {
            if (string.IsNullOrEmpty(folderName)) return false;
            var sample = DefaultTargetRootFolder(displayName, new DateTime(2000, 1, 1));
            var head = sample.Substring(0, sample.Length - "2000-01-01".Length);
            var pattern = "^" + Regex.Escape(head) + @"\d{4}-\d{2}-\d{2}" + (archive ? Regex.Escape(ArchiveFolder(string.Empty)) : string.Empty) + "$";
            return Regex.IsMatch(folderName, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        /// <summary>Makes one folder name: <c>\</c>, <c>/</c> and control characters become <c>_</c>; runs of blanks collapse; leading and trailing spaces and dots go.</summary>
        public static string Sanitize(string? name)
        {
            if (string.IsNullOrEmpty(name)) return string.Empty;
            var sb = new StringBuilder(name!.Length);
            foreach (var c in name)
            {
                if (char.IsWhiteSpace(c)) sb.Append(' ');
                else if (c == '\\' || c == '/' || char.IsControl(c)) sb.Append('_');
                else sb.Append(c);
            }
            var collapsed = Regex.Replace(sb.ToString(), " {2,}", " ");
            return collapsed.Trim(' ', '.');
        }

        /// <summary>
        /// Checks an IncludeFolders/ExcludeFolders entry: <c>Name</c>, <c>Name/*</c>, <c>Parent/Child/*</c>,
        /// <c>#Inbox#/*</c>. No wildcard except a trailing <c>/*</c>, no empty segment, no <c>\</c> or control character,
        /// a well-known <c>#Name#</c> only as the first segment. Returns null when valid, else why not.
        /// </summary>
        public static string? CheckFolderSpec(string? spec)
        {
            if (spec is null || spec.Trim().Length == 0) return "a folder spec must not be empty";
            if (spec.Any(char.IsControl)) return "a folder spec must not contain control characters";
            if (spec.IndexOf('\\') >= 0) return "use '/' to separate folders, not '\\'";
            var body = spec.EndsWith("/*", StringComparison.Ordinal) ? spec.Substring(0, spec.Length - 2) : spec;
            if (body.IndexOf('*') >= 0 || body.IndexOf('?') >= 0) return "the only wildcard allowed is a trailing '/*' (the folder and its subfolders)";
            var segments = body.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                var s = segments[i];
                if (s.Trim().Length == 0) return "a folder spec must not have an empty segment ('//', or a leading or trailing '/')";
                if (s != s.Trim()) return $"segment '{s}' has leading or trailing spaces";
                if (s.StartsWith("#", StringComparison.Ordinal) || s.EndsWith("#", StringComparison.Ordinal))
                {
                    if (!WellKnown.IsMatch(s)) return $"'{s}' is not a well-known folder form like #Inbox#";
                    if (i != 0) return $"the well-known folder '{s}' can only be the first segment";
                }
            }
            return null;
        }

        /// <summary>Checks an explicit TargetRootFolder (a path with '/' separators, no wildcard). Returns null when valid.</summary>
        public static string? CheckTargetRootFolder(string? folder)
        {
            if (folder is null || folder.Trim().Length == 0) return "the target root folder must not be empty";
            if (folder.IndexOf('*') >= 0 || folder.IndexOf('?') >= 0) return "the target root folder must not contain wildcards";
            if (folder.Length > MaxFolderNameLength) return $"the target root folder is longer than {MaxFolderNameLength} characters";
            var check = CheckFolderSpec(folder);
            return check;
        }

        /// <summary>Throws <see cref="InvalidInputException"/> (ErrorId InvalidFolderSpec) for an invalid spec.</summary>
        public static void ThrowIfInvalidFolderSpec(string parameterName, string? spec)
        {
            var why = CheckFolderSpec(spec);
            if (why is not null) throw new InvalidInputException("InvalidFolderSpec", parameterName, spec, $"Folder spec '{spec}' is not valid: {why}.");
        }
    }
}

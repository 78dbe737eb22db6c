using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace InactiveRestore.Core.Readiness
{
    /// <summary>The form the module expects a property value in.</summary>
    internal enum ValueForm
    {
        /// <summary>Anything (only presence is checked).</summary>
        Any,
        /// <summary>A non-empty text.</summary>
        Text,
        /// <summary>A GUID (a Guid, or text that parses as one).</summary>
        Guid,
        /// <summary>True/False (a bool, or its text).</summary>
        Bool,
        /// <summary>A whole number (thousands separators allowed).</summary>
        Integer,
        /// <summary>A whole number from 0 to 100.</summary>
        Percent,
        /// <summary>A date and time.</summary>
        Date,
        /// <summary>An Exchange size: "225.8 MB (236,732,045 bytes)" (a plain number of bytes is read too).</summary>
        Size,
        /// <summary>An Exchange size or "Unlimited" (quotas).</summary>
        SizeOrUnlimited,
        /// <summary>A list of text (one text is read as a list of one).</summary>
        TextList,
        /// <summary>A list of proxy addresses, each "prefix:address" (SMTP:, smtp:, X500:).</summary>
        ProxyAddresses,
        /// <summary>An Exchange legacy DN: "/o=...".</summary>
        LegacyDN,
        /// <summary>An SMTP address (text with an @).</summary>
        SmtpAddress,
    }

    /// <summary>One property the module relies on: its name, its form, and whether it must have a value.</summary>
    internal sealed class ShapeRule
    {
        public ShapeRule(string property, ValueForm form, bool required = true)
        {
            Property = property;
            Form = form;
            Required = required;
        }

        public string Property { get; }

        public ValueForm Form { get; }

        /// <summary>True: the property must be present with a value of its form; false: it must be present, and may be empty.</summary>
        public bool Required { get; }
    }

    /// <summary>A property that is missing or not of the expected form.</summary>
    internal sealed class ShapeProblem
    {
        public ShapeProblem(ShapeRule rule, string description)
        {
            Rule = rule;
            Description = description;
        }

        public ShapeRule Rule { get; }

        public string Description { get; }

        public override string ToString() => Description;
    }

    /// <summary>
    /// The properties the module reads from each Exchange object and the form it expects them in (contract §2, §5, §6,
    /// §10), and the check of one object against them. Objects come in as plain property bags (name → value; lists as
    /// IEnumerable); a name that is not in the bag is missing, a name with null is present but empty.
    /// </summary>
    internal static class ShapeRules
    {
        private static readonly Regex BytesInParentheses = new(@"\(\s*[\d,\.\s\u00A0']+\s*bytes?\s*\)", RegexOptions.IgnoreCase);

        public static IReadOnlyList<ShapeRule> InactiveMailbox { get; } = new[]
        {
            new ShapeRule("ExchangeGuid", ValueForm.Guid),
            new ShapeRule("Guid", ValueForm.Guid, required: false),
            new ShapeRule("DistinguishedName", ValueForm.Text),
            new ShapeRule("LegacyExchangeDN", ValueForm.LegacyDN),
            new ShapeRule("PrimarySmtpAddress", ValueForm.SmtpAddress),
            new ShapeRule("DisplayName", ValueForm.Text),
            new ShapeRule("Alias", ValueForm.Text),
            new ShapeRule("Name", ValueForm.Text, required: false),
            new ShapeRule("UserPrincipalName", ValueForm.Any, required: false),
            new ShapeRule("ExternalDirectoryObjectId", ValueForm.Any, required: false),
            new ShapeRule("RecipientTypeDetails", ValueForm.Text),
            new ShapeRule("IsInactiveMailbox", ValueForm.Bool),
            new ShapeRule("WhenSoftDeleted", ValueForm.Date, required: false),
            new ShapeRule("InactiveMailboxRetireTime", ValueForm.Date, required: false),
            new ShapeRule("LitigationHoldEnabled", ValueForm.Bool),
            new ShapeRule("InPlaceHolds", ValueForm.TextList, required: false),
            new ShapeRule("ComplianceTagHoldApplied", ValueForm.Bool, required: false),
            new ShapeRule("DelayHoldApplied", ValueForm.Bool, required: false),
            new ShapeRule("ArchiveGuid", ValueForm.Guid),
            new ShapeRule("ArchiveStatus", ValueForm.Text, required: false),
            new ShapeRule("ArchiveDatabase", ValueForm.Any, required: false),
            new ShapeRule("ArchiveName", ValueForm.Any, required: false),
            new ShapeRule("AutoExpandingArchiveEnabled", ValueForm.Bool, required: false),
            new ShapeRule("EmailAddresses", ValueForm.ProxyAddresses),
            new ShapeRule("RetentionHoldEnabled", ValueForm.Bool, required: false),
            new ShapeRule("RetentionPolicy", ValueForm.Any, required: false),
            new ShapeRule("ProhibitSendReceiveQuota", ValueForm.SizeOrUnlimited),
            new ShapeRule("ArchiveQuota", ValueForm.SizeOrUnlimited, required: false),
            new ShapeRule("IsDirSynced", ValueForm.Bool, required: false),
        };

        public static IReadOnlyList<ShapeRule> MailboxStatistics { get; } = new[]
        {
            new ShapeRule("TotalItemSize", ValueForm.Size),
            new ShapeRule("ItemCount", ValueForm.Integer),
            new ShapeRule("TotalDeletedItemSize", ValueForm.Size),
            new ShapeRule("DeletedItemCount", ValueForm.Integer),
        };

        public static IReadOnlyList<ShapeRule> RestoreRequest { get; } = new[]
        {
            new ShapeRule("Name", ValueForm.Text),
            new ShapeRule("Identity", ValueForm.Text),
            new ShapeRule("RequestGuid", ValueForm.Guid),
            new ShapeRule("TargetMailbox", ValueForm.Any, required: false),
            new ShapeRule("Status", ValueForm.Text),
            new ShapeRule("BatchName", ValueForm.Any, required: false),
            new ShapeRule("Suspend", ValueForm.Bool, required: false),
        };

        public static IReadOnlyList<ShapeRule> RestoreRequestStatistics { get; } = new[]
        {
            new ShapeRule("Name", ValueForm.Text),
            new ShapeRule("Identity", ValueForm.Text),
            new ShapeRule("RequestGuid", ValueForm.Guid),
            new ShapeRule("BatchName", ValueForm.Any, required: false),
            new ShapeRule("Status", ValueForm.Text),
            new ShapeRule("StatusDetail", ValueForm.Text),
            new ShapeRule("SyncStage", ValueForm.Any, required: false),
            new ShapeRule("Suspend", ValueForm.Bool, required: false),
            new ShapeRule("SourceExchangeGuid", ValueForm.Guid),
            new ShapeRule("SourceRootFolder", ValueForm.Any, required: false),
            new ShapeRule("SourceIsArchive", ValueForm.Bool, required: false),
            new ShapeRule("TargetAlias", ValueForm.Any, required: false),
            new ShapeRule("TargetExchangeGuid", ValueForm.Guid),
            new ShapeRule("TargetIsArchive", ValueForm.Bool),
            new ShapeRule("TargetRootFolder", ValueForm.Any, required: false),
            new ShapeRule("ConflictResolutionOption", ValueForm.Any, required: false),
            new ShapeRule("EstimatedTransferSize", ValueForm.Size),
            new ShapeRule("EstimatedTransferItemCount", ValueForm.Integer),
            new ShapeRule("BytesTransferred", ValueForm.Size, required: false),
            new ShapeRule("BytesTransferredPerMinute", ValueForm.Size, required: false),
            new ShapeRule("ItemsTransferred", ValueForm.Integer, required: false),
            new ShapeRule("PercentComplete", ValueForm.Percent),
            new ShapeRule("QueuedTimestamp", ValueForm.Date, required: false),
            new ShapeRule("StartTimestamp", ValueForm.Date, required: false),
            new ShapeRule("LastUpdateTimestamp", ValueForm.Date, required: false),
            new ShapeRule("CompletionTimestamp", ValueForm.Date, required: false),
            new ShapeRule("SuspendedTimestamp", ValueForm.Date, required: false),
            new ShapeRule("FailureTimestamp", ValueForm.Date, required: false),
            new ShapeRule("FailureType", ValueForm.Any, required: false),
            new ShapeRule("Message", ValueForm.Any, required: false),
            new ShapeRule("BadItemsEncountered", ValueForm.Integer, required: false),
            new ShapeRule("LargeItemsEncountered", ValueForm.Integer, required: false),
            new ShapeRule("MissingItemsEncountered", ValueForm.Integer, required: false),
            new ShapeRule("DataConsistencyScore", ValueForm.Any, required: false),
            new ShapeRule("PositionInQueue", ValueForm.Any, required: false),
        };

        /// <summary>
        /// Every rule the object breaks: a property missing, a required one empty, or a value not of its form. The
        /// descriptions name the property and the form and show the value only where it cannot be personal data
        /// (sizes, numbers, dates, booleans).
        /// </summary>
        public static IReadOnlyList<ShapeProblem> Check(IReadOnlyDictionary<string, object?> properties, IEnumerable<ShapeRule> rules)
        {
            if (properties is null) throw new ArgumentNullException(nameof(properties));
            var problems = new List<ShapeProblem>();
            foreach (var rule in rules)
            {
                if (!properties.TryGetValue(rule.Property, out var value))
                {
                    problems.Add(new ShapeProblem(rule, $"{rule.Property} is missing"));
                    continue;
                }
                if (IsEmpty(value))
                {
                    if (rule.Required && rule.Form != ValueForm.Any) problems.Add(new ShapeProblem(rule, $"{rule.Property} is empty"));
                    continue;
                }
                if (!Fits(rule.Form, value)) problems.Add(new ShapeProblem(rule, $"{rule.Property} {Describe(rule.Form, value)}"));
            }
            return problems;
        }

        private static bool IsEmpty(object? value) => value switch
        {
            null => true,
            string s => s.Trim().Length == 0,
            _ => false,
        };

        private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;

        internal static bool Fits(ValueForm form, object? value)
        {
            switch (form)
            {
                case ValueForm.Any: return true;
                case ValueForm.Text: return value is not IEnumerable || value is string ? Text(value).Length > 0 : false;
                case ValueForm.Guid: return value is System.Guid || (value is string g && System.Guid.TryParse(g.Trim(), out _));
                case ValueForm.Bool: return value is bool || (value is string b && bool.TryParse(b.Trim(), out _));
                case ValueForm.Integer: return IsInteger(value, out _);
                case ValueForm.Percent: return IsInteger(value, out var p) && p >= 0 && p <= 100;
                case ValueForm.Date:
                    return value is DateTime or DateTimeOffset
                        || (value is string d && DateTime.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _));
                case ValueForm.Size: return IsSize(value);
                case ValueForm.SizeOrUnlimited:
                    return IsSize(value) || string.Equals(Text(value), "Unlimited", StringComparison.OrdinalIgnoreCase);
                case ValueForm.TextList: return value is string || value is IEnumerable;
                case ValueForm.ProxyAddresses:
                    var items = value is string one ? new[] { one } : value is IEnumerable e ? e.Cast<object?>().Select(Text).ToArray() : null;
                    return items is not null && items.All(a => a.IndexOf(':') > 0);
                case ValueForm.LegacyDN: return value is string dn && dn.TrimStart().StartsWith("/o=", StringComparison.OrdinalIgnoreCase);
                case ValueForm.SmtpAddress: return value is not IEnumerable || value is string ? Text(value).IndexOf('@') > 0 : false;
                default: return true;
            }
        }

        private static bool IsInteger(object? value, out long result)
        {
            result = 0;
            switch (value)
            {
                case int i: result = i; return true;
                case long l: result = l; return true;
                case short or byte or uint or ulong or ushort or sbyte: result = Convert.ToInt64(value, CultureInfo.InvariantCulture); return true;
                case string s: return long.TryParse(s.Trim().Replace(",", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture, out result);
                default: return false;
            }
        }

        private static bool IsSize(object? value) => value switch
        {
            int or long or uint or ulong => true,
            string s => BytesInParentheses.IsMatch(s),
            _ => false,
        };

        private static string Describe(ValueForm form, object? value)
        {
            var shown = form is ValueForm.Size or ValueForm.SizeOrUnlimited or ValueForm.Integer or ValueForm.Percent or ValueForm.Date or ValueForm.Bool
                ? $" '{Shorten(Text(value))}'"
                : string.Empty;
            var type = value is string ? "text" : value is IEnumerable ? "a list" : value?.GetType().Name ?? "null";
            return form switch
            {
                ValueForm.Size => $"is{shown} ({type}), not a size with '(N bytes)'",
                ValueForm.SizeOrUnlimited => $"is{shown} ({type}), not 'Unlimited' or a size with '(N bytes)'",
                ValueForm.Guid => $"is not a GUID ({type})",
                ValueForm.Bool => $"is{shown} ({type}), not True or False",
                ValueForm.Integer => $"is{shown} ({type}), not a whole number",
                ValueForm.Percent => $"is{shown} ({type}), not a whole number from 0 to 100",
                ValueForm.Date => $"is{shown} ({type}), not a date",
                ValueForm.TextList => $"is {type}, not a list",
                ValueForm.ProxyAddresses => $"is {type}, not a list of 'prefix:address' entries",
                ValueForm.LegacyDN => $"is {type} not starting with '/o='",
                ValueForm.SmtpAddress => $"is {type} without '@'",
                _ => $"is {type}, not text",
            };
        }

        private static string Shorten(string s) => s.Length <= 40 ? s : s.Substring(0, 40) + "...";
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// Reads values out of Exchange property bags. Exchange Online returns deserialized-style objects: enums as
    /// strings, sizes as strings like "225.8 MB (236,732,045 bytes)" or "Unlimited", GUIDs and dates as strings
    /// or typed values depending on the path. Everything here is lenient about the form and strict about meaning.
    /// </summary>
    internal static class ExchangeValue
    {
        private static readonly Regex BytesInParentheses = new(@"\(\s*([\d,\.\s\u00A0']+)\s*bytes?\s*\)", RegexOptions.IgnoreCase);
        private static readonly Regex SizeWithUnit = new(@"^\s*([\d\.,]+)\s*(B|KB|MB|GB|TB|PB)\s*$", RegexOptions.IgnoreCase);

        /// <summary>The raw value of a property, unwrapped from PSObject; null when absent.</summary>
        public static object? Raw(PSObject obj, string name)
        {
            var value = obj.Properties[name]?.Value;
            return value is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : value;
        }

        public static string? String(PSObject obj, string name)
        {
            var v = Raw(obj, name);
            if (v is null) return null;
            var s = Convert.ToString(v, CultureInfo.InvariantCulture);
            return string.IsNullOrEmpty(s) ? null : s;
        }

        public static bool Bool(PSObject obj, string name) => ToBool(Raw(obj, name)) ?? false;

        public static bool? ToBool(object? v) => v switch
        {
            null => null,
            bool b => b,
            SwitchParameter sw => sw.IsPresent,
            string s when bool.TryParse(s.Trim(), out var b) => b,
            string s when s.Trim() == "1" => true,
            string s when s.Trim() == "0" => false,
            int i => i != 0,
            _ => null,
        };

        public static int? Int(PSObject obj, string name) => ToLong(Raw(obj, name)) is long l ? (int)Math.Max(int.MinValue, Math.Min(int.MaxValue, l)) : null;

        public static long? Long(PSObject obj, string name) => ToLong(Raw(obj, name));

        public static long? ToLong(object? v)
        {
            switch (v)
            {
                case null: return null;
                case int i: return i;
                case long l: return l;
                case uint ui: return ui;
                case ulong ul: return ul > long.MaxValue ? long.MaxValue : (long)ul;
                case double d: return (long)d;
                case decimal m: return (long)m;
                case string s:
                    var t = s.Trim().Replace(",", string.Empty);
                    if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                    if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var dd)) return (long)dd;
                    return null;
                default:
                    try { return Convert.ToInt64(v, CultureInfo.InvariantCulture); }
                    catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException) { return null; }
            }
        }

        public static Guid? Guid(PSObject obj, string name) => ToGuid(Raw(obj, name));

        public static Guid? ToGuid(object? v) => v switch
        {
            null => null,
            System.Guid g => g,
            string s when System.Guid.TryParse(s.Trim(), out var g) => g,
            _ => null,
        };

        public static DateTime? Date(PSObject obj, string name) => ToDate(Raw(obj, name));

        public static DateTime? ToDate(object? v) => v switch
        {
            null => null,
            DateTime d => d,
            DateTimeOffset o => o.UtcDateTime,
            string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) => d,
            _ => null,
        };

        public static TimeSpan? ToTimeSpan(object? v) => v switch
        {
            null => null,
            TimeSpan t => t,
            string s when TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var t) => t,
            _ => null,
        };

        /// <summary>A string array property (EmailAddresses, InPlaceHolds...). Accepts arrays, lists or a single string.</summary>
        public static IReadOnlyList<string> Strings(PSObject obj, string name) => ToStrings(Raw(obj, name));

        public static IReadOnlyList<string> ToStrings(object? v)
        {
            switch (v)
            {
                case null: return Array.Empty<string>();
                case string s: return s.Length == 0 ? Array.Empty<string>() : new[] { s };
                case IEnumerable e:
                    return e.Cast<object?>()
                        .Select(x => x is PSObject p ? p.BaseObject : x)
                        .Select(x => Convert.ToString(x, CultureInfo.InvariantCulture))
                        .Where(x => !string.IsNullOrEmpty(x))
                        .Select(x => x!)
                        .ToArray();
                default:
                    var one = Convert.ToString(v, CultureInfo.InvariantCulture);
                    return string.IsNullOrEmpty(one) ? Array.Empty<string>() : new[] { one! };
            }
        }

        /// <summary>A size property, as bytes. "Unlimited" and absent values are null.</summary>
        public static long? Size(PSObject obj, string name) => ParseSize(Raw(obj, name));

        /// <summary>
        /// Like <see cref="Size"/>, but a value that is present and neither "Unlimited" nor readable as a size adds
        /// <paramref name="name"/> to <paramref name="unreadable"/> (so it is reported, never taken as Unlimited silently).
        /// </summary>
        public static long? CheckedSize(PSObject obj, string name, ICollection<string> unreadable)
        {
            var raw = Raw(obj, name);
            var bytes = ParseSize(raw);
            if (bytes is null && !IsUnlimitedOrEmpty(raw)) unreadable.Add(name);
            return bytes;
        }

        /// <summary>True for an absent or empty value and for "Unlimited" (the only forms that mean "no size").</summary>
        public static bool IsUnlimitedOrEmpty(object? value)
        {
            if (value is PSObject p) value = p.BaseObject;
            if (value is null) return true;
            var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
            return string.IsNullOrEmpty(text) || text!.Equals("Unlimited", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// Parses an Exchange size: "225.8 MB (236,732,045 bytes)" → 236732045 (the byte count in parentheses wins),
        /// "Unlimited" → null, a bare number → that many bytes, "1.5 GB" → approximate bytes.
        /// </summary>
        public static long? ParseSize(object? value)
        {
            switch (value)
            {
                case null: return null;
                case PSObject p: return ParseSize(p.BaseObject);
                case int or long or uint or ulong or double or decimal: return ToLong(value);
            }
            var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
            if (string.IsNullOrEmpty(text) || text!.Equals("Unlimited", StringComparison.OrdinalIgnoreCase)) return null;
            var m = BytesInParentheses.Match(text);
            if (m.Success)
            {
                var digits = new string(m.Groups[1].Value.Where(char.IsDigit).ToArray());
                if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var b)) return b;
            }
            var plain = text.Replace(",", string.Empty);
            if (long.TryParse(plain, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
            var u = SizeWithUnit.Match(text);
            if (u.Success && double.TryParse(u.Groups[1].Value.Replace(",", string.Empty), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                var power = u.Groups[2].Value.ToUpperInvariant() switch { "B" => 0, "KB" => 1, "MB" => 2, "GB" => 3, "TB" => 4, _ => 5 };
                return (long)(amount * Math.Pow(1024, power));
            }
            return null;
        }

        /// <summary>Formats bytes the way Exchange does: "225.8 MB (236,732,045 bytes)".</summary>
        public static string FormatSize(long bytes) => Model.ByteFormat.Full(bytes);

        /// <summary>Short human form: "225.8 MB".</summary>
        public static string FormatBytes(long? bytes) => Model.ByteFormat.Short(bytes);
    }
}

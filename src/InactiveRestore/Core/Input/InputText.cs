using System;
using System.Text;

namespace InactiveRestore.Core
{
    /// <summary>Small text helpers shared by the input validators.</summary>
    internal static class InputText
    {
        /// <summary>A value as it can be shown in an error message: at most 80 characters, control characters as \uXXXX.</summary>
        public static string Printable(string? value)
        {
            if (value is null) return string.Empty;
            var chars = value.Length > 80 ? value.Substring(0, 80) + "…" : value;
            var sb = new StringBuilder();
            foreach (var c in chars) sb.Append(char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString());
            return sb.ToString();
        }

        /// <summary>Parses a GUID in the 'D' form, optionally in braces ({...}).</summary>
        public static bool TryParseGuid(string value, out Guid guid)
        {
            var text = value.StartsWith("{", StringComparison.Ordinal) && value.EndsWith("}", StringComparison.Ordinal)
                ? value.Substring(1, value.Length - 2)
                : value;
            return Guid.TryParseExact(text, "D", out guid);
        }
    }
}

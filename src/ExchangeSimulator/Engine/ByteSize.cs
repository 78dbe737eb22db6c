using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ExchangeSimulator.Engine
{
    /// <summary>Formats and parses sizes the way Exchange's ByteQuantifiedSize prints them.</summary>
    public static class ByteSize
    {
        private static readonly string[] Units = { "B", "KB", "MB", "GB", "TB" };
        private static readonly Regex Parenthesized = new Regex(@"\(([\d,\.\s]+)\s*bytes\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Plain = new Regex(@"^\s*([\d\.,]+)\s*(B|KB|MB|GB|TB)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>"225.8 MB (236,732,045 bytes)", "0 B (0 bytes)"; one decimal, a trailing .0 dropped, units at 1024.</summary>
        public static string Format(long bytes)
        {
            if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes));
            double value = bytes;
            int unit = 0;
            while (value >= 1024 && unit < Units.Length - 1)
            {
                value /= 1024;
                unit++;
            }
            double rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
            string number = rounded.ToString("0.#", CultureInfo.InvariantCulture);
            return number + " " + Units[unit] + " (" + bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes)";
        }

        /// <summary>Formats a quota: null means "Unlimited".</summary>
        public static string FormatQuota(long? bytes) => bytes.HasValue ? Format(bytes.Value) : "Unlimited";

        /// <summary>Parses "225.8 MB (236,732,045 bytes)" (the byte count wins), "2.5 GB", "1024" or "Unlimited" (null).</summary>
        public static bool TryParse(string? text, out long? bytes)
        {
            bytes = null;
            if (text == null) return false;
            string t = text.Trim();
            if (t.Equals("Unlimited", StringComparison.OrdinalIgnoreCase)) return true;
            var m = Parenthesized.Match(t);
            if (m.Success)
            {
                string digits = m.Groups[1].Value.Replace(",", "").Replace(".", "").Replace(" ", "");
                if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long b)) { bytes = b; return true; }
                return false;
            }
            m = Plain.Match(t);
            if (!m.Success) return false;
            if (!double.TryParse(m.Groups[1].Value.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return false;
            string unit = m.Groups[2].Success ? m.Groups[2].Value.ToUpperInvariant() : "B";
            int power = Array.IndexOf(Units, unit);
            bytes = (long)Math.Round(v * Math.Pow(1024, power));
            return true;
        }

        public static long? Parse(string text)
        {
            if (!TryParse(text, out long? b)) throw new FormatException("Not a size: '" + text + "'.");
            return b;
        }

        public static long GB(double n) => (long)(n * 1024 * 1024 * 1024);
        public static long MB(double n) => (long)(n * 1024 * 1024);
    }
}

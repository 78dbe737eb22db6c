using System;
using System.Globalization;

namespace InactiveRestore.Model
{
    /// <summary>Byte counts as Exchange writes them.</summary>
    internal static class ByteFormat
    {
        /// <summary>Exchange's full form: "225.8 MB (236,732,045 bytes)".</summary>
        public static string Full(long bytes)
        {
            string[] units = { "B", "KB", "MB", "GB", "TB", "PB" };
            double v = bytes;
            var i = 0;
            while (v >= 1024 && i < units.Length - 1) { v /= 1024; i++; }
            var rounded = Math.Round(v, 1, MidpointRounding.AwayFromZero);
            var number = rounded.ToString(rounded % 1 == 0 ? "0" : "0.0", CultureInfo.InvariantCulture);
            return $"{number} {units[i]} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)";
        }

        /// <summary>Short human form: "225.8 MB"; empty for null.</summary>
        public static string Short(long? bytes)
        {
            if (bytes is null) return string.Empty;
            var full = Full(bytes.Value);
            return full.Substring(0, full.IndexOf(" (", StringComparison.Ordinal));
        }
    }
}

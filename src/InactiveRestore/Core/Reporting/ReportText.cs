using System;
using System.Globalization;

namespace InactiveRestore.Core.Reporting
{
    /// <summary>
    /// How report values are written. The rounding is Get-InactiveRestore's (module/InactiveRestore.format.ps1xml): sizes
    /// in binary units with one optional decimal ('0.#', 1 KB = 1024 bytes), durations as hours:minutes:seconds with the
    /// hours not wrapped at 24. Invariant culture throughout, so a report reads the same whoever runs it.
    /// </summary>
    internal static class ReportText
    {
        private static readonly string[] Units = { "B", "KB", "MB", "GB", "TB" };

        /// <summary>Get-InactiveRestore's Size column: <c>189 MB</c>, <c>2.1 GB</c>; null for null.</summary>
        public static string? Size(long? bytes)
        {
            if (bytes is null) return null;
            var v = (double)bytes.Value;
            var i = 0;
            while (v >= 1024 && i < Units.Length - 1) { v /= 1024; i++; }
            return v.ToString("0.#", CultureInfo.InvariantCulture) + " " + Units[i];
        }

        /// <summary>Get-InactiveRestore's Elapsed column: <c>0:12:00</c>, <c>26:05:09</c>; null for null.</summary>
        public static string? Duration(TimeSpan? duration)
        {
            if (duration is null) return null;
            var d = duration.Value;
            var hours = (long)Math.Floor(d.TotalHours);
            return hours.ToString(CultureInfo.InvariantCulture) + ":" + d.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
        }

        /// <summary>ISO 8601 in UTC with the Z suffix, to the second: <c>2026-12-01T10:15:00Z</c>; null for null.</summary>
        public static string? IsoUtc(DateTime? value) =>
            value is null ? null : ToUtc(value.Value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>
        /// A date as UTC: a Local date is converted; an Unspecified one is taken as UTC already (Exchange's statistics and
        /// the module's clock give UTC).
        /// </summary>
        public static DateTime ToUtc(DateTime value) => value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };

        public static DateTime? ToUtc(DateTime? value) => value is null ? null : ToUtc(value.Value);

        /// <summary>An integer with thousands separators (<c>14,600</c>); null for null.</summary>
        public static string? Count(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture);

        /// <summary>An integer as machines read it (<c>14600</c>).</summary>
        public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>"1 request", "2 requests".</summary>
        public static string Plural(long count, string singular, string? plural = null) =>
            Count(count) + " " + (count == 1 ? singular : plural ?? singular + "s");
    }
}

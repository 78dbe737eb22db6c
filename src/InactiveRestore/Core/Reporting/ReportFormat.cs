using System;
using System.IO;

namespace InactiveRestore.Core.Reporting
{
    internal enum ReportFormat
    {
        Html,
        Csv,
        Json,
    }

    /// <summary>The format a report path asks for, by its extension (case-insensitive), and the writer of each.</summary>
    internal static class ReportFormats
    {
        public const string Supported = ".html, .htm, .csv, .json";

        /// <summary>The format of <paramref name="path"/>'s extension; false for any other extension (or none).</summary>
        public static bool TryFromPath(string? path, out ReportFormat format)
        {
            format = ReportFormat.Html;
            if (string.IsNullOrWhiteSpace(path)) return false;
            switch (Path.GetExtension(path!.Trim()).ToLowerInvariant())
            {
                case ".html":
                case ".htm":
                    format = ReportFormat.Html;
                    return true;
                case ".csv":
                    format = ReportFormat.Csv;
                    return true;
                case ".json":
                    format = ReportFormat.Json;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> in <paramref name="format"/> (UTF-8).</summary>
        public static void WriteFile(RestoreReport report, ReportFormat format, string path)
        {
            switch (format)
            {
                case ReportFormat.Html: HtmlReportWriter.WriteFile(report, path); break;
                case ReportFormat.Csv: CsvReportWriter.WriteFile(report, path); break;
                case ReportFormat.Json: JsonReportWriter.WriteFile(report, path); break;
                default: throw new ArgumentOutOfRangeException(nameof(format), format, null);
            }
        }
    }
}

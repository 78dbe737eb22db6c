using System.IO;
using System.Linq;
using System.Text;

namespace InactiveRestore.Core.Reporting
{
    /// <summary>
    /// The report as CSV (RFC 4180): a header row of <see cref="ReportColumns"/>, one record per row, CRLF line ends; a
    /// field with a comma, a double quote, CR or LF is quoted and its quotes doubled; null is an empty field.
    /// <para>Spreadsheet safety: a free-text value (a name, folder or message from Exchange) that starts with '=', '+',
    /// '-', '@', a tab or CR is written with a leading apostrophe, so a spreadsheet shows it as text instead of running
    /// it as a formula (CSV injection). Statuses, dates, GUIDs and numbers are never changed; the JSON report keeps
    /// every value as it is.</para>
    /// </summary>
    internal static class CsvReportWriter
    {
        public static string Write(RestoreReport report)
        {
            var sb = new StringBuilder();
            sb.Append(string.Join(",", ReportColumns.All.Select(c => Field(c.Name)))).Append("\r\n");
            foreach (var row in report.Rows)
            {
                sb.Append(string.Join(",", ReportColumns.All.Select(c => Field(Value(c, row))))).Append("\r\n");
            }
            return sb.ToString();
        }

        /// <summary>Writes the CSV as UTF-8 with a byte order mark (spreadsheets then read accented names right).</summary>
        public static void WriteFile(RestoreReport report, string path) =>
            File.WriteAllText(path, Write(report), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        private static string? Value(ReportColumn column, ReportRow row)
        {
            var v = column.Value(row);
            if (v is null) return null;
            if (column.Kind == ReportValueKind.Number) return ReportColumns.FormatNumber(v);
            var s = v.ToString();
            return column.Kind == ReportValueKind.Text ? GuardFormula(s) : s;
        }

        /// <summary>Prefixes an apostrophe to text a spreadsheet would read as a formula.</summary>
        public static string GuardFormula(string value) =>
            value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

        /// <summary>One RFC 4180 field.</summary>
        public static string Field(string? value)
        {
            if (value is null) return string.Empty;
            if (value.IndexOfAny(new[] { ',', '"', '\r', '\n' }) < 0) return value;
            return "\"" + value.Replace("\"", "\"\"") + "\"";
        }
    }
}

using System.Globalization;
using System.IO;
using System.Text;

namespace InactiveRestore.Core.Reporting
{
    /// <summary>
    /// The report as JSON (RFC 8259): an array of flat objects, one per row, with the members of
    /// <see cref="ReportColumns"/> in order; numbers as numbers, null as null, everything else a string. No type names.
    /// Written by hand (System.Text.Json is not part of Windows PowerShell 5.1), so every string goes through
    /// <see cref="Quote"/>.
    /// </summary>
    internal static class JsonReportWriter
    {
        public static string Write(RestoreReport report)
        {
            var sb = new StringBuilder();
            sb.Append('[');
            var first = true;
            foreach (var row in report.Rows)
            {
                sb.Append(first ? "\n  {" : ",\n  {");
                first = false;
                var firstMember = true;
                foreach (var column in ReportColumns.All)
                {
                    sb.Append(firstMember ? "\n    " : ",\n    ");
                    firstMember = false;
                    sb.Append(Quote(column.Name)).Append(": ");
                    var v = column.Value(row);
                    if (v is null) sb.Append("null");
                    else if (column.Kind == ReportValueKind.Number) sb.Append(ReportColumns.FormatNumber(v));
                    else sb.Append(Quote(v.ToString()));
                }
                sb.Append("\n  }");
            }
            sb.Append(first ? "]\n" : "\n]\n");
            return sb.ToString();
        }

        /// <summary>Writes the JSON as UTF-8 without a byte order mark (RFC 8259).</summary>
        public static void WriteFile(RestoreReport report, string path) =>
            File.WriteAllText(path, Write(report), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        /// <summary>
        /// A JSON string: quotes and backslashes escaped, control characters as \n, \r, \t or \u00XX, U+2028/U+2029 and
        /// unpaired surrogates as \uXXXX (so the text stays valid UTF-8 and valid JavaScript).
        /// </summary>
        public static string Quote(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        {
                            sb.Append(c).Append(value[++i]);
                        }
                        else if (c < 0x20 || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c))
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }
                        break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}

using System.Text;

namespace InactiveRestore.Core.Reporting
{
    /// <summary>HTML encoding for the report: every value that came from Exchange or the user goes through <see cref="Encode"/>.</summary>
    internal static class HtmlText
    {
        /// <summary>
        /// Text safe in element content and in double- or single-quoted attribute values: &amp; &lt; &gt; " ' are
        /// entities; control characters other than tab, CR and LF, and unpaired surrogates, become U+FFFD. Null is "".
        /// </summary>
        public static string Encode(string? value)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            var sb = new StringBuilder(value!.Length + 16);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\'': sb.Append("&#39;"); break;
                    default:
                        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                            sb.Append(c).Append(value[++i]);
                        else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F) || char.IsSurrogate(c))
                            sb.Append('\uFFFD');
                        else
                            sb.Append(c);
                        break;
                }
            }
            return sb.ToString();
        }

        /// <summary>"CompletedWithWarnings" → "Completed with warnings"; "InProgress" → "In progress".</summary>
        public static string Words(string? pascal)
        {
            if (string.IsNullOrEmpty(pascal)) return string.Empty;
            var sb = new StringBuilder(pascal!.Length + 4);
            for (var i = 0; i < pascal.Length; i++)
            {
                var c = pascal[i];
                if (i > 0 && char.IsUpper(c) && char.IsLower(pascal[i - 1])) sb.Append(' ').Append(char.ToLowerInvariant(c));
                else sb.Append(c);
            }
            return sb.ToString();
        }
    }
}

using System;
using System.Text;

namespace InactiveRestore.Core
{
    /// <summary>The word being completed and the text inserted for a value.</summary>
    internal static class CompletionText
    {
        /// <summary>
        /// The value a typed word stands for: an opening quote (single, double or a typographic one) is dropped, as is
        /// its closing quote; inside single quotes a doubled single quote is one.
        /// </summary>
        public static string Unquote(string? word)
        {
            if (string.IsNullOrEmpty(word)) return string.Empty;
            var w = word!;
            var first = w[0];
            if (IsSingleQuote(first))
            {
                w = w.Substring(1);
                if (w.Length > 0 && IsSingleQuote(w[w.Length - 1]) && !EndsWithDoubledQuote(w)) w = w.Substring(0, w.Length - 1);
                var sb = new StringBuilder(w.Length);
                for (var i = 0; i < w.Length; i++)
                {
                    sb.Append(w[i]);
                    if (IsSingleQuote(w[i]) && i + 1 < w.Length && IsSingleQuote(w[i + 1])) i++;
                }
                return sb.ToString();
            }
            if (IsDoubleQuote(first))
            {
                w = w.Substring(1);
                if (w.Length > 0 && IsDoubleQuote(w[w.Length - 1])) w = w.Substring(0, w.Length - 1);
            }
            return w;
        }

        private static bool EndsWithDoubledQuote(string w)
        {
            var n = 0;
            for (var i = w.Length - 1; i >= 0 && IsSingleQuote(w[i]); i--) n++;
            return n % 2 == 0;
        }

        /// <summary>
        /// The value as command-line text: as is when PowerShell reads it back unchanged as one bare word, otherwise in
        /// single quotes with every single quote (also the typographic ones PowerShell treats as quotes) doubled.
        /// Quoted: empty values, whitespace, quotes, and the characters that end or change a bare word
        /// (<c>$ ` ; , ( ) { } &amp; | &lt; &gt;</c>; a leading dash, <c>@</c> or <c>#</c>). An address such as
        /// <c>jsmith@contoso.com</c> stays bare.
        /// </summary>
        public static string Quote(string value)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            if (!NeedsQuotes(value)) return value;
            var sb = new StringBuilder(value.Length + 4).Append('\'');
            foreach (var c in value)
            {
                sb.Append(c);
                if (IsSingleQuote(c)) sb.Append(c);
            }
            return sb.Append('\'').ToString();
        }

        private static bool NeedsQuotes(string value)
        {
            if (value.Length == 0) return true;
            if (IsDash(value[0]) || value[0] is '@' or '#') return true;
            foreach (var c in value)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c) || IsSingleQuote(c) || IsDoubleQuote(c)) return true;
                if ("$`;,(){}&|<>".IndexOf(c) >= 0) return true;
            }
            return false;
        }

        private static bool IsSingleQuote(char c) => c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B';

        private static bool IsDoubleQuote(char c) => c is '"' or '\u201C' or '\u201D' or '\u201E';

        private static bool IsDash(char c) => c is '-' or '\u2013' or '\u2014' or '\u2015';

        /// <summary>True when <paramref name="candidate"/> starts with the typed (unquoted) word, ignoring case.</summary>
        public static bool StartsWith(string? candidate, string prefix) =>
            candidate is not null && candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }
}

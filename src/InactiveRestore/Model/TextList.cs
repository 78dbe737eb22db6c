using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace InactiveRestore.Model
{
    /// <summary>
    /// The list behind the model's list properties (typed as <see cref="List{T}"/>): a plain List whose ToString joins the
    /// items' own text with <c>"; "</c>, which is what Export-Csv and ConvertTo-Csv write for the property (instead of
    /// the list's type name). Dates among the items are written in UTC as ISO 8601 with Z; null and empty items are left
    /// out. Not public: the public surface stays <see cref="List{T}"/>.
    /// </summary>
    internal sealed class TextList<T> : List<T>
    {
        public TextList()
        {
        }

        public TextList(IEnumerable<T> items) : base(items)
        {
        }

        /// <summary>The list itself when it is a TextList already, else a TextList with its items (an empty one for null).</summary>
        public static TextList<T> Of(IEnumerable<T>? items) => items as TextList<T> ?? (items is null ? new TextList<T>() : new TextList<T>(items));

        public override string ToString() => TextList.Join(this);
    }

    /// <summary>How the model writes a list or a date as one line of text (an Export-Csv cell).</summary>
    internal static class TextList
    {
        public const string Separator = "; ";

        public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

        /// <summary>A date in UTC as ISO 8601 with Z; an Unspecified one is taken as UTC (the module's dates are).</summary>
        public static string Date(DateTime value) =>
            (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).ToString(DateFormat, CultureInfo.InvariantCulture);

        public static string Join(System.Collections.IEnumerable items)
        {
            var sb = new StringBuilder();
            foreach (var item in items)
            {
                var text = item switch
                {
                    null => null,
                    DateTime d => Date(d),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => item.ToString(),
                };
                if (string.IsNullOrEmpty(text)) continue;
                if (sb.Length > 0) sb.Append(Separator);
                sb.Append(text);
            }
            return sb.ToString();
        }
    }
}

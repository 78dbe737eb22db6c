using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// Flat values for Export-Csv and ConvertTo-Csv, which write <c>ToString()</c> of each property value: a list would
    /// come out as its type name and a date in the session's culture without a UTC marker. The cmdlets write their output
    /// objects through <see cref="Wrap"/>. An object with a date or list property gets, for each of its public properties
    /// in their order, an instance note property of the same name holding the same value (PowerShell lists instance
    /// members first, so all of them are copied to keep the columns in order); dates and lists are wrapped with their own
    /// <c>ToString</c>:
    /// <list type="bullet">
    /// <item>dates: the value in UTC (Kind Utc; an Unspecified one is taken as UTC), written as ISO 8601 with Z
    /// (<c>2026-03-02T09:00:00Z</c>);</item>
    /// <item>lists and arrays: the same instance, its items joined with <c>"; "</c> (each item's own short text; dates as above).</item>
    /// </list>
    /// The values stay typed for PowerShell (<c>$r.StartedAt -lt (Get-Date)</c>, <c>$r.StartedAt.AddDays(1)</c>,
    /// <c>$r.Warnings.Count</c>, <c>$r.Warnings[0]</c>, piping a list), Select-Object copies keep the text, format views and
    /// ConvertTo-Json read the same values (ConvertTo-Json prefers the .NET properties). The note properties hold the
    /// values as written: .NET code that changes the object afterwards is not seen through them (the module writes each
    /// object again after it changed it). Objects without dates or lists (ReadinessCheck) are written as they are.
    /// </summary>
    internal static class FlatOutput
    {
        /// <summary>What joins the items of a list.</summary>
        public const string Separator = "; ";

        /// <summary>The format of a date: ISO 8601, UTC, seconds, Z.</summary>
        public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Shadowed = new();
        private static readonly MethodInfo DateTextMethod = typeof(FlatOutput).GetMethod(nameof(DateText))!;
        private static readonly MethodInfo ListTextMethod = typeof(FlatOutput).GetMethod(nameof(ListText))!;

        /// <summary>The object to write: <paramref name="output"/> itself when it has no date or list property, else its PSObject with the note properties.</summary>
        public static object? Wrap(object? output)
        {
            if (output is null || output is PSObject) return output;
            var properties = Shadowed.GetOrAdd(output.GetType(), PropertiesToShadow);
            if (properties.Length == 0) return output;
            var pso = PSObject.AsPSObject(output);
            foreach (var p in properties)
            {
                // Written again (a watch's last state): the note property of the earlier write goes first.
                if (pso.Members[p.Name] is PSNoteProperty) pso.Members.Remove(p.Name);
                var value = p.GetValue(output);
                pso.Members.Add(new PSNoteProperty(p.Name, value is DateTime or IEnumerable and not string ? Shadow(value) : value));
            }
            return pso;
        }

        /// <summary>A date as the module writes it: ISO 8601 in UTC with Z. An Unspecified date is taken as UTC (the module's dates are).</summary>
        public static string Text(DateTime value) => Utc(value).ToString(DateFormat, CultureInfo.InvariantCulture);

        /// <summary>The items of a list joined with <see cref="Separator"/>; dates as <see cref="Text(DateTime)"/>, empty items left out.</summary>
        public static string Text(IEnumerable items)
        {
            var sb = new StringBuilder();
            foreach (var item in items)
            {
                var text = item switch
                {
                    null => null,
                    DateTime d => Text(d),
                    PSObject o => o.ToString(),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => item.ToString(),
                };
                if (string.IsNullOrEmpty(text)) continue;
                if (sb.Length > 0) sb.Append(Separator);
                sb.Append(text);
            }
            return sb.ToString();
        }

        /// <summary>
        /// The ToString of a shadowed date (a PSCodeMethod: public, static, the PSObject first). Without arguments ISO 8601
        /// in UTC; with them DateTime's own overloads (ToString('yyyy-MM-dd'), ToString('u'), ToString($culture), ...).
        /// </summary>
        public static string DateText(PSObject instance, params object?[] args)
        {
            if (instance?.BaseObject is not DateTime d) return instance?.BaseObject?.ToString() ?? string.Empty;
            if (args is null || args.Length == 0) return Text(d);
            var format = PSObject.AsPSObject(args[0]).BaseObject as string;
            var provider = PSObject.AsPSObject(args[args.Length - 1]).BaseObject as IFormatProvider;
            return format is not null ? d.ToString(format, provider ?? CultureInfo.CurrentCulture) : d.ToString(provider ?? CultureInfo.CurrentCulture);
        }

        /// <summary>The ToString of a shadowed list (a PSCodeMethod: public, static, the PSObject first; arguments are ignored).</summary>
        public static string ListText(PSObject instance, params object?[] args) =>
            instance?.BaseObject is IEnumerable e and not string ? Text(e) : instance?.BaseObject?.ToString() ?? string.Empty;

        // Every readable public property of a type with a date or list property (none for the others).
        private static PropertyInfo[] PropertiesToShadow(Type type)
        {
            var all = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetGetMethod() is not null)
                .ToArray();
            return all.Any(p => IsShadowed(p.PropertyType)) ? all : Array.Empty<PropertyInfo>();
        }

        private static bool IsShadowed(Type t) =>
            t == typeof(DateTime) || t == typeof(DateTime?) || (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t));

        private static PSObject Shadow(object value)
        {
            if (value is DateTime d)
            {
                var date = new PSObject(Utc(d));
                date.Members.Add(new PSCodeMethod("ToString", DateTextMethod));
                return date;
            }
            // A list keeps its instance (changes through the note property reach the object); its ToString is kept with
            // it by PowerShell, so it is added once.
            var list = new PSObject(value);
            if (list.Members["ToString"] is not PSCodeMethod) list.Members.Add(new PSCodeMethod("ToString", ListTextMethod));
            return list;
        }

        private static DateTime Utc(DateTime d) => d.Kind switch
        {
            DateTimeKind.Local => d.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            _ => d,
        };
    }
}

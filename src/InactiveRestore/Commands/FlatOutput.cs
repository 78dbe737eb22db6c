using System;
using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// Flat values for Export-Csv and ConvertTo-Csv, which write <c>ToString()</c> of each property value. The model's
    /// lists are TextLists (their ToString joins the items with <c>"; "</c>); what the model cannot change is a date's
    /// ToString (culture-dependent, no UTC marker) and an array's (its type name). So the cmdlets write their objects
    /// through <see cref="Wrap"/>: an object with a date or array property gets, for each of its public properties in
    /// their order, an instance note property of the same name and value (PowerShell lists instance members first, so
    /// all are copied to keep the CSV columns in order); a date's or an array's value is a PSObject over it with an
    /// instance ToString (<see cref="FlatToString"/>): a date in UTC as ISO 8601 with Z (<c>2026-03-02T09:00:00Z</c>),
    /// DateTime's own overloads when arguments are given; an array's items joined with <c>"; "</c>.
    /// <para>The values stay typed for PowerShell (<c>$r.StartedAt -lt (Get-Date)</c>, <c>$r.StartedAt.AddDays(1)</c>,
    /// <c>$r.StartedAt -is [datetime]</c>, <c>$m.EmailAddresses.Length</c>); Select-Object copies keep the text; format
    /// views and ConvertTo-Json read the same values (ConvertTo-Json prefers the .NET properties). The note properties
    /// hold the values as written: .NET code that changes the object afterwards is not seen through them (the module
    /// writes an object again after it changed it, and the note properties are then replaced).</para>
    /// </summary>
    internal static class FlatOutput
    {
        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Copied = new();

        // The objects already written once (their note properties are replaced on the next write).
        private static readonly ConditionalWeakTable<object, object> Written = new();

        /// <summary>
        /// The object to write: <paramref name="output"/> itself when it has no date or array property, else its PSObject
        /// (the one given, with its type names, or a new one) with the note properties.
        /// </summary>
        public static object? Wrap(object? output)
        {
            if (output is null) return null;
            var item = output is PSObject given ? given.BaseObject : output;
            if (item is null or PSCustomObject) return output;
            var properties = Copied.GetOrAdd(item.GetType(), PropertiesToCopy);
            if (properties.Length == 0) return output;
            var pso = output as PSObject ?? PSObject.AsPSObject(item);
            var again = Written.TryGetValue(item, out _);
            if (!again) Written.Add(item, item.GetType());
            foreach (var p in properties)
            {
                if (again && pso.Members[p.Name] is PSNoteProperty) pso.Members.Remove(p.Name);
                pso.Members.Add(new PSNoteProperty(p.Name, Shadow(p.GetValue(item))), preValidated: true);
            }
            return pso;
        }

        // Every readable public property of a type that has a date or array property (none for the others).
        private static PropertyInfo[] PropertiesToCopy(Type type)
        {
            var all = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetGetMethod() is not null)
                .ToArray();
            return all.Any(p => p.PropertyType == typeof(DateTime) || p.PropertyType == typeof(DateTime?) || p.PropertyType.IsArray)
                ? all : Array.Empty<PropertyInfo>();
        }

        private static object? Shadow(object? value)
        {
            switch (value)
            {
                case DateTime d:
                    // In UTC: an Unspecified date is taken as UTC (the module's dates are).
                    var utc = d.Kind switch
                    {
                        DateTimeKind.Local => d.ToUniversalTime(),
                        DateTimeKind.Unspecified => DateTime.SpecifyKind(d, DateTimeKind.Utc),
                        _ => d,
                    };
                    var date = new PSObject(utc);
                    date.Members.Add(new FlatToString(utc), preValidated: true);
                    return date;
                case Array a:
                    // The same array; PowerShell keeps instance members with it, so its ToString is added once.
                    var array = new PSObject(a);
                    if (array.Members["ToString"] is not FlatToString) array.Members.Add(new FlatToString(a), preValidated: true);
                    return array;
                default:
                    return value;
            }
        }
    }

    /// <summary>
    /// The instance ToString of a date or array that <see cref="FlatOutput"/> writes (PowerShell calls it for
    /// <c>ToString()</c>, Export-Csv and ConvertTo-Csv). A plain method member, so a call costs what a .NET call costs
    /// (a code or script method would be compiled or interpreted per value).
    /// </summary>
    internal sealed class FlatToString : PSMethodInfo
    {
        private readonly object _value;

        public FlatToString(object value)
        {
            _value = value;
            SetMemberName("ToString");
        }

        public override object Invoke(params object[] arguments)
        {
            if (_value is not DateTime d) return TextList.Join((System.Collections.IEnumerable)_value);
            if (arguments is null || arguments.Length == 0) return TextList.Date(d);
            var format = PSObject.AsPSObject(arguments[0]).BaseObject as string;
            var provider = PSObject.AsPSObject(arguments[arguments.Length - 1]).BaseObject as IFormatProvider;
            return format is not null ? d.ToString(format, provider ?? CultureInfo.CurrentCulture) : d.ToString(provider ?? CultureInfo.CurrentCulture);
        }

        public override Collection<string> OverloadDefinitions => _value is DateTime
            ? new Collection<string> { "string ToString()", "string ToString(string format)", "string ToString(System.IFormatProvider provider)", "string ToString(string format, System.IFormatProvider provider)" }
            : new Collection<string> { "string ToString()" };

        public override PSMemberInfo Copy() => new FlatToString(_value);

        public override PSMemberTypes MemberType => PSMemberTypes.CodeMethod;

        public override string TypeNameOfValue => typeof(string).FullName!;

        public override string ToString() => string.Join(", ", OverloadDefinitions);
    }
}

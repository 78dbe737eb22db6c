using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// Flat values for Export-Csv and ConvertTo-Csv, which write <c>ToString()</c> of each property value. The model's
    /// lists are TextLists (their ToString joins the items with <c>"; "</c>); what the model cannot change is a date's
    /// ToString (culture-dependent, no UTC marker) and an array's (its type name). So the cmdlets write their objects
    /// through <see cref="Wrap"/>: an object with a date or array property gets, for each of its public properties in
    /// their order, an instance note property of the same name and value (PowerShell lists instance members first, so
    /// all are copied to keep the CSV columns in order), with dates and arrays wrapped in a PSObject whose type names
    /// end with <see cref="DateTypeName"/> or <see cref="ArrayTypeName"/>: InactiveRestore.types.ps1xml gives those a
    /// ToString script method (a date in UTC as ISO 8601 with Z, <c>2026-03-02T09:00:00Z</c>, DateTime's own overloads
    /// when arguments are given; an array's items joined with <c>"; "</c>). A script method in the type data is used
    /// rather than a code method per value: PowerShell compiles a code method's invoker anew for each value.
    /// <para>The values stay typed for PowerShell (<c>$r.StartedAt -lt (Get-Date)</c>, <c>$r.StartedAt.AddDays(1)</c>,
    /// <c>$r.StartedAt -is [datetime]</c>, <c>$m.EmailAddresses.Length</c>); Select-Object copies keep the text; format
    /// views and ConvertTo-Json read the same values (ConvertTo-Json prefers the .NET properties). The note properties
    /// hold the values as written: .NET code that changes the object afterwards is not seen through them (the module
    /// writes an object again after it changed it, and the note properties are then replaced).</para>
    /// </summary>
    internal static class FlatOutput
    {
        /// <summary>The type name InactiveRestore.types.ps1xml gives a date's ToString.</summary>
        public const string DateTypeName = "InactiveRestore.FlatDate";

        /// <summary>The type name InactiveRestore.types.ps1xml gives an array's ToString.</summary>
        public const string ArrayTypeName = "InactiveRestore.FlatArray";

        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Copied = new();

        // The objects already written once (their note properties are replaced on the next write).
        private static readonly ConditionalWeakTable<object, object> Written = new();

        /// <summary>The object to write: <paramref name="output"/> itself when it has no date or array property, else its PSObject with the note properties.</summary>
        public static object? Wrap(object? output)
        {
            if (output is null || output is PSObject) return output;
            var properties = Copied.GetOrAdd(output.GetType(), PropertiesToCopy);
            if (properties.Length == 0) return output;
            var pso = PSObject.AsPSObject(output);
            var again = Written.TryGetValue(output, out _);
            if (!again) Written.Add(output, output.GetType());
            foreach (var p in properties)
            {
                if (again && pso.Members[p.Name] is PSNoteProperty) pso.Members.Remove(p.Name);
                pso.Members.Add(new PSNoteProperty(p.Name, Shadow(p.GetValue(output))), preValidated: true);
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
                    // A new box, in UTC (an Unspecified date is taken as UTC: the module's dates are).
                    var date = new PSObject(d.Kind switch
                    {
                        DateTimeKind.Local => d.ToUniversalTime(),
                        DateTimeKind.Unspecified => DateTime.SpecifyKind(d, DateTimeKind.Utc),
                        _ => d,
                    });
                    date.TypeNames.Add(DateTypeName);
                    return date;
                case Array a:
                    // The same array; PowerShell keeps its type names with it, so the name is added once.
                    var array = new PSObject(a);
                    if (!array.TypeNames.Contains(ArrayTypeName)) array.TypeNames.Add(ArrayTypeName);
                    return array;
                default:
                    return value;
            }
        }
    }
}

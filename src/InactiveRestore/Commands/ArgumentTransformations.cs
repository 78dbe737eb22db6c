using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// Reads a bare number given to a TimeSpan parameter as seconds. Without it PowerShell converts <c>-Timeout 30</c>
    /// to 30 ticks (3 microseconds) and <c>-Timeout '30'</c> to 30 days. Numbers (int, long, double, decimal, ...) and
    /// strings that are a plain number (invariant culture, e.g. <c>'90'</c>, <c>'2.5'</c>, <c>'-1'</c>) become
    /// <see cref="TimeSpan.FromSeconds"/>; anything else (a TimeSpan, <c>'00:05:00'</c>, <c>(New-TimeSpan -Hours 2)</c>)
    /// is left to PowerShell's own conversion. Zero and negative values are converted too: the cmdlet refuses them
    /// itself (InvalidWatchOption), with the value as the target.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecondsTimeSpanAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => Convert(inputData);

        /// <summary>The transformation itself (testable without an engine).</summary>
        public static object? Convert(object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            double seconds;
            switch (value)
            {
                case int or long or short or byte or sbyte or uint or ulong or ushort or float or double or decimal:
                    seconds = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    break;
                case string s when double.TryParse(s.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture, out var parsed):
                    seconds = parsed;
                    break;
                default:
                    return inputData;
            }
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds - 1)
                throw new ArgumentTransformationMetadataException($"{value} seconds is not a usable time span.");
            return TimeSpan.FromSeconds(seconds);
        }
    }
}

namespace InactiveRestore.Commands
{
    /// <summary>
    /// Converts a value to an enum parameter's type inside the transformation, so a bad name is reported for that
    /// pipeline record (PowerShell silently leaves a compiled cmdlet's by-property-name parameter unbound, at its
    /// default, when its own type conversion fails: a CSV row asking for <c>ConflictResolution=Bogus</c> would run with
    /// the default). A null, empty or blank value (an empty CSV cell) means the default, like an empty string column. A
    /// member name (any case) is taken; anything else (an unknown name, a number, a comma list) is refused with the valid
    /// names: ArgumentTransformationMetadataException, which the binder reports as ParameterBindingArgumentTransformationException
    /// (ErrorId ParameterArgumentTransformationError, category InvalidData) before any Exchange call; the next record continues.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class EnumArgumentAttribute : ArgumentTransformationAttribute
    {
        public EnumArgumentAttribute(Type enumType, object? defaultValue)
        {
            EnumType = enumType;
            DefaultValue = defaultValue;
        }

        public Type EnumType { get; }

        public object? DefaultValue { get; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => Convert(inputData);

        /// <summary>The transformation itself (testable without an engine).</summary>
        public object? Convert(object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is null || (value is string blank && blank.Trim().Length == 0)) return DefaultValue;
            if (value.GetType() == EnumType) return value;
            if (value is string s && !s.Contains(",") && Enum.GetNames(EnumType).FirstOrDefault(n => string.Equals(n, s.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name)
                return Enum.Parse(EnumType, name);
            throw new ArgumentTransformationMetadataException(
                $"'{value}' is not a valid value: use one of {string.Join(", ", Enum.GetNames(EnumType))}.");
        }
    }
}

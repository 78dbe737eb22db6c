using System;
using System.Collections.Generic;
using System.Globalization;

namespace InactiveRestore.Core.Reporting
{
    /// <summary>What kind of value a column holds: how the CSV and JSON writers write it.</summary>
    internal enum ReportValueKind
    {
        /// <summary>Free text (names, folders, messages): quoted in JSON; in CSV guarded against spreadsheet formulas.</summary>
        Text,
        /// <summary>A fixed vocabulary (status, kind, ISO dates, GUIDs, durations): quoted in JSON, never guarded.</summary>
        Code,
        /// <summary>An integer: a JSON number.</summary>
        Number,
    }

    /// <summary>One flat column of the machine-readable report.</summary>
    internal sealed class ReportColumn
    {
        public ReportColumn(string name, ReportValueKind kind, Func<ReportRow, object?> value)
        {
            Name = name;
            Kind = kind;
            Value = value;
        }

        public string Name { get; }
        public ReportValueKind Kind { get; }
        /// <summary>The value: a string, a long or null (never a list, a date or an object).</summary>
        public Func<ReportRow, object?> Value { get; }
    }

    /// <summary>
    /// The columns of the CSV and JSON reports, in order: the same for every row (Record says what a row is: Request,
    /// DeferredPair or RefusedPair; a refused or deferred pair leaves the columns it has no value for empty). Dates are
    /// ISO 8601 UTC (<c>2026-12-01T10:15:00Z</c>), lists are joined with '; ', sizes and durations also come as
    /// Get-InactiveRestore shows them (Size, Duration) next to the raw numbers.
    /// </summary>
    internal static class ReportColumns
    {
        public const string ListSeparator = "; ";

        public static readonly IReadOnlyList<ReportColumn> All = new[]
        {
            new ReportColumn("Record", ReportValueKind.Code, r => r.Record.ToString()),
            new ReportColumn("BatchName", ReportValueKind.Text, r => r.BatchName),
            new ReportColumn("RequestName", ReportValueKind.Text, r => r.RequestName),
            new ReportColumn("RequestId", ReportValueKind.Code, r => r.RequestId?.ToString("D")),
            new ReportColumn("Identity", ReportValueKind.Text, r => r.Identity),
            new ReportColumn("Source", ReportValueKind.Text, r => r.Source),
            new ReportColumn("Target", ReportValueKind.Text, r => r.Target),
            new ReportColumn("Kind", ReportValueKind.Code, r => r.Kind),
            new ReportColumn("TargetRootFolder", ReportValueKind.Text, r => r.TargetRootFolder),
            new ReportColumn("Status", ReportValueKind.Code, r => r.Status),
            new ReportColumn("ExchangeStatus", ReportValueKind.Text, r => r.ExchangeStatus),
            new ReportColumn("StatusDetail", ReportValueKind.Text, r => r.StatusDetail),
            new ReportColumn("StallReason", ReportValueKind.Text, r => r.StallReason),
            new ReportColumn("PercentComplete", ReportValueKind.Number, r => (long?)r.PercentComplete),
            new ReportColumn("ItemsCopied", ReportValueKind.Number, r => r.ItemsCopied),
            new ReportColumn("ItemsSkipped", ReportValueKind.Number, r => r.ItemsSkipped),
            new ReportColumn("ItemsVerified", ReportValueKind.Number, r => r.ItemsVerified),
            new ReportColumn("EstimatedItems", ReportValueKind.Number, r => r.EstimatedItems),
            new ReportColumn("BytesCopied", ReportValueKind.Number, r => r.BytesCopied),
            new ReportColumn("EstimatedBytes", ReportValueKind.Number, r => r.EstimatedBytes),
            new ReportColumn("Size", ReportValueKind.Code, r => r.Size),
            new ReportColumn("DataConsistencyScore", ReportValueKind.Text, r => r.DataConsistencyScore),
            new ReportColumn("QueuedAt", ReportValueKind.Code, r => ReportText.IsoUtc(r.QueuedAt)),
            new ReportColumn("StartedAt", ReportValueKind.Code, r => ReportText.IsoUtc(r.StartedAt)),
            new ReportColumn("CompletedAt", ReportValueKind.Code, r => ReportText.IsoUtc(r.CompletedAt)),
            new ReportColumn("LastUpdatedAt", ReportValueKind.Code, r => ReportText.IsoUtc(r.LastUpdatedAt)),
            new ReportColumn("Duration", ReportValueKind.Code, r => ReportText.Duration(r.Duration)),
            new ReportColumn("DurationSeconds", ReportValueKind.Number, r => r.Duration is null ? null : (long?)Math.Round(r.Duration.Value.TotalSeconds)),
            new ReportColumn("Warnings", ReportValueKind.Text, r => Join(r.Warnings)),
            new ReportColumn("Errors", ReportValueKind.Text, r => Join(r.Errors)),
            new ReportColumn("ActionNeeded", ReportValueKind.Text, r => r.ActionNeeded),
        };

        /// <summary>A list as one value: joined with '; ', null when empty.</summary>
        public static string? Join(IReadOnlyCollection<string> values) =>
            values is null || values.Count == 0 ? null : string.Join(ListSeparator, values);

        /// <summary>A number as machines read it.</summary>
        public static string FormatNumber(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }
}

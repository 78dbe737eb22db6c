using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Model;

namespace InactiveRestore.Core.Reporting
{
    /// <summary>
    /// Makes report rows from the module's outputs. This is the one place that reads them, so a change of the output
    /// model is one change here.
    /// <para>From <see cref="RestoreResult"/>: RequestId, RequestName, Identity, BatchName, Source, SourceExchangeGuid,
    /// Target, TargetExchangeGuid, Kind, TargetRootFolder, Status, IsSettled, ExchangeStatus, StatusDetail, StallReason,
    /// PercentComplete, ItemsCopied, ItemsSkipped, EstimatedItems, BytesCopied, EstimatedBytes, DataConsistencyScore,
    /// QueuedAt, StartedAt, CompletedAt, LastUpdatedAt, Warnings, Error.</para>
    /// <para>From a <see cref="ValidationResult"/> with errors (a refused pair): Source, Target, Errors and Warnings
    /// (Code, Message, Remedy).</para>
    /// </summary>
    internal static class ReportRows
    {
        /// <summary>The status a refused pair gets in the rows.</summary>
        public const string RefusedStatus = "Refused";

        public static ReportRow FromResult(RestoreResult r)
        {
            if (r is null) throw new ArgumentNullException(nameof(r));
            var start = ReportText.ToUtc(r.StartedAt ?? r.QueuedAt);
            var end = ReportText.ToUtc(r.CompletedAt ?? r.LastUpdatedAt);
            var row = new ReportRow
            {
                Record = ReportRecordKind.Request,
                BatchName = Blank(r.BatchName),
                RequestName = Blank(r.RequestName),
                RequestId = r.RequestId == Guid.Empty ? null : r.RequestId,
                Identity = Blank(r.Identity),
                Source = Blank(r.Source),
                Target = Blank(r.Target),
                Kind = r.Kind,
                TargetRootFolder = Blank(r.TargetRootFolder),
                Status = r.Status.ToString(),
                IsSettled = r.IsSettled,
                ExchangeStatus = Blank(r.ExchangeStatus),
                StatusDetail = Blank(r.StatusDetail),
                StallReason = Blank(r.StallReason),
                PercentComplete = r.PercentComplete,
                ItemsCopied = r.ItemsCopied,
                ItemsSkipped = r.ItemsSkipped,
                // Items found under the target root folder (Get-/Watch-InactiveRestore -Verify output), else not verified.
                ItemsVerified = r.ItemsVerified,
                EstimatedItems = r.EstimatedItems,
                BytesCopied = r.BytesCopied,
                EstimatedBytes = r.EstimatedBytes,
                DataConsistencyScore = Blank(r.DataConsistencyScore),
                QueuedAt = ReportText.ToUtc(r.QueuedAt),
                StartedAt = ReportText.ToUtc(r.StartedAt),
                CompletedAt = ReportText.ToUtc(r.CompletedAt),
                LastUpdatedAt = ReportText.ToUtc(r.LastUpdatedAt),
                Duration = start is not null && end is not null && end >= start ? end - start : null,
                Warnings = (r.Warnings ?? new List<string>())
                    .Where(w => !string.IsNullOrWhiteSpace(w))
                    .ToList(),
                PairKey = PairKey(r.SourceExchangeGuid, r.Source, r.TargetExchangeGuid, r.Target),
            };
            if (!string.IsNullOrWhiteSpace(r.Error)) row.Errors.Add(r.Error!);
            return row;
        }

        /// <summary>A refused pair (a validation with errors); null for a valid pair, which is not a refusal.</summary>
        public static ReportRow? FromRefusal(ValidationResult v)
        {
            if (v is null) throw new ArgumentNullException(nameof(v));
            if (v.IsValid) return null;
            return new ReportRow
            {
                Record = ReportRecordKind.RefusedPair,
                Source = Blank(v.Source),
                Target = Blank(v.Target),
                Status = RefusedStatus,
                IsSettled = true,
                Errors = v.Errors.Select(Describe).ToList(),
                Warnings = v.Warnings.Select(Describe).ToList(),
                PairKey = PairKey(v.SourceExchangeGuid ?? Guid.Empty, v.Source, v.TargetExchangeGuid ?? Guid.Empty, v.Target),
            };
        }

        /// <summary>"Code: message remedy" (the ErrorId first: what a reader looks up).</summary>
        public static string Describe(ValidationIssue issue) =>
            issue.Code + ": " + issue.Message + (string.IsNullOrWhiteSpace(issue.Remedy) ? string.Empty : " " + issue.Remedy);

        /// <summary>The same request given twice (e.g. Start's output, then Get's): the later state wins, at the first place.</summary>
        public static List<ReportRow> Deduplicate(IEnumerable<ReportRow> rows)
        {
            var list = new List<ReportRow>();
            var index = new Dictionary<Guid, int>();
            foreach (var row in rows)
            {
                if (row.RequestId is Guid id && row.Record == ReportRecordKind.Request)
                {
                    if (index.TryGetValue(id, out var at)) { list[at] = row; continue; }
                    index[id] = list.Count;
                }
                list.Add(row);
            }
            return list;
        }

        private static string PairKey(Guid sourceGuid, string? source, Guid targetGuid, string? target) =>
            (sourceGuid != Guid.Empty ? sourceGuid.ToString() : (source ?? string.Empty).Trim().ToLowerInvariant()) + "|" +
            (targetGuid != Guid.Empty ? targetGuid.ToString() : (target ?? string.Empty).Trim().ToLowerInvariant());

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}

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
                // A Deferred row is a request not submitted yet: nothing of it exists in Exchange.
                Record = r.Status == OperationStatus.Deferred ? ReportRecordKind.DeferredPair : ReportRecordKind.Request,
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
                ActionNeeded = Blank(r.ActionNeeded),
                PairKey = PairKey(r.SourceExchangeGuid, r.Source, r.TargetExchangeGuid, r.Target),
            };
            if (!string.IsNullOrWhiteSpace(r.Error)) row.Errors.Add(r.Error!);
            return row;
        }

        /// <summary>
        /// A pair refused by Start-/Test-InactiveRestore as their ErrorRecords say it (the pair as given, the batch, one
        /// reason per record: "ErrorId: message"). <see cref="MergeRefusals"/> joins the records of one pair.
        /// </summary>
        public static ReportRow FromRefusal(string source, string target, string? batchName, string reason) => new()
        {
            Record = ReportRecordKind.RefusedPair,
            BatchName = Blank(batchName),
            Source = Blank(source),
            Target = Blank(target),
            Status = RefusedStatus,
            IsSettled = true,
            Errors = new List<string> { reason },
            PairKey = PairKey(Guid.Empty, source, Guid.Empty, target),
        };

        /// <summary>Refused-pair rows of the same pair (as given) and batch become one row with every reason, each once.</summary>
        public static List<ReportRow> MergeRefusals(IEnumerable<ReportRow> rows)
        {
            var list = new List<ReportRow>();
            var index = new Dictionary<string, ReportRow>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (row.Record != ReportRecordKind.RefusedPair) { list.Add(row); continue; }
                var key = row.PairKey + "|" + (row.BatchName ?? string.Empty).ToLowerInvariant();
                if (!index.TryGetValue(key, out var first)) { index[key] = row; list.Add(row); continue; }
                foreach (var e in row.Errors) if (!first.Errors.Contains(e)) first.Errors.Add(e);
                foreach (var w in row.Warnings) if (!first.Warnings.Contains(w)) first.Warnings.Add(w);
            }
            return list;
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

        /// <summary>
        /// The same request given twice (e.g. Start's output, then Get's): the later state wins, at the first place. A
        /// deferred request that the rows also hold as a real request (the same pair and kind: submitted since) is
        /// dropped, and a deferred request given twice is kept once. Refused pairs are merged (<see cref="MergeRefusals"/>).
        /// </summary>
        public static List<ReportRow> Deduplicate(IEnumerable<ReportRow> rows)
        {
            var list = new List<ReportRow>();
            var index = new Dictionary<Guid, int>();
            foreach (var row in MergeRefusals(rows))
            {
                if (row.RequestId is Guid id && row.Record == ReportRecordKind.Request)
                {
                    if (index.TryGetValue(id, out var at)) { list[at] = row; continue; }
                    index[id] = list.Count;
                }
                list.Add(row);
            }
            var made = new HashSet<string>(list.Where(r => r.Record == ReportRecordKind.Request).Select(PartKey), StringComparer.Ordinal);
            var deferred = new HashSet<string>(StringComparer.Ordinal);
            return list.Where(r => r.Record != ReportRecordKind.DeferredPair || (!made.Contains(PartKey(r)) && deferred.Add(PartKey(r)))).ToList();
        }

        private static string PartKey(ReportRow r) => r.PairKey + "|" + r.Kind;

        private static string PairKey(Guid sourceGuid, string? source, Guid targetGuid, string? target) =>
            (sourceGuid != Guid.Empty ? sourceGuid.ToString() : (source ?? string.Empty).Trim().ToLowerInvariant()) + "|" +
            (targetGuid != Guid.Empty ? targetGuid.ToString() : (target ?? string.Empty).Trim().ToLowerInvariant());

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Model;

namespace InactiveRestore.Core.Reporting
{
    /// <summary>Who made a report, when, against which organization: the report's header.</summary>
    internal sealed class ReportContext
    {
        /// <summary>When the report was made (UTC).</summary>
        public DateTime GeneratedAtUtc { get; set; }
        /// <summary>The Exchange connection's UserPrincipalName when known.</summary>
        public string? UserPrincipalName { get; set; }
        /// <summary>The local account that ran the cmdlet (Environment.UserName).</summary>
        public string? LocalUser { get; set; }
        /// <summary>The connection's Organization (Get-ConnectionInformation) when known.</summary>
        public string? Organization { get; set; }
        /// <summary>The module version that wrote the report.</summary>
        public string? ModuleVersion { get; set; }
        /// <summary>Where the rows came from, in words (e.g. "Get-InactiveRestore -BatchName Demo").</summary>
        public string? SourceDescription { get; set; }

        /// <summary>Who ran it: the connection's UserPrincipalName, else the local account.</summary>
        public string RunBy => !string.IsNullOrWhiteSpace(UserPrincipalName) ? UserPrincipalName!
            : !string.IsNullOrWhiteSpace(LocalUser) ? LocalUser! : "unknown";
    }

    /// <summary>
    /// A report: its rows (requests in Exchange, then deferred pairs, then refused pairs) and header, with the summary
    /// computed from the rows. Only the requests count as requests: a deferred pair was not submitted yet.
    /// </summary>
    internal sealed class RestoreReport
    {
        public RestoreReport(IEnumerable<ReportRow> rows, ReportContext context)
        {
            var all = ReportRows.Deduplicate(rows ?? throw new ArgumentNullException(nameof(rows)));
            Requests = all.Where(r => r.Record == ReportRecordKind.Request).ToList();
            Deferred = all.Where(r => r.Record == ReportRecordKind.DeferredPair).ToList();
            Refused = all.Where(r => r.Record == ReportRecordKind.RefusedPair).ToList();
            Context = context ?? throw new ArgumentNullException(nameof(context));
            Summary = new ReportSummary(Requests, Refused, Deferred);
        }

        public IReadOnlyList<ReportRow> Requests { get; }
        /// <summary>The requests of deferred pairs (not submitted yet), one row per planned request.</summary>
        public IReadOnlyList<ReportRow> Deferred { get; }
        public IReadOnlyList<ReportRow> Refused { get; }
        public ReportContext Context { get; }
        public ReportSummary Summary { get; }

        /// <summary>True when the report holds nothing: no request, no deferred pair, no refused pair.</summary>
        public bool IsEmpty => Requests.Count == 0 && Deferred.Count == 0 && Refused.Count == 0;

        /// <summary>Every row, requests first, then deferred and refused pairs: what the CSV and JSON hold.</summary>
        public IEnumerable<ReportRow> Rows => Requests.Concat(Deferred).Concat(Refused);

        /// <summary>The batch names of the requests, sorted; empty when none has one.</summary>
        public IReadOnlyList<string> BatchNames => Requests.Select(r => r.BatchName).Where(b => b is not null)
            .Select(b => b!).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(b => b, StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>The page title: "Restore report: batch Demo".</summary>
        public string Title => BatchNames.Count switch
        {
            0 => "Inactive mailbox restore report",
            1 => "Inactive mailbox restore report: batch " + BatchNames[0],
            _ => "Inactive mailbox restore report: batches " + string.Join(", ", BatchNames),
        };
    }

    /// <summary>The batch summary. Totals add up the rows' own values (nulls count as nothing).</summary>
    internal sealed class ReportSummary
    {
        /// <summary>The order statuses are shown in: finished first, from good to bad, then the unfinished.</summary>
        public static readonly IReadOnlyList<OperationStatus> StatusOrder = new[]
        {
            OperationStatus.Completed, OperationStatus.CompletedWithWarnings, OperationStatus.CompletedUnchecked, OperationStatus.Failed,
            OperationStatus.Cancelled, OperationStatus.InProgress, OperationStatus.Queued, OperationStatus.Suspended, OperationStatus.Deferred,
        };

        public ReportSummary(IReadOnlyList<ReportRow> requests, IReadOnlyList<ReportRow> refused, IReadOnlyList<ReportRow>? deferred = null)
        {
            Requests = requests.Count;
            Pairs = requests.Select(r => r.PairKey).Distinct(StringComparer.Ordinal).Count();
            RefusedPairs = refused.Count;
            DeferredPairs = (deferred ?? Array.Empty<ReportRow>()).Select(r => r.PairKey).Distinct(StringComparer.Ordinal).Count();
            Settled = requests.Count(r => r.IsSettled);
            Completed = requests.Count(r => Enum.TryParse<OperationStatus>(r.Status, out var st) && st.IsCompleted());
            ByStatus = requests.GroupBy(r => r.Status, StringComparer.Ordinal)
                .OrderBy(g => Rank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, int>(g.Key, g.Count())).ToList();
            ItemsCopied = requests.Sum(r => r.ItemsCopied ?? 0);
            ItemsSkipped = requests.Sum(r => r.ItemsSkipped ?? 0);
            EstimatedItems = requests.Sum(r => r.EstimatedItems ?? 0);
            ItemsVerified = requests.Any(r => r.ItemsVerified is not null) ? requests.Sum(r => r.ItemsVerified ?? 0) : null;
            RequestsVerified = requests.Count(r => r.ItemsVerified is not null);
            BytesCopied = requests.Sum(r => r.BytesCopied ?? 0);
            EstimatedBytes = requests.Sum(r => r.EstimatedBytes ?? 0);
            WithWarnings = requests.Count(r => r.Warnings.Count > 0);
            WithErrors = requests.Count(r => r.Errors.Count > 0);

            var starts = requests.Select(r => r.StartedAt ?? r.QueuedAt).Where(d => d is not null).Select(d => d!.Value).ToList();
            var ends = requests.Select(r => r.CompletedAt ?? r.LastUpdatedAt).Where(d => d is not null).Select(d => d!.Value).ToList();
            FirstStarted = starts.Count > 0 ? starts.Min() : null;
            LastEnded = ends.Count > 0 ? ends.Max() : null;
            Span = FirstStarted is not null && LastEnded is not null && LastEnded >= FirstStarted ? LastEnded - FirstStarted : null;
            var timed = requests.Where(r => r.Duration is not null).ToList();
            Longest = timed.OrderByDescending(r => r.Duration).FirstOrDefault();
            AverageDuration = timed.Count > 0 ? TimeSpan.FromSeconds(Math.Round(timed.Average(r => r.Duration!.Value.TotalSeconds))) : null;
        }

        /// <summary>Distinct source/target pairs among the requests (a pair has a primary and maybe an archive request).</summary>
        public int Pairs { get; }
        public int Requests { get; }
        public int RefusedPairs { get; }
        /// <summary>Pairs deferred by -MaxActive: not submitted yet, so not among the requests.</summary>
        public int DeferredPairs { get; }
        /// <summary>Requests in a final state (Failed and Cancelled included).</summary>
        public int Settled { get; }
        /// <summary>Requests Exchange has completed (Completed, CompletedWithWarnings, CompletedUnchecked); never a Failed one.</summary>
        public int Completed { get; }
        public bool AllSettled => Settled == Requests;
        /// <summary>Requests per status, in <see cref="StatusOrder"/>; only statuses that occur.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> ByStatus { get; }
        public long ItemsCopied { get; }
        public long ItemsSkipped { get; }
        public long EstimatedItems { get; }
        /// <summary>Items found in the targets, over the verified requests; null when none was verified.</summary>
        public long? ItemsVerified { get; }
        public int RequestsVerified { get; }
        public long BytesCopied { get; }
        public long EstimatedBytes { get; }
        public int WithWarnings { get; }
        public int WithErrors { get; }
        /// <summary>The earliest start (StartedAt, else QueuedAt) of a request.</summary>
        public DateTime? FirstStarted { get; }
        /// <summary>The latest end (CompletedAt, else LastUpdatedAt) of a request.</summary>
        public DateTime? LastEnded { get; }
        /// <summary>From <see cref="FirstStarted"/> to <see cref="LastEnded"/>.</summary>
        public TimeSpan? Span { get; }
        /// <summary>The request that took longest (its Duration).</summary>
        public ReportRow? Longest { get; }
        /// <summary>The mean request duration, to the second.</summary>
        public TimeSpan? AverageDuration { get; }

        public int Count(OperationStatus status) => ByStatus.Where(p => p.Key == status.ToString()).Select(p => p.Value).FirstOrDefault();

        private static int Rank(string status)
        {
            for (var i = 0; i < StatusOrder.Count; i++) if (StatusOrder[i].ToString() == status) return i;
            return StatusOrder.Count;
        }
    }
}

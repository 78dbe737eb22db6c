using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>Items and bytes of a report's "Copy progress: X/Y messages, a (n bytes)/b (m bytes)." line.</summary>
    internal sealed record CopyProgress(long ItemsCopied, long ItemsTotal, long? BytesCopied, long? BytesTotal)
    {
        /// <summary>Every item was copied (and there was at least one).</summary>
        public bool IsComplete => ItemsTotal > 0 && ItemsCopied >= ItemsTotal;
    }

    /// <summary>The outcome of mapping one Exchange observation.</summary>
    internal sealed record StatusMapping(OperationStatus Status, string? StallReason, string? SuspendReason, IReadOnlyList<string> Warnings, CopyProgress? CopyProgress)
    {
        public bool IsSettled => StatusMapper.IsSettled(Status);
    }

    /// <summary>
    /// The one mapping from what Exchange says of a restore request to <see cref="OperationStatus"/>. A result never reads
    /// better than Exchange's own state: Exchange's verdict is kept, and what the module sees besides is a warning.
    /// <code>
    /// Exchange Status (StatusDetail / report)                   OperationStatus         Notes
    /// ---------------------------------------------------------  ----------------------  ----------------------------------------------
    /// Queued, None                                               Queued                  PositionInQueue shown when known
    /// InProgress, CompletionInProgress, Synced, Retrying         InProgress
    /// any unsettled status with StatusDetail StalledDueTo*       (unchanged) + stall     service throttling: StallReason set; wait, never fail
    /// Suspended                                                  Suspended               Resume-InactiveRestore continues it
    /// AutoSuspended                                              Suspended               warning: Exchange's reason (its Message) once, and the remedy
    /// Completed, no item skipped, DCS Perfect/Good/none          Completed
    /// Completed with skipped items or DCS Investigate/Poor       CompletedWithWarnings   warning: how many skipped (bad/large/missing), the DCS
    /// Completed, listing only (no statistics read)               CompletedUnchecked      warning: skipped items and DCS not read; Get-InactiveRestore gives the verdict
    /// CompletedWithWarning(s)                                    CompletedWithWarnings
    /// Failed, last "Copy progress: X/Y messages" with X == Y > 0  Failed                  warning: every item appears copied, Exchange has not finished it: Resume-InactiveRestore
    /// Failed (otherwise)                                         Failed                  Exchange's Message / FailureType as the error
    /// request gone while being watched                           Cancelled               someone removed it (copied items stay in the target)
    /// anything else                                              InProgress              warning: unrecognised status, not treated as settled
    /// </code>
    /// Settled statuses: Completed, CompletedWithWarnings, CompletedUnchecked, Failed, Cancelled. Exchange's own remedies
    /// (sentences naming its *-MailboxRestoreRequest cmdlets) are left out of the texts shown (<see cref="ExchangeMessage"/>):
    /// the module's remedy is the one given.
    /// </summary>
    internal static class StatusMapper
    {
        private static readonly Regex CopyProgressLine = new(
            @"Copy progress:\s*(?<x>[\d,\.\u00A0]+)\s*/\s*(?<y>[\d,\.\u00A0]+)\s*messages?(?:\s*,\s*(?<a>[^/]*?\(\s*[\d,\.\u00A0']+\s*bytes?\s*\))\s*/\s*(?<b>.*?\(\s*[\d,\.\u00A0']+\s*bytes?\s*\)))?",
            RegexOptions.IgnoreCase);

        public static bool IsSettled(OperationStatus status) => status.IsSettled();

        /// <summary>True for the Exchange statuses after which nothing will happen unless someone acts (Completed*, Failed).</summary>
        public static bool IsExchangeFinal(string? exchangeStatus) =>
            Normalize(exchangeStatus) is "completed" or "completedwithwarning" or "completedwithwarnings" or "failed";

        /// <summary>
        /// The mapping of a statistics read: <see cref="Map(string, string, string, IReadOnlyList{ExchangeReportEntry})"/>, and a
        /// finished copy with skipped items or a Data Consistency Score of Investigate or Poor is CompletedWithWarnings, never
        /// Completed (the skipped items are not in the target). ExchangeStatus keeps what Exchange said.
        /// </summary>
        public static StatusMapping Map(ExchangeRestoreRequestStatistics s)
        {
            var m = Map(s.Status, s.StatusDetail, s.Message, s.Report);
            if (m.Status is not (OperationStatus.Completed or OperationStatus.CompletedWithWarnings)) return m;
            var skipped = s.BadItemsEncountered + s.LargeItemsEncountered + s.MissingItemsEncountered;
            var dcs = s.DataConsistencyScore?.Trim();
            var investigate = string.Equals(dcs, "Investigate", StringComparison.OrdinalIgnoreCase);
            var poor = string.Equals(dcs, "Poor", StringComparison.OrdinalIgnoreCase);
            if (skipped == 0 && !investigate && !poor) return m;
            var warnings = m.Warnings.ToList();
            if (skipped > 0)
                warnings.Add(string.Format(CultureInfo.InvariantCulture,
                    "Exchange finished the copy with {0:N0} item(s) skipped ({1:N0} bad, {2:N0} large, {3:N0} missing): they are not in the target. Get-InactiveRestore -IncludeSkippedItems lists them.",
                    skipped, s.BadItemsEncountered, s.LargeItemsEncountered, s.MissingItemsEncountered));
            if (investigate)
                warnings.Add("Data Consistency Score is Investigate: Exchange lost more than usual; review the skipped items before relying on the restore.");
            else if (poor)
                warnings.Add("Data Consistency Score is Poor: significant content could not be restored; open a Microsoft support request naming the restore request.");
            return m with { Status = OperationStatus.CompletedWithWarnings, Warnings = warnings };
        }

        /// <summary>
        /// The mapping of a listing row (New-/Get-MailboxRestoreRequest): it carries no skipped-item counts and no data
        /// consistency score, so a Completed request is CompletedUnchecked (never a plain Completed that the statistics
        /// could contradict), and an AutoSuspended one has no reason to give.
        /// </summary>
        public static StatusMapping Map(ExchangeRestoreRequest r) => Map(r.Status, listingOnly: true);

        /// <summary>The request disappeared while it was being watched.</summary>
        public static StatusMapping Disappeared() => new(OperationStatus.Cancelled, null, null,
            new[] { "The request disappeared while it was being watched: it was removed before it finished. Items already copied stay in the target." }, null);

        /// <summary>The mapping of a status (and, from the statistics, its detail, Message and report).</summary>
        /// <param name="listingOnly">The status comes from a listing row, without statistics: see <see cref="Map(ExchangeRestoreRequest)"/>.</param>
        public static StatusMapping Map(string? status, string? statusDetail = null, string? message = null, IReadOnlyList<ExchangeReportEntry>? report = null, bool listingOnly = false)
        {
            var warnings = new List<string>();
            string? stall = null;
            string? suspendReason = null;
            CopyProgress? progress = report is null ? null : LastCopyProgress(report);
            OperationStatus result;
            switch (Normalize(status))
            {
                case "queued":
                case "none":
                case "":
                    result = OperationStatus.Queued;
                    break;
                case "inprogress":
                case "completioninprogress":
                case "synced":
                case "retrying":
                    result = OperationStatus.InProgress;
                    break;
                case "suspended":
                    result = OperationStatus.Suspended;
                    break;
                case "autosuspended":
                    result = OperationStatus.Suspended;
                    suspendReason = ExchangeMessage.Reason(message);
                    warnings.Add(SuspendedWarning(suspendReason, listingOnly));
                    break;
                case "completed":
                    result = listingOnly ? OperationStatus.CompletedUnchecked : OperationStatus.Completed;
                    if (listingOnly) warnings.Add(UncheckedWarning);
                    break;
                case "completedwithwarning":
                case "completedwithwarnings":
                    result = OperationStatus.CompletedWithWarnings;
                    if (ExchangeMessage.Reason(message) is { } said) warnings.Add(said);
                    break;
                case "failed":
                    // Exchange's verdict stands: a request it calls Failed has not finished, whatever was copied.
                    result = OperationStatus.Failed;
                    if (progress is { IsComplete: true }) warnings.Add(AllCopiedWarning(statusDetail, progress));
                    break;
                default:
                    result = OperationStatus.InProgress;
                    warnings.Add($"Exchange reported an unrecognised status '{status}'; the request is treated as still running.");
                    break;
            }
            if (!IsSettled(result) && result != OperationStatus.Suspended && IsStall(statusDetail))
            {
                stall = statusDetail;
            }
            return new StatusMapping(result, stall, suspendReason, warnings, progress);
        }

        /// <summary>The note of a listing's Completed row (<see cref="OperationStatus.CompletedUnchecked"/>).</summary>
        public const string UncheckedWarning =
            "Exchange lists the request as Completed; its skipped items and data consistency score were not read, so it is not called Completed here: Get-InactiveRestore gives the verdict and the counts.";

        /// <summary>"Exchange suspended the request automatically (the target mailbox's database is being rebalanced): resume it with Resume-InactiveRestore."</summary>
        public static string SuspendedWarning(string? reason, bool listingOnly = false)
        {
            var why = ExchangeMessage.Cause(reason);
            return "Exchange suspended the request automatically"
                + (why is not null ? " (" + why + ")" : listingOnly ? " (its reason is in its statistics: Get-InactiveRestore shows it)" : string.Empty)
                + ": resume it with Resume-InactiveRestore.";
        }

        /// <summary>The note on a Failed request whose report's last copy progress shows every item copied.</summary>
        public static string AllCopiedWarning(string? statusDetail, CopyProgress progress) =>
            string.Format(CultureInfo.InvariantCulture,
                "All {0:N0} items appear copied (the report's last copy progress: {1}/{2} messages{3}), but Exchange has not finished the request (Failed{4}): Resume-InactiveRestore lets it complete.",
                progress.ItemsTotal, progress.ItemsCopied, progress.ItemsTotal,
                progress.BytesTotal is long bt ? ", " + ExchangeValue.FormatBytes(progress.BytesCopied) + " of " + ExchangeValue.FormatBytes(bt) : string.Empty,
                string.IsNullOrEmpty(statusDetail) || string.Equals(statusDetail, "Failed", StringComparison.OrdinalIgnoreCase) ? string.Empty : ", " + statusDetail);

        /// <summary>True for StatusDetail values that mean the service is throttling the request (StalledDueTo*).</summary>
        public static bool IsStall(string? statusDetail) =>
            statusDetail is not null && statusDetail.StartsWith("StalledDueTo", StringComparison.OrdinalIgnoreCase);

        /// <summary>Explains a stall reason for a person.</summary>
        public static string DescribeStall(string stallReason)
        {
            var what = stallReason.Substring("StalledDueTo".Length).TrimStart('_');
            return $"Exchange Online is throttling the request ({stallReason}: {what.Replace('_', ' ')}). This is normal service behaviour; it continues on its own.";
        }

        /// <summary>The last "Copy progress" line of a report, parsed; null when there is none.</summary>
        public static CopyProgress? LastCopyProgress(IEnumerable<ExchangeReportEntry> report)
        {
            foreach (var entry in report.Reverse())
            {
                var parsed = ParseCopyProgress(entry.Message);
                if (parsed is not null) return parsed;
            }
            return null;
        }

        /// <summary>Parses "Copy progress: 723/1456 messages, 225.8 MB (236,732,045 bytes)/416.5 MB (436,712,733 bytes)."</summary>
        public static CopyProgress? ParseCopyProgress(string? line)
        {
            if (string.IsNullOrEmpty(line)) return null;
            var m = CopyProgressLine.Match(line);
            if (!m.Success) return null;
            var x = ExchangeValue.ToLong(Digits(m.Groups["x"].Value));
            var y = ExchangeValue.ToLong(Digits(m.Groups["y"].Value));
            if (x is null || y is null) return null;
            long? a = m.Groups["a"].Success ? ExchangeValue.ParseSize(m.Groups["a"].Value) : null;
            long? b = m.Groups["b"].Success ? ExchangeValue.ParseSize(m.Groups["b"].Value) : null;
            return new CopyProgress(x.Value, y.Value, a, b);
        }

        private static string Digits(string s) => new(s.Where(char.IsDigit).ToArray());

        private static string Normalize(string? s) => (s ?? string.Empty).Trim().ToLowerInvariant();
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// What a watch shows: the progress bars (one overall bar, one child bar per request) and the texts of the
    /// Information/warning lines. Pure functions of <see cref="RestoreResult"/> so they are tested without a host;
    /// the cmdlet-facing runner (Commands/RestoreWatcher) only writes what these return.
    /// </summary>
    internal static class WatchDisplay
    {
        /// <summary>The overall bar's ActivityId; request bars take the following ids.</summary>
        public const int OverallActivityId = 0x1E50;

        public const string OverallActivity = "Watching inactive mailbox restores";

        /// <summary>The overall bar: requests settled / total, bytes copied of the total estimate.</summary>
        public static ProgressRecord Overall(IReadOnlyCollection<RestoreResult> operations, bool completed = false)
        {
            var total = operations.Count;
            var settled = operations.Count(o => o.IsSettled);
            var bytesDone = operations.Sum(o => o.BytesCopied ?? 0);
            var bytesTotal = operations.Sum(o => o.EstimatedBytes ?? 0);
            var status = string.Format(CultureInfo.InvariantCulture, "{0}/{1} request(s) settled", settled, total);
            if (bytesTotal > 0) status += $", {ExchangeValue.FormatBytes(bytesDone)}/{ExchangeValue.FormatBytes(bytesTotal)}";
            var record = new ProgressRecord(OverallActivityId, OverallActivity, status)
            {
                PercentComplete = total == 0 ? 100 : Clamp(bytesTotal > 0 && settled < total
                    ? (int)Math.Min(99, bytesDone * 100 / bytesTotal)
                    : settled * 100 / total),
            };
            if (completed) record.RecordType = ProgressRecordType.Completed;
            return record;
        }

        /// <summary>A request's bar, a child of the overall bar. <paramref name="now"/> turns the ETA into a duration.</summary>
        public static ProgressRecord Request(RestoreResult p, int activityId, bool completed = false, DateTime? now = null)
        {
            var record = new ProgressRecord(activityId, Activity(p), StatusDescription(p, now))
            {
                ParentActivityId = OverallActivityId,
                PercentComplete = Clamp(p.PercentComplete ?? 0),
                CurrentOperation = CurrentOperation(p),
            };
            if (completed) record.RecordType = ProgressRecordType.Completed;
            return record;
        }

        /// <summary>"IR-megan.bowen-9c4d2e1f-Primary → adele.vance@contoso.com".</summary>
        public static string Activity(RestoreResult p)
        {
            var name = string.IsNullOrEmpty(p.RequestName) ? p.RequestId.ToString() : p.RequestName!;
            return string.IsNullOrEmpty(p.Target) ? name : $"{name} -> {p.Target}";
        }

        /// <summary>
        /// "InProgress 42%: 500/1,180 items (3 skipped), 75 MB/180 MB, ETA ~2h10m" (the parts that are known; at most about
        /// 90 characters so the bar fits a 120-column console). The ETA is a duration from <paramref name="now"/>; without
        /// it, the UTC time.
        /// </summary>
        public static string StatusDescription(RestoreResult p, DateTime? now = null)
        {
            var parts = new List<string>();
            if (Items(p) is { } items) parts.Add(items + " items");
            if (p.BytesCopied is not null || p.EstimatedBytes is not null)
                parts.Add($"{Bytes(p.BytesCopied)}/{Bytes(p.EstimatedBytes)}");
            if (!p.IsSettled && p.EstimatedCompletion is DateTime eta)
                parts.Add("ETA " + (now is DateTime n ? Duration(eta.ToUniversalTime() - n.ToUniversalTime())
                    : eta.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC"));
            var head = p.Status + " " + RestoreResults.PercentText(p);
            return parts.Count == 0 ? head : head + ": " + string.Join(", ", parts);
        }

        /// <summary>"7,899/7,940 (41 skipped)": items that arrived of the source's estimate, and the skipped ones; null when nothing is known.</summary>
        public static string? Items(RestoreResult p)
        {
            if (p.ItemsCopied is null && p.EstimatedItems is null) return null;
            var text = $"{Count(p.ItemsCopied)}/{Count(p.EstimatedItems)}";
            return p.ItemsSkipped is long skipped && skipped > 0 ? text + $" ({Count(skipped)} skipped)" : text;
        }

        /// <summary>A remaining time as "~2h10m", "~45m", "~3d4h", "<1m" (an overdue estimate shows as "<1m").</summary>
        public static string Duration(TimeSpan left)
        {
            if (left < TimeSpan.FromMinutes(1)) return "<1m";
            if (left.TotalDays >= 1) return string.Format(CultureInfo.InvariantCulture, "~{0}d{1}h", (int)left.TotalDays, left.Hours);
            if (left.TotalHours >= 1) return string.Format(CultureInfo.InvariantCulture, "~{0}h{1:00}m", (int)left.TotalHours, left.Minutes);
            return string.Format(CultureInfo.InvariantCulture, "~{0}m", (int)Math.Ceiling(left.TotalMinutes));
        }

        /// <summary>What Exchange is doing: the stall reason, the queue position, the suspension (with Exchange's reason), or the status detail.</summary>
        public static string CurrentOperation(RestoreResult p)
        {
            if (p.StallReason is { Length: > 0 } stall) return $"Throttled by the service ({stall}); waiting, this is normal";
            if (p.Status == OperationStatus.Queued)
                return p.PositionInQueue is int pos && pos > 0 ? $"Queued, position {pos}" : "Queued";
            if (p.Status == OperationStatus.Suspended)
            {
                var why = p.SuspendReason is { Length: > 0 } reason ? $" ({reason.TrimEnd('.')})" : string.Empty;
                return p.Released ? $"{p.ExchangeStatus}{why}: no longer waited for" : $"{p.ExchangeStatus}{why}: waiting for Resume-InactiveRestore";
            }
            if (p.Status == OperationStatus.Failed && p.Error is { Length: > 0 } error) return "Failed: " + error;
            return p.StatusDetail ?? p.ExchangeStatus ?? p.Status.ToString();
        }

        /// <summary>
        /// The sentence written to the Information stream when a request settles or is let go. A failure's reason is not
        /// repeated here: the warning says it once, with the remedy.
        /// </summary>
        public static string SettledLine(RestoreResult p)
        {
            if (p.Released) return $"{p.RequestName}: let go while {p.ExchangeStatus} ({RestoreResults.PercentText(p)}).";
            var what = $"{p.RequestName}: {p.Status}";
            if (p.Status == OperationStatus.CompletedWithWarnings && !string.Equals(p.ExchangeStatus, "CompletedWithWarning", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(p.ExchangeStatus, "CompletedWithWarnings", StringComparison.OrdinalIgnoreCase) && p.ExchangeStatus is { Length: > 0 } exchange)
                what += $" (Exchange: {exchange})";
            if (Items(p) is { } items) what += $", {items} items";
            if (p.Status == OperationStatus.Failed) what += " (see the warning)";
            return what + ".";
        }

        /// <summary>
        /// The warnings to show for a request (Watch-InactiveRestore and Start-InactiveRestore alike): each of its own warnings
        /// prefixed with the request's name, minus the routine stall explanations (throttling is normal; the progress bar
        /// and the Information line show it), plus a line for a failure with Exchange's reason and, unless a warning already
        /// gives it, the remedy.
        /// </summary>
        public static IEnumerable<string> Warnings(RestoreResult p)
        {
            foreach (var w in p.Warnings)
            {
                if (w.StartsWith("Exchange Online is throttling", StringComparison.Ordinal)) continue;
                yield return $"{p.RequestName}: {w}";
            }
            if (p.Status == OperationStatus.Failed)
            {
                var why = p.Error ?? "Exchange reports it as Failed.";
                // One remedy per request: when a warning above already says how to resume it, it is not said again.
                var remedy = p.Warnings.Any(w => w.IndexOf("Resume-InactiveRestore", StringComparison.Ordinal) >= 0)
                    ? string.Empty
                    : " Resume-InactiveRestore continues a failed request; Remove-InactiveRestore removes it.";
                yield return $"{p.RequestName} failed: {why.TrimEnd()}{remedy}";
            }
        }

        /// <summary>The message of the WatchTimedOut error.</summary>
        public static string TimedOutMessage(TimeSpan timeout, IReadOnlyCollection<RestoreResult> unsettled, int total) =>
            string.Format(CultureInfo.InvariantCulture,
                "The watch timed out after {0}: {1} of {2} request(s) have not settled ({3}). Their current states were written to the output; they keep running in Exchange.",
                timeout, unsettled.Count, total, string.Join(", ", unsettled.Select(u => $"{u.RequestName} {u.Status} {RestoreResults.PercentText(u)}")));

        private static int Clamp(int percent) => percent < 0 ? 0 : percent > 100 ? 100 : percent;

        /// <summary>
        /// What Ctrl+C leaves behind: the unsettled requests keep running in Exchange, and the exact command that picks the
        /// watch up again (-BatchName when the watch followed one batch, else the RequestGuids). Null when all had settled.
        /// </summary>
        public static string? StillRunningMessage(IReadOnlyCollection<RestoreResult> operations, string? batchName = null)
        {
            var running = operations.Where(o => !o.IsSettled).ToList();
            if (running.Count == 0) return null;
            var batches = running.Select(o => o.BatchName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var batch = batchName is { Length: > 0 } ? batchName : batches.Count == 1 && batches[0] is { Length: > 0 } only ? only : null;
            var command = batch is not null
                ? $"Watch-InactiveRestore -BatchName '{batch.Replace("'", "''")}'"
                : "Watch-InactiveRestore -Identity " + string.Join(",", running.Select(o => o.RequestId != Guid.Empty ? $"'{o.RequestId}'" : $"'{(o.Identity ?? o.RequestName).Replace("'", "''")}'"));
            return string.Format(CultureInfo.InvariantCulture,
                "Stopped watching. {0} restore request(s) keep running in Exchange (stopping the watch does not stop them). To watch them again: {1}",
                running.Count, command);
        }

        /// <summary>"Watch ended: 13 requests: 9 Completed, 2 CompletedWithWarnings, 1 Failed, 1 still InProgress." The final tally of a watch.</summary>
        public static string Tally(IReadOnlyCollection<RestoreResult> operations)
        {
            var parts = operations.GroupBy(o => o.Released ? "let go while Suspended" : o.IsSettled ? o.Status.ToString() : "still " + o.Status)
                .OrderBy(g => g.Key.StartsWith("still", StringComparison.Ordinal) || g.Key.StartsWith("let go", StringComparison.Ordinal) ? 1 : 0)
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Count()} {g.Key}");
            return $"Watch ended: {operations.Count} request(s): {string.Join(", ", parts)}.";
        }

        private static string Count(long? n) => n is null ? "?" : n.Value.ToString("N0", CultureInfo.InvariantCulture);

        private static string Bytes(long? n) => n is null ? "?" : ExchangeValue.FormatBytes(n);
    }
}

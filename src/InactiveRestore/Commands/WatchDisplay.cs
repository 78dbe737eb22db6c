using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
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

        /// <summary>A request's bar, a child of the overall bar.</summary>
        public static ProgressRecord Request(RestoreResult p, int activityId, bool completed = false)
        {
            var record = new ProgressRecord(activityId, Activity(p), StatusDescription(p))
            {
                ParentActivityId = OverallActivityId,
                PercentComplete = Clamp(p.PercentComplete),
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

        /// <summary>"InProgress 42%: items 500/1180, bytes 75 MB/180 MB, ETA 10:42 UTC" (the parts that are known).</summary>
        public static string StatusDescription(RestoreResult p)
        {
            var parts = new List<string>();
            if (p.ItemsCopied is not null || p.EstimatedItems is not null)
                parts.Add($"items {Count(p.ItemsCopied)}/{Count(p.EstimatedItems)}");
            if (p.BytesCopied is not null || p.EstimatedBytes is not null)
                parts.Add($"bytes {Bytes(p.BytesCopied)}/{Bytes(p.EstimatedBytes)}");
            if (!p.IsSettled && p.EstimatedCompletion is DateTime eta)
                parts.Add("ETA " + eta.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC");
            var head = string.Format(CultureInfo.InvariantCulture, "{0} {1}%", p.Status, p.PercentComplete);
            return parts.Count == 0 ? head : head + ": " + string.Join(", ", parts);
        }

        /// <summary>What Exchange is doing: the stall reason, the queue position, the suspension, or the status detail.</summary>
        public static string CurrentOperation(RestoreResult p)
        {
            if (p.StallReason is { Length: > 0 } stall) return $"Throttled by the service ({stall}); waiting, this is normal";
            if (p.Status == OperationStatus.Queued)
                return p.PositionInQueue is int pos && pos > 0 ? $"Queued, position {pos}" : "Queued";
            if (p.Status == OperationStatus.Suspended)
                return p.Released ? $"{p.ExchangeStatus}: no longer waited for" : $"{p.ExchangeStatus}: waiting for Resume-InactiveRestore";
            if (p.Status == OperationStatus.Failed && p.Error is { Length: > 0 } error) return "Failed: " + error;
            return p.StatusDetail ?? p.ExchangeStatus ?? p.Status.ToString();
        }

        /// <summary>The sentence written to the Information stream when a request settles or is let go.</summary>
        public static string SettledLine(RestoreResult p)
        {
            if (p.Released) return $"{p.RequestName}: let go while {p.ExchangeStatus} ({p.PercentComplete}%).";
            var what = $"{p.RequestName}: {p.Status}";
            if (p.ItemsCopied is not null) what += $", {Count(p.ItemsCopied)}/{Count(p.EstimatedItems)} items";
            if (p.Status == OperationStatus.Failed && p.Error is { Length: > 0 } failure) what += ": " + failure.TrimEnd('.', ' ');
            return what + ".";
        }

        /// <summary>
        /// The warnings to show for a request: its own warnings, minus the routine stall explanations (throttling is
        /// normal; the progress bar and the Information line show it), plus a line for a failure.
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
                yield return $"{p.RequestName} failed: {why} Resume-InactiveRestore continues a failed request; Remove-InactiveRestore removes it.";
            }
        }

        /// <summary>The message of the WatchTimedOut error.</summary>
        public static string TimedOutMessage(TimeSpan timeout, IReadOnlyCollection<RestoreResult> unsettled, int total) =>
            string.Format(CultureInfo.InvariantCulture,
                "The watch timed out after {0}: {1} of {2} request(s) have not settled ({3}). Their current states were written to the output; they keep running in Exchange. Run Watch-InactiveRestore again to keep watching.",
                timeout, unsettled.Count, total, string.Join(", ", unsettled.Select(u => $"{u.RequestName} {u.Status} {u.PercentComplete}%")));

        private static int Clamp(int percent) => percent < 0 ? 0 : percent > 100 ? 100 : percent;

        private static string Count(long? n) => n is null ? "?" : n.Value.ToString("N0", CultureInfo.InvariantCulture);

        private static string Bytes(long? n) => n is null ? "?" : ExchangeValue.FormatBytes(n);
    }
}

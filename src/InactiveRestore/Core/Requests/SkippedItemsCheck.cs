using System;
using InactiveRestore.Exchange;

namespace InactiveRestore.Core
{
    /// <summary>What a request needs about the items Exchange skipped before a resume can complete.</summary>
    internal enum SkippedItemsNeed
    {
        /// <summary>Nothing: a resume can complete.</summary>
        None,

        /// <summary>
        /// Failed with TooManyBadItemsPermanentException / FailedBadItemLimit, or DataConsistencyScore Investigate: the
        /// admin approves the skipped items (Set-MailboxRestoreRequest -SkippedItemApprovalTime) before resuming, or
        /// Exchange fails it again.
        /// </summary>
        Approval,

        /// <summary>DataConsistencyScore Poor: Microsoft support is needed.</summary>
        Support,
    }

    /// <summary>
    /// A Failed request's statistics read for the resume: FailureType, StatusDetail, DataConsistencyScore (Exchange
    /// Online contract §6: bad items raise TooManyBadItemsPermanentException; DCS Investigate needs an admin's
    /// approval; Poor needs Microsoft support).
    /// </summary>
    internal sealed class SkippedItemsCheck
    {
        /// <summary>Not Failed: nothing was read and nothing is needed.</summary>
        public static SkippedItemsCheck Nothing { get; } = new();

        public SkippedItemsNeed Need { get; init; }
        public string? StatusDetail { get; init; }
        public string? FailureType { get; init; }
        public string? DataConsistencyScore { get; init; }
        public DateTime? FailureTimestamp { get; init; }
        public long BadItemsEncountered { get; init; }

        public static SkippedItemsCheck From(ExchangeRestoreRequestStatistics stats)
        {
            if (stats is null) throw new ArgumentNullException(nameof(stats));
            return new SkippedItemsCheck
            {
                Need = NeedOf(stats.FailureType, stats.StatusDetail, stats.DataConsistencyScore),
                StatusDetail = stats.StatusDetail,
                FailureType = stats.FailureType,
                DataConsistencyScore = stats.DataConsistencyScore,
                FailureTimestamp = stats.FailureTimestamp,
                BadItemsEncountered = stats.BadItemsEncountered,
            };
        }

        public static SkippedItemsNeed NeedOf(string? failureType, string? statusDetail, string? dataConsistencyScore)
        {
            if (Is(dataConsistencyScore, "Poor")) return SkippedItemsNeed.Support;
            if (Is(dataConsistencyScore, "Investigate") || Is(statusDetail, "FailedBadItemLimit")
                || (failureType ?? string.Empty).IndexOf("TooManyBadItems", StringComparison.OrdinalIgnoreCase) >= 0)
                return SkippedItemsNeed.Approval;
            return SkippedItemsNeed.None;
        }

        /// <summary>Why: "FailedBadItemLimit, TooManyBadItemsPermanentException, data consistency score Investigate, 14 bad items".</summary>
        public string Reason
        {
            get
            {
                var parts = new System.Collections.Generic.List<string>();
                if (!string.IsNullOrEmpty(StatusDetail)) parts.Add(StatusDetail!);
                if (!string.IsNullOrEmpty(FailureType)) parts.Add(FailureType!);
                if (!string.IsNullOrEmpty(DataConsistencyScore)) parts.Add($"data consistency score {DataConsistencyScore}");
                if (BadItemsEncountered > 0) parts.Add($"{BadItemsEncountered} bad items");
                return string.Join(", ", parts);
            }
        }

        /// <summary>The warning for a resume without approval (null when nothing is needed). <paramref name="identity"/> as the user can type it.</summary>
        public string? WarningWithoutApproval(string identity) => Need switch
        {
            SkippedItemsNeed.Approval =>
                $"Restore request '{identity}' failed on skipped (bad) items ({Reason}). Resumed without approving them, Exchange will fail it again. " +
                $"Review the skipped items with Get-InactiveRestore -Identity '{identity}' -IncludeReport, then approve them and resume with " +
                $"Resume-InactiveRestore -Identity '{identity}' -ApproveSkippedItems.",
            SkippedItemsNeed.Support => SupportWarning(identity),
            _ => null,
        };

        /// <summary>The warning for a resume with approval (only DCS Poor needs more).</summary>
        public string? WarningWithApproval(string identity) => Need == SkippedItemsNeed.Support ? SupportWarning(identity) : null;

        private string SupportWarning(string identity) =>
            $"Restore request '{identity}' has data consistency score Poor ({Reason}): approving skipped items is not enough; " +
            "Microsoft support is needed (open a service request naming the restore request). The request is resumed as asked.";

        private static bool Is(string? value, string expected) => string.Equals(value?.Trim(), expected, StringComparison.OrdinalIgnoreCase);
    }
}

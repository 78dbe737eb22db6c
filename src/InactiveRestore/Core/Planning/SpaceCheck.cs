using System;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Sizes each request to create (<c>Get-MailboxStatistics -IncludeSoftDeletedRecipients</c> of the source part) and
    /// measures the target part it goes into (<see cref="PlanContext.TargetMeasure"/>: one Get-MailboxFolderStatistics per
    /// target part and invocation, whose folders <see cref="EarlierRestores"/> then reads), then checks the source's size
    /// against the target part's quota headroom, less what earlier pairs of the same run restore into it and what
    /// restores already running into it will still add (the remaining bytes of its unfinished requests: their statistics
    /// are read only when the target has a quota and its listing shows unfinished requests, once per request and invocation).
    /// </summary>
    internal static class SpaceCheck
    {
        public static void Check(PlanContext context, RestoreEstimator estimator, RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, PairPlan pair)
        {
            var result = pair.Findings;
            foreach (var planned in pair.Steps.OfType<CreateRequestStep>().Select(s => s.Request!))
            {
                var part = planned.IsArchive ? "archive" : "primary mailbox";
                var sourceStats = Read(() => context.Gateway.GetMailboxStatistics(RequestPlanning.SourceIdentity(source), planned.IsArchive, softDeleted: true), $"the source's {part}", result, null);
                if (sourceStats is not null)
                {
                    PairRules.CheckSizes(sourceStats, $"the source's {part}", result);
                    planned.EstimatedBytes = sourceStats.TotalItemSize + (request.ExcludeDumpster ? 0 : sourceStats.TotalDeletedItemSize);
                    planned.EstimatedItems = sourceStats.ItemCount + (request.ExcludeDumpster ? 0 : sourceStats.DeletedItemCount);
                    planned.EstimatedDuration = estimator.EstimateRestoreTime(planned.EstimatedBytes.Value);
                    planned.QuotaBytes = sourceStats.TotalItemSize;
                }

                // The target part is measured even without a quota: its folders show what an earlier restore left.
                var measure = Read(() => context.TargetMeasure(target, planned.IsArchive), $"the target's {part}", result,
                    " Whether an earlier restore of this source already left content in it was not checked either.");
                var quota = planned.IsArchive ? target.ArchiveQuota : target.ProhibitSendReceiveQuota;
                if (quota is null)
                {
                    // Unlimited: nothing to check. (A quota that could not be read is null too, with its SizeUnreadable warning.)
                    planned.TargetQuotaUnlimited = !target.UnreadableSizes.Contains(planned.IsArchive ? "ArchiveQuota" : "ProhibitSendReceiveQuota");
                    continue;
                }
                if (sourceStats is null || measure is null) continue;
                var targetStats = measure.Statistics;
                PairRules.CheckSizes(targetStats, $"the target's {part}", result);
                var reserved = context.Reservations.Reserved(target.ExchangeGuid, planned.IsArchive);
                var running = context.RunningBytes(target, planned.IsArchive);
                var headroom = quota.Value - targetStats.TotalItemSize - reserved - running;
                // The figures of the check, for Test-InactiveRestore's view (the same numbers the message below quotes).
                planned.TargetQuotaBytes = quota.Value;
                planned.TargetUsedBytes = targetStats.TotalItemSize;
                planned.OtherRestoresBytes = reserved + running;
                planned.HeadroomAfterBytes = headroom - sourceStats.TotalItemSize;
                if (sourceStats.TotalItemSize > headroom)
                {
                    var counted = new System.Collections.Generic.List<string>();
                    if (reserved > 0) counted.Add($"the {ByteFormat.Short(reserved)} that earlier pairs of this run restore into it");
                    if (running > 0) counted.Add($"the {ByteFormat.Short(running)} that restores already running into it still copy");
                    var earlier = counted.Count > 0 ? " once " + string.Join(" and ", counted) + " are counted" : string.Empty;
                    result.Add(ValidationCodes.InsufficientSpace, ValidationSeverity.Error,
                        $"The source's {part} holds {ByteFormat.Short(sourceStats.TotalItemSize)} but the target's {part} has {ByteFormat.Short(Math.Max(0, headroom))} free under its quota of {ByteFormat.Short(quota)}{earlier}.",
                        planned.IsArchive
                            ? "Raise the target's ArchiveQuota, free space, or restore part of the archive with -IncludeFolders."
                            : "Raise the target's quota (or license), free space, restore part with -IncludeFolders, or restore into a mailbox with room.");
                }
            }
        }

        private static T? Read<T>(Func<T?> read, string what, ValidationResult result, string? alsoSkipped) where T : class
        {
            try
            {
                return read();
            }
            catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.NotFound or ExchangeErrorKind.Permanent)
            {
                result.Add(ValidationCodes.StatisticsUnavailable, ValidationSeverity.Warning,
                    $"Could not read the size of {what}: {e.Message}", "The space check was skipped; make sure the target has room." + alsoSkipped);
                return null;
            }
        }
    }
}

using System;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>Builds <see cref="RestoreResult"/> from what Exchange returns.</summary>
    internal static class RestoreResults
    {
        /// <summary>
        /// A result from a request object (New-/Get-MailboxRestoreRequest): the listing's status (a Completed one is
        /// CompletedUnchecked), no statistics, so PercentComplete is unknown (null, never a made-up 0). Source and Target
        /// are what Get-InactiveRestore shows for the same request: the source alias the module's name carries, and the
        /// target alias of Exchange's identity (<c>alias\Name</c>), not the listing's internal mailbox name.
        /// </summary>
        public static RestoreResult FromRequest(ExchangeRestoreRequest r, DateTime now)
        {
            var mapping = StatusMapper.Map(r);
            var result = new RestoreResult
            {
                Success = mapping.Status != OperationStatus.Failed,
                RequestId = r.RequestGuid,
                RequestName = r.Name,
                Identity = r.Identity,
                Source = RequestNaming.SourceAliasFromName(r.Name) ?? Blank(r.SourceMailbox),
                Target = TargetAliasOf(r.Identity) ?? Blank(r.TargetMailbox),
                PercentComplete = null,
                BatchName = r.BatchName,
                Status = mapping.Status,
                ExchangeStatus = r.Status,
                LastUpdatedAt = now,
                Warnings = mapping.Warnings.ToList(),
                IsArchive = r.Name.EndsWith(RequestNaming.ArchiveSuffix, StringComparison.OrdinalIgnoreCase),
            };
            // The listing does not say what a Failed request's skipped items need: the statistics do (FromStatistics).
            AdminActions.Apply(result);
            return result;
        }

        /// <summary>A result from Get-MailboxRestoreRequestStatistics (with the report when it was asked for).</summary>
        public static RestoreResult FromStatistics(ExchangeRestoreRequestStatistics s, RestoreResult? previous = null)
        {
            var mapping = StatusMapper.Map(s);
            var transferred = s.ItemsTransferred ?? mapping.CopyProgress?.ItemsCopied;
            var skipped = s.BadItemsEncountered + s.LargeItemsEncountered + s.MissingItemsEncountered;
            var result = new RestoreResult
            {
                RequestId = s.RequestGuid != Guid.Empty ? s.RequestGuid : previous?.RequestId ?? Guid.Empty,
                RequestName = s.Name.Length > 0 ? s.Name : previous?.RequestName ?? string.Empty,
                Identity = s.Identity ?? previous?.Identity,
                Source = previous?.Source ?? RequestNaming.SourceAliasFromName(s.Name, s.SourceExchangeGuid)
                    ?? (s.SourceExchangeGuid != Guid.Empty ? s.SourceExchangeGuid.ToString() : null),
                SourceExchangeGuid = s.SourceExchangeGuid != Guid.Empty ? s.SourceExchangeGuid : previous?.SourceExchangeGuid ?? Guid.Empty,
                Target = previous?.Target ?? s.TargetAlias,
                TargetExchangeGuid = s.TargetExchangeGuid != Guid.Empty ? s.TargetExchangeGuid : previous?.TargetExchangeGuid ?? Guid.Empty,
                IsArchive = s.TargetIsArchive || s.SourceIsArchive,
                BatchName = s.BatchName ?? previous?.BatchName,
                TargetRootFolder = s.TargetRootFolder ?? previous?.TargetRootFolder,
                ConflictResolution = Enum.TryParse<ConflictResolutionOption>(s.ConflictResolutionOption, true, out var cr) ? cr : previous?.ConflictResolution,
                Status = mapping.Status,
                ExchangeStatus = s.Status,
                StatusDetail = s.StatusDetail,
                ItemsTransferred = transferred,
                // Exchange counts skipped items as transferred; only the rest arrived in the target.
                ItemsCopied = transferred is long t ? Math.Max(0, t - skipped) : null,
                ItemsSkipped = skipped,
                BadItems = s.BadItemsEncountered,
                LargeItems = s.LargeItemsEncountered,
                MissingItems = s.MissingItemsEncountered,
                BytesCopied = s.BytesTransferred ?? mapping.CopyProgress?.BytesCopied,
                EstimatedItems = s.EstimatedTransferItemCount ?? mapping.CopyProgress?.ItemsTotal ?? previous?.EstimatedItems,
                EstimatedBytes = s.EstimatedTransferSize ?? mapping.CopyProgress?.BytesTotal ?? previous?.EstimatedBytes,
                // Exchange's own figure, never more: a Failed request at 95 % is 95 % even when every item appears copied.
                PercentComplete = s.PercentComplete,
                QueuedAt = s.QueuedTimestamp ?? previous?.QueuedAt,
                StartedAt = s.StartTimestamp,
                CompletedAt = s.CompletionTimestamp ?? (mapping.Status == OperationStatus.Failed ? s.FailureTimestamp : null),
                LastUpdatedAt = s.LastUpdateTimestamp,
                PositionInQueue = s.PositionInQueue,
                DataConsistencyScore = s.DataConsistencyScore,
                StallReason = mapping.StallReason,
                SuspendReason = mapping.SuspendReason,
                AlreadyExisted = previous?.AlreadyExisted ?? false,
                Warnings = mapping.Warnings.ToList(),
            };
            if (mapping.StallReason is not null) result.Warnings.Add(StatusMapper.DescribeStall(mapping.StallReason));
            // Only what is true of the state Exchange is in now: once the request has completed (or its skipped items
            // are approved) the "must approve" warning no longer applies; the completed mapping says what was skipped.
            var need = SkippedItemsCheck.NeedOf(s.FailureType, s.StatusDetail, s.DataConsistencyScore);
            var approved = s.SkippedItemApprovalTime is { } at && (s.FailureTimestamp is not { } failedAt || at >= failedAt);
            if (!mapping.Status.IsSettled() || mapping.Status == OperationStatus.Failed)
            {
                if (need == SkippedItemsNeed.Support)
                    result.Warnings.Add("Data Consistency Score is Poor: Microsoft support is needed to complete this request.");
                else if (need == SkippedItemsNeed.Approval && mapping.Status == OperationStatus.Failed && !approved)
                    result.Warnings.Add($"Exchange skipped {skipped:N0} item(s) (Data Consistency Score {s.DataConsistencyScore ?? "not given"}): an administrator must review and approve them before the request can complete (Resume-InactiveRestore -ApproveSkippedItems).");
                else if (need == SkippedItemsNeed.Approval && skipped > 0 && !approved)
                    result.Warnings.Add($"Exchange has skipped {skipped:N0} item(s) so far (Data Consistency Score {s.DataConsistencyScore ?? "not given"}); they will not be in the target.");
            }
            if (mapping.Status == OperationStatus.Failed)
            {
                result.Error = FailureText(s);
                result.Success = false;
                // Skipped items approved since the failure: a plain resume goes on.
                AdminActions.Apply(result, need == SkippedItemsNeed.Approval && approved ? SkippedItemsNeed.None : need);
            }
            else
            {
                result.Success = true;
                AdminActions.Apply(result);
            }
            return result;
        }

        /// <summary>Exchange's reason for a failure, without Exchange's own remedy (the module's is given beside it).</summary>
        private static string FailureText(ExchangeRestoreRequestStatistics s)
        {
            var message = ExchangeMessage.WithoutRemedy(s.Message);
            var what = message ?? s.FailureType ?? s.StatusDetail ?? "Exchange reports the request as Failed.";
            return s.FailureType is { Length: > 0 } type && message is not null && message.IndexOf(type, StringComparison.OrdinalIgnoreCase) < 0
                ? $"{what} ({type})"
                : what;
        }

        /// <summary>"42%" for texts; "?%" when Exchange's percentage was not read (never a made-up 0).</summary>
        public static string PercentText(RestoreResult r) => r.PercentComplete is int p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) + "%" : "?%";

        /// <summary>The target alias of Exchange's request identity <c>alias\Name</c>; null when it has none.</summary>
        public static string? TargetAliasOf(string? identity)
        {
            if (string.IsNullOrWhiteSpace(identity)) return null;
            var slash = identity!.IndexOf('\\');
            return slash > 0 ? Blank(identity.Substring(0, slash)) : null;
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        /// <summary>
        /// Fills in what the plan knows of a request (source, target, kind, batch, folder, estimates) in the forms
        /// Get-InactiveRestore shows from Exchange's statistics too: Source = the inactive mailbox's alias (the one in the
        /// request's name), Target = the target's alias (Exchange's TargetAlias).
        /// </summary>
        public static void Describe(RestoreResult result, PairPlan pair, PlannedRequest planned, bool keepExchangeValues = false)
        {
            var request = pair.Input;
            result.RequestName = result.RequestName.Length > 0 ? result.RequestName : planned.Name;
            if (pair.Source is { } source)
            {
                result.Source = source.Alias ?? MailboxResolver.Show(source);
                result.SourceExchangeGuid = source.ExchangeGuid;
            }
            if (pair.Target is { } target)
            {
                result.Target = target.Alias ?? MailboxResolver.ShowTarget(target);
                result.TargetExchangeGuid = target.ExchangeGuid;
            }
            result.IsArchive = planned.IsArchive;
            if (!keepExchangeValues || result.BatchName is null) result.BatchName ??= request.BatchName;
            if (!keepExchangeValues || result.TargetRootFolder is null) result.TargetRootFolder = planned.TargetRootFolder;
            if (!keepExchangeValues || result.ConflictResolution is null) result.ConflictResolution ??= request.ConflictResolution;
            result.EstimatedBytes ??= planned.EstimatedBytes;
            result.EstimatedItems ??= planned.EstimatedItems;
        }

        /// <summary>The result with what a watch adds: the estimated completion (the percentage stays Exchange's).</summary>
        public static RestoreResult WithEstimate(RestoreResult r, RestoreEstimator? estimator, DateTime now, long? bytesPerMinute = null)
        {
            if (r.Status.IsSettled()) r.EstimatedCompletion = r.CompletedAt;
            else if (estimator is not null && r.Status != OperationStatus.Suspended)
                r.EstimatedCompletion = estimator.EstimateCompletion(now, r.EstimatedBytes, r.BytesCopied, bytesPerMinute);
            return r;
        }

        /// <summary>The last state of a request that disappeared while it was watched (Cancelled, as of <paramref name="now"/>).</summary>
        public static RestoreResult Disappeared(RestoreResult previous, DateTime now)
        {
            var mapping = StatusMapper.Disappeared();
            return new RestoreResult
            {
                Success = false,
                RequestId = previous.RequestId,
                RequestName = previous.RequestName,
                Identity = previous.Identity,
                Source = previous.Source,
                SourceExchangeGuid = previous.SourceExchangeGuid,
                Target = previous.Target,
                TargetExchangeGuid = previous.TargetExchangeGuid,
                IsArchive = previous.IsArchive,
                BatchName = previous.BatchName,
                TargetRootFolder = previous.TargetRootFolder,
                ConflictResolution = previous.ConflictResolution,
                Status = mapping.Status,
                ExchangeStatus = previous.ExchangeStatus,
                StatusDetail = previous.StatusDetail,
                ItemsCopied = previous.ItemsCopied,
                BytesCopied = previous.BytesCopied,
                EstimatedItems = previous.EstimatedItems,
                EstimatedBytes = previous.EstimatedBytes,
                PercentComplete = previous.PercentComplete,
                QueuedAt = previous.QueuedAt,
                StartedAt = previous.StartedAt,
                CompletedAt = now,
                LastUpdatedAt = now,
                AlreadyExisted = previous.AlreadyExisted,
                Error = "The request no longer exists in Exchange: it was removed before it finished.",
                Warnings = mapping.Warnings.ToList(),
            };
        }
    }
}

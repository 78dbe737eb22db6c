using System;
using System.Globalization;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// One request's life once the service picks it up: its phases, the copy (with the source's
    /// <see cref="RestoreBehavior"/>: stalls, bad items, auto-suspend, failures), completion and its report.
    /// Driven by <see cref="RequestEngine"/>, one simulated minute per <see cref="Step"/>.
    /// </summary>
    internal sealed class RequestProgress
    {
        private readonly RequestEngine _engine;

        internal RequestProgress(RequestEngine engine)
        {
            _engine = engine;
        }

        private DateTime Now => _engine.Now;
        private SimRandom Rng => _engine.Rng;
        private string ServerName() => _engine.ServerName();
        private static FolderStatistics StatisticsFor(Mailbox m, bool archive) => MailboxDirectory.StatisticsFor(m, archive);

        internal void Start(RestoreRequest r)
        {
            r.Status = "InProgress";
            if (!r.StartTimestamp.HasValue) r.StartTimestamp = Now;
            r.LastUpdateTimestamp = Now;
            r.ServerName = ServerName();
            AddReport(r, "The Microsoft Exchange Mailbox Replication service '" + r.ServerName + ".EURPRD01.PROD.OUTLOOK.COM' (15.20.8005.17 ServerCaps:01FFFF, ProxyCaps:1FFDF7, MailboxCaps:, legacyCaps:01FFFF) is examining the request.");
            AddReport(r, "Connected to target mailbox '" + r.Target.ExchangeGuid + (r.TargetIsArchive ? " (Archive)" : " (Primary)") + "', database '" + r.Target.Database + "', Mailbox server '" + r.ServerName + ".EURPRD01.PROD.OUTLOOK.COM' Version 15.20 (Build 8005.0).");
            AddReport(r, "Connected to source mailbox '" + r.Source.ExchangeGuid + (r.SourceIsArchive ? " (Archive)" : " (Primary)") + "', database '" + r.Source.Database + "', Mailbox server '" + r.ServerName + ".EURPRD01.PROD.OUTLOOK.COM' Version 15.20 (Build 8005.0).");
            AddReport(r, "Request processing started.");
            if (r.Phase == RequestPhase.Queued)
            {
                EnterPhase(r, RequestPhase.CreatingFolderHierarchy);
            }
            else
            {
                EnterPhase(r, r.Phase);
            }
        }

        private void EnterPhase(RestoreRequest r, RequestPhase phase)
        {
            r.Phase = phase;
            r.PhaseMinutes = 0;
            switch (phase)
            {
                case RequestPhase.CreatingFolderHierarchy:
                    r.Status = "InProgress"; r.StatusDetail = "CreatingFolderHierarchy"; r.SyncStage = "CreatingFolderHierarchy";
                    AddReport(r, "Initializing folder hierarchy from mailbox '" + r.Source.ExchangeGuid + "': " + FolderCount(r) + " folders total.");
                    break;
                case RequestPhase.LoadingMessages:
                    r.Status = "InProgress"; r.StatusDetail = "LoadingMessages"; r.SyncStage = "LoadingMessages";
                    AddReport(r, "Folder hierarchy initialized for mailbox '" + r.Source.ExchangeGuid + "': " + FolderCount(r) + " folders total.");
                    AddReport(r, "Stage: LoadingMessages. Percent complete: 10.");
                    break;
                case RequestPhase.CopyingMessages:
                    r.Status = "InProgress"; r.StatusDetail = r.StallMinutesLeft > 0 ? r.StallDetail : "CopyingMessages"; r.SyncStage = "CopyingMessages";
                    AddReport(r, "Stage: CopyingMessages. Percent complete: " + PercentComplete(r) + ".");
                    r.LastProgressReport = Now;
                    break;
                case RequestPhase.Finalization:
                    r.Status = "InProgress"; r.StatusDetail = "Finalization"; r.SyncStage = "FinalIncrementalSync";
                    r.CurrentBytesPerMinute = 0;
                    AddReport(r, "Stage: FinalIncrementalSync. Percent complete: 95.");
                    break;
                case RequestPhase.CompletionInProgress:
                    r.Status = "CompletionInProgress"; r.StatusDetail = "Finalization"; r.SyncStage = "Cleanup";
                    AddReport(r, "Final sync has completed successfully.");
                    break;
            }
        }

        private static int FolderCount(RestoreRequest r) => 20 + (int)(Math.Abs(r.Source.ExchangeGuid.GetHashCode()) % 60);

        internal void Step(RestoreRequest r)
        {
            r.PhaseMinutes++;
            r.LastUpdateTimestamp = Now;
            switch (r.Phase)
            {
                case RequestPhase.CreatingFolderHierarchy:
                    if (r.PhaseMinutes >= 2) EnterPhase(r, RequestPhase.LoadingMessages);
                    break;
                case RequestPhase.LoadingMessages:
                    if (r.PhaseMinutes >= 1) EnterPhase(r, RequestPhase.CopyingMessages);
                    break;
                case RequestPhase.CopyingMessages:
                    Copy(r);
                    break;
                case RequestPhase.Finalization:
                    if (r.Source.RestoreBehavior == RestoreBehavior.FailedOtherAllCopied && !r.FinalizationFailureDone)
                    {
                        r.FinalizationFailureDone = true;
                        Fail(r, "FailedOther", "StoragePermanentException", -2146233088, "Target",
                            "Error: StoragePermanentException: The target mailbox's database failed over while the request was being finalized. --> MapiExceptionNetworkError: Unable to make connection to the server. (hr=0x80004005, ec=2423)");
                        return;
                    }
                    if (r.PhaseMinutes >= 1) EnterPhase(r, RequestPhase.CompletionInProgress);
                    break;
                case RequestPhase.CompletionInProgress:
                    if (r.PhaseMinutes >= 1) Complete(r);
                    break;
            }
        }

        private void Copy(RestoreRequest r)
        {
            // Skipped items never arrive: the target's item count follows ItemsArrived (transferred minus skipped).
            long arrivedBefore = r.ItemsArrived;
            CopyTick(r);
            StatisticsFor(r.Target, r.TargetIsArchive).ItemCount += r.ItemsArrived - arrivedBefore;
        }

        private void CopyTick(RestoreRequest r)
        {
            var behavior = r.Source.RestoreBehavior;
            double pct = r.PercentExact;
            if (r.StallMinutesLeft > 0)
            {
                r.StallMinutesLeft--;
                r.CurrentBytesPerMinute = 0;
                if (r.StallMinutesLeft == 0)
                {
                    r.StatusDetail = "CopyingMessages";
                    AddReport(r, "The job is no longer stalled; copying resumed.");
                }
                return;
            }
            if (behavior == RestoreBehavior.Stall && ((r.StallsDone == 0 && pct >= 30) || (r.StallsDone == 1 && pct >= 65)))
            {
                r.StallDetail = r.StallsDone == 0 ? "StalledDueToTarget_DiskLatency" : "StalledDueToTarget_MdbReplication";
                r.StallsDone++;
                r.StallMinutesLeft = 40 + Rng.Next(31);
                r.StatusDetail = r.StallDetail;
                r.CurrentBytesPerMinute = 0;
                AddReport(r, "Relinquishing job because of large delays due to unfavorable server health or budget limitations with a remote server 'Target." + r.Target.Database +
                    "' (" + (r.StallsDone == 1 ? "DiskLatency" : "MdbReplication") + ").", "Warning");
                return;
            }
            if (behavior == RestoreBehavior.AutoSuspend && !r.AutoSuspendDone && pct >= 50)
            {
                r.AutoSuspendDone = true;
                r.Status = "AutoSuspended";
                r.StatusDetail = "AutoSuspended";
                r.CurrentBytesPerMinute = 0;
                r.SuspendedTimestamp = Now;
                r.Message = "Informational: The request was automatically suspended because the target mailbox's database is being rebalanced. Resume it with Resume-MailboxRestoreRequest.";
                AddReport(r, "The job was automatically suspended by the Mailbox Replication service: the target mailbox's database is being rebalanced.", "Warning");
                return;
            }
            if (behavior == RestoreBehavior.BadItems && pct >= 40)
            {
                bool approved = r.SkippedItemApprovalTime.HasValue && r.FailureTimestamp.HasValue && r.SkippedItemApprovalTime.Value >= r.FailureTimestamp.Value;
                if (!approved && r.BadItemsEncountered < 40)
                {
                    long found = 3 + Rng.Next(6);
                    r.BadItemsEncountered += found;
                    r.DataConsistencyScore = "Investigate";
                    AddReport(r, "A corrupted item was encountered: Item (IPM.Note) Subject:\"Quarterly forecast\", Folder:\"Inbox\" (" + found + " bad items so far in this batch).", "Warning");
                }
                if (!approved && (pct >= 55 || r.BadItemFailures > 0) && r.BadItemsEncountered >= 12)
                {
                    r.BadItemFailures++;
                    Fail(r, "FailedBadItemLimit", "TooManyBadItemsPermanentException", -2146233088, "Source",
                        "Error: TooManyBadItemsPermanentException: Too many bad items were encountered. The data consistency score is Investigate. Approve the skipped items (Set-MailboxRestoreRequest -SkippedItemApprovalTime) and resume the request.");
                    return;
                }
            }
            if ((behavior == RestoreBehavior.SkippedItemsInvestigate || behavior == RestoreBehavior.SkippedItemsPoor) && pct >= 30 && r.BadItemsEncountered == 0)
            {
                bool poor = behavior == RestoreBehavior.SkippedItemsPoor;
                r.BadItemsEncountered = poor ? 60 + Rng.Next(41) : 6 + Rng.Next(9);
                r.MissingItemsEncountered = 1 + Rng.Next(3);
                r.DataConsistencyScore = poor ? "Poor" : "Investigate";
                AddReport(r, r.BadItemsEncountered + " corrupted items and " + r.MissingItemsEncountered + " missing items were skipped; the data consistency score is " + r.DataConsistencyScore + ".", "Warning");
            }
            long remaining = r.EstimatedBytes - r.BytesTransferred;
            long bytes = Math.Min(remaining, r.BytesPerMinuteRate);
            if (bytes > 0)
            {
                long? quota = r.TargetIsArchive ? r.Target.ArchiveQuota : r.Target.ProhibitSendReceiveQuota;
                var targetStats = StatisticsFor(r.Target, r.TargetIsArchive);
                if (quota.HasValue && targetStats.TotalItemSize + bytes > quota.Value)
                {
                    Fail(r, "FailedMAPI", "MapiExceptionShutoffQuotaExceeded", -2147467259, "Target",
                        "Error: MapiExceptionShutoffQuotaExceeded: Unable to save changes. The target " + (r.TargetIsArchive ? "archive" : "mailbox") +
                        " has reached its quota (" + ByteSize.Format(quota.Value) + "). (hr=0x80004005, ec=1245)");
                    return;
                }
                r.BytesTransferred += bytes;
                r.ItemsTransferred = r.EstimatedBytes <= 0 ? r.EstimatedItems : (long)Math.Round((double)r.EstimatedItems * r.BytesTransferred / r.EstimatedBytes);
                targetStats.TotalItemSize += bytes;
                r.CurrentBytesPerMinute = bytes;
            }
            bool done = r.BytesTransferred >= r.EstimatedBytes;
            if (done)
            {
                r.ItemsTransferred = r.EstimatedItems;
            }
            if (done || Now - r.LastProgressReport >= TimeSpan.FromMinutes(5))
            {
                r.LastProgressReport = Now;
                AddReport(r, CopyProgress(r));
            }
            if (done)
            {
                if (behavior == RestoreBehavior.CompletedWithWarning) r.LargeItemsEncountered = 2;
                EnterPhase(r, RequestPhase.Finalization);
            }
        }

        public static string CopyProgress(RestoreRequest r) =>
            "Copy progress: " + r.ItemsTransferred.ToString(CultureInfo.InvariantCulture) + "/" + r.EstimatedItems.ToString(CultureInfo.InvariantCulture) +
            " messages, " + ByteSize.Format(r.BytesTransferred) + "/" + ByteSize.Format(r.EstimatedBytes) + ".";

        private void Fail(RestoreRequest r, string detail, string failureType, int code, string side, string message)
        {
            r.Status = "Failed";
            r.StatusDetail = detail;
            r.FailureType = failureType;
            r.FailureCode = code;
            r.FailureSide = side;
            r.Message = message;
            r.FailureTimestamp = Now;
            r.CurrentBytesPerMinute = 0;
            r.LastUpdateTimestamp = Now;
            AddReport(r, "Fatal error " + failureType + " has occurred.", "Error");
            AddReport(r, "Relinquishing job.");
        }

        private void Complete(RestoreRequest r)
        {
            bool warning = r.Source.RestoreBehavior == RestoreBehavior.CompletedWithWarning;
            r.Phase = RequestPhase.Done;
            r.Status = warning ? "CompletedWithWarning" : "Completed";
            r.StatusDetail = warning ? "CompletedWithWarnings" : "Completed";
            r.SyncStage = "SyncFinished";
            r.CompletionTimestamp = Now;
            r.CurrentBytesPerMinute = 0;
            if (warning)
            {
                r.DataConsistencyScore = "Good";
                r.Message = "Warning: 2 large items were skipped because they exceed the target's maximum message size (150 MB).";
                AddReport(r, "2 large items were skipped: Item (IPM.Note) Subject:\"Site survey photos\", Size: 162.4 MB.", "Warning");
            }
            AddReport(r, "Request is complete.");
        }

        // ------------------------------------------------------------------ helpers

        public static int PercentComplete(RestoreRequest r)
        {
            switch (r.Phase)
            {
                case RequestPhase.Queued: return 0;
                case RequestPhase.CreatingFolderHierarchy: return 5;
                case RequestPhase.LoadingMessages: return 10;
                case RequestPhase.CopyingMessages: return 10 + (int)Math.Floor(85 * r.PercentExact / 100);
                case RequestPhase.Finalization: return 95;
                case RequestPhase.CompletionInProgress: return 99;
                default: return 100;
            }
        }

        public void AddReport(RestoreRequest r, string message, string type = "Informational")
        {
            r.Report.Add(new ReportEntry { CreationTime = Now, ServerName = r.ServerName.Length > 0 ? r.ServerName : "AM6PR01MB0001", Type = type, Message = message });
        }
    }
}

using System;
using System.Collections.Generic;

namespace ExchangeSimulator.Model
{
    /// <summary>Internal phase of a request, finer than its Status.</summary>
    public enum RequestPhase
    {
        Queued,
        CreatingFolderHierarchy,
        LoadingMessages,
        CopyingMessages,
        Finalization,
        CompletionInProgress,
        Done,
    }

    public sealed class ReportEntry
    {
        public DateTime CreationTime { get; set; }
        public string ServerName { get; set; } = "";
        public string Type { get; set; } = "Informational";
        public string Flags { get; set; } = "None";
        public string Message { get; set; } = "";
    }

    /// <summary>One mailbox restore request and its progress.</summary>
    public sealed class RestoreRequest
    {
        public long Sequence { get; set; }
        public Guid RequestGuid { get; set; }
        public string Name { get; set; } = "";
        public Mailbox Source { get; set; } = null!;
        public Mailbox Target { get; set; } = null!;
        public string BatchName { get; set; } = "";
        public bool SourceIsArchive { get; set; }
        public bool TargetIsArchive { get; set; }
        public string? SourceRootFolder { get; set; }
        public string? TargetRootFolder { get; set; }
        public string[] IncludeFolders { get; set; } = new string[0];
        public string[] ExcludeFolders { get; set; } = new string[0];
        public bool ExcludeDumpster { get; set; }
        public string ConflictResolutionOption { get; set; } = "KeepSourceItem";
        public string AssociatedMessagesCopyOption { get; set; } = "MapByMessageClass";
        public bool AllowLegacyDNMismatch { get; set; }
        public bool AcceptLargeDataLoss { get; set; }
        public TimeSpan CompletedRequestAgeLimit { get; set; } = TimeSpan.FromDays(30);
        public string? ContentFilter { get; set; }
        public string[] SkipMerging { get; set; } = new string[0];
        public string? SuspendComment { get; set; }
        public DateTime? SkippedItemApprovalTime { get; set; }

        public string Status { get; set; } = "Queued";
        public string StatusDetail { get; set; } = "Queued";
        public string SyncStage { get; set; } = "None";
        public bool Suspend { get; set; }
        public RequestPhase Phase { get; set; } = RequestPhase.Queued;
        public int PhaseMinutes { get; set; }
        /// <summary>Minutes still to wait in the queue before the request may start, once a slot is free.</summary>
        public int QueueDelayMinutes { get; set; }

        public long EstimatedBytes { get; set; }
        public long EstimatedItems { get; set; }
        public long BytesTransferred { get; set; }
        public long ItemsTransferred { get; set; }
        public long BytesPerMinuteRate { get; set; }
        public long CurrentBytesPerMinute { get; set; }

        public DateTime QueuedTimestamp { get; set; }
        public DateTime? StartTimestamp { get; set; }
        public DateTime? LastUpdateTimestamp { get; set; }
        public DateTime? CompletionTimestamp { get; set; }
        public DateTime? SuspendedTimestamp { get; set; }
        public DateTime? FailureTimestamp { get; set; }
        public DateTime? RemovedTimestamp { get; set; }
        public string? RemovedReason { get; set; }
        public bool IsRemoved => RemovedTimestamp.HasValue;

        public int? FailureCode { get; set; }
        public string? FailureType { get; set; }
        public string? FailureSide { get; set; }
        public string? Message { get; set; }
        public long BadItemsEncountered { get; set; }
        public long LargeItemsEncountered { get; set; }
        public long MissingItemsEncountered { get; set; }
        public string DataConsistencyScore { get; set; } = "Perfect";
        /// <summary>Test knob (Set-ExchangeSimulatorRequest -ItemsMissingInTarget): items copied that are not found under the target root folder.</summary>
        public long ItemsMissingInTarget { get; set; }

        /// <summary>Items skipped (bad, large, missing): they never arrive in the target.</summary>
        public long ItemsSkipped => BadItemsEncountered + LargeItemsEncountered + MissingItemsEncountered;
        /// <summary>Items that arrived in the target (transferred minus skipped, never negative).</summary>
        public long ItemsArrived => Math.Max(0, ItemsTransferred - ItemsSkipped);

        /// <summary>Behaviour bookkeeping.</summary>
        public int StallsDone { get; set; }
        public string StallDetail { get; set; } = "";
        public long QueueOrder { get; set; }
        public int StallMinutesLeft { get; set; }
        public bool AutoSuspendDone { get; set; }
        public bool FinalizationFailureDone { get; set; }
        public int BadItemFailures { get; set; }
        public string ServerName { get; set; } = "";
        public DateTime LastProgressReport { get; set; }
        public List<ReportEntry> Report { get; } = new List<ReportEntry>();

        public double PercentExact => EstimatedBytes <= 0 ? 100 : Math.Min(100.0, 100.0 * BytesTransferred / EstimatedBytes);

        public bool IsTerminal => Status == "Completed" || Status == "CompletedWithWarning";
        public bool IsActive => Status == "InProgress" || Status == "CompletionInProgress";
        public string Identity => Target.Alias + "\\" + Name;
    }
}

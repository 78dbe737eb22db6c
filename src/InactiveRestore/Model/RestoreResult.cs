using System;
using System.Collections.Generic;

namespace InactiveRestore.Model
{
    /// <summary>
    /// The state of one Exchange restore request (primary or archive): the one output of Start-, Get- and
    /// Watch-InactiveRestore and of the control cmdlets' -PassThru. Format views are keyed on this .NET type name.
    /// </summary>
    public sealed class RestoreResult
    {
        /// <summary>True when the request exists in Exchange and has not failed.</summary>
        public bool Success { get; set; }
        /// <summary>The RequestGuid: the unambiguous identity for the other cmdlets.</summary>
        public Guid RequestId { get; set; }
        public string RequestName { get; set; } = string.Empty;
        /// <summary>Exchange's request identity, <c>{target alias}\{name}</c>.</summary>
        public string? Identity { get; set; }
        /// <summary>The source as shown everywhere: the inactive mailbox's alias (the one in the module's request name), else its ExchangeGuid.</summary>
        public string? Source { get; set; }
        public Guid SourceExchangeGuid { get; set; }
        /// <summary>The target as shown everywhere: its alias (Exchange's TargetAlias).</summary>
        public string? Target { get; set; }
        public Guid TargetExchangeGuid { get; set; }
        public bool IsArchive { get; set; }
        public string? BatchName { get; set; }
        public string? TargetRootFolder { get; set; }
        public ConflictResolutionOption? ConflictResolution { get; set; }
        public OperationStatus Status { get; set; }
        /// <summary>Status exactly as Exchange said it.</summary>
        public string? ExchangeStatus { get; set; }
        /// <summary>StatusDetail exactly as Exchange said it.</summary>
        public string? StatusDetail { get; set; }
        public string? Error { get; set; }
        /// <summary>
        /// Items that arrived in the target: what Exchange transferred less the items it skipped (skipped items are counted
        /// as transferred by Exchange but never reach the target). Never more than Exchange's own count.
        /// </summary>
        public long? ItemsCopied { get; set; }
        /// <summary>Items Exchange skipped (bad + large + missing); they are not in the target.</summary>
        public long? ItemsSkipped { get; set; }
        /// <summary>Exchange's ItemsTransferred as it said it (skipped items included).</summary>
        public long? ItemsTransferred { get; set; }
        /// <summary>Exchange's BadItemsEncountered (corrupt items skipped).</summary>
        public long? BadItems { get; set; }
        /// <summary>Exchange's LargeItemsEncountered (items over the size limit, skipped).</summary>
        public long? LargeItems { get; set; }
        /// <summary>Exchange's MissingItemsEncountered (items that vanished from the source during the copy, skipped).</summary>
        public long? MissingItems { get; set; }
        public long? BytesCopied { get; set; }
        public long? EstimatedItems { get; set; }
        public long? EstimatedBytes { get; set; }
        /// <summary>
        /// Exchange's PercentComplete, never more (a Failed request at 95 % stays 95 % even when every item appears copied).
        /// Null when Exchange's statistics were not read: a Start-InactiveRestore re-run row answered from the batch listing,
        /// a Deferred row (Get-InactiveRestore reads it).
        /// </summary>
        public int? PercentComplete { get; set; }
        public DateTime? QueuedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? CompletedAt { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        /// <summary>When the copy may finish (estimated from the observed transfer rate), or when it finished.</summary>
        public DateTime? EstimatedCompletion { get; set; }
        /// <summary>What to know about the request (Export-Csv writes them joined with "; ").</summary>
        public List<string> Warnings { get => _warnings; set => _warnings = TextList<string>.Of(value); }
        private List<string> _warnings = new TextList<string>();
        public int? PositionInQueue { get; set; }
        public string? DataConsistencyScore { get; set; }
        /// <summary>Why the service is holding the request back (StalledDueTo*), when it is.</summary>
        public string? StallReason { get; set; }
        /// <summary>Why Exchange suspended the request by itself (AutoSuspended: its Message), when it did.</summary>
        public string? SuspendReason { get; set; }
        /// <summary>
        /// What an administrator must do before the request can go on, when Exchange will not move it by itself (Suspended,
        /// AutoSuspended, Failed): the module command to run (with the request's RequestGuid), or the step to take when no
        /// command does it (data consistency score Poor: Microsoft support). Null while Exchange carries the request on by
        /// itself, and once it has finished. SuspendReason or Error says why.
        /// </summary>
        public string? ActionNeeded { get; set; }
        /// <summary>True when the request already existed (idempotent re-run) and was returned instead of created.</summary>
        public bool AlreadyExisted { get; set; }
        /// <summary>True when a watch stopped waiting for a Suspended request that did not move.</summary>
        public bool Released { get; set; }

        /// <summary>Whether the restored content was found in the target (only with -Verify; null when not checked).</summary>
        public VerificationStatus? Verification { get; set; }
        /// <summary>Items found under the target root folder (Get-MailboxFolderStatistics; only with -Verify).</summary>
        public long? ItemsVerified { get; set; }
        /// <summary>Why the verification came out as it did: the counts compared, the tolerance, or why it could not be verified.</summary>
        public string? VerificationNote { get; set; }

        /// <summary>The request's report entries (only with Get-InactiveRestore -IncludeReport).</summary>
        public List<RestoreReportEntry>? Report { get => _report; set => _report = value is null ? null : TextList<RestoreReportEntry>.Of(value); }
        private List<RestoreReportEntry>? _report;

        /// <summary>"Primary" or "Archive".</summary>
        public string Kind => IsArchive ? "Archive" : "Primary";

        /// <summary>What Exchange is doing now: the stall reason, else StatusDetail, else the status.</summary>
        public string? CurrentItem => StallReason ?? StatusDetail ?? ExchangeStatus;

        /// <summary>True once the request will not change by itself (finished, cancelled, or let go while suspended).</summary>
        public bool IsSettled => Status.IsSettled() || Released;

        public RestoreResult Clone()
        {
            var c = (RestoreResult)MemberwiseClone();
            c.Warnings = new List<string>(Warnings);
            c.Report = Report is null ? null : new List<RestoreReportEntry>(Report);
            return c;
        }

        public override string ToString() => $"{RequestName} ({Status})";
    }

    /// <summary>One entry of a request's report (Get-MailboxRestoreRequestStatistics -IncludeReport).</summary>
    public sealed class RestoreReportEntry
    {
        public RestoreReportEntry(DateTime? creationTime, string? type, string message)
        {
            CreationTime = creationTime;
            Type = type;
            Message = message;
        }

        public DateTime? CreationTime { get; }
        public string? Type { get; }
        public string Message { get; }

        /// <summary>Short text (an Export-Csv cell): the time in UTC, ISO 8601 with Z, then the message.</summary>
        public override string ToString() => CreationTime is { } t
            ? TextList.Date(t) + " " + Message
            : Message;
    }
}

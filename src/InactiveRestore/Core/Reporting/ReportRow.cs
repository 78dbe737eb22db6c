using System;
using System.Collections.Generic;

namespace InactiveRestore.Core.Reporting
{
    /// <summary>What a report row stands for.</summary>
    internal enum ReportRecordKind
    {
        /// <summary>One Exchange restore request (primary or archive).</summary>
        Request,
        /// <summary>A source/target pair that validation refused: no request was made for it.</summary>
        RefusedPair,
        /// <summary>
        /// One request of a pair that Start-InactiveRestore -MaxActive deferred: not submitted yet, so nothing exists in
        /// Exchange for it (a later run of the same command submits it). Not counted among the requests.
        /// </summary>
        DeferredPair,
    }

    /// <summary>
    /// One row of a restore report: one restore request, or one refused pair. Every value is flat (text, number, UTC date),
    /// so the HTML, CSV and JSON writers show the same figures. Built by <see cref="ReportRows"/>.
    /// </summary>
    internal sealed class ReportRow
    {
        public ReportRecordKind Record { get; set; }
        public string? BatchName { get; set; }
        public string? RequestName { get; set; }
        public Guid? RequestId { get; set; }
        public string? Identity { get; set; }
        public string? Source { get; set; }
        public string? Target { get; set; }
        /// <summary>"Primary" or "Archive"; null for a refused pair.</summary>
        public string? Kind { get; set; }
        public string? TargetRootFolder { get; set; }
        /// <summary>The module's status (Completed, CompletedWithWarnings, Failed, ...); "Refused" for a refused pair.</summary>
        public string Status { get; set; } = string.Empty;
        public string? ExchangeStatus { get; set; }
        public string? StatusDetail { get; set; }
        public string? StallReason { get; set; }
        public int? PercentComplete { get; set; }
        public long? ItemsCopied { get; set; }
        public long? ItemsSkipped { get; set; }
        /// <summary>Items found in the target by a verification; null while the request has not been verified.</summary>
        public long? ItemsVerified { get; set; }
        public long? EstimatedItems { get; set; }
        public long? BytesCopied { get; set; }
        public long? EstimatedBytes { get; set; }
        public string? DataConsistencyScore { get; set; }
        /// <summary>UTC.</summary>
        public DateTime? QueuedAt { get; set; }
        /// <summary>UTC.</summary>
        public DateTime? StartedAt { get; set; }
        /// <summary>UTC.</summary>
        public DateTime? CompletedAt { get; set; }
        /// <summary>UTC.</summary>
        public DateTime? LastUpdatedAt { get; set; }
        /// <summary>Get-InactiveRestore's Elapsed: (CompletedAt, else LastUpdatedAt) - (StartedAt, else QueuedAt).</summary>
        public TimeSpan? Duration { get; set; }
        /// <summary>True when the request has reached a final state (Completed, CompletedWithWarnings, Failed, Cancelled).</summary>
        public bool IsSettled { get; set; }
        public List<string> Warnings { get; set; } = new();
        /// <summary>The failure (a request's Error), or the refusal reasons of a refused pair.</summary>
        public List<string> Errors { get; set; } = new();
        /// <summary>What an administrator must do before the request can go on (RestoreResult.ActionNeeded); null when nothing.</summary>
        public string? ActionNeeded { get; set; }

        /// <summary>Identifies the pair (source and target) the row belongs to, for the summary's pair count.</summary>
        public string PairKey { get; set; } = string.Empty;

        /// <summary>Get-InactiveRestore's Size column (EstimatedBytes in binary units).</summary>
        public string? Size => ReportText.Size(EstimatedBytes);
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace InactiveRestore.Model
{
    /// <summary>The state of one Exchange restore request (primary or archive). PSTypeName <c>InactiveRestore.RestoreResult</c>.</summary>
    public sealed class RestoreResult
    {
        public const string PSTypeName = "InactiveRestore.RestoreResult";

        /// <summary>True when the request exists in Exchange and has not failed.</summary>
        public bool Success { get; set; }
        /// <summary>The RequestGuid: the unambiguous identity for the other cmdlets.</summary>
        public Guid RequestId { get; set; }
        public string RequestName { get; set; } = string.Empty;
        /// <summary>Exchange's request identity, <c>{target alias}\{name}</c>.</summary>
        public string? Identity { get; set; }
        /// <summary>The source, as shown to the user (display name or address).</summary>
        public string? Source { get; set; }
        public Guid SourceExchangeGuid { get; set; }
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
        /// <summary>The exception behind <see cref="Error"/>, for the cmdlet's ErrorRecord.</summary>
        [Hidden]
        public Exception? Exception { get; set; }
        public long? ItemsCopied { get; set; }
        public long? ItemsSkipped { get; set; }
        public long? BytesCopied { get; set; }
        public long? EstimatedItems { get; set; }
        public long? EstimatedBytes { get; set; }
        public int PercentComplete { get; set; }
        public DateTime? QueuedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? CompletedAt { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        public List<string> Warnings { get; set; } = new();
        public int? PositionInQueue { get; set; }
        public string? DataConsistencyScore { get; set; }
        /// <summary>Why the service is holding the request back (StalledDueTo*), when it is.</summary>
        public string? StallReason { get; set; }
        /// <summary>True when the request already existed (idempotent re-run) and was returned instead of created.</summary>
        public bool AlreadyExisted { get; set; }

        /// <summary>The entry of <see cref="Warnings"/> that only notes the idempotent re-run ("already existed ... not created
        /// again"): Start-InactiveRestore writes it to Verbose, the other warnings to the warning stream.</summary>
        [Hidden]
        public string? RerunNote { get; set; }

        /// <summary>The request's report entries (only with Get-InactiveRestore -IncludeReport).</summary>
        public List<Exchange.ExchangeReportEntry>? Report { get; set; }

        /// <summary>"Primary" or "Archive".</summary>
        public string Kind => IsArchive ? "Archive" : "Primary";

        public bool IsSettled => Core.StatusMapper.IsSettled(Status);

        /// <summary>Wraps the result for the pipeline with its PSTypeName.</summary>
        public PSObject ToPSObject()
        {
            var o = new PSObject(this);
            o.TypeNames.Insert(0, PSTypeName);
            return o;
        }

        public override string ToString() => $"{RequestName} ({Status})";
    }
}

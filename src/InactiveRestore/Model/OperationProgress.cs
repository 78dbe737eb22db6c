using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace InactiveRestore.Model
{
    /// <summary>A snapshot of a long-running operation. PSTypeName <c>InactiveRestore.OperationProgress</c>.</summary>
    public sealed class OperationProgress
    {
        public const string PSTypeName = "InactiveRestore.OperationProgress";

        /// <summary>For restores: the RequestGuid.</summary>
        public Guid OperationId { get; set; }
        public OperationType OperationType { get; set; } = OperationType.Restore;
        public OperationStatus Status { get; set; }
        public int PercentComplete { get; set; }
        public long? ItemsProcessed { get; set; }
        public long? ItemsTotal { get; set; }
        public long? BytesProcessed { get; set; }
        public long? BytesTotal { get; set; }
        /// <summary>What Exchange is doing now (StatusDetail, e.g. CopyingMessages, or the stall reason).</summary>
        public string? CurrentItem { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? EstimatedCompletion { get; set; }
        public DateTime? LastUpdatedAt { get; set; }
        public List<string> Errors { get; set; } = new();
        public List<string> Warnings { get; set; } = new();

        public string? RequestName { get; set; }
        public string? Source { get; set; }
        public string? Target { get; set; }
        public bool IsArchive { get; set; }
        public string? BatchName { get; set; }
        public string? ExchangeStatus { get; set; }
        public string? StatusDetail { get; set; }
        public string? StallReason { get; set; }
        public int? PositionInQueue { get; set; }

        /// <summary>True when the monitor stopped watching a Suspended request that did not move.</summary>
        public bool Released { get; set; }

        public bool IsSettled => Core.StatusMapper.IsSettled(Status) || Released;

        public PSObject ToPSObject()
        {
            var o = new PSObject(this);
            o.TypeNames.Insert(0, PSTypeName);
            return o;
        }

        public OperationProgress Clone()
        {
            var c = (OperationProgress)MemberwiseClone();
            c.Errors = new List<string>(Errors);
            c.Warnings = new List<string>(Warnings);
            return c;
        }

        public override string ToString() => $"{RequestName} {Status} {PercentComplete}%";
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using static InactiveRestore.Exchange.ExchangeValue;

namespace InactiveRestore.Exchange
{
    /// <summary>A restore request as New-/Get-MailboxRestoreRequest return it.</summary>
    internal sealed record ExchangeRestoreRequest
    {
        public string Name { get; init; } = string.Empty;
        public string? Identity { get; init; }
        public Guid RequestGuid { get; init; }
        public string? TargetMailbox { get; init; }
        public string? SourceMailbox { get; init; }
        public string Status { get; init; } = "None";
        public string? BatchName { get; init; }
        public bool Suspend { get; init; }
        public string? RequestQueue { get; init; }
        public string? Flags { get; init; }

        public static ExchangeRestoreRequest From(PSObject o) => new()
        {
            Name = String(o, "Name") ?? string.Empty,
            Identity = String(o, "Identity"),
            RequestGuid = Guid(o, "RequestGuid") ?? System.Guid.Empty,
            TargetMailbox = String(o, "TargetMailbox"),
            SourceMailbox = String(o, "SourceMailbox"),
            Status = String(o, "Status") ?? "None",
            BatchName = String(o, "BatchName"),
            Suspend = Bool(o, "Suspend"),
            RequestQueue = String(o, "RequestQueue"),
            Flags = String(o, "Flags"),
        };
    }

    /// <summary>One entry of a request's report (Get-MailboxRestoreRequestStatistics -IncludeReport).</summary>
    internal sealed record ExchangeReportEntry(DateTime? CreationTime, string? Type, string Message);

    /// <summary>What Get-MailboxRestoreRequestStatistics says of a request.</summary>
    internal sealed record ExchangeRestoreRequestStatistics
    {
        public string Name { get; init; } = string.Empty;
        public string? Identity { get; init; }
        public Guid RequestGuid { get; init; }
        public string? BatchName { get; init; }
        public string Status { get; init; } = "None";
        public string? StatusDetail { get; init; }
        public string? SyncStage { get; init; }
        public bool Suspend { get; init; }
        public Guid SourceExchangeGuid { get; init; }
        public string? SourceRootFolder { get; init; }
        public string? TargetAlias { get; init; }
        public Guid TargetExchangeGuid { get; init; }
        public bool TargetIsArchive { get; init; }
        public bool SourceIsArchive { get; init; }
        public string? TargetRootFolder { get; init; }
        public string? ConflictResolutionOption { get; init; }
        public long? EstimatedTransferSize { get; init; }
        public long? EstimatedTransferItemCount { get; init; }
        public long? BytesTransferred { get; init; }
        public long? BytesTransferredPerMinute { get; init; }
        public long? ItemsTransferred { get; init; }
        public int PercentComplete { get; init; }
        public DateTime? QueuedTimestamp { get; init; }
        public DateTime? StartTimestamp { get; init; }
        public DateTime? LastUpdateTimestamp { get; init; }
        public DateTime? CompletionTimestamp { get; init; }
        public DateTime? SuspendedTimestamp { get; init; }
        public DateTime? FailureTimestamp { get; init; }

        /// <summary>Skipped items up to this time are approved (Set-MailboxRestoreRequest -SkippedItemApprovalTime).</summary>
        public DateTime? SkippedItemApprovalTime { get; init; }
        public string? FailureCode { get; init; }
        public string? FailureType { get; init; }
        public string? FailureSide { get; init; }
        public string? Message { get; init; }
        public long BadItemsEncountered { get; init; }
        public long LargeItemsEncountered { get; init; }
        public long MissingItemsEncountered { get; init; }
        public string? DataConsistencyScore { get; init; }
        public int? PositionInQueue { get; init; }
        public IReadOnlyList<ExchangeReportEntry> Report { get; init; } = Array.Empty<ExchangeReportEntry>();

        public static ExchangeRestoreRequestStatistics From(PSObject o) => new()
        {
            Name = String(o, "Name") ?? string.Empty,
            Identity = String(o, "Identity"),
            RequestGuid = Guid(o, "RequestGuid") ?? System.Guid.Empty,
            BatchName = String(o, "BatchName"),
            Status = String(o, "Status") ?? "None",
            StatusDetail = String(o, "StatusDetail"),
            SyncStage = String(o, "SyncStage"),
            Suspend = Bool(o, "Suspend"),
            SourceExchangeGuid = Guid(o, "SourceExchangeGuid") ?? System.Guid.Empty,
            SourceRootFolder = String(o, "SourceRootFolder"),
            TargetAlias = String(o, "TargetAlias"),
            TargetExchangeGuid = Guid(o, "TargetExchangeGuid") ?? System.Guid.Empty,
            TargetIsArchive = Bool(o, "TargetIsArchive"),
            SourceIsArchive = Bool(o, "SourceIsArchive"),
            TargetRootFolder = String(o, "TargetRootFolder"),
            ConflictResolutionOption = String(o, "ConflictResolutionOption"),
            EstimatedTransferSize = Size(o, "EstimatedTransferSize"),
            EstimatedTransferItemCount = Long(o, "EstimatedTransferItemCount"),
            BytesTransferred = Size(o, "BytesTransferred"),
            BytesTransferredPerMinute = Size(o, "BytesTransferredPerMinute"),
            ItemsTransferred = Long(o, "ItemsTransferred"),
            PercentComplete = Int(o, "PercentComplete") ?? 0,
            QueuedTimestamp = Date(o, "QueuedTimestamp"),
            StartTimestamp = Date(o, "StartTimestamp"),
            LastUpdateTimestamp = Date(o, "LastUpdateTimestamp"),
            CompletionTimestamp = Date(o, "CompletionTimestamp"),
            SuspendedTimestamp = Date(o, "SuspendedTimestamp"),
            FailureTimestamp = Date(o, "FailureTimestamp"),
            SkippedItemApprovalTime = Date(o, "SkippedItemApprovalTime"),
            FailureCode = String(o, "FailureCode"),
            FailureType = String(o, "FailureType"),
            FailureSide = String(o, "FailureSide"),
            Message = String(o, "Message"),
            BadItemsEncountered = Long(o, "BadItemsEncountered") ?? 0,
            LargeItemsEncountered = Long(o, "LargeItemsEncountered") ?? 0,
            MissingItemsEncountered = Long(o, "MissingItemsEncountered") ?? 0,
            DataConsistencyScore = String(o, "DataConsistencyScore"),
            PositionInQueue = Int(o, "PositionInQueue"),
            Report = ReadReport(Raw(o, "Report")),
        };

        private static IReadOnlyList<ExchangeReportEntry> ReadReport(object? report)
        {
            if (report is null) return Array.Empty<ExchangeReportEntry>();
            var list = new List<ExchangeReportEntry>();
            // The report is an object whose Entries holds the entries (look before unwrapping: a property bag's
            // BaseObject is a bare PSCustomObject without them); some hosts give the list itself or flatten it to strings.
            var entries = report is PSObject wrapper && wrapper.Properties["Entries"] is { } entriesProperty ? entriesProperty.Value : report;
            if (entries is PSObject p && p.BaseObject is not PSCustomObject) entries = p.BaseObject;
            if (entries is System.Collections.IEnumerable e && entries is not string)
            {
                foreach (var item in e)
                {
                    if (item is null) continue;
                    var pso = item as PSObject ?? new PSObject(item);
                    if (pso.BaseObject is string s) { list.Add(new ExchangeReportEntry(null, null, s)); continue; }
                    var message = String(pso, "Message") ?? Convert.ToString(pso.BaseObject, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                    list.Add(new ExchangeReportEntry(Date(pso, "CreationTime"), String(pso, "Type"), message));
                }
            }
            else if (entries is string text)
            {
                list.AddRange(text.Split('\n').Where(l => l.Trim().Length > 0).Select(l => new ExchangeReportEntry(null, null, l.Trim())));
            }
            return list;
        }
    }
}

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// One skipped item of Get-MailboxRestoreRequestStatistics -IncludeSkippedItems (its SkippedItems rows; the field
    /// names the simulator uses, unverified against Exchange Online: Kind, FolderName, Subject, Sender, DateSent,
    /// DateReceived, MessageSize, Failure).
    /// </summary>
    internal sealed record ExchangeSkippedItem
    {
        public string? Kind { get; init; }
        public string? FolderName { get; init; }
        public string? Subject { get; init; }
        public string? Sender { get; init; }
        public DateTime? DateSent { get; init; }
        public DateTime? DateReceived { get; init; }
        public long? MessageSize { get; init; }
        public string? Failure { get; init; }

        public static ExchangeSkippedItem From(PSObject o) => new()
        {
            Kind = String(o, "Kind"),
            FolderName = String(o, "FolderName"),
            Subject = String(o, "Subject"),
            Sender = String(o, "Sender"),
            DateSent = Date(o, "DateSent"),
            DateReceived = Date(o, "DateReceived"),
            MessageSize = Size(o, "MessageSize"),
            Failure = String(o, "Failure"),
        };

        /// <summary>The SkippedItems property of a statistics object (an array, a wrapped list, or nothing).</summary>
        public static IReadOnlyList<ExchangeSkippedItem> ListFrom(PSObject statistics)
        {
            var raw = Raw(statistics, "SkippedItems");
            if (raw is PSObject p) raw = p.BaseObject;
            if (raw is null || raw is string || raw is not System.Collections.IEnumerable items) return Array.Empty<ExchangeSkippedItem>();
            var list = new List<ExchangeSkippedItem>();
            foreach (var item in items)
            {
                if (item is null) continue;
                list.Add(From(item as PSObject ?? new PSObject(item)));
            }
            return list;
        }
    }
}

using System;

namespace InactiveRestore.Model
{
    /// <summary>
    /// One item Exchange skipped while restoring (Get-MailboxRestoreRequestStatistics -IncludeSkippedItems): it is not in
    /// the target. Get-InactiveRestore -IncludeSkippedItems writes one per item. Format views are keyed on this type name.
    /// </summary>
    public sealed class SkippedItem
    {
        /// <summary>The request's name (IR-...).</summary>
        public string RequestName { get; set; } = string.Empty;
        /// <summary>The request's RequestGuid.</summary>
        public Guid RequestId { get; set; }
        public string? Source { get; set; }
        public string? Target { get; set; }
        /// <summary>The folder the item was in, in the source.</summary>
        public string? Folder { get; set; }
        public string? Subject { get; set; }
        public string? Sender { get; set; }
        /// <summary>When the item was received (else sent), UTC.</summary>
        public DateTime? Date { get; set; }
        /// <summary>The item's size in bytes, when Exchange said it.</summary>
        public long? Size { get; set; }
        /// <summary>CorruptItem (bad), LargeItem or MissingItem, as Exchange says it.</summary>
        public string? Kind { get; set; }
        /// <summary>Why Exchange skipped it (its failure text).</summary>
        public string? Reason { get; set; }

        public override string ToString() => $"{Kind}: {Subject} ({Folder})";
    }
}

using System.Collections.Generic;

namespace InactiveRestore.Model
{
    /// <summary>What the user asks for: restore one inactive mailbox into one active mailbox.</summary>
    internal sealed class RestoreRequest
    {
        /// <summary>The inactive mailbox: ExchangeGuid, DistinguishedName (unambiguous), or any identity Get-Mailbox accepts.</summary>
        public string SourceMailbox { get; set; } = string.Empty;

        /// <summary>The active mailbox that receives the content.</summary>
        public string TargetMailbox { get; set; } = string.Empty;

        /// <summary>
        /// The folder the content lands under. Null = <c>Restored-{DisplayName}-{yyyy-MM-dd}</c>, where the date is the
        /// UTC day the restore is planned (validated), not the day the mailbox became inactive: it tells the user when the
        /// content arrived, and two restores of the same source on different days stay apart. The archive request uses
        /// the same folder name followed by <c>-Archive</c>. See <see cref="Core.FolderNames"/>.
        /// </summary>
        public string? TargetRootFolder { get; set; }

        /// <summary>Pass Exchange's deprecated -AllowLegacyDNMismatch instead of adding the X500 proxy.</summary>
        public bool AllowLegacyDNMismatch { get; set; }

        /// <summary>Skip the Recoverable Items folder.</summary>
        public bool ExcludeDumpster { get; set; }

        public ConflictResolutionOption ConflictResolution { get; set; } = ConflictResolutionOption.KeepAll;

        /// <summary>Folder specs: <c>Name</c>, <c>Name/*</c>, <c>Parent/Child/*</c>, <c>#Inbox#/*</c>.</summary>
        public IReadOnlyList<string>? IncludeFolders { get; set; }

        public IReadOnlyList<string>? ExcludeFolders { get; set; }

        public string? BatchName { get; set; }

        /// <summary>An explicit request name; null = the deterministic name of <see cref="Core.RequestNaming"/>. The archive request gets <c>{Name}-Archive</c>.</summary>
        public string? Name { get; set; }

        public ArchiveOption Archive { get; set; } = ArchiveOption.Auto;

        /// <summary>Turn on RetentionHoldEnabled on the target before the restore so its retention policy leaves old items alone.</summary>
        public bool EnableRetentionHold { get; set; }

        /// <summary>
        /// Restore even when the target already holds an apparently complete copy of the source from an earlier restore
        /// whose request is gone (AlreadyRestored becomes a warning): a second copy is made.
        /// </summary>
        public bool RestoreAgain { get; set; }

        /// <summary>"source -> target": how a pair is named in messages and as an ErrorRecord's target.</summary>
        public override string ToString() => $"{SourceMailbox} -> {TargetMailbox}";
    }
}

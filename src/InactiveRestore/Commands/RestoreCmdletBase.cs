using System.Management.Automation;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// The parameters Test-InactiveRestore and Start-InactiveRestore share (everything that affects validation), and the
    /// <see cref="RestoreRequest"/> they make. Per-pair values bind by property name, so a CSV row (SourceMailbox or
    /// Source, TargetMailbox or Target, TargetRootFolder, BatchName, Name, ConflictResolution) or a Get-InactiveMailbox
    /// object (its SourceMailbox property is the ExchangeGuid) drives one restore per record. An empty CSV cell means "not
    /// given"; a row with a bad value gets its own error and the next row goes on (docs/input-safety.md).
    /// </summary>
    public abstract class RestoreCmdletBase : ExchangeCmdletBase
    {
        /// <summary>The inactive mailbox: ExchangeGuid or DistinguishedName (unambiguous), or an SMTP address, UPN or alias.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Source")]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(InactiveMailboxCompleter))]
        public string SourceMailbox { get; set; } = string.Empty;

        /// <summary>The active mailbox that receives the content.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Target")]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(ActiveMailboxCompleter))]
        public string TargetMailbox { get; set; } = string.Empty;

        /// <summary>The folder the content lands under (default Restored-&lt;DisplayName&gt;-&lt;yyyy-MM-dd&gt;; the archive's gets -Archive).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? TargetRootFolder { get; set; }

        /// <summary>How items present in both are handled. KeepAll (default) never replaces target items. By property name too (a CSV column).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EnumArgument(typeof(ConflictResolutionOption), ConflictResolutionOption.KeepAll)]
        public ConflictResolutionOption ConflictResolution { get; set; } = ConflictResolutionOption.KeepAll;

        /// <summary>Skip the source's Recoverable Items folder.</summary>
        [Parameter]
        public SwitchParameter ExcludeDumpster { get; set; }

        /// <summary>Only these folders: 'Name', 'Name/*', 'Parent/Child/*', '#Inbox#/*'.</summary>
        [Parameter]
        public string[]? IncludeFolders { get; set; }

        /// <summary>Leave these folders out (same forms as -IncludeFolders).</summary>
        [Parameter]
        public string[]? ExcludeFolders { get; set; }

        /// <summary>Auto (default): the archive too when both sides have one; Include: archive required; Exclude: primary only; Only: archive only.</summary>
        /// <remarks>Not bound by property name: Get-InactiveMailbox objects have a display property Archive ('Yes (Active)').</remarks>
        [Parameter]
        [EnumArgument(typeof(ArchiveOption), ArchiveOption.Auto)]
        public ArchiveOption Archive { get; set; } = ArchiveOption.Auto;

        /// <summary>Pass Exchange's deprecated -AllowLegacyDNMismatch instead of adding the source's X500 address to the target.</summary>
        [Parameter]
        public SwitchParameter AllowLegacyDNMismatch { get; set; }

        /// <summary>Turn on RetentionHoldEnabled on the target before submitting, so its retention policy leaves old items alone.</summary>
        [Parameter]
        public SwitchParameter EnableRetentionHold { get; set; }

        /// <summary>
        /// Restore a pair even when the target already holds an apparently complete copy of the source from an earlier
        /// restore whose request is gone (AlreadyRestored): a second copy is made beside the first.
        /// </summary>
        [Parameter]
        public SwitchParameter RestoreAgain { get; set; }

        /// <summary>A batch name for the requests (Get-/Watch-InactiveRestore -BatchName follow it).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        [ArgumentCompleter(typeof(BatchNameCompleter))]
        public string? BatchName { get; set; }

        /// <summary>An explicit request name (the archive request gets &lt;Name&gt;-Archive); default IR-&lt;alias&gt;-&lt;guid8&gt;-Primary.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Name { get; set; }

        /// <summary>The restore this pipeline record asks for (empty optional strings count as not given).</summary>
        private protected RestoreRequest BuildRequest() => new()
        {
            SourceMailbox = SourceMailbox ?? string.Empty,
            TargetMailbox = TargetMailbox ?? string.Empty,
            TargetRootFolder = Given(TargetRootFolder),
            ConflictResolution = ConflictResolution,
            ExcludeDumpster = ExcludeDumpster,
            IncludeFolders = IncludeFolders is { Length: > 0 } ? IncludeFolders : null,
            ExcludeFolders = ExcludeFolders is { Length: > 0 } ? ExcludeFolders : null,
            Archive = Archive,
            AllowLegacyDNMismatch = AllowLegacyDNMismatch,
            EnableRetentionHold = EnableRetentionHold,
            RestoreAgain = RestoreAgain,
            BatchName = Given(BatchName),
            Name = Given(Name),
        };

        private static string? Given(string? value) => value is null || value.Length == 0 ? null : value;
    }
}

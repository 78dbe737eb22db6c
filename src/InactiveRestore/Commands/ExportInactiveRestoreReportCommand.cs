using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Core.Reporting;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    [Cmdlet(VerbsData.Export, "InactiveRestoreReport", DefaultParameterSetName = PipelineSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportInactiveRestoreReportCommand : ExchangeCmdletBase
    {
        private const string PipelineSet = "Pipeline";
        private const string BatchSet = "Batch";
        private const string IdentitySet = "Identity";

        /// <summary>ErrorId for a -Path whose extension is not .html, .htm, .csv or .json.</summary>
        public const string UnsupportedReportFormat = nameof(UnsupportedReportFormat);
        /// <summary>ErrorId for a -Path that exists when -Force is not given.</summary>
        public const string ReportFileExists = nameof(ReportFileExists);
        /// <summary>ErrorId for a -Path whose folder does not exist, or that is not a file system path.</summary>
        public const string ReportPathNotFound = nameof(ReportPathNotFound);
        /// <summary>ErrorId for a failure to write the file.</summary>
        public const string ReportWriteFailed = nameof(ReportWriteFailed);
        /// <summary>ErrorId for a pipeline object the report cannot use.</summary>
        public const string UnsupportedReportInput = nameof(UnsupportedReportInput);
        /// <summary>ErrorId when the report would hold nothing (no request, no deferred or refused pair): no file is written.</summary>
        public const string EmptyReport = nameof(EmptyReport);

        private static readonly string[] IdentityProperties = { "RequestId", "OperationId", "RequestGuid" };

        private readonly List<ReportRow> _rows = new();
        private readonly List<string> _pipedIdentities = new();
        private int _pipedObjects;
        private ReportFormat _format;
        private string _fullPath = string.Empty;

        /// <summary>The file to write; its extension (.html, .htm, .csv, .json) picks the format.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Every request of this batch (Get-MailboxRestoreRequest -BatchName), read now.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BatchSet)]
        [ArgumentCompleter(typeof(BatchNameCompleter))]
        public string BatchName { get; set; } = string.Empty;

        /// <summary>Requests by RequestGuid, 'alias\Name' or request name, read now.</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdentitySet)]
        [Alias("RequestId")]
        [ArgumentCompleter(typeof(RequestIdentityCompleter))]
        public string[] Identity { get; set; } = Array.Empty<string>();

        /// <summary>
        /// RestoreResult (Deferred rows become deferred pairs), refused ValidationResult, Start-/Test-InactiveRestore's
        /// ErrorRecords of refused pairs (2&gt;&amp;1, or -ErrorVariable), or objects with a RequestId/OperationId (read now).
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = BatchSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = IdentitySet)]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        /// <summary>Replace the file when it exists.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the report file's FileInfo to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override void Begin()
        {
            if (!ReportFormats.TryFromPath(Path, out _format))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"The report format is chosen by the extension of -Path, and '{System.IO.Path.GetExtension(Path)}' is not one of {ReportFormats.Supported}: '{Path}'."),
                    UnsupportedReportFormat, ErrorCategory.InvalidArgument, Path)
                {
                    ErrorDetails = ErrorDetailsFor($"Cannot write the report to '{Path}': the extension must be {ReportFormats.Supported}.",
                        "Give -Path a file name ending in .html (a page for people), .csv or .json (rows for machines)."),
                });
            }

            string resolved;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out var provider, out _);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"'{Path}' is not a file system path (provider {provider.Name}).");
            }
            catch (Exception e) when (e is ArgumentException or ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or PSInvalidOperationException)
            {
                ThrowTerminatingError(new ErrorRecord(e, ReportPathNotFound, ErrorCategory.ObjectNotFound, Path));
                return;
            }
            _fullPath = resolved;
            var folder = System.IO.Path.GetDirectoryName(_fullPath);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new DirectoryNotFoundException($"The folder of the report path '{_fullPath}' does not exist."),
                    ReportPathNotFound, ErrorCategory.ObjectNotFound, Path)
                {
                    ErrorDetails = ErrorDetailsFor($"The folder of the report path '{_fullPath}' does not exist.",
                        "Create the folder (New-Item -ItemType Directory) or give another -Path."),
                });
            }
            if (Directory.Exists(_fullPath))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"'{_fullPath}' is a folder; -Path names the report file."), ReportPathNotFound, ErrorCategory.InvalidArgument, Path));
            }
            if (File.Exists(_fullPath) && !Force)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The file '{_fullPath}' already exists."), ReportFileExists, ErrorCategory.ResourceExists, Path)
                {
                    ErrorDetails = ErrorDetailsFor($"The file '{_fullPath}' already exists: the report was not written.",
                        "Add -Force to replace it, or give another -Path."),
                });
            }

            if (ParameterSetName == BatchSet)
            {
                try
                {
                    if (string.IsNullOrWhiteSpace(BatchName))
                        throw new InvalidInputException(RestoreInput.InvalidBatchName, nameof(BatchName), BatchName, "The batch name is empty: give the batch to report on.");
                    RestoreInput.ThrowIfInvalidBatchName(nameof(BatchName), BatchName);
                }
                catch (InvalidInputException e)
                {
                    ThrowExchangeError(e);
                }
            }
        }

        protected override void ProcessRecord()
        {
            if (InputObject is null) return;
            _pipedObjects++;
            var item = InputObject.BaseObject;
            switch (item)
            {
                case RestoreResult result:
                    _rows.Add(ReportRows.FromResult(result));
                    return;
                case ValidationResult validation:
                    if (ReportRows.FromRefusal(validation) is { } refused) _rows.Add(refused);
                    else WriteVerbose($"{validation.Source} -> {validation.Target} is a valid pair, not a refused one: it is not in the report (its restore requests are, once made).");
                    return;
                case ErrorRecord error:
                    AddError(error);
                    return;
                case Guid guid when guid != Guid.Empty:
                    _pipedIdentities.Add(guid.ToString("D"));
                    return;
                case string identity when !string.IsNullOrWhiteSpace(identity):
                    _pipedIdentities.Add(identity);
                    return;
            }
            foreach (var name in IdentityProperties)
            {
                var value = InputObject.Properties[name]?.Value;
                if (value is PSObject wrapped) value = wrapped.BaseObject;
                var text = value switch
                {
                    Guid g when g != Guid.Empty => g.ToString("D"),
                    string s when !string.IsNullOrWhiteSpace(s) => s,
                    _ => null,
                };
                if (text is null) continue;
                _pipedIdentities.Add(text);
                return;
            }
            WriteError(new ErrorRecord(
                new ArgumentException($"A report is made of restore requests and refused pairs; a {InputObject.TypeNames.FirstOrDefault() ?? item?.GetType().FullName} is neither."),
                UnsupportedReportInput, ErrorCategory.InvalidArgument, InputObject)
            {
                ErrorDetails = ErrorDetailsFor($"This input is not in the report: it is not a restore request (RestoreResult, or an object with a RequestId or OperationId) nor a refused pair (Test-InactiveRestore's ValidationResult, or Start-/Test-InactiveRestore's ErrorRecord of a refusal).",
                    "Pipe Get-InactiveRestore, Start-InactiveRestore (with 2>&1 for its refused pairs), Watch-InactiveRestore or Test-InactiveRestore output, or use -BatchName or -Identity."),
            });
        }

        /// <summary>
        /// An ErrorRecord given as input: a refusal of Start-/Test-InactiveRestore names its pair (RefusedPair) and becomes
        /// a refused pair of the report; any other error is not about a pair the report can show, and is said as a warning
        /// (it may have been redirected here with 2&gt;&amp;1, so it is not dropped silently).
        /// </summary>
        private void AddError(ErrorRecord error)
        {
            var id = (error.FullyQualifiedErrorId ?? string.Empty).Split(',')[0];
            var message = error.ErrorDetails?.Message is { Length: > 0 } details ? details : error.Exception?.Message ?? string.Empty;
            if (RefusedPair.TryRead(error.Exception, out var source, out var target, out var batch))
            {
                _rows.Add(ReportRows.FromRefusal(source, target, batch, id + ": " + message));
                return;
            }
            WriteWarning($"Not in the report: error {id} is not the refusal of a pair ({message})");
        }

        protected override void EndProcessing()
        {
            var service = new Lazy<RequestControl>(() => new RequestControl(Gateway));
            var readFailed = false;
            if (ParameterSetName == BatchSet)
            {
                var batch = BatchName.Trim();
                readFailed |= !TryExchange(() =>
                {
                    foreach (var r in service.Value.List(batch, null, null, includeStatistics: true, moduleNamedOnly: false)) _rows.Add(ReportRows.FromResult(r));
                }, batch);
            }
            var identities = (ParameterSetName == IdentitySet ? Identity ?? Array.Empty<string>() : Array.Empty<string>()).Concat(_pipedIdentities);
            foreach (var given in identities)
            {
                RequestIdentityInfo info;
                try { info = RequestIdentity.Validate(given, nameof(Identity)); }
                catch (InvalidInputException e) { WriteExchangeError(e); continue; }
                readFailed |= !TryExchange(() =>
                {
                    foreach (var r in service.Value.Get(info)) _rows.Add(ReportRows.FromResult(r));
                }, info.Value);
            }

            var (upn, organization) = ReadConnection();
            var report = new RestoreReport(_rows, new ReportContext
            {
                GeneratedAtUtc = DateTime.UtcNow,
                LocalUser = Environment.UserName,
                UserPrincipalName = upn,
                Organization = organization,
                ModuleVersion = MyInvocation.MyCommand?.Module?.Version?.ToString() ?? typeof(RestoreResult).Assembly.GetName().Version?.ToString(3),
                SourceDescription = DescribeSource(),
            });
            if (report.IsEmpty)
            {
                // An empty file would look like a report of a finished batch: none is written. A failed read said its error already.
                if (readFailed) return;
                var why = ParameterSetName == BatchSet && _pipedObjects == 0
                    ? $"No restore request has the batch name '{BatchName.Trim()}'"
                    : "The input holds no restore request, no deferred and no refused pair";
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"{why}: the report would be empty, so '{_fullPath}' was not written."),
                    EmptyReport, ParameterSetName == BatchSet ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidData, ParameterSetName == BatchSet ? BatchName : _fullPath)
                {
                    ErrorDetails = ErrorDetailsFor($"{why}: the report would be empty, so '{_fullPath}' was not written.",
                        "Check the batch name (Get-InactiveRestore -All lists the batches' requests), the identities or the pipeline input."),
                });
            }

            var what = $"{_format.ToString().ToUpperInvariant()} restore report: {ReportText.Plural(report.Requests.Count, "request")}, "
                + (report.Summary.DeferredPairs > 0 ? ReportText.Plural(report.Summary.DeferredPairs, "deferred pair") + ", " : string.Empty)
                + ReportText.Plural(report.Refused.Count, "refused pair");
            switch (TryPrompt(() => ShouldProcess(_fullPath, $"Write the {what}")))
            {
                case null:
                    WriteError(ValidationErrors.ConfirmationRequired($"Write the {what} to '{_fullPath}'", _fullPath, RemedyShownApart));
                    return;
                case false:
                    return;
            }
            try
            {
                ReportFormats.WriteFile(report, _format, _fullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                ThrowTerminatingError(new ErrorRecord(e, ReportWriteFailed, ErrorCategory.WriteError, _fullPath));
            }
            WriteVerbose($"Wrote the {what} to {_fullPath}.");
            if (PassThru) WriteObject(new FileInfo(_fullPath));
        }

        /// <summary>Where the rows came from, for the report's header.</summary>
        private string DescribeSource()
        {
            var parts = new List<string>();
            if (ParameterSetName == BatchSet) parts.Add("-BatchName " + BatchName.Trim());
            if (ParameterSetName == IdentitySet) parts.Add("-Identity " + string.Join(", ", Identity ?? Array.Empty<string>()));
            if (_pipedObjects > 0) parts.Add(ReportText.Plural(_pipedObjects, "object") + " from the pipeline");
            return string.Join(" and ", parts);
        }

        /// <summary>
        /// The Exchange connection's UserPrincipalName and Organization, from Get-ConnectionInformation when the session has
        /// it (a connection in State Connected, not Security &amp; Compliance; an Active token first). Optional: nulls when
        /// there is no connection or the command fails. A local call, no Exchange round trip.
        /// </summary>
        private static (string? Upn, string? Organization) ReadConnection()
        {
            try
            {
                using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                ps.AddCommand("Get-Command").AddParameter("Name", "Get-ConnectionInformation")
                  .AddParameter("CommandType", CommandTypes.Function | CommandTypes.Cmdlet).AddParameter("ErrorAction", ActionPreference.Ignore);
                var command = ps.Invoke().Select(o => o?.BaseObject).OfType<CommandInfo>().FirstOrDefault();
                if (command is null) return (null, null);
                ps.Commands.Clear();
                ps.AddCommand(command);
                var connections = ps.Invoke().Where(o => o is not null)
                    .Where(o => string.Equals(Text(o, "State"), "Connected", StringComparison.OrdinalIgnoreCase))
                    .Where(o => !string.Equals(Text(o, "IsEopSession"), "True", StringComparison.OrdinalIgnoreCase))
                    .ToList();
                var chosen = connections.FirstOrDefault(o => string.Equals(Text(o, "TokenStatus"), "Active", StringComparison.OrdinalIgnoreCase))
                    ?? connections.FirstOrDefault();
                return chosen is null ? (null, null) : (Text(chosen, "UserPrincipalName"), Text(chosen, "Organization"));
            }
            catch (Exception e) when (e is RuntimeException or InvalidOperationException)
            {
                return (null, null);
            }
        }

        private static string? Text(PSObject o, string name)
        {
            var s = o.Properties[name]?.Value?.ToString();
            return string.IsNullOrWhiteSpace(s) ? null : s;
        }
    }
}

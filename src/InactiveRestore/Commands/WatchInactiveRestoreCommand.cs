using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    [Cmdlet(VerbsCommon.Watch, "InactiveRestore", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(RestoreResult))]
    public sealed class WatchInactiveRestoreCommand : ExchangeCmdletBase
    {
        private const string InputObjectSet = "InputObject";
        private const string IdentitySet = "Identity";
        private const string BatchSet = "Batch";

        /// <summary>Results of Start-InactiveRestore or Get-InactiveRestore (collected, then watched together).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public RestoreResult[] InputObject { get; set; } = Array.Empty<RestoreResult>();

        /// <summary>Request identities: RequestGuid, 'alias\Name', or a request name. By property name from the pipeline
        /// (OperationId, RequestId, RequestGuid), so the RestoreResult objects of a timed-out watch pipe back in.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = IdentitySet)]
        [Alias("OperationId", "RequestId", "RequestGuid")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(RequestIdentityCompleter))]
        public string[] Identity { get; set; } = Array.Empty<string>();

        /// <summary>Watch every request of this batch (one Get-MailboxRestoreRequest -BatchName per check).</summary>
        [Parameter(Mandatory = true, ParameterSetName = BatchSet)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(BatchNameCompleter))]
        public string BatchName { get; set; } = string.Empty;

        /// <summary>The first wait between checks (default 5 s), and the wait after a check in which a request changed state. A TimeSpan ('00:00:10') or a bare number of seconds (10).</summary>
        [Parameter]
        [SecondsTimeSpan]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The longest wait between checks (default 60 s); the wait grows ×1.5 while nothing changes. A TimeSpan or a bare number of seconds.</summary>
        [Parameter]
        [SecondsTimeSpan]
        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Where no progress bar is shown (non-interactive host, $ProgressPreference SilentlyContinue, Azure Automation): how often every running request's statistics are read for the Information progress line (default 5 minutes). In between, a check reads the listing and statistics only for requests whose state changed. A TimeSpan or a bare number of seconds.</summary>
        [Parameter]
        [SecondsTimeSpan]
        public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>How long to watch (default 1 hour). Then the current states are written with a WatchTimedOut error. A TimeSpan ('02:30:00', (New-TimeSpan -Hours 2.5)) or a bare number of seconds (-Timeout 9000): a number is never read as ticks.</summary>
        [Parameter]
        [SecondsTimeSpan]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

        /// <summary>At the end, count the items under each request's target root folder (Get-MailboxFolderStatistics, one call per target mailbox and kind) and set Verification; the results are then written together at the end.</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        private readonly List<RestoreResult> _collected = new();
        private WatchOptions _options = new();

        private protected override void Begin()
        {
            _options = new WatchOptions { PollInterval = PollInterval, MaxPollInterval = MaxPollInterval, Timeout = Timeout, ProgressInterval = ProgressInterval };
            try
            {
                _options.Validate();
            }
            catch (InvalidInputException e)
            {
                ThrowExchangeError(e);
            }
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    foreach (var r in InputObject)
                    {
                        if (r is not null) _collected.Add(r);
                    }
                    break;
                case IdentitySet:
                    if (Identity is null || Identity.Length == 0)
                    {
                        WriteExchangeError(new InvalidInputException(RequestIdentity.ErrorId, nameof(Identity), null,
                            "-Identity must name at least one restore request (Exchange would take an empty identity as 'every request')."));
                        return;
                    }
                    foreach (var id in Identity)
                    {
                        RequestIdentityInfo info;
                        try { info = RequestIdentity.Validate(id); }
                        catch (InvalidInputException e) { WriteExchangeError(e); continue; }
                        TryExchange(() => _collected.AddRange(new RequestControl(Gateway).Get(info)), info.Value);
                    }
                    break;
                case BatchSet:
                    try { RestoreInput.ThrowIfInvalidBatchName(nameof(BatchName), BatchName); }
                    catch (InvalidInputException e) { WriteExchangeError(e); return; }
                    TryExchange(() =>
                    {
                        // Without progress bars the listing's states are enough to start from (the watch reads statistics on
                        // changes); a request known only from the listing is read once before its row is written (settled at
                        // the start, let go, or at a timeout), so every row carries Get-InactiveRestore's source, target,
                        // estimates and verdict.
                        var found = new RequestControl(Gateway).List(BatchName, null, null, includeStatistics: RestoreWatcher.ProgressShown(this)).ToList();
                        if (found.Count == 0) WriteWarning($"No restore request has the batch name '{BatchName}'.");
                        _collected.AddRange(found);
                    }, BatchName);
                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (_collected.Count == 0) return;
            TryExchange(() => new RestoreWatcher(this, Gateway, CancellationToken, _options)
            {
                Verify = Verify,
                BatchName = ParameterSetName == BatchSet ? BatchName?.Trim() : null,
            }.Run(_collected));
        }
    }
}

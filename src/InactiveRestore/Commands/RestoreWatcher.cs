using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// The shared watch of Watch-InactiveRestore and Start-InactiveRestore -Wait. It runs Core's
    /// <see cref="OperationMonitor"/> on the pipeline thread (no background thread: every Write* happens on the thread
    /// that called <see cref="Run"/>) and turns its events into streams:
    /// <list type="bullet">
    /// <item>Progress: an overall bar (requests settled / total, bytes) and one child bar per request
    /// (<see cref="WatchDisplay"/>); Completed records for every bar at the end.</item>
    /// <item>Information (tags InactiveRestore + StateChange / Settled): one line per state change, for runbooks that
    /// cannot see progress bars.</item>
    /// <item>Output: each request's final <c>InactiveRestore.RestoreResult</c> as soon as it settles (or is let go
    /// while Suspended/AutoSuspended, with a warning).</item>
    /// <item>Warnings: a request's warnings once each (not the routine throttling explanation), and a line for a failure.</item>
    /// <item>Timeout: the unsettled requests' current RestoreResult, then one non-terminating error WatchTimedOut
    /// (OperationTimeout).</item>
    /// </list>
    /// Ctrl+C: the monitor's waits take <c>cancellationToken</c>; <see cref="Run"/> then throws PipelineStoppedException.
    /// Exchange errors (e.g. an expired session) propagate as ExchangeException for the cmdlet to report.
    /// </summary>
    /// <example>
    /// <code>
    /// var outcome = new RestoreWatcher(this, ExchangeClient, CancellationToken, options).Run(createdResults);
    /// </code>
    /// </example>
    internal sealed class RestoreWatcher
    {
        public const string TimedOutErrorId = "WatchTimedOut";
        public const string CannotWatchErrorId = "CannotWatchRequest";

        private readonly Cmdlet _cmdlet;
        private readonly IExchangeGateway _gateway;
        private readonly CancellationToken _cancellationToken;
        private readonly WatchOptions _options;
        private readonly IClock _clock;
        private readonly Dictionary<string, int> _activityIds = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, HashSet<string>> _warned = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<int> _completedBars = new();
        private OperationMonitor? _monitor;
        private readonly System.Management.Automation.Host.PSHostUserInterface? _host;

        /// <summary>
        /// With -Verify: settled results are held and written at the end, each with its Verification (one
        /// Get-MailboxFolderStatistics per target mailbox and kind).
        /// </summary>
        public bool Verify { get; init; }

        /// <summary>The batch the watch follows (its resume hint names it), when it was started by batch.</summary>
        public string? BatchName { get; init; }

        /// <param name="cmdlet">The cmdlet whose streams are written (on the calling thread).</param>
        /// <param name="client">The cmdlet's Exchange client.</param>
        /// <param name="cancellationToken">Cancelled by the cmdlet's StopProcessing (ExchangeCmdletBase.CancellationToken).</param>
        /// <param name="options">Poll interval, maximum poll interval, timeout (validated: InvalidWatchOption).</param>
        /// <param name="clock">Time and waiting; the system clock by default.</param>
        public RestoreWatcher(Cmdlet cmdlet, IExchangeGateway gateway, CancellationToken cancellationToken, WatchOptions? options = null, IClock? clock = null)
        {
            _host = (cmdlet as PSCmdlet)?.Host?.UI;
            _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
            _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
            _cancellationToken = cancellationToken;
            _options = options ?? new WatchOptions();
            _clock = clock ?? SystemClock.Instance;
        }

        /// <summary>
        /// Watches <paramref name="results"/> until each settles, the timeout passes or the pipeline stops. Results that
        /// were never created (no RequestGuid, not successful) are skipped. Returns the monitor's outcome (final states).
        /// </summary>
        public MonitorOutcome Run(IEnumerable<RestoreResult> results)
        {
            if (results is null) throw new ArgumentNullException(nameof(results));
            _options.Validate();
            _options.ProgressShown = ProgressShown(_cmdlet);
            var monitor = _monitor = new OperationMonitor(_gateway, _clock, _options.ToMonitorOptions());
            foreach (var r in results)
            {
                try
                {
                    monitor.StartMonitoring(r);
                }
                catch (ArgumentException e)
                {
                    _cmdlet.WriteError(new ErrorRecord(e, CannotWatchErrorId, ErrorCategory.InvalidArgument, r) { ErrorDetails = new ErrorDetails(e.Message) });
                }
            }
            var operations = monitor.Operations;
            if (operations.Count == 0) return new MonitorOutcome();

            foreach (var o in operations) _activityIds[Key(o)] = WatchDisplay.OverallActivityId + 1 + _activityIds.Count;
            // One short line for a runbook log (a batch of 1,000 would otherwise be one line of every name); the names go to Verbose.
            var batches = operations.Select(o => o.BatchName).Where(b => !string.IsNullOrWhiteSpace(b)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            Narrate($"Watching {operations.Count} restore request(s)" + (batches.Count == 0 ? "." : $" of batch {string.Join(", ", batches.Select(b => $"'{b}'"))}."), "Watch");
            _cmdlet.WriteVerbose("Watching: " + string.Join(", ", operations.Select(o => o.RequestName)));
            WriteProgress(WatchDisplay.Overall(operations));
            foreach (var o in operations) WriteProgress(WatchDisplay.Request(o, _activityIds[Key(o)]));

            monitor.StateChanged += OnStateChanged;
            monitor.Settled += OnSettled;
            monitor.ProgressReported += OnProgressReported;
            MonitorOutcome outcome;
            var finished = false;
            try
            {
                try
                {
                    outcome = monitor.Poll(OnChange, _options.Timeout, _cancellationToken);
                }
                catch (Exception) when (_cancellationToken.IsCancellationRequested)
                {
                    SayStillRunning(monitor.Operations);
                    throw new PipelineStoppedException();
                }
                if (_cancellationToken.IsCancellationRequested)
                {
                    SayStillRunning(monitor.Operations);
                    throw new PipelineStoppedException();
                }
                if (Verify)
                {
                    var all = outcome.Operations.ToList();
                    new RestoreVerifier(_gateway).Verify(all);
                    foreach (var o in all.Where(o => o.IsSettled)) _cmdlet.WriteObject(FlatOutput.Wrap(o));
                }
                if (outcome.TimedOut)
                {
                    var unsettled = outcome.Operations.Where(o => !o.IsSettled).ToList();
                    foreach (var o in unsettled) _cmdlet.WriteObject(FlatOutput.Wrap(o));
                    var message = WatchDisplay.TimedOutMessage(_options.Timeout, unsettled, outcome.Operations.Count);
                    _cmdlet.WriteError(new ErrorRecord(new TimeoutException(message), TimedOutErrorId, ErrorCategory.OperationTimeout,
                        unsettled.Select(u => u.RequestName).ToArray())
                    {
                        ErrorDetails = ErrorRecordFactory.Details(message,
                            "Run Watch-InactiveRestore again (for example with the same -BatchName, or piping Get-InactiveRestore) with a longer -Timeout.",
                            ErrorRecordFactory.RemedyShownApart(_cmdlet)),
                    });
                }
                WriteHostLine(WatchDisplay.Tally(outcome.Operations), "Summary");
                finished = true;
            }
            finally
            {
                monitor.StateChanged -= OnStateChanged;
                monitor.Settled -= OnSettled;
                monitor.ProgressReported -= OnProgressReported;
                CompleteBars(monitor.Operations, finished);
            }
            return outcome;
        }

        /// <summary>
        /// False where nobody sees a progress bar: $ProgressPreference SilentlyContinue or Ignore, a host without a UI or
        /// started -NonInteractive, Azure Automation (its sandbox sets AUTOMATION_ASSET_ACCOUNTID). The watch then polls
        /// economically (OperationMonitor: listing per cycle, statistics on state changes and every -ProgressInterval).
        /// </summary>
        internal static bool ProgressShown(Cmdlet cmdlet)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AUTOMATION_ASSET_ACCOUNTID"))) return false;
            if (cmdlet is PSCmdlet ps)
            {
                try
                {
                    var preference = ps.SessionState?.PSVariable.GetValue("ProgressPreference");
                    if (preference is PSObject wrapped) preference = wrapped.BaseObject;
                    if (preference is ActionPreference p ? p is ActionPreference.SilentlyContinue or ActionPreference.Ignore
                        : preference is string text && (text.Equals("SilentlyContinue", StringComparison.OrdinalIgnoreCase) || text.Equals("Ignore", StringComparison.OrdinalIgnoreCase)))
                        return false;
                    if (ps.Host?.UI?.RawUI is null) return false;
                }
                catch (PSInvalidOperationException)
                {
                    // Not running in a pipeline (a test runtime): no session state to ask.
                }
            }
            return !Environment.GetCommandLineArgs().Skip(1).Any(a => a.StartsWith("-noni", StringComparison.OrdinalIgnoreCase)
                && "-noninteractive".StartsWith(a.ToLowerInvariant(), StringComparison.Ordinal));
        }

        private void OnProgressReported(object? sender, IReadOnlyList<RestoreResult> operations)
        {
            var open = operations.Where(o => !o.IsSettled).ToList();
            var copied = operations.Sum(o => o.BytesCopied ?? 0);
            var total = operations.Sum(o => o.EstimatedBytes ?? 0);
            Narrate($"Progress: {operations.Count - open.Count} of {operations.Count} request(s) settled; {ByteFormat.Short(copied)}"
                + (total > 0 ? $" of about {ByteFormat.Short(total)}" : string.Empty) + " copied"
                + (open.Count > 0 ? "; still running: " + string.Join(", ", open.Take(10).Select(o => $"{o.RequestName} {RestoreResults.PercentText(o)}")) + (open.Count > 10 ? $" and {open.Count - 10} more" : string.Empty) : string.Empty) + ".",
                "Progress");
        }

        private void OnChange(RestoreResult p)
        {
            if (_activityIds.TryGetValue(Key(p), out var id) && !_completedBars.Contains(id) && !p.IsSettled)
                WriteProgress(WatchDisplay.Request(p, id, now: _clock.UtcNow));
        }

        private void OnStateChanged(object? sender, OperationEventArgs e)
        {
            // A change into a settled state is said once, by the Settled line that follows.
            if (e.Progress.IsSettled) return;
            Narrate(e.Message, "StateChange", e.Progress.Status.ToString());
            WriteWarnings(e.Progress);
        }

        private void OnSettled(object? sender, OperationEventArgs e)
        {
            var p = e.Progress;
            Narrate(WatchDisplay.SettledLine(p), p.Released ? "Released" : "Settled", p.Status.ToString());
            WriteWarnings(p);
            if (_activityIds.TryGetValue(Key(p), out var id))
            {
                WriteProgress(WatchDisplay.Request(p, id, completed: true));
                _completedBars.Add(id);
            }
            if (_monitor is not null) WriteProgress(WatchDisplay.Overall(_monitor.Operations));
            if (!Verify) _cmdlet.WriteObject(FlatOutput.Wrap(p));
        }

        private void WriteWarnings(RestoreResult p)
        {
            if (!_warned.TryGetValue(Key(p), out var seen)) _warned[Key(p)] = seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var w in WatchDisplay.Warnings(p))
            {
                if (seen.Add(w)) _cmdlet.WriteWarning(w);
            }
        }

        private void CompleteBars(IReadOnlyList<RestoreResult> operations, bool finished)
        {
            try
            {
                foreach (var o in operations)
                {
                    if (_activityIds.TryGetValue(Key(o), out var id) && _completedBars.Add(id))
                        WriteProgress(WatchDisplay.Request(o, id, completed: true));
                }
                WriteProgress(WatchDisplay.Overall(operations, completed: true));
            }
            catch (PipelineStoppedException) when (!finished)
            {
                // The pipeline is stopping: nothing more can be written.
            }
        }

        private void WriteProgress(ProgressRecord record) => _cmdlet.WriteProgress(record);

        /// <summary>
        /// Ctrl+C: the pipeline is stopping (nothing more can be written to its streams), so the host is told directly
        /// that the requests keep running in Exchange and how to pick the watch up again.
        /// </summary>
        private void SayStillRunning(IReadOnlyList<RestoreResult> operations)
        {
            var hint = WatchDisplay.StillRunningMessage(operations, BatchName);
            if (hint is null) return;
            try { _host?.WriteWarningLine(hint); }
            catch (Exception e) when (e is PipelineStoppedException or System.Management.Automation.Host.HostException or NotImplementedException or PSNotImplementedException)
            {
                // A host that cannot write: nothing else to do.
            }
        }

        /// <summary>A line for the host and the Information stream at once (as Write-Host does: tag PSHOST).</summary>
        private void WriteHostLine(string message, string tag)
        {
            var record = new InformationRecord(new HostInformationMessage { Message = message }, (_cmdlet as PSCmdlet)?.MyInvocation?.MyCommand?.Name ?? "InactiveRestore");
            record.Tags.Add("PSHOST");
            record.Tags.Add("InactiveRestore");
            record.Tags.Add(tag);
            _cmdlet.WriteInformation(record);
        }

        private void Narrate(string message, params string[] tags)
        {
            // As Cmdlet.WriteInformation(object, string[]) does for a cmdlet (source = the command's name), without
            // needing an invocation (the runner also runs under a test runtime).
            var record = new InformationRecord(message, (_cmdlet as PSCmdlet)?.MyInvocation?.MyCommand?.Name ?? "InactiveRestore");
            record.Tags.Add("InactiveRestore");
            record.Tags.AddRange(tags);
            _cmdlet.WriteInformation(record);
        }

        private static string Key(RestoreResult p) => p.RequestId != Guid.Empty ? p.RequestId.ToString() : p.RequestName ?? string.Empty;
    }
}

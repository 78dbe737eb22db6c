using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// Runs Exchange cmdlets in the caller's runspace, where Connect-ExchangeOnline (or a stand-in such as the test
    /// simulator) put them. Create one per cmdlet invocation, on the pipeline thread.
    /// <para>Connection: on first use it calls Get-ConnectionInformation. Connections whose State is not Connected and
    /// Security &amp; Compliance (IsEopSession) connections are ignored; among the rest the first with TokenStatus
    /// Active is taken, else the first. Its ModulePrefix names the commands (Get-{Prefix}Mailbox). No connection →
    /// NotConnected; TokenStatus Expired is not refused up front (ExchangeOnlineManagement refreshes tokens): the first call decides.</para>
    /// <para>Invocation: AddCommand(module-qualified name of the command found)/AddParameter only, never script text. Common parameters
    /// -ErrorAction Continue and -WarningAction Continue are added when the command takes them, so the caller's
    /// preference variables cannot hide or escalate Exchange errors: non-terminating errors are collected from the
    /// error stream, terminating ones are caught; both become a classified <see cref="ExchangeException"/>. The records
    /// the nested call left in the caller's <c>$Error</c> are taken out again (RunspaceExchangeClient.ErrorLog.cs): only
    /// the cmdlet's own ErrorRecords reach it.
    /// Warnings are merged into the output (a nested pipeline would otherwise print them to the host directly) and
    /// raised through <see cref="Warning"/>.</para>
    /// <para>Throttling: Exchange Online announces it as a warning on a call that succeeded ("Micro delay applied. Actual
    /// delayed: 1500 msecs, ..."). That warning is not passed on through <see cref="Warning"/>: the client remembers the
    /// delay and, before its next call, waits about that long (less the time already passed, at most the policy's
    /// MaxDelay) through the policy's Delay and Clock; the next Calling line says so (Verbose), and <see cref="Paced"/>
    /// reports it.</para>
    /// <para>Capabilities (<see cref="HasCommand"/>, <see cref="HasParameter"/>): whether the session has an Exchange
    /// command, and a parameter of it, under the connection's prefix; looked up with Get-Command and cached per
    /// connection (per instance of its tmpEXO_* module, which every Connect-ExchangeOnline imports anew; else per
    /// ConnectionId).</para>
    /// <para>Every call goes through the <see cref="RetryPolicy"/>. Before anything runs, <see cref="ExchangeCommand.EnsureIdentityIsSafe"/>
    /// refuses a blank -Identity (Exchange's "every object").</para>
    /// </summary>
    internal sealed partial class RunspaceExchangeClient : IExchangeSession, IExchangeCapabilities
    {
        // Command shapes per connection: prefixed name → parameter names (null: no such command). A connection's generated
        // commands do not change until it is replaced. Kept per instance of the connection's module (ModuleName of
        // Get-ConnectionInformation: every Connect-ExchangeOnline imports a new tmpEXO_* module), else per ConnectionId.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PSModuleInfo, System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>?>> ModuleShapes = new();
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>?> ConnectionShapes = new(StringComparer.OrdinalIgnoreCase);
        private const int ShapeCacheLimit = 2000;
        private readonly Dictionary<string, HashSet<string>?> _shapes = new(StringComparer.OrdinalIgnoreCase);
        private System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>?>? _sharedShapes;
        private string? _sharedKeyPrefix;
        private TimeSpan _pace;
        private DateTimeOffset _pacedAt;

        private readonly Func<PowerShell> _factory;
        private readonly RetryPolicy _policy;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<string, CommandInfo> _commands = new(StringComparer.OrdinalIgnoreCase);
        private string? _prefix;

        /// <param name="powerShellFactory">Gives a PowerShell bound to the caller's runspace. Production:
        /// <c>() => PowerShell.Create(RunspaceMode.CurrentRunspace)</c>.</param>
        /// <param name="retryPolicy">Back-off for transient errors; <see cref="RetryPolicy.Default"/> when null.</param>
        /// <param name="cancellationToken">Cancels back-off waits (cmdlets cancel it in StopProcessing).</param>
        public RunspaceExchangeClient(Func<PowerShell> powerShellFactory, RetryPolicy? retryPolicy = null, CancellationToken cancellationToken = default)
        {
            _factory = powerShellFactory ?? throw new ArgumentNullException(nameof(powerShellFactory));
            _policy = retryPolicy ?? RetryPolicy.Default;
            _cancellationToken = cancellationToken;
        }

        /// <summary>The production client: the current runspace.</summary>
        public static RunspaceExchangeClient ForCurrentRunspace(RetryPolicy? retryPolicy = null, CancellationToken cancellationToken = default)
            => new(() => PowerShell.Create(RunspaceMode.CurrentRunspace), retryPolicy, cancellationToken);

        public event EventHandler<string>? Calling;

        public event EventHandler<ExchangeRetryEventArgs>? Retrying;

        public event EventHandler<string>? Warning;

        /// <summary>
        /// Raised when Exchange announced throttling with a micro-delay warning: the delay it applied, which the next
        /// call waits about as long as. The warning itself is not raised through <see cref="Warning"/>.
        /// </summary>
        public event EventHandler<TimeSpan>? Paced;

        /// <summary>The wait still pending before the next call because of a micro-delay warning (zero when none).</summary>
        public TimeSpan PendingPace => _pace;

        /// <summary>The connection's prefix ("" when none). Detects the connection on first use.</summary>
        public string Prefix => _prefix ??= DetectPrefix();

        /// <summary>The connection that was chosen (null until detected).</summary>
        public PSObject? Connection { get; private set; }

        public IReadOnlyList<PSObject> Invoke(ExchangeCommand command) => Invoke(command, null);

        public IReadOnlyList<PSObject> Invoke(ExchangeCommand command, ExchangeCallOptions? options)
        {
            if (command is null) throw new ArgumentNullException(nameof(command));
            command.EnsureIdentityIsSafe();
            var target = options?.Target ?? command["Identity"];
            var info = Resolve(command);
            return _policy.Execute(command, () => InvokeOnce(info, command, target), options, _cancellationToken,
                e => Retrying?.Invoke(this, e));
        }

        /// <summary>The prefixed name a command has in this session, e.g. Get-ContosoMailbox.</summary>
        public string PrefixedName(ExchangeCommand command) => $"{command.Verb}-{Prefix}{command.Noun}";

        // The nested call's errors are classified from its own streams; the caller's $Error is left as it was (ErrorLog).
        private IReadOnlyList<PSObject> InvokeOnce(CommandInfo info, ExchangeCommand command, object? target)
        {
            var mark = MarkErrorLog();
            try { return InvokeNested(info, command, target); }
            finally { ForgetErrorsSince(mark); }
        }

        private IReadOnlyList<PSObject> InvokeNested(CommandInfo info, ExchangeCommand command, object? target)
        {
            var (asked, paused) = WaitForPace();
            var line = command.ToDisplayString(Prefix);
            Calling?.Invoke(this, paused > TimeSpan.Zero
                ? $"{line} (after a {RetryPolicy.Seconds(paused)} s pause: Exchange Online slowed this session down with a micro delay)"
                : asked > TimeSpan.Zero
                    ? $"{line} (Exchange Online slowed this session down with a micro delay of {RetryPolicy.Seconds(asked)} s; that much time has passed since)"
                    : line);
            using var ps = _factory();
            // The module-qualified name (tmpEXO_x\Get-Mailbox) names exactly the command found. A command added as a
            // CommandInfo ignores MergeMyResults below, so it is added by this name.
            ps.AddCommand(QualifiedName(info));
            foreach (var p in command.Parameters)
            {
                if (p.Value is SwitchParameter sw) ps.AddParameter(p.Key, sw);
                else ps.AddParameter(p.Key, p.Value);
            }
            if (TakesCommonParameters(info))
            {
                if (!command.Has("ErrorAction")) ps.AddParameter("ErrorAction", ActionPreference.Continue);
                if (!command.Has("WarningAction")) ps.AddParameter("WarningAction", ActionPreference.Continue);
            }
            // A nested pipeline of the current runspace writes warnings straight to the host and leaves
            // Streams.Warning empty: merge them into the output instead, so they reach the Warning event (and the
            // cmdlet's own warning stream, honouring its -WarningAction/-WarningVariable).
            ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Warning, PipelineResultTypes.Output);

            System.Collections.ObjectModel.Collection<PSObject> output;
            try
            {
                output = ps.Invoke();
            }
            catch (PipelineStoppedException e)
            {
                // The caller's pipeline is stopping (Ctrl+C): PowerShell stops the nested Exchange call first. That is
                // cancellation, never an Exchange error to report and go on after.
                throw new OperationCanceledException("The pipeline was stopped during an Exchange call.", e);
            }
            catch (RuntimeException e)
            {
                RaiseWarnings(ps);
                throw ExchangeErrorClassifier.FromException(e, command.Name, target);
            }
            catch (Exception e) when (e is TimeoutException or UnauthorizedAccessException or InvalidOperationException)
            {
                RaiseWarnings(ps);
                throw ExchangeErrorClassifier.FromException(e, command.Name, target);
            }
            var results = new List<PSObject>(output.Count);
            foreach (var o in output)
            {
                if (o is null) continue;
                if (o.BaseObject is WarningRecord w) OnWarning(w.Message);
                else results.Add(o);
            }
            RaiseWarnings(ps);
            // A call that ended because the caller's pipeline is stopping may end quietly or with the stop as an error
            // record rather than throw: either way it is cancellation, not an Exchange error to report and go on after.
            if (ps.InvocationStateInfo.State == PSInvocationState.Stopped
                || ps.Streams.Error.Any(r => r.Exception is PipelineStoppedException or OperationCanceledException))
                throw new OperationCanceledException("The pipeline was stopped during an Exchange call.");
            if (ps.Streams.Error.Count > 0)
            {
                throw ExchangeErrorClassifier.FromErrorRecord(ps.Streams.Error[0], command.Name, target);
            }
            return results;
        }

        private void RaiseWarnings(PowerShell ps)
        {
            foreach (var w in ps.Streams.Warning) OnWarning(w.Message);
        }

        private void OnWarning(string message)
        {
            if (ExchangeErrorClassifier.TryParseMicroDelayWarning(message, out var delay))
            {
                // Pacing, not a failure: the call succeeded. Slow the next call down by about as much.
                if (delay > TimeSpan.Zero)
                {
                    _pace = delay > _policy.MaxDelay ? _policy.MaxDelay : delay;
                    _pacedAt = _policy.Clock();
                    Paced?.Invoke(this, delay);
                }
                return;
            }
            Warning?.Invoke(this, message);
        }

        // Waits what is left of the last micro delay (through the policy's Delay, so tests never sleep); returns the pace
        // that was pending and the wait.
        private (TimeSpan Asked, TimeSpan Waited) WaitForPace()
        {
            if (_pace <= TimeSpan.Zero) return (TimeSpan.Zero, TimeSpan.Zero);
            var asked = _pace;
            var left = _pace - (_policy.Clock() - _pacedAt);
            _pace = TimeSpan.Zero;
            if (left <= TimeSpan.Zero) return (asked, TimeSpan.Zero);
            _policy.Delay(left, _cancellationToken);
            _cancellationToken.ThrowIfCancellationRequested();
            return (asked, left);
        }

        private static string QualifiedName(CommandInfo info) =>
            string.IsNullOrEmpty(info.ModuleName) ? info.Name : info.ModuleName + "\\" + info.Name;

        private static bool TakesCommonParameters(CommandInfo info) => info switch
        {
            CmdletInfo => true,
            FunctionInfo f => f.CmdletBinding,
            _ => false,
        };

        private CommandInfo Resolve(ExchangeCommand command)
        {
            var name = PrefixedName(command);
            if (_commands.TryGetValue(name, out var found)) return found;
            var info = FindCommand(name);
            if (info is null)
            {
                throw new ExchangeException(ExchangeErrorKind.NotConnected,
                    $"The Exchange command {name} is not available in this session: the Exchange Online connection may lack " +
                    $"the role that grants {command.Name} (Test-InactiveRestoreEnvironment names the roles), or Exchange Online " +
                    "is not connected in this session.",
                    command.Name);
            }
            _commands[name] = info;
            return info;
        }

        private CommandInfo? FindCommand(string name)
        {
            using var ps = _factory();
            ps.AddCommand("Get-Command")
              .AddParameter("Name", WildcardPattern.Escape(name))
              .AddParameter("CommandType", CommandTypes.Function | CommandTypes.Cmdlet)
              .AddParameter("ErrorAction", ActionPreference.Ignore);
            try
            {
                return ps.Invoke().Select(o => o?.BaseObject).OfType<CommandInfo>().FirstOrDefault();
            }
            catch (RuntimeException)
            {
                return null;
            }
        }

        private string DetectPrefix()
        {
            const string probe = "Get-ConnectionInformation";
            var info = FindCommand(probe);
            if (info is null)
            {
                throw new ExchangeException(ExchangeErrorKind.NotConnected,
                    "There is no Exchange Online connection in this session (Get-ConnectionInformation is not available: " +
                    "the ExchangeOnlineManagement module is not loaded).",
                    probe);
            }
            IReadOnlyList<PSObject> connections;
            var mark = MarkErrorLog();
            using (var ps = _factory())
            {
                ps.AddCommand(info);
                try
                {
                    connections = ps.Invoke().Where(o => o is not null).ToList();
                }
                catch (RuntimeException e)
                {
                    throw new ExchangeException(ExchangeErrorKind.NotConnected,
                        $"Get-ConnectionInformation failed: {ExchangeErrorMessage.Parse(e.Message).Text}",
                        probe, inner: e);
                }
                finally
                {
                    ForgetErrorsSince(mark);
                }
            }
            var chosen = ChooseConnection(connections);
            if (chosen is null)
            {
                throw new ExchangeException(ExchangeErrorKind.NotConnected,
                    "There is no Exchange Online connection in this session.",
                    probe);
            }
            Connection = chosen;
            // TokenStatus Expired is not refused here: ExchangeOnlineManagement refreshes tokens by itself for most connection
            // types, so the first Exchange call decides (a token that cannot be refreshed fails it as SessionExpired).
            return ExchangeValue.String(chosen, "ModulePrefix") ?? string.Empty;
        }

        /// <summary>
        /// The connection to use: State Connected and not a Security &amp; Compliance (EOP) session; among those the
        /// first whose TokenStatus is Active, else the first. Null when none.
        /// </summary>
        public static PSObject? ChooseConnection(IEnumerable<PSObject> connections)
        {
            var connected = connections
                .Where(c => string.Equals(ExchangeValue.String(c, "State"), "Connected", StringComparison.OrdinalIgnoreCase))
                .Where(c => !ExchangeValue.Bool(c, "IsEopSession"))
                .ToList();
            return connected.FirstOrDefault(c => string.Equals(ExchangeValue.String(c, "TokenStatus"), "Active", StringComparison.OrdinalIgnoreCase))
                ?? connected.FirstOrDefault();
        }
    }
}

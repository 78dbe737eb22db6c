using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;

namespace InactiveRestore.Exchange
{
    /// <summary>An IExchangeClient that also reports retries and Exchange warnings and takes per-call options.</summary>
    internal interface IExchangeSession : IExchangeClient
    {
        /// <summary>Runs one Exchange cmdlet with options (the "already applied?" check for change calls, the error target).</summary>
        IReadOnlyList<PSObject> Invoke(ExchangeCommand command, ExchangeCallOptions? options);

        /// <summary>Raised before each back-off wait (the cmdlets write it to Verbose).</summary>
        event EventHandler<ExchangeRetryEventArgs>? Retrying;

        /// <summary>Raised for each warning Exchange wrote (e.g. the ResultSize truncation warning of Get-Mailbox).</summary>
        event EventHandler<string>? Warning;
    }

    /// <summary>Per-call options on any IExchangeClient.</summary>
    internal static class ExchangeClientExtensions
    {
        /// <summary>
        /// Runs a call with options. Clients that are not an <see cref="IExchangeSession"/> (simple test fakes) ignore
        /// the options and run the command once.
        /// </summary>
        public static IReadOnlyList<PSObject> Invoke(this IExchangeClient client, ExchangeCommand command, ExchangeCallOptions? options)
            => client is IExchangeSession s ? s.Invoke(command, options) : client.Invoke(command);

        /// <summary>Runs a change call with an "already applied?" check that decides, after a transient failure, whether to retry.</summary>
        public static IReadOnlyList<PSObject> Invoke(this IExchangeClient client, ExchangeCommand command, Func<bool> alreadyApplied)
            => client.Invoke(command, new ExchangeCallOptions { AlreadyApplied = alreadyApplied });
    }

    /// <summary>
    /// Runs Exchange cmdlets in the caller's runspace, where Connect-ExchangeOnline (or Connect-ExchangeSimulator)
    /// put them. Create one per cmdlet invocation, on the pipeline thread.
    /// <para>Connection: on first use it calls Get-ConnectionInformation. Connections whose State is not Connected and
    /// Security &amp; Compliance (IsEopSession) connections are ignored; among the rest the first with TokenStatus
    /// Active is taken, else the first. Its ModulePrefix names the commands (Get-{Prefix}Mailbox). No connection →
    /// NotConnected; TokenStatus Expired → SessionExpired.</para>
    /// <para>Invocation: AddCommand(module-qualified name of the command found)/AddParameter only, never script text. Common parameters
    /// -ErrorAction Continue and -WarningAction Continue are added when the command takes them, so the caller's
    /// preference variables cannot hide or escalate Exchange errors: non-terminating errors are collected from the
    /// error stream, terminating ones are caught; both become a classified <see cref="ExchangeException"/>.
    /// Warnings are merged into the output (a nested pipeline would otherwise print them to the host directly) and
    /// raised through <see cref="Warning"/>.</para>
    /// <para>Every call goes through the <see cref="RetryPolicy"/>. Before anything runs, <see cref="ExchangeCommand.EnsureIdentityIsSafe"/>
    /// refuses a blank -Identity (Exchange's "every object").</para>
    /// </summary>
    internal sealed class RunspaceExchangeClient : IExchangeSession
    {
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

        private IReadOnlyList<PSObject> InvokeOnce(CommandInfo info, ExchangeCommand command, object? target)
        {
            Calling?.Invoke(this, command.ToDisplayString(Prefix));
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
                if (o.BaseObject is WarningRecord w) Warning?.Invoke(this, w.Message);
                else results.Add(o);
            }
            RaiseWarnings(ps);
            if (ps.Streams.Error.Count > 0)
            {
                throw ExchangeErrorClassifier.FromErrorRecord(ps.Streams.Error[0], command.Name, target);
            }
            return results;
        }

        private void RaiseWarnings(PowerShell ps)
        {
            if (Warning is null) return;
            foreach (var w in ps.Streams.Warning) Warning.Invoke(this, w.Message);
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
                    $"The Exchange command {name} is not available in this session. The Exchange Online connection may lack " +
                    $"the role or permission that grants {command.Name}, or the Exchange module is not connected in this " +
                    "session (run Connect-ExchangeOnline, or Connect-ExchangeSimulator for the simulator).",
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
                    "the ExchangeOnlineManagement module is not loaded). Run Connect-ExchangeOnline (or Connect-ExchangeSimulator).",
                    probe);
            }
            IReadOnlyList<PSObject> connections;
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
                        $"Get-ConnectionInformation failed: {ExchangeErrorMessage.Parse(e.Message).Text}. Run Connect-ExchangeOnline (or Connect-ExchangeSimulator).",
                        probe, inner: e);
                }
            }
            var chosen = ChooseConnection(connections);
            if (chosen is null)
            {
                throw new ExchangeException(ExchangeErrorKind.NotConnected,
                    "There is no Exchange Online connection in this session. Run Connect-ExchangeOnline (or Connect-ExchangeSimulator).",
                    probe);
            }
            Connection = chosen;
            if (string.Equals(ExchangeValue.String(chosen, "TokenStatus"), "Expired", StringComparison.OrdinalIgnoreCase))
            {
                throw new ExchangeException(ExchangeErrorKind.SessionExpired,
                    "The Exchange Online access token has expired.", probe);
            }
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

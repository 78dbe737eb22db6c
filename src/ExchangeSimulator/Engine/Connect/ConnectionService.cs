using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace ExchangeSimulator.Engine
{
    /// <summary>What Connect-ExchangeSimulator was asked for (<see cref="StatePath"/> resolved to a file-system path).</summary>
    public sealed class ConnectOptions
    {
        public string? TenantPath { get; set; }
        public int Seed { get; set; } = 1;
        public double TimeScale { get; set; } = 1.0;
        public string Prefix { get; set; } = "";
        /// <summary>Local times are converted; unspecified ones are taken as UTC. Null: <see cref="DemoTenant.DefaultStartTime"/>.</summary>
        public DateTime? StartTime { get; set; }
        public string UserPrincipalName { get; set; } = "admin@contoso.onmicrosoft.com";
        public string? StatePath { get; set; }
        /// <summary>Resolves <see cref="TenantPath"/> to a file-system path, only when the fixture is read (default: as it is).</summary>
        public Func<string, string> ResolvePath { get; set; } = p => p;
        /// <summary>The parameter values as given, for error targets.</summary>
        public string? TenantPathAsGiven { get; set; }
        public string? StatePathAsGiven { get; set; }

        /// <summary>The Exchange cmdlets the session gets (null = all): roles not granted show as missing commands.</summary>
        public string[]? Cmdlets { get; set; }
        /// <summary>Simulated time charged to the clock per Exchange call.</summary>
        public TimeSpan CallLatency { get; set; }
        /// <summary>False: Set-MailboxRestoreRequest has no -SkippedItemApprovalTime.</summary>
        public bool SkippedItemApprovalTime { get; set; } = true;
    }

    /// <summary>Connecting failed; <see cref="ErrorId"/>, <see cref="Category"/> and <see cref="Target"/> make the cmdlet's error record.</summary>
    public sealed class ConnectException : Exception
    {
        public ConnectException(Exception inner, string errorId, ErrorCategory category, object? target)
            : base(inner.Message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        /// <summary>An error record from the inner Import-Module, passed on as it is.</summary>
        public ConnectException(ErrorRecord record)
            : base(record.Exception?.Message ?? record.ToString(), record.Exception)
        {
            Record = record;
            ErrorId = record.FullyQualifiedErrorId;
            Category = record.CategoryInfo.Category;
            Target = record.TargetObject;
        }

        public string ErrorId { get; }
        public ErrorCategory Category { get; }
        public object? Target { get; }
        public ErrorRecord? Record { get; }
    }

    /// <summary>
    /// Connect-ExchangeSimulator's session set-up: the tenant (from the state file, a fixture or the demo), the state file's
    /// lock, replacing the runspace's previous connection, and importing tmpEXO_Simulator into the current runspace globally.
    /// Runs on the pipeline thread of the runspace being connected (<see cref="SimulatorRegistry"/> is per runspace).
    /// </summary>
    public static class ConnectionService
    {
        public const string ExchangeModuleName = "tmpEXO_Simulator";
        private static readonly Regex PrefixPattern = new Regex("^[A-Za-z0-9]+$", RegexOptions.CultureInvariant);

        /// <summary>Connects this runspace; throws <see cref="ConnectException"/>. <paramref name="verbose"/> gets progress lines.</summary>
        public static SimulatorConnection Connect(ConnectOptions o, Action<string> verbose)
        {
            if (o.Prefix.Length > 0 && !PrefixPattern.IsMatch(o.Prefix))
            {
                throw new ConnectException(new ArgumentException("The prefix '" + o.Prefix + "' is invalid: use letters and digits only."),
                    "InvalidPrefix", ErrorCategory.InvalidArgument, o.Prefix);
            }
            var previous = SimulatorRegistry.Current;
            // Reconnecting to the same state file from this runspace: let go of our own lock first.
            if (SameStateFile(previous, o.StatePath)) previous!.ReleaseState();
            var connection = OpenTenant(o, previous, verbose);
            if (previous != null)
            {
                RemoveExchangeModule(previous);
                previous.ReleaseState();
            }
            string[] cmdlets = o.Cmdlets ?? ExchangeCommands.All;
            connection.CallLatency = o.CallLatency < TimeSpan.Zero ? TimeSpan.Zero : o.CallLatency;
            connection.OmittedCmdlets = Array.FindAll(ExchangeCommands.All, n => Array.IndexOf(cmdlets, n) < 0);
            connection.SkippedItemApprovalTimeAvailable = o.SkippedItemApprovalTime;
            SimulatorRegistry.Set(connection);
            ImportExchangeModule(connection, o.Prefix, cmdlets);
            verbose("Connected to the simulated tenant " + connection.Tenant.Organization + " at " + connection.Tenant.Now.ToString("u") +
                " (seed " + connection.Seed + ", time scale " + o.TimeScale + ").");
            return connection;
        }

        /// <summary>Removes the connection's tmpEXO_Simulator module from the current runspace.</summary>
        public static void RemoveExchangeModule(SimulatorConnection c)
        {
            if (c.ExchangeModule == null) return;
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddCommand("Remove-Module").AddParameter("ModuleInfo", new[] { c.ExchangeModule }).AddParameter("Force");
                ps.Invoke();
            }
            c.ExchangeModule = null;
        }

        private static bool SameStateFile(SimulatorConnection? previous, string? statePath) =>
            previous != null && statePath != null && previous.StatePath != null &&
            string.Equals(Path.GetFullPath(previous.StatePath), Path.GetFullPath(statePath), StringComparison.Ordinal);

        /// <summary>The state file's tenant if it exists, else a fixture's or the demo's (and then the state file is written).</summary>
        private static SimulatorConnection OpenTenant(ConnectOptions o, SimulatorConnection? previous, Action<string> verbose)
        {
            string? statePath = o.StatePath;
            FileStream? stateLock = null;
            SimulatorConnection? connection = null;
            string stage = "TenantLoadFailed";
            try
            {
                if (statePath != null)
                {
                    stage = "StateLoadFailed";
                    string? stateDir = Path.GetDirectoryName(Path.GetFullPath(statePath));
                    if (!string.IsNullOrEmpty(stateDir) && !Directory.Exists(stateDir))
                        throw new DirectoryNotFoundException("The folder of the state file '" + statePath + "' doesn't exist.");
                    stateLock = StateLock.Acquire(statePath);
                }
                if (statePath != null && File.Exists(statePath))
                {
                    stage = "StateLoadFailed";
                    connection = StateStore.Load(statePath, o.TimeScale, o.Prefix, o.UserPrincipalName);
                    // Connecting is signing in again: a new token, so an injected expiry ends here (fault rules stay).
                    connection.Faults.TokenExpiresAt = null;
                    verbose("Loaded the simulated tenant " + connection.Tenant.Organization + " from " + statePath + " at " +
                        connection.Tenant.Now.ToString("u") + " (seed " + connection.Seed + "; -TenantPath, -Seed and -StartTime are not used).");
                }
                else
                {
                    stage = "TenantLoadFailed";
                    DateTime start = StartTimeUtc(o.StartTime);
                    var tenant = o.TenantPath == null ? DemoTenant.Create(start, o.Seed) : TenantLoader.LoadFile(o.ResolvePath(o.TenantPath), start, o.Seed);
                    connection = new SimulatorConnection(tenant, start, o.TimeScale, o.Seed, o.Prefix, o.UserPrincipalName);
                }
                if (statePath != null)
                {
                    stage = "StateSaveFailed";
                    connection.AttachState(statePath, stateLock!);
                    stateLock = null;
                    connection.Persist();
                }
                return connection;
            }
            catch (Exception e) when (e is IOException || e is FormatException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                stateLock?.Dispose();
                connection?.ReleaseState();
                if (previous != null && SameStateFile(previous, statePath))
                {
                    // Its lock is gone: that connection can't go on saving safely.
                    RemoveExchangeModule(previous);
                    SimulatorRegistry.Set(null);
                }
                bool locked = e is StateFileLockedException;
                throw new ConnectException(e, locked ? "StateFileLocked" : stage,
                    locked ? ErrorCategory.ResourceBusy : stage == "StateSaveFailed" ? ErrorCategory.WriteError : ErrorCategory.InvalidData,
                    stage == "TenantLoadFailed" && !locked ? (object?)o.TenantPathAsGiven : o.StatePathAsGiven);
            }
        }

        /// <summary>A local time is converted; an unspecified one is taken as UTC (the simulated service runs in UTC).</summary>
        private static DateTime StartTimeUtc(DateTime? start) =>
            !start.HasValue ? DemoTenant.DefaultStartTime
            : start.Value.Kind == DateTimeKind.Local ? start.Value.ToUniversalTime()
            : DateTime.SpecifyKind(start.Value, DateTimeKind.Utc);

        /// <summary>Imports tmpEXO_Simulator (beside this assembly) into the current runspace globally, with the prefix.</summary>
        private static void ImportExchangeModule(SimulatorConnection connection, string prefix, string[] cmdlets)
        {
            string dir = Path.GetDirectoryName(typeof(Tenant).Assembly.Location) ?? ".";
            string path = Path.Combine(dir, ExchangeModuleName + ".dll");
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddCommand("Import-Module").AddParameter("Name", path).AddParameter("Global").AddParameter("PassThru").AddParameter("Force");
                if (prefix.Length > 0) ps.AddParameter("Prefix", prefix);
                if (cmdlets.Length < ExchangeCommands.All.Length) ps.AddParameter("Cmdlet", cmdlets);
                var result = ps.Invoke();
                if (ps.HadErrors || result.Count == 0)
                {
                    SimulatorRegistry.Set(null);
                    connection.ReleaseState();
                    var err = ps.Streams.Error.FirstOrDefault();
                    throw err != null ? new ConnectException(err)
                        : new ConnectException(new InvalidOperationException("Couldn't import " + path + "."), "ImportFailed", ErrorCategory.ResourceUnavailable, path);
                }
                connection.ExchangeModule = result[0].BaseObject as PSModuleInfo;
            }
        }
    }
}

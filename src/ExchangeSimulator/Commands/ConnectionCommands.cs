using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using ExchangeSimulator.Engine;

namespace ExchangeSimulator.Commands
{
    internal static class Session
    {
        public const string ExchangeModuleName = "tmpEXO_Simulator";

        public static SimulatorConnection Require(PSCmdlet cmdlet)
        {
            var c = SimulatorRegistry.Current;
            if (c != null) return c;
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("The Exchange simulator isn't connected in this session. Run Connect-ExchangeSimulator first."),
                "ExchangeSimulatorNotConnected", ErrorCategory.ConnectionError, null));
            throw new InvalidOperationException();
        }

        /// <summary>Saves the state file of a persistent connection; a failed save is a terminating error.</summary>
        public static void Persist(PSCmdlet cmdlet, SimulatorConnection c)
        {
            try { c.Persist(); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new IOException("The simulator couldn't save its state to '" + c.StatePath + "': " + e.Message, e),
                    "StateSaveFailed", ErrorCategory.WriteError, c.StatePath));
            }
        }

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
    }

    /// <summary>
    /// <para type="synopsis">Connects to a fresh simulated Exchange Online tenant and imports its cmdlets (tmpEXO_Simulator) globally.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "ExchangeSimulator")]
    public sealed class ConnectExchangeSimulatorCommand : PSCmdlet
    {
        private static readonly Regex PrefixPattern = new Regex("^[A-Za-z0-9]+$", RegexOptions.CultureInvariant);

        /// <summary>A JSON tenant fixture (README.md); without it, the built-in demo tenant.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? TenantPath { get; set; }

        [Parameter]
        public int Seed { get; set; } = 1;

        /// <summary>Simulated seconds per wall-clock second; 0 = the clock moves only with Step-ExchangeSimulator.</summary>
        [Parameter]
        [ValidateRange(0.0, 10000000.0)]
        public double TimeScale { get; set; } = 1.0;

        [Parameter]
        [AllowEmptyString]
        public string? Prefix { get; set; }

        [Parameter]
        public DateTime? StartTime { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string UserPrincipalName { get; set; } = "admin@contoso.onmicrosoft.com";

        /// <summary>
        /// A state file: loaded when it exists (then -TenantPath, -Seed and -StartTime are not used), created otherwise; saved
        /// atomically after every state change. Locked (&lt;file&gt;.lock) while connected.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        /// <summary>Simulated time each Exchange call costs, charged to the simulated clock instead of sleeping (benchmarks).</summary>
        [Parameter]
        public TimeSpan CallLatency { get; set; }

        /// <summary>Only the cmdlets these management roles grant exist in the session (Get-ManagementRole lists the table).</summary>
        [Parameter]
        public string[]? Roles { get; set; }

        /// <summary>Exchange cmdlets left out of the session (a role not granted shows as a missing command).</summary>
        [Parameter]
        public string[]? WithoutCmdlet { get; set; }

        /// <summary>The session's Set-MailboxRestoreRequest has no -SkippedItemApprovalTime.</summary>
        [Parameter]
        public SwitchParameter WithoutSkippedItemApprovalTime { get; set; }

        /// <summary>Set-Mailbox refuses a proxy address another active recipient holds, as Exchange Online does (opt-in for now).</summary>
        [Parameter]
        public SwitchParameter UniqueProxyAddresses { get; set; }

        protected override void EndProcessing()
        {
            string[] sessionCmdlets = SessionOptions.Cmdlets(this, Roles, WithoutCmdlet);
            string prefix = Prefix ?? "";
            if (prefix.Length > 0 && !PrefixPattern.IsMatch(prefix))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("The prefix '" + prefix + "' is invalid: use letters and digits only."),
                    "InvalidPrefix", ErrorCategory.InvalidArgument, prefix));
            }
            // A local time is converted; an unspecified one is taken as UTC (the simulated service runs in UTC).
            DateTime start = !StartTime.HasValue ? DemoTenant.DefaultStartTime
                : StartTime.Value.Kind == DateTimeKind.Local ? StartTime.Value.ToUniversalTime()
                : DateTime.SpecifyKind(StartTime.Value, DateTimeKind.Utc);
            var previous = SimulatorRegistry.Current;
            string? statePath = StatePath == null ? null : GetUnresolvedProviderPathFromPSPath(StatePath);
            // Reconnecting to the same state file from this runspace: let go of our own lock first.
            if (previous != null && statePath != null && previous.StatePath != null &&
                string.Equals(Path.GetFullPath(previous.StatePath), Path.GetFullPath(statePath), StringComparison.Ordinal))
            {
                previous.ReleaseState();
            }
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
                    stateLock = StateStore.AcquireLock(statePath);
                }
                if (statePath != null && File.Exists(statePath))
                {
                    stage = "StateLoadFailed";
                    connection = StateStore.Load(statePath, TimeScale, prefix, UserPrincipalName);
                    // Connecting is signing in again: a new token, so an injected expiry ends here (fault rules stay).
                    connection.Faults.TokenExpiresAt = null;
                    WriteVerbose("Loaded the simulated tenant " + connection.Tenant.Organization + " from " + statePath + " at " +
                        connection.Tenant.Now.ToString("u") + " (seed " + connection.Seed + "; -TenantPath, -Seed and -StartTime are not used).");
                }
                else
                {
                    stage = "TenantLoadFailed";
                    var tenant = TenantPath == null
                        ? DemoTenant.Create(start, Seed)
                        : TenantLoader.LoadFile(GetUnresolvedProviderPathFromPSPath(TenantPath), start, Seed);
                    connection = new SimulatorConnection(tenant, start, TimeScale, Seed, prefix, UserPrincipalName);
                }
                if (statePath != null)
                {
                    stage = "StateSaveFailed";
                    connection.AttachState(statePath, stateLock!);
                    stateLock = null;
                    connection.Persist();
                }
            }
            catch (Exception e) when (e is IOException || e is FormatException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                stateLock?.Dispose();
                connection?.ReleaseState();
                if (previous != null && previous.StatePath != null && statePath != null &&
                    string.Equals(Path.GetFullPath(previous.StatePath), Path.GetFullPath(statePath), StringComparison.Ordinal))
                {
                    // Its lock is gone: that connection can't go on saving safely.
                    Session.RemoveExchangeModule(previous);
                    SimulatorRegistry.Set(null);
                }
                bool locked = e is StateFileLockedException;
                ThrowTerminatingError(new ErrorRecord(e, locked ? "StateFileLocked" : stage,
                    locked ? ErrorCategory.ResourceBusy : stage == "StateSaveFailed" ? ErrorCategory.WriteError : ErrorCategory.InvalidData,
                    stage == "TenantLoadFailed" && !locked ? (object?)TenantPath : StatePath));
                return;
            }

            if (previous != null)
            {
                Session.RemoveExchangeModule(previous);
                previous.ReleaseState();
            }
            if (connection == null) return;
            SessionOptions.Apply(connection, CallLatency, sessionCmdlets, !WithoutSkippedItemApprovalTime, UniqueProxyAddresses);
            SimulatorRegistry.Set(connection);
            var tenantInfo = connection.Tenant;

            string dir = Path.GetDirectoryName(typeof(Tenant).Assembly.Location) ?? ".";
            string path = Path.Combine(dir, Session.ExchangeModuleName + ".dll");
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddCommand("Import-Module").AddParameter("Name", path).AddParameter("Global").AddParameter("PassThru").AddParameter("Force");
                if (prefix.Length > 0) ps.AddParameter("Prefix", prefix);
                if (sessionCmdlets.Length < ExchangeCommands.All.Length) ps.AddParameter("Cmdlet", sessionCmdlets);
                var result = ps.Invoke();
                if (ps.HadErrors || result.Count == 0)
                {
                    SimulatorRegistry.Set(null);
                    connection.ReleaseState();
                    var err = ps.Streams.Error.FirstOrDefault();
                    ThrowTerminatingError(err ?? new ErrorRecord(new InvalidOperationException("Couldn't import " + path + "."),
                        "ImportFailed", ErrorCategory.ResourceUnavailable, path));
                }
                connection.ExchangeModule = result[0].BaseObject as PSModuleInfo;
            }
            WriteVerbose("Connected to the simulated tenant " + tenantInfo.Organization + " at " + tenantInfo.Now.ToString("u") + " (seed " + connection.Seed + ", time scale " + TimeScale + ").");
        }
    }

    /// <summary><para type="synopsis">Removes the simulated Exchange cmdlets and the connection.</para></summary>
    [Cmdlet(VerbsCommunications.Disconnect, "ExchangeSimulator", SupportsShouldProcess = false)]
    public sealed class DisconnectExchangeSimulatorCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var c = SimulatorRegistry.Current;
            if (c == null) return;
            Session.RemoveExchangeModule(c);
            SimulatorRegistry.Set(null);
            c.ReleaseState();
        }
    }

    /// <summary><para type="synopsis">Like ExchangeOnlineManagement's Get-ConnectionInformation: one object when connected, nothing otherwise.</para></summary>
    [Cmdlet(VerbsCommon.Get, "ConnectionInformation")]
    public sealed class GetConnectionInformationCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var c = SimulatorRegistry.Current;
            if (c == null) return;
            lock (c.SyncRoot)
            {
                var o = new PSObject();
                o.TypeNames.Insert(0, "Microsoft.Exchange.Management.ExoPowershellSnapin.ConnectionInformation");
                o.Add("ConnectionId", c.ConnectionId.ToString());
                o.Add("State", "Connected");
                o.Add("Id", 1);
                o.Add("Name", "ExchangeOnline_1");
                o.Add("UserPrincipalName", c.UserPrincipalName);
                o.Add("ConnectionUri", c.ConnectionUri);
                o.Add("AzureAdAuthorizationEndpointUri", "https://login.microsoftonline.com/organizations");
                o.Add("TokenExpiryTimeUTC", c.TokenExpiryTimeUtc);
                o.Add("CertificateAuthentication", false);
                o.Add("ModuleName", Session.ExchangeModuleName);
                o.Add("ModulePrefix", c.Prefix);
                o.Add("Organization", c.Tenant.Organization);
                o.Add("DelegatedOrganization", null);
                o.Add("AppId", null);
                o.Add("PageSize", 1000);
                o.Add("TenantID", c.Tenant.TenantId.ToString());
                o.Add("TokenStatus", c.TokenExpired ? "Expired" : "Active");
                o.Add("ConnectionUsedForInbuiltCmdlets", true);
                o.Add("IsEopSession", false);
                WriteObject(o);
            }
        }
    }
}

using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ExchangeSimulator.Engine;

namespace ExchangeSimulator.Commands
{
    internal static class Session
    {
        public const string ExchangeModuleName = ConnectionService.ExchangeModuleName;

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

        public static void RemoveExchangeModule(SimulatorConnection c) => ConnectionService.RemoveExchangeModule(c);
    }

    /// <summary>
    /// <para type="synopsis">Connects to a fresh simulated Exchange Online tenant and imports its cmdlets (tmpEXO_Simulator) globally.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "ExchangeSimulator")]
    public sealed class ConnectExchangeSimulatorCommand : PSCmdlet
    {
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

        /// <summary>
        /// Accepted for older scripts and changes nothing: Set-Mailbox always refuses a proxy address another active
        /// recipient holds, as Exchange Online does.
        /// </summary>
        [Parameter]
        public SwitchParameter UniqueProxyAddresses { get; set; }

        protected override void EndProcessing()
        {
            string[] sessionCmdlets = SessionOptions.Cmdlets(this, Roles, WithoutCmdlet);
            var options = new ConnectOptions
            {
                TenantPath = TenantPath,
                TenantPathAsGiven = TenantPath,
                ResolvePath = GetUnresolvedProviderPathFromPSPath,
                Seed = Seed,
                TimeScale = TimeScale,
                Prefix = Prefix ?? "",
                StartTime = StartTime,
                UserPrincipalName = UserPrincipalName,
                StatePath = StatePath == null ? null : GetUnresolvedProviderPathFromPSPath(StatePath),
                StatePathAsGiven = StatePath,
                Cmdlets = sessionCmdlets,
                CallLatency = CallLatency,
                SkippedItemApprovalTime = !WithoutSkippedItemApprovalTime,
            };
            try
            {
                ConnectionService.Connect(options, WriteVerbose);
            }
            catch (ConnectException e)
            {
                ThrowTerminatingError(e.Record ?? new ErrorRecord(e.InnerException ?? e, e.ErrorId, e.Category, e.Target));
            }
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

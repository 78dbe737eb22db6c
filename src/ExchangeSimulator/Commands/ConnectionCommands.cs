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

        protected override void EndProcessing()
        {
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
            Tenant tenant;
            try
            {
                tenant = TenantPath == null
                    ? DemoTenant.Create(start, Seed)
                    : TenantLoader.LoadFile(GetUnresolvedProviderPathFromPSPath(TenantPath), start, Seed);
            }
            catch (Exception e) when (e is IOException || e is FormatException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(e, "TenantLoadFailed", ErrorCategory.InvalidData, TenantPath));
                return;
            }

            var previous = SimulatorRegistry.Current;
            if (previous != null) Session.RemoveExchangeModule(previous);

            var connection = new SimulatorConnection(tenant, start, TimeScale, Seed, prefix, UserPrincipalName);
            SimulatorRegistry.Set(connection);

            string dir = Path.GetDirectoryName(typeof(Tenant).Assembly.Location) ?? ".";
            string path = Path.Combine(dir, Session.ExchangeModuleName + ".dll");
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddCommand("Import-Module").AddParameter("Name", path).AddParameter("Global").AddParameter("PassThru").AddParameter("Force");
                if (prefix.Length > 0) ps.AddParameter("Prefix", prefix);
                var result = ps.Invoke();
                if (ps.HadErrors || result.Count == 0)
                {
                    SimulatorRegistry.Set(null);
                    var err = ps.Streams.Error.FirstOrDefault();
                    ThrowTerminatingError(err ?? new ErrorRecord(new InvalidOperationException("Couldn't import " + path + "."),
                        "ImportFailed", ErrorCategory.ResourceUnavailable, path));
                }
                connection.ExchangeModule = result[0].BaseObject as PSModuleInfo;
            }
            WriteVerbose("Connected to the simulated tenant " + tenant.Organization + " at " + start.ToString("u") + " (seed " + Seed + ", time scale " + TimeScale + ").");
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

using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using InactiveRestore.Core.Readiness;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// <para type="synopsis">Checks, without changing anything, whether this session and tenant are ready for the module:
    /// the connection, the Exchange cmdlets and parameters the admin's roles provide, the PowerShell and
    /// ExchangeOnlineManagement versions, and the shape of the Exchange objects the module reads.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "InactiveRestoreEnvironment")]
    [OutputType(typeof(ReadinessCheck))]
    public sealed class TestInactiveRestoreEnvironmentCommand : ExchangeCmdletBase
    {
        protected override void EndProcessing()
        {
            var table = SessionState.PSVariable.GetValue("PSVersionTable") as Hashtable;
            var edition = table?["PSEdition"]?.ToString();
            var version = table?["PSVersion"]?.ToString();
            if (ExchangeClient is not RunspaceExchangeClient client)
            {
                WriteOutput(ReadinessRows.NotConnected("The Exchange client of this session cannot be inspected."));
                return;
            }
            try
            {
                new ReadinessProbe(client, () => PowerShell.Create(RunspaceMode.CurrentRunspace), edition, version)
                    .Run(row => WriteOutput(row));
            }
            catch (System.OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}

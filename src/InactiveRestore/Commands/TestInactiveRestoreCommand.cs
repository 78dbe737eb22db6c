using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// <para type="synopsis">Checks a restore without changing anything: resolves source and target, reads sizes and the
    /// target's requests, and shows every finding (Code, Message, Remedy) and the requests it would create.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "InactiveRestore")]
    [OutputType(typeof(ValidationResult), typeof(bool))]
    public sealed class TestInactiveRestoreCommand : RestoreCmdletBase
    {
        /// <summary>Write only $true (valid) or $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        // Pairs piped in one run are checked together: what earlier valid pairs would add to a target counts.
        private readonly SpaceReservations _reservations = new();

        protected override void ProcessRecord()
        {
            var request = BuildRequest();
            var problems = RestoreInput.Check(request);
            if (problems.Count > 0)
            {
                if (Quiet) { WriteObject(false); return; }
                foreach (var p in problems) WriteExchangeError(p);
                return;
            }
            TryExchange(() =>
            {
                var validation = new RestoreValidator(ExchangeClient, reservations: _reservations).Validate(request);
                _reservations.Reserve(validation);
                foreach (var issue in validation.Issues) WriteVerbose($"{issue.Severity} {issue.Code}: {issue.Message}");
                if (Quiet) WriteObject(validation.IsValid);
                else WriteObject(validation.ToPSObject());
            }, request);
        }
    }
}

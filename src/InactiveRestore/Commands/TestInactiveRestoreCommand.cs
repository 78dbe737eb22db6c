using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "InactiveRestore")]
    [OutputType(typeof(ValidationResult), typeof(bool))]
    public sealed class TestInactiveRestoreCommand : RestoreCmdletBase
    {
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        // Every pair of the invocation, in order; null = refused offline (its errors are written at once).
        private readonly List<RestoreRequest?> _pairs = new();

        protected override void ProcessRecord()
        {
            var request = BuildRequest();
            var problems = RestoreInput.Check(request);
            if (problems.Count > 0)
            {
                if (!Quiet) foreach (var p in problems) WriteExchangeError(p);
                _pairs.Add(null);
                return;
            }
            _pairs.Add(request);
        }

        // The pairs are planned together: what earlier valid pairs would add to a target counts, and look-ups are shared.
        protected override void EndProcessing()
        {
            var planner = new RestorePlanner(Gateway);
            planner.Prepare(_pairs.Where(p => p is not null).Select(p => p!).ToList());   // shared reads, as Start plans them
            foreach (var request in _pairs)
            {
                if (request is null)
                {
                    if (Quiet) WriteObject(false);
                    continue;
                }
                TryExchange(() =>
                {
                    var pair = planner.PlanPair(request);
                    foreach (var issue in pair.Findings.Issues) WriteVerbose($"{issue.Severity} {issue.Code}: {issue.Message}");
                    if (Quiet) WriteObject(pair.IsValid);
                    else WriteObject(pair.Findings);
                }, request);
            }
        }
    }
}

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
                if (!Quiet) foreach (var p in problems) WriteExchangeError(RefusedPair.Mark(p, request));
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
            // Every pair is planned first (the checks made once for all pairs add their findings), then written in order.
            var plans = new List<PairPlan?>();
            foreach (var request in _pairs)
            {
                PairPlan? pair = null;
                if (request is not null) TryExchange(() => pair = planner.PlanPair(request), request);
                plans.Add(pair);
            }
            TryExchange(planner.CheckAcrossPairs);
            // Several pairs show as a table (one row per pair); a single pair keeps the detailed list (its findings with
            // their messages and remedies): the #Detail type name selects the list view, the object stays a ValidationResult.
            var detail = plans.Count(p => p is not null) == 1;
            for (var i = 0; i < _pairs.Count; i++)
            {
                if (plans[i] is not { } pair)
                {
                    if (Quiet && _pairs[i] is null) WriteObject(false);
                    continue;
                }
                // The checks across pairs may have refused it since it was planned: a refused pair shows no step.
                if (!pair.IsValid) pair.Publish(Gateway.Prefix);
                foreach (var issue in pair.Findings.Issues) WriteVerbose($"{issue.Severity} {issue.Code}: {issue.Message}");
                if (Quiet) WriteObject(pair.IsValid);
                else if (detail) WriteOutput(Detailed(pair.Findings));
                else WriteOutput(pair.Findings);
            }
        }

        /// <summary>The type name that selects the list view of a ValidationResult (module/InactiveRestore.format.ps1xml).</summary>
        internal const string DetailTypeName = "InactiveRestore.Model.ValidationResult#Detail";

        private static PSObject Detailed(ValidationResult result)
        {
            var o = new PSObject(result);
            o.TypeNames.Insert(0, DetailTypeName);
            return o;
        }
    }
}

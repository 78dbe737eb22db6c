using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>The plan of one Start-/Test-InactiveRestore invocation: one <see cref="PairPlan"/> per pair, in input order.</summary>
    internal sealed class RestorePlan
    {
        public RestorePlan(IReadOnlyList<PairPlan> pairs) { Pairs = pairs; }

        public IReadOnlyList<PairPlan> Pairs { get; }
    }

    /// <summary>
    /// The plan of one source/target pair: its findings (the public <see cref="ValidationResult"/> Test-InactiveRestore
    /// shows) and the ordered steps the executor runs. Refused pairs have errors among the findings and no steps.
    /// </summary>
    internal sealed class PairPlan
    {
        public PairPlan(RestoreRequest input, ValidationResult findings)
        {
            Input = input;
            Findings = findings;
        }

        public RestoreRequest Input { get; }
        public ValidationResult Findings { get; }
        public ExchangeMailbox? Source { get; set; }
        public ExchangeMailbox? Target { get; set; }
        public List<PlanStep> Steps { get; } = new();

        /// <summary>
        /// True when -MaxActive leaves no room in the batch for this pair's requests: nothing is sent, the requests
        /// (<see cref="ValidationResult.PlannedRequests"/>) come back as Deferred and a later run of the same command submits them.
        /// </summary>
        public bool Deferred { get; set; }

        public bool IsValid => Findings.IsValid;

        /// <summary>True when a step changes Exchange (something is created).</summary>
        public bool Creates => Steps.OfType<CreateRequestStep>().Any();

        /// <summary>
        /// Fills the public view of the steps (<see cref="ValidationResult.Steps"/>) with the connection's prefix; none for a
        /// refused pair, whose steps never run (called again once the checks across pairs may have refused it).
        /// </summary>
        public void Publish(string prefix)
        {
            Findings.Steps.Clear();
            if (!IsValid) return;
            foreach (var s in Steps)
                Findings.Steps.Add(new PlannedStep(s.Kind, s.Purpose, s.Command?.Name, s.Command?.ToDisplayString(prefix), s.Request?.Name, s.Request?.IsArchive ?? false));
        }
    }

    /// <summary>
    /// One step of a pair's plan: its Exchange command (null when it sends none), what it is for, and its
    /// "already applied?" check (<see cref="AlreadyApplied"/>), which the gateway runs before any resend.
    /// </summary>
    internal abstract class PlanStep
    {
        protected PlanStep(string purpose, ExchangeCommand? command, PlannedRequest? request = null)
        {
            Purpose = purpose;
            Command = command;
            Request = request;
        }

        public abstract PlanStepKind Kind { get; }
        public string Purpose { get; }
        public ExchangeCommand? Command { get; protected set; }
        /// <summary>The restore request the step creates or reuses.</summary>
        public PlannedRequest? Request { get; }

        /// <summary>True when Exchange already shows the step's change (read through the gateway).</summary>
        public virtual bool AlreadyApplied(IExchangeGateway gateway) => false;
    }

    /// <summary>Set-Mailbox -RetentionHoldEnabled $true on the target.</summary>
    internal sealed class EnableRetentionHoldStep : PlanStep
    {
        public EnableRetentionHoldStep(ExchangeMailbox target, DateTime startUtc)
            : base("Put the target on retention hold so its retention policy leaves the old restored items alone.", ExchangeCommands.EnableRetentionHold(target.ExchangeIdentity, startUtc))
        {
            Target = target;
        }

        public ExchangeMailbox Target { get; }
        public override PlanStepKind Kind => PlanStepKind.EnableRetentionHold;

        public override bool AlreadyApplied(IExchangeGateway gateway) =>
            gateway.FindMailboxes(Target.ExchangeIdentity, MailboxScope.Active).FirstOrDefault()?.RetentionHoldEnabled == true;
    }

    /// <summary>
    /// Set-Mailbox -EmailAddresses @{Add='X500:&lt;LegacyExchangeDN&gt;'} on the target (Microsoft's procedure). The pairs of
    /// one invocation into one target share one step (<see cref="PlanContext.Share(AddX500AddressStep, PairPlan)"/>): ONE
    /// Set-Mailbox adds every address they need, @{Add=@('X500:a','X500:b')}, before the first New- into that target.
    /// Only the pairs that are run count (<see cref="Restrict"/>: a pair declined at its prompt adds nothing); when
    /// Exchange refuses an address another recipient holds, the executor refuses the pairs needing it (ProxyAddressInUse)
    /// and sends the call again without it, so the other pairs into the target go on.
    /// </summary>
    internal sealed class AddX500AddressStep : PlanStep
    {
        private readonly List<(PairPlan Pair, string Dn)> _contributions = new();

        public AddX500AddressStep(ExchangeMailbox target, string legacyDn)
            : base("Add the source's LegacyExchangeDN to the target as an X500 address, so replies to the old address reach the restored items.", ExchangeCommands.AddEmailAddresses(target.ExchangeIdentity, new[] { "X500:" + legacyDn }))
        {
            Target = target;
            LegacyDn = legacyDn;
        }

        public ExchangeMailbox Target { get; }
        /// <summary>The address of the pair that planned the step.</summary>
        public string LegacyDn { get; }
        public override PlanStepKind Kind => PlanStepKind.AddX500Address;

        /// <summary>Which pair needs which address (empty for a step no pair shares).</summary>
        internal List<(PairPlan Pair, string Dn)> Contributions => _contributions;

        /// <summary>Every LegacyExchangeDN the step adds (distinct).</summary>
        public IReadOnlyList<string> LegacyDns => _contributions.Count == 0
            ? new[] { LegacyDn }
            : _contributions.Select(c => c.Dn).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>The addresses <paramref name="pair"/> needs from this step.</summary>
        public IReadOnlyList<string> DnsOf(PairPlan pair) => _contributions.Count == 0
            ? new[] { LegacyDn }
            : _contributions.Where(c => ReferenceEquals(c.Pair, pair)).Select(c => c.Dn).ToList();

        public void Contribute(PairPlan pair, string dn)
        {
            _contributions.Add((pair, dn));
            Rebuild();
        }

        /// <summary>Keeps the addresses of the pairs that are run only.</summary>
        public void Restrict(ICollection<PairPlan> run)
        {
            if (_contributions.Count == 0) return;
            _contributions.RemoveAll(c => !run.Contains(c.Pair));
            Rebuild();
        }

        private void Rebuild()
        {
            if (_contributions.Count > 0) Command = ExchangeCommands.AddEmailAddresses(Target.ExchangeIdentity, LegacyDns.Select(d => "X500:" + d).ToList());
        }

        /// <summary>The call adding some of the step's addresses (all of them is <see cref="PlanStep.Command"/>; fewer after a refusal).</summary>
        public ExchangeCommand CommandFor(IReadOnlyList<string> dns) => ExchangeCommands.AddEmailAddresses(Target.ExchangeIdentity, dns.Select(d => "X500:" + d).ToList());

        public override bool AlreadyApplied(IExchangeGateway gateway) => AllApplied(gateway, LegacyDns);

        public bool AllApplied(IExchangeGateway gateway, IReadOnlyList<string> dns) =>
            gateway.FindMailboxes(Target.ExchangeIdentity, MailboxScope.Active).FirstOrDefault() is { } now && dns.All(now.HasX500);
    }

    /// <summary>New-MailboxRestoreRequest for the primary mailbox or the archive. Its check: a request of that name is on the target.</summary>
    internal sealed class CreateRequestStep : PlanStep
    {
        public CreateRequestStep(PlannedRequest request, ExchangeMailbox target, ExchangeCommand command)
            : base($"Create restore request '{request.Name}' for the {(request.IsArchive ? "archive" : "primary mailbox")} into folder '{request.TargetRootFolder}'.", command, request)
        {
            Target = target;
        }

        public ExchangeMailbox Target { get; }
        public override PlanStepKind Kind => PlanStepKind.CreateRequest;
    }

    /// <summary>A request for the same source and kind already on the target (or created by an earlier pair of the same run): returned, not created again.</summary>
    internal sealed class ReuseRequestStep : PlanStep
    {
        public ReuseRequestStep(PlannedRequest request, ExchangeRestoreRequest? existing, ExchangeRestoreRequestStatistics? statistics, CreateRequestStep? earlier = null)
            : base(earlier is null
                ? $"Reuse restore request '{request.Name}' already on the target (status {existing?.Status}): nothing is created again."
                : $"Reuse restore request '{request.Name}' that an earlier pair of this run creates: nothing is created twice.", null, request)
        {
            Existing = existing;
            Statistics = statistics;
            Earlier = earlier;
        }

        public ExchangeRestoreRequest? Existing { get; }
        public ExchangeRestoreRequestStatistics? Statistics { get; }
        /// <summary>The step of an earlier pair of the same run that creates this request.</summary>
        public CreateRequestStep? Earlier { get; }
        public override PlanStepKind Kind => PlanStepKind.ReuseRequest;
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>
/// The Core end to end on the Exchange Online simulator's demo tenant (simulated time, stepped by the monitor's
/// waits), through the seam's RunspaceExchangeClient.
/// </summary>
public sealed class CoreOnSimulatorTests : IDisposable
{
    private readonly SimulatorRunspace _sim = new("-TimeScale 0 -Seed 11");

    public void Dispose() => _sim.Dispose();

    private PowerShell Create() => _sim.Create();

    private List<PSObject> Run(string script, params object[] args) => _sim.Run(script, args);

    private sealed class SimulatorClock : IClock
    {
        private readonly CoreOnSimulatorTests _t;
        public SimulatorClock(CoreOnSimulatorTests t) => _t = t;
        public DateTime UtcNow => (DateTime)_t.Run("(Get-ExchangeSimulatorState).Now")[0].BaseObject;
        public void Sleep(TimeSpan duration, CancellationToken cancellationToken)
        {
            if (!cancellationToken.IsCancellationRequested && duration > TimeSpan.Zero) _t.Run("Step-ExchangeSimulator -Duration $args[0]", duration);
        }
    }

    private RunspaceExchangeClient Client() =>
        new(Create, new RetryPolicy { MaxAttempts = 20, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1), Delay = (_, _) => { } });

    private List<string> LedgerCommands() => Run("Get-ExchangeSimulatorLedger").Select(e => ExchangeValue.String(e, "CommandName")!).ToList();

    private ExchangeGateway Gateway() => new(Client());

    private RestorePlanner Planner() => new(Gateway(), new SimulatorClock(this));

    /// <summary>Reads and controls requests, and watches them (what RestoreService did before the planner/executor split).</summary>
    private sealed class Service
    {
        private readonly ExchangeGateway _gateway;
        private readonly IClock _clock;
        public Service(ExchangeGateway gateway, IClock clock) { _gateway = gateway; _clock = clock; Control = new RequestControl(gateway, clock); }
        public RequestControl Control { get; }
        public RestoreResult Suspend(string id, string? comment = null) => Control.Suspend(id, comment);
        public RestoreResult Resume(string id) => Control.Resume(id);
        public RestoreResult Cancel(string id) => Control.Cancel(id);
        public RestoreResult Remove(string id) => Control.Remove(id);
        public RestoreResult GetStatus(string id) => Control.GetStatus(id);
        public IReadOnlyList<RestoreResult> List(string? targetMailbox) => Control.List(targetMailbox: targetMailbox);
        public IReadOnlyList<RestoreResult> Create(PairPlan plan) =>
            new PlanExecutor(_gateway, _clock).Execute(plan).Select(o => o.Result).OfType<RestoreResult>().ToList();
        public MonitorOutcome WaitForCompletion(IEnumerable<RestoreResult> requests, TimeSpan timeout, Action<RestoreResult>? onChange = null)
        {
            var monitor = new OperationMonitor(_gateway, _clock, estimator: Control.Estimator);
            monitor.StartMonitoring(requests);
            return monitor.Poll(onChange, timeout);
        }
    }

    private (PairPlan v, IReadOnlyList<RestoreResult> results, Service service) Restore(RestoreRequest request)
    {
        var gateway = Gateway();
        var clock = new SimulatorClock(this);
        var v = new RestorePlanner(gateway, clock).PlanPair(request);
        Assert.True(v.IsValid, string.Join("\n", v.Findings.Issues));
        var service = new Service(gateway, clock);
        return (v, service.Create(v), service);
    }

    [Fact]
    public void DemoRestoreCompletesAndReRunIsIdempotent()
    {
        var request = new RestoreRequest { SourceMailbox = "megan.bowen", TargetMailbox = "adele.vance", BatchName = "Demo" };
        var (plan, results, service) = Restore(request);
        var v = plan.Findings;
        Assert.Equal(2, v.PlannedRequests.Count);
        Assert.True(v.Has(ValidationCodes.SourceHasHolds));
        Assert.True(v.Has(ValidationCodes.RetentionMayPurge));
        Assert.Equal(ValidationSeverity.Information, v.Find(ValidationCodes.LegacyDnMissing)!.Severity);

        var changes = LedgerCommands().Where(c => !c.StartsWith("Get-")).ToList();
        Assert.Equal(new[] { "Set-Mailbox", "New-MailboxRestoreRequest", "New-MailboxRestoreRequest" }, changes);
        Assert.All(results, r => Assert.True(r.Success, r.Error));

        var outcome = service.WaitForCompletion(results, TimeSpan.FromHours(3));
        Assert.False(outcome.TimedOut);
        Assert.All(outcome.Operations, r => Assert.Equal(OperationStatus.Completed, r.Status));
        Assert.All(outcome.Operations, r => Assert.True(r.ItemsCopied > 0));

        Run("Clear-ExchangeSimulatorLedger");
        var again = Planner().PlanPair(request);
        var rerun = service.Create(again);
        Assert.All(rerun, r => { Assert.True(r.AlreadyExisted); Assert.Equal(OperationStatus.Completed, r.Status); });
        Assert.DoesNotContain(LedgerCommands(), c => !c.StartsWith("Get-"));
    }

    [Fact]
    public void SharedSmtpResolvesInactiveSourceAndActiveTarget()
    {
        var v = Planner().PlanPair(new RestoreRequest { SourceMailbox = "joni.sherman@contoso.onmicrosoft.com", TargetMailbox = "joni.sherman@contoso.onmicrosoft.com" });
        Assert.True(v.IsValid, string.Join("\n", v.Findings.Issues));
        Assert.True(v.Source!.IsInactiveMailbox);
        Assert.False(v.Target!.IsInactiveMailbox);
        Assert.Equal(v.Source.ExchangeGuid.ToString(), v.Steps.OfType<CreateRequestStep>().First().Command!["SourceMailbox"]);
    }

    [Fact]
    public void RefusalsFromTheDemoTenant()
    {
        RestorePlanner validator() => Planner();   // a planner per pair: each is its own invocation
        Assert.True(validator().PlanPair(new RestoreRequest { SourceMailbox = "diego.siciliani", TargetMailbox = "gerhart.moller" }).Findings.Has(ValidationCodes.AutoExpandingArchive));
        Assert.True(validator().PlanPair(new RestoreRequest { SourceMailbox = "patti.fernandez", TargetMailbox = "raul.razo", Archive = ArchiveOption.Exclude }).Findings.Has(ValidationCodes.InsufficientSpace));
        Assert.True(validator().PlanPair(new RestoreRequest { SourceMailbox = "adele.vance", TargetMailbox = "gerhart.moller" }).Findings.Has(ValidationCodes.SourceNotInactive));
        Assert.True(validator().PlanPair(new RestoreRequest { SourceMailbox = "lee.gu", TargetMailbox = "megan.bowen" }).Findings.Has(ValidationCodes.TargetInactive));
        Assert.True(validator().PlanPair(new RestoreRequest { SourceMailbox = "lee.gu", TargetMailbox = "bianca.pisani" }).Findings.Has(ValidationCodes.TargetLacksArchive));
        Assert.DoesNotContain(LedgerCommands(), c => !c.StartsWith("Get-"));
    }

    [Fact]
    public void FailedOtherWithEverythingCopiedStaysFailedUntilResumedThenCompletes()
    {
        var (_, results, service) = Restore(new RestoreRequest { SourceMailbox = "pradeep.gupta", TargetMailbox = "bianca.pisani" });
        var outcome = service.WaitForCompletion(results, TimeSpan.FromHours(4));
        var r = Assert.Single(outcome.Operations);
        // Exchange has not finished it: Failed, at Exchange's percentage, with the evidence as a note.
        Assert.Equal(OperationStatus.Failed, r.Status);
        Assert.Equal("Failed", r.ExchangeStatus);
        Assert.True(r.PercentComplete < 100);
        Assert.Contains(r.Warnings, w => w.Contains("appear copied") && w.Contains("Resume-InactiveRestore lets it complete"));
        // The note's remedy is right: resumed, Exchange finishes it.
        service.Resume(r.RequestId.ToString());
        var resumed = Assert.Single(service.WaitForCompletion(new[] { service.GetStatus(r.RequestId.ToString()) }, TimeSpan.FromHours(1)).Operations);
        Assert.Equal(OperationStatus.Completed, resumed.Status);
        Assert.Equal(100, resumed.PercentComplete);
    }

    [Fact]
    public void StallIsWaitedOutAndAutoSuspendIsLetGo()
    {
        var (_, stall, service) = Restore(new RestoreRequest { SourceMailbox = "alex.wilber", TargetMailbox = "delia.dennis", BatchName = "B" });
        var (_, suspend, _) = Restore(new RestoreRequest { SourceMailbox = "henrietta.mueller", TargetMailbox = "enrico.cattaneo", BatchName = "B" });
        var stalls = new HashSet<string>();
        var outcome = service.WaitForCompletion(stall.Concat(suspend), TimeSpan.FromHours(8), onChange: p => { if (p.StallReason is not null) stalls.Add(p.StallReason); });
        Assert.False(outcome.TimedOut);
        Assert.Contains("StalledDueToTarget_DiskLatency", stalls);
        Assert.Equal(OperationStatus.Completed, outcome.Operations[0].Status);
        var s = outcome.Operations[1];
        Assert.Equal(OperationStatus.Suspended, s.Status);
        Assert.True(s.Released);
        Assert.Equal("AutoSuspended", s.ExchangeStatus);
    }

    [Fact]
    public void SuspendResumeCancelAndRemoveWithoutPrompts()
    {
        var (_, results, service) = Restore(new RestoreRequest { SourceMailbox = "grady.archie", TargetMailbox = "gerhart.moller", Archive = ArchiveOption.Exclude });
        var id = Assert.Single(results).RequestId.ToString();
        Run("Step-ExchangeSimulator -Minutes 10");
        Assert.Equal(OperationStatus.Suspended, service.Suspend(id, "maintenance window").Status);
        Assert.Equal(OperationStatus.Queued, service.Resume(id).Status);
        Assert.ThrowsAny<InvalidOperationException>(() => service.Remove(id)); // RequestStateException (cmd-watch) is one
        Assert.Equal(OperationStatus.Cancelled, service.Cancel(id).Status);
        Assert.Equal(ExchangeErrorKind.NotFound, Assert.Throws<ExchangeException>(() => service.GetStatus(id)).Kind);

        var (_, small, _) = Restore(new RestoreRequest { SourceMailbox = "isaiah.langer", TargetMailbox = "tamara.ahmed" });
        var done = service.WaitForCompletion(small, TimeSpan.FromHours(2));
        Assert.Equal(OperationStatus.Completed, done.Operations[0].Status);
        // Removed without reading its statistics, the listing's Completed is not called Completed (the counts were not read).
        Assert.Equal(OperationStatus.CompletedUnchecked, service.Remove(done.Operations[0].RequestId.ToString()).Status);
        Assert.Empty(service.List(targetMailbox: "tamara.ahmed"));
    }
}

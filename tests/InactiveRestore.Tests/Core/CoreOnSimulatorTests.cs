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

    private (ValidationResult v, IReadOnlyList<RestoreResult> results, RestoreService service) Restore(RestoreRequest request)
    {
        var client = Client();
        var clock = new SimulatorClock(this);
        var v = new RestoreValidator(client, clock).Validate(request);
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        var service = new RestoreService(client, clock);
        return (v, service.Create(request, v), service);
    }

    [Fact]
    public void DemoRestoreCompletesAndReRunIsIdempotent()
    {
        var request = new RestoreRequest { SourceMailbox = "megan.bowen", TargetMailbox = "adele.vance", BatchName = "Demo" };
        var (v, results, service) = Restore(request);
        Assert.Equal(2, v.PlannedRequests.Count);
        Assert.True(v.Has(ValidationCodes.SourceHasHolds));
        Assert.True(v.Has(ValidationCodes.RetentionMayPurge));
        Assert.Equal(ValidationSeverity.Information, v.Find(ValidationCodes.LegacyDnMissing)!.Severity);

        var changes = LedgerCommands().Where(c => !c.StartsWith("Get-")).ToList();
        Assert.Equal(new[] { "Set-Mailbox", "New-MailboxRestoreRequest", "New-MailboxRestoreRequest" }, changes);
        Assert.All(results, r => Assert.True(r.Success, r.Error));

        var outcome = service.WaitForCompletion(results, TimeSpan.FromHours(3));
        Assert.False(outcome.TimedOut);
        Assert.All(outcome.Results, r => Assert.Equal(OperationStatus.Completed, r.Status));
        Assert.All(outcome.Results, r => Assert.True(r.ItemsCopied > 0));

        Run("Clear-ExchangeSimulatorLedger");
        var again = new RestoreValidator(Client()).Validate(request);
        var rerun = service.Create(request, again);
        Assert.All(rerun, r => { Assert.True(r.AlreadyExisted); Assert.Equal(OperationStatus.Completed, r.Status); });
        Assert.DoesNotContain(LedgerCommands(), c => !c.StartsWith("Get-"));
    }

    [Fact]
    public void SharedSmtpResolvesInactiveSourceAndActiveTarget()
    {
        var v = new RestoreValidator(Client()).Validate(new RestoreRequest { SourceMailbox = "joni.sherman@contoso.onmicrosoft.com", TargetMailbox = "joni.sherman@contoso.onmicrosoft.com" });
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        Assert.True(v.ResolvedSource!.IsInactiveMailbox);
        Assert.False(v.ResolvedTarget!.IsInactiveMailbox);
        Assert.Equal(v.ResolvedSource.ExchangeGuid.ToString(), v.PlannedRequests[0].NewRequestCommand!["SourceMailbox"]);
    }

    [Fact]
    public void RefusalsFromTheDemoTenant()
    {
        var validator = new RestoreValidator(Client());
        Assert.True(validator.Validate(new RestoreRequest { SourceMailbox = "diego.siciliani", TargetMailbox = "gerhart.moller" }).Has(ValidationCodes.AutoExpandingArchive));
        Assert.True(validator.Validate(new RestoreRequest { SourceMailbox = "patti.fernandez", TargetMailbox = "raul.razo", Archive = ArchiveOption.Exclude }).Has(ValidationCodes.InsufficientSpace));
        Assert.True(validator.Validate(new RestoreRequest { SourceMailbox = "adele.vance", TargetMailbox = "gerhart.moller" }).Has(ValidationCodes.SourceNotInactive));
        Assert.True(validator.Validate(new RestoreRequest { SourceMailbox = "lee.gu", TargetMailbox = "megan.bowen" }).Has(ValidationCodes.TargetInactive));
        Assert.True(validator.Validate(new RestoreRequest { SourceMailbox = "lee.gu", TargetMailbox = "bianca.pisani" }).Has(ValidationCodes.TargetLacksArchive));
        Assert.DoesNotContain(LedgerCommands(), c => !c.StartsWith("Get-"));
    }

    [Fact]
    public void FailedOtherWithEverythingCopiedEndsCompletedWithWarnings()
    {
        var (_, results, service) = Restore(new RestoreRequest { SourceMailbox = "pradeep.gupta", TargetMailbox = "bianca.pisani" });
        var outcome = service.WaitForCompletion(results, TimeSpan.FromHours(4));
        var r = Assert.Single(outcome.Results);
        Assert.Equal(OperationStatus.CompletedWithWarnings, r.Status);
        Assert.Equal("Failed", r.ExchangeStatus);
        Assert.Contains(r.Warnings, w => w.Contains("every item copied"));
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
        Assert.Equal(OperationStatus.Completed, outcome.Results[0].Status);
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

        var (_, small, _) = Restore(new RestoreRequest { SourceMailbox = "miriam.graham", TargetMailbox = "tamara.ahmed" });
        var done = service.WaitForCompletion(small, TimeSpan.FromHours(2));
        Assert.Equal(OperationStatus.Completed, done.Results[0].Status);
        Assert.Equal(OperationStatus.Completed, service.Remove(done.Results[0].RequestId.ToString()).Status);
        Assert.Empty(service.List(targetMailbox: "tamara.ahmed"));
    }
}

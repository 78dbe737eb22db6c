using System;
using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Core;

public class PlanExecutorTests
{
    internal static (Tenant t, RestoreRequest r, PairPlan v) Plan(bool archives = false, Action<Tenant, RestoreRequest>? setup = null)
    {
        var t = new Tenant(archives);
        var r = t.Request();
        setup?.Invoke(t, r);
        var v = t.Plan(r);
        Assert.True(v.IsValid, string.Join("\n", v.Findings.Issues));
        return (t, r, v);
    }

    /// <summary>Runs the plan and returns the request steps' results (in plan order).</summary>
    internal static System.Collections.Generic.List<RestoreResult> Create(Tenant t, PairPlan v) => t.Run(v);

    [Fact]
    public void RunsMicrosoftsOrder()
    {
        var (t, r, v) = Plan(archives: true, (t, r) => { t.Target.RetentionPolicy = "Default MRM Policy"; r.EnableRetentionHold = true; r.BatchName = "Wave1"; });
        var results = Create(t, v);

        var changes = t.Ex.Calls.Where(c => c.IsChange).ToList();
        Assert.Equal(new[] { "Set-Mailbox", "Set-Mailbox", "New-MailboxRestoreRequest", "New-MailboxRestoreRequest" }, changes.Select(c => c.Name));
        // Microsoft's procedure: the X500 address, then the retention hold (only once the address is taken), then the requests.
        Assert.True(changes[0].Has("EmailAddresses"));
        Assert.True(changes[1].Has("RetentionHoldEnabled"));
        Assert.False(changes[2].Has("SourceIsArchive"));
        Assert.True(changes[3].Has("SourceIsArchive") && changes[3].Has("TargetIsArchive"));
        Assert.Equal("Restored-John Smith-2024-01-15-Archive", changes[3]["TargetRootFolder"]);
        Assert.True(t.Target.RetentionHoldEnabled);
        Assert.Contains("X500:" + t.Source.LegacyExchangeDN, t.Target.EmailAddresses);

        Assert.Equal(2, results.Count);
        Assert.All(results, x => { Assert.True(x.Success); Assert.NotEqual(Guid.Empty, x.RequestId); Assert.Equal(OperationStatus.Queued, x.Status); Assert.Equal("Wave1", x.BatchName); });
        Assert.False(results[0].IsArchive);
        Assert.True(results[1].IsArchive);
        // Source and target are shown as their aliases (as Get-InactiveRestore shows them from Exchange's statistics).
        Assert.Equal("jsmith", results[0].Source);
        Assert.Equal("jdoe", results[0].Target);
        Assert.Equal(t.Source.ExchangeGuid, results[0].SourceExchangeGuid);
        Assert.Equal(t.Target.ExchangeGuid, results[0].TargetExchangeGuid);
        Assert.Equal(ConflictResolutionOption.KeepAll, results[0].ConflictResolution);
        Assert.Equal(2, t.Ex.Requests.Count);
    }

    [Fact]
    public void SourceIsGivenByExchangeGuidNeverSmtp()
    {
        var (t, r, v) = Plan(setup: (t, r) => r.SourceMailbox = t.Source.PrimarySmtpAddress);
        Create(t, v);
        var create = Assert.Single(t.Ex.CallsOf("New-MailboxRestoreRequest"));
        Assert.Equal(t.Source.ExchangeGuid.ToString(), create["SourceMailbox"]);
        Assert.Equal(t.Target.ExchangeGuid.ToString(), create["TargetMailbox"]);
        Assert.Equal("KeepAll", create["ConflictResolutionOption"]);
        Assert.DoesNotContain("@", (string)create["SourceMailbox"]!);
    }

    [Fact]
    public void SourceWithoutExchangeGuidIsGivenByDistinguishedName()
    {
        var source = new ExchangeMailbox { DistinguishedName = "CN=x,DC=y", PrimarySmtpAddress = "x@contoso.com" };
        Assert.Equal("CN=x,DC=y", RequestPlanning.SourceIdentity(source));
    }

    [Fact]
    public void IdempotentRerunMakesNoChange()
    {
        var (t, r, v) = Plan(archives: true);
        var first = Create(t, v);
        t.Ex.Calls.Clear();

        var again = t.Plan(r);
        Assert.True(again.IsValid);
        var second = Create(t, again);
        Assert.DoesNotContain(t.Ex.Calls, c => c.IsChange);
        Assert.Equal(2, t.Ex.Requests.Count);
        Assert.All(second, x => { Assert.True(x.AlreadyExisted); Assert.True(x.Success); });
        Assert.Equal(first.Select(x => x.RequestId), second.Select(x => x.RequestId));
        Assert.Equal(first.Select(x => x.TargetRootFolder), second.Select(x => x.TargetRootFolder));
    }

    [Fact]
    public void RerunTheNextDayReusesTheRequestAndItsFolder()
    {
        var (t, r, v) = Plan();
        var firstOutcome = Assert.Single(t.Executor().Execute(v), o => o.Step.Request is not null);
        var first = firstOutcome.Result!;
        t.Clock.UtcNow = t.Clock.UtcNow.AddDays(1);
        var secondOutcome = Assert.Single(t.Executor().Execute(t.Plan(r)), o => o.Step.Request is not null);
        var second = secondOutcome.Result!;
        Assert.Equal(StepOutcomeKind.Created, firstOutcome.Kind);
        Assert.Equal(StepOutcomeKind.Reused, secondOutcome.Kind);
        Assert.True(second.AlreadyExisted);
        Assert.Equal(first.TargetRootFolder, second.TargetRootFolder);
        Assert.Single(t.Ex.Requests);
        // The re-run note is the outcome's (Start-InactiveRestore writes it to Verbose), not one of the request's warnings.
        Assert.NotNull(secondOutcome.Note);
        Assert.DoesNotContain(secondOutcome.Note, second.Warnings);
        Assert.Null(firstOutcome.Note);
    }

    [Fact]
    public void AmbiguousNewIsNotDuplicated()
    {
        var (t, r, v) = Plan();
        t.Ex.FailNext("New-MailboxRestoreRequest", ExchangeErrorKind.Transient, afterApplying: true);
        var result = Assert.Single(Create(t, v));
        Assert.True(result.Success);
        Assert.Equal(t.Ex.Requests[0].RequestGuid, result.RequestId);
        Assert.Single(t.Ex.CallsOf("New-MailboxRestoreRequest"));
        Assert.Single(t.Ex.Requests);
        Assert.Contains(result.Warnings, w => w.Contains("outcome was unknown"));
        var lookup = t.Ex.CallsOf("Get-MailboxRestoreRequest").Last();
        Assert.Equal(result.RequestName, lookup["Name"]);
        Assert.Equal(t.Target.ExchangeGuid.ToString(), lookup["TargetMailbox"]);
    }

    [Fact]
    public void ChangeCallsCarryTheAlreadyAppliedCheck()
    {
        var (t, r, v) = Plan();
        Create(t, v);
        var changes = t.Ex.Calls.Where(c => c.IsChange).ToList();
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.NotNull(t.Ex.Options[c]?.FindApplied));
        // After the fact, the checks say "applied"; the New- check returns the request itself.
        Assert.All(changes, c => Assert.NotNull(t.Ex.Options[c]!.FindApplied!()));
        var found = t.Ex.Options[changes[1]]!.FindApplied!()!;
        Assert.Equal(t.Ex.Requests[0].RequestGuid, ExchangeRestoreRequest.From(Assert.Single(found)).RequestGuid);
    }

    [Fact]
    public void AmbiguousNewThroughAPlainClientIsSettledByTheServiceItself()
    {
        var (t, r, v) = Plan();
        t.Ex.FailNext("New-MailboxRestoreRequest", ExchangeErrorKind.Transient, afterApplying: true);
        var result = Assert.Single(new PlanExecutor(new ExchangeGateway(new PlainClient(t.Ex)), t.Clock).Execute(v), o => o.Step.Request is not null).Result!;
        Assert.True(result.Success, result.Error);
        Assert.Single(t.Ex.CallsOf("New-MailboxRestoreRequest"));
        Assert.Single(t.Ex.Requests);
        Assert.Contains(result.Warnings, w => w.Contains("outcome was unknown"));
    }

    [Fact]
    public void AnAmbiguousNewWhoseCheckFindsTheSessionExpiredEndsWithSessionExpired()
    {
        var (t, r, v) = Plan();
        t.Ex.FailNext("New-MailboxRestoreRequest", ExchangeErrorKind.Transient, afterApplying: true);
        t.Ex.FailNext("Get-MailboxRestoreRequest", ExchangeErrorKind.SessionExpired);
        var e = Assert.Throws<ExchangeException>(() => new PlanExecutor(new ExchangeGateway(new PlainClient(t.Ex)), t.Clock).Execute(v));
        Assert.Equal(ExchangeErrorKind.SessionExpired, e.Kind);
        Assert.Single(t.Ex.CallsOf("New-MailboxRestoreRequest"));
    }

    [Fact]
    public void TransientNewThatDidNotApplyIsReportedNotRetriedBlindly()
    {
        var (t, r, v) = Plan();
        t.Ex.FailNext("New-MailboxRestoreRequest", ExchangeErrorKind.Transient);
        var outcome = Assert.Single(t.Executor().Execute(v), o => o.Step.Request is not null);
        var result = outcome.Result!;
        Assert.Equal(StepOutcomeKind.Failed, outcome.Kind);
        Assert.False(result.Success);
        Assert.Equal(OperationStatus.Failed, result.Status);
        Assert.IsType<ExchangeException>(outcome.Error);
        Assert.Single(t.Ex.CallsOf("New-MailboxRestoreRequest"));
        Assert.Empty(t.Ex.Requests);
    }

    [Fact]
    public void AmbiguousX500IsNotAddedTwice()
    {
        var (t, r, v) = Plan();
        t.Ex.FailNext("Set-Mailbox", ExchangeErrorKind.Transient, afterApplying: true);
        var result = Assert.Single(Create(t, v));
        Assert.True(result.Success, result.Error);
        Assert.Single(t.Ex.CallsOf("Set-Mailbox"));
        Assert.Single(t.Target.EmailAddresses, a => a.StartsWith("X500:"));
        Assert.Single(t.Ex.Requests);
    }

    [Fact]
    public void FailedPreparationCreatesNoRequest()
    {
        var (t, r, v) = Plan(archives: true);
        t.Ex.FailNext("Set-Mailbox", ExchangeErrorKind.Permanent);
        var results = Create(t, v);
        Assert.Equal(2, results.Count);
        Assert.All(results, x => { Assert.False(x.Success); Assert.Contains("preparing the target", x.Error); });
        Assert.Equal(0, t.Ex.Count("New-MailboxRestoreRequest"));
    }

    [Fact]
    public void PrimaryFailureStillTriesTheArchive()
    {
        var (t, r, v) = Plan(archives: true);
        t.Ex.FailNext("New-MailboxRestoreRequest", ExchangeErrorKind.Permanent, when: c => !c.Has("SourceIsArchive"));
        var results = Create(t, v);
        Assert.False(results[0].Success);
        Assert.True(results[1].Success);
    }

    [Fact]
    public void SessionLossPropagates()
    {
        var (t, r, v) = Plan();
        t.Ex.FailNext("New-MailboxRestoreRequest", ExchangeErrorKind.SessionExpired);
        Assert.Throws<ExchangeException>(() => Create(t, v));
    }

    [Fact]
    public void CreateRefusesAnInvalidPlan()
    {
        var t = new Tenant();
        var r = t.Request(); r.TargetMailbox = "ghost";
        var v = t.Plan(r);
        Assert.Throws<InvalidOperationException>(() => t.Executor().Execute(v));
        Assert.DoesNotContain(t.Ex.Calls, c => c.IsChange);
    }

    [Fact]
    public void AllowLegacyDnMismatchPassesTheSwitchAndNoX500()
    {
        var (t, r, v) = Plan(setup: (_, r) => r.AllowLegacyDNMismatch = true);
        Assert.True(Assert.Single(Create(t, v)).Success);
        Assert.Equal(0, t.Ex.Count("Set-Mailbox"));
        Assert.True(t.Ex.CallsOf("New-MailboxRestoreRequest").Single().Has("AllowLegacyDNMismatch"));
    }
}

public class RequestControlTests
{
    [Fact]
    public void GetStatusReadsTheReportOnlyWhenFailed()
    {
        var (t, r, v) = PlanExecutorTests.Plan();
        var created = Assert.Single(PlanExecutorTests.Create(t, v));
        var fr = t.Ex.Requests[0];
        fr.Status = "InProgress"; fr.StatusDetail = "StalledDueToTarget_DiskLatency"; fr.PercentComplete = 40;
        var s = t.Control().GetStatus(created.RequestId.ToString());
        Assert.Equal(OperationStatus.InProgress, s.Status);
        Assert.Equal("StalledDueToTarget_DiskLatency", s.StallReason);
        Assert.Equal(40, s.PercentComplete);
        Assert.False(t.Ex.CallsOf("Get-MailboxRestoreRequestStatistics").Last().Has("IncludeReport"));

        fr.Status = "Failed"; fr.StatusDetail = "FailedOther";
        fr.Report.Add("Copy progress: 1000/1000 messages, 100 MB (104,857,600 bytes)/100 MB (104,857,600 bytes).");
        s = t.Control().GetStatus(created.RequestId.ToString());
        // Exchange's verdict stands; the report's evidence that every item was copied is a note, not a promotion.
        Assert.Equal(OperationStatus.Failed, s.Status);
        Assert.False(s.Success);
        Assert.Equal("Failed", s.ExchangeStatus);
        Assert.Equal(40, s.PercentComplete);
        Assert.Contains(s.Warnings, w => w.Contains("All 1,000 items appear copied"));
        Assert.True(t.Ex.CallsOf("Get-MailboxRestoreRequestStatistics").Last().Has("IncludeReport"));
    }

    [Fact]
    public void EmptyIdentityIsRefused()
    {
        var t = new Tenant();
        Assert.Equal("InvalidIdentity", Assert.Throws<InvalidInputException>(() => t.Control().GetStatus("")).ErrorId);
        Assert.Throws<InvalidInputException>(() => t.Control().Cancel(" "));
        Assert.Empty(t.Ex.Calls);
    }

    [Fact]
    public void SuspendAndResume()
    {
        var t = new Tenant();
        var fr = t.Ex.AddRequest(t.Source, t.Target, "R1", status: "InProgress");
        var s = t.Control().Suspend(fr.RequestGuid.ToString(), "maintenance");
        Assert.Equal(OperationStatus.Suspended, s.Status);
        var call = t.Ex.CallsOf("Suspend-MailboxRestoreRequest").Single();
        Assert.Equal("maintenance", call["SuspendComment"]);
        Assert.Equal(false, call["Confirm"]);
        Assert.Equal(OperationStatus.Queued, t.Control().Resume(fr.RequestGuid.ToString()).Status);
        fr.Status = "Failed";
        Assert.Equal(OperationStatus.Queued, t.Control().Resume(fr.Identity).Status);
    }

    [Fact]
    public void CancelRemovesUnfinishedOnly()
    {
        var t = new Tenant();
        var running = t.Ex.AddRequest(t.Source, t.Target, "R1", status: "InProgress");
        var done = t.Ex.AddRequest(t.Source, t.Target, "R2", status: "Completed");
        var c = t.Control().Cancel(running.RequestGuid.ToString());
        Assert.Equal(OperationStatus.Cancelled, c.Status);
        Assert.DoesNotContain(running, t.Ex.Requests);
        Assert.Equal(RequestStateException.AlreadyFinished, Assert.Throws<RequestStateException>(() => t.Control().Cancel(done.RequestGuid.ToString())).ErrorId);
        Assert.Contains(done, t.Ex.Requests);
    }

    [Fact]
    public void RemoveTakesSettledOnly()
    {
        var t = new Tenant();
        var running = t.Ex.AddRequest(t.Source, t.Target, "R1", status: "InProgress");
        var done = t.Ex.AddRequest(t.Source, t.Target, "R2", status: "CompletedWithWarning");
        var failed = t.Ex.AddRequest(t.Source, t.Target, "R3", status: "Failed");
        Assert.Equal(RequestStateException.NotFinished, Assert.Throws<RequestStateException>(() => t.Control().Remove(running.RequestGuid.ToString())).ErrorId);
        Assert.Equal(OperationStatus.CompletedWithWarnings, t.Control().Remove(done.RequestGuid.ToString()).Status);
        t.Control().Remove(failed.Identity);
        Assert.Equal(new[] { running }, t.Ex.Requests);
        Assert.Throws<ExchangeException>(() => t.Control().Remove(done.RequestGuid.ToString()));
    }

    [Fact]
    public void AmbiguousRemoveIsNotRepeated()
    {
        var t = new Tenant();
        var running = t.Ex.AddRequest(t.Source, t.Target, "R1", status: "InProgress");
        t.Ex.FailNext("Remove-MailboxRestoreRequest", ExchangeErrorKind.Transient, afterApplying: true);
        Assert.Equal(OperationStatus.Cancelled, t.Control().Cancel(running.RequestGuid.ToString()).Status);
        Assert.Single(t.Ex.CallsOf("Remove-MailboxRestoreRequest"));
    }

    [Fact]
    public void ListFiltersByBatchAndStatus()
    {
        var t = new Tenant();
        t.Ex.AddRequest(t.Source, t.Target, "A", status: "Completed", batch: "W1");
        t.Ex.AddRequest(t.Source, t.Target, "B", status: "InProgress", batch: "W1");
        t.Ex.AddRequest(t.Source, t.Target, "C", status: "InProgress", batch: "W2");
        var all = t.Control().List(batchName: "W1");
        Assert.Equal(new[] { "A", "B" }, all.Select(x => x.RequestName));
        Assert.Equal("W1", Assert.Single(t.Ex.CallsOf("Get-MailboxRestoreRequest"))["BatchName"]);
        Assert.Equal("B", Assert.Single(t.Control().List(batchName: "W1", status: OperationStatus.InProgress)).RequestName);
        Assert.Equal(3, t.Control().List(targetMailbox: "jdoe", includeStatistics: false).Count);
    }

    [Fact]
    public void ListKeepsARequestWhoseStatisticsStayBusyWithTheListingsState()
    {
        var t = new Tenant();
        t.Ex.AddRequest(t.Source, t.Target, "A", status: "Completed", batch: "W1");
        var b = t.Ex.AddRequest(t.Source, t.Target, "B", status: "InProgress", batch: "W1");
        t.Ex.FailNext("Get-MailboxRestoreRequestStatistics", ExchangeErrorKind.Transient, when: c => Equals(c["Identity"], b.RequestGuid.ToString()));
        var all = t.Control().List(batchName: "W1");
        Assert.Equal(new[] { "A", "B" }, all.Select(x => x.RequestName));
        Assert.Equal(OperationStatus.InProgress, all[1].Status);
        Assert.Equal(b.RequestGuid, all[1].RequestId);
        Assert.Contains(all[1].Warnings, w => w.Contains("could not be read"));
        Assert.Empty(all[0].Warnings);
        // Other errors still end the listing.
        t.Ex.FailNext("Get-MailboxRestoreRequestStatistics", ExchangeErrorKind.SessionExpired);
        Assert.Throws<ExchangeException>(() => t.Control().List(batchName: "W1"));
    }
}

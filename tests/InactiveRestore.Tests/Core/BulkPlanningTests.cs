using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>
/// Bulk planning (issue 10): one Set-Mailbox per target for every X500 address its pairs need (only the pairs that run,
/// and a refused address fails only its pair), re-runs answered from the batch listing without statistics, -MaxActive
/// deferring before any target read, and a space check that counts the restores already running into a target.
/// </summary>
public class BulkPlanningTests
{
    private readonly Tenant _t = new();

    private List<FakeMailbox> Sources(int n) =>
        Enumerable.Range(1, n).Select(i => _t.Ex.AddMailbox("leaver" + i, inactive: true)).ToList();

    private static RestoreRequest Pair(FakeMailbox source, FakeMailbox target, string? batch = "B") =>
        new() { SourceMailbox = source.Alias, TargetMailbox = target.PrimarySmtpAddress, BatchName = batch, Archive = ArchiveOption.Exclude };

    private List<PairPlan> PlanAll(RestorePlanner planner, IReadOnlyList<RestoreRequest> pairs)
    {
        planner.Prepare(pairs);
        var plans = pairs.Select(planner.PlanPair).ToList();
        planner.CheckAcrossPairs();
        return plans;
    }

    private static IEnumerable<string> AddedAddresses(ExchangeCommand c) =>
        ((Hashtable)c["EmailAddresses"]!)["Add"] switch { string one => new[] { one }, string[] many => many, _ => Array.Empty<string>() };

    [Fact]
    public void OneSetMailboxAddsEveryAddressATargetNeeds()
    {
        var sources = Sources(3);
        var plans = PlanAll(_t.Planner(), sources.Select(s => Pair(s, _t.Target)).ToList());
        Assert.All(plans, p => Assert.True(p.IsValid, string.Join(" ", p.Findings.Issues)));
        var executor = _t.Executor();
        executor.Admit(plans);
        var results = plans.SelectMany(p => executor.Execute(p)).Where(o => o.Kind == StepOutcomeKind.Created).ToList();

        Assert.Equal(3, results.Count);
        var set = Assert.Single(_t.Ex.CallsOf("Set-Mailbox"));
        Assert.Equal(sources.Select(s => "X500:" + s.LegacyExchangeDN), AddedAddresses(set));
        Assert.All(sources, s => Assert.Contains("X500:" + s.LegacyExchangeDN, _t.Target.EmailAddresses));
        // The step runs before the first New- into the target.
        Assert.Equal("Set-Mailbox", _t.Ex.Calls.First(c => c.IsChange).Name);
    }

    [Fact]
    public void APairThatIsNotRunAddsNoAddress()
    {
        var sources = Sources(3);
        var plans = PlanAll(_t.Planner(), sources.Select(s => Pair(s, _t.Target)).ToList());
        var executor = _t.Executor();
        var run = new[] { plans[0], plans[2] };   // the second pair was declined at its prompt
        executor.Admit(run);
        foreach (var p in run) executor.Execute(p);
        var set = Assert.Single(_t.Ex.CallsOf("Set-Mailbox"));
        Assert.Equal(new[] { sources[0], sources[2] }.Select(s => "X500:" + s.LegacyExchangeDN), AddedAddresses(set));
        Assert.DoesNotContain("X500:" + sources[1].LegacyExchangeDN, _t.Target.EmailAddresses);
    }

    [Fact]
    public void ARefusedAddressFailsOnlyItsPair()
    {
        var sources = Sources(3);
        var plans = PlanAll(_t.Planner(), sources.Select(s => Pair(s, _t.Target)).ToList());
        var refused = "X500:" + sources[1].LegacyExchangeDN;
        _t.Ex.FailNext("Set-Mailbox", ExchangeErrorKind.Permanent, when: c => AddedAddresses(c).Count() > 1);
        _t.Ex.FailNext("Set-Mailbox", ExchangeErrorKind.Permanent, when: c => AddedAddresses(c).SequenceEqual(new[] { refused }));
        var executor = _t.Executor();
        executor.Admit(plans);
        var outcomes = plans.Select(p => executor.Execute(p)).ToList();

        Assert.Contains(outcomes[0], o => o.Kind == StepOutcomeKind.Created);
        Assert.Contains(outcomes[2], o => o.Kind == StepOutcomeKind.Created);
        Assert.DoesNotContain(outcomes[1], o => o.Kind == StepOutcomeKind.Created);
        Assert.Contains(outcomes[1], o => o.Kind == StepOutcomeKind.Failed && o.Error is not null);
        Assert.Equal(2, _t.Ex.Count("New-MailboxRestoreRequest"));
        Assert.Equal(1 + 3, _t.Ex.Count("Set-Mailbox")); // the merged call, then one per address
    }

    [Fact]
    public void ARerunIsAnsweredFromTheBatchListingWithoutStatistics()
    {
        var sources = Sources(3);
        var pairs = sources.Select(s => Pair(s, _t.Target)).ToList();
        var plans = PlanAll(_t.Planner(), pairs);
        var executor = _t.Executor();
        executor.Admit(plans);
        foreach (var p in plans) executor.Execute(p);
        _t.Ex.Calls.Clear();

        var again = PlanAll(_t.Planner(), pairs);
        var rows = again.SelectMany(p => _t.Executor().Execute(p)).Select(o => o.Result!).ToList();
        Assert.All(rows, r => { Assert.True(r.AlreadyExisted); Assert.Equal(OperationStatus.Queued, r.Status); });
        // One listing of inactive mailboxes, the one target, one batch listing: m + 2.
        Assert.Equal(new[] { "Get-Mailbox", "Get-Mailbox", "Get-MailboxRestoreRequest" }, _t.Ex.Calls.Select(c => c.Name));
        Assert.Equal("B", _t.Ex.Calls[2]["BatchName"]);
    }

    [Fact]
    public void ARerunRowNeverReadsBetterThanGetAndNeverMakesUpAPercentage()
    {
        var sources = Sources(4);
        var pairs = sources.Select(s => Pair(s, _t.Target)).ToList();
        var plans = PlanAll(_t.Planner(), pairs);
        var executor = _t.Executor();
        executor.Admit(plans);
        foreach (var p in plans) executor.Execute(p);
        var rq = _t.Ex.Requests;
        // Completed with skipped items (Get: CompletedWithWarnings), InProgress at 65 %, AutoSuspended, Failed.
        rq[0].Status = "Completed"; rq[0].PercentComplete = 100; rq[0].DataConsistencyScore = "Investigate";
        rq[1].Status = "InProgress"; rq[1].PercentComplete = 65;
        rq[2].Status = "AutoSuspended"; rq[2].PercentComplete = 52;
        rq[2].Message = "Informational: The request was automatically suspended because the target mailbox's database is being rebalanced. Resume it with Resume-MailboxRestoreRequest.";
        rq[3].Status = "Failed"; rq[3].StatusDetail = "FailedOther"; rq[3].PercentComplete = 95;
        rq[3].Report.Add("Copy progress: 10/10 messages, 1 KB (1,024 bytes)/1 KB (1,024 bytes).");
        _t.Ex.Calls.Clear();

        var again = PlanAll(_t.Planner(), pairs);
        var rows = again.SelectMany(p => _t.Executor().Execute(p)).Select(o => o.Result!).ToList();
        Assert.All(rows, r => Assert.True(r.AlreadyExisted));
        // Never a plain Completed that Get would contradict; the listing's running status without a made-up 0 %.
        Assert.Equal(OperationStatus.CompletedUnchecked, rows[0].Status);
        Assert.Null(rows[0].PercentComplete);
        Assert.Contains(rows[0].Warnings, w => w.Contains("Get-InactiveRestore gives the verdict"));
        Assert.Equal(OperationStatus.InProgress, rows[1].Status);
        Assert.Null(rows[1].PercentComplete);
        // Requests that need an admin are read for Exchange's reason (one statistics call each; Failed with its report).
        Assert.Equal(OperationStatus.Suspended, rows[2].Status);
        Assert.Equal(52, rows[2].PercentComplete);
        Assert.Contains(rows[2].Warnings, w => w.Contains("(the target mailbox's database is being rebalanced)") && w.Contains("Resume-InactiveRestore"));
        Assert.DoesNotContain(rows[2].Warnings, w => w.Contains("Resume-MailboxRestoreRequest"));
        Assert.Equal(OperationStatus.Failed, rows[3].Status);
        Assert.Equal(95, rows[3].PercentComplete);
        Assert.Contains(rows[3].Warnings, w => w.Contains("appear copied"));
        Assert.DoesNotContain(_t.Ex.CallsOf("Get-MailboxRestoreRequestStatistics"), c => (string?)c["Identity"] == rq[0].RequestGuid.ToString() || (string?)c["Identity"] == rq[1].RequestGuid.ToString());
        Assert.Equal(3, _t.Ex.Count("Get-MailboxRestoreRequestStatistics")); // AutoSuspended once, Failed twice (then with its report)
    }

    [Fact]
    public void MaxActiveDefersBeforeAnyTargetRead()
    {
        var sources = Sources(4);
        var other = _t.Ex.AddMailbox("other");
        _t.Ex.AddRequest(sources[0], other, "Running1", batch: "B", status: "InProgress");
        _t.Ex.AddRequest(sources[1], other, "Done", batch: "B", status: "Completed");
        var planner = _t.Planner();
        planner.MaxActive = 2;
        var plans = PlanAll(planner, sources.Skip(1).Select(s => Pair(s, _t.Target)).ToList());

        Assert.False(plans[0].Deferred);                      // 1 unfinished + 1 = 2
        Assert.True(plans[1].Deferred);
        Assert.True(plans[2].Deferred);
        Assert.All(plans, p => Assert.True(p.IsValid));
        Assert.Empty(plans[1].Steps);
        var rows = _t.Executor().DeferredResults(plans[1]);
        var row = Assert.Single(rows);
        Assert.Equal(OperationStatus.Deferred, row.Status);
        Assert.False(row.Success);
        Assert.Null(row.Error);
        Assert.Equal(sources[2].Alias, row.Source);
        Assert.Equal(RequestNaming.ForSource(sources[2].Alias, sources[2].ExchangeGuid, false), row.RequestName);
        Assert.False(row.IsSettled);
        // Only the submitted pair read the source statistics: the deferred ones cost nothing beyond shared look-ups.
        Assert.Single(_t.Ex.CallsOf("Get-MailboxStatistics"), c => c.Has("IncludeSoftDeletedRecipients"));
        Assert.Single(_t.Ex.CallsOf("Get-MailboxRestoreRequest"), c => c.Has("BatchName"));
    }

    [Fact]
    public void MaxActiveLetsAPairIntoAnEmptyBatchEvenAboveTheBound()
    {
        var source = Sources(1)[0];
        var planner = _t.Planner();
        planner.MaxActive = 1;
        var plan = PlanAll(planner, new[] { new RestoreRequest { SourceMailbox = source.Alias, TargetMailbox = _t.Target.PrimarySmtpAddress, BatchName = "B" } })[0];
        Assert.False(plan.Deferred);
    }

    [Theory]
    [InlineData("InProgress", true)]
    [InlineData("Completed", false)]
    public void TheSpaceCheckCountsRestoresAlreadyRunningIntoTheTarget(string status, bool refused)
    {
        var source = Sources(1)[0];
        source.ItemSize = 100L << 20;
        _t.Target.ItemSize = 1L << 30;
        _t.Target.Quota = (1L << 30) + (150L << 20);           // 150 MB free
        var running = _t.Ex.AddRequest(_t.Source, _t.Target, RequestNaming.ForSource(_t.Source.Alias, _t.Source.ExchangeGuid, false), status: status);
        running.EstimatedBytes = 120L << 20;
        running.BytesTransferred = 40L << 20;                   // 80 MB still to copy: 100 MB no longer fits

        var plan = _t.Plan(Pair(source, _t.Target, batch: null));
        Assert.Equal(refused, plan.Findings.Has(ValidationCodes.InsufficientSpace));
        if (refused) Assert.Contains("already running", plan.Findings.Find(ValidationCodes.InsufficientSpace)!.Message);
        // The running request's statistics only when it is unfinished (no call otherwise).
        Assert.Equal(refused ? 1 : 0, _t.Ex.Count("Get-MailboxRestoreRequestStatistics"));
    }

    [Fact]
    public void ManySourcesAreResolvedFromOneListingAndAnUnknownOneFallsBack()
    {
        var sources = Sources(4);
        var pairs = sources.Select(s => Pair(s, _t.Target, batch: null)).Append(new RestoreRequest { SourceMailbox = "nobody", TargetMailbox = _t.Target.PrimarySmtpAddress }).ToList();
        var plans = PlanAll(_t.Planner(), pairs);
        Assert.All(plans.Take(4), p => Assert.True(p.IsValid, string.Join(" ", p.Findings.Issues)));
        Assert.True(plans[4].Findings.Has(ValidationCodes.SourceNotFound));
        var byIdentity = _t.Ex.CallsOf("Get-Mailbox").Where(c => c.Has("InactiveMailboxOnly") && c.Has("Identity")).Select(c => c["Identity"]).ToList();
        Assert.Equal(new object[] { "nobody" }, byIdentity);
        Assert.Single(_t.Ex.CallsOf("Get-Mailbox"), c => c.Has("InactiveMailboxOnly") && !c.Has("Identity"));
        // The target is resolved once for the five pairs.
        Assert.Single(_t.Ex.CallsOf("Get-Mailbox"), c => c.Has("IncludeInactiveMailbox"));
    }
}

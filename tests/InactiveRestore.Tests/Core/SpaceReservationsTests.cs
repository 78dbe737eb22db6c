using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>
/// Several sources restored into one target in one run are checked together against its quota: the pairs of one
/// planner (one invocation) reserve the space they will take; the figure reserved is named in the refusal.
/// </summary>
public class SpaceReservationsTests
{
    private static RestoreRequest Pair(FakeMailbox source, FakeMailbox target) =>
        new() { SourceMailbox = source.DistinguishedName, TargetMailbox = target.PrimarySmtpAddress };

    private static string Earlier(long bytes) => $"once the {ByteFormat.Short(bytes)} that earlier pairs of this run restore into it are counted";

    [Fact]
    public void EachPairFitsAloneButTheThirdDoesNotFitAfterTheFirstTwo()
    {
        var t = new Tenant();
        t.Target.Quota = 300L << 20;
        t.Target.ItemSize = 50L << 20;                      // 250 MB free; each source holds 100 MB
        var s2 = t.Ex.AddMailbox("s2", inactive: true);
        var s3 = t.Ex.AddMailbox("s3", inactive: true);
        var planner = t.Planner();

        var first = planner.PlanPair(Pair(t.Source, t.Target)).Findings;
        var second = planner.PlanPair(Pair(s2, t.Target)).Findings;
        var third = planner.PlanPair(Pair(s3, t.Target)).Findings;

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        var issue = Assert.Single(third.Errors, e => e.Code == ValidationCodes.InsufficientSpace);
        Assert.Contains("earlier pairs of this run", issue.Message);
        Assert.Contains(Earlier(200L << 20), issue.Message);
        // The run lists the target's requests once, and measures it once (its folders).
        Assert.Single(t.Ex.CallsOf("Get-MailboxRestoreRequest"));
        Assert.Single(t.Ex.CallsOf("Get-MailboxFolderStatistics"));
        Assert.DoesNotContain(t.Ex.CallsOf("Get-MailboxStatistics"), c => !c.Has("IncludeSoftDeletedRecipients"));
        // Alone, the third pair fits: the refusal comes from the run, not from the pair.
        Assert.True(t.Planner().PlanPair(Pair(s3, t.Target)).IsValid);
    }

    [Fact]
    public void PrimaryAndArchiveAreReservedApartAndRefusedPairsReserveNothing()
    {
        var t = new Tenant(archives: true);
        t.Target.Quota = t.Target.ItemSize + t.Source.ItemSize + (50L << 20);                      // room for one primary
        t.Target.ArchiveQuota = t.Target.ArchiveItemSize + t.Source.ArchiveItemSize + (10L << 20); // room for one archive
        var s2 = t.Ex.AddMailbox("s2", inactive: true, m => m.HasArchive = true);
        var planner = t.Planner();

        Assert.True(planner.PlanPair(Pair(t.Source, t.Target)).IsValid);
        var refused = planner.PlanPair(Pair(t.Target, t.Target));   // not inactive, and the target itself
        Assert.False(refused.IsValid);

        var second = planner.PlanPair(Pair(s2, t.Target)).Findings;
        var issues = second.Errors.Where(e => e.Code == ValidationCodes.InsufficientSpace).ToList();
        Assert.Equal(2, issues.Count);
        Assert.Contains(issues, i => i.Message.Contains("primary mailbox") && i.Message.Contains(Earlier(t.Source.ItemSize)));
        Assert.Contains(issues, i => i.Message.Contains("archive") && i.Message.Contains(Earlier(t.Source.ArchiveItemSize)));
    }

    [Fact]
    public void AnExistingRequestReservesNothingAgain()
    {
        var t = new Tenant();
        t.Ex.AddRequest(t.Source, t.Target, RequestNaming.ForSource("jsmith", t.Source.ExchangeGuid, false), status: "InProgress");
        var s2 = t.Ex.AddMailbox("s2", inactive: true);
        t.Target.Quota = t.Target.ItemSize + s2.ItemSize + (10L << 20);   // room for s2 only
        var planner = t.Planner();
        var v = planner.PlanPair(Pair(t.Source, t.Target));
        Assert.True(v.IsValid);
        Assert.True(Assert.Single(v.Findings.PlannedRequests).AlreadyExists);
        Assert.True(planner.PlanPair(Pair(s2, t.Target)).IsValid, string.Join("\n", v.Findings.Issues));
    }

    [Fact]
    public void TheFiguresOfTheCheckArePublishedOnThePlannedRequestAsTheRefusalQuotesThem()
    {
        var t = new Tenant();
        t.Target.Quota = 300L << 20;
        t.Target.ItemSize = 50L << 20;                      // 250 MB free; each source holds 100 MB (+10 MB Recoverable Items)
        var s2 = t.Ex.AddMailbox("s2", inactive: true);
        var s3 = t.Ex.AddMailbox("s3", inactive: true, m => m.ItemSize = 60L << 20);
        var planner = t.Planner();

        var first = Assert.Single(planner.PlanPair(Pair(t.Source, t.Target)).Findings.PlannedRequests);
        Assert.Equal(300L << 20, first.TargetQuotaBytes);
        Assert.Equal(50L << 20, first.TargetUsedBytes);
        Assert.Equal(0, first.OtherRestoresBytes);
        Assert.Equal(100L << 20, first.QuotaBytes);
        Assert.Equal(110L << 20, first.EstimatedBytes);      // what is copied; the quota counts TotalItemSize only
        Assert.Equal(150L << 20, first.HeadroomAfterBytes);  // 300 - 50 - 100
        Assert.False(first.TargetQuotaUnlimited);

        var second = Assert.Single(planner.PlanPair(Pair(s2, t.Target)).Findings.PlannedRequests);
        Assert.Equal(100L << 20, second.OtherRestoresBytes);  // the first pair's reservation
        Assert.Equal(50L << 20, second.HeadroomAfterBytes);

        var third = planner.PlanPair(Pair(s3, t.Target)).Findings;
        var planned = Assert.Single(third.PlannedRequests);
        Assert.Equal(200L << 20, planned.OtherRestoresBytes);
        Assert.Equal(-(10L << 20), planned.HeadroomAfterBytes);   // short by 10 MB: refused
        var issue = Assert.Single(third.Errors, e => e.Code == ValidationCodes.InsufficientSpace);
        Assert.Contains($"holds {ByteFormat.Short(planned.QuotaBytes)} but the target's primary mailbox has {ByteFormat.Short(planned.HeadroomAfterBytes + planned.QuotaBytes)} free under its quota of {ByteFormat.Short(planned.TargetQuotaBytes)}", issue.Message);
        Assert.Equal("jsmith -> jdoe", planner.PlanPair(Pair(t.Source, t.Target)).Findings.Pair);
    }

    [Fact]
    public void AnUnlimitedTargetIsSaidSoAndItsSizeIsNotRead()
    {
        var t = new Tenant();
        t.Target.Quota = null;
        var v = t.Validate(Pair(t.Source, t.Target));
        var planned = Assert.Single(v.PlannedRequests);
        Assert.True(planned.TargetQuotaUnlimited);
        Assert.Null(planned.TargetQuotaBytes);
        Assert.Null(planned.TargetUsedBytes);
        Assert.Null(planned.HeadroomAfterBytes);
        Assert.Equal(100L << 20, planned.QuotaBytes);
        Assert.DoesNotContain(t.Ex.CallsOf("Get-MailboxStatistics"), c => !c.Has("IncludeSoftDeletedRecipients"));
        Assert.Equal("jsmith -> jdoe", v.Pair);
        Assert.Equal("nobody -> jdoe", t.Validate(new RestoreRequest { SourceMailbox = "nobody", TargetMailbox = t.Target.PrimarySmtpAddress }).Pair);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;
using Xunit;
using static InactiveRestore.Core.ValidationCodes;

namespace InactiveRestore.Tests.Core;

/// <summary>
/// Issue 9 and the re-run duplication: content an earlier restore of the same pair left in the target while no request
/// for it exists any more, found in the target's folders (the one Get-MailboxFolderStatistics that also measures it).
/// The source John Smith has 1,000 items and 50 deleted ones (1,050 to copy); the plan is made on 2024-01-15.
/// </summary>
public class EarlierRestoresTests
{
    private static ValidationIssue Single(ValidationResult v, string code) => Assert.Single(v.Issues, i => i.Code == code);

    private static void NoEarlierFinding(ValidationResult v) =>
        Assert.DoesNotContain(v.Issues, i => i.Code is AlreadyRestored or EarlierRestoreContent or EarlierRestoreUnchecked);

    /// <summary>An earlier restore's folder in the target: counted in its sizes too, as Exchange counts it.</summary>
    private static void Leave(FakeMailbox target, string path, long items, long bytes = 40L << 20, bool archive = false)
    {
        target.RestoredFolders.Add(new FakeFolder(path, items, bytes, archive));
        if (archive) { target.ArchiveItemCount += items; target.ArchiveItemSize += bytes; }
        else { target.ItemCount += items; target.ItemSize += bytes; }
    }

    [Fact]
    public void NoEarlierFolderNoFindingAndTheFoldersGiveTheSizesGetMailboxStatisticsGives()
    {
        var t = new Tenant();
        Leave(t.Target, "/Restored-Someone Else-2024-01-02", 300);
        t.Target.Quota = t.Target.ItemSize + t.Source.ItemSize - 1;   // one byte short: the sums must be exact to see it
        var v = t.Validate(t.Request());
        NoEarlierFinding(v);
        Assert.Contains("100 MB free", Single(v, InsufficientSpace).Message);

        var folders = t.Gateway().GetFolderStatistics(t.Target.Alias, false);
        var measure = ExchangeMailboxMeasure.FromFolders(folders).Statistics;
        var stats = t.Gateway().GetMailboxStatistics(t.Target.Alias, false, false)!;
        Assert.Equal(stats.TotalItemSize, measure.TotalItemSize);
        Assert.Equal(stats.ItemCount, measure.ItemCount);
        Assert.Equal(stats.TotalDeletedItemSize, measure.TotalDeletedItemSize);
        Assert.Equal(stats.DeletedItemCount, measure.DeletedItemCount);
        // Exchange lists the Recoverable Items subfolders at "/Deletions", "/Purges"...: FolderType tells them apart.
        Assert.Contains(folders, f => f.FolderPath == "/Deletions" && f.IsRecoverableItems);
        Assert.DoesNotContain(folders, f => f.FolderPath == "/Inbox" && f.IsRecoverableItems);
    }

    [Fact]
    public void PartOfTheContentFromAStoppedRestoreIsAWarningWithHowMuch()
    {
        var t = new Tenant();
        Leave(t.Target, "/Restored-John Smith-2024-01-02", 400, 42L << 20);
        var plan = t.Plan(t.Request());
        var v = plan.Findings;
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        var w = Single(v, EarlierRestoreContent);
        Assert.Equal(ValidationSeverity.Warning, w.Severity);
        Assert.Contains("'/Restored-John Smith-2024-01-02' (400 items, 42 MB)", w.Message);
        Assert.Contains("of the source's 1,050", w.Message);
        Assert.Contains("'/Restored-John Smith-2024-01-15'", w.Message);
        Assert.Contains("twice", w.Message);
        Assert.Contains("delete that folder", w.Remedy);
        Assert.Single(plan.Steps.OfType<CreateRequestStep>());
        // The target was measured once (its folders), not also with Get-MailboxStatistics.
        Assert.Single(t.Ex.CallsOf("Get-MailboxFolderStatistics"));
        Assert.DoesNotContain(t.Ex.CallsOf("Get-MailboxStatistics"), c => !c.Has("IncludeSoftDeletedRecipients"));
    }

    [Fact]
    public void AnApparentlyCompleteCopyIsRefusedUnlessRestoreAgain()
    {
        var t = new Tenant();
        Leave(t.Target, "/Restored-John Smith-2023-12-01", 1_000);   // 95 % of 1,050 is 998: skipped bad items leave a little less
        t.Target.EmailAddresses.Add("X500:" + t.Source.LegacyExchangeDN);
        var plan = t.Plan(t.Request());
        Assert.False(plan.IsValid);
        var e = Single(plan.Findings, AlreadyRestored);
        Assert.Equal(ValidationSeverity.Error, e.Severity);
        Assert.Contains("'/Restored-John Smith-2023-12-01' (1,000 items", e.Message);
        Assert.Contains("appears complete (the source has 1,050 items)", e.Message);
        Assert.Contains("X500", e.Message);
        Assert.Contains("-RestoreAgain", e.Remedy);
        Assert.DoesNotContain("other sources", e.Remedy);
        Assert.Throws<InvalidOperationException>(() => t.Run(plan));   // the executor never runs a refused pair
        Assert.DoesNotContain(t.Ex.Calls, c => c.IsChange);

        var again = t.Request();
        again.RestoreAgain = true;
        var second = t.Plan(again);
        Assert.True(second.IsValid, string.Join("\n", second.Findings.Issues));
        var w = Single(second.Findings, AlreadyRestored);
        Assert.Equal(ValidationSeverity.Warning, w.Severity);
        Assert.Contains("-RestoreAgain was given", w.Message);
        Assert.Single(second.Steps.OfType<CreateRequestStep>());
    }

    [Fact]
    public void BelowTheCompleteShareItIsPartAndWithoutTheDumpsterTheEstimateIsSmaller()
    {
        var t = new Tenant();
        Leave(t.Target, "/Restored-John Smith-2024-01-02", 997);
        Assert.Equal(ValidationSeverity.Warning, Single(t.Validate(t.Request()), EarlierRestoreContent).Severity);

        var r = t.Request();
        r.ExcludeDumpster = true;                                        // 1,000 items to copy: 997 is a complete copy
        Assert.Equal(ValidationSeverity.Error, Single(t.Validate(r), AlreadyRestored).Severity);
    }

    [Fact]
    public void TheExplicitTargetRootFolderIsLookedForAndNamedAsPossiblyShared()
    {
        var t = new Tenant();
        Leave(t.Target, "/Leavers/John", 1_050);
        var r = t.Request();
        r.TargetRootFolder = "Leavers/John";
        var e = Single(t.Validate(r), AlreadyRestored);
        Assert.Contains("'/Leavers/John'", e.Message);
        Assert.Contains("other sources", e.Remedy);
        // Without the explicit folder, '/Leavers/John' is not a restore folder of this source.
        NoEarlierFinding(t.Validate(t.Request()));
    }

    [Fact]
    public void ExchangesOwnFoldersAndMovedOrOtherSourcesFoldersDoNotCount()
    {
        var t = new Tenant();
        t.Target.RestoredFolders.Add(new FakeFolder("/Inbox/Restored-John Smith-2024-01-02", 900, 1 << 20));       // moved by the owner
        t.Target.RestoredFolders.Add(new FakeFolder("/Restored-John Smith Jr-2024-01-02", 900, 1 << 20));        // another source
        t.Target.RestoredFolders.Add(new FakeFolder("/Restored-John Smith-2024-01-02-Archive", 900, 1 << 20));   // the archive's name in the primary
        t.Target.RestoredFolders.Add(new FakeFolder("/Restored-John Smith-2024-01-03", 0, 0));                   // created, nothing copied
        t.Target.RestoredFolders.Add(new FakeFolder("/Restored-John Smith-2024-1-4", 900, 1 << 20));             // not the module's date form
        NoEarlierFinding(t.Validate(t.Request()));

        var r = t.Request();
        r.TargetRootFolder = "Inbox";                                                                             // an Exchange folder
        NoEarlierFinding(t.Validate(r));
    }

    [Fact]
    public void TheArchiveIsSearchedForTheArchiveFolderOnly()
    {
        var t = new Tenant(archives: true);
        Leave(t.Target, "/Restored-John Smith-2024-01-02-Archive", 500, 50L << 20, archive: true);   // the source's whole archive
        Leave(t.Target, "/Restored-John Smith-2024-01-02", 100, 10L << 20, archive: true);          // a primary-named folder in the archive
        var plan = t.Plan(t.Request());
        var e = Single(plan.Findings, AlreadyRestored);
        Assert.Contains("target's archive already holds '/Restored-John Smith-2024-01-02-Archive' (500 items, 50 MB)", e.Message);
        Assert.DoesNotContain("'/Restored-John Smith-2024-01-02' (", e.Message);
        Assert.DoesNotContain(plan.Findings.Issues, i => i.Code == EarlierRestoreContent);
        Assert.Equal(2, t.Ex.Count("Get-MailboxFolderStatistics"));
        Assert.Single(t.Ex.CallsOf("Get-MailboxFolderStatistics"), c => c.Has("Archive"));
        // -Archive Exclude: only the primary is searched, and it holds nothing of this source.
        var primaryOnly = t.Request();
        primaryOnly.Archive = ArchiveOption.Exclude;
        NoEarlierFinding(t.Validate(primaryOnly));
    }

    [Fact]
    public void TheFolderNameFollowsTheSanitizedDisplayName()
    {
        var t = new Tenant();
        t.Source.DisplayName = " R&D / Ops:  John\\Smith. ";
        Leave(t.Target, "/Restored-R&D _ Ops: John_Smith-2023-06-30", 400);
        var plan = t.Plan(t.Request());
        Assert.Equal("Restored-R&D _ Ops: John_Smith-2024-01-15", Assert.Single(plan.Findings.PlannedRequests).TargetRootFolder);
        Assert.Contains("'/Restored-R&D _ Ops: John_Smith-2023-06-30' (400 items", Single(plan.Findings, EarlierRestoreContent).Message);

        Assert.True(FolderNames.IsDefaultTargetRootFolder("restored-r&d _ ops: john_smith-2023-06-30", t.Source.DisplayName, false));
        Assert.False(FolderNames.IsDefaultTargetRootFolder("Restored-R&D _ Ops: John_Smith-2023-06-30", t.Source.DisplayName, true));
        Assert.True(FolderNames.IsDefaultTargetRootFolder("Restored-R&D _ Ops: John_Smith-2023-06-30-Archive", t.Source.DisplayName, true));
        Assert.True(FolderNames.IsDefaultTargetRootFolder("Restored-Mailbox-2023-06-30", null, false));
    }

    [Fact]
    public void SeveralEarlierFoldersAreAllNamedAndAnyCompleteOneRefuses()
    {
        var t = new Tenant();
        Leave(t.Target, "/Restored-John Smith-2023-11-01", 1_040, 100L << 20);
        Leave(t.Target, "/Restored-John Smith-2023-11-20", 120, 10L << 20);
        var e = Single(t.Validate(t.Request()), AlreadyRestored);
        Assert.Contains("'/Restored-John Smith-2023-11-01' (1,040 items, 100 MB); '/Restored-John Smith-2023-11-20' (120 items, 10 MB)", e.Message);
    }

    [Fact]
    public void AnExistingRequestForThePairIsReusedAndNotSearched()
    {
        var t = new Tenant();
        Leave(t.Target, "/Restored-John Smith-2024-01-15", 1_050);
        t.Ex.AddRequest(t.Source, t.Target, RequestNaming.ForSource("jsmith", t.Source.ExchangeGuid, false), status: "Completed");
        var v = t.Validate(t.Request());
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        NoEarlierFinding(v);
        Assert.True(Assert.Single(v.PlannedRequests).AlreadyExists);
        Assert.Equal(0, t.Ex.Count("Get-MailboxFolderStatistics"));
    }

    [Fact]
    public void WithoutGetMailboxFolderStatisticsTheTargetIsMeasuredTheOldWayAndTheLookIsSaidToBeSkipped()
    {
        var t = new Tenant();
        Leave(t.Target, "/Restored-John Smith-2023-12-01", 1_050);
        t.Target.Quota = 100L << 30;
        var planner = new RestorePlanner(new ExchangeGateway(new WithoutCommand(t.Ex, "Get-MailboxFolderStatistics")), t.Clock);
        var v = planner.Plan(new[] { t.Request() }).Pairs[0].Findings;
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        var w = Single(v, EarlierRestoreUnchecked);
        Assert.Contains("no Get-MailboxFolderStatistics", w.Message);
        Assert.Equal(0, t.Ex.Count("Get-MailboxFolderStatistics"));
        Assert.Single(t.Ex.CallsOf("Get-MailboxStatistics"), c => !c.Has("IncludeSoftDeletedRecipients"));
    }

    [Fact]
    public void AFolderReadThatFailsSaysBothChecksWereSkipped()
    {
        var t = new Tenant();
        Leave(t.Target, "/Restored-John Smith-2023-12-01", 1_050);
        t.Ex.FailNext("Get-MailboxFolderStatistics", ExchangeErrorKind.Permanent);
        var v = t.Validate(t.Request());
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        Assert.Contains("not checked either", Single(v, StatisticsUnavailable).Remedy);
        NoEarlierFinding(v);
        Assert.Single(t.Ex.CallsOf("Get-MailboxFolderStatistics"));
    }

    /// <summary>A session whose roles leave out one cmdlet (Exchange then does not generate it).</summary>
    private sealed class WithoutCommand : IExchangeClient, IExchangeCapabilities
    {
        private readonly FakeExchange _inner;
        private readonly string _missing;
        public WithoutCommand(FakeExchange inner, string missing) { _inner = inner; _missing = missing; }
        public string Prefix => _inner.Prefix;
        public event EventHandler<string>? Calling { add => _inner.Calling += value; remove => _inner.Calling -= value; }
        public IReadOnlyList<PSObject> Invoke(ExchangeCommand command) =>
            command.Name == _missing ? throw new InvalidOperationException("not in this session") : _inner.Invoke(command);
        public bool HasCommand(string commandName) => commandName != _missing;
        public bool HasParameter(string commandName, string parameterName) => HasCommand(commandName);
    }
}

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

/// <summary>Issue 8 (contract §10): dir-synced targets, proxy uniqueness, archive detection, unreadable sizes, Complete-InactiveRestore.</summary>
public class RealTenantRulesTests
{
    private static ValidationIssue Single(ValidationResult v, string code) => Assert.Single(v.Issues, i => i.Code == code);

    private static string[] StepCommands(PairPlan plan) => plan.Steps.Where(s => s.Command is not null).Select(s => s.Command!.Name).ToArray();

    [Fact]
    public void DirSyncedTargetWithoutTheAddressIsRefusedWithTheOnPremisesLine()
    {
        var t = new Tenant();
        t.Target.IsDirSynced = true;
        var plan = t.Plan(t.Request());
        var issue = Single(plan.Findings, ValidationCodes.TargetDirSynced);
        Assert.Equal(ValidationSeverity.Error, issue.Severity);
        Assert.Contains($"Set-RemoteMailbox jdoe@contoso.com -EmailAddresses @{{Add='X500:{t.Source.LegacyExchangeDN}'}}", issue.Remedy);
        Assert.Contains("directory sync", issue.Remedy);
        Assert.Contains("-AllowLegacyDNMismatch", issue.Remedy);
        Assert.False(plan.IsValid);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == PlanStepKind.AddX500Address);
        Assert.Equal(0, t.Ex.Count("Get-Recipient"));
        Assert.DoesNotContain(t.Ex.Calls, c => c.IsChange);
    }

    [Fact]
    public void DirSyncedTargetWithTheSyncedAddressGoesOnAndStillGetsRetentionHold()
    {
        var t = new Tenant();
        t.Target.IsDirSynced = true;
        t.Target.EmailAddresses.Add("X500:" + t.Source.LegacyExchangeDN);
        var r = t.Request(); r.EnableRetentionHold = true;
        var plan = t.Plan(r);
        Assert.True(plan.IsValid, string.Join("\n", plan.Findings.Issues));
        Assert.Equal(new[] { PlanStepKind.EnableRetentionHold, PlanStepKind.CreateRequest }, plan.Steps.Select(s => s.Kind));
        var results = t.Run(plan);
        Assert.True(Assert.Single(results).Success);
        Assert.True(t.Target.RetentionHoldEnabled);
        Assert.Single(t.Ex.CallsOf("Set-Mailbox"), c => c.Has("RetentionHoldEnabled") && !c.Has("EmailAddresses"));
    }

    [Fact]
    public void DirSyncedTargetWithAllowLegacyDNMismatchIsValid()
    {
        var t = new Tenant();
        t.Target.IsDirSynced = true;
        var r = t.Request(); r.AllowLegacyDNMismatch = true;
        var v = t.Validate(r);
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        Assert.DoesNotContain(v.Issues, i => i.Code == ValidationCodes.TargetDirSynced);
    }

    [Fact]
    public void ProxyAddressHeldByAnotherRecipientIsRefusedBeforeAnyChange()
    {
        var t = new Tenant();
        var earlier = t.Ex.AddMailbox("first.target", configure: m => m.DisplayName = "First Target");
        earlier.EmailAddresses.Add("X500:" + t.Source.LegacyExchangeDN);
        var plan = t.Plan(t.Request());
        var issue = Single(plan.Findings, ValidationCodes.ProxyAddressInUse);
        Assert.Equal(ValidationSeverity.Error, issue.Severity);
        Assert.Contains("First Target (first.target@contoso.com)", issue.Message);
        Assert.Contains("Complete-InactiveRestore", issue.Remedy);
        Assert.Contains("-AllowLegacyDNMismatch", issue.Remedy);
        var read = Assert.Single(t.Ex.CallsOf("Get-Recipient"));
        Assert.Equal($"EmailAddresses -eq 'X500:{t.Source.LegacyExchangeDN}'", read["Filter"]);
        Assert.DoesNotContain(t.Ex.Calls, c => c.IsChange);
        Assert.Throws<InvalidOperationException>(() => t.Run(plan)); // the executor never runs a refused plan
        Assert.DoesNotContain(t.Ex.Calls, c => c.IsChange);
    }

    [Fact]
    public void NoRecipientReadWhenTheAddressIsNotNeeded()
    {
        var t = new Tenant();
        var r = t.Request(); r.AllowLegacyDNMismatch = true;
        Assert.True(t.Validate(r).IsValid);
        t.Target.EmailAddresses.Add("X500:" + t.Source.LegacyExchangeDN);
        Assert.True(t.Validate(t.Request()).IsValid);
        Assert.Equal(0, t.Ex.Count("Get-Recipient"));
        // Needed: exactly one read, and nobody else holds it.
        t.Target.EmailAddresses.RemoveAll(a => a.StartsWith("X500:"));
        Assert.True(t.Validate(t.Request()).IsValid);
        Assert.Equal(1, t.Ex.Count("Get-Recipient"));
    }

    [Fact]
    public void TheSecondPairOfOneSourceIntoAnotherTargetIsRefusedInTheSameRun()
    {
        var t = new Tenant();
        var second = t.Ex.AddMailbox("second");
        var planner = t.Planner();
        var first = planner.PlanPair(t.Request());
        var other = planner.PlanPair(new RestoreRequest { SourceMailbox = t.Source.DistinguishedName, TargetMailbox = second.PrimarySmtpAddress });
        Assert.True(first.IsValid);
        Assert.Contains("earlier pair of this run", Single(other.Findings, ValidationCodes.ProxyAddressInUse).Message);
        Assert.Equal(1, t.Ex.Count("Get-Recipient"));
    }

    [Fact]
    public void OpathValueDoublesSingleQuotes()
    {
        Assert.Equal("EmailAddresses -eq 'X500:/o=Contoso/cn=o''brien'", ExchangeCommands.AddressFilter("X500:/o=Contoso/cn=o'brien"));
        var cmd = ExchangeCommands.GetRecipientsWithAddress("X500:/o=x/cn=a'b");
        Assert.Equal("Get-Recipient", cmd.Name);
        Assert.Equal("EmailAddresses -eq 'X500:/o=x/cn=a''b'", cmd["Filter"]);
    }

    [Fact]
    public void ProxyCheckFindsAQuotedDnThroughTheFake()
    {
        var t = new Tenant();
        t.Source.LegacyExchangeDN = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=o'brien";
        t.Ex.AddMailbox("holder").EmailAddresses.Add("X500:" + t.Source.LegacyExchangeDN);
        Assert.Contains("Holder", Single(t.Validate(t.Request()), ValidationCodes.ProxyAddressInUse).Message);
    }

    [Theory]
    [InlineData("aaaaaaaa-0000-0000-0000-000000000001", "DB01", null, "Active", true)]
    [InlineData("aaaaaaaa-0000-0000-0000-000000000001", "DB01", null, "None", true)]        // ArchiveStatus None on a provisioned archive
    [InlineData("aaaaaaaa-0000-0000-0000-000000000001", "", "In-Place Archive - X", "None", true)]
    [InlineData("aaaaaaaa-0000-0000-0000-000000000001", "", null, "None", false)]          // ArchiveGuid kept after disable
    [InlineData("00000000-0000-0000-0000-000000000000", "DB01", "In-Place Archive - X", "Active", false)]
    public void ArchiveNeedsGuidAndDatabaseOrName(string guid, string database, string? name, string status, bool has)
    {
        var m = ExchangeMailbox.From(FakeExchange.Bag(new Dictionary<string, object?>
        {
            ["ArchiveGuid"] = guid, ["ArchiveDatabase"] = database, ["ArchiveName"] = name is null ? Array.Empty<string>() : new[] { name }, ["ArchiveStatus"] = status,
        }));
        Assert.Equal(has, m.HasArchive);
        Assert.Equal(has, m.HasActiveArchive);
    }

    [Fact]
    public void TargetWithARetainedArchiveGuidHasNoArchive()
    {
        var t = new Tenant(archives: true);
        t.Target.Overrides["ArchiveDatabase"] = "";
        t.Target.Overrides["ArchiveName"] = Array.Empty<string>();
        t.Target.Overrides["ArchiveStatus"] = "None";
        var r = t.Request(); r.Archive = ArchiveOption.Include;
        Assert.Equal(ValidationSeverity.Error, Single(t.Validate(r), ValidationCodes.TargetLacksArchive).Severity);
        t.Target.Overrides.Remove("ArchiveDatabase");
        t.Target.Overrides.Remove("ArchiveName");   // provisioned again, status still None: usable
        Assert.True(t.Validate(r).IsValid);
    }

    [Fact]
    public void UnreadableQuotaIsAWarningNotUnlimited()
    {
        var t = new Tenant();
        t.Target.Overrides["ProhibitSendReceiveQuota"] = "99.5 GB (n/a)";
        var v = t.Validate(t.Request());
        var issue = Single(v, ValidationCodes.SizeUnreadable);
        Assert.Equal(ValidationSeverity.Warning, issue.Severity);
        Assert.Contains("ProhibitSendReceiveQuota", issue.Message);
        Assert.True(v.IsValid);
        t.Target.Overrides["ProhibitSendReceiveQuota"] = "Unlimited";
        Assert.DoesNotContain(t.Validate(t.Request()).Issues, i => i.Code == ValidationCodes.SizeUnreadable);
    }

    [Fact]
    public void CheckedSizeReportsOnlyUnreadableValues()
    {
        var bag = FakeExchange.Bag(new Dictionary<string, object?> { ["A"] = "Unlimited", ["B"] = "1 GB (1,073,741,824 bytes)", ["C"] = "lots", ["D"] = null, ["E"] = "" });
        var bad = new List<string>();
        Assert.Null(ExchangeValue.CheckedSize(bag, "A", bad));
        Assert.Equal(1073741824L, ExchangeValue.CheckedSize(bag, "B", bad));
        Assert.Null(ExchangeValue.CheckedSize(bag, "C", bad));
        Assert.Null(ExchangeValue.CheckedSize(bag, "D", bad));
        Assert.Null(ExchangeValue.CheckedSize(bag, "E", bad));
        Assert.Equal(new[] { "C" }, bad);
        var stats = ExchangeMailboxStatistics.From(FakeExchange.Bag(new Dictionary<string, object?> { ["TotalItemSize"] = "garbled" }));
        Assert.Equal(new[] { "TotalItemSize" }, stats.UnreadableSizes);
    }

    // ---- Complete-InactiveRestore ----

    private static (Tenant t, List<RestoreResult> results) Restored(Action<Tenant>? configure = null, bool hold = true)
    {
        var t = new Tenant();
        configure?.Invoke(t);
        var r = t.Request(); r.EnableRetentionHold = hold; r.BatchName = "B1";
        var results = t.Restore(r);
        Assert.True(Assert.Single(results).Success);
        return (t, results);
    }

    private static List<RestoreCompletionResult> Complete(Tenant t, bool hold = false, bool remove = false)
    {
        var c = new RestoreCompletion(t.Gateway());
        var rows = new List<RestoreCompletionResult>();
        foreach (var restore in c.Group(t.Gateway().ListRequests(new RequestFilter(BatchName: "B1"))))
        {
            var plan = c.Plan(restore, hold, remove);
            foreach (var a in plan.Actions) c.Run(plan, a);
            RestoreCompletion.Settle(plan, 0);
            rows.Add(plan.Row);
        }
        return rows;
    }

    [Fact]
    public void CompleteRemovesTheAddressTheHoldAndTheRequestsThenHasNothingLeft()
    {
        var (t, _) = Restored();
        var dn = "X500:" + t.Source.LegacyExchangeDN;
        Assert.Contains(dn, t.Target.EmailAddresses);
        Assert.Throws<RequestStateException>(() => Complete(t));
        Assert.Equal(RequestStateException.RestoreNotFinished,
            Assert.Throws<RequestStateException>(() => Complete(t)).ErrorId);
        Assert.Contains(dn, t.Target.EmailAddresses);

        t.Ex.Requests.ForEach(r => r.Status = "Completed");
        var row = Assert.Single(Complete(t, hold: true));
        Assert.Equal(CompletionStatus.Done, row.Status);
        Assert.True(row.AddressRemoved);
        Assert.True(row.RetentionHoldDisabled);
        Assert.Equal(dn, row.X500Address);
        Assert.DoesNotContain(dn, t.Target.EmailAddresses);
        Assert.False(t.Target.RetentionHoldEnabled);
        var removal = Assert.Single(t.Ex.CallsOf("Set-Mailbox"), c => c["EmailAddresses"] is Hashtable h && h.ContainsKey("Remove"));
        Assert.Equal(dn, ((Hashtable)removal["EmailAddresses"]!)["Remove"]);

        var changes = t.Ex.Calls.Count(c => c.IsChange);
        var again = Assert.Single(Complete(t, hold: true));
        Assert.Equal(CompletionStatus.NothingLeftToDo, again.Status);
        Assert.Contains("Nothing left to do", string.Join(" ", again.Notes));
        Assert.Equal(changes, t.Ex.Calls.Count(c => c.IsChange));

        Assert.Equal(1, Assert.Single(Complete(t, remove: true)).RequestsRemoved);
        Assert.Empty(t.Ex.Requests);
        Assert.Empty(Complete(t, hold: true, remove: true));
    }

    [Fact]
    public void CompleteKeepsTheAddressAnotherUnfinishedRestoreOfTheSameSourceNeeds()
    {
        var (t, _) = Restored();
        t.Ex.Requests.ForEach(r => r.Status = "Completed");
        t.Ex.AddRequest(t.Source, t.Target, "Other", status: "InProgress", batch: "B2");
        var row = Assert.Single(Complete(t, hold: true));
        Assert.False(row.AddressRemoved);
        Assert.False(row.RetentionHoldDisabled);
        Assert.Contains("X500:" + t.Source.LegacyExchangeDN, t.Target.EmailAddresses);
        Assert.True(t.Target.RetentionHoldEnabled);
        Assert.Contains(row.Notes, n => n.Contains("another restore of the same source") && n.Contains("'Other' InProgress"));
        Assert.Contains(row.Notes, n => n.StartsWith("Retention hold stays on"));
    }

    [Fact]
    public void CompleteOnADirSyncedTargetChangesNothingAndGivesTheOnPremisesLine()
    {
        var (t, _) = Restored(x => x.Target.EmailAddresses.Add("X500:" + x.Source.LegacyExchangeDN), hold: false);
        t.Target.IsDirSynced = true;
        t.Ex.Requests.ForEach(r => r.Status = "CompletedWithWarning");
        var row = Assert.Single(Complete(t));
        Assert.Equal(CompletionStatus.ActionNeeded, row.Status);
        Assert.False(row.AddressRemoved);
        Assert.Contains(row.Notes, n => n.Contains($"Set-RemoteMailbox jdoe@contoso.com -EmailAddresses @{{Remove='X500:{t.Source.LegacyExchangeDN}'}}"));
        Assert.DoesNotContain(t.Ex.CallsOf("Set-Mailbox"), c => c.Has("EmailAddresses"));
    }

    [Fact]
    public void AFailedRequestIsNotFinished()
    {
        var (t, _) = Restored();
        t.Ex.Requests.ForEach(r => r.Status = "Failed");
        var e = Assert.Throws<RequestStateException>(() => Complete(t));
        Assert.Equal(RequestStateException.RestoreNotFinished, e.ErrorId);
        Assert.Contains("Resume-InactiveRestore", e.RecommendedAction);
    }
}

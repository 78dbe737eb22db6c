using System;
using System.Collections;
using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using Xunit;
using static InactiveRestore.Core.ValidationCodes;

namespace InactiveRestore.Tests.Core;

public class RestorePlannerTests
{
    private static ValidationIssue Single(ValidationResult v, string code) => Assert.Single(v.Issues, i => i.Code == code);

    /// <summary>The Exchange commands of the pair's steps, in order.</summary>
    private static ExchangeCommand[] Commands(PairPlan plan) => plan.Steps.Where(s => s.Command is not null).Select(s => s.Command!).ToArray();

    /// <summary>The preparation commands (before the first New-MailboxRestoreRequest).</summary>
    private static ExchangeCommand[] Preparation(PairPlan plan) =>
        plan.Steps.Where(s => s.Kind is PlanStepKind.EnableRetentionHold or PlanStepKind.AddX500Address).Select(s => s.Command!).ToArray();

    /// <summary>The New-MailboxRestoreRequest of the i-th planned request.</summary>
    private static ExchangeCommand NewRequest(PairPlan plan, int i = 0) => plan.Steps.OfType<CreateRequestStep>().ElementAt(i).Command!;

    [Fact]
    public void ValidRestorePlansX500ThenNewRequest()
    {
        var t = new Tenant();
        var plan = t.Plan(t.Request());
        var v = plan.Findings;
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        Assert.Equal(t.Source.ExchangeGuid, plan.Source!.ExchangeGuid);
        Assert.Equal(t.Target.ExchangeGuid, plan.Target!.ExchangeGuid);
        Assert.Equal(t.Source.ExchangeGuid, v.SourceExchangeGuid);
        Assert.Equal(t.Target.ExchangeGuid, v.TargetExchangeGuid);
        var p = Assert.Single(v.PlannedRequests);
        Assert.False(p.IsArchive);
        Assert.Equal(RequestNaming.ForSource("jsmith", t.Source.ExchangeGuid, false), p.Name);
        Assert.Equal("Restored-John Smith-2024-01-15", p.TargetRootFolder);
        Assert.Equal(new[] { "Set-Mailbox", "New-MailboxRestoreRequest" }, Commands(plan).Select(c => c.Name));
        Assert.Equal(new[] { "Set-Mailbox", "New-MailboxRestoreRequest" }, v.Commands.Select(c => c.Name));
        Assert.Equal(new[] { PlanStepKind.AddX500Address, PlanStepKind.CreateRequest }, v.Steps.Select(s => s.Kind));
        Assert.Equal("X500:" + t.Source.LegacyExchangeDN, ((Hashtable)Commands(plan)[0]["EmailAddresses"]!)["Add"]);
        Assert.Equal(ValidationSeverity.Information, Single(v, ValidationCodes.LegacyDnMissing).Severity);
        Assert.Equal(ValidationSeverity.Information, Single(v, ValidationCodes.SourceHasHolds).Severity);
        Assert.Equal(t.Source.ItemSize + t.Source.DeletedItemSize, p.EstimatedBytes);
        Assert.Equal(TimeSpan.FromMinutes(110 * 60 / 1024.0), p.EstimatedDuration); // 110 MB at 1 GB/hour
        Assert.DoesNotContain(t.Ex.Calls, c => c.IsChange);
    }

    [Fact]
    public void EconomyResolvesEachMailboxOnceAndListsTheTargetOnce()
    {
        var t = new Tenant(archives: true);
        var v = t.Validate(t.Request());
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        Assert.Equal(2, v.PlannedRequests.Count);
        Assert.Equal(2, t.Ex.Count("Get-Mailbox"));
        Assert.True(t.Ex.CallsOf("Get-Mailbox").First().Has("InactiveMailboxOnly"));
        Assert.True(t.Ex.CallsOf("Get-Mailbox").Last().Has("IncludeInactiveMailbox"));
        var list = Assert.Single(t.Ex.CallsOf("Get-MailboxRestoreRequest"));
        Assert.Equal(t.Target.ExchangeGuid.ToString(), list["TargetMailbox"]);
        Assert.False(list.Has("Identity"));
        // The source's two parts are sized; the target's two parts are measured by their folders (even with unlimited
        // quotas: the folders show what an earlier restore left), one Get-MailboxFolderStatistics each.
        Assert.Equal(2, t.Ex.Count("Get-MailboxStatistics"));
        Assert.All(t.Ex.CallsOf("Get-MailboxStatistics"), c => Assert.True(c.Has("IncludeSoftDeletedRecipients")));
        Assert.Equal(2, t.Ex.Count("Get-MailboxFolderStatistics"));
        Assert.Single(t.Ex.CallsOf("Get-MailboxFolderStatistics"), c => c.Has("Archive"));
        Assert.All(t.Ex.CallsOf("Get-MailboxFolderStatistics"), c => Assert.Equal("Unlimited", c["ResultSize"]));
        Assert.Equal(0, t.Ex.Count("Get-MailboxRestoreRequestStatistics"));
    }

    [Fact]
    public void EmptyIdentityIsRefusedBeforeAnyCall()
    {
        var t = new Tenant();
        var e = Assert.Throws<InvalidInputException>(() => t.Validate(new RestoreRequest { SourceMailbox = " ", TargetMailbox = "jdoe" }));
        Assert.Equal("InvalidIdentity", e.ErrorId);
        Assert.Empty(t.Ex.Calls);
    }

    [Fact]
    public void SourceNotFound()
    {
        var t = new Tenant();
        var r = t.Request(); r.SourceMailbox = "nobody@contoso.com";
        Assert.Equal(ValidationSeverity.Error, Single(t.Validate(r), ValidationCodes.SourceNotFound).Severity);
    }

    [Fact]
    public void SourceNotInactive()
    {
        var t = new Tenant();
        var r = t.Request(); r.SourceMailbox = t.Target.PrimarySmtpAddress;
        var v = t.Validate(r);
        Assert.Contains("active", Single(v, ValidationCodes.SourceNotInactive).Message);
        Assert.False(v.IsValid);
    }

    [Fact]
    public void SourceAmbiguousByDisplayName()
    {
        var t = new Tenant();
        t.Ex.AddMailbox("jsmith2", inactive: true, m => m.DisplayName = "John Smith");
        var r = t.Request(); r.SourceMailbox = "John Smith";
        var issue = Single(t.Validate(r), ValidationCodes.SourceAmbiguous);
        Assert.Contains("ExchangeGuid", issue.Remedy);
    }

    [Fact]
    public void SmtpSharedWithAnActiveMailboxIsNotAmbiguous()
    {
        var t = new Tenant();
        // The user's new active mailbox took over the inactive one's address.
        t.Target.PrimarySmtpAddress = t.Source.PrimarySmtpAddress;
        var plan = t.Plan(new RestoreRequest { SourceMailbox = t.Source.PrimarySmtpAddress, TargetMailbox = t.Source.PrimarySmtpAddress });
        var v = plan.Findings;
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        Assert.True(plan.Source!.IsInactiveMailbox);
        Assert.False(plan.Target!.IsInactiveMailbox);
        Assert.Equal(t.Source.ExchangeGuid.ToString(), NewRequest(plan)["SourceMailbox"]);
    }

    [Fact]
    public void TargetNotFound()
    {
        var t = new Tenant();
        var r = t.Request(); r.TargetMailbox = "ghost";
        Single(t.Validate(r), ValidationCodes.TargetNotFound);
    }

    [Fact]
    public void TargetInactive()
    {
        var t = new Tenant();
        var other = t.Ex.AddMailbox("old", inactive: true);
        var r = t.Request(); r.TargetMailbox = other.PrimarySmtpAddress;
        Assert.Contains("inactive", Single(t.Validate(r), ValidationCodes.TargetInactive).Message);
    }

    [Fact]
    public void TargetIsSource()
    {
        var t = new Tenant();
        var r = t.Request(); r.TargetMailbox = t.Source.ExchangeGuid.ToString();
        Single(t.Validate(r), ValidationCodes.TargetIsSource);
    }

    [Fact]
    public void InsufficientSpacePrimary()
    {
        var t = new Tenant();
        t.Target.Quota = 150L << 20;
        t.Target.ItemSize = 100L << 20; // 50 MB free, source holds 100 MB
        var v = t.Validate(t.Request());
        Assert.Contains("primary", Single(v, ValidationCodes.InsufficientSpace).Message);
        // The source is sized with Get-MailboxStatistics, the target measured from its folders.
        Assert.Single(t.Ex.CallsOf("Get-MailboxStatistics"), c => c.Has("IncludeSoftDeletedRecipients"));
        Assert.Single(t.Ex.CallsOf("Get-MailboxFolderStatistics"), c => !c.Has("Archive"));
    }

    [Fact]
    public void InsufficientSpaceArchiveIsCheckedSeparately()
    {
        var t = new Tenant(archives: true);
        t.Target.Quota = 100L << 30;
        t.Target.ArchiveQuota = 60L << 20;
        t.Target.ArchiveItemSize = 20L << 20; // 40 MB free in the archive, source archive holds 50 MB
        var v = t.Validate(t.Request());
        var issue = Single(v, ValidationCodes.InsufficientSpace);
        Assert.Contains("archive", issue.Message);
        Assert.Contains(t.Ex.CallsOf("Get-MailboxFolderStatistics"), c => c.Has("Archive"));
    }

    [Fact]
    public void EnoughSpacePasses()
    {
        var t = new Tenant();
        t.Target.Quota = 50L << 30;
        Assert.False(t.Validate(t.Request()).Has(ValidationCodes.InsufficientSpace));
    }

    [Fact]
    public void DuplicateRequestSameSourceIsInformationAndReused()
    {
        var t = new Tenant();
        var name = RequestNaming.ForSource("jsmith", t.Source.ExchangeGuid, false);
        var existing = t.Ex.AddRequest(t.Source, t.Target, name, status: "InProgress");
        existing.TargetRootFolder = "Restored-John Smith-2024-01-10";
        var plan = t.Plan(t.Request());
        var v = plan.Findings;
        Assert.True(v.IsValid);
        Assert.Equal(ValidationSeverity.Information, Single(v, ValidationCodes.DuplicateRequest).Severity);
        var p = Assert.Single(v.PlannedRequests);
        Assert.True(p.AlreadyExists);
        Assert.Equal("Restored-John Smith-2024-01-10", p.TargetRootFolder);
        Assert.Equal(existing.RequestGuid, p.ExistingRequestId);
        Assert.Equal("InProgress", p.ExistingStatus);
        Assert.Equal(PlanStepKind.ReuseRequest, Assert.Single(plan.Steps).Kind);
        Assert.Empty(Commands(plan));
        Assert.Empty(v.Commands);
        Assert.Empty(Preparation(plan));
    }

    [Fact]
    public void DuplicateRequestOtherSourceIsError()
    {
        var t = new Tenant();
        var other = t.Ex.AddMailbox("other", inactive: true);
        t.Ex.AddRequest(other, t.Target, "Case42");
        var r = t.Request(); r.Name = "Case42";
        var issue = Single(t.Validate(r), ValidationCodes.DuplicateRequest);
        Assert.Equal(ValidationSeverity.Error, issue.Severity);
    }

    [Fact]
    public void SameNameButOtherKindIsError()
    {
        var t = new Tenant();
        t.Ex.AddRequest(t.Source, t.Target, "Case42", isArchive: true);
        var r = t.Request(); r.Name = "Case42";
        Assert.Equal(ValidationSeverity.Error, Single(t.Validate(r), ValidationCodes.DuplicateRequest).Severity);
    }

    [Fact]
    public void AutoExpandingArchiveIsError()
    {
        var t = new Tenant(archives: true);
        t.Source.AutoExpandingArchiveEnabled = true;
        Assert.Contains("content search", Single(t.Validate(t.Request()), ValidationCodes.AutoExpandingArchive).Remedy);
    }

    [Fact]
    public void TargetLacksArchiveWarnsWithAuto()
    {
        var t = new Tenant();
        t.Source.HasArchive = true;
        var v = t.Validate(t.Request());
        Assert.True(v.IsValid);
        Assert.Equal(ValidationSeverity.Warning, Single(v, ValidationCodes.TargetLacksArchive).Severity);
        Assert.Single(v.PlannedRequests);
    }

    [Theory]
    [InlineData(ArchiveOption.Include)]
    [InlineData(ArchiveOption.Only)]
    public void TargetLacksArchiveIsErrorWhenArchiveIsAskedFor(ArchiveOption option)
    {
        var t = new Tenant();
        t.Source.HasArchive = true;
        var r = t.Request(); r.Archive = option;
        Assert.Equal(ValidationSeverity.Error, Single(t.Validate(r), ValidationCodes.TargetLacksArchive).Severity);
    }

    [Fact]
    public void SourceLacksArchiveWhenArchiveIsAskedFor()
    {
        var t = new Tenant();
        var r = t.Request(); r.Archive = ArchiveOption.Include;
        Single(t.Validate(r), ValidationCodes.SourceLacksArchive);
    }

    [Fact]
    public void ArchiveOnlyAndExclude()
    {
        var t = new Tenant(archives: true);
        var r = t.Request(); r.Archive = ArchiveOption.Only;
        var v = t.Validate(r);
        Assert.True(Assert.Single(v.PlannedRequests).IsArchive);
        Assert.Equal("Restored-John Smith-2024-01-15-Archive", v.PlannedRequests[0].TargetRootFolder);
        r.Archive = ArchiveOption.Exclude;
        Assert.False(Assert.Single(t.Validate(r).PlannedRequests).IsArchive);
    }

    [Fact]
    public void LegacyDnMismatchSwitchWarnsAndSkipsX500()
    {
        var t = new Tenant();
        var r = t.Request(); r.AllowLegacyDNMismatch = true;
        var plan = t.Plan(r);
        var v = plan.Findings;
        Assert.Equal(ValidationSeverity.Warning, Single(v, ValidationCodes.LegacyDnMissing).Severity);
        Assert.Single(v.PlannedRequests);
        Assert.Equal(new[] { "New-MailboxRestoreRequest" }, Commands(plan).Select(c => c.Name));
        Assert.True(NewRequest(plan).Has("AllowLegacyDNMismatch"));
    }

    [Fact]
    public void X500AlreadyPresentNeedsNothing()
    {
        var t = new Tenant();
        t.Target.EmailAddresses.Add("X500:" + t.Source.LegacyExchangeDN);
        var plan = t.Plan(t.Request());
        Assert.False(plan.Findings.Has(ValidationCodes.LegacyDnMissing));
        Assert.Empty(Preparation(plan));
    }

    [Fact]
    public void RetentionMayPurgeWarns()
    {
        var t = new Tenant();
        t.Target.RetentionPolicy = "Default MRM Policy";
        var issue = Single(t.Validate(t.Request()), ValidationCodes.RetentionMayPurge);
        Assert.Equal(ValidationSeverity.Warning, issue.Severity);
        Assert.Contains("-EnableRetentionHold", issue.Remedy);
    }

    [Fact]
    public void EnableRetentionHoldPlansItAfterTheAddressBeforeAnyRequest()
    {
        var t = new Tenant();
        t.Target.RetentionPolicy = "Default MRM Policy";
        var r = t.Request(); r.EnableRetentionHold = true;
        var plan = t.Plan(r);
        Assert.False(plan.Findings.Has(ValidationCodes.RetentionMayPurge));
        Assert.True(Preparation(plan)[0].Has("EmailAddresses"));
        Assert.True(Preparation(plan)[1].Has("RetentionHoldEnabled"));
        Assert.Equal(PlanStepKind.CreateRequest, plan.Steps[2].Kind);
        t.Target.RetentionHoldEnabled = true;
        Assert.DoesNotContain(Preparation(t.Plan(r)), c => c.Has("RetentionHoldEnabled"));
    }

    [Fact]
    public void NameSlotsExhaustedForAnExplicitDefaultName()
    {
        var t = new Tenant();
        var other = t.Ex.AddMailbox("other", inactive: true);
        for (var i = 0; i < 10; i++) t.Ex.AddRequest(other, t.Target, i == 0 ? "MailboxRestore" : "MailboxRestore" + i, status: "Completed");
        var r = t.Request(); r.Name = "MailboxRestore";
        var v = t.Validate(r);
        Single(v, ValidationCodes.NameSlotsExhausted);
        // Our own names never need a default slot.
        Assert.False(t.Validate(t.Request()).Has(ValidationCodes.NameSlotsExhausted));
    }

    [Theory]
    [InlineData("Inbox/*/x")]
    [InlineData("Inb*")]
    [InlineData("a//b")]
    public void InvalidFolderSpec(string spec)
    {
        var t = new Tenant();
        var r = t.Request(); r.IncludeFolders = new[] { "Inbox/*", spec };
        Single(t.Validate(r), ValidationCodes.InvalidFolderSpec);
        r.IncludeFolders = null; r.ExcludeFolders = new[] { spec };
        Single(t.Validate(r), ValidationCodes.InvalidFolderSpec);
    }

    [Fact]
    public void InvalidRequestName()
    {
        var t = new Tenant();
        var r = t.Request(); r.Name = "bad\\name";
        Single(t.Validate(r), ValidationCodes.InvalidRequestName);
    }

    [Fact]
    public void ExplicitFolderAndOptionsReachTheCommand()
    {
        var t = new Tenant(archives: true);
        var r = t.Request();
        r.TargetRootFolder = "Legal/Smith";
        r.BatchName = "Wave1";
        r.ExcludeDumpster = true;
        r.ConflictResolution = ConflictResolutionOption.KeepLatestItem;
        r.IncludeFolders = new[] { "#Inbox#/*" };
        var plan = t.Plan(r);
        var v = plan.Findings;
        Assert.True(v.IsValid, string.Join("\n", v.Issues));
        var primary = NewRequest(plan, 0);
        Assert.Equal("Legal/Smith", primary["TargetRootFolder"]);
        Assert.Equal("Wave1", primary["BatchName"]);
        Assert.Equal("KeepLatestItem", primary["ConflictResolutionOption"]);
        Assert.True(primary.Has("ExcludeDumpster"));
        Assert.Equal(new[] { "#Inbox#/*" }, (string[])primary["IncludeFolders"]!);
        Assert.False(primary.Has("SourceIsArchive"));
        var archive = NewRequest(plan, 1);
        Assert.Equal("Legal/Smith-Archive", archive["TargetRootFolder"]);
        Assert.True(archive.Has("SourceIsArchive") && archive.Has("TargetIsArchive"));
        Assert.Equal(t.Source.ItemSize, v.PlannedRequests[0].EstimatedBytes);
    }

    [Fact]
    public void SessionLossPropagates()
    {
        var t = new Tenant();
        t.Ex.FailNext("Get-Mailbox", ExchangeErrorKind.SessionExpired);
        Assert.Equal(ExchangeErrorKind.SessionExpired, Assert.Throws<ExchangeException>(() => t.Validate(t.Request())).Kind);
    }
}

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
/// Issue 10: Start-InactiveRestore runs no Get-Recipient pre-check; Exchange refuses an X500 address another recipient
/// holds (contract §10) and the executor refuses just the pairs needing it (ProxyAddressInUse, as the pre-check words it),
/// sending Set-Mailbox again with the other addresses: one extra call per conflicting address.
/// </summary>
public class ProxyRefusalTests
{
    private readonly Tenant _t = new();

    private List<FakeMailbox> Sources(int n) =>
        Enumerable.Range(1, n).Select(i => _t.Ex.AddMailbox("leaver" + i, inactive: true)).ToList();

    private static RestoreRequest Pair(FakeMailbox source, FakeMailbox target, bool hold = false) =>
        new() { SourceMailbox = source.Alias, TargetMailbox = target.PrimarySmtpAddress, BatchName = "B", Archive = ArchiveOption.Exclude, EnableRetentionHold = hold };

    /// <summary>Plans as Start-InactiveRestore does without -WhatIf: no CheckAcrossPairs (no Get-Recipient).</summary>
    private List<PairPlan> PlanAsStart(IReadOnlyList<RestoreRequest> pairs)
    {
        var planner = _t.Planner();
        planner.Prepare(pairs);
        return pairs.Select(planner.PlanPair).ToList();
    }

    private List<IReadOnlyList<StepOutcome>> Run(List<PairPlan> plans)
    {
        var executor = _t.Executor();
        executor.Admit(plans);
        return plans.Select(p => executor.Execute(p)).ToList();
    }

    private static string[] Added(ExchangeCommand c) =>
        ((Hashtable)c["EmailAddresses"]!)["Add"] switch { string one => new[] { one }, string[] many => many, _ => Array.Empty<string>() };

    private FakeMailbox Holder(FakeMailbox source, string alias)
    {
        var holder = _t.Ex.AddMailbox(alias);
        holder.EmailAddresses.Add("X500:" + source.LegacyExchangeDN);
        return holder;
    }

    [Fact]
    public void OneConflictingPairIsRefusedAndTheOthersAreSubmittedWithOneExtraSetMailbox()
    {
        var sources = Sources(3);
        Holder(sources[1], "first.target");
        var plans = PlanAsStart(sources.Select(s => Pair(s, _t.Target)).ToList());
        Assert.All(plans, p => Assert.True(p.IsValid, string.Join(" ", p.Findings.Issues)));
        var outcomes = Run(plans);

        Assert.Equal(0, _t.Ex.Count("Get-Recipient"));
        Assert.Contains(outcomes[0], o => o.Kind == StepOutcomeKind.Created);
        Assert.Contains(outcomes[2], o => o.Kind == StepOutcomeKind.Created);
        var refusal = Assert.Single(outcomes[1]);
        Assert.Equal(StepOutcomeKind.Refused, refusal.Kind);
        var issue = refusal.Issue!;
        Assert.Equal(ValidationCodes.ProxyAddressInUse, issue.Code);
        Assert.Equal(ValidationSeverity.Error, issue.Severity);
        Assert.Contains($"X500:{sources[1].LegacyExchangeDN}", issue.Message);
        Assert.Contains("'first.target'", issue.Message);
        Assert.Contains("Exchange refused to add it", issue.Message);
        Assert.Contains("Complete-InactiveRestore", issue.Remedy);
        Assert.Contains("removes the address from first.target", issue.Remedy);
        Assert.Contains("-AllowLegacyDNMismatch", issue.Remedy);
        Assert.Same(issue, Assert.Single(plans[1].Findings.Errors));
        Assert.False(plans[1].IsValid);

        // The merged call, refused; then once more without the refused address. Nothing for the refused pair.
        var sets = _t.Ex.CallsOf("Set-Mailbox").ToList();
        Assert.Equal(2, sets.Count);
        Assert.Equal(sources.Select(s => "X500:" + s.LegacyExchangeDN), Added(sets[0]));
        Assert.Equal(new[] { sources[0], sources[2] }.Select(s => "X500:" + s.LegacyExchangeDN), Added(sets[1]));
        Assert.Equal(2, _t.Ex.Count("New-MailboxRestoreRequest"));
        Assert.DoesNotContain(_t.Ex.CallsOf("New-MailboxRestoreRequest"), c => Equals(c["SourceMailbox"], sources[1].ExchangeGuid.ToString()));
        Assert.DoesNotContain("X500:" + sources[1].LegacyExchangeDN, _t.Target.EmailAddresses);
    }

    [Fact]
    public void EachConflictingAddressCostsOneCall()
    {
        var sources = Sources(4);
        Holder(sources[0], "holder.a");
        Holder(sources[3], "holder.b");
        var plans = PlanAsStart(sources.Select(s => Pair(s, _t.Target)).ToList());
        var outcomes = Run(plans);

        Assert.Equal(new[] { StepOutcomeKind.Refused }, outcomes[0].Select(o => o.Kind));
        Assert.Equal(new[] { StepOutcomeKind.Refused }, outcomes[3].Select(o => o.Kind));
        Assert.Contains("'holder.a'", outcomes[0][0].Issue!.Message);
        Assert.Contains("'holder.b'", outcomes[3][0].Issue!.Message);
        Assert.Equal(1 + 2, _t.Ex.Count("Set-Mailbox"));
        Assert.Equal(2, _t.Ex.Count("New-MailboxRestoreRequest"));
    }

    [Fact]
    public void ATargetWhoseEveryPairIsRefusedIsNotPutOnRetentionHold()
    {
        var sources = Sources(2);
        foreach (var s in sources) Holder(s, "holder." + s.Alias);
        var plans = PlanAsStart(sources.Select(s => Pair(s, _t.Target, hold: true)).ToList());
        Assert.Equal(new[] { PlanStepKind.AddX500Address, PlanStepKind.EnableRetentionHold, PlanStepKind.CreateRequest }, plans[0].Steps.Select(s => s.Kind));
        var outcomes = Run(plans);

        Assert.All(outcomes, o => Assert.Equal(StepOutcomeKind.Refused, Assert.Single(o).Kind));
        Assert.False(_t.Target.RetentionHoldEnabled);
        Assert.DoesNotContain(_t.Ex.Calls, c => c.Has("RetentionHoldEnabled"));
        Assert.Equal(2, _t.Ex.Count("Set-Mailbox"));   // the merged call and the one with the second address alone
        Assert.Equal(0, _t.Ex.Count("New-MailboxRestoreRequest"));
    }

    [Fact]
    public void TheHoldIsSetOnceForTheTargetWhenAnotherPairGoesOn()
    {
        var sources = Sources(2);
        Holder(sources[0], "holder.a");
        var plans = PlanAsStart(sources.Select(s => Pair(s, _t.Target, hold: true)).ToList());
        var outcomes = Run(plans);

        Assert.Equal(StepOutcomeKind.Refused, Assert.Single(outcomes[0]).Kind);
        Assert.Contains(outcomes[1], o => o.Kind == StepOutcomeKind.Created);
        Assert.True(_t.Target.RetentionHoldEnabled);
        Assert.Single(_t.Ex.Calls, c => c.Has("RetentionHoldEnabled"));
        var changes = _t.Ex.Calls.Where(c => c.IsChange).Select(c => c.Has("RetentionHoldEnabled") ? "hold" : c.Name).ToArray();
        Assert.Equal(new[] { "Set-Mailbox", "Set-Mailbox", "hold", "New-MailboxRestoreRequest" }, changes);
    }

    [Fact]
    public void ASinglePairIsRefusedAsThePreCheckWouldRefuseIt()
    {
        var first = _t.Ex.AddMailbox("first.target", configure: m => m.DisplayName = "First Target");
        first.EmailAddresses.Add("X500:" + _t.Source.LegacyExchangeDN);
        var predicted = Assert.Single(_t.Validate(_t.Request()).Errors);   // Test-InactiveRestore: the pre-check
        _t.Ex.Calls.Clear();

        var plans = PlanAsStart(new[] { _t.Request() });
        var refusal = Assert.Single(Assert.Single(Run(plans)));
        Assert.Equal(StepOutcomeKind.Refused, refusal.Kind);
        Assert.Equal(predicted.Code, refusal.Issue!.Code);
        Assert.Equal(predicted.Severity, refusal.Issue.Severity);
        // The same remedy; Exchange's text names the holder by its Name only (the pre-check also knows its address and type).
        var expected = predicted.Remedy!.Replace("'First Target (first.target@contoso.com)' (UserMailbox)", "'first.target'").Replace("first.target@contoso.com", "first.target");
        Assert.Equal(expected, refusal.Issue.Remedy);
        Assert.Single(_t.Ex.CallsOf("Set-Mailbox"));
        Assert.Equal(0, _t.Ex.Count("Get-Recipient"));
        Assert.Equal(0, _t.Ex.Count("New-MailboxRestoreRequest"));
    }

    [Fact]
    public void AnotherSetMailboxErrorFailsThePairsAsBefore()
    {
        var sources = Sources(2);
        var plans = PlanAsStart(sources.Select(s => Pair(s, _t.Target)).ToList());
        _t.Ex.FailNext("Set-Mailbox", ExchangeErrorKind.Permanent, when: c => Added(c).Length == 2);
        _t.Ex.FailNext("Set-Mailbox", ExchangeErrorKind.Permanent);
        _t.Ex.FailNext("Set-Mailbox", ExchangeErrorKind.Permanent);
        var outcomes = Run(plans);

        Assert.All(outcomes, o => Assert.Contains(o, x => x.Kind == StepOutcomeKind.Failed && x.Error is not null));
        Assert.DoesNotContain(outcomes.SelectMany(o => o), o => o.Kind == StepOutcomeKind.Refused);
        Assert.All(plans, p => Assert.True(p.IsValid));
        Assert.Equal(0, _t.Ex.Count("New-MailboxRestoreRequest"));
    }

    [Theory]
    [InlineData("The proxy address \"X500:/o=ExchangeLabs/cn=Recipients/cn=abc-jo\" is already being used by the proxy addresses or LegacyExchangeDN of \"Adele Vance\". Please choose another proxy address.",
        "X500:/o=ExchangeLabs/cn=Recipients/cn=abc-jo", "Adele Vance")]
    [InlineData("Ex94914C|Microsoft.Exchange.Management.Tasks.ProxyAddressExistsException|The proxy address \"X500:/o=x/cn=o'brien\" is already being used by the proxy addresses or LegacyExchangeDN of \"Jo \"JJ\" Doe\". Please choose another proxy address.",
        "X500:/o=x/cn=o'brien", "Jo \"JJ\" Doe")]
    [InlineData("The proxy address \"smtp:jo@contoso.com\" is already being used by the proxy addresses or LegacyExchangeDN of \"jo\".",
        "smtp:jo@contoso.com", "jo")]
    public void ExchangesRefusalIsRead(string text, string address, string holder)
    {
        var conflict = ProxyAddressConflict.Parse(text);
        Assert.NotNull(conflict);
        Assert.Equal(address, conflict!.Address);
        Assert.Equal(holder, conflict.Holder);
        var fromError = ProxyAddressConflict.From(new ExchangeException(ExchangeErrorKind.Permanent, text, "Set-Mailbox"));
        Assert.Equal(address, fromError!.Address);
    }

    [Theory]
    [InlineData("The proxy address \"X500:/o=x\" is already being used.")]
    [InlineData("The operation on mailbox \"jo\" failed because it's out of the current user's write scope.")]
    [InlineData("")]
    public void OtherTextsAreNotARefusal(string text) => Assert.Null(ProxyAddressConflict.Parse(text));

    [Fact]
    public void TheAddressMatchesItsLegacyDnInAnyCase()
    {
        var conflict = ProxyAddressConflict.Parse("The proxy address \"x500:/O=Contoso/CN=Jo\" is already being used by the proxy addresses or LegacyExchangeDN of \"Jo\". Please choose another proxy address.")!;
        Assert.True(conflict.IsX500Of("/o=contoso/cn=jo"));
        Assert.False(conflict.IsX500Of("/o=contoso/cn=jo2"));
    }
}

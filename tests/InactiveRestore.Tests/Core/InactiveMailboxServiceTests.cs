using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>A scripted IExchangeClient: records calls, answers by command name.</summary>
internal sealed class ScriptedExchange : IExchangeClient
{
    public List<ExchangeCommand> Calls { get; } = new();
    public Func<ExchangeCommand, IReadOnlyList<PSObject>> Answer { get; set; } = _ => Array.Empty<PSObject>();
    public string Prefix => "";
    public event EventHandler<string>? Calling;
    public IReadOnlyList<PSObject> Invoke(ExchangeCommand command)
    {
        Calls.Add(command);
        Calling?.Invoke(this, command.ToDisplayString());
        return Answer(command);
    }
}

public class InactiveMailboxServiceTests
{
    internal static PSObject Mailbox(string name, Guid guid, bool archive = false, params string[] holds)
    {
        var o = new PSObject();
        o.Properties.Add(new PSNoteProperty("DisplayName", name));
        o.Properties.Add(new PSNoteProperty("PrimarySmtpAddress", $"{name}@contoso.com"));
        o.Properties.Add(new PSNoteProperty("Alias", name));
        o.Properties.Add(new PSNoteProperty("ExchangeGuid", guid.ToString()));
        o.Properties.Add(new PSNoteProperty("DistinguishedName", $"CN={name},OU=contoso.onmicrosoft.com,DC=prod"));
        o.Properties.Add(new PSNoteProperty("LegacyExchangeDN", $"/o=ExchangeLabs/ou=x/cn=Recipients/cn={name}"));
        o.Properties.Add(new PSNoteProperty("IsInactiveMailbox", true));
        o.Properties.Add(new PSNoteProperty("WhenSoftDeleted", "2025-03-01T10:00:00Z"));
        o.Properties.Add(new PSNoteProperty("LitigationHoldEnabled", holds.Contains("lit")));
        o.Properties.Add(new PSNoteProperty("InPlaceHolds", holds.Where(h => h != "lit").ToArray()));
        o.Properties.Add(new PSNoteProperty("DelayHoldApplied", "True"));
        o.Properties.Add(new PSNoteProperty("ArchiveGuid", archive ? Guid.NewGuid().ToString() : Guid.Empty.ToString()));
        o.Properties.Add(new PSNoteProperty("ArchiveStatus", archive ? "Active" : "None"));
        o.Properties.Add(new PSNoteProperty("ArchiveDatabase", archive ? "EURPR01DG001-db042" : string.Empty));
        return o;
    }

    private static PSObject Stats(string size, long items)
    {
        var o = new PSObject();
        o.Properties.Add(new PSNoteProperty("TotalItemSize", size));
        o.Properties.Add(new PSNoteProperty("ItemCount", items));
        o.Properties.Add(new PSNoteProperty("TotalDeletedItemSize", "1 KB (1,024 bytes)"));
        return o;
    }

    [Fact]
    public void ListsWithOneGetMailboxCallAndNoIdentity()
    {
        var ex = new ScriptedExchange { Answer = c => new[] { Mailbox("jo", Guid.NewGuid()), Mailbox("al", Guid.NewGuid()) } };
        var list = new InactiveMailboxService(new ExchangeGateway(ex)).Get(null, null, false);
        Assert.Equal(2, list.Count);
        var call = Assert.Single(ex.Calls);
        Assert.Equal("Get-Mailbox", call.Name);
        Assert.True(call.Has("InactiveMailboxOnly"));
        Assert.False(call.Has("Identity"));
        Assert.Equal("Unlimited", call["ResultSize"]);
    }

    [Fact]
    public void PassesTheValidatedIdentityAndResultSize()
    {
        var ex = new ScriptedExchange { Answer = c => new[] { Mailbox("jo", Guid.NewGuid()) } };
        new InactiveMailboxService(new ExchangeGateway(ex)).Get(IdentityValidator.Validate(" jo@contoso.com "), 1000, false);
        Assert.Equal("jo@contoso.com", ex.Calls[0]["Identity"]);
        Assert.Equal(1000, ex.Calls[0]["ResultSize"]);
    }

    [Fact]
    public void SeveralMatchesForANameAreAmbiguous()
    {
        var ex = new ScriptedExchange { Answer = c => new[] { Mailbox("jo", Guid.NewGuid()), Mailbox("jo", Guid.NewGuid()) } };
        var e = Assert.Throws<ExchangeException>(() => new InactiveMailboxService(new ExchangeGateway(ex)).Get(IdentityValidator.Validate("jo"), null, false));
        Assert.Equal(ExchangeErrorKind.Ambiguous, e.Kind);
    }

    [Fact]
    public void StatisticsUseExchangeGuidSoftDeletedAndArchiveOnlyWhenPresent()
    {
        var withArchive = Guid.NewGuid();
        var without = Guid.NewGuid();
        var ex = new ScriptedExchange
        {
            Answer = c => c.Name == "Get-Mailbox"
                ? new[] { Mailbox("jo", withArchive, archive: true), Mailbox("al", without) }
                : new[] { c.Has("Archive") ? Stats("100 GB (107,374,182,400 bytes)", 9) : Stats("225.8 MB (236,732,045 bytes)", 723) },
        };
        var list = new InactiveMailboxService(new ExchangeGateway(ex)).Get(null, null, true);
        var stats = ex.Calls.Where(c => c.Name == "Get-MailboxStatistics").ToList();
        Assert.Equal(3, stats.Count);
        Assert.All(stats, c => Assert.True(c.Has("IncludeSoftDeletedRecipients")));
        Assert.Single(stats, c => c.Has("Archive"));
        Assert.Equal(withArchive.ToString(), stats.Single(c => c.Has("Archive"))["Identity"]);
        Assert.Equal(236732045L, list[0].PrimarySize);
        Assert.Equal(723L, list[0].PrimaryItemCount);
        Assert.Equal(1024L, list[0].PrimaryDeletedSize);
        Assert.Equal(107374182400L, list[0].ArchiveSize);
        Assert.Null(list[1].ArchiveSize);
    }

    [Theory]
    [InlineData("Unlimited", null)]
    [InlineData("unlimited", null)]
    [InlineData("50", 50)]
    [InlineData(null, 1000)]
    public void ParsesResultSize(string? value, int? expected) => Assert.Equal(expected, InactiveMailboxService.ParseResultSize(value));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("all")]
    [InlineData("1.5")]
    public void RefusesBadResultSize(string value)
    {
        var e = Assert.Throws<InvalidInputException>(() => InactiveMailboxService.ParseResultSize(value));
        Assert.Equal("InvalidResultSize", e.ErrorId);
    }

    [Fact]
    public void SummarizesHolds()
    {
        var m = InactiveMailboxService.From(ExchangeMailbox.From(Mailbox("jo", Guid.NewGuid(), false,
            "lit", "UniH7d6a3c2b-1111-2222-3333-444455556666", "mbx0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e:2", "skp0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e:1",
            "-mbxexcluded00000000000000000000000:3", "c0a80101-1111-2222-3333-444455556666")));
        Assert.True(m.LitigationHold);
        Assert.Equal(2, m.EDiscoveryHoldCount);
        Assert.Equal(2, m.RetentionHoldCount);
        Assert.Equal("Litigation, eDiscovery(2), Retention(2), Delay", m.Holds);
        Assert.Equal(m.ExchangeGuid.ToString(), m.SourceMailbox);
    }

    [Fact]
    public void NoHoldsSaysNone() => Assert.Equal("None", HoldSummary.Describe(false, 0, 0, false, false));

    [Fact]
    public void IsEmittedAsItsDotNetTypeTheFormatViewIsKeyedOn()
    {
        // Format views are keyed on the .NET type name (no PSTypeName added).
        var o = new PSObject(InactiveMailboxService.From(ExchangeMailbox.From(Mailbox("jo", Guid.NewGuid()))));
        Assert.Equal("InactiveRestore.Model.InactiveMailbox", o.TypeNames[0]);
        Assert.True(typeof(InactiveMailbox).IsPublic);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using ExchangeSimulator.Engine;
using Xunit;

namespace ExchangeSimulator.Tests;

public class ByteSizeTests
{
    [Theory]
    [InlineData(236732045L, "225.8 MB (236,732,045 bytes)")]
    [InlineData(436712733L, "416.5 MB (436,712,733 bytes)")]
    [InlineData(107374182400L, "100 GB (107,374,182,400 bytes)")]
    [InlineData(0L, "0 B (0 bytes)")]
    [InlineData(1023L, "1023 B (1,023 bytes)")]
    [InlineData(1024L, "1 KB (1,024 bytes)")]
    [InlineData(1536L, "1.5 KB (1,536 bytes)")]
    [InlineData(1649267441664L, "1.5 TB (1,649,267,441,664 bytes)")]
    public void FormatsLikeExchange(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(999_999L)]
    [InlineData(236_732_045L)]
    [InlineData(64_424_509_440L)]
    [InlineData(long.MaxValue / 2)]
    public void FormatParseRoundTrip(long bytes) => Assert.Equal(bytes, ByteSize.Parse(ByteSize.Format(bytes)));

    [Fact]
    public void ParsesUnlimitedAndPlainSizes()
    {
        Assert.True(ByteSize.TryParse("Unlimited", out var u));
        Assert.Null(u);
        Assert.Equal(ByteSize.GB(2.5), ByteSize.Parse("2.5 GB"));
        Assert.Equal(1234L, ByteSize.Parse("1234"));
        Assert.Equal(107374182400L, ByteSize.Parse("100 GB (107,374,182,400 bytes)"));
        Assert.False(ByteSize.TryParse("lots", out _));
        Assert.Equal("Unlimited", ByteSize.FormatQuota(null));
    }
}

public class FixtureTests
{
    [Fact]
    public void DemoTenantHasTheDocumentedShapes()
    {
        var t = DemoTenant.Create(DemoTenant.DefaultStartTime, 1);
        Assert.True(t.Mailboxes.Count(m => m.IsInactiveMailbox) >= 12);
        Assert.True(t.Mailboxes.Count(m => !m.IsSoftDeleted) >= 20);
        Assert.Contains(t.Mailboxes, m => m.IsInactiveMailbox && m.AutoExpandingArchiveEnabled);
        foreach (var b in Enum.GetValues<Model.RestoreBehavior>()) Assert.Contains(t.Mailboxes, m => m.RestoreBehavior == b);
        var joni = t.Mailboxes.Where(m => m.PrimarySmtpAddress == "joni.sherman@contoso.onmicrosoft.com").ToList();
        Assert.Equal(2, joni.Count);
        Assert.Single(joni, m => m.IsInactiveMailbox);
    }
}

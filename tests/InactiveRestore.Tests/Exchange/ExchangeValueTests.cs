using InactiveRestore.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Exchange;

public class ExchangeValueTests
{
    [Theory]
    [InlineData("225.8 MB (236,732,045 bytes)", 236732045L)]
    [InlineData("100 GB (107,374,182,400 bytes)", 107374182400L)]
    [InlineData("0 B (0 bytes)", 0L)]
    [InlineData("1.5 KB (1,536 bytes)", 1536L)]
    [InlineData("  416.5 MB (436,712,733 bytes) ", 436712733L)]
    [InlineData("12345", 12345L)]
    public void ParsesSizes(string text, long expected) => Assert.Equal(expected, ExchangeValue.ParseSize(text));

    [Theory]
    [InlineData("Unlimited")]
    [InlineData("unlimited")]
    [InlineData("")]
    [InlineData(null)]
    public void UnlimitedOrEmptyIsNull(string? text) => Assert.Null(ExchangeValue.ParseSize(text));

    [Fact]
    public void FormatsLikeExchange() => Assert.Equal("225.8 MB (236,732,045 bytes)", ExchangeValue.FormatSize(236732045));
}

using System;
using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Core;

public class NamingTests
{
    private static readonly Guid G = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    [Fact]
    public void DeterministicNameFromAliasAndGuid()
    {
        Assert.Equal("IR-jsmith-c3d2e1f0-Primary", RequestNaming.ForSource("jsmith", G, false));
        Assert.Equal("IR-jsmith-c3d2e1f0-Archive", RequestNaming.ForSource("jsmith", G, true));
        Assert.Equal(RequestNaming.ForSource("jsmith", G, false), RequestNaming.ForSource("jsmith", G, false));
    }

    [Fact]
    public void WithoutAliasUsesFirstGuidDigits() => Assert.Equal("IR-0f1e2d3c-c3d2e1f0-Primary", RequestNaming.ForSource(null, G, false));

    [Fact]
    public void UniqueForDistinctSourcesWithTheSameAlias()
    {
        var names = Enumerable.Range(0, 200).Select(_ => RequestNaming.ForSource("jsmith", Guid.NewGuid(), false)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData("j\\smith")]
    [InlineData("a very long alias that goes on and on and on and on forever and ever")]
    [InlineData("MailboxRestore")]
    [InlineData("MailboxRestore1")]
    [InlineData("  ")]
    [InlineData("jöhn.smith+x")]
    public void NamesAreValidShortAndNeverDefaultSlots(string alias)
    {
        foreach (var archive in new[] { false, true })
        {
            var name = RequestNaming.ForSource(alias, Guid.NewGuid(), archive);
            Assert.DoesNotContain('\\', name);
            Assert.True(name.Length <= 64, name);
            Assert.False(RequestNaming.IsDefaultSlotName(name));
            Assert.Null(RequestNaming.CheckName(name));
            Assert.StartsWith("IR-", name);
        }
    }

    [Fact]
    public void ExplicitNameOverridesAndArchiveGetsSuffix()
    {
        var source = new ExchangeMailbox { Alias = "jsmith", ExchangeGuid = G };
        Assert.Equal("Case42", RequestNaming.Resolve("Case42", source, false));
        Assert.Equal("Case42-Archive", RequestNaming.Resolve("Case42", source, true));
        Assert.Equal("IR-jsmith-c3d2e1f0-Archive", RequestNaming.Resolve(null, source, true));
    }

    [Theory]
    [InlineData("MailboxRestore", true)]
    [InlineData("mailboxrestore9", true)]
    [InlineData("MailboxRestore10", false)]
    [InlineData("MailboxRestoreX", false)]
    public void RecognisesDefaultSlots(string name, bool expected) => Assert.Equal(expected, RequestNaming.IsDefaultSlotName(name));

    [Theory]
    [InlineData("a\\b")]
    [InlineData("bad\u0001name")]
    [InlineData("")]
    [InlineData(" padded")]
    public void RejectsInvalidNames(string name)
    {
        Assert.NotNull(RequestNaming.CheckName(name));
        var e = Assert.Throws<InvalidInputException>(() => RequestNaming.ThrowIfInvalid("Name", name));
        Assert.Equal("InvalidRequestName", e.ErrorId);
    }

    [Fact]
    public void RejectsTooLongNames() => Assert.NotNull(RequestNaming.CheckName(new string('a', 250)));
}

public class FolderNameTests
{
    private static readonly DateTime Day = new(2024, 1, 15, 23, 59, 0, DateTimeKind.Utc);

    [Fact]
    public void DefaultFolderName() => Assert.Equal("Restored-John Smith-2024-01-15", RestoreEstimator.GetRecommendedFolderName("John Smith", Day));

    [Theory]
    [InlineData("Smith\\John", "Restored-Smith_John-2024-01-15")]
    [InlineData("Sales/EMEA", "Restored-Sales_EMEA-2024-01-15")]
    [InlineData("  ..John  Smith.. ", "Restored-John Smith-2024-01-15")]
    [InlineData("Tab\tName\u0007", "Restored-Tab Name_-2024-01-15")]
    [InlineData("", "Restored-Mailbox-2024-01-15")]
    [InlineData(null, "Restored-Mailbox-2024-01-15")]
    [InlineData("...", "Restored-Mailbox-2024-01-15")]
    public void SanitizesDisplayNames(string? display, string expected) => Assert.Equal(expected, FolderNames.DefaultTargetRootFolder(display, Day));

    [Fact]
    public void LongDisplayNameIsCut() => Assert.True(FolderNames.DefaultTargetRootFolder(new string('x', 400), Day).Length <= FolderNames.MaxFolderNameLength);

    [Theory]
    [InlineData("Inbox")]
    [InlineData("Inbox/*")]
    [InlineData("Projects/2023/*")]
    [InlineData("#Inbox#/*")]
    [InlineData("#SentItems#")]
    [InlineData("Sales & Marketing")]
    public void AcceptsValidFolderSpecs(string spec) => Assert.Null(FolderNames.CheckFolderSpec(spec));

    [Theory]
    [InlineData("")]
    [InlineData("Inbox/*/x")]
    [InlineData("Inb*")]
    [InlineData("Inbox?")]
    [InlineData("/Inbox")]
    [InlineData("Inbox/")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData("#Inbox")]
    [InlineData("Projects/#Inbox#")]
    [InlineData("Bad\u0000")]
    public void RejectsInvalidFolderSpecs(string spec)
    {
        Assert.NotNull(FolderNames.CheckFolderSpec(spec));
        Assert.Equal("InvalidFolderSpec", Assert.Throws<InvalidInputException>(() => FolderNames.ThrowIfInvalidFolderSpec("IncludeFolders", spec)).ErrorId);
    }
}

public class EstimatorTests
{
    [Fact]
    public void DefaultIsOneGigabytePerHour()
    {
        var e = new RestoreEstimator();
        Assert.Equal(TimeSpan.FromHours(1), e.EstimateRestoreTime(1L << 30));
        Assert.Equal(TimeSpan.FromHours(10), e.EstimateRestoreTime(10L << 30));
        Assert.Equal(TimeSpan.Zero, e.EstimateRestoreTime(0));
    }

    [Fact]
    public void ObservationsRefineTheRate()
    {
        var e = new RestoreEstimator();
        e.Observe(100L << 20); // 100 MB/min
        e.Observe(300L << 20); // 300 MB/min
        e.Observe(null);
        e.Observe(0);
        Assert.Equal(2, e.ObservationCount);
        Assert.Equal(200L << 20, (long)e.BytesPerMinute);
        Assert.Equal(TimeSpan.FromMinutes(10), e.EstimateRestoreTime(2000L << 20));
    }

    [Fact]
    public void RollingWindowKeepsTheLatest()
    {
        var e = new RestoreEstimator();
        for (var i = 0; i < RestoreEstimator.WindowSize; i++) e.Observe(1);
        for (var i = 0; i < RestoreEstimator.WindowSize; i++) e.Observe(1000);
        Assert.Equal(1000, e.BytesPerMinute);
    }

    [Fact]
    public void CompletionUsesTheRequestsOwnRate()
    {
        var e = new RestoreEstimator();
        var now = new DateTime(2024, 1, 15, 9, 0, 0, DateTimeKind.Utc);
        Assert.Equal(now.AddMinutes(5), e.EstimateCompletion(now, 1000, 500, 100));
        Assert.Null(e.EstimateCompletion(now, null, 0, null));
    }
}

using System;
using InactiveRestore.Core;
using Xunit;

namespace InactiveRestore.Tests.Core;

public class SourceAliasFromNameTests
{
    private static readonly Guid Source = Guid.Parse("07c68d60-34e3-4c54-95d2-80d6aa193739");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ModuleNamesGiveBackTheAliasTheyWereMadeFrom(bool archive)
    {
        var name = RequestNaming.ForSource("megan.bowen", Source, archive);
        Assert.Equal("megan.bowen", RequestNaming.SourceAliasFromName(name, Source));
    }

    [Fact]
    public void AnAliasWithDashesSurvives()
    {
        var name = RequestNaming.ForSource("anne-marie.o-neil", Source, false);
        Assert.Equal("anne-marie.o-neil", RequestNaming.SourceAliasFromName(name, Source));
    }

    [Theory]
    [InlineData("MailboxRestore")]
    [InlineData("Restore of Megan")]
    [InlineData("IR-megan.bowen-aa193739")]            // no kind
    [InlineData("IR-megan.bowen-00000000-Primary")]    // the hex is another mailbox's
    [InlineData(null)]
    public void OtherNamesGiveNothing(string? name) => Assert.Null(RequestNaming.SourceAliasFromName(name, Source));

    [Fact]
    public void ANameMadeWithoutAnAliasGivesNothing()
    {
        var name = RequestNaming.ForSource(null, Source, false);   // IR-07c68d60-aa193739-Primary
        Assert.Null(RequestNaming.SourceAliasFromName(name, Source));
    }

    [Fact]
    public void NoSourceGuidGivesNothing() =>
        Assert.Null(RequestNaming.SourceAliasFromName(RequestNaming.ForSource("megan.bowen", Source, false), Guid.Empty));
}

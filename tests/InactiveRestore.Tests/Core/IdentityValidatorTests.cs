using System;
using InactiveRestore.Core;
using Xunit;

namespace InactiveRestore.Tests.Core;

public class IdentityValidatorTests
{
    [Theory]
    [InlineData("4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d", IdentityKind.Guid, "4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d")]
    [InlineData("{4F1B2D3C-5E6F-4A1B-8C9D-0E1F2A3B4C5D}", IdentityKind.Guid, "4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d")]
    [InlineData("CN=Jo Smith,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com", IdentityKind.DistinguishedName, null)]
    [InlineData(@"CN=Smith\, Jo,OU=contoso.onmicrosoft.com,DC=prod", IdentityKind.DistinguishedName, null)]
    [InlineData("/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=4f1b2d3c-jo", IdentityKind.LegacyExchangeDN, null)]
    [InlineData("jo.smith@contoso.com", IdentityKind.SmtpAddress, null)]
    [InlineData("jo", IdentityKind.Name, null)]
    [InlineData("Jo Smith (Sales)", IdentityKind.Name, null)]
    [InlineData("  jo@contoso.com  ", IdentityKind.SmtpAddress, "jo@contoso.com")]
    [InlineData("O'Brien; $(Remove-Item C:\\) \"x\"", IdentityKind.Name, null)]
    [InlineData("јо@contoso.com", IdentityKind.SmtpAddress, null)] // Cyrillic look-alikes: printable, passed literally
    [InlineData("CN=only", IdentityKind.Name, null)]
    public void Accepts(string value, object kindArg, string? normalized)
    {
        var kind = (IdentityKind)kindArg;
        var info = IdentityValidator.Validate(value);
        Assert.Equal(kind, info.Kind);
        Assert.Equal(normalized ?? value.Trim(), info.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("jo*")]
    [InlineData("j?")]
    [InlineData("jo\u0000smith")]
    [InlineData("jo\u001bsmith")]
    [InlineData("jo\nsmith")]
    public void Refuses(string? value)
    {
        var e = Assert.Throws<InvalidInputException>(() => IdentityValidator.Validate(value));
        Assert.Equal("InvalidIdentity", e.ErrorId);
        Assert.Equal(value, e.Value);
        Assert.Equal("Identity", e.ParamName);
    }

    [Fact]
    public void WildcardMessageSaysExchangeDoesNotTakeThem()
    {
        var e = Assert.Throws<InvalidInputException>(() => IdentityValidator.Validate("*"));
        Assert.Contains("wildcard", e.Message);
    }

    [Fact]
    public void RefusesOverlongValues()
    {
        Assert.Throws<InvalidInputException>(() => IdentityValidator.Validate(new string('a', 257)));
        Assert.Throws<InvalidInputException>(() => IdentityValidator.Validate("CN=" + new string('a', 1100) + ",DC=x"));
        Assert.Equal(IdentityKind.Name, IdentityValidator.Validate(new string('a', 256)).Kind);
        Assert.Equal(IdentityKind.DistinguishedName, IdentityValidator.Validate("CN=" + new string('a', 500) + ",DC=x").Kind);
    }

    [Fact]
    public void UsesTheGivenParameterName()
    {
        var e = Assert.Throws<InvalidInputException>(() => IdentityValidator.Validate("", "SourceMailbox"));
        Assert.Equal("SourceMailbox", e.ParamName);
    }

    [Fact]
    public void GuidIsExposed()
    {
        Assert.Equal(Guid.Parse("4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d"), IdentityValidator.Validate("{4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d}").Guid);
        Assert.True(IdentityValidator.Validate("{4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d}").IsUnique);
        Assert.False(IdentityValidator.Validate("jo").IsUnique);
    }
}

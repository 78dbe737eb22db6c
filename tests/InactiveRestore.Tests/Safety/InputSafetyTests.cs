using System;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Commands;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using InactiveRestore.Tests.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Safety;

/// <summary>Issue 4: the seam's blank-identity guard, the TimeSpan and enum transformations, and the offline checks.</summary>
public class InputSafetyTests
{
    private static RetryPolicy Fast => new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2), Delay = (_, _) => { } };

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData("\r\n")]
    [InlineData("\u00A0")]
    public void ParamRefusesABlankIdentity(string blank)
    {
        var e = Assert.Throws<InvalidInputException>(() => new ExchangeCommand("Get-MailboxRestoreRequest").Param("Identity", blank));
        Assert.Equal("InvalidIdentity", e.ErrorId);
        Assert.Equal(blank, e.Value);
        // Other parameters may be blank-looking values (Exchange takes them literally), e.g. a comment.
        new ExchangeCommand("Suspend-MailboxRestoreRequest").Param("SuspendComment", " ");
    }

    [Theory]
    [InlineData("Get-Mailbox", false)]
    [InlineData("Get-MailboxRestoreRequest", false)]
    [InlineData("New-MailboxRestoreRequest", false)]
    [InlineData("Get-MailboxStatistics", true)]
    [InlineData("Get-MailboxRestoreRequestStatistics", true)]
    [InlineData("Set-Mailbox", true)]
    [InlineData("Suspend-MailboxRestoreRequest", true)]
    [InlineData("Resume-MailboxRestoreRequest", true)]
    [InlineData("Remove-MailboxRestoreRequest", true)]
    public void ChangeCommandsWithoutAnIdentityAreRefused(string name, bool refused)
    {
        var command = new ExchangeCommand(name);
        if (refused) Assert.Equal("InvalidIdentity", Assert.Throws<InvalidInputException>(command.EnsureIdentityIsSafe).ErrorId);
        else command.EnsureIdentityIsSafe();
    }

    [Fact]
    public void TheEmptyGuidIsABlankIdentity()
    {
        Assert.Throws<InvalidInputException>(() => new ExchangeCommand("Get-MailboxRestoreRequestStatistics").Param("Identity", Guid.Empty));
        new ExchangeCommand("Get-MailboxRestoreRequestStatistics").Param("Identity", Guid.NewGuid()).EnsureIdentityIsSafe();
    }

    [Fact]
    public void TheSeamSendsNothingWithABlankIdentity()
    {
        using var rs = new FakeExchangeRunspace();
        var client = new RunspaceExchangeClient(rs.Create, Fast);
        var calls = 0;
        client.Calling += (_, _) => calls++;
        Assert.Throws<InvalidInputException>(() => client.Invoke(new ExchangeCommand("Set-Mailbox").Param("RetentionHoldEnabled", true)));
        Assert.Throws<InvalidInputException>(() => client.Invoke(new ExchangeCommand("Get-Mailbox").Param("Identity", Guid.Empty)));
        Assert.Equal(0, calls);
        Assert.Equal(0, rs.CallCount("Get-Mailbox"));
        Assert.Equal(0, rs.CallCount("Set-Mailbox"));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("{00000000-0000-0000-0000-000000000000}")]
    public void TheEmptyGuidIsNoMailboxIdentity(string value)
    {
        Assert.False(IdentityValidator.TryValidate(value, out _, out var reason));
        Assert.Contains("empty GUID", reason);
        Assert.False(RequestIdentity.TryValidate(value, out _, out _));
    }

    [Theory]
    [InlineData(30, 30.0)]
    [InlineData(30L, 30.0)]
    [InlineData(2.5, 2.5)]
    [InlineData("90", 90.0)]
    [InlineData(" 1.5 ", 1.5)]
    [InlineData("-5", -5.0)]
    [InlineData(0, 0.0)]
    public void ABareNumberIsSeconds(object input, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SecondsTimeSpanAttribute.Convert(input));

    [Fact]
    public void OtherTimeSpanFormsAreLeftToPowerShell()
    {
        Assert.Equal("00:05:00", SecondsTimeSpanAttribute.Convert("00:05:00"));
        Assert.Equal(TimeSpan.FromHours(2), SecondsTimeSpanAttribute.Convert(TimeSpan.FromHours(2)));
        Assert.Null(SecondsTimeSpanAttribute.Convert(null));
        Assert.Throws<ArgumentTransformationMetadataException>(() => SecondsTimeSpanAttribute.Convert(double.NaN));
        Assert.Throws<ArgumentTransformationMetadataException>(() => SecondsTimeSpanAttribute.Convert(1e300));
    }

    [Fact]
    public void EveryTimeSpanParameterReadsNumbersAsSeconds()
    {
        var parameters = typeof(ExchangeCmdletBase).Assembly.GetTypes()
            .Where(t => typeof(Cmdlet).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetProperties())
            .Where(p => (p.PropertyType == typeof(TimeSpan) || p.PropertyType == typeof(TimeSpan?)) && p.IsDefined(typeof(ParameterAttribute), true))
            .ToList();
        Assert.Equal(6, parameters.Count); // Watch -PollInterval -MaxPollInterval -Timeout -ProgressInterval, Start -Timeout -ProgressInterval
        Assert.All(parameters, p => Assert.True(p.IsDefined(typeof(SecondsTimeSpanAttribute), true), p.DeclaringType!.Name + "." + p.Name));
    }

    [Fact]
    public void EnumArgumentTakesNamesAndBlanksAndRefusesTheRest()
    {
        var a = new EnumArgumentAttribute(typeof(ArchiveOption), ArchiveOption.Auto);
        Assert.Equal(ArchiveOption.Exclude, a.Convert("exclude"));
        Assert.Equal(ArchiveOption.Only, a.Convert(new PSObject(" Only ")));
        Assert.Equal(ArchiveOption.Include, a.Convert(ArchiveOption.Include));
        Assert.Equal(ArchiveOption.Auto, a.Convert(""));
        Assert.Equal(ArchiveOption.Auto, a.Convert(null));
        Assert.Contains("use one of Auto, Include, Exclude, Only", Assert.Throws<ArgumentTransformationMetadataException>(() => a.Convert("Bogus")).Message);
        Assert.Throws<ArgumentTransformationMetadataException>(() => a.Convert("Include,Exclude"));
        Assert.Throws<ArgumentTransformationMetadataException>(() => a.Convert(1));
        Assert.Null(new EnumArgumentAttribute(typeof(OperationStatus), null).Convert(" "));
    }

    [Theory]
    [InlineData("a\0b", "control")]
    [InlineData("a\u001b[2Jb", "control")]
    public void SuspendCommentsAreChecked(string comment, string why)
    {
        var e = Assert.Throws<InvalidInputException>(() => RestoreInput.ThrowIfInvalidSuspendComment("SuspendComment", comment));
        Assert.Equal("InvalidSuspendComment", e.ErrorId);
        Assert.Equal(comment, e.Value);
        Assert.Contains(why, e.Message);
        Assert.Contains("4096", Assert.Throws<InvalidInputException>(() => RestoreInput.ThrowIfInvalidSuspendComment("SuspendComment", new string('c', 4097))).Message);
        RestoreInput.ThrowIfInvalidSuspendComment("SuspendComment", "line 1\r\n\tline 2");
        RestoreInput.ThrowIfInvalidSuspendComment("SuspendComment", null);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a\\b")]
    [InlineData("a\u0007")]
    public void BatchNamesHaveTheirOwnErrorId(string batch) =>
        Assert.Equal("InvalidBatchName", Assert.Throws<InvalidInputException>(() => RestoreInput.ThrowIfInvalidBatchName("BatchName", batch)).ErrorId);
}

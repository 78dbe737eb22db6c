using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Core.Readiness;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Readiness;

public class ShapeRulesTests
{
    private static Dictionary<string, object?> Statistics() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["TotalItemSize"] = "225.8 MB (236,732,045 bytes)",
        ["ItemCount"] = 723,
        ["TotalDeletedItemSize"] = "0 B (0 bytes)",
        ["DeletedItemCount"] = "12",
    };

    [Fact]
    public void AWellFormedObjectHasNoProblems()
    {
        Assert.Empty(ShapeRules.Check(Statistics(), ShapeRules.MailboxStatistics));
    }

    [Fact]
    public void MissingEmptyAndOddValuesAreNamed()
    {
        var bag = Statistics();
        bag["TotalItemSize"] = "225.8 MB";
        bag.Remove("ItemCount");
        bag["TotalDeletedItemSize"] = null;
        bag["DeletedItemCount"] = "many";
        var problems = ShapeRules.Check(bag, ShapeRules.MailboxStatistics).Select(p => p.Description).ToList();
        Assert.Equal(new[]
        {
            "TotalItemSize is '225.8 MB' (text), not a size with '(N bytes)'",
            "ItemCount is missing",
            "TotalDeletedItemSize is empty",
            "DeletedItemCount is 'many' (text), not a whole number",
        }, problems);
    }

    [Theory]
    [InlineData("Guid", "4f1b2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d", true)]
    [InlineData("Guid", "not-a-guid", false)]
    [InlineData("SizeOrUnlimited", "Unlimited", true)]
    [InlineData("SizeOrUnlimited", "100 GB (107,374,182,400 bytes)", true)]
    [InlineData("SizeOrUnlimited", "100 GB", false)]
    [InlineData("Bool", "True", true)]
    [InlineData("Bool", "Yes", false)]
    [InlineData("Percent", "100", true)]
    [InlineData("Percent", "101", false)]
    [InlineData("LegacyDN", "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=x", true)]
    [InlineData("LegacyDN", "CN=x,DC=prod", false)]
    [InlineData("SmtpAddress", "jo@contoso.com", true)]
    [InlineData("Date", "2026-03-02T10:00:00Z", true)]
    [InlineData("Date", "yesterday", false)]
    public void Forms(string form, string value, bool fits)
    {
        Assert.Equal(fits, ShapeRules.Fits(Enum.Parse<ValueForm>(form), value));
    }

    [Fact]
    public void ProxyAddressesNeedPrefixes()
    {
        Assert.True(ShapeRules.Fits(ValueForm.ProxyAddresses, new List<object?> { "SMTP:jo@contoso.com", "X500:/o=x" }));
        Assert.False(ShapeRules.Fits(ValueForm.ProxyAddresses, new List<object?> { "jo@contoso.com" }));
        Assert.True(ShapeRules.Fits(ValueForm.Guid, Guid.NewGuid()));
        Assert.True(ShapeRules.Fits(ValueForm.Size, 236732045L));
    }

    [Fact]
    public void ValuesThatMayBePersonalAreNotShown()
    {
        var bag = new Dictionary<string, object?> { ["LegacyExchangeDN"] = "CN=Jo Smith,OU=contoso", ["PrimarySmtpAddress"] = "Jo Smith" };
        var text = string.Join("; ", ShapeRules.Check(bag, ShapeRules.InactiveMailbox.Where(r => r.Property is "LegacyExchangeDN" or "PrimarySmtpAddress")));
        Assert.DoesNotContain("Jo", text);
        Assert.Contains("LegacyExchangeDN is text not starting with '/o='", text);
    }

    [Fact]
    public void ShapeRowFailsOnlyForRequiredProperties()
    {
        var optional = new ShapeRule("IsDirSynced", ValueForm.Bool, required: false);
        var required = new ShapeRule("ExchangeGuid", ValueForm.Guid);
        Assert.Equal(ReadinessStatus.Warn, ReadinessRows.Shape("x", "Get-X", new[] { new ShapeProblem(optional, "IsDirSynced is missing") }, 2).Status);
        var fail = ReadinessRows.Shape("x", "Get-X", new[] { new ShapeProblem(required, "ExchangeGuid is not a GUID (text)") }, 2);
        Assert.Equal(ReadinessStatus.Fail, fail.Status);
        Assert.Contains("ExchangeGuid is not a GUID", fail.Detail);
        Assert.Contains("maintainers", fail.Remedy);
        Assert.Equal(ReadinessStatus.Pass, ReadinessRows.Shape("x", "Get-X", Array.Empty<ShapeProblem>(), 2).Status);
    }

    [Theory]
    [InlineData("Core", "7.4.6", ReadinessStatus.Pass)]
    [InlineData("Desktop", "5.1.22621.4391", ReadinessStatus.Pass)]
    [InlineData("Core", "7.0.3", ReadinessStatus.Warn)]
    [InlineData("Core", "7.5.0-preview.2", ReadinessStatus.Pass)]
    [InlineData("Desktop", "4.0", ReadinessStatus.Fail)]
    public void PowerShellVersions(string edition, string version, ReadinessStatus status)
    {
        Assert.Equal(status, ReadinessRows.PowerShell(edition, version).Status);
    }

    [Theory]
    [InlineData("3.5.1", ReadinessStatus.Pass)]
    [InlineData("2.0.5", ReadinessStatus.Warn)]
    [InlineData(null, ReadinessStatus.Warn)]
    public void ExchangeModuleVersions(string? version, ReadinessStatus status)
    {
        Assert.Equal(status, ReadinessRows.ExchangeModule(version, "tmpEXO_abc").Status);
    }

    [Fact]
    public void MissingCommandRowsNameTheRoleAndTheExactLine()
    {
        var newRequest = RequiredCommands.All.Single(c => c.Name == "New-MailboxRestoreRequest");
        var row = ReadinessRows.CommandMissing(newRequest, "New-ContosoMailboxRestoreRequest", null, "Get-ContosoManagementRole is not available in this session to ask", "admin@contoso.onmicrosoft.com");
        Assert.Equal(ReadinessStatus.Fail, row.Status);
        Assert.Contains("'Mailbox Import Export'", row.Detail);
        Assert.Contains("New-ManagementRoleAssignment -Role 'Mailbox Import Export' -User 'admin@contoso.onmicrosoft.com'", row.Remedy);
        Assert.Contains("Connect-ExchangeOnline", row.Remedy);

        var folders = RequiredCommands.All.Single(c => c.Name == "Get-MailboxFolderStatistics");
        var asked = ReadinessRows.CommandMissing(folders, "Get-MailboxFolderStatistics", new[] { "View-Only Recipients", "Mail Recipients" }, null, null);
        Assert.Equal(ReadinessStatus.Warn, asked.Status);
        Assert.Contains("'View-Only Recipients', 'Mail Recipients'", asked.Detail);
        Assert.Contains("-Role 'Mail Recipients' -User '<admin>'", asked.Remedy);
    }
}

using Xunit;
namespace ExchangeSimulator.Tests;
public class SmokeTests
{
    [Fact]
    public void PowerShellHostsARunspace()
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.AddCommand("Get-Date");
        Assert.Single(ps.Invoke());
    }
}

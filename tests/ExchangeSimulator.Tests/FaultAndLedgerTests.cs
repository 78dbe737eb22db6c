using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ExchangeSimulator.Tests;

public class FaultAndLedgerTests
{
    private static List<string> Outcomes(int seed)
    {
        using var s = new SimSession(seed: seed);
        s.Run("Set-ExchangeSimulatorFault", ("TransientErrorRate", 0.3));
        var result = new List<string>();
        for (int i = 0; i < 40; i++)
        {
            s.Run("Get-Mailbox", ("Identity", "adele.vance"));
            result.Add(s.Errors.Count == 0 ? "ok" : s.Errors[0].Exception.Message.Split('|')[1]);
        }
        return result;
    }

    [Fact]
    public void TransientFaultsAreThrottlingAndDeterministicBySeed()
    {
        var a = Outcomes(7);
        Assert.Equal(a, Outcomes(7));
        Assert.Contains("Microsoft.Exchange.Data.Storage.ServerBusyException", a);
        Assert.Contains("ok", a);
        Assert.NotEqual(a, Outcomes(8));
    }

    [Fact]
    public void FaultMessageFormAndScope()
    {
        using var s = new SimSession();
        s.Run("Set-ExchangeSimulatorFault", ("CommandName", new[] { "Get-MailboxStatistics" }), ("TransientErrorRate", 1.0));
        Assert.Single(s.Run("Get-Mailbox", ("Identity", "adele.vance")));
        s.Run("Get-MailboxStatistics", ("Identity", "adele.vance"));
        var e = Assert.Single(s.Errors);
        Assert.Matches(@"^Ex[0-9A-F]{6}\|Microsoft\.Exchange\.Data\.Storage\.ServerBusyException\|The server is busy\. .*micro delay", e.Exception.Message);
        Assert.Equal(ErrorCategory.ResourceBusy, e.CategoryInfo.Category);
        Assert.Equal("Fault", s.Run("Get-ExchangeSimulatorLedger").Last().Prop<string>("Outcome"));
        s.Run("Set-ExchangeSimulatorFault", ("-Clear", null));
        Assert.Single(s.Run("Get-MailboxStatistics", ("Identity", "adele.vance")));
        Assert.ThrowsAny<RuntimeException>(() => s.Run("Set-ExchangeSimulatorFault", ("CommandName", new[] { "Get-Nothing" }), ("TransientErrorRate", 1.0)));
    }

    [Fact]
    public void SomeChangeFaultsHappenAfterTheChangeWasApplied()
    {
        using var s = new SimSession(seed: 3);
        string dn = s.Mailbox("megan.bowen", true).Prop<string>("DistinguishedName");
        s.Run("Set-ExchangeSimulatorFault", ("CommandName", new[] { "New-MailboxRestoreRequest" }), ("TransientErrorRate", 1.0));
        int applied = 0, notApplied = 0;
        for (int i = 0; i < 10; i++)
        {
            int before = s.Run("Get-MailboxRestoreRequest").Count;
            var r = s.Run("New-MailboxRestoreRequest", ("SourceMailbox", dn), ("TargetMailbox", "adele.vance"), ("Name", "r" + i), ("-AllowLegacyDNMismatch", null));
            Assert.Empty(r);
            Assert.Contains("ServerBusyException", Assert.Single(s.Errors).Exception.Message);
            var entry = s.Run("Get-ExchangeSimulatorLedger", ("CommandName", new[] { "New-MailboxRestoreRequest" })).Last();
            Assert.Equal("Fault", entry.Prop<string>("Outcome"));
            int after = s.Run("Get-MailboxRestoreRequest").Count;
            if (entry.Prop<bool>("ChangeApplied")) { applied++; Assert.Equal(before + 1, after); }
            else { notApplied++; Assert.Equal(before, after); }
        }
        Assert.True(applied > 0 && notApplied > 0, $"applied {applied}, not applied {notApplied}");
    }

    [Fact]
    public void ExpiredTokenFailsEveryCall()
    {
        using var s = new SimSession();
        var start = s.One("Get-ExchangeSimulatorState").Prop<DateTime>("Now");
        s.Run("Set-ExchangeSimulatorFault", ("TokenExpiresAt", start.AddMinutes(30)));
        Assert.Single(s.Run("Get-Mailbox", ("Identity", "adele.vance")));
        Assert.Equal("Active", s.One("Get-ConnectionInformation").Prop<string>("TokenStatus"));
        s.Step(31);
        var ci = s.One("Get-ConnectionInformation");
        Assert.Equal("Expired", ci.Prop<string>("TokenStatus"));
        Assert.Equal(start.AddMinutes(30), ci.Prop<DateTime>("TokenExpiryTimeUTC"));
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        var e = Assert.Single(s.Errors);
        Assert.Contains("|Microsoft.Exchange.Management.RestApiClient.RestApiUnauthorizedException|401 Unauthorized", e.Exception.Message);
        Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
        s.Run("Set-ExchangeSimulatorFault", ("-Clear", null));
        Assert.Single(s.Run("Get-Mailbox", ("Identity", "adele.vance")));
    }

    [Fact]
    public void LedgerRecordsEveryCallWithParameters()
    {
        using var s = new SimSession();
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        s.Run("Get-Mailbox", ("Identity", "nobody"));
        s.Restore("megan.bowen", "adele.vance", ("BatchName", "b1"));
        var all = s.Run("Get-ExchangeSimulatorLedger");
        Assert.Equal(new[] { "Get-Mailbox", "Get-Mailbox", "Get-Mailbox", "Set-Mailbox", "New-MailboxRestoreRequest" }, all.Select(e => e.Prop<string>("CommandName")));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, all.Select(e => e.Prop<long>("Sequence")));
        Assert.Equal("Success", all[0].Prop<string>("Outcome"));
        Assert.Equal("Error", all[1].Prop<string>("Outcome"));
        Assert.Contains("ManagementObjectNotFoundException", all[1].Prop<string>("Error"));
        var p = all[4].Prop<Hashtable>("Parameters");
        Assert.Equal("adele.vance", p["TargetMailbox"]);
        Assert.Equal("b1", p["BatchName"]);
        Assert.True(all[4].Prop<bool>("ChangeApplied"));
        Assert.False(all[0].Prop<bool>("ChangeApplied"));
        Assert.Single(s.Run("Get-ExchangeSimulatorLedger", ("CommandName", new[] { "New-MailboxRestoreRequest" })));
        s.Run("Clear-ExchangeSimulatorLedger");
        Assert.Empty(s.Run("Get-ExchangeSimulatorLedger"));
        s.Run("Get-MailboxRestoreRequest");
        Assert.Equal(6L, s.One("Get-ExchangeSimulatorLedger").Prop<long>("Sequence"));
    }

    [Fact]
    public void RunsAreDeterministicForASeed()
    {
        string Run(int seed)
        {
            using var s = new SimSession(seed: seed);
            s.Restore("alex.wilber", "adele.vance");
            s.Restore("lee.gu", "allan.deyoung");
            s.Step(200);
            var a = s.Stats("adele.vance\\MailboxRestore");
            var b = s.Stats("allan.deyoung\\MailboxRestore");
            return string.Join(";", new[] { a, b }.Select(x => x.Prop<string>("Status") + "," + x.Prop<string>("BytesTransferred") + "," + x.Prop<DateTime?>("CompletionTimestamp") + "," + x.Prop<Guid>("RequestGuid")));
        }
        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));
    }
}

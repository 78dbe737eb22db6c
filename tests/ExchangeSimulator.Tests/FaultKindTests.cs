using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ExchangeSimulator.Tests;

public class FaultKindTests
{
    private static void Fault(SimSession s, string kind, string? command = null, double rate = 1.0)
    {
        if (command == null) s.Run("Set-ExchangeSimulatorFault", ("TransientErrorRate", rate), ("Kind", kind));
        else s.Run("Set-ExchangeSimulatorFault", ("CommandName", new[] { command }), ("TransientErrorRate", rate), ("Kind", kind));
        Assert.Empty(s.Errors);
    }

    [Fact]
    public void MicroDelayIsAWarningAndTheCallSucceeds()
    {
        using var s = new SimSession();
        Fault(s, "MicroDelay", "Get-Mailbox");
        var before = (DateTime)s.Run("Step-ExchangeSimulator", ("Minutes", 0.0), ("-PassThru", null))[0].BaseObject;
        var r = s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        Assert.Single(r);
        Assert.Empty(s.Errors);
        var w = Assert.Single(s.Warnings);
        var m = System.Text.RegularExpressions.Regex.Match(w, @"^Micro delay applied\. Actual delayed: (\d+) msecs, Enforced: (True|False), Capped delay: (\d+) msecs, Required: (True|False), Additional info: .+");
        Assert.True(m.Success, w);
        var after = (DateTime)s.Run("Step-ExchangeSimulator", ("Minutes", 0.0), ("-PassThru", null))[0].BaseObject;
        Assert.Equal(int.Parse(m.Groups[1].Value), (int)Math.Round((after - before).TotalMilliseconds));
        Assert.Equal("Success", s.Run("Get-ExchangeSimulatorLedger", ("CommandName", new[] { "Get-Mailbox" })).Last().Prop<string>("Outcome"));
    }

    [Theory]
    [InlineData("HttpRequest", "An error occurred while sending the request.", typeof(System.Net.Http.HttpRequestException))]
    [InlineData("GetResponseHeader", "Method invocation failed because [System.Net.Http.HttpResponseMessage] does not contain a method named 'GetResponseHeader'.", typeof(RuntimeException))]
    [InlineData("EmptyFieldsUserNotFound", "||The user couldn't be found.", typeof(InvalidOperationException))]
    public void VerbatimFaultTexts(string kind, string text, Type exceptionType)
    {
        using var s = new SimSession();
        Fault(s, kind, "Get-MailboxStatistics");
        Assert.Empty(s.Run("Get-MailboxStatistics", ("Identity", "adele.vance")));
        var e = Assert.Single(s.Errors);
        Assert.Equal(text, e.Exception.Message);
        Assert.IsType(exceptionType, e.Exception);
        var entry = s.Run("Get-ExchangeSimulatorLedger").Last();
        Assert.Equal("Fault", entry.Prop<string>("Outcome"));
        Assert.Equal(text, entry.Prop<string>("Error"));
    }

    [Fact]
    public void PaddedInvalidOperationForm()
    {
        using var s = new SimSession();
        Fault(s, "PaddedInvalidOperation", "Get-Mailbox");
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        Assert.StartsWith("| System.InvalidOperationException | The operation ", Assert.Single(s.Errors).Exception.Message);
    }

    [Fact]
    public void PaginationExpiryHitsListingsOnlyAfterPartOfTheRows()
    {
        using var s = new SimSession();
        int all = s.Run("Get-Mailbox", ("ResultSize", "Unlimited")).Count;
        Fault(s, "PaginationExpired");
        Assert.Single(s.Run("Get-Mailbox", ("Identity", "adele.vance")));
        Assert.Empty(s.Errors);
        var part = s.Run("Get-Mailbox", ("ResultSize", "Unlimited"));
        Assert.Equal(all / 2, part.Count);
        Assert.Equal("Expired or Invalid pagination request. Default Expiry time is 00:30:00", Assert.Single(s.Errors).Exception.Message);
    }

    [Fact]
    public void ReplicationDelayHidesAJustChangedObjectFromTheFirstReads()
    {
        using var s = new SimSession();
        s.Run("Set-ExchangeSimulatorFault", ("ReplicationDelayReads", 2));
        var req = s.Restore("megan.bowen", "adele.vance");
        string guid = req.Prop<Guid>("RequestGuid").ToString();
        for (int i = 0; i < 2; i++)
        {
            Assert.Empty(s.Run("Get-MailboxRestoreRequestStatistics", ("Identity", guid)));
            var e = Assert.Single(s.Errors);
            Assert.Equal("Ex4215D1|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object '" + guid +
                "' couldn't be read from domain controller 'EURPR01A001DC03.EURPR01A001.prod.outlook.com'. This may be due to replication delays.", e.Exception.Message);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        }
        Assert.Single(s.Run("Get-MailboxRestoreRequestStatistics", ("Identity", guid)));
        // The target mailbox changed too (Set-Mailbox added the X500): its first two reads by identity fail.
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        Assert.Contains("replication delays", Assert.Single(s.Errors).Exception.Message);
        // Listings are not reads by identity.
        Assert.Single(s.Run("Get-MailboxRestoreRequest"));
        Assert.Empty(s.Errors);
    }

    [Fact]
    public void AListingOmitsARequestOnce()
    {
        using var s = new SimSession();
        var a = s.Restore("megan.bowen", "adele.vance");
        s.Restore("lee.gu", "allan.deyoung");
        s.Run("Set-ExchangeSimulatorFault", ("OmitRequestOnce", new[] { a.Prop<Guid>("RequestGuid").ToString() }));
        Assert.Empty(s.Errors);
        var first = s.Run("Get-MailboxRestoreRequest");
        Assert.Single(first);
        Assert.Equal("allan.deyoung\\MailboxRestore", first[0].Prop<string>("Identity"));
        Assert.Equal(2, s.Run("Get-MailboxRestoreRequest").Count);
        // A direct read was never affected.
        Assert.Single(s.Run("Get-MailboxRestoreRequest", ("Identity", "adele.vance\\MailboxRestore")));
    }

    [Fact]
    public void AnExpiredTokenCanSurfaceAsGetResponseHeader()
    {
        using var s = new SimSession();
        s.Run("Set-ExchangeSimulatorFault", ("TokenExpiresAt", new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc)), ("TokenExpiredForm", "GetResponseHeader"));
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        Assert.Equal("Method invocation failed because [System.Net.Http.HttpResponseMessage] does not contain a method named 'GetResponseHeader'.", Assert.Single(s.Errors).Exception.Message);
        s.Run("Set-ExchangeSimulatorFault", ("-Clear", null));
        Assert.Single(s.Run("Get-Mailbox", ("Identity", "adele.vance")));
    }

    [Fact]
    public void ServerBusyStaysTheDefaultKind()
    {
        using var s = new SimSession();
        s.Run("Set-ExchangeSimulatorFault", ("CommandName", new[] { "Get-Mailbox" }), ("TransientErrorRate", 1.0));
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        Assert.Contains("|Microsoft.Exchange.Data.Storage.ServerBusyException|", Assert.Single(s.Errors).Exception.Message);
    }

    [Fact]
    public void CallLatencyIsChargedToTheSimulatedClock()
    {
        using var s = new SimSession();
        s.Script("Connect-ExchangeSimulator -TimeScale 0 -CallLatency 00:00:00.300");
        Assert.Empty(s.Errors);
        var before = (DateTime)s.Run("Step-ExchangeSimulator", ("Minutes", 0.0), ("-PassThru", null))[0].BaseObject;
        for (int i = 0; i < 10; i++) s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        var after = (DateTime)s.Run("Step-ExchangeSimulator", ("Minutes", 0.0), ("-PassThru", null))[0].BaseObject;
        Assert.Equal(TimeSpan.FromSeconds(3), after - before);
    }
}

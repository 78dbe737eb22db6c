using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ExchangeSimulator.Tests;

public class MiscTests
{
    [Fact]
    public void StartTimeStepAndPassThru()
    {
        using var s = new SimSession(connect: false);
        s.Run("Connect-ExchangeSimulator", ("TimeScale", 0.0), ("StartTime", new DateTime(2027, 1, 4, 8, 0, 0, DateTimeKind.Unspecified)));
        var now = s.One("Get-ExchangeSimulatorState").Prop<DateTime>("Now");
        Assert.Equal(new DateTime(2027, 1, 4, 8, 0, 0), now);
        Assert.Equal(DateTimeKind.Utc, now.Kind);
        var after = s.One("Step-ExchangeSimulator", ("Duration", TimeSpan.FromHours(2)), ("-PassThru", null));
        Assert.Equal(new DateTime(2027, 1, 4, 10, 0, 0), (DateTime)after.BaseObject);
        Assert.Empty(s.Run("Step-ExchangeSimulator", ("Minutes", 5.0)));
        Assert.Equal(new DateTime(2027, 1, 4, 10, 5, 0), s.One("Get-ExchangeSimulatorState").Prop<DateTime>("Now"));
    }

    [Fact]
    public void LatencyDelaysMatchingCalls()
    {
        using var s = new SimSession();
        s.Run("Set-ExchangeSimulatorFault", ("CommandName", new[] { "Get-Mailbox" }), ("Latency", TimeSpan.FromMilliseconds(150)));
        var sw = Stopwatch.StartNew();
        s.Run("Get-Mailbox", ("Identity", "adele.vance"));
        Assert.True(sw.ElapsedMilliseconds >= 140, sw.ElapsedMilliseconds + " ms");
        Assert.Empty(s.Errors);
    }

    [Fact]
    public void WhatIfCreatesNothingAndSoftDeletedSourcesWork()
    {
        using var s = new SimSession();
        var dn = s.One("Get-Mailbox", ("Identity", "christie.cline"), ("-SoftDeletedMailbox", null)).Prop<string>("DistinguishedName");
        Assert.Empty(s.Run("New-MailboxRestoreRequest", ("SourceMailbox", dn), ("TargetMailbox", "adele.vance"), ("-AllowLegacyDNMismatch", null), ("WhatIf", true)));
        Assert.Empty(s.Run("Get-MailboxRestoreRequest"));
        Assert.Single(s.Run("New-MailboxRestoreRequest", ("SourceMailbox", dn), ("TargetMailbox", "adele.vance"), ("-AllowLegacyDNMismatch", null)));
        // Request identity through another identity form of the target.
        Assert.Single(s.Run("Get-MailboxRestoreRequest", ("Identity", "adele.vance@contoso.onmicrosoft.com\\MailboxRestore")));
    }

    [Fact]
    public void SetMailboxRestoreRequestChangesFields()
    {
        using var s = new SimSession();
        s.Restore("megan.bowen", "adele.vance");
        s.Run("Set-MailboxRestoreRequest", ("Identity", "adele.vance\\MailboxRestore"), ("BatchName", "wave2"), ("CompletedRequestAgeLimit", TimeSpan.FromDays(5)));
        Assert.Empty(s.Errors);
        var st = s.Stats("adele.vance\\MailboxRestore");
        Assert.Equal("wave2", st.Prop<string>("BatchName"));
        Assert.Equal("5.00:00:00", st.Prop<string>("CompletedRequestAgeLimit"));
        Assert.Single(s.Run("Get-MailboxRestoreRequest", ("BatchName", "wave2")));
        s.Run("Set-MailboxRestoreRequest", ("Identity", "adele.vance\\MailboxRestore"), ("BatchName", "wave2"));
        Assert.Contains(s.Warnings, w => w.Contains("no settings"));
    }

    [Fact]
    public void RequestResultSizeWarns()
    {
        using var s = new SimSession();
        foreach (var t in new[] { "adele.vance", "allan.deyoung", "cameron.white" }) s.Restore("megan.bowen", t);
        Assert.Equal(2, s.Run("Get-MailboxRestoreRequest", ("ResultSize", "2")).Count);
        Assert.Single(s.Warnings);
        Assert.Equal(3, s.Run("Get-MailboxRestoreRequest", ("ResultSize", "Unlimited")).Count);
    }

    [Fact]
    public void ParallelRunspacesHaveSeparateTenants()
    {
        using var a = new SimSession();
        using var b = new SimSession();
        a.Restore("megan.bowen", "adele.vance");
        Assert.Single(a.Run("Get-MailboxRestoreRequest"));
        Assert.Empty(b.Run("Get-MailboxRestoreRequest"));
    }

    [Fact]
    public void NotConnectedSimulatorCmdletsFail()
    {
        using var s = new SimSession(connect: false);
        Assert.ThrowsAny<RuntimeException>(() => s.Run("Get-ExchangeSimulatorLedger"));
        Assert.ThrowsAny<RuntimeException>(() => s.Run("Step-ExchangeSimulator", ("Minutes", 1.0)));
    }
}

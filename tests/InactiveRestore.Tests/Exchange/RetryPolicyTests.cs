using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using InactiveRestore.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Exchange;

public class RetryPolicyTests
{
    private readonly List<TimeSpan> _slept = new();
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private RetryPolicy Policy(int attempts = 5, TimeSpan? budget = null) => new()
    {
        MaxAttempts = attempts,
        BaseDelay = TimeSpan.FromSeconds(2),
        MaxDelay = TimeSpan.FromSeconds(60),
        TotalBudget = budget ?? TimeSpan.FromMinutes(5),
        Jitter = () => 1.0,
        Clock = () => _now,
        Delay = (d, ct) => { ct.ThrowIfCancellationRequested(); _slept.Add(d); _now += d; },
    };

    private static ExchangeException Transient(string command = "Get-Mailbox") =>
        new(ExchangeErrorKind.Transient, "The server is busy.", command, "x", "ServerBusyException");

    private static IReadOnlyList<PSObject> One() => new[] { new PSObject("ok") };

    [Fact]
    public void RetriesReadCallsWithExponentialBackoffAndReports()
    {
        var calls = 0;
        var reported = new List<ExchangeRetryEventArgs>();
        var result = Policy().Execute(new ExchangeCommand("Get-Mailbox"), () => { if (++calls < 4) throw Transient(); return One(); },
            onRetry: reported.Add);
        Assert.Single(result);
        Assert.Equal(4, calls);
        Assert.Equal(new[] { 2.0, 4.0, 8.0 }, _slept.ConvertAll(d => d.TotalSeconds));
        Assert.Equal(3, reported.Count);
        Assert.Equal(1, reported[0].FailedAttempt);
        Assert.Contains("retrying", reported[0].Message);
    }

    [Fact]
    public void GivesUpAfterMaxAttempts()
    {
        var calls = 0;
        var e = Assert.Throws<ExchangeException>(() => Policy(attempts: 3).Execute(new ExchangeCommand("Get-Mailbox"), () => { calls++; throw Transient(); }));
        Assert.Equal(3, calls);
        Assert.Equal(3, e.Attempts);
        Assert.Equal(ExchangeErrorKind.Transient, e.Kind);
        Assert.False(e.OutcomeUnknown);
    }

    [Fact]
    public void DelayIsCappedAndJittered()
    {
        var p = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(60), Jitter = () => 0.0 };
        Assert.Equal(1, p.ComputeDelay(1).TotalSeconds);
        Assert.Equal(30, p.ComputeDelay(10).TotalSeconds);
        var full = new RetryPolicy { Jitter = () => 1.0 };
        Assert.Equal(60, full.ComputeDelay(20).TotalSeconds);
    }

    [Fact]
    public void StopsWhenTheBudgetWouldBeExceeded()
    {
        var calls = 0;
        Assert.Throws<ExchangeException>(() => Policy(attempts: 10, budget: TimeSpan.FromSeconds(10)).Execute(new ExchangeCommand("Get-Mailbox"), () => { calls++; throw Transient(); }));
        // 2 + 4 = 6 s spent; the next 8 s would pass the 10 s budget.
        Assert.Equal(3, calls);
    }

    [Theory]
    [InlineData(ExchangeErrorKind.Permanent)]
    [InlineData(ExchangeErrorKind.NotFound)]
    [InlineData(ExchangeErrorKind.Ambiguous)]
    [InlineData(ExchangeErrorKind.SessionExpired)]
    public void NeverRetriesNonTransientErrors(object kindArg)
    {
        var kind = (ExchangeErrorKind)kindArg;
        var calls = 0;
        var e = Assert.Throws<ExchangeException>(() => Policy().Execute(new ExchangeCommand("Get-Mailbox"), () => { calls++; throw new ExchangeException(kind, "no", "Get-Mailbox"); }));
        Assert.Equal(1, calls);
        Assert.Equal(kind, e.Kind);
        Assert.Empty(_slept);
    }

    [Fact]
    public void ChangeCallWithoutCheckIsNotRetriedAndOutcomeIsUnknown()
    {
        var calls = 0;
        var e = Assert.Throws<ExchangeException>(() => Policy().Execute(new ExchangeCommand("New-MailboxRestoreRequest"), () => { calls++; throw Transient("New-MailboxRestoreRequest"); }));
        Assert.Equal(1, calls);
        Assert.True(e.OutcomeUnknown);
        Assert.Equal(ExchangeErrorKind.Transient, e.Kind);
        Assert.Empty(_slept);
    }

    [Fact]
    public void ChangeCallThatAlreadyHappenedIsNotSentAgain()
    {
        var calls = 0;
        var checks = 0;
        var result = Policy().Execute(new ExchangeCommand("Set-Mailbox"), () => { calls++; throw Transient("Set-Mailbox"); },
            new ExchangeCallOptions { AlreadyApplied = () => { checks++; return true; } });
        Assert.Empty(result);
        Assert.Equal(1, calls);
        Assert.Equal(1, checks);
    }

    [Fact]
    public void ChangeCallIsRetriedWhenTheCheckSaysItDidNotHappen()
    {
        var calls = 0;
        var checks = 0;
        var result = Policy().Execute(new ExchangeCommand("New-MailboxRestoreRequest"), () => { if (++calls < 3) throw Transient("New-MailboxRestoreRequest"); return One(); },
            new ExchangeCallOptions { AlreadyApplied = () => { checks++; return false; } });
        Assert.Single(result);
        Assert.Equal(3, calls);
        Assert.Equal(2, checks);
    }

    [Fact]
    public void FindAppliedReturnsTheExistingObjects()
    {
        var existing = new[] { new PSObject("request") };
        var result = Policy().Execute(new ExchangeCommand("New-MailboxRestoreRequest"), () => throw Transient("New-MailboxRestoreRequest"),
            new ExchangeCallOptions { FindApplied = () => existing });
        Assert.Same(existing, result);
    }

    [Fact]
    public void FailingCheckLeavesTheOutcomeUnknown()
    {
        var e = Assert.Throws<ExchangeException>(() => Policy().Execute(new ExchangeCommand("Set-Mailbox"), () => throw Transient("Set-Mailbox"),
            new ExchangeCallOptions { AlreadyApplied = () => throw new ExchangeException(ExchangeErrorKind.Transient, "busy", "Get-Mailbox") }));
        Assert.True(e.OutcomeUnknown);
    }

    [Theory]
    [InlineData(ExchangeErrorKind.SessionExpired)]
    [InlineData(ExchangeErrorKind.NotConnected)]
    public void ACheckThatFindsTheSessionGoneEndsWithTheSessionErrorOutcomeUnknown(object kindArg)
    {
        var kind = (ExchangeErrorKind)kindArg;
        var e = Assert.Throws<ExchangeException>(() => Policy().Execute(new ExchangeCommand("New-MailboxRestoreRequest"), () => throw Transient("New-MailboxRestoreRequest"),
            new ExchangeCallOptions { FindApplied = () => throw new ExchangeException(kind, "401 Unauthorized: the access token expired.", "Get-MailboxRestoreRequest") }));
        Assert.Equal(kind, e.Kind);
        Assert.True(e.OutcomeUnknown);
        Assert.Equal(1, e.Attempts);
    }

    [Fact]
    public void ChangeCallOutOfAttemptsWithCheckFalseIsKnownNotApplied()
    {
        var e = Assert.Throws<ExchangeException>(() => Policy(attempts: 2).Execute(new ExchangeCommand("Set-Mailbox"), () => throw Transient("Set-Mailbox"),
            new ExchangeCallOptions { AlreadyApplied = () => false }));
        Assert.False(e.OutcomeUnknown);
        Assert.Equal(2, e.Attempts);
    }

    [Fact]
    public void CancellationStopsTheWait()
    {
        using var cts = new CancellationTokenSource();
        var calls = 0;
        var p = new RetryPolicy { BaseDelay = TimeSpan.FromMinutes(1), Delay = (d, ct) => { cts.Cancel(); ct.ThrowIfCancellationRequested(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => p.Execute(new ExchangeCommand("Get-Mailbox"), () => { calls++; throw Transient(); }, cancellationToken: cts.Token));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void DefaultDelayWakesUpOnCancel()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var p = new RetryPolicy { BaseDelay = TimeSpan.FromMinutes(1), Jitter = () => 1.0 };
        var started = DateTime.UtcNow;
        Assert.ThrowsAny<OperationCanceledException>(() => p.Execute(new ExchangeCommand("Get-Mailbox"), () => throw Transient(), cancellationToken: cts.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void DefaultsMatchTheDesign()
    {
        var d = RetryPolicy.Default;
        Assert.Equal(5, d.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), d.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), d.MaxDelay);
        Assert.Equal(TimeSpan.FromMinutes(5), d.TotalBudget);
    }

    [Fact]
    public void ReadsThePreferenceHashtable()
    {
        var p = RetryPolicy.FromPreference(new System.Collections.Hashtable { ["MaxAttempts"] = 8, ["BaseDelay"] = 0.5, ["MaxDelay"] = "00:00:10", ["TotalBudget"] = TimeSpan.FromMinutes(10) });
        Assert.Equal(8, p.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), p.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), p.MaxDelay);
        Assert.Equal(TimeSpan.FromMinutes(10), p.TotalBudget);
        Assert.Same(RetryPolicy.Default, RetryPolicy.FromPreference(null));
        var custom = new RetryPolicy();
        Assert.Same(custom, RetryPolicy.FromPreference(new PSObject(custom)));
    }

    [Theory]
    [InlineData("MaxAttempts", 0)]
    [InlineData("MaxAttempts", "many")]
    [InlineData("BaseDelay", -1)]
    [InlineData("Retries", 3)]
    public void RefusesBadPreferenceValues(string key, object value)
    {
        var e = Assert.Throws<InactiveRestore.InvalidInputException>(() => RetryPolicy.FromPreference(new System.Collections.Hashtable { [key] = value }));
        Assert.Equal("InvalidRetryPolicy", e.ErrorId);
    }

    private static ExchangeException Throttled(int seconds, string command = "Get-Mailbox") =>
        new(ExchangeErrorKind.Transient, $"The server is busy. Too many requests were sent (micro delay {seconds} seconds applied). Try again later.",
            command, "x", "ServerBusyException");

    [Fact]
    public void WaitsAsLongAsExchangeAsksAndSaysSo()
    {
        // QA B4: the back-off was 2, 4, 8, 16 s while Exchange asked for 31 s each time.
        var calls = 0;
        var reported = new List<ExchangeRetryEventArgs>();
        var result = Policy(attempts: 5).Execute(new ExchangeCommand("Get-Mailbox"), () => { if (++calls < 4) throw Throttled(31); return One(); },
            onRetry: reported.Add);
        Assert.Single(result);
        Assert.Equal(new[] { 31.0, 31.0, 31.0 }, _slept.ConvertAll(d => d.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(31), reported[0].RetryAfter);
        Assert.Contains("Exchange asked to wait 31 s; retrying in 31 s.", reported[0].Message);
    }

    [Fact]
    public void TheBackOffWinsWhenItIsLongerThanTheHint()
    {
        var calls = 0;
        Policy(attempts: 6).Execute(new ExchangeCommand("Get-Mailbox"), () => { if (++calls < 6) throw Throttled(5); return One(); });
        // max(2·2^(n-1), 5): 5, 5, 8, 16, 32.
        Assert.Equal(new[] { 5.0, 5.0, 8.0, 16.0, 32.0 }, _slept.ConvertAll(d => d.TotalSeconds));
    }

    [Fact]
    public void TheHintIsCappedByMaxDelay()
    {
        var calls = 0;
        var reported = new List<ExchangeRetryEventArgs>();
        var policy = new RetryPolicy
        {
            MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2), Jitter = () => 1.0,
            Clock = () => _now, Delay = (d, _) => { _slept.Add(d); _now += d; },
        };
        policy.Execute(new ExchangeCommand("Get-Mailbox"), () => { if (++calls < 3) throw Throttled(31); return One(); }, onRetry: reported.Add);
        Assert.Equal(new[] { 2.0, 2.0 }, _slept.ConvertAll(d => d.TotalMilliseconds));
        Assert.Contains("Exchange asked to wait 31 s; retrying in 0.002 s (the retry policy's MaxDelay).", reported[0].Message);
        Assert.Equal(TimeSpan.FromMilliseconds(2), policy.DelayFor(1, TimeSpan.FromSeconds(31)));
        Assert.Equal(TimeSpan.FromMilliseconds(1), policy.DelayFor(1, null));
    }

    [Fact]
    public void AHintBeyondTheBudgetStopsTheRetriesAndSaysWhatExchangeAskedFor()
    {
        var calls = 0;
        var e = Assert.Throws<ExchangeException>(() => Policy(attempts: 10, budget: TimeSpan.FromSeconds(20)).Execute(
            new ExchangeCommand("Get-Mailbox"), () => { calls++; throw Throttled(31); }));
        Assert.Equal(1, calls);
        Assert.Empty(_slept);
        Assert.Equal(ExchangeErrorKind.Transient, e.Kind);
        Assert.Equal(TimeSpan.FromSeconds(31), e.RetryAfter);
        Assert.StartsWith("The server is busy.", e.Message);
        Assert.Contains("Exchange asked to wait 31 s before trying again; that is more than the 20 s left of the retry budget (20 s)", e.Message);
    }

    [Fact]
    public void AChangeCallWhoseHintDoesNotFitLooksOnceAndSurfacesTheHint()
    {
        var checks = 0;
        var e = Assert.Throws<ExchangeException>(() => Policy(attempts: 5, budget: TimeSpan.FromSeconds(10)).Execute(
            new ExchangeCommand("Set-Mailbox"), () => throw Throttled(31, "Set-Mailbox"),
            new ExchangeCallOptions { AlreadyApplied = () => { checks++; return false; } }));
        Assert.Equal(1, checks);
        Assert.False(e.OutcomeUnknown);
        Assert.Contains("Exchange asked to wait 31 s", e.Message);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using InactiveRestore.Core;
using Xunit;

namespace InactiveRestore.Tests.Commands;

/// <summary>
/// Tab completion end to end: a runspace with both modules (imported by path from the test bin), the simulator
/// connected with -TimeScale 0 (requests stay Queued unless stepped), requests made with Start-InactiveRestore, and
/// CommandCompletion.CompleteInput as PowerShell's tab expansion calls it. The tests share the module's static cache,
/// so they run in one class (xunit runs a class's tests one after another) and clear it first.
/// </summary>
public sealed class CompleterTests : IDisposable
{
    private readonly Runspace _rs;

    public CompleterTests()
    {
        CompletionCache.Shared.Clear();
        _rs = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _rs.Open();
        Run("param($bin) Import-Module (Join-Path $bin 'InactiveRestore.dll'); Import-Module (Join-Path $bin 'ExchangeSimulator.dll')",
            AppContext.BaseDirectory);
    }

    public void Dispose() => _rs.Dispose();

    private List<PSObject> Run(string script, object? arg = null, bool addToHistory = false)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _rs;
        ps.AddScript(script);
        if (arg is not null) ps.AddArgument(arg);
        var r = ps.Invoke(null, new PSInvocationSettings { AddToHistory = addToHistory }).ToList();
        Assert.False(ps.HadErrors, ps.Streams.Error.Count > 0 ? ps.Streams.Error[0].ToString() : "");
        return r;
    }

    private void ConnectWithRequests()
    {
        Run(@"
            Connect-ExchangeSimulator -TimeScale 0 -Seed 1
            Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox adele.vance -BatchName 'Q3 wave' -Force -WarningAction SilentlyContinue | Out-Null
            Start-InactiveRestore -SourceMailbox alex.wilber -TargetMailbox adele.vance -BatchName ""O'Brien"" -Force -WarningAction SilentlyContinue | Out-Null
            New-MailboxRestoreRequest -SourceMailbox (Get-Mailbox -InactiveMailboxOnly lee.gu).DistinguishedName -TargetMailbox adele.vance -BatchName 'Other tool' -AllowLegacyDNMismatch | Out-Null");
    }

    private List<CompletionResult> Complete(string input)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _rs;
        var result = CommandCompletion.CompleteInput(input, input.Length, null, ps);
        Assert.False(ps.HadErrors);
        return result.CompletionMatches.ToList();
    }

    private static string[] Texts(IEnumerable<CompletionResult> r) => r.Select(c => c.CompletionText).ToArray();

    private int Ledger(string command) => Run($"@(Get-ExchangeSimulatorLedger -CommandName {command}).Count")[0].BaseObject is int n ? n : -1;

    [Fact]
    public void BatchNamesOfTheModulesRequestsQuotedAndFilteredByPrefix()
    {
        ConnectWithRequests();
        // Distinct, sorted, quoted (space; an embedded single quote doubled); 'Other tool' is not one of the module's (no IR- name).
        Assert.Equal(new[] { "'O''Brien'", "'Q3 wave'" }, Texts(Complete("Watch-InactiveRestore -BatchName ")));
        var q = Assert.Single(Complete("Get-InactiveRestore -BatchName q"));
        Assert.Equal("'Q3 wave'", q.CompletionText);
        Assert.Equal("Q3 wave", q.ListItemText);
        Assert.Equal(new[] { "'O''Brien'" }, Texts(Complete("Start-InactiveRestore -BatchName 'o")));
        Assert.Empty(Complete("Watch-InactiveRestore -BatchName zz"));
    }

    [Fact]
    public void RequestIdentitiesFollowTheCmdletAndTheListingsStatus()
    {
        ConnectWithRequests();
        var all = new[]
        {
            @"adele.vance\IR-alex.wilber-8d413f54-Primary",
            @"adele.vance\IR-megan.bowen-aa193739-Archive",
            @"adele.vance\IR-megan.bowen-aa193739-Primary",
        };
        Assert.Equal(all, Texts(Complete("Watch-InactiveRestore -Identity ")));
        Assert.Equal(all, Texts(Complete("Get-InactiveRestore ")));                        // positional
        Assert.Equal(all.Skip(1), Texts(Complete("Watch-InactiveRestore -Identity ADELE.VANCE\\ir-MEG")));
        Assert.Equal(all.Skip(1), Texts(Complete("Watch-InactiveRestore -Identity ir-meg"))); // the name alone works too
        Assert.Equal(all, Texts(Complete("Stop-InactiveRestore -Identity ")));             // all Queued: unfinished
        Assert.Empty(Complete("Remove-InactiveRestore -Identity "));                       // none finished
        Assert.Empty(Complete("Resume-InactiveRestore -Identity "));                       // none suspended

        // A command run since (in history) lists again: the suspended one is now for Resume and still for Stop.
        Run($"Suspend-InactiveRestore -Identity '{all[0]}' -Confirm:$false", addToHistory: true);
        Assert.Equal(new[] { all[0] }, Texts(Complete("Resume-InactiveRestore -Identity ")));
        Assert.Equal(new[] { all[0] }, Texts(Complete(@"InactiveRestore\Resume-InactiveRestore -Identity adele")));
        Assert.Equal(all, Texts(Complete("Suspend-InactiveRestore -Identity ")));

        // Finished ones: Remove only.
        Run("Step-ExchangeSimulator -Duration 1.00:00:00", addToHistory: true);
        Assert.Equal(all.Skip(1), Texts(Complete("Remove-InactiveRestore -Identity ")));
        Assert.Equal(new[] { all[0] }, Texts(Complete("Stop-InactiveRestore -Identity ")));
    }

    [Fact]
    public void InactiveMailboxesCompleteToTheAddressWithTheDisplayName()
    {
        ConnectWithRequests();
        var m = Assert.Single(Complete("Test-InactiveRestore -SourceMailbox MEG"));
        Assert.Equal("megan.bowen@contoso.onmicrosoft.com", m.CompletionText);
        Assert.Equal("Megan Bowen", m.ToolTip);
        Assert.Equal(new[] { "megan.bowen@contoso.onmicrosoft.com" }, Texts(Complete("Start-InactiveRestore -SourceMailbox megan.bowen@")));
        var listed = Complete("Get-InactiveMailbox -Identity ");
        Assert.Contains(listed, c => c.CompletionText == "joni.sherman@contoso.onmicrosoft.com");
        Assert.DoesNotContain(listed, c => c.CompletionText.StartsWith("adele", StringComparison.OrdinalIgnoreCase)); // active

        // One listing for the three tabs (cached), capped, never filtered by the typed word.
        var call = Run("Get-ExchangeSimulatorLedger -CommandName Get-Mailbox | Where-Object { $_.Parameters.ContainsKey('InactiveMailboxOnly') -and -not $_.Parameters.ContainsKey('Identity') }");
        var parameters = (System.Collections.Hashtable)Assert.Single(call).Properties["Parameters"].Value;
        Assert.Equal("1000", parameters["ResultSize"]?.ToString());
        Assert.Equal(listed.Count, Run("@(Get-Mailbox -InactiveMailboxOnly -ResultSize Unlimited).Count")[0].BaseObject);
    }

    [Fact]
    public void TargetMailboxesCompleteToActiveMailboxesFromOneCachedListing()
    {
        ConnectWithRequests();
        Run("Clear-ExchangeSimulatorLedger");
        var m = Assert.Single(Complete("Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox ADELE"));
        Assert.Equal("adele.vance@contoso.onmicrosoft.com", m.CompletionText);
        Assert.Equal("Adele Vance", m.ToolTip);
        Assert.Equal(new[] { "adele.vance@contoso.onmicrosoft.com" }, Texts(Complete("Start-InactiveRestore megan.bowen -TargetMailbox adele.vance@")));
        Assert.Equal(new[] { "adele.vance@contoso.onmicrosoft.com" }, Texts(Complete("Get-InactiveRestore -TargetMailbox adel")));
        Assert.Equal(new[] { "former.employees@contoso.onmicrosoft.com" }, Texts(Complete("Start-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox former.")));
        var all = Complete("Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox ");
        Assert.DoesNotContain(all, c => c.CompletionText.StartsWith("megan.bowen", StringComparison.OrdinalIgnoreCase)); // inactive
        Assert.Empty(Complete("Test-InactiveRestore -SourceMailbox megan.bowen -TargetMailbox zz"));

        // Five tabs, one listing: Get-Mailbox -ResultSize 1000, neither filtered by the typed word nor retried, quiet.
        var call = Assert.Single(Run("Get-ExchangeSimulatorLedger"));
        Assert.Equal("Get-Mailbox", call.Properties["CommandName"].Value);
        var parameters = (System.Collections.Hashtable)call.Properties["Parameters"].Value;
        Assert.Equal(new[] { "ResultSize" }, parameters.Keys.Cast<string>().Where(k => k is not ("ErrorAction" or "WarningAction")).ToArray());
        Assert.Equal(ArgumentCompletion.ActiveMailboxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), parameters["ResultSize"]?.ToString());
        Assert.Equal("Ignore", parameters["ErrorAction"]?.ToString());
        Assert.Equal(Run("@(Get-Mailbox -ResultSize Unlimited).Count")[0].BaseObject, all.Count);        // every active mailbox, shared ones too
    }

    [Fact]
    public void TwoQuickTabsMakeOneListingThatIsNotFilteredByTheTypedWord()
    {
        ConnectWithRequests();
        Run("Clear-ExchangeSimulatorLedger");
        Assert.NotEmpty(Complete("Watch-InactiveRestore -BatchName Q"));
        Assert.NotEmpty(Complete("Stop-InactiveRestore -Identity adele"));
        var calls = Run("Get-ExchangeSimulatorLedger");
        var listing = Assert.Single(calls);   // nothing but the one listing reached Exchange
        Assert.Equal("Get-MailboxRestoreRequest", listing.Properties["CommandName"].Value);
        var parameters = (System.Collections.Hashtable)listing.Properties["Parameters"].Value;
        Assert.Equal(new[] { "ResultSize" }, parameters.Keys.Cast<string>().Where(k => k is not ("ErrorAction" or "WarningAction")).ToArray());
        Assert.Equal("Ignore", parameters["ErrorAction"]?.ToString());
        Assert.Equal("Unlimited", parameters["ResultSize"]?.ToString());
    }

    [Fact]
    public void NotConnectedGivesNoCompletionsAndNoError()
    {
        foreach (var input in new[] { "Watch-InactiveRestore -BatchName ", "Stop-InactiveRestore -Identity ", "Test-InactiveRestore -SourceMailbox ", "Get-InactiveMailbox ", "Start-InactiveRestore x -TargetMailbox " })
            Assert.Empty(Complete(input));
        Assert.Equal(0, Run("$Error.Count")[0].BaseObject);
    }

    [Fact]
    public void ExchangeErrorsGiveNoCompletionsAtOnceWithoutRetrying()
    {
        ConnectWithRequests();
        Run("Clear-ExchangeSimulatorLedger; Set-ExchangeSimulatorFault -TransientErrorRate 1");
        var watch = Stopwatch.StartNew();
        Assert.Empty(Complete("Watch-InactiveRestore -BatchName "));
        Assert.Empty(Complete("Get-InactiveMailbox -Identity "));
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}: a completion must not back off");
        Assert.Equal(1, Ledger("Get-MailboxRestoreRequest"));   // one attempt each: no retry
        Assert.Equal(1, Ledger("Get-Mailbox"));
        Assert.Empty(Complete("Watch-InactiveRestore -BatchName "));
        Assert.Equal(2, Ledger("Get-MailboxRestoreRequest"));   // the failure was not cached: the next tab asks again
        Assert.Equal(0, Run("$Error.Count")[0].BaseObject);     // and left nothing in $Error

        Run("Set-ExchangeSimulatorFault -Clear");
        Assert.Equal(2, Complete("Watch-InactiveRestore -BatchName ").Count);

        Run("Set-ExchangeSimulatorFault -Clear; Set-ExchangeSimulatorFault -TokenExpiresAt ([datetime]'2026-03-01')");
        // TokenStatus Expired is not refused up front: the listing call fails with the 401 (the cached request listing may still answer).
        Assert.Empty(Complete("Get-InactiveMailbox -Identity "));
        Assert.Equal(0, Run("$Error.Count")[0].BaseObject);
    }
}

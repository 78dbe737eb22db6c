using System;
using InactiveRestore.Core;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>The offline parts of completion: quoting, the typed word, the cmdlet scopes and the cache's lifetime.</summary>
public class ArgumentCompletionTests
{
    [Theory]
    [InlineData("jsmith@contoso.com", "jsmith@contoso.com")]
    [InlineData(@"adele.vance\IR-megan.bowen-aa193739-Primary", @"adele.vance\IR-megan.bowen-aa193739-Primary")]
    [InlineData("Q3 wave", "'Q3 wave'")]
    [InlineData("O'Brien", "'O''Brien'")]
    [InlineData("O\u2019Brien", "'O\u2019\u2019Brien'")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("a$b", "'a$b'")]
    [InlineData("a;b", "'a;b'")]
    [InlineData("a,b", "'a,b'")]
    [InlineData("-x", "'-x'")]
    [InlineData("@x", "'@x'")]
    [InlineData("", "''")]
    public void QuotesWhatABareWordWouldChange(string value, string text) => Assert.Equal(text, CompletionText.Quote(value));

    [Theory]
    [InlineData(null, "")]
    [InlineData("Q3", "Q3")]
    [InlineData("'Q3 w", "Q3 w")]
    [InlineData("'O''B", "O'B")]
    [InlineData("'O''Brien'", "O'Brien")]
    [InlineData("\"Q3 wave\"", "Q3 wave")]
    public void TheTypedWordIsUnquoted(string? word, string value) => Assert.Equal(value, CompletionText.Unquote(word));

    [Theory]
    [InlineData("Resume-InactiveRestore", RequestCompletionScope.Resumable)]
    [InlineData(@"InactiveRestore\Suspend-InactiveRestore", RequestCompletionScope.Unfinished)]
    [InlineData("stop-inactiverestore", RequestCompletionScope.Unfinished)]
    [InlineData("Remove-InactiveRestore", RequestCompletionScope.Finished)]
    [InlineData("Watch-InactiveRestore", RequestCompletionScope.Any)]
    [InlineData("Get-InactiveRestore", RequestCompletionScope.Any)]
    [InlineData("someAlias", RequestCompletionScope.Any)]
    [InlineData(null, RequestCompletionScope.Any)]
    public void TheCmdletChoosesTheScope(string? command, object scope) => Assert.Equal((RequestCompletionScope)scope, ArgumentCompletion.ScopeFor(command));

    [Theory]
    [InlineData("Suspended", RequestCompletionScope.Resumable, true)]
    [InlineData("AutoSuspended", RequestCompletionScope.Resumable, true)]
    [InlineData("Failed", RequestCompletionScope.Resumable, true)]
    [InlineData("InProgress", RequestCompletionScope.Resumable, false)]
    [InlineData("Queued", RequestCompletionScope.Unfinished, true)]
    [InlineData("Suspended", RequestCompletionScope.Unfinished, true)]
    [InlineData("Failed", RequestCompletionScope.Unfinished, false)]
    [InlineData("CompletedWithWarning", RequestCompletionScope.Finished, true)]
    [InlineData("Completed", RequestCompletionScope.Finished, true)]
    [InlineData("InProgress", RequestCompletionScope.Finished, false)]
    public void TheListingsStatusDecides(string status, object scope, bool offered) =>
        Assert.Equal(offered, ArgumentCompletion.InScope(status, (RequestCompletionScope)scope));

    [Fact]
    public void TheCacheKeepsAListingForItsLifetimeAndNotAFailure()
    {
        var clock = new FakeClock();
        var cache = new CompletionCache(TimeSpan.FromSeconds(30), clock);
        var loads = 0;
        string[] Load() { loads++; return new[] { "x" }; }

        cache.GetOrAdd("k", Load);
        clock.UtcNow += TimeSpan.FromSeconds(29);
        cache.GetOrAdd("k", Load);
        Assert.Equal(1, loads);
        cache.GetOrAdd("other runspace", Load);
        Assert.Equal(2, loads);
        clock.UtcNow += TimeSpan.FromSeconds(2);
        cache.GetOrAdd("k", Load);
        Assert.Equal(3, loads);

        Assert.Throws<InvalidOperationException>(() => cache.GetOrAdd<string[]>("f", () => throw new InvalidOperationException()));
        cache.GetOrAdd("f", Load, keep: _ => false);
        cache.GetOrAdd("f", Load);
        Assert.Equal(5, loads);
    }
}

using System;
using System.Linq;
using System.Text.RegularExpressions;
using InactiveRestore.Core.Reporting;
using Xunit;

namespace InactiveRestore.Tests.Core.Reporting;

public class HtmlReportTests
{
    private static readonly string Html = HtmlReportWriter.Write(ReportSamples.Report());

    /// <summary>Every tag of the page (values are encoded, so every '&lt;' left is the writer's own markup).</summary>
    private static string[] Tags(string html) => Regex.Matches(html, "<[A-Za-z!/][^>]*>").Select(m => m.Value).ToArray();

    private static int Count(string html, string pattern) => Regex.Matches(html, pattern).Count;

    [Fact]
    public void ThePageIsSelfContained()
    {
        Assert.DoesNotContain("<script", Html, StringComparison.OrdinalIgnoreCase);
        foreach (var tag in Tags(Html))
        {
            Assert.DoesNotMatch(new Regex(@"\s(src|href|action|formaction|poster|srcset|xlink:href)\s*=", RegexOptions.IgnoreCase), tag);
            Assert.DoesNotMatch(new Regex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase), tag);
            Assert.DoesNotMatch(new Regex(@"^</?(script|link|img|iframe|object|embed|base|form|input|image|use|font)\b", RegexOptions.IgnoreCase), tag);
        }
        var css = Regex.Match(Html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        Assert.NotEmpty(css);
        Assert.DoesNotContain("url(", css);
        Assert.DoesNotContain("@import", css);
        Assert.DoesNotContain("@font-face", css);
        Assert.Equal(1, Count(Html, "<style>"));
        // No address the page could load: the only http(s) text is the hostile folder name, encoded as text.
        Assert.DoesNotMatch(new Regex(@"(https?|file|ftp):", RegexOptions.IgnoreCase), Html.Replace("http://evil.example/", string.Empty));
    }

    [Fact]
    public void EveryValueIsEncoded()
    {
        Assert.DoesNotContain(ReportSamples.Hostile, Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", Html);
        Assert.DoesNotContain("<img", Html);
        Assert.Contains("&lt;img src=x onerror=alert(3)&gt;", Html);
        Assert.DoesNotContain("\" onmouseover=\"", Html);
        Assert.Contains("&quot; onmouseover=&quot;alert(2)", Html);
        Assert.DoesNotContain("<b>Siciliani</b>", Html);
        Assert.Contains("Diego &lt;b&gt;Siciliani&lt;/b&gt;", Html);
        // The tags are the writer's only: none comes from a value.
        Assert.All(Tags(Html), t => Assert.DoesNotContain("alert", t, StringComparison.Ordinal));
    }

    [Fact]
    public void EncodingCoversAttributesAndControlCharacters()
    {
        Assert.Equal("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;", HtmlText.Encode("<a href=\"x\" title='y'>&"));
        Assert.Equal("a\uFFFDb\tc", HtmlText.Encode("a\u0001b\tc"));
        Assert.Equal("\uFFFD", HtmlText.Encode("\ud800"));
        Assert.Equal(string.Empty, HtmlText.Encode(null));
    }

    [Fact]
    public void ItHasTheHeaderTheSummaryThePictureAndOneRowPerRequest()
    {
        Assert.Contains("<title>Inactive mailbox restore report: batch Demo</title>", Html);
        Assert.Contains("<dd>contoso.onmicrosoft.com</dd>", Html);
        Assert.Contains("admin@contoso.onmicrosoft.com", Html);
        Assert.Contains("<time datetime=\"2026-12-01T10:15:00Z\">2026-12-01T10:15:00Z</time>", Html);
        Assert.Contains("id=\"summary\"", Html);
        Assert.Contains("<svg class=\"status-bar\"", Html);
        Assert.Equal(2, Count(Html, "<g class=\"segment\""));                 // Completed and Failed
        Assert.Equal(3, Count(Html, "<li class=\"progress\""));               // one progress bar per request
        Assert.Equal(3, Count(Html, "<tr class=\"request[ \"]"));             // one row per request
        Assert.Equal(1, Count(Html, "<tr class=\"refused-pair\""));
        Assert.Equal(1, Count(Html, "<tr class=\"notes\""));                   // the failed request's error and warnings
        // A Failed request has not completed (Complete-InactiveRestore says so too): never counted as done.
        Assert.Contains("2 of 3 requests completed: 2 completed, 1 failed.", Html);
        Assert.DoesNotContain("have finished", Html);
        Assert.Contains("<code>AutoExpandingArchive</code>", Html);
    }

    [Fact]
    public void TheNumbersAreGetInactiveRestores()
    {
        Assert.Contains(">189 MB<", Html);                                     // Size: EstimatedBytes, '0.#' in 1024 steps
        Assert.Contains(">1.1 GB<", Html);
        Assert.Contains(">0:12:00<", Html);                                    // Elapsed
        Assert.Contains(">1:25:00<", Html);                                    // queued 10:05, failed 11:30
        Assert.Contains("1,244<span class=\"of\"> / 1,244</span>", Html);      // copied of estimated
        Assert.Contains("4,511<span class=\"of\"> / 7,940</span>", Html);
        Assert.Contains("<div class=\"value\">951 MB</div><div class=\"note\">of 1.3 GB estimated</div>", Html);
        Assert.Contains("<div class=\"value\">6,177</div><div class=\"note\">of 9,606 estimated</div>", Html);
        Assert.Contains("<div class=\"value\">41</div>", Html);
        Assert.Contains("<div class=\"value\">1:28:00</div>", Html);           // 10:02 to 11:30
        Assert.Contains("width=\"58%\"", Html);                                // the failed request's progress bar
        Assert.Contains("width=\"66.667%\"", Html);                            // two of three requests completed
    }

    [Fact]
    public void ItIsReadablePrintedAndOnAPhone()
    {
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", Html);
        Assert.Contains("@media print", Html);
        Assert.Contains("@page{size:A4 landscape", Html);
        Assert.Contains("@media (max-width:760px)", Html);
        Assert.Contains("content:attr(data-label)", Html);                     // stacked rows on a phone
        Assert.Contains("overflow-x:auto", Html);                             // horizontal scroll in between
        Assert.Matches("<td data-label=\"Source\"", Html);
    }

    [Fact]
    public void AnEmptyReportSaysSo()
    {
        var html = HtmlReportWriter.Write(new RestoreReport(Array.Empty<ReportRow>(), new ReportContext { GeneratedAtUtc = ReportSamples.Generated, LocalUser = "runner" }));
        Assert.Contains("This report holds no restore request.", html);
        Assert.Contains("No refused pair was given to this report.", html);
        Assert.Contains("<dd>runner</dd>", html);                               // no connection: the local account
        Assert.Contains("title=\"not known: no Exchange connection was found\"", html);
        Assert.Equal(0, Count(html, "<tr class=\"request"));
    }
}

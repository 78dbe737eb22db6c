using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace InactiveRestore.Core.Reporting
{
    /// <summary>
    /// The report as one self-contained HTML page: inline CSS and inline SVG only (no script, no link, no font, no
    /// image, nothing fetched), readable on screen, printed (A4 landscape) and on a phone (the request table turns into
    /// stacked cards). Sections: header (who, when, organization), summary, the picture of where the batch stands (a
    /// status bar and one progress bar per request), one table row per request (its warnings and errors in a row of
    /// notes under it), the refused pairs, and how to read the figures. Every value is HTML-encoded
    /// (<see cref="HtmlText.Encode"/>): names, folders and messages come from Exchange and may hold markup.
    /// </summary>
    internal static partial class HtmlReportWriter
    {
        private sealed class StatusStyle
        {
            public StatusStyle(string color, string tint, string ink) { Color = color; Tint = tint; Ink = ink; }
            /// <summary>Bar fill.</summary>
            public string Color { get; }
            /// <summary>Pill background.</summary>
            public string Tint { get; }
            /// <summary>Pill text.</summary>
            public string Ink { get; }
        }

        private static readonly Dictionary<string, StatusStyle> Styles = new(StringComparer.Ordinal)
        {
            ["Completed"] = new("#2f855a", "#e3f4e8", "#1c4532"),
            ["CompletedWithWarnings"] = new("#d69e2e", "#fdf3d8", "#744210"),
            ["CompletedUnchecked"] = new("#68a08a", "#e8f1ed", "#234e3f"),
            ["Failed"] = new("#c53030", "#fde2e2", "#742a2a"),
            ["Cancelled"] = new("#4a5568", "#e2e8f0", "#1a202c"),
            ["InProgress"] = new("#2b6cb0", "#e1ecf8", "#1a365d"),
            ["Queued"] = new("#8795a1", "#edf0f3", "#2d3748"),
            ["Suspended"] = new("#805ad5", "#efe9fb", "#44337a"),
            ["Refused"] = new("#9b2c2c", "#fde2e2", "#742a2a"),
        };

        private static readonly StatusStyle Unknown = new("#718096", "#edf2f7", "#2d3748");

        private static StatusStyle StyleOf(string status) => Styles.TryGetValue(status, out var s) ? s : Unknown;

        private static string H(string? value) => HtmlText.Encode(value);

        private static string Pct(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

        public static void WriteFile(RestoreReport report, string path) =>
            File.WriteAllText(path, Write(report), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        public static string Write(RestoreReport report)
        {
            if (report is null) throw new ArgumentNullException(nameof(report));
            var sb = new StringBuilder(16384 + report.Requests.Count * 1500);
            sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
              .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
              .Append("<meta name=\"generator\" content=\"InactiveRestore ").Append(H(report.Context.ModuleVersion)).Append("\">\n")
              .Append("<title>").Append(H(report.Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
            Header(sb, report);
            sb.Append("<main>\n");
            Summary(sb, report);
            Picture(sb, report);
            Requests(sb, report);
            Deferred(sb, report);
            Refused(sb, report);
            Reading(sb, report);
            sb.Append("</main>\n");
            sb.Append("<footer><p>Written by InactiveRestore ").Append(H(report.Context.ModuleVersion))
              .Append(" on ").Append(Time(report.Context.GeneratedAtUtc))
              .Append(". This page is self-contained: it loads nothing from the network.</p></footer>\n");
            sb.Append("</body>\n</html>\n");
            return sb.ToString();
        }

        private static string Time(DateTime? utc)
        {
            var iso = ReportText.IsoUtc(utc);
            return iso is null ? "<span class=\"none\">&#8212;</span>" : "<time datetime=\"" + iso + "\">" + iso + "</time>";
        }

        /// <summary>An ISO 8601 UTC time that may break after its date ("2026-12-01T" / "10:15:00Z") in a narrow column.</summary>
        private static string CellTime(DateTime? utc)
        {
            var iso = ReportText.IsoUtc(utc);
            return iso is null ? "<span class=\"none\">&#8212;</span>" : "<time datetime=\"" + iso + "\"><span>" + iso.Substring(0, 11) + "</span><wbr><span>" + iso.Substring(11) + "</span></time>";
        }

        /// <summary>Encoded text that may break after each <paramref name="at"/> (request names).</summary>
        private static string BreakAfter(string text, char at) => H(text).Replace(at.ToString(), at + "<wbr>");

        /// <summary>An Exchange code (CompletedWithWarning, StalledDueToTarget_Processor) that may break between its words.</summary>
        private static string Code(string text)
        {
            var encoded = H(text);
            var sb = new StringBuilder(encoded.Length + 8);
            for (var i = 0; i < encoded.Length; i++)
            {
                if (i > 0 && char.IsUpper(encoded[i]) && char.IsLower(encoded[i - 1])) sb.Append("<wbr>");
                sb.Append(encoded[i]);
                if (encoded[i] == '_') sb.Append("<wbr>");
            }
            return sb.ToString();
        }

        /// <summary>True when two Exchange words say the same (CompletedWithWarning and CompletedWithWarnings).</summary>
        private static bool SameWord(string a, string? b) =>
            b is not null && (string.Equals(a, b, StringComparison.OrdinalIgnoreCase)
                || string.Equals(a, b + "s", StringComparison.OrdinalIgnoreCase) || string.Equals(a + "s", b, StringComparison.OrdinalIgnoreCase));

        /// <summary>The text without a leading "Error: " or "Warning: " (the list item says it).</summary>
        private static string Unlabel(string text, string label) =>
            text.StartsWith(label + ":", StringComparison.OrdinalIgnoreCase) ? text.Substring(label.Length + 1).TrimStart() : text;

        private static string Dash(string? text, string? title = null) => string.IsNullOrEmpty(text)
            ? "<span class=\"none\"" + (title is null ? string.Empty : " title=\"" + H(title) + "\"") + ">&#8212;</span>"
            : H(text);

        private static void Header(StringBuilder sb, RestoreReport report)
        {
            var c = report.Context;
            sb.Append("<header class=\"masthead\">\n<p class=\"eyebrow\">Exchange Online &#183; inactive mailbox restore</p>\n")
              .Append("<h1>").Append(H(report.Title)).Append("</h1>\n")
              .Append("<p class=\"state\">").Append(H(StateSentence(report))).Append("</p>\n")
              .Append("<dl class=\"meta\">\n");
            Meta(sb, "Organization", Dash(c.Organization, "not known: no Exchange connection was found"));
            Meta(sb, "Run by", H(c.RunBy) + (!string.IsNullOrWhiteSpace(c.UserPrincipalName) && !string.IsNullOrWhiteSpace(c.LocalUser)
                ? " <span class=\"sub\">(local account " + H(c.LocalUser) + ")</span>" : string.Empty));
            Meta(sb, "Generated (UTC)", Time(c.GeneratedAtUtc));
            if (!string.IsNullOrWhiteSpace(c.SourceDescription)) Meta(sb, "Input", H(c.SourceDescription));
            sb.Append("</dl>\n</header>\n");
        }

        private static void Meta(StringBuilder sb, string term, string html) =>
            sb.Append("<div><dt>").Append(H(term)).Append("</dt><dd>").Append(html).Append("</dd></div>\n");

        /// <summary>
        /// "All 12 requests have completed: 9 completed, 3 completed with warnings." or how many have completed so far. A
        /// Failed request has not completed (Exchange has not finished it, as Complete-InactiveRestore says), so it is never
        /// counted as done here.
        /// </summary>
        internal static string StateSentence(RestoreReport report)
        {
            var s = report.Summary;
            var deferred = s.DeferredPairs == 0 ? string.Empty
                : " " + ReportText.Plural(s.DeferredPairs, "pair") + (s.DeferredPairs == 1 ? " is" : " are") + " deferred: not submitted yet.";
            if (s.Requests == 0)
                return s.DeferredPairs > 0 ? "No restore request was made yet." + deferred
                    : s.RefusedPairs == 0 ? "This report holds no restore request." : "No restore request was made: every pair in this report was refused.";
            var parts = string.Join(", ", s.ByStatus.Select(p => ReportText.Count(p.Value) + " " + HtmlText.Words(p.Key).ToLowerInvariant()));
            var completed = s.Completed;
            if (completed == s.Requests)
                return (s.Requests == 1 ? "The request has completed: " : "All " + ReportText.Count(s.Requests) + " requests have completed: ") + parts + "." + deferred;
            return ReportText.Count(completed) + " of " + ReportText.Plural(s.Requests, "request") + " completed" + (s.AllSettled ? ": " : " so far: ") + parts + "." + deferred;
        }

        private static void Summary(StringBuilder sb, RestoreReport report)
        {
            var s = report.Summary;
            var primaries = report.Requests.Count(r => r.Kind == "Primary");
            var archives = report.Requests.Count(r => r.Kind == "Archive");
            sb.Append("<section id=\"summary\" aria-labelledby=\"h-summary\">\n<h2 id=\"h-summary\">Summary</h2>\n<div class=\"cards\">\n");
            Card(sb, "pairs", "Pairs", ReportText.Count(s.Pairs)!, "source &#8594; target mailbox");
            Card(sb, "requests", "Requests", ReportText.Count(s.Requests)!,
                H(ReportText.Count(primaries) + " primary, " + ReportText.Count(archives) + " archive"));
            Card(sb, "data", "Data copied", H(ReportText.Size(s.BytesCopied)), "of " + H(ReportText.Size(s.EstimatedBytes)) + " estimated");
            Card(sb, "items", "Items copied", H(ReportText.Count(s.ItemsCopied)), "of " + H(ReportText.Count(s.EstimatedItems)) + " estimated");
            Card(sb, "skipped", "Items skipped", H(ReportText.Count(s.ItemsSkipped)), "bad, large or missing items not copied");
            Card(sb, "verified", "Items verified", s.ItemsVerified is null ? "&#8212;" : H(ReportText.Count(s.ItemsVerified)),
                s.ItemsVerified is null ? "no request was verified in the target" : H("found in the target, " + ReportText.Count(s.RequestsVerified) + " of " + ReportText.Plural(s.Requests, "request") + " verified"));
            Card(sb, "duration", "Batch duration", s.Span is null ? "&#8212;" : H(ReportText.Duration(s.Span)),
                s.Span is null ? "no start time known" : (s.AllSettled ? "first start to last finish" : "first start to last update")
                + (s.Longest is null ? string.Empty : H("; longest request " + ReportText.Duration(s.Longest.Duration) + ", average " + ReportText.Duration(s.AverageDuration))));
            if (s.DeferredPairs > 0)
                Card(sb, "deferred", "Deferred pairs", ReportText.Count(s.DeferredPairs)!, "not submitted yet (-MaxActive), not among the requests");
            Card(sb, "refused", "Refused pairs", ReportText.Count(s.RefusedPairs)!, s.RefusedPairs == 0 ? "none given to this report" : "no request made, see below");
            sb.Append("</div>\n</section>\n");
        }

        private static void Card(StringBuilder sb, string id, string label, string valueHtml, string noteHtml) =>
            sb.Append("<div class=\"card\" id=\"card-").Append(id).Append("\"><div class=\"label\">").Append(H(label))
              .Append("</div><div class=\"value\">").Append(valueHtml).Append("</div><div class=\"note\">").Append(noteHtml).Append("</div></div>\n");

        private static void Picture(StringBuilder sb, RestoreReport report)
        {
            var s = report.Summary;
            sb.Append("<section id=\"picture\" aria-labelledby=\"h-picture\">\n<h2 id=\"h-picture\">Where the batch stands</h2>\n");
            var description = s.Requests == 0 ? "No request." : string.Join(", ", s.ByStatus.Select(p => HtmlText.Words(p.Key) + ": " + p.Value)) + ".";
            sb.Append("<svg class=\"status-bar\" width=\"100%\" height=\"36\" role=\"img\" aria-labelledby=\"status-bar-title\">")
              .Append("<title id=\"status-bar-title\">Requests by status. ").Append(H(description)).Append("</title>")
              .Append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"36\" rx=\"6\" fill=\"#edf0f3\"/>");
            if (s.Requests > 0)
            {
                double x = 0;
                foreach (var p in s.ByStatus)
                {
                    var w = 100.0 * p.Value / s.Requests;
                    var style = StyleOf(p.Key);
                    sb.Append("<g class=\"segment\" data-status=\"").Append(H(p.Key)).Append("\"><title>").Append(H(HtmlText.Words(p.Key) + ": " + ReportText.Plural(p.Value, "request"))).Append("</title>")
                      .Append("<rect x=\"").Append(Pct(x)).Append("%\" y=\"0\" width=\"").Append(Pct(w)).Append("%\" height=\"36\" fill=\"").Append(style.Color).Append("\"/>");
                    if (w >= 4)
                        sb.Append("<text x=\"").Append(Pct(x + w / 2)).Append("%\" y=\"23\" text-anchor=\"middle\" fill=\"#ffffff\" font-size=\"14\" font-weight=\"600\">").Append(p.Value).Append("</text>");
                    sb.Append("</g>");
                    x += w;
                }
            }
            sb.Append("</svg>\n<ul class=\"legend\">\n");
            foreach (var p in s.ByStatus)
            {
                sb.Append("<li><span class=\"swatch\" style=\"background:").Append(StyleOf(p.Key).Color).Append("\"></span>")
                  .Append(H(HtmlText.Words(p.Key))).Append(" <b>").Append(ReportText.Count(p.Value)).Append("</b></li>\n");
            }
            sb.Append("</ul>\n");

            sb.Append("<h3>Progress per request</h3>\n<ol class=\"progress-list\">\n");
            foreach (var r in report.Requests)
            {
                // Exchange's percentage; unknown (not read) shows as a dash, never as a made-up 0.
                var pct = Math.Max(0, Math.Min(100, r.PercentComplete ?? 0));
                var pctText = r.PercentComplete is null ? "\u2014" : pct + " %";
                var style = StyleOf(r.Status);
                var label = (r.Source ?? "?") + " \u2192 " + (r.Target ?? "?");
                sb.Append("<li class=\"progress\" data-status=\"").Append(H(r.Status)).Append("\"><div class=\"who\"><span class=\"pair\">").Append(H(label))
                  .Append("</span> <span class=\"kind\">").Append(H(r.Kind)).Append("</span></div>")
                  .Append("<div class=\"st\" style=\"color:").Append(style.Ink).Append("\">").Append(H(HtmlText.Words(r.Status))).Append("</div>")
                  .Append("<svg class=\"bar\" width=\"100%\" height=\"14\" role=\"img\"><title>")
                  .Append(H(label + " (" + r.Kind + "): " + HtmlText.Words(r.Status) + ", " + (r.PercentComplete is null ? "percentage not read" : pctText))).Append("</title>")
                  .Append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"14\" rx=\"4\" fill=\"#edf0f3\"/>");
                if (pct > 0) sb.Append("<rect x=\"0\" y=\"0\" width=\"").Append(pct).Append("%\" height=\"14\" rx=\"4\" fill=\"").Append(style.Color).Append("\"/>");
                sb.Append("</svg><div class=\"pct\">").Append(H(pctText)).Append("</div></li>\n");
            }
            sb.Append("</ol>\n</section>\n");
        }

    }
}

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
    internal static class HtmlReportWriter
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

        /// <summary>"All 12 requests have finished: 9 completed, 3 completed with warnings." or how many still run.</summary>
        internal static string StateSentence(RestoreReport report)
        {
            var s = report.Summary;
            if (s.Requests == 0)
                return s.RefusedPairs == 0 ? "This report holds no restore request." : "No restore request was made: every pair in this report was refused.";
            var parts = string.Join(", ", s.ByStatus.Select(p => ReportText.Count(p.Value) + " " + HtmlText.Words(p.Key).ToLowerInvariant()));
            return s.AllSettled
                ? (s.Requests == 1 ? "The request has finished: " : "All " + ReportText.Count(s.Requests) + " requests have finished: ") + parts + "."
                : ReportText.Count(s.Settled) + " of " + ReportText.Plural(s.Requests, "request") + " finished so far: " + parts + ".";
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
                var pct = Math.Max(0, Math.Min(100, r.PercentComplete ?? 0));
                var style = StyleOf(r.Status);
                var label = (r.Source ?? "?") + " \u2192 " + (r.Target ?? "?");
                sb.Append("<li class=\"progress\" data-status=\"").Append(H(r.Status)).Append("\"><div class=\"who\"><span class=\"pair\">").Append(H(label))
                  .Append("</span> <span class=\"kind\">").Append(H(r.Kind)).Append("</span></div>")
                  .Append("<div class=\"st\" style=\"color:").Append(style.Ink).Append("\">").Append(H(HtmlText.Words(r.Status))).Append("</div>")
                  .Append("<svg class=\"bar\" width=\"100%\" height=\"14\" role=\"img\"><title>")
                  .Append(H(label + " (" + r.Kind + "): " + HtmlText.Words(r.Status) + ", " + pct + " %")).Append("</title>")
                  .Append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"14\" rx=\"4\" fill=\"#edf0f3\"/>");
                if (pct > 0) sb.Append("<rect x=\"0\" y=\"0\" width=\"").Append(pct).Append("%\" height=\"14\" rx=\"4\" fill=\"").Append(style.Color).Append("\"/>");
                sb.Append("</svg><div class=\"pct\">").Append(pct).Append(" %</div></li>\n");
            }
            sb.Append("</ol>\n</section>\n");
        }

        private static readonly string[] RequestHeaders =
        {
            "Source", "Target", "Kind", "Target folder", "Status", "Exchange status", "Items copied", "Skipped", "Verified",
            "Size", "Started (UTC)", "Finished (UTC)", "Duration",
        };

        private static void Requests(StringBuilder sb, RestoreReport report)
        {
            sb.Append("<section id=\"requests\" aria-labelledby=\"h-requests\">\n<h2 id=\"h-requests\">Requests <span class=\"count\">")
              .Append(ReportText.Count(report.Requests.Count)).Append("</span></h2>\n");
            if (report.Requests.Count == 0)
            {
                sb.Append("<p class=\"empty\">No restore request is in this report.</p>\n</section>\n");
                return;
            }
            sb.Append("<div class=\"table-wrap\">\n<table class=\"requests\">\n<thead><tr>");
            for (var i = 0; i < RequestHeaders.Length; i++)
            {
                var numeric = i is 6 or 7 or 8 or 9 or 12;
                sb.Append(numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">").Append(H(RequestHeaders[i])).Append("</th>");
            }
            sb.Append("</tr></thead>\n<tbody>\n");
            foreach (var r in report.Requests) RequestRow(sb, r);
            sb.Append("</tbody>\n</table>\n</div>\n</section>\n");
        }

        private static void RequestRow(StringBuilder sb, ReportRow r)
        {
            var style = StyleOf(r.Status);
            var notes = r.Warnings.Count + r.Errors.Count > 0;
            sb.Append("<tr class=\"request").Append(notes ? " has-notes" : string.Empty).Append("\" data-status=\"").Append(H(r.Status)).Append('"');
            if (r.RequestId is Guid id) sb.Append(" data-request-id=\"").Append(id.ToString("D")).Append('"');
            sb.Append(">");
            Cell(sb, "Source", "<span class=\"strong\">" + Dash(r.Source) + "</span>" + (r.RequestName is null ? string.Empty : "<span class=\"sub name\">" + BreakAfter(r.RequestName, '-') + "</span>"), "who");
            Cell(sb, "Target", Dash(r.Target), "who");
            Cell(sb, "Kind", Dash(r.Kind));
            Cell(sb, "Target folder", Dash(r.TargetRootFolder), "folder");
            var statusHtml = "<span class=\"pill\" style=\"background:" + style.Tint + ";color:" + style.Ink + ";border-color:" + style.Color + "\">" + H(HtmlText.Words(r.Status)) + "</span>";
            if (r.StallReason is not null) statusHtml += "<span class=\"sub\">stalled: " + Code(r.StallReason) + "</span>";
            if (!r.IsSettled && r.PercentComplete is int p) statusHtml += "<span class=\"sub\">" + p + " %</span>";
            Cell(sb, "Status", statusHtml);
            var exchange = r.ExchangeStatus is null ? Dash(null) : Code(r.ExchangeStatus);
            if (r.StatusDetail is not null && !SameWord(r.StatusDetail, r.ExchangeStatus))
                exchange += "<span class=\"sub\">" + Code(r.StatusDetail) + "</span>";
            if (r.DataConsistencyScore is not null) exchange += "<span class=\"sub\">consistency " + H(r.DataConsistencyScore) + "</span>";
            Cell(sb, "Exchange status", exchange);
            Cell(sb, "Items copied", r.ItemsCopied is null && r.EstimatedItems is null ? Dash(null)
                : H(ReportText.Count(r.ItemsCopied) ?? "?") + "<span class=\"of\"> / " + H(ReportText.Count(r.EstimatedItems) ?? "?") + "</span>", "num");
            Cell(sb, "Skipped", r.ItemsSkipped is null ? Dash(null) : (r.ItemsSkipped > 0 ? "<span class=\"warn\">" + H(ReportText.Count(r.ItemsSkipped)) + "</span>" : H(ReportText.Count(r.ItemsSkipped))), "num");
            Cell(sb, "Verified", r.ItemsVerified is null ? Dash(null, "not verified") : H(ReportText.Count(r.ItemsVerified)), "num");
            Cell(sb, "Size", Dash(r.Size), "num");
            Cell(sb, "Started (UTC)", r.StartedAt is not null ? CellTime(r.StartedAt)
                : r.QueuedAt is not null ? "<span class=\"sub\">queued</span>" + CellTime(r.QueuedAt) : Dash(null), "date");
            Cell(sb, "Finished (UTC)", r.CompletedAt is not null ? CellTime(r.CompletedAt)
                : (r.IsSettled ? string.Empty : "<span class=\"sub\">not finished</span>")
                  + (r.LastUpdatedAt is not null ? "<span class=\"sub\">last update</span>" + CellTime(r.LastUpdatedAt) : r.IsSettled ? Dash(null) : string.Empty), "date");
            Cell(sb, "Duration", Dash(ReportText.Duration(r.Duration)), "num");
            sb.Append("</tr>\n");
            if (notes)
            {
                sb.Append("<tr class=\"notes\"><td colspan=\"").Append(RequestHeaders.Length).Append("\"><ul>");
                foreach (var e in r.Errors) sb.Append("<li class=\"error\"><b>Error</b> ").Append(H(Unlabel(e, "Error"))).Append("</li>");
                foreach (var w in r.Warnings) sb.Append("<li class=\"warning\"><b>Warning</b> ").Append(H(Unlabel(w, "Warning"))).Append("</li>");
                sb.Append("</ul></td></tr>\n");
            }
        }

        private static void Cell(StringBuilder sb, string label, string html, string? cssClass = null)
        {
            sb.Append("<td data-label=\"").Append(H(label)).Append('"');
            if (cssClass is not null) sb.Append(" class=\"").Append(cssClass).Append('"');
            sb.Append('>').Append(html).Append("</td>");
        }

        private static void Refused(StringBuilder sb, RestoreReport report)
        {
            sb.Append("<section id=\"refused\" aria-labelledby=\"h-refused\">\n<h2 id=\"h-refused\">Refused pairs <span class=\"count\">")
              .Append(ReportText.Count(report.Refused.Count)).Append("</span></h2>\n");
            if (report.Refused.Count == 0)
            {
                sb.Append("<p class=\"empty\">No refused pair was given to this report.</p>\n</section>\n");
                return;
            }
            sb.Append("<p>These pairs were checked and refused before anything changed: no restore request was made for them.</p>\n")
              .Append("<div class=\"table-wrap\">\n<table class=\"refused\">\n<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Target</th><th scope=\"col\">Why it was refused</th></tr></thead>\n<tbody>\n");
            foreach (var r in report.Refused)
            {
                sb.Append("<tr class=\"refused-pair\">");
                Cell(sb, "Source", "<span class=\"strong\">" + Dash(r.Source) + "</span>");
                Cell(sb, "Target", Dash(r.Target));
                var reasons = new StringBuilder("<ul>");
                foreach (var e in r.Errors) reasons.Append("<li class=\"error\">").Append(Reason(e)).Append("</li>");
                foreach (var w in r.Warnings) reasons.Append("<li class=\"warning\"><b>Warning</b> ").Append(Reason(w)).Append("</li>");
                Cell(sb, "Why it was refused", reasons.Append("</ul>").ToString());
                sb.Append("</tr>\n");
            }
            sb.Append("</tbody>\n</table>\n</div>\n</section>\n");
        }

        /// <summary>"Code: text" with the code set apart.</summary>
        private static string Reason(string text)
        {
            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0 || colon > 60 || text.Substring(0, colon).Any(char.IsWhiteSpace)) return H(text);
            return "<code>" + H(text.Substring(0, colon)) + "</code> " + H(text.Substring(colon + 2));
        }

        private static void Reading(StringBuilder sb, RestoreReport report)
        {
            sb.Append("<section id=\"reading\" aria-labelledby=\"h-reading\">\n<h2 id=\"h-reading\">How to read this report</h2>\n<ul>\n")
              .Append("<li><b>Status</b> is InactiveRestore&#8217;s reading of Exchange&#8217;s own status, shown next to it. <i>Completed with warnings</i>: the content was copied, with the warnings listed under the request. <i>Failed</i>: Exchange stopped the request; its reason is listed. <i>Refused</i>: the pair was never submitted.</li>\n")
              .Append("<li><b>Items copied</b> are the items Exchange copied, out of the items it estimated in the source. <b>Skipped</b> items (corrupt, too large or missing) were not copied. <b>Verified</b> items were found in the target folder by a verification; &#8212; means the request was not verified.</li>\n")
              .Append("<li>The figures are those of <code>Get-InactiveRestore</code> when the report was made, with the same rounding. Sizes are in binary units (1 KB = 1,024 bytes). Times are UTC, in ISO 8601. A duration runs from the start (or, before it, the queueing) to the finish (or, before it, the last update), in hours:minutes:seconds.</li>\n")
              .Append("</ul>\n</section>\n");
        }

        private const string Css = @":root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--soft:#f5f7fa;--accent:#243b53}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,""Segoe UI"",Roboto,""Helvetica Neue"",Arial,""Liberation Sans"",""DejaVu Sans"",sans-serif;font-size:14px;line-height:1.45;color:var(--ink);background:#fff}
.masthead{background:var(--accent);color:#fff;padding:24px 24px 20px}
.eyebrow{margin:0 0 4px;font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:#bcccdc}
h1{margin:0;font-size:26px;font-weight:650;overflow-wrap:anywhere}
.state{margin:6px 0 14px;font-size:16px;color:#f0f4f8}
.meta{display:flex;flex-wrap:wrap;gap:8px 32px;margin:0}
.meta div{min-width:0}
.meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:#bcccdc}
.meta dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.masthead .sub{color:#bcccdc;font-weight:400}
.meta code{font-weight:500;color:#fff;background:rgba(255,255,255,.12);padding:0 4px;border-radius:3px}
main{padding:8px 24px 16px;max-width:1600px}
section{margin:20px 0 8px}
h2{font-size:18px;margin:0 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h2 .count{font-size:13px;font-weight:600;color:var(--muted);background:var(--soft);border:1px solid var(--line);border-radius:10px;padding:0 8px;vertical-align:middle}
h3{font-size:14px;margin:16px 0 8px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.cards{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:10px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:var(--soft);break-inside:avoid}
.card .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.card .value{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums;white-space:nowrap}
.card .value small{font-size:14px;font-weight:500;color:var(--muted)}
.card .note{font-size:12px;color:var(--muted)}
.status-bar{display:block;max-width:100%}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 20px;padding:0;margin:8px 0 0}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px}
.progress-list{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:6px 28px}
.progress{display:grid;grid-template-columns:minmax(0,1fr) auto;column-gap:10px;align-items:center;break-inside:avoid}
.progress .who{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-size:13px}
.progress .kind,.sub{color:var(--muted);font-size:12px}
.progress .bar{display:block}
.progress .pct{text-align:right;font-variant-numeric:tabular-nums;font-size:12px}
.progress .st{font-size:12px;font-weight:600;white-space:nowrap;text-align:right}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th,td{text-align:left;vertical-align:top;padding:6px 7px;border-bottom:1px solid var(--line)}
thead th{background:var(--soft);font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;vertical-align:bottom;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.date{font-variant-numeric:tabular-nums;font-size:12px}
td.date time span{white-space:nowrap}
td.folder{min-width:8em}
td.who{white-space:nowrap}
td.who .name{white-space:normal;max-width:11em}
td{overflow-wrap:break-word}
.sub{display:block}
.strong{font-weight:600}
.of{color:var(--muted)}
.warn{color:#975a16;font-weight:600}
.none{color:#9aa5b1}
.pill{display:inline-block;border:1px solid;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;max-width:11em}
tr.request.has-notes td{border-bottom:none}
tr.notes td{padding-top:0;background:#fff}
tr.notes ul,table.refused ul{margin:0;padding:0;list-style:none}
tr.notes li,table.refused li{margin:2px 0;padding:3px 8px;border-left:3px solid;border-radius:3px;font-size:12.5px}
li.error{border-color:#c53030;background:#fff5f5}
li.warning{border-color:#d69e2e;background:#fffbeb}
li.error b,li.warning b{font-size:11px;text-transform:uppercase;letter-spacing:.05em;margin-right:4px}
code{font-family:ui-monospace,""SFMono-Regular"",Menlo,Consolas,""DejaVu Sans Mono"",monospace;font-size:.92em}
table.refused code{font-weight:700;color:#742a2a}
.empty{color:var(--muted);font-style:italic}
#reading ul{padding-left:20px;color:var(--muted);max-width:110ch}
footer{padding:8px 24px 24px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
@media (max-width:760px){
.masthead{padding:18px 16px}
h1{font-size:21px}
main{padding:4px 16px 12px}
footer{padding:8px 16px 20px}
.progress-list{grid-template-columns:1fr}
.cards{grid-template-columns:repeat(2,minmax(0,1fr))}
td.who{white-space:normal}
.table-wrap{border:none;overflow:visible}
table.requests,table.refused,table.requests tbody,table.refused tbody{display:block}
table.requests thead,table.refused thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.requests tr,table.refused tr{display:block;border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:4px 0}
table.requests tr.request.has-notes{border-bottom:none;border-radius:8px 8px 0 0;margin-bottom:0}
table.requests tr.notes{border-top:none;border-radius:0 0 8px 8px;padding-top:0}
table.requests td,table.refused td{display:block;position:relative;border:none;padding:3px 12px 3px calc(10em + 12px);min-height:1.6em;text-align:left;white-space:normal}
table.requests td::before,table.refused td::before{content:attr(data-label);position:absolute;left:12px;top:5px;width:11em;white-space:nowrap;font-size:10.5px;line-height:1.3;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
table.requests tr.notes td{display:block;padding-left:12px}
table.requests tr.notes td::before{content:none}
}
@media print{
@page{size:A4 landscape;margin:12mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:9.5pt}
.masthead{background:#fff;color:var(--ink);padding:0 0 8px;border-bottom:2px solid var(--accent)}
.eyebrow,.meta dt{color:var(--muted)}
.state{color:var(--ink)}
.masthead .sub{color:var(--muted)}
.meta code{color:var(--ink);background:none}
main,footer{padding-left:0;padding-right:0;max-width:none}
.table-wrap{overflow:visible;border:none}
table{font-size:8.5pt}
thead{display:table-header-group}
thead th{position:static}
tr,li,.card{break-inside:avoid;page-break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}
.cards{grid-template-columns:repeat(5,1fr)}
.progress-list{grid-template-columns:repeat(2,1fr)}
}
";
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using InactiveRestore.Model;

namespace InactiveRestore.Core.Reporting
{
    internal static partial class HtmlReportWriter
    {
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
            var notes = r.Warnings.Count + r.Errors.Count > 0 || r.ActionNeeded is not null;
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
            Cell(sb, "Finished (UTC)", r.CompletedAt is not null ? (r.Status == nameof(OperationStatus.Failed) ? "<span class=\"sub\">failed, not finished</span>" : string.Empty) + CellTime(r.CompletedAt)
                : (r.IsSettled ? string.Empty : "<span class=\"sub\">not finished</span>")
                  + (r.LastUpdatedAt is not null ? "<span class=\"sub\">last update</span>" + CellTime(r.LastUpdatedAt) : r.IsSettled ? Dash(null) : string.Empty), "date");
            Cell(sb, "Duration", Dash(ReportText.Duration(r.Duration)), "num");
            sb.Append("</tr>\n");
            if (notes)
            {
                sb.Append("<tr class=\"notes\"><td colspan=\"").Append(RequestHeaders.Length).Append("\"><ul>");
                foreach (var e in r.Errors) sb.Append("<li class=\"error\"><b>Error</b> ").Append(H(Unlabel(e, "Error"))).Append("</li>");
                foreach (var w in r.Warnings) sb.Append("<li class=\"warning\"><b>Warning</b> ").Append(H(Unlabel(w, "Warning"))).Append("</li>");
                if (r.ActionNeeded is not null) sb.Append("<li class=\"error action\"><b>Action needed</b> ").Append(H(r.ActionNeeded)).Append("</li>");
                sb.Append("</ul></td></tr>\n");
            }
        }

        private static void Cell(StringBuilder sb, string label, string html, string? cssClass = null)
        {
            sb.Append("<td data-label=\"").Append(H(label)).Append('"');
            if (cssClass is not null) sb.Append(" class=\"").Append(cssClass).Append('"');
            sb.Append('>').Append(html).Append("</td>");
        }

        /// <summary>The pairs -MaxActive deferred (only when there are some): one line per pair, its parts, its batch.</summary>
        private static void Deferred(StringBuilder sb, RestoreReport report)
        {
            if (report.Deferred.Count == 0) return;
            var pairs = report.Deferred.GroupBy(r => r.PairKey, StringComparer.Ordinal).ToList();
            sb.Append("<section id=\"deferred\" aria-labelledby=\"h-deferred\">\n<h2 id=\"h-deferred\">Deferred pairs <span class=\"count\">")
              .Append(ReportText.Count(pairs.Count)).Append("</span></h2>\n")
              .Append("<p>Not submitted yet: Start-InactiveRestore -MaxActive left no room in the batch, so no request exists in Exchange for these pairs and they are not counted among the requests. A later run of the same command submits them.</p>\n")
              .Append("<div class=\"table-wrap\">\n<table class=\"deferred\">\n<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Target</th><th scope=\"col\">Parts</th><th scope=\"col\">Batch</th></tr></thead>\n<tbody>\n");
            foreach (var pair in pairs)
            {
                var first = pair.First();
                sb.Append("<tr class=\"deferred-pair\">");
                Cell(sb, "Source", "<span class=\"strong\">" + Dash(first.Source) + "</span>");
                Cell(sb, "Target", Dash(first.Target));
                Cell(sb, "Parts", H(string.Join(", ", pair.Select(r => r.Kind).Where(k => k is not null).Distinct())));
                Cell(sb, "Batch", Dash(first.BatchName));
                sb.Append("</tr>\n");
            }
            sb.Append("</tbody>\n</table>\n</div>\n</section>\n");
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
              .Append("<li><b>Status</b> is InactiveRestore&#8217;s reading of Exchange&#8217;s own status, shown next to it. <i>Completed with warnings</i>: the content was copied, with the warnings listed under the request. <i>Completed unchecked</i>: Exchange lists the request as completed, but its skipped items were not read for this report (<code>Get-InactiveRestore</code> gives the verdict). <i>Failed</i>: Exchange stopped the request before it finished; its reason is listed, and when every item appears copied a warning says so (the request still has to be resumed to complete). A status never reads better than Exchange&#8217;s own, and a percentage is never above Exchange&#8217;s. <i>Refused</i>: the pair was never submitted. <i>Deferred</i> pairs were not submitted yet; they are not requests.</li>\n")
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
table.requests,table.refused,table.deferred,table.requests tbody,table.refused tbody,table.deferred tbody{display:block}
table.requests thead,table.refused thead,table.deferred thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.requests tr,table.refused tr,table.deferred tr{display:block;border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:4px 0}
table.requests tr.request.has-notes{border-bottom:none;border-radius:8px 8px 0 0;margin-bottom:0}
table.requests tr.notes{border-top:none;border-radius:0 0 8px 8px;padding-top:0}
table.requests td,table.refused td,table.deferred td{display:block;position:relative;border:none;padding:3px 12px 3px calc(10em + 12px);min-height:1.6em;text-align:left;white-space:normal}
table.requests td::before,table.refused td::before,table.deferred td::before{content:attr(data-label);position:absolute;left:12px;top:5px;width:11em;white-space:nowrap;font-size:10.5px;line-height:1.3;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
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

using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Exchange's Message of a restore request, as the module shows it: Exchange's own remedies (sentences naming its
    /// *-MailboxRestoreRequest cmdlets, e.g. "Resume it with Resume-MailboxRestoreRequest.", "Approve the skipped items
    /// (Set-MailboxRestoreRequest -SkippedItemApprovalTime) and resume the request.") are left out, so a result carries one
    /// remedy: the module's. The raw text stays in the request's report entries (Get-InactiveRestore -IncludeReport).
    /// </summary>
    internal static class ExchangeMessage
    {
        private static readonly Regex ExchangeCmdlet = new(@"\b[A-Za-z]+-[A-Za-z]*MailboxRestoreRequest\w*");
        private static readonly Regex Sentence = new(@"(?<=[.!?])\s+(?=[A-Z(])");
        private static readonly Regex InformationalLabel = new(@"^\s*(Informational|Information|Warning)\s*:\s*", RegexOptions.IgnoreCase);
        private static readonly Regex Because = new(@"\bbecause\s+(?<why>.+?)\s*\.?\s*$", RegexOptions.IgnoreCase);

        /// <summary>The message without Exchange's remedy sentences; null when nothing is left.</summary>
        public static string? WithoutRemedy(string? message)
        {
            if (string.IsNullOrWhiteSpace(message)) return null;
            var kept = Sentence.Split(message!.Trim()).Where(s => !ExchangeCmdlet.IsMatch(s)).ToList();
            var text = string.Join(" ", kept).Trim();
            return text.Length == 0 ? null : text;
        }

        /// <summary>A reason to show: <see cref="WithoutRemedy"/> without a leading "Informational:" / "Warning:" label.</summary>
        public static string? Reason(string? message)
        {
            var text = WithoutRemedy(message);
            if (text is null) return null;
            text = InformationalLabel.Replace(text, string.Empty).Trim();
            return text.Length == 0 ? null : text;
        }

        /// <summary>
        /// The cause in a reason, for a parenthesis: "the target mailbox's database is being rebalanced" from "The request was
        /// automatically suspended because the target mailbox's database is being rebalanced."; else the reason without its
        /// final period; null for none.
        /// </summary>
        public static string? Cause(string? reason)
        {
            if (string.IsNullOrWhiteSpace(reason)) return null;
            var m = Because.Match(reason);
            var text = m.Success ? m.Groups["why"].Value : reason!.Trim();
            return text.TrimEnd('.', ' ');
        }
    }
}

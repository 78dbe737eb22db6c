using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>Sentences for -WhatIf and the Information stream of Start-InactiveRestore.</summary>
    internal static class RestoreNarration
    {
        /// <summary>
        /// The -WhatIf / -Confirm text of one pair: a heading, then every Exchange command of the plan in order, rendered
        /// with the connection's <paramref name="prefix"/>.
        /// </summary>
        public static string DescribePlan(PairPlan pair, string? prefix)
        {
            if (pair is null) throw new ArgumentNullException(nameof(pair));
            var lines = new List<string> { $"Restore '{SourceText(pair)}' into '{TargetText(pair)}' by running:" };
            lines.AddRange(pair.Steps.Where(s => s.Command is not null).Select(s => "  " + s.Command!.ToDisplayString(prefix)));
            foreach (var s in pair.Steps.OfType<ReuseRequestStep>())
                lines.Add($"  (request '{s.Request!.Name}' already exists: nothing to run for it)");
            return string.Join(Environment.NewLine, lines);
        }

        /// <summary>"Restore of X into Y submitted as N (primary), M (archive)." and the like.</summary>
        public static string Submitted(PairPlan pair, IReadOnlyList<RestoreResult> results)
        {
            var parts = new List<string>();
            var created = results.Where(r => r.Success && !r.AlreadyExisted).ToList();
            var existing = results.Where(r => r.AlreadyExisted).ToList();
            var failed = results.Where(r => !r.Success && !r.AlreadyExisted).ToList();
            var head = $"Restore of {SourceText(pair)} into {TargetText(pair)}";
            if (created.Count > 0) parts.Add("submitted as " + string.Join(", ", created.Select(Describe)));
            if (existing.Count > 0) parts.Add("already submitted as " + string.Join(", ", existing.Select(r => $"{Describe(r)}, {r.Status}")));
            if (failed.Count > 0) parts.Add("failed to submit " + string.Join(", ", failed.Select(Describe)));
            if (parts.Count == 0) parts.Add("made no request");
            return head + " " + string.Join("; ", parts) + ".";
        }

        /// <summary>"Restore of X into Y not started: SourceNotFound, InsufficientSpace." (the codes are the ErrorIds written).</summary>
        public static string Refused(RestoreRequest request, IEnumerable<string> codes) =>
            $"Restore of {request.SourceMailbox} into {request.TargetMailbox} not started: {string.Join(", ", codes.Distinct())}.";

        private static string Describe(RestoreResult r) => $"{r.RequestName} ({(r.IsArchive ? "archive" : "primary")})";

        private static string SourceText(PairPlan pair) => pair.Source is { } s ? MailboxResolver.Show(s) : pair.Input.SourceMailbox;

        private static string TargetText(PairPlan pair) => pair.Target is { } t ? MailboxResolver.ShowTarget(t) : pair.Input.TargetMailbox;
    }
}

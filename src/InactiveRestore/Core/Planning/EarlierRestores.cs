using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Content an earlier restore of the same pair left in the target while no request for it exists any more (stopped
    /// with Stop-InactiveRestore, removed with Remove-InactiveRestore or Complete-InactiveRestore -RemoveRequests, or
    /// cleaned up by Exchange after CompletedRequestAgeLimit): only the target's folders remember it. For each request the
    /// pair would create (the planner creates one only when no request of this source and kind is on the target), the
    /// target part's folder listing — read once per target part by <see cref="PlanContext.TargetMeasure"/>, no call here —
    /// is searched for the root folders such a restore makes: the pair's explicit TargetRootFolder (with <c>-Archive</c>
    /// for the archive's), and <c>Restored-{source DisplayName}-{any date}</c> (<c>-Archive</c> in the archive) at the top
    /// of the mailbox. Only user-created folders holding items count.
    /// <list type="bullet">
    /// <item>A folder holding at least <see cref="CompleteShare"/> of the source's estimated items: AlreadyRestored, an
    /// error (refused), a warning with <see cref="RestoreRequest.RestoreAgain"/>.</item>
    /// <item>Less (or the source's size unknown): EarlierRestoreContent, a warning with the folders, items and bytes.</item>
    /// <item>The session has no Get-MailboxFolderStatistics: EarlierRestoreUnchecked, a warning.</item>
    /// </list>
    /// A folder named like these that holds other content (several sources restored into one explicit folder, a source
    /// sharing its display name with another) is read as this source's: the messages say so, and -RestoreAgain overrides.
    /// </summary>
    internal static class EarlierRestores
    {
        /// <summary>A root folder holding at least this share of the source's estimated items is a complete copy (skipped bad items and the owner's clean-up leave a little less).</summary>
        public const double CompleteShare = 0.95;

        public static void Check(PlanContext context, RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, PairPlan pair)
        {
            var notSearched = false;
            foreach (var planned in pair.Steps.OfType<CreateRequestStep>().Select(s => s.Request!))
            {
                // Not measured: the measure failed, and StatisticsUnavailable already says this look was skipped.
                if (context.MeasuredTarget(target, planned.IsArchive) is not { } measure) continue;
                if (measure.Folders is null)
                {
                    notSearched = true;
                    continue;
                }
                var found = Find(measure.Folders, request.TargetRootFolder, source, planned.IsArchive);
                if (found.Count > 0) Report(request, source, target, planned, found, pair.Findings);
            }
            if (notSearched)
            {
                pair.Findings.Add(ValidationCodes.EarlierRestoreUnchecked, ValidationSeverity.Warning,
                    "This session has no Get-MailboxFolderStatistics, so the target was not searched for content an earlier restore of this source left there (one whose request was removed); if there is such content, this restore copies it a second time.",
                    "Grant the 'Mail Recipients' or 'View-Only Recipients' role and reconnect (Test-InactiveRestoreEnvironment lists the missing cmdlets), or look for a 'Restored-<name>-<date>' folder in the target yourself.");
            }
        }

        /// <summary>
        /// The root folders in a target part's listing that a restore of <paramref name="source"/> makes: the explicit
        /// folder (its <c>-Archive</c> form for the archive), and top-level <c>Restored-{DisplayName}-{date}[-Archive]</c>
        /// folders; user-created folders holding items only.
        /// </summary>
        public static IReadOnlyList<ExchangeFolderStatistics> Find(IReadOnlyList<ExchangeFolderStatistics> folders, string? explicitRoot, ExchangeMailbox source, bool archive)
        {
            var explicitPath = explicitRoot is { Length: > 0 } root
                ? RestoreVerifier.NormalizePath(archive ? FolderNames.ArchiveFolder(root.Trim()) : root.Trim())
                : null;
            var displayName = source.DisplayName ?? source.Name ?? source.Alias;
            return folders.Where(f => f.IsUserCreated && f.ItemsInFolderAndSubfolders > 0 && !f.IsRecoverableItems)
                .Where(f =>
                {
                    var path = RestoreVerifier.NormalizePath(f.FolderPath);
                    if (explicitPath is not null && string.Equals(path, explicitPath, StringComparison.OrdinalIgnoreCase)) return true;
                    return path.LastIndexOf('/') == 0 && FolderNames.IsDefaultTargetRootFolder(path.Substring(1), displayName, archive);
                })
                .GroupBy(f => RestoreVerifier.NormalizePath(f.FolderPath), StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .ToList();
        }

        private static void Report(RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, PlannedRequest planned,
            IReadOnlyList<ExchangeFolderStatistics> found, ValidationResult result)
        {
            var part = planned.IsArchive ? "archive" : "primary mailbox";
            var folders = string.Join("; ", found.Select(f => string.Format(CultureInfo.InvariantCulture, "'{0}' ({1:N0} items, {2})",
                RestoreVerifier.NormalizePath(f.FolderPath), f.ItemsInFolderAndSubfolders, ByteFormat.Short(f.FolderAndSubfolderSize))));
            var items = found.Sum(f => f.ItemsInFolderAndSubfolders);
            var newFolder = RestoreVerifier.NormalizePath(planned.TargetRootFolder);
            var x500 = source.LegacyExchangeDN is { Length: > 0 } dn && target.HasX500(dn)
                ? " The target also still holds the source's X500 address, which a restore adds."
                : string.Empty;
            var sharedFolder = request.TargetRootFolder is { Length: > 0 }
                ? " If that folder also holds other content (other sources restored into the same -TargetRootFolder), this finding may be wrong."
                : string.Empty;
            var estimate = planned.EstimatedItems;
            var largest = found.Max(f => f.ItemsInFolderAndSubfolders);
            if (estimate is > 0 && largest >= Math.Ceiling(estimate.Value * CompleteShare))
            {
                var message = string.Format(CultureInfo.InvariantCulture,
                    "The target's {0} already holds {1}, and no restore request for this source is on the target: an earlier restore of this source's {0} appears complete (the source has {2:N0} items) and its request was removed (Remove-InactiveRestore, Complete-InactiveRestore -RemoveRequests, or Exchange's clean-up after CompletedRequestAgeLimit).{3} Restoring again copies every item a second time into '{4}'.",
                    part, folders, estimate.Value, x500, newFolder);
                if (request.RestoreAgain)
                {
                    result.Add(ValidationCodes.AlreadyRestored, ValidationSeverity.Warning, message + " -RestoreAgain was given: it is restored again.");
                    return;
                }
                result.Add(ValidationCodes.AlreadyRestored, ValidationSeverity.Error, message,
                    "Nothing to do if that content is what you wanted. To restore it again anyway (a second copy), add -RestoreAgain, or delete that folder in the target first." + sharedFolder);
                return;
            }
            var share = estimate is > 0
                ? string.Format(CultureInfo.InvariantCulture, " of the source's {0:N0}", estimate.Value)
                : string.Empty;
            result.Add(ValidationCodes.EarlierRestoreContent, ValidationSeverity.Warning,
                string.Format(CultureInfo.InvariantCulture,
                    "Part of the source's content is already in the target's {0}: {1}, {2:N0} items{3}, from an earlier restore of this source that was stopped or did not finish and whose request is gone.{4} The new restore copies every item again into '{5}', so those {2:N0} items will be there twice.",
                    part, folders, items, share, x500, newFolder),
                "To keep one copy, delete that folder in the target (before or after this restore); otherwise nothing to do." + sharedFolder);
        }
    }
}

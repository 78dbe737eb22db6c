using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// -Verify: reads the restored folder tree in each target (Get-MailboxFolderStatistics, one call per target mailbox
    /// and kind, -Archive for archive restores; cached for the invocation) and compares, per request, the items found
    /// under its target root folder with the items it copied (items that arrived: Exchange's transferred count less the
    /// skipped ones). Requests restored into the same root folder of the same target are compared together.
    /// <list type="bullet">
    /// <item>Verified: found ≥ copied − tolerance.</item>
    /// <item>Shortfall: found &lt; copied − tolerance.</item>
    /// <item>NotVerifiable: no root folder (merged into the target's folders), the folder is not where the request put it
    /// (renamed, moved or deleted: a folder of that name elsewhere is named), the request has not completed (Queued,
    /// InProgress, Suspended, and Failed: Exchange has not finished it, as Complete-InactiveRestore says) or is gone, the
    /// copied count is unknown (CompletedUnchecked: not read), or the folders could not be read.</item>
    /// </list>
    /// Tolerance: the larger of <see cref="MinimumTolerance"/> items and <see cref="ToleranceFraction"/> of the copied
    /// items: folder statistics count associated (hidden) items and search folders differently from the copy, and Exchange
    /// may place a few items (Recoverable Items) elsewhere.
    /// </summary>
    internal sealed class RestoreVerifier
    {
        public const long MinimumTolerance = 5;
        public const double ToleranceFraction = 0.005;

        private readonly IExchangeGateway _gateway;
        private readonly Dictionary<(string, bool), IReadOnlyList<ExchangeFolderStatistics>> _folders = new();

        public RestoreVerifier(IExchangeGateway gateway) => _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));

        /// <summary>The tolerance for <paramref name="copied"/> items.</summary>
        public static long Tolerance(long copied) => Math.Max(MinimumTolerance, (long)Math.Ceiling(copied * ToleranceFraction));

        /// <summary>Sets Verification, ItemsVerified and VerificationNote on each result (in place).</summary>
        public void Verify(IReadOnlyCollection<RestoreResult> results)
        {
            // Requests into the same root folder of the same target part are compared together.
            var groups = results.Where(r => !string.IsNullOrWhiteSpace(r.TargetRootFolder))
                .GroupBy(r => (Target: TargetIdentity(r) ?? string.Empty, r.IsArchive, Folder: NormalizePath(r.TargetRootFolder!)))
                .ToDictionary(g => g.Key, g => g.ToList());
            foreach (var r in results) VerifyOne(r, groups);
        }

        private void VerifyOne(RestoreResult r, Dictionary<(string, bool, string), List<RestoreResult>> groups)
        {
            r.ItemsVerified = null;
            if (string.IsNullOrWhiteSpace(r.TargetRootFolder))
            {
                NotVerifiable(r, "The request restored into the target's own folders (no target root folder): its items cannot be told apart from the target's.");
                return;
            }
            if (r.Status == OperationStatus.Cancelled)
            {
                NotVerifiable(r, "The request no longer exists in Exchange: what it copied cannot be counted.");
                return;
            }
            // Only a request Exchange has completed is verified: a Failed one has not finished (Complete-InactiveRestore
            // refuses it alike), whatever it copied so far; Resume-InactiveRestore lets it complete.
            if (r.Status == OperationStatus.Failed)
            {
                NotVerifiable(r, $"The request has not finished: Exchange reports it as Failed at {RestoreResults.PercentText(r)}. Resume it (Resume-InactiveRestore) and verify it once it has completed.");
                return;
            }
            if (!r.Status.IsCompleted())
            {
                NotVerifiable(r, $"The request has not finished ({r.Status}, {RestoreResults.PercentText(r)}): verify it once it has.");
                return;
            }
            var target = TargetIdentity(r);
            if (target is null)
            {
                NotVerifiable(r, "The request's target mailbox is not known.");
                return;
            }
            IReadOnlyList<ExchangeFolderStatistics> folders;
            try
            {
                folders = Folders(target, r.IsArchive);
            }
            catch (ExchangeException e) when (!ExchangeGateway.IsSessionLoss(e))
            {
                NotVerifiable(r, $"The folders of '{r.Target}'{(r.IsArchive ? " (archive)" : string.Empty)} could not be read: {e.Message}");
                return;
            }
            var path = NormalizePath(r.TargetRootFolder!);
            var root = folders.FirstOrDefault(f => string.Equals(NormalizePath(f.FolderPath), path, StringComparison.OrdinalIgnoreCase));
            if (root is null)
            {
                var leaf = path.Substring(path.LastIndexOf('/') + 1);
                var elsewhere = folders.FirstOrDefault(f => string.Equals(f.Name, leaf, StringComparison.OrdinalIgnoreCase)
                    || NormalizePath(f.FolderPath).EndsWith("/" + leaf, StringComparison.OrdinalIgnoreCase));
                NotVerifiable(r, elsewhere is null
                    ? $"The folder '{path}' is not in the target{(r.IsArchive ? "'s archive" : string.Empty)}: it was renamed, moved or deleted after the restore (or the restore was not into a root folder)."
                    : $"The folder '{path}' is not where the restore put it: a folder of that name is at '{NormalizePath(elsewhere.FolderPath)}' (moved or renamed); the counts there include whatever else it holds, so it is not verified.");
                return;
            }
            r.ItemsVerified = root.ItemsInFolderAndSubfolders;
            var group = groups.TryGetValue((target, r.IsArchive, path), out var g) ? g : new List<RestoreResult> { r };
            if (group.Any(o => o.ItemsCopied is null))
            {
                NotVerifiable(r, "Exchange did not say how many items were copied, so the items found cannot be compared.");
                return;
            }
            var copied = group.Sum(o => o.ItemsCopied!.Value);
            var tolerance = Tolerance(copied);
            var found = root.ItemsInFolderAndSubfolders;
            var shared = group.Count > 1 ? string.Format(CultureInfo.InvariantCulture, " (together with {0} other request(s) into the same folder)", group.Count - 1) : string.Empty;
            if (found + tolerance < copied)
            {
                r.Verification = VerificationStatus.Shortfall;
                r.VerificationNote = string.Format(CultureInfo.InvariantCulture,
                    "{0:N0} item(s) found under '{1}' but {2:N0} copied{3}: {4:N0} missing (tolerance {5:N0}).",
                    found, path, copied, shared, copied - found, tolerance);
            }
            else
            {
                r.Verification = VerificationStatus.Verified;
                r.VerificationNote = string.Format(CultureInfo.InvariantCulture,
                    "{0:N0} item(s) found under '{1}' for {2:N0} copied{3} (tolerance {4:N0}).", found, path, copied, shared, tolerance);
            }
        }

        private IReadOnlyList<ExchangeFolderStatistics> Folders(string target, bool archive)
        {
            var key = (target.ToLowerInvariant(), archive);
            if (!_folders.TryGetValue(key, out var rows)) _folders[key] = rows = _gateway.GetFolderStatistics(target, archive);
            return rows;
        }

        private static void NotVerifiable(RestoreResult r, string why)
        {
            r.Verification = VerificationStatus.NotVerifiable;
            r.VerificationNote = why;
        }

        private static string? TargetIdentity(RestoreResult r) =>
            r.TargetExchangeGuid != Guid.Empty ? r.TargetExchangeGuid.ToString() : string.IsNullOrWhiteSpace(r.Target) ? null : r.Target;

        /// <summary>"/Restored-Jane Doe-2026-12-01" for "Restored-Jane Doe-2026-12-01", "/a/b/" or "\a\b" alike.</summary>
        public static string NormalizePath(string path)
        {
            var p = path.Trim().Replace('\\', '/').Trim('/');
            return "/" + p;
        }
    }
}

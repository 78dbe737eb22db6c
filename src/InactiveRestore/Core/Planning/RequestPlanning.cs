using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Plans one restore request of a pair (primary or archive): its name, its folder, and whether a request for the same
    /// source and kind is already on the target (reused, never created twice) or its name is taken by another. A request
    /// of the batch listing (<see cref="PlanContext.BatchRequests"/>) with the pair's name on the pair's target is reused
    /// at no call: the module's deterministic name (IR-&lt;alias&gt;-&lt;8 hex of the source's ExchangeGuid&gt;-Primary|Archive)
    /// says source and kind, and the listing's status is the row's (its folder is not known then). Otherwise the target's
    /// own listing is read, and <c>Get-MailboxRestoreRequestStatistics</c> only for a request whose name the restore
    /// would reuse, or one named otherwise that may restore the same source.
    /// </summary>
    internal static class RequestPlanning
    {
        public static PlanStep Plan(PlanContext context, RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target,
            bool isArchive, string folder, ValidationResult result)
        {
            var name = RequestNaming.Resolve(request.Name, source, isArchive);
            var planned = new PlannedRequest { Name = name, IsArchive = isArchive, TargetRootFolder = folder };
            var deterministic = string.IsNullOrEmpty(request.Name);
            var knownFolder = request.TargetRootFolder is { Length: > 0 } ? folder : string.Empty;

            if (deterministic && context.FindInBatch(request.BatchName, name, target) is { } inBatch)
            {
                result.Add(ValidationCodes.DuplicateRequest, ValidationSeverity.Information,
                    $"Request '{name}' for this source is already in batch '{inBatch.BatchName ?? request.BatchName}' on the target (status {inBatch.Status}); it is reused, not created again.");
                return Reuse(planned, inBatch, null, knownFolder);
            }
            var existing = context.RequestsOn(target);

            if (context.PlannedCreation(target, name) is { } earlier)
            {
                planned.AlreadyExists = true;
                planned.TargetRootFolder = earlier.Request!.TargetRootFolder;
                result.Add(ValidationCodes.DuplicateRequest, ValidationSeverity.Information,
                    $"Request '{name}' for this source is created by an earlier pair of this run; it is reused, not created twice.");
                WarnIfFolderDiffers(request, folder, planned, "made by an earlier row of this run", result);
                return new ReuseRequestStep(planned, null, null, earlier);
            }

            if (RequestNaming.IsDefaultSlotName(name)
                && Enumerable.Range(0, 10).All(i => existing.Any(r => string.Equals(r.Name, i == 0 ? "MailboxRestore" : "MailboxRestore" + i, StringComparison.OrdinalIgnoreCase))))
            {
                result.Add(ValidationCodes.NameSlotsExhausted, ValidationSeverity.Error,
                    $"'{name}' is one of Exchange's ten default request names, and all ten are taken on the target.",
                    "Leave -Name out (the module's names never use the default slots), or remove finished requests with Remove-MailboxRestoreRequest.");
            }
            else if (existing.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) is { } same)
            {
                // Outside the batch listing the statistics are read: they confirm the source and give the row its folder.
                var stats = context.RequestStatistics(same);
                if (IsSameSource(same, stats, source, isArchive))
                {
                    result.Add(ValidationCodes.DuplicateRequest, ValidationSeverity.Information,
                        $"Request '{name}' for this source is already on the target (status {same.Status}); it is reused, not created again.");
                    var reused = Reuse(planned, same, stats, knownFolder);
                    if (stats?.TargetRootFolder is { Length: > 0 }) WarnIfFolderDiffers(request, folder, planned, $"already on the target (status {same.Status})", result);
                    return reused;
                }
                result.Add(ValidationCodes.DuplicateRequest, ValidationSeverity.Error,
                    $"The target already has a request named '{name}' for a different source or kind (status {same.Status}).",
                    "Give another -Name, or remove that request (Remove-MailboxRestoreRequest) if it is finished.");
            }
            else if (FindSameSourceUnderAnotherName(context, existing, name, source, isArchive) is { } other)
            {
                // The same source and kind already restored into this target under another name (an earlier -Name, or
                // a request made by hand with Exchange's default name): restoring it again would copy every item twice.
                planned.Name = other.request.Name;
                result.Add(ValidationCodes.DuplicateRequest, ValidationSeverity.Information,
                    $"The target already has request '{other.request.Name}' for this source's {(isArchive ? "archive" : "primary mailbox")} (status {other.request.Status}); it is reused, not created again.");
                var reused = Reuse(planned, other.request, other.stats, knownFolder);
                if (other.stats.TargetRootFolder is { Length: > 0 }) WarnIfFolderDiffers(request, folder, planned, $"already on the target (status {other.request.Status})", result);
                return reused;
            }

            var step = new CreateRequestStep(planned, target, NewRequestCommand(request, source, target, planned));
            context.RecordCreation(step);
            return step;
        }

        /// <summary>
        /// A row that names a TargetRootFolder and reuses a request made with another folder: the request is reused as it
        /// is, so the row's folder is not used; a warning says so. A row without a folder accepts the existing one. Only
        /// where the existing folder is known (an earlier row of the run, or the request's statistics; a batch listing
        /// does not carry it). Said once per pair (its archive request is reused the same way).
        /// </summary>
        private static void WarnIfFolderDiffers(RestoreRequest request, string wanted, PlannedRequest planned, string where, ValidationResult result)
        {
            if (request.TargetRootFolder is not { Length: > 0 } || string.IsNullOrEmpty(planned.TargetRootFolder) || result.Has(ValidationCodes.TargetRootFolderDiffers)) return;
            if (string.Equals(wanted.Trim().Trim('/'), planned.TargetRootFolder.Trim().Trim('/'), StringComparison.OrdinalIgnoreCase)) return;
            result.Add(ValidationCodes.TargetRootFolderDiffers, ValidationSeverity.Warning,
                $"This row's TargetRootFolder '{wanted}' differs from the folder of request '{planned.Name}' {where}, '{planned.TargetRootFolder}': that request is reused as it is, and nothing is restored under '{wanted}'.",
                "Leave the row's TargetRootFolder empty (or give the existing folder) to accept the request as it is; to restore into another folder as well, give the row its own -Name (a second request copies every item again).");
        }

        private static ReuseRequestStep Reuse(PlannedRequest planned, ExchangeRestoreRequest existing, ExchangeRestoreRequestStatistics? stats, string knownFolder)
        {
            planned.AlreadyExists = true;
            planned.ExistingRequestId = existing.RequestGuid == Guid.Empty ? null : existing.RequestGuid;
            planned.ExistingStatus = existing.Status;
            if (!string.IsNullOrEmpty(stats?.TargetRootFolder)) planned.TargetRootFolder = stats!.TargetRootFolder!;
            // Without statistics the folder is known only when given: today's default name may not be the one it was made with.
            else if (stats is null) planned.TargetRootFolder = knownFolder;
            return new ReuseRequestStep(planned, existing, stats);
        }

        private static ExchangeCommand NewRequestCommand(RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, PlannedRequest planned) =>
            new ExchangeCommand("New-MailboxRestoreRequest")
                .Param("SourceMailbox", SourceIdentity(source))
                .Param("TargetMailbox", target.ExchangeIdentity)
                .Param("Name", planned.Name)
                .Param("TargetRootFolder", planned.TargetRootFolder)
                .Param("ConflictResolutionOption", request.ConflictResolution.ToString())
                .Switch("SourceIsArchive", planned.IsArchive)
                .Switch("TargetIsArchive", planned.IsArchive)
                .ParamIf("BatchName", request.BatchName)
                .Switch("ExcludeDumpster", request.ExcludeDumpster)
                .ParamIf("IncludeFolders", request.IncludeFolders?.ToArray())
                .ParamIf("ExcludeFolders", request.ExcludeFolders?.ToArray())
                .Switch("AllowLegacyDNMismatch", request.AllowLegacyDNMismatch);

        /// <summary>
        /// A request on the target, under another name than <paramref name="plannedName"/>, that restores the same source
        /// and kind. Exchange's listing does not name the source, so a candidate's statistics are read; the module's own
        /// names (IR-&lt;alias&gt;-&lt;8 hex of the source's ExchangeGuid&gt;-Primary|Archive) say source and kind already, so
        /// only requests named otherwise cost a call.
        /// </summary>
        private static (ExchangeRestoreRequest request, ExchangeRestoreRequestStatistics stats)? FindSameSourceUnderAnotherName(
            PlanContext context, IReadOnlyList<ExchangeRestoreRequest> existing, string plannedName, ExchangeMailbox source, bool isArchive)
        {
            var hex = source.ExchangeGuid.ToString("N");
            var kind = isArchive ? RequestNaming.ArchiveSuffix : RequestNaming.PrimarySuffix;
            foreach (var r in existing)
            {
                if (string.Equals(r.Name, plannedName, StringComparison.OrdinalIgnoreCase)) continue;
                if (RequestNaming.IsModuleName(r.Name))
                {
                    var ours = source.ExchangeGuid != Guid.Empty
                        && r.Name.EndsWith("-" + hex.Substring(hex.Length - 8) + kind, StringComparison.OrdinalIgnoreCase);
                    if (!ours) continue;
                }
                var stats = context.RequestStatistics(r);
                if (stats is not null && stats.SourceExchangeGuid != Guid.Empty && IsSameSource(r, stats, source, isArchive)) return (r, stats);
            }
            return null;
        }

        /// <summary>The source as New-MailboxRestoreRequest takes it: ExchangeGuid, else DistinguishedName; never an SMTP address.</summary>
        internal static string SourceIdentity(ExchangeMailbox source)
        {
            if (source.ExchangeGuid != Guid.Empty) return source.ExchangeGuid.ToString();
            if (source.DistinguishedName.Length > 0) return source.DistinguishedName;
            throw new InvalidOperationException($"The inactive mailbox '{MailboxResolver.Show(source)}' has neither an ExchangeGuid nor a DistinguishedName.");
        }

        private static bool IsSameSource(ExchangeRestoreRequest request, ExchangeRestoreRequestStatistics? stats, ExchangeMailbox source, bool isArchive)
        {
            if (stats is not null && stats.SourceExchangeGuid != Guid.Empty)
                return stats.SourceExchangeGuid == source.ExchangeGuid && stats.SourceIsArchive == isArchive;
            var s = request.SourceMailbox;
            if (string.IsNullOrEmpty(s)) return false;
            return new[] { source.ExchangeGuid.ToString(), source.DistinguishedName, source.LegacyExchangeDN, source.Identity }
                .Any(v => !string.IsNullOrEmpty(v) && string.Equals(v, s, StringComparison.OrdinalIgnoreCase));
        }
    }
}

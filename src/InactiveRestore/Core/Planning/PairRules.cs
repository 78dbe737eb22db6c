using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using static InactiveRestore.Core.MailboxResolver;

namespace InactiveRestore.Core
{
    /// <summary>The planner's rules that need no Exchange call: input forms, parts to restore, holds, retention and LegacyExchangeDN.</summary>
    internal static class PairRules
    {
        public static void CheckInputs(RestoreRequest request, ValidationResult result)
        {
            if (request.Name is not null && RequestNaming.CheckName(request.Name) is { } nameWhy)
                result.Add(ValidationCodes.InvalidRequestName, ValidationSeverity.Error, $"Request name '{request.Name}' is not valid: {nameWhy}.",
                    "Choose a name without '\\' or control characters, or leave -Name out for the module's deterministic name.");
            if (request.BatchName is { } batch && RestoreInput.CheckBatchName(batch) is { } batchWhy)
                result.Add(ValidationCodes.InvalidBatchName, ValidationSeverity.Error, $"Batch name '{batch}' is not valid: {batchWhy}.",
                    "Choose a simpler batch name.");
            foreach (var (parameter, specs) in new[] { ("IncludeFolders", request.IncludeFolders), ("ExcludeFolders", request.ExcludeFolders) })
            {
                if (specs is null) continue;
                foreach (var spec in specs)
                {
                    if (FolderNames.CheckFolderSpec(spec) is { } why)
                        result.Add(ValidationCodes.InvalidFolderSpec, ValidationSeverity.Error, $"-{parameter} entry '{spec}' is not valid: {why}.",
                            "Use forms like 'Inbox', 'Projects/*', 'Projects/2023/*' or '#Inbox#/*'.");
                }
            }
            if (request.TargetRootFolder is not null && FolderNames.CheckTargetRootFolder(request.TargetRootFolder) is { } folderWhy)
                result.Add(ValidationCodes.InvalidFolderSpec, ValidationSeverity.Error, $"-TargetRootFolder '{request.TargetRootFolder}' is not valid: {folderWhy}.",
                    "Give a folder name (use '/' between levels), or leave it out for Restored-<DisplayName>-<date>.");
        }

        public static (bool primary, bool archive) PlanParts(RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, ValidationResult result)
        {
            var primary = request.Archive != ArchiveOption.Only;
            var archive = false;
            switch (request.Archive)
            {
                case ArchiveOption.Exclude:
                    break;
                case ArchiveOption.Auto:
                    if (source.HasArchive)
                    {
                        if (target.HasActiveArchive) archive = true;
                        else
                            result.Add(ValidationCodes.TargetLacksArchive, ValidationSeverity.Warning,
                                $"'{Show(source)}' has an archive but the target '{Show(target)}' has no active archive: the archive will not be restored.",
                                "Enable the target's archive (Enable-Mailbox -Archive) and restore again with -Archive Only, or accept the skip.");
                    }
                    break;
                default:
                    if (!source.HasArchive)
                        result.Add(ValidationCodes.SourceLacksArchive, ValidationSeverity.Error,
                            $"'{Show(source)}' has no archive to restore.", "Use -Archive Auto or Exclude.");
                    else if (!target.HasActiveArchive)
                        result.Add(ValidationCodes.TargetLacksArchive, ValidationSeverity.Error,
                            $"The target '{Show(target)}' has no active archive to receive the source's archive.",
                            "Enable the target's archive (Enable-Mailbox -Archive) first, or use -Archive Exclude.");
                    else archive = true;
                    break;
            }
            return (primary, archive);
        }

        public static void CheckSource(ExchangeMailbox source, ValidationResult result)
        {
            if (source.AutoExpandingArchiveEnabled)
                result.Add(ValidationCodes.AutoExpandingArchive, ValidationSeverity.Error,
                    $"'{Show(source)}' has an auto-expanding archive; Microsoft does not support restoring such an inactive mailbox.",
                    "Export its content with a Microsoft Purview content search (eDiscovery export) instead.");
        }

        public static void CheckHolds(ExchangeMailbox source, ValidationResult result)
        {
            var holds = new List<string>();
            if (source.LitigationHoldEnabled) holds.Add("Litigation Hold");
            if (source.InPlaceHolds.Count > 0) holds.Add($"{source.InPlaceHolds.Count} in-place/retention hold(s)");
            if (source.ComplianceTagHoldApplied) holds.Add("retention label hold");
            if (source.DelayHoldApplied) holds.Add("delay hold");
            if (holds.Count > 0)
                result.Add(ValidationCodes.SourceHasHolds, ValidationSeverity.Information,
                    $"The source is kept by {string.Join(", ", holds)}. A restore copies its content and leaves it inactive and on hold.");
        }

        /// <summary>
        /// Retention hold and the X500 address. Returns the preparation steps, run before any New- call and only when
        /// something is created (<paramref name="creates"/>).
        /// </summary>
        public static IEnumerable<PlanStep> Preparation(RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, ValidationResult result, bool creates)
        {
            var steps = new List<PlanStep>();
            if (!target.RetentionHoldEnabled)
            {
                if (request.EnableRetentionHold)
                {
                    if (creates) steps.Add(new EnableRetentionHoldStep(target));
                }
                else if (!string.IsNullOrEmpty(target.RetentionPolicy))
                {
                    result.Add(ValidationCodes.RetentionMayPurge, ValidationSeverity.Warning,
                        $"The target is not on retention hold and has retention policy '{target.RetentionPolicy}': old restored items may be deleted or moved to the archive by it.",
                        "Use -EnableRetentionHold (sets RetentionHoldEnabled on the target before the restore).");
                }
            }

            var dn = source.LegacyExchangeDN;
            if (!string.IsNullOrEmpty(dn))
            {
                if (target.HasX500(dn!)) return steps;
                if (request.AllowLegacyDNMismatch)
                {
                    result.Add(ValidationCodes.LegacyDnMissing, ValidationSeverity.Warning,
                        "The target lacks the source's LegacyExchangeDN as an X500 address; -AllowLegacyDNMismatch is passed instead of adding it. Microsoft is deprecating that switch.",
                        "Leave -AllowLegacyDNMismatch out so the X500 proxy is added (Microsoft's procedure).");
                }
                else
                {
                    result.Add(ValidationCodes.LegacyDnMissing, ValidationSeverity.Information,
                        $"The X500 address X500:{dn} will be added to the target before the restore (Microsoft's procedure).");
                    if (creates) steps.Add(new AddX500AddressStep(target, dn!));
                }
            }
            else if (!request.AllowLegacyDNMismatch)
            {
                result.Add(ValidationCodes.LegacyDnMissing, ValidationSeverity.Warning,
                    "The source has no LegacyExchangeDN, so no X500 address can be added; Exchange may refuse the restore.",
                    "If it does, run again with -AllowLegacyDNMismatch.");
            }
            return steps;
        }
    }
}

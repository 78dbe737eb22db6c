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
        /// The X500 address and retention hold. Returns the preparation steps, run before any New- call and only when
        /// something is created (<paramref name="creates"/>): the address first, then the hold, so that a target whose
        /// every pair Exchange refuses the address for (ProxyAddressInUse at execution) is not left on hold for nothing.
        /// A directory-synced target without the address is refused (TargetDirSynced: Exchange Online cannot add it);
        /// when the address is needed, <paramref name="context"/> records it for the proxy-address pre-check
        /// (<see cref="CheckProxyAddresses"/>: Test-InactiveRestore and Start -WhatIf). Retention hold is cloud-mastered:
        /// it is set on synced targets too.
        /// </summary>
        public static IEnumerable<PlanStep> Preparation(RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, ValidationResult result, bool creates,
            PlanContext? context = null)
        {
            var hold = RetentionHold(request, target, result, creates);
            var steps = AddressSteps(request, source, target, result, creates, context);
            if (hold is not null) steps.Add(hold);
            return steps;
        }

        private static PlanStep? RetentionHold(RestoreRequest request, ExchangeMailbox target, ValidationResult result, bool creates)
        {
            if (target.RetentionHoldEnabled) return null;
            if (request.EnableRetentionHold) return creates ? new EnableRetentionHoldStep(target, result.PlannedAt) : null;
            if (!string.IsNullOrEmpty(target.RetentionPolicy))
            {
                result.Add(ValidationCodes.RetentionMayPurge, ValidationSeverity.Warning,
                    $"The target is not on retention hold and has retention policy '{target.RetentionPolicy}': old restored items may be deleted or moved to the archive by it.",
                    "Use -EnableRetentionHold (sets RetentionHoldEnabled on the target before the restore).");
            }
            return null;
        }

        private static List<PlanStep> AddressSteps(RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, ValidationResult result, bool creates,
            PlanContext? context)
        {
            var steps = new List<PlanStep>();
            var dn = source.LegacyExchangeDN;
            if (!string.IsNullOrEmpty(dn))
            {
                if (target.HasX500(dn!)) return steps;
                if (request.AllowLegacyDNMismatch)
                {
                    // The remedy must be one this target allows: Exchange Online cannot add the address to a dir-synced
                    // target (TargetDirSynced), so there Microsoft's procedure is the on-premises line.
                    result.Add(ValidationCodes.LegacyDnMissing, ValidationSeverity.Warning,
                        "The target lacks the source's LegacyExchangeDN as an X500 address; -AllowLegacyDNMismatch is passed instead of adding it. Microsoft is deprecating that switch.",
                        target.IsDirSynced
                            ? $"To follow Microsoft's procedure instead, add the address on-premises (Exchange Management Shell): {ExchangeCommands.OnPremisesAddressLine(OnPremisesIdentity(target), "X500:" + dn, add: true)} ; after directory sync (typically up to 30 minutes) run again without -AllowLegacyDNMismatch."
                            : "Leave -AllowLegacyDNMismatch out so the X500 proxy is added (Microsoft's procedure).");
                }
                else if (target.IsDirSynced)
                {
                    var address = "X500:" + dn;
                    result.Add(ValidationCodes.TargetDirSynced, ValidationSeverity.Error,
                        $"The target '{ShowTarget(target)}' is synchronized from on-premises Active Directory (IsDirSynced): Exchange Online cannot add the source's LegacyExchangeDN to it as an X500 address, and the restore needs that address.",
                        $"Either add the address on-premises (Exchange Management Shell): {ExchangeCommands.OnPremisesAddressLine(OnPremisesIdentity(target), address, add: true)} ; wait for directory sync (typically up to 30 minutes) and run again. Or run again with -AllowLegacyDNMismatch (no address is added).");
                }
                else
                {
                    var address = "X500:" + dn;
                    if (creates && context is not null && context.PlannedAddressHolder(address) is { } planned && !MailboxResolver.IsSame(planned, target))
                    {
                        // Proxy addresses are unique: an earlier pair of this run adds this source's address to another target.
                        result.Add(ValidationCodes.ProxyAddressInUse, ValidationSeverity.Error,
                            $"The address {address} (the source's LegacyExchangeDN) is already held by '{Show(planned)}' ({ShowTarget(planned)}) (an earlier pair of this run adds it there): proxy addresses are unique, so Exchange would refuse to add it to '{ShowTarget(target)}'.",
                            $"Restore this source into one target per run; when that restore has finished, run Complete-InactiveRestore on it (it removes the address from {ShowTarget(planned)}), then run again. Or run again with -AllowLegacyDNMismatch (no address is added).");
                        return steps;
                    }
                    // Who else holds the address: read once for all the pairs of the invocation (CheckProxyAddresses) by
                    // Test-InactiveRestore and Start -WhatIf; Start itself learns it from Exchange's refusal (PlanExecutor).
                    if (creates) context?.CheckProxyLater(result, address, source, target);
                    result.Add(ValidationCodes.LegacyDnMissing, ValidationSeverity.Information,
                        $"The X500 address X500:{dn} will be added to the target before the restore (Microsoft's procedure).");
                    if (creates)
                    {
                        steps.Add(new AddX500AddressStep(target, dn!));
                        context?.RecordAddress(address, target);
                    }
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

        /// <summary>The identity an on-premises Set-RemoteMailbox line names the target by: its primary SMTP address, else its alias.</summary>
        public static string OnPremisesIdentity(ExchangeMailbox target) => target.PrimarySmtpAddress ?? target.Alias ?? target.Name ?? target.ExchangeIdentity;

        /// <summary>
        /// The proxy-address check of every X500 address the invocation's pairs need (recorded by <see cref="Preparation"/>):
        /// one Get-Recipient read per 20 addresses for all of them. A pair whose address another active recipient holds is
        /// refused (ProxyAddressInUse); the source (inactive: it keeps its own LegacyExchangeDN) and the target do not
        /// count. Without Get-Recipient in the session each pair gets a ProxyAddressUnchecked warning. Test-InactiveRestore
        /// and Start-InactiveRestore -WhatIf run it; Start itself does not (Exchange refuses the address, PlanExecutor).
        /// </summary>
        public static void CheckProxyAddresses(PlanContext context)
        {
            var (checks, holdersOf) = context.TakeProxyChecks();
            foreach (var check in checks)
            {
                var holders = holdersOf(check.Address);
                if (holders is null)
                {
                    check.Findings.Add(ValidationCodes.ProxyAddressUnchecked, ValidationSeverity.Warning,
                        $"This session has no Get-Recipient, so it was not checked whether another recipient already holds {check.Address}; if one does, Exchange refuses to add it and no request is created.",
                        "Grant the 'Mail Recipients' or 'View-Only Recipients' role and reconnect (Test-InactiveRestoreEnvironment lists the missing cmdlets).");
                    continue;
                }
                var holder = holders.FirstOrDefault(r => !IsMailbox(r, check.Source) && !IsMailbox(r, check.Target));
                if (holder is null) continue;
                var name = $"'{holder.Show()}'" + (string.IsNullOrEmpty(holder.RecipientTypeDetails) ? string.Empty : $" ({holder.RecipientTypeDetails})");
                AddressInUse(check.Findings, check.Address, name, holder.PrimarySmtpAddress ?? holder.Name ?? holder.ExchangeGuid.ToString(), check.Target, refused: false);
            }
        }

        /// <summary>
        /// The ProxyAddressInUse error of a pair: found by the pre-check (<paramref name="refused"/> false: Exchange would
        /// refuse) or by Exchange refusing the Set-Mailbox at execution (true). One message and remedy for both.
        /// </summary>
        public static ValidationIssue AddressInUse(ValidationResult findings, string address, string holder, string holderShort, ExchangeMailbox target, bool refused)
        {
            var outcome = refused
                ? $": Exchange refused to add it to '{ShowTarget(target)}', and no request was created for this pair"
                : $", so Exchange would refuse to add it to '{ShowTarget(target)}'";
            var issue = new ValidationIssue(ValidationCodes.ProxyAddressInUse, ValidationSeverity.Error,
                $"The address {address} (the source's LegacyExchangeDN) is already held by {holder}: proxy addresses are unique{outcome}.",
                $"If {holder} holds it from an earlier restore of this source that has finished, run Complete-InactiveRestore on that restore (it removes the address from {holderShort}), then run again. Or run again with -AllowLegacyDNMismatch (no address is added).");
            findings.Issues.Add(issue);
            return issue;
        }

        private static bool IsMailbox(ExchangeRecipient r, ExchangeMailbox m) =>
            (r.ExchangeGuid != System.Guid.Empty && r.ExchangeGuid == m.ExchangeGuid)
            || (!string.IsNullOrEmpty(r.DistinguishedName) && string.Equals(r.DistinguishedName, m.DistinguishedName, System.StringComparison.OrdinalIgnoreCase));

        /// <summary>A target quota Exchange returned in a form the module cannot read: a warning, never a silent "Unlimited".</summary>
        public static void CheckQuotas(ExchangeMailbox target, PairPlan pair)
        {
            var parts = pair.Steps.OfType<CreateRequestStep>().Select(s => s.Request!.IsArchive).ToList();
            foreach (var name in target.UnreadableSizes)
            {
                var relevant = name == "ArchiveQuota" ? parts.Contains(true) : name != "ProhibitSendReceiveQuota" || parts.Contains(false);
                if (!relevant) continue;
                pair.Findings.Add(ValidationCodes.SizeUnreadable, ValidationSeverity.Warning,
                    $"The target's {name} could not be read as a size; it is not taken as Unlimited, but the space check against it is skipped.",
                    $"Check it with: Get-Mailbox {ShowTarget(target)} | Format-List {name} ; and make sure the target has room.");
            }
        }

        /// <summary>A size in statistics Exchange returned in a form the module cannot read: a warning (counted as 0).</summary>
        public static void CheckSizes(ExchangeMailboxStatistics statistics, string what, ValidationResult result)
        {
            foreach (var name in statistics.UnreadableSizes)
                result.Add(ValidationCodes.SizeUnreadable, ValidationSeverity.Warning,
                    $"The {name} of {what} could not be read as a size; it is counted as 0 and the space check may be wrong.",
                    "Check it with Get-MailboxStatistics, and make sure the target has room.");
        }
    }
}

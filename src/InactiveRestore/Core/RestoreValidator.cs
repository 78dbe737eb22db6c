using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>Stable validation codes (they become ErrorIds).</summary>
    public static class ValidationCodes
    {
        public const string SourceNotFound = nameof(SourceNotFound);
        public const string SourceNotInactive = nameof(SourceNotInactive);
        public const string SourceAmbiguous = nameof(SourceAmbiguous);
        public const string TargetNotFound = nameof(TargetNotFound);
        public const string TargetInactive = nameof(TargetInactive);
        public const string TargetAmbiguous = nameof(TargetAmbiguous);
        public const string TargetIsSource = nameof(TargetIsSource);
        public const string InsufficientSpace = nameof(InsufficientSpace);
        public const string StatisticsUnavailable = nameof(StatisticsUnavailable);
        public const string DuplicateRequest = nameof(DuplicateRequest);
        public const string SourceHasHolds = nameof(SourceHasHolds);
        public const string AutoExpandingArchive = nameof(AutoExpandingArchive);
        public const string TargetLacksArchive = nameof(TargetLacksArchive);
        public const string SourceLacksArchive = nameof(SourceLacksArchive);
        public const string LegacyDnMissing = nameof(LegacyDnMissing);
        public const string RetentionMayPurge = nameof(RetentionMayPurge);
        public const string NameSlotsExhausted = nameof(NameSlotsExhausted);
        public const string InvalidFolderSpec = nameof(InvalidFolderSpec);
        public const string InvalidRequestName = nameof(InvalidRequestName);
    }

    /// <summary>
    /// Checks a <see cref="RestoreRequest"/> against Exchange and plans the calls. Exchange calls, at most:
    /// <c>Get-Mailbox -InactiveMailboxOnly -Identity source</c> (plus <c>Get-Mailbox -Identity source</c> only when it is
    /// not found, to say whether it is active); <c>Get-Mailbox -IncludeInactiveMailbox -Identity target</c> (plus
    /// <c>Get-Mailbox -Identity target</c> only when that is ambiguous); <c>Get-MailboxStatistics</c> of each source part
    /// (<c>-IncludeSoftDeletedRecipients</c>) and of each target part with a quota; one
    /// <c>Get-MailboxRestoreRequest -TargetMailbox target</c>; and <c>Get-MailboxRestoreRequestStatistics</c> only for a
    /// request whose name the restore would reuse. Exchange errors other than not-found/ambiguous propagate.
    /// </summary>
    public sealed class RestoreValidator
    {
        private readonly IExchangeClient _client;
        private readonly IClock _clock;
        private readonly RestoreEstimator _estimator;
        private readonly SpaceReservations? _reservations;

        /// <param name="reservations">Space that earlier pairs of the same run will take in their targets; the space check
        /// subtracts it from the target's headroom. Null: each pair is checked on its own.</param>
        public RestoreValidator(IExchangeClient client, IClock? clock = null, RestoreEstimator? estimator = null, SpaceReservations? reservations = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _clock = clock ?? SystemClock.Instance;
            _estimator = estimator ?? new RestoreEstimator();
            _reservations = reservations;
        }

        public ValidationResult Validate(RestoreRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (string.IsNullOrWhiteSpace(request.SourceMailbox))
                throw new InvalidInputException("InvalidIdentity", nameof(RestoreRequest.SourceMailbox), request.SourceMailbox, "The source mailbox identity must not be empty.");
            if (string.IsNullOrWhiteSpace(request.TargetMailbox))
                throw new InvalidInputException("InvalidIdentity", nameof(RestoreRequest.TargetMailbox), request.TargetMailbox, "The target mailbox identity must not be empty.");

            var result = new ValidationResult { PlannedAt = _clock.UtcNow };
            CheckInputs(request, result);

            var source = ResolveSource(request.SourceMailbox.Trim(), result);
            var target = ResolveTarget(request.TargetMailbox.Trim(), result, source);
            result.ResolvedSource = source;
            result.ResolvedTarget = target;
            result.Source = source is null ? request.SourceMailbox.Trim() : $"{Show(source)} ({source.ExchangeGuid})";
            result.Target = target is null ? request.TargetMailbox.Trim() : target.PrimarySmtpAddress ?? Show(target);
            if (source is null || target is null) return result;

            if (IsSame(source, target))
            {
                result.Add(ValidationCodes.TargetIsSource, ValidationSeverity.Error,
                    $"The target '{request.TargetMailbox}' is the inactive source mailbox itself.",
                    "Give an active mailbox as -TargetMailbox.");
                return result;
            }

            if (source.AutoExpandingArchiveEnabled)
            {
                result.Add(ValidationCodes.AutoExpandingArchive, ValidationSeverity.Error,
                    $"'{Show(source)}' has an auto-expanding archive; Microsoft does not support restoring such an inactive mailbox.",
                    "Export its content with a Microsoft Purview content search (eDiscovery export) instead.");
            }

            var (wantPrimary, wantArchive) = PlanParts(request, source, target, result);
            CheckHolds(source, result);

            // Names and existing requests: one listing for the target.
            var existing = ListTargetRequests(target);
            var rootFolder = request.TargetRootFolder is { Length: > 0 } explicitFolder
                ? explicitFolder.Trim()
                : FolderNames.DefaultTargetRootFolder(source.DisplayName ?? source.Name ?? source.Alias, result.PlannedAt);
            if (wantPrimary) result.PlannedRequests.Add(PlanRequest(request, source, target, false, rootFolder, existing, result));
            if (wantArchive) result.PlannedRequests.Add(PlanRequest(request, source, target, true, FolderNames.ArchiveFolder(rootFolder), existing, result));

            CheckSpace(request, source, target, result);

            // Preparation runs only when something will be created.
            var toCreate = result.PlannedRequests.Where(p => !p.AlreadyExists).ToList();
            CheckRetentionAndLegacyDn(request, source, target, result, toCreate.Count > 0);
            if (toCreate.Count > 0)
            {
                toCreate[0].Commands.InsertRange(0, result.PreparationCommands);
            }
            return result;
        }

        private static void CheckInputs(RestoreRequest request, ValidationResult result)
        {
            if (request.Name is not null)
            {
                var why = RequestNaming.CheckName(request.Name);
                if (why is not null)
                    result.Add(ValidationCodes.InvalidRequestName, ValidationSeverity.Error, $"Request name '{request.Name}' is not valid: {why}.",
                        "Choose a name without '\\' or control characters, or leave -Name out for the module's deterministic name.");
            }
            if (request.BatchName is { } batch && (batch.IndexOf('\\') >= 0 || batch.Any(char.IsControl) || batch.Length > RequestNaming.MaxNameLength))
            {
                result.Add(ValidationCodes.InvalidRequestName, ValidationSeverity.Error, $"Batch name '{batch}' is not valid: no '\\', no control characters, at most {RequestNaming.MaxNameLength} characters.",
                    "Choose a simpler batch name.");
            }
            foreach (var (parameter, specs) in new[] { ("IncludeFolders", request.IncludeFolders), ("ExcludeFolders", request.ExcludeFolders) })
            {
                if (specs is null) continue;
                foreach (var spec in specs)
                {
                    var why = FolderNames.CheckFolderSpec(spec);
                    if (why is not null)
                        result.Add(ValidationCodes.InvalidFolderSpec, ValidationSeverity.Error, $"-{parameter} entry '{spec}' is not valid: {why}.",
                            "Use forms like 'Inbox', 'Projects/*', 'Projects/2023/*' or '#Inbox#/*'.");
                }
            }
            if (request.TargetRootFolder is not null)
            {
                var why = FolderNames.CheckTargetRootFolder(request.TargetRootFolder);
                if (why is not null)
                    result.Add(ValidationCodes.InvalidFolderSpec, ValidationSeverity.Error, $"-TargetRootFolder '{request.TargetRootFolder}' is not valid: {why}.",
                        "Give a folder name (use '/' between levels), or leave it out for Restored-<DisplayName>-<date>.");
            }
        }

        private ExchangeMailbox? ResolveSource(string identity, ValidationResult result)
        {
            IReadOnlyList<ExchangeMailbox> found;
            try
            {
                found = GetMailboxes(new ExchangeCommand("Get-Mailbox").Switch("InactiveMailboxOnly").Param("Identity", identity));
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Ambiguous)
            {
                result.Add(ValidationCodes.SourceAmbiguous, ValidationSeverity.Error,
                    $"'{identity}' matches several inactive mailboxes: {e.Message}",
                    "Identify the source by its DistinguishedName or ExchangeGuid (Get-InactiveMailbox lists them).");
                return null;
            }
            if (found.Count > 1)
            {
                result.Add(ValidationCodes.SourceAmbiguous, ValidationSeverity.Error,
                    $"'{identity}' matches {found.Count} inactive mailboxes: " + string.Join("; ", found.Select(m => $"{Show(m)} (ExchangeGuid {m.ExchangeGuid}, {m.DistinguishedName})")) + ".",
                    "Identify the source by its DistinguishedName or ExchangeGuid.");
                return null;
            }
            if (found.Count == 1) return found[0];

            // Not among inactive mailboxes: say whether it is an active one.
            IReadOnlyList<ExchangeMailbox> active;
            try
            {
                active = GetMailboxes(new ExchangeCommand("Get-Mailbox").Param("Identity", identity));
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Ambiguous)
            {
                active = new[] { new ExchangeMailbox() };
            }
            if (active.Count > 0)
            {
                result.Add(ValidationCodes.SourceNotInactive, ValidationSeverity.Error,
                    $"'{identity}' is an active mailbox, not an inactive one.",
                    "Restore takes an inactive mailbox as source: list them with Get-InactiveMailbox, and give its DistinguishedName or ExchangeGuid.");
            }
            else if (FindSoftDeleted(identity) is { } softDeleted)
            {
                // Soft-deleted but kept by no hold: it exists (for up to 30 days), it just is not an inactive mailbox.
                result.Add(ValidationCodes.SourceNotInactive, ValidationSeverity.Error,
                    $"'{identity}' is a soft-deleted mailbox ({Show(softDeleted)}, deleted {softDeleted.WhenSoftDeleted:yyyy-MM-dd}) that no hold keeps: it is not an inactive mailbox.",
                    $"InactiveRestore restores inactive mailboxes. Within 30 days of its deletion a soft-deleted mailbox can still be restored by hand: New-MailboxRestoreRequest -SourceMailbox {softDeleted.ExchangeIdentity} -TargetMailbox <target> -AllowLegacyDNMismatch.");
            }
            else
            {
                result.Add(ValidationCodes.SourceNotFound, ValidationSeverity.Error,
                    $"No inactive mailbox matches '{identity}'.",
                    "Check the identity with Get-InactiveMailbox; a mailbox without a hold is purged 30 days after its deletion.");
            }
            return null;
        }

        /// <summary>The soft-deleted (not inactive) mailbox <paramref name="identity"/> names, if exactly one; asked only when a source is not found.</summary>
        private ExchangeMailbox? FindSoftDeleted(string identity)
        {
            try
            {
                var found = GetMailboxes(new ExchangeCommand("Get-Mailbox").Switch("SoftDeletedMailbox").Param("Identity", identity));
                return found.Count == 1 && !found[0].IsInactiveMailbox ? found[0] : null;
            }
            catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.Ambiguous or ExchangeErrorKind.Permanent)
            {
                return null;
            }
        }

        private ExchangeMailbox? ResolveTarget(string identity, ValidationResult result, ExchangeMailbox? source)
        {
            IReadOnlyList<ExchangeMailbox> found;
            var ambiguous = false;
            try
            {
                found = GetMailboxes(new ExchangeCommand("Get-Mailbox").Switch("IncludeInactiveMailbox").Param("Identity", identity));
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Ambiguous)
            {
                found = Array.Empty<ExchangeMailbox>();
                ambiguous = true;
            }
            if (found.Count == 1 && !found[0].IsInactiveMailbox) return found[0];
            if (found.Count > 1 || ambiguous)
            {
                // An inactive mailbox may share the address: the active one is the target.
                var active = found.Where(m => !m.IsInactiveMailbox).ToList();
                if (ambiguous)
                {
                    try { active = GetMailboxes(new ExchangeCommand("Get-Mailbox").Param("Identity", identity)).ToList(); }
                    catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.NotFound or ExchangeErrorKind.Ambiguous) { active = e.Kind == ExchangeErrorKind.Ambiguous ? new List<ExchangeMailbox> { new(), new() } : new List<ExchangeMailbox>(); }
                }
                if (active.Count == 1) return active[0];
                if (active.Count > 1)
                {
                    result.Add(ValidationCodes.TargetAmbiguous, ValidationSeverity.Error, $"'{identity}' matches several active mailboxes.",
                        "Identify the target by its primary SMTP address, DistinguishedName or ExchangeGuid.");
                    return null;
                }
                if (found.Count > 0 || ambiguous)
                {
                    result.Add(ValidationCodes.TargetInactive, ValidationSeverity.Error, $"'{identity}' only matches inactive mailboxes.",
                        "The target must be an active mailbox; to bring an inactive mailbox back as a mailbox of its own, recover it instead.");
                    return null;
                }
            }
            if (found.Count == 1 && source is not null && IsSame(found[0], source))
            {
                result.Add(ValidationCodes.TargetIsSource, ValidationSeverity.Error,
                    $"The target '{identity}' is the inactive source mailbox itself.",
                    "Give an active mailbox as -TargetMailbox; a restore copies the inactive mailbox's content into another mailbox.");
                return null;
            }
            if (found.Count == 1)
            {
                result.Add(ValidationCodes.TargetInactive, ValidationSeverity.Error, $"The target '{identity}' ({Show(found[0])}) is an inactive mailbox.",
                    "The target must be an active mailbox; to bring an inactive mailbox back as a mailbox of its own, recover it instead.");
                return null;
            }
            result.Add(ValidationCodes.TargetNotFound, ValidationSeverity.Error, $"No mailbox matches the target '{identity}'.",
                "Check the target with Get-Mailbox; it must be an existing active mailbox.");
            return null;
        }

        private static (bool primary, bool archive) PlanParts(RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, ValidationResult result)
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

        private static void CheckHolds(ExchangeMailbox source, ValidationResult result)
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

        private IReadOnlyList<ExchangeRestoreRequest> ListTargetRequests(ExchangeMailbox target) =>
            _client.Invoke(RestoreRequestQuery.List().Param("TargetMailbox", target.ExchangeIdentity))
                .Select(ExchangeRestoreRequest.From).ToList();

        private PlannedRequest PlanRequest(RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, bool isArchive,
            string folder, IReadOnlyList<ExchangeRestoreRequest> existing, ValidationResult result)
        {
            var name = RequestNaming.Resolve(request.Name, source, isArchive);
            var planned = new PlannedRequest { Name = name, IsArchive = isArchive, TargetRootFolder = folder };

            if (RequestNaming.IsDefaultSlotName(name)
                && Enumerable.Range(0, 10).All(i => existing.Any(r => string.Equals(r.Name, i == 0 ? "MailboxRestore" : "MailboxRestore" + i, StringComparison.OrdinalIgnoreCase))))
            {
                result.Add(ValidationCodes.NameSlotsExhausted, ValidationSeverity.Error,
                    $"'{name}' is one of Exchange's ten default request names, and all ten are taken on the target.",
                    "Leave -Name out (the module's names never use the default slots), or remove finished requests with Remove-MailboxRestoreRequest.");
            }
            else if (existing.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) is { } same)
            {
                var stats = TryStatistics(same);
                if (IsSameSource(same, stats, source, isArchive))
                {
                    planned.ExistingRequest = same;
                    planned.ExistingStatistics = stats;
                    if (!string.IsNullOrEmpty(stats?.TargetRootFolder)) planned.TargetRootFolder = stats!.TargetRootFolder!;
                    result.Add(ValidationCodes.DuplicateRequest, ValidationSeverity.Information,
                        $"Request '{name}' for this source is already on the target (status {same.Status}); it is reused, not created again.");
                }
                else
                {
                    result.Add(ValidationCodes.DuplicateRequest, ValidationSeverity.Error,
                        $"The target already has a request named '{name}' for a different source or kind (status {same.Status}).",
                        "Give another -Name, or remove that request (Remove-MailboxRestoreRequest) if it is finished.");
                }
            }

            var nameTaken = existing.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
            if (!planned.AlreadyExists && !nameTaken && FindSameSourceUnderAnotherName(existing, name, source, isArchive) is { } other)
            {
                // The same source and kind already restored into this target under another name (an earlier -Name, or
                // a request made by hand with Exchange's default name): restoring it again would copy every item twice.
                planned.ExistingRequest = other.request;
                planned.ExistingStatistics = other.stats;
                planned.Name = other.request.Name;
                if (!string.IsNullOrEmpty(other.stats.TargetRootFolder)) planned.TargetRootFolder = other.stats.TargetRootFolder!;
                result.Add(ValidationCodes.DuplicateRequest, ValidationSeverity.Information,
                    $"The target already has request '{other.request.Name}' for this source's {(isArchive ? "archive" : "primary mailbox")} (status {other.request.Status}); it is reused, not created again.");
            }

            if (!planned.AlreadyExists)
            {
                var cmd = new ExchangeCommand("New-MailboxRestoreRequest")
                    .Param("SourceMailbox", SourceIdentity(source))
                    .Param("TargetMailbox", target.ExchangeIdentity)
                    .Param("Name", name)
                    .Param("TargetRootFolder", planned.TargetRootFolder)
                    .Param("ConflictResolutionOption", request.ConflictResolution.ToString())
                    .Switch("SourceIsArchive", isArchive)
                    .Switch("TargetIsArchive", isArchive)
                    .ParamIf("BatchName", request.BatchName)
                    .Switch("ExcludeDumpster", request.ExcludeDumpster)
                    .ParamIf("IncludeFolders", request.IncludeFolders?.ToArray())
                    .ParamIf("ExcludeFolders", request.ExcludeFolders?.ToArray())
                    .Switch("AllowLegacyDNMismatch", request.AllowLegacyDNMismatch);
                planned.NewRequestCommand = cmd;
                planned.Commands.Add(cmd);
            }
            return planned;
        }

        /// <summary>
        /// A request on the target, under another name than <paramref name="plannedName"/>, that restores the same source
        /// and kind. Exchange's listing does not name the source, so a candidate's statistics are read; the module's own
        /// names (IR-&lt;alias&gt;-&lt;8 hex of the source's ExchangeGuid&gt;-Primary|Archive) say source and kind already, so
        /// only requests named otherwise cost a call.
        /// </summary>
        private (ExchangeRestoreRequest request, ExchangeRestoreRequestStatistics stats)? FindSameSourceUnderAnotherName(
            IReadOnlyList<ExchangeRestoreRequest> existing, string plannedName, ExchangeMailbox source, bool isArchive)
        {
            var hex = source.ExchangeGuid.ToString("N");
            var kind = isArchive ? RequestNaming.ArchiveSuffix : RequestNaming.PrimarySuffix;
            foreach (var r in existing)
            {
                if (string.Equals(r.Name, plannedName, StringComparison.OrdinalIgnoreCase)) continue;
                if (RequestNaming.IsModuleName(r.Name))
                {
                    var ours = source.ExchangeGuid != Guid.Empty
                        && r.Name.EndsWith(kind, StringComparison.OrdinalIgnoreCase)
                        && r.Name.EndsWith("-" + hex.Substring(hex.Length - 8) + kind, StringComparison.OrdinalIgnoreCase);
                    if (!ours) continue;
                }
                var stats = TryStatistics(r);
                if (stats is not null && stats.SourceExchangeGuid != Guid.Empty && IsSameSource(r, stats, source, isArchive)) return (r, stats);
            }
            return null;
        }

        /// <summary>The source as New-MailboxRestoreRequest takes it: ExchangeGuid, else DistinguishedName; never an SMTP address.</summary>
        internal static string SourceIdentity(ExchangeMailbox source)
        {
            if (source.ExchangeGuid != Guid.Empty) return source.ExchangeGuid.ToString();
            if (source.DistinguishedName.Length > 0) return source.DistinguishedName;
            throw new InvalidOperationException($"The inactive mailbox '{Show(source)}' has neither an ExchangeGuid nor a DistinguishedName.");
        }

        private ExchangeRestoreRequestStatistics? TryStatistics(ExchangeRestoreRequest request)
        {
            var identity = request.RequestGuid != Guid.Empty ? request.RequestGuid.ToString() : request.Identity;
            if (string.IsNullOrEmpty(identity)) return null;
            try
            {
                return _client.Invoke(new ExchangeCommand("Get-MailboxRestoreRequestStatistics").Param("Identity", identity!))
                    .Select(ExchangeRestoreRequestStatistics.From).FirstOrDefault();
            }
            catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.NotFound or ExchangeErrorKind.Permanent)
            {
                return null;
            }
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

        private void CheckSpace(RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, ValidationResult result)
        {
            foreach (var planned in result.PlannedRequests.Where(p => !p.AlreadyExists))
            {
                var part = planned.IsArchive ? "archive" : "primary mailbox";
                var sourceStats = Statistics(SourceIdentity(source), planned.IsArchive, softDeleted: true, $"the source's {part}", result);
                if (sourceStats is null) continue;
                planned.EstimatedBytes = sourceStats.TotalItemSize + (request.ExcludeDumpster ? 0 : sourceStats.TotalDeletedItemSize);
                planned.EstimatedItems = sourceStats.ItemCount + (request.ExcludeDumpster ? 0 : sourceStats.DeletedItemCount);
                planned.EstimatedDuration = _estimator.EstimateRestoreTime(planned.EstimatedBytes.Value);
                planned.QuotaBytes = sourceStats.TotalItemSize;

                var quota = planned.IsArchive ? target.ArchiveQuota : target.ProhibitSendReceiveQuota;
                if (quota is null) continue; // Unlimited: nothing to check.
                var targetStats = Statistics(target.ExchangeIdentity, planned.IsArchive, softDeleted: false, $"the target's {part}", result);
                if (targetStats is null) continue;
                var reserved = _reservations?.Reserved(target.ExchangeGuid, planned.IsArchive) ?? 0;
                var headroom = quota.Value - targetStats.TotalItemSize - reserved;
                if (sourceStats.TotalItemSize > headroom)
                {
                    var earlier = reserved > 0 ? $" once the {ExchangeValue.FormatBytes(reserved)} that earlier pairs of this run restore into it are counted" : string.Empty;
                    result.Add(ValidationCodes.InsufficientSpace, ValidationSeverity.Error,
                        $"The source's {part} holds {ExchangeValue.FormatBytes(sourceStats.TotalItemSize)} but the target's {part} has {ExchangeValue.FormatBytes(Math.Max(0, headroom))} free under its quota of {ExchangeValue.FormatBytes(quota)}{earlier}.",
                        planned.IsArchive
                            ? "Raise the target's ArchiveQuota, free space, or restore part of the archive with -IncludeFolders."
                            : "Raise the target's quota (or license), free space, restore part with -IncludeFolders, or restore into a mailbox with room.");
                }
            }
        }

        private ExchangeMailboxStatistics? Statistics(string identity, bool archive, bool softDeleted, string what, ValidationResult result)
        {
            var cmd = new ExchangeCommand("Get-MailboxStatistics").Param("Identity", identity).Switch("Archive", archive).Switch("IncludeSoftDeletedRecipients", softDeleted);
            try
            {
                return _client.Invoke(cmd).Select(ExchangeMailboxStatistics.From).FirstOrDefault();
            }
            catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.NotFound or ExchangeErrorKind.Permanent)
            {
                result.Add(ValidationCodes.StatisticsUnavailable, ValidationSeverity.Warning,
                    $"Could not read the size of {what}: {e.Message}", "The space check was skipped; make sure the target has room.");
                return null;
            }
        }

        private static void CheckRetentionAndLegacyDn(RestoreRequest request, ExchangeMailbox source, ExchangeMailbox target, ValidationResult result, bool creates)
        {
            if (!target.RetentionHoldEnabled)
            {
                if (request.EnableRetentionHold)
                {
                    if (creates)
                        result.PreparationCommands.Add(new ExchangeCommand("Set-Mailbox").Param("Identity", target.ExchangeIdentity).Param("RetentionHoldEnabled", true));
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
                if (target.HasX500(dn!)) return;
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
                    if (creates)
                        result.PreparationCommands.Add(new ExchangeCommand("Set-Mailbox").Param("Identity", target.ExchangeIdentity)
                            .Param("EmailAddresses", new Hashtable { ["Add"] = "X500:" + dn }));
                }
            }
            else if (!request.AllowLegacyDNMismatch)
            {
                result.Add(ValidationCodes.LegacyDnMissing, ValidationSeverity.Warning,
                    "The source has no LegacyExchangeDN, so no X500 address can be added; Exchange may refuse the restore.",
                    "If it does, run again with -AllowLegacyDNMismatch.");
            }
        }

        private IReadOnlyList<ExchangeMailbox> GetMailboxes(ExchangeCommand command)
        {
            try
            {
                return _client.Invoke(command).Select(ExchangeMailbox.From).ToList();
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound)
            {
                return Array.Empty<ExchangeMailbox>();
            }
        }

        private static bool IsSame(ExchangeMailbox a, ExchangeMailbox b) =>
            (a.ExchangeGuid != Guid.Empty && a.ExchangeGuid == b.ExchangeGuid)
            || (a.DistinguishedName.Length > 0 && string.Equals(a.DistinguishedName, b.DistinguishedName, StringComparison.OrdinalIgnoreCase));

        internal static string Show(ExchangeMailbox m) => m.DisplayName ?? m.PrimarySmtpAddress ?? m.Alias ?? m.Name ?? m.ExchangeGuid.ToString();
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// Resolves a pair's source among inactive mailboxes and its target among active ones, saying precisely why when it
    /// cannot. Exchange calls: <c>Get-Mailbox -InactiveMailboxOnly -Identity source</c> (plus <c>Get-Mailbox -Identity</c>
    /// and <c>-SoftDeletedMailbox</c> only when it is not found, to say what it is); <c>Get-Mailbox -IncludeInactiveMailbox
    /// -Identity target</c> (plus <c>Get-Mailbox -Identity target</c> only when that is ambiguous).
    /// </summary>
    internal sealed class MailboxResolver
    {
        private readonly IExchangeGateway _gateway;

        public MailboxResolver(IExchangeGateway gateway) { _gateway = gateway; }

        public ExchangeMailbox? ResolveSource(string identity, ValidationResult result)
        {
            IReadOnlyList<ExchangeMailbox> found;
            try
            {
                found = _gateway.FindMailboxes(identity, MailboxScope.Inactive);
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
            bool active;
            try { active = _gateway.FindMailboxes(identity, MailboxScope.Active).Count > 0; }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Ambiguous) { active = true; }
            if (active)
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
                var found = _gateway.FindMailboxes(identity, MailboxScope.SoftDeleted);
                return found.Count == 1 && !found[0].IsInactiveMailbox ? found[0] : null;
            }
            catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.Ambiguous or ExchangeErrorKind.Permanent)
            {
                return null;
            }
        }

        public ExchangeMailbox? ResolveTarget(string identity, ValidationResult result, ExchangeMailbox? source)
        {
            IReadOnlyList<ExchangeMailbox> found;
            var ambiguous = false;
            try
            {
                found = _gateway.FindMailboxes(identity, MailboxScope.ActiveAndInactive);
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
                    try { active = _gateway.FindMailboxes(identity, MailboxScope.Active).ToList(); }
                    catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Ambiguous) { active = new List<ExchangeMailbox> { new(), new() }; }
                }
                if (active.Count == 1) return active[0];
                if (active.Count > 1)
                {
                    result.Add(ValidationCodes.TargetAmbiguous, ValidationSeverity.Error, $"'{identity}' matches several active mailboxes.",
                        "Identify the target by its primary SMTP address, DistinguishedName or ExchangeGuid.");
                    return null;
                }
                result.Add(ValidationCodes.TargetInactive, ValidationSeverity.Error, $"'{identity}' only matches inactive mailboxes.",
                    "The target must be an active mailbox; to bring an inactive mailbox back as a mailbox of its own, recover it instead: " +
                    "New-Mailbox -InactiveMailbox <its ExchangeGuid> -Name <name> -MicrosoftOnlineServicesID <new UPN> -Password (Read-Host -AsSecureString).");
                return null;
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
                    "The target must be an active mailbox; to bring an inactive mailbox back as a mailbox of its own, recover it instead: " +
                    $"New-Mailbox -InactiveMailbox {found[0].ExchangeGuid} -Name <name> -MicrosoftOnlineServicesID <new UPN> -Password (Read-Host -AsSecureString).");
                return null;
            }
            result.Add(ValidationCodes.TargetNotFound, ValidationSeverity.Error, $"No mailbox matches the target '{identity}'.",
                "Check the target with Get-Mailbox; it must be an existing active mailbox.");
            return null;
        }

        public static bool IsSame(ExchangeMailbox a, ExchangeMailbox b) =>
            (a.ExchangeGuid != Guid.Empty && a.ExchangeGuid == b.ExchangeGuid)
            || (a.DistinguishedName.Length > 0 && string.Equals(a.DistinguishedName, b.DistinguishedName, StringComparison.OrdinalIgnoreCase));

        /// <summary>A mailbox as messages name it: display name, else address, alias, name or ExchangeGuid.</summary>
        public static string Show(ExchangeMailbox m) => m.DisplayName ?? m.PrimarySmtpAddress ?? m.Alias ?? m.Name ?? m.ExchangeGuid.ToString();

        /// <summary>The target as results show it everywhere: its primary SMTP address, else <see cref="Show"/>.</summary>
        public static string ShowTarget(ExchangeMailbox m) => m.PrimarySmtpAddress ?? Show(m);
    }
}

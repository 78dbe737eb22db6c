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
    /// -Identity target</c> (plus <c>Get-Mailbox -Identity target</c> only when that is ambiguous). Every look-up is made
    /// once per invocation (a target named by several pairs is resolved once). When <see cref="UseInactiveListing"/> is
    /// set (more than a few sources), ONE <c>Get-Mailbox -InactiveMailboxOnly -ResultSize Unlimited</c> resolves the
    /// sources: an identity that matches exactly one listed mailbox (ExchangeGuid, DistinguishedName, LegacyExchangeDN,
    /// PrimarySmtpAddress or an address, UserPrincipalName, Alias, Name; the first form that matches wins, as in Exchange)
    /// is resolved locally; none or several fall back to the per-identity look-ups, which give the exact ErrorIds.
    /// </summary>
    internal sealed class MailboxResolver
    {
        /// <summary>Above this many distinct source identities, one listing of inactive mailboxes resolves them.</summary>
        public const int PerIdentitySourceLimit = 2;

        private readonly IExchangeGateway _gateway;
        private readonly Dictionary<(string identity, MailboxScope scope), (IReadOnlyList<ExchangeMailbox>? found, ExchangeException? error)> _lookups = new();
        private IReadOnlyList<ExchangeMailbox>? _inactive;
        private bool _listingFailed;

        public MailboxResolver(IExchangeGateway gateway) { _gateway = gateway; }

        /// <summary>Resolve sources from one listing of every inactive mailbox (read at the first source).</summary>
        public bool UseInactiveListing { get; set; }

        /// <summary>Get-Mailbox in a scope, once per identity and scope in this invocation (an error is replayed, not re-sent).</summary>
        private IReadOnlyList<ExchangeMailbox> Find(string identity, MailboxScope scope)
        {
            var key = (identity.ToLowerInvariant(), scope);
            if (!_lookups.TryGetValue(key, out var known))
            {
                try { known = (_gateway.FindMailboxes(identity, scope), null); }
                catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.Ambiguous or ExchangeErrorKind.Permanent) { known = (null, e); }
                _lookups[key] = known;
            }
            if (known.error is { } error) throw error;
            return known.found!;
        }

        /// <summary>The one listed inactive mailbox <paramref name="identity"/> names, or null (none, several, or no listing).</summary>
        private ExchangeMailbox? FromListing(string identity)
        {
            if (!UseInactiveListing || _listingFailed) return null;
            if (_inactive is null)
            {
                try { _inactive = _gateway.ListInactiveMailboxes(null, null, null); }
                catch (ExchangeException e) when (!ExchangeGateway.IsSessionLoss(e)) { _listingFailed = true; return null; }
            }
            var hits = MatchLocally(_inactive, identity);
            return hits.Count == 1 ? hits[0] : null;
        }

        /// <summary>Exchange's identity forms, tried in its order; the first form that matches anything wins.</summary>
        internal static IReadOnlyList<ExchangeMailbox> MatchLocally(IReadOnlyList<ExchangeMailbox> mailboxes, string identity)
        {
            var id = identity.Trim();
            var stages = new List<Func<ExchangeMailbox, bool>>();
            if (Guid.TryParse(id, out var g)) stages.Add(m => m.ExchangeGuid == g || m.Guid == g || (Guid.TryParse(m.ExternalDirectoryObjectId, out var e) && e == g));
            stages.Add(m => Eq(m.DistinguishedName, id) || Eq(m.LegacyExchangeDN, id));
            var colon = id.IndexOf(':');
            var address = colon > 0 && colon < 6 ? id.Substring(colon + 1) : id;
            stages.Add(m => Eq(m.PrimarySmtpAddress, address) || m.EmailAddresses.Any(a => Eq(a, id)
                || (a.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) && Eq(a.Substring(5), address))));
            stages.Add(m => Eq(m.UserPrincipalName, id));
            stages.Add(m => Eq(m.Alias, id));
            stages.Add(m => Eq(m.Name, id));
            foreach (var stage in stages)
            {
                var hits = mailboxes.Where(stage).ToList();
                if (hits.Count > 0) return hits;
            }
            return Array.Empty<ExchangeMailbox>();
        }

        private static bool Eq(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        public ExchangeMailbox? ResolveSource(string identity, ValidationResult result)
        {
            if (FromListing(identity) is { } listed) return listed;
            IReadOnlyList<ExchangeMailbox> found;
            try
            {
                found = Find(identity, MailboxScope.Inactive);
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
            try { active = Find(identity, MailboxScope.Active).Count > 0; }
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
                var found = Find(identity, MailboxScope.SoftDeleted);
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
                found = Find(identity, MailboxScope.ActiveAndInactive);
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
                    try { active = Find(identity, MailboxScope.Active).ToList(); }
                    catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Ambiguous) { active = new List<ExchangeMailbox> { new(), new() }; }
                }
                if (active.Count == 1) return active[0];
                if (active.Count > 1)
                {
                    result.Add(ValidationCodes.TargetAmbiguous, ValidationSeverity.Error, $"'{identity}' matches several active mailboxes.",
                        "Identify the target by its primary SMTP address, DistinguishedName or ExchangeGuid.");
                    return null;
                }
                result.Add(ValidationCodes.TargetInactive, ValidationSeverity.Error,
                    $"The target '{identity}' only matches inactive mailboxes ({string.Join("; ", found.Select(m => $"{Show(m)}, ExchangeGuid {m.ExchangeGuid}"))}): a restore copies into an active mailbox.",
                    TargetInactiveRemedy("<its ExchangeGuid>"));
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
                result.Add(ValidationCodes.TargetInactive, ValidationSeverity.Error,
                    $"The target '{identity}' ({Show(found[0])}) is an inactive mailbox: a restore copies into an active mailbox.",
                    TargetInactiveRemedy(found[0].ExchangeGuid.ToString()));
                return null;
            }
            result.Add(ValidationCodes.TargetNotFound, ValidationSeverity.Error, $"No mailbox matches the target '{identity}'.",
                "Check the target with Get-Mailbox; it must be an existing active mailbox.");
            return null;
        }

        /// <summary>
        /// TargetInactive's remedy: an active target, or Microsoft's recovery of the inactive mailbox (New-Mailbox
        /// -InactiveMailbox, identified by ExchangeGuid or DistinguishedName, the values unique for inactive mailboxes).
        /// </summary>
        private static string TargetInactiveRemedy(string exchangeGuid) =>
            "Give an active mailbox as -TargetMailbox (the inactive source comes first, the active target second). " +
            "To make the inactive mailbox an active mailbox of its own again, recover it instead (Exchange Online): " +
            $"New-Mailbox -InactiveMailbox {exchangeGuid} -Name <name> -MicrosoftOnlineServicesID <new UPN> -Password (Read-Host -AsSecureString)";

        public static bool IsSame(ExchangeMailbox a, ExchangeMailbox b) =>
            (a.ExchangeGuid != Guid.Empty && a.ExchangeGuid == b.ExchangeGuid)
            || (a.DistinguishedName.Length > 0 && string.Equals(a.DistinguishedName, b.DistinguishedName, StringComparison.OrdinalIgnoreCase));

        /// <summary>A mailbox as messages name it: display name, else address, alias, name or ExchangeGuid.</summary>
        public static string Show(ExchangeMailbox m) => m.DisplayName ?? m.PrimarySmtpAddress ?? m.Alias ?? m.Name ?? m.ExchangeGuid.ToString();

        /// <summary>The target as results show it everywhere: its primary SMTP address, else <see cref="Show"/>.</summary>
        public static string ShowTarget(ExchangeMailbox m) => m.PrimarySmtpAddress ?? Show(m);
    }
}

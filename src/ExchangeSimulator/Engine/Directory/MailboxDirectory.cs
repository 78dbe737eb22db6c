using System;
using System.Collections.Generic;
using System.Linq;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>Which mailboxes an identity lookup may see.</summary>
    [Flags]
    public enum MailboxScope
    {
        Active = 1,
        Inactive = 2,
        SoftDeleted = 4,
        All = Active | Inactive | SoftDeleted,
    }

    /// <summary>The tenant's mailboxes and Exchange's identity resolution over them.</summary>
    public sealed class MailboxDirectory
    {
        public MailboxDirectory(IEnumerable<Mailbox> mailboxes)
        {
            Mailboxes = mailboxes.ToList();
        }

        public List<Mailbox> Mailboxes { get; }

        public static bool InScope(Mailbox m, MailboxScope scope)
        {
            if (m.IsInactiveMailbox) return (scope & MailboxScope.Inactive) != 0;
            if (m.IsSoftDeleted) return (scope & MailboxScope.SoftDeleted) != 0;
            return (scope & MailboxScope.Active) != 0;
        }

        private static string StripPrefix(string address)
        {
            int colon = address.IndexOf(':');
            return colon > 0 && colon < 6 ? address.Substring(colon + 1) : address;
        }

        /// <summary>
        /// Finds mailboxes by identity the way Exchange does: the identity forms are tried in order
        /// (GUIDs, DN / LegacyExchangeDN, proxy addresses, UPN, alias, name, display name) and the first form
        /// that matches anything wins.
        /// </summary>
        public List<Mailbox> FindMailboxes(string identity, MailboxScope scope)
        {
            var candidates = Mailboxes.Where(m => InScope(m, scope)).ToList();
            string id = identity.Trim();
            var cmp = StringComparer.OrdinalIgnoreCase;
            var stages = new List<Func<Mailbox, bool>>();
            if (Guid.TryParse(id, out Guid g))
            {
                stages.Add(m => m.ExchangeGuid == g || m.Guid == g ||
                    (Guid.TryParse(m.ExternalDirectoryObjectId, out Guid e) && e == g));
            }
            stages.Add(m => cmp.Equals(m.DistinguishedName, id) || cmp.Equals(m.LegacyExchangeDN, id));
            string address = StripPrefix(id);
            stages.Add(m => cmp.Equals(m.PrimarySmtpAddress, address) ||
                m.EmailAddresses.Any(a => cmp.Equals(a, id) || (a.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) && cmp.Equals(StripPrefix(a), address))));
            stages.Add(m => cmp.Equals(m.UserPrincipalName, id));
            stages.Add(m => cmp.Equals(m.Alias, id));
            stages.Add(m => cmp.Equals(m.Name, id));
            stages.Add(m => cmp.Equals(m.DisplayName, id));
            foreach (var stage in stages)
            {
                var hits = candidates.Where(stage).ToList();
                if (hits.Count > 0) return hits;
            }
            return new List<Mailbox>();
        }

        public Mailbox ResolveMailbox(string identity, MailboxScope scope)
        {
            var hits = FindMailboxes(identity, scope);
            if (hits.Count == 0) throw ExchangeErrors.NotFound(identity);
            if (hits.Count > 1) throw ExchangeErrors.Ambiguous(identity);
            return hits[0];
        }

        /// <summary>Resolves the source among inactive and soft-deleted mailboxes only.</summary>
        public Mailbox ResolveSource(string identity)
        {
            var hits = FindMailboxes(identity, MailboxScope.Inactive | MailboxScope.SoftDeleted);
            if (hits.Count > 1) throw ExchangeErrors.Ambiguous(identity);
            if (hits.Count == 1) return hits[0];
            if (FindMailboxes(identity, MailboxScope.Active).Count > 0)
            {
                throw ExchangeErrors.RecipientTask("The source mailbox '" + identity +
                    "' isn't an inactive or soft-deleted mailbox. Specify the DistinguishedName or ExchangeGuid of an inactive mailbox.");
            }
            throw ExchangeErrors.NotFound(identity);
        }

        /// <summary>Resolves the target among active mailboxes; an inactive or soft-deleted match is a distinct error.</summary>
        public Mailbox ResolveTarget(string identity)
        {
            var hits = FindMailboxes(identity, MailboxScope.Active);
            if (hits.Count > 1) throw ExchangeErrors.Ambiguous(identity);
            if (hits.Count == 1) return hits[0];
            if (FindMailboxes(identity, MailboxScope.Inactive | MailboxScope.SoftDeleted).Count > 0)
            {
                throw ExchangeErrors.RecipientTask("The target mailbox '" + identity +
                    "' is an inactive (soft-deleted) mailbox. A restore request's target must be an active mailbox.");
            }
            throw ExchangeErrors.NotFound(identity);
        }

        public static FolderStatistics StatisticsFor(Mailbox m, bool archive) => archive ? m.Archive : m.Primary;
    }
}

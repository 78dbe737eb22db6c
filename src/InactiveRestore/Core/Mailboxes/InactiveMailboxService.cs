using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>Finds inactive mailboxes (Get-InactiveMailbox's logic, testable with any IExchangeClient).</summary>
    internal sealed class InactiveMailboxService
    {
        /// <summary>Exchange's own default ResultSize.</summary>
        public const int DefaultResultSize = 1000;

        private readonly IExchangeGateway _exchange;

        public InactiveMailboxService(IExchangeGateway exchange)
        {
            _exchange = exchange ?? throw new ArgumentNullException(nameof(exchange));
        }

        /// <summary>
        /// Parses a ResultSize: "Unlimited" (any case) → null; a positive integer → it. Anything else is refused
        /// (InvalidInputException, ErrorId InvalidResultSize).
        /// </summary>
        public static int? ParseResultSize(object? value)
        {
            switch (value)
            {
                case null: return DefaultResultSize;
                case int i when i > 0: return i;
                case long l when l > 0 && l <= int.MaxValue: return (int)l;
                case string s when s.Trim().Equals("Unlimited", StringComparison.OrdinalIgnoreCase): return null;
                case string s when int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0: return n;
            }
            throw new InvalidInputException("InvalidResultSize", "ResultSize", value,
                $"ResultSize '{value}' is not valid: give 'Unlimited' or a positive whole number.");
        }

        /// <summary>
        /// Lists inactive mailboxes: one Get-Mailbox -InactiveMailboxOnly call (with -Identity only when one is given,
        /// validated first; never an empty identity). resultSize null = Unlimited.
        /// </summary>
        public IReadOnlyList<InactiveMailbox> Get(IdentityInfo? identity, int? resultSize, bool includeStatistics)
        {
            var found = _exchange.ListInactiveMailboxes(identity?.Value, resultSize, identity?.Value);
            if (identity is not null && found.Count > 1 && !identity.IsUnique)
            {
                // Exchange normally refuses an ambiguous identity itself; a fake or a lenient path might not.
                throw new ExchangeException(ExchangeErrorKind.Ambiguous,
                    $"The identity '{identity.Value}' matches {found.Count} inactive mailboxes. Use the ExchangeGuid or DistinguishedName.",
                    "Get-Mailbox", identity.Value);
            }
            var result = found.Select(From).ToList();
            if (includeStatistics)
            {
                foreach (var m in result) AddStatistics(m);
            }
            return result;
        }

        /// <summary>Reads primary (and archive, when there is one) statistics with -IncludeSoftDeletedRecipients.</summary>
        public void AddStatistics(InactiveMailbox mailbox)
        {
            if (mailbox.ExchangeGuid == Guid.Empty) return;
            var id = mailbox.ExchangeGuid.ToString();
            var primary = _exchange.GetMailboxStatistics(id, archive: false, softDeleted: true);
            if (primary is not null)
            {
                mailbox.PrimarySize = primary.TotalItemSize;
                mailbox.PrimaryItemCount = primary.ItemCount;
                mailbox.PrimaryDeletedSize = primary.TotalDeletedItemSize;
            }
            if (mailbox.HasArchive)
            {
                var archive = _exchange.GetMailboxStatistics(id, archive: true, softDeleted: true);
                if (archive is not null)
                {
                    mailbox.ArchiveSize = archive.TotalItemSize;
                    mailbox.ArchiveItemCount = archive.ItemCount;
                }
            }
        }

        /// <summary>The module's view of an inactive mailbox (holds read from InPlaceHolds by prefix, see <see cref="InactiveMailbox"/>).</summary>
        public static InactiveMailbox From(ExchangeMailbox m)
        {
            var holds = HoldSummary.Parse(m.InPlaceHolds);
            var result = new InactiveMailbox
            {
                DisplayName = m.DisplayName,
                PrimarySmtpAddress = m.PrimarySmtpAddress,
                Alias = m.Alias,
                UserPrincipalName = m.UserPrincipalName,
                ExchangeGuid = m.ExchangeGuid,
                DistinguishedName = m.DistinguishedName,
                LegacyExchangeDN = m.LegacyExchangeDN,
                WhenSoftDeleted = m.WhenSoftDeleted,
                InactiveMailboxRetireTime = m.InactiveMailboxRetireTime,
                LitigationHold = m.LitigationHoldEnabled,
                InPlaceHolds = m.InPlaceHolds.ToArray(),
                EDiscoveryHoldCount = holds.EDiscovery,
                RetentionHoldCount = holds.Retention,
                ComplianceTagHold = m.ComplianceTagHoldApplied,
                DelayHold = m.DelayHoldApplied,
                HasArchive = m.HasArchive,
                ArchiveGuid = m.ArchiveGuid == Guid.Empty ? null : m.ArchiveGuid,
                ArchiveStatus = m.ArchiveStatus,
                AutoExpandingArchive = m.AutoExpandingArchiveEnabled,
                RetentionPolicy = m.RetentionPolicy,
                EmailAddresses = m.EmailAddresses.ToArray(),
            };
            result.Holds = HoldSummary.Describe(result.LitigationHold, holds.EDiscovery, holds.Retention, result.ComplianceTagHold, result.DelayHold);
            return result;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>Finds inactive mailboxes (Get-InactiveMailbox's logic, testable with any IExchangeClient).</summary>
    public sealed class InactiveMailboxService
    {
        /// <summary>Exchange's own default ResultSize.</summary>
        public const int DefaultResultSize = 1000;

        private readonly IExchangeClient _exchange;

        public InactiveMailboxService(IExchangeClient exchange)
        {
            _exchange = exchange ?? throw new ArgumentNullException(nameof(exchange));
        }

        /// <summary>
        /// Parses a ResultSize: "Unlimited" (any case) → null; a positive integer → it. Anything else is refused
        /// (InvalidInputException, ErrorId InvalidResultSize).
        /// </summary>
        public static int? ParseResultSize(object? value)
        {
            var v = value is PSObject p ? p.BaseObject : value;
            switch (v)
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
            var command = new ExchangeCommand("Get-Mailbox").Switch("InactiveMailboxOnly");
            if (identity is not null) command.Param("Identity", identity.Value);
            command.Param("ResultSize", resultSize is null ? "Unlimited" : (object)resultSize.Value);

            var found = _exchange.Invoke(command, new ExchangeCallOptions { Target = identity?.Value })
                .Select(ExchangeMailbox.From)
                .ToList();
            if (identity is not null && found.Count > 1 && !identity.IsUnique)
            {
                // Exchange normally refuses an ambiguous identity itself; a fake or a lenient path might not.
                throw new ExchangeException(ExchangeErrorKind.Ambiguous,
                    $"The identity '{identity.Value}' matches {found.Count} inactive mailboxes. Use the ExchangeGuid or DistinguishedName.",
                    command.Name, identity.Value);
            }
            var result = found.Select(InactiveMailbox.From).ToList();
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
            var primary = ReadStatistics(new ExchangeCommand("Get-MailboxStatistics").Param("Identity", id).Switch("IncludeSoftDeletedRecipients"));
            if (primary is not null)
            {
                mailbox.PrimarySize = primary.TotalItemSize;
                mailbox.PrimaryItemCount = primary.ItemCount;
                mailbox.PrimaryDeletedSize = primary.TotalDeletedItemSize;
            }
            if (mailbox.HasArchive)
            {
                var archive = ReadStatistics(new ExchangeCommand("Get-MailboxStatistics").Param("Identity", id).Switch("Archive").Switch("IncludeSoftDeletedRecipients"));
                if (archive is not null)
                {
                    mailbox.ArchiveSize = archive.TotalItemSize;
                    mailbox.ArchiveItemCount = archive.ItemCount;
                }
            }
        }

        private ExchangeMailboxStatistics? ReadStatistics(ExchangeCommand command)
        {
            var o = _exchange.Invoke(command).FirstOrDefault();
            return o is null ? null : ExchangeMailboxStatistics.From(o);
        }
    }
}

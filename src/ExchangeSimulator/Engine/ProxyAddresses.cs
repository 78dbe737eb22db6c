using System;
using System.Linq;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>Proxy addresses are unique across active recipients (inactive and soft-deleted mailboxes don't take part).</summary>
    public static class ProxyAddresses
    {
        /// <summary>The exception type of a proxy address held by another recipient (the type name is the simulator's choice).</summary>
        public const string ExistsType = "Microsoft.Exchange.Management.Tasks.ProxyAddressExistsException";

        /// <summary>True when <paramref name="proxy"/> (a prefixed address, or an SMTP address without prefix) is <paramref name="address"/>.</summary>
        public static bool Matches(string proxy, string address)
        {
            if (string.Equals(proxy, address, StringComparison.OrdinalIgnoreCase)) return true;
            string a = Strip(address), p = Strip(proxy);
            bool aSmtp = !HasPrefix(address) || address.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase);
            bool pSmtp = !HasPrefix(proxy) || proxy.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase);
            return aSmtp && pSmtp && string.Equals(a, p, StringComparison.OrdinalIgnoreCase);
        }

        private static bool HasPrefix(string s) { int c = s.IndexOf(':'); return c > 0 && c < 6; }
        private static string Strip(string s) => HasPrefix(s) ? s.Substring(s.IndexOf(':') + 1) : s;

        /// <summary>True when the active recipient <paramref name="m"/> holds the address in EmailAddresses or as its LegacyExchangeDN (X500).</summary>
        public static bool Holds(Mailbox m, string address) =>
            m.EmailAddresses.Any(a => Matches(a, address)) ||
            (address.StartsWith("X500:", StringComparison.OrdinalIgnoreCase) && string.Equals(address.Substring(5), m.LegacyExchangeDN, StringComparison.OrdinalIgnoreCase));

        /// <summary>The active recipient other than <paramref name="except"/> that holds <paramref name="address"/>, or null.</summary>
        public static Mailbox? Holder(Tenant tenant, string address, Mailbox? except) =>
            tenant.Mailboxes.FirstOrDefault(m => m != except && Tenant.InScope(m, MailboxScope.Active) && Holds(m, address));
    }
}

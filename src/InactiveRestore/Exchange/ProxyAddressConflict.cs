using System;
using System.Text.RegularExpressions;

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// Exchange's refusal of a proxy address another recipient holds, read from the error text of Set-Mailbox
    /// -EmailAddresses (contract §10): <c>The proxy address "X500:&lt;dn&gt;" is already being used by the proxy addresses or
    /// LegacyExchangeDN of "&lt;name&gt;". Please choose another proxy address.</c> Exchange names one address per refusal.
    /// </summary>
    internal sealed class ProxyAddressConflict
    {
        // The address runs to the first `" is already being used`; the holder's name to the last quote before the sentence
        // that ends the text (a name may contain quotes).
        private static readonly Regex Text = new(
            "The proxy address \"(?<address>.+?)\" is already being used by the proxy addresses or LegacyExchangeDN of \"(?<holder>.*)\"\\s*\\.?\\s*(Please choose another proxy address\\.?)?\\s*$",
            RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private ProxyAddressConflict(string address, string holder)
        {
            Address = address;
            Holder = holder;
        }

        /// <summary>The refused address as Exchange names it (e.g. <c>X500:/o=ExchangeLabs/...</c>).</summary>
        public string Address { get; }

        /// <summary>The Name of the recipient that holds it.</summary>
        public string Holder { get; }

        /// <summary>The conflict an Exchange error reports, or null when its text is not Exchange's proxy-uniqueness refusal.</summary>
        public static ProxyAddressConflict? From(ExchangeException? error) => error is null ? null : Parse(error.Message);

        public static ProxyAddressConflict? Parse(string? message)
        {
            if (string.IsNullOrEmpty(message)) return null;
            var m = Text.Match(ExchangeErrorMessage.Parse(message).Text);
            if (!m.Success) return null;
            var address = m.Groups["address"].Value.Trim();
            var holder = m.Groups["holder"].Value.Trim();
            return address.Length == 0 || holder.Length == 0 ? null : new ProxyAddressConflict(address, holder);
        }

        /// <summary>True when the refused address is <c>X500:</c><paramref name="legacyDn"/> (the prefix in any case).</summary>
        public bool IsX500Of(string legacyDn) =>
            Address.StartsWith("X500:", StringComparison.OrdinalIgnoreCase)
            && string.Equals(Address.Substring(5), legacyDn, StringComparison.OrdinalIgnoreCase);
    }
}

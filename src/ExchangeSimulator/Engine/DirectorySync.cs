using System;
using System.Linq;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The on-premises route for directory-synced (hybrid) mailboxes: an address added or removed "on-premises"
    /// (Add-ExchangeSimulatorOnPremisesAddress) reaches the cloud mailbox after the directory-sync delay on the simulated clock.
    /// </summary>
    public static class DirectorySync
    {
        /// <summary>Default delay between an on-premises change and its appearance in Exchange Online.</summary>
        public static readonly TimeSpan DefaultDelay = TimeSpan.FromMinutes(30);

        /// <summary>Queues an on-premises change of <paramref name="m"/>'s addresses, visible from now + delay.</summary>
        public static void Queue(Mailbox m, string address, bool remove, DateTime now, TimeSpan delay)
        {
            m.PendingDirectorySync.Add(new PendingDirectorySync { Address = address, Remove = remove, DueTime = now + delay });
        }

        /// <summary>Applies every pending change that is due at the tenant's current time. True when something changed.</summary>
        public static bool Apply(Tenant tenant)
        {
            bool changed = false;
            foreach (var m in tenant.Mailboxes)
            {
                if (m.PendingDirectorySync.Count == 0) continue;
                foreach (var p in m.PendingDirectorySync.Where(p => p.DueTime <= tenant.Now).OrderBy(p => p.DueTime).ToList())
                {
                    m.PendingDirectorySync.Remove(p);
                    if (p.Remove) m.EmailAddresses.RemoveAll(a => string.Equals(a, p.Address, StringComparison.OrdinalIgnoreCase));
                    else if (!m.EmailAddresses.Any(a => string.Equals(a, p.Address, StringComparison.OrdinalIgnoreCase))) m.EmailAddresses.Add(p.Address);
                    changed = true;
                }
            }
            return changed;
        }
    }
}

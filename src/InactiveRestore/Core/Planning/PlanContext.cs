using System;
using System.Collections.Generic;
using InactiveRestore.Exchange;

namespace InactiveRestore.Core
{
    /// <summary>
    /// What the planner learns once per invocation and shares across its pairs: each target's restore-request listing,
    /// each target part's statistics, the space earlier pairs take in a target, and the requests earlier pairs create.
    /// </summary>
    internal sealed class PlanContext
    {
        private readonly Dictionary<string, IReadOnlyList<ExchangeRestoreRequest>> _listings = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<(string, bool), ExchangeMailboxStatistics?> _targetStatistics = new();
        private readonly Dictionary<(string target, string name), CreateRequestStep> _creations = new();

        public PlanContext(IExchangeGateway gateway, SpaceReservations? reservations = null)
        {
            Gateway = gateway;
            Reservations = reservations ?? new SpaceReservations();
        }

        public IExchangeGateway Gateway { get; }
        public SpaceReservations Reservations { get; }

        /// <summary>The target's restore requests: one Get-MailboxRestoreRequest -TargetMailbox per target and invocation.</summary>
        public IReadOnlyList<ExchangeRestoreRequest> RequestsOn(ExchangeMailbox target)
        {
            var key = target.ExchangeIdentity;
            if (!_listings.TryGetValue(key, out var list))
                _listings[key] = list = Gateway.ListRequests(new RequestFilter(TargetMailbox: key));
            return list;
        }

        /// <summary>The target part's statistics, read once per invocation (errors propagate and are not cached).</summary>
        public ExchangeMailboxStatistics? TargetStatistics(ExchangeMailbox target, bool archive)
        {
            var key = (target.ExchangeIdentity, archive);
            if (!_targetStatistics.TryGetValue(key, out var stats))
                _targetStatistics[key] = stats = Gateway.GetMailboxStatistics(target.ExchangeIdentity, archive, softDeleted: false);
            return stats;
        }

        /// <summary>The step of an earlier pair of this invocation that creates <paramref name="name"/> on the target.</summary>
        public CreateRequestStep? PlannedCreation(ExchangeMailbox target, string name) =>
            _creations.TryGetValue((target.ExchangeIdentity.ToLowerInvariant(), name.ToLowerInvariant()), out var step) ? step : null;

        private readonly Dictionary<string, IReadOnlyList<ExchangeRecipient>?> _addressHolders = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, ExchangeMailbox> _plannedAddresses = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The active recipients holding a proxy address: one Get-Recipient -Filter per address and invocation (null: the session has no Get-Recipient).</summary>
        public IReadOnlyList<ExchangeRecipient>? RecipientsWithAddress(string proxyAddress)
        {
            if (!_addressHolders.TryGetValue(proxyAddress, out var holders))
                _addressHolders[proxyAddress] = holders = Gateway.FindRecipientsWithAddress(proxyAddress);
            return holders;
        }

        /// <summary>The target an earlier pair of this invocation adds <paramref name="proxyAddress"/> to (proxy addresses are unique).</summary>
        public ExchangeMailbox? PlannedAddressHolder(string proxyAddress) =>
            _plannedAddresses.TryGetValue(proxyAddress, out var target) ? target : null;

        public void RecordAddress(string proxyAddress, ExchangeMailbox target) => _plannedAddresses[proxyAddress] = target;

        public void RecordCreation(CreateRequestStep step) =>
            _creations[(step.Target.ExchangeIdentity.ToLowerInvariant(), step.Request!.Name.ToLowerInvariant())] = step;
    }
}

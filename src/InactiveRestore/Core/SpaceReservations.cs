using System;
using System.Collections.Generic;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// The space that pairs validated earlier in the same run will take in each target (primary and archive apart).
    /// A bulk run that restores several leavers into one mailbox (a manager, a shared mailbox) checks each pair against
    /// the target's quota minus what the earlier pairs of the run will add, not against the quota alone: each pair
    /// fitting on its own is not the same as all of them fitting.
    /// Requests that were already running before the run are not counted (Exchange's listing carries no sizes).
    /// </summary>
    public sealed class SpaceReservations
    {
        private readonly Dictionary<(Guid target, bool archive), long> _reserved = new();

        /// <summary>Bytes reserved so far in <paramref name="target"/>'s primary mailbox or archive.</summary>
        public long Reserved(Guid target, bool archive) => _reserved.TryGetValue((target, archive), out var b) ? b : 0;

        /// <summary>Reserves the quota bytes of every request <paramref name="validation"/> plans to create.</summary>
        public void Reserve(ValidationResult validation)
        {
            if (validation?.ResolvedTarget is not { } target || !validation.IsValid) return;
            foreach (var planned in validation.PlannedRequests)
            {
                if (planned.AlreadyExists || planned.QuotaBytes is not long bytes || bytes <= 0) continue;
                var key = (target.ExchangeGuid, planned.IsArchive);
                _reserved[key] = Reserved(target.ExchangeGuid, planned.IsArchive) + bytes;
            }
        }
    }
}

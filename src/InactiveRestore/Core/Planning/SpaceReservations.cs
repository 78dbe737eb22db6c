using System;
using System.Collections.Generic;

namespace InactiveRestore.Core
{
    /// <summary>
    /// The space that pairs planned earlier in the same run will take in each target (primary and archive apart).
    /// A bulk run that restores several leavers into one mailbox (a manager, a shared mailbox) checks each pair against
    /// the target's quota minus what the earlier pairs of the run will add, not against the quota alone: each pair
    /// fitting on its own is not the same as all of them fitting.
    /// Requests already running before the run are counted apart (PlanContext.RunningBytes, from their statistics).
    /// </summary>
    internal sealed class SpaceReservations
    {
        private readonly Dictionary<(Guid target, bool archive), long> _reserved = new();

        /// <summary>Bytes reserved so far in <paramref name="target"/>'s primary mailbox or archive.</summary>
        public long Reserved(Guid target, bool archive) => _reserved.TryGetValue((target, archive), out var b) ? b : 0;

        /// <summary>Reserves <paramref name="bytes"/> (a request's quota bytes) in the target part.</summary>
        public void Reserve(Guid target, bool archive, long? bytes)
        {
            if (bytes is not long b || b <= 0) return;
            _reserved[(target, archive)] = Reserved(target, archive) + b;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace InactiveRestore.Core
{
    /// <summary>
    /// A short-lived cache of the listings completion reads, so repeated tabs do not call Exchange each time. Entries
    /// live <see cref="TimeToLive"/> (30 s by default) under a key the caller chooses (the completers use the runspace,
    /// the Exchange connection and the last history id, so another runspace, a reconnection or a command run since
    /// lists again). Failed loads (and what the caller's keep test refuses) are not cached. Thread-safe.
    /// </summary>
    internal sealed class CompletionCache
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, (DateTime Expires, object Value)> _entries = new(StringComparer.Ordinal);
        private readonly IClock _clock;

        public CompletionCache(TimeSpan? timeToLive = null, IClock? clock = null)
        {
            TimeToLive = timeToLive ?? DefaultTimeToLive;
            _clock = clock ?? SystemClock.Instance;
        }

        public static TimeSpan DefaultTimeToLive { get; } = TimeSpan.FromSeconds(30);

        /// <summary>The cache the module's completers share.</summary>
        public static CompletionCache Shared { get; } = new();

        public TimeSpan TimeToLive { get; }

        /// <summary>
        /// The cached value of <paramref name="key"/>, or <paramref name="load"/>'s: cached when it returns and
        /// <paramref name="keep"/> (when given) accepts it.
        /// </summary>
        public T GetOrAdd<T>(string key, Func<T> load, Func<T, bool>? keep = null) where T : class
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            if (load is null) throw new ArgumentNullException(nameof(load));
            var now = _clock.UtcNow;
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var e) && e.Expires > now && e.Value is T hit) return hit;
            }
            var value = load();
            if (keep is not null && !keep(value)) return value;
            lock (_gate)
            {
                foreach (var stale in _entries.Where(x => x.Value.Expires <= now).Select(x => x.Key).ToList()) _entries.Remove(stale);
                _entries[key] = (now + TimeToLive, value);
            }
            return value;
        }

        /// <summary>Drops every entry.</summary>
        public void Clear()
        {
            lock (_gate) _entries.Clear();
        }
    }
}

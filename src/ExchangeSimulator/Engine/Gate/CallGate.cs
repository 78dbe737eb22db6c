using System;
using System.Collections.Generic;
using System.Threading;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// A test's hold on simulated Exchange calls (deterministic tests: no sleeps). <see cref="CallGate.Hold"/> makes the Nth
    /// call (counted from the hold) or every call of a named cmdlet block before it does anything (no clock, no ledger entry,
    /// no change) until the test calls <see cref="Open"/>; the test waits with <see cref="WaitUntilHeld"/> until a call is
    /// blocked there. A blocked call whose pipeline is stopped returns at once (PipelineStoppedException) without running.
    /// In memory only, per connection; not saved with the state.
    /// </summary>
    public sealed class GateHold : IDisposable
    {
        private readonly object _sync = new object();
        private readonly ManualResetEvent _opened = new ManualResetEvent(false);
        private readonly ManualResetEvent _reached = new ManualResetEvent(false);
        private int _seen;

        internal GateHold(string commandName, int? call)
        {
            if (call.HasValue && call.Value < 1) throw new ArgumentOutOfRangeException(nameof(call), "Calls are counted from 1.");
            CommandName = commandName;
            Call = call;
        }

        /// <summary>The unprefixed cmdlet name, e.g. New-MailboxRestoreRequest.</summary>
        public string CommandName { get; }

        /// <summary>Which call blocks (1 = the next one); null = every call until <see cref="Open"/>.</summary>
        public int? Call { get; }

        /// <summary>Calls blocked at this hold right now.</summary>
        public int HeldCount { get; private set; }

        /// <summary>Calls that have reached this hold so far (blocked or not).</summary>
        public int Seen { get { lock (_sync) return _seen; } }

        public bool IsOpen => _opened.WaitOne(0);

        /// <summary>Lets every blocked call go on, and later calls pass.</summary>
        public void Open() => _opened.Set();

        /// <summary>
        /// Waits until a call is blocked at this hold; false when <paramref name="timeout"/> (a hang guard, not a measure) ran out.
        /// </summary>
        public bool WaitUntilHeld(TimeSpan timeout) => _reached.WaitOne(timeout);

        public void Dispose() => Open();

        /// <summary>Counts a call of <see cref="CommandName"/>; true when it must block.</summary>
        internal bool Counts()
        {
            lock (_sync)
            {
                _seen++;
                return !IsOpen && (!Call.HasValue || _seen == Call.Value);
            }
        }

        /// <summary>
        /// Blocks the calling pipeline until <see cref="Open"/> or <paramref name="stopping"/>; true when it was opened,
        /// false when the pipeline is being stopped.
        /// </summary>
        internal bool Block(WaitHandle stopping)
        {
            lock (_sync) HeldCount++;
            _reached.Set();
            try
            {
                return WaitHandle.WaitAny(new[] { _opened, stopping }) == 0;
            }
            finally
            {
                lock (_sync) HeldCount--;
            }
        }
    }

    /// <summary>The holds of one connection (<see cref="SimulatorConnection.Gate"/>).</summary>
    public sealed class CallGate
    {
        private readonly List<GateHold> _holds = new List<GateHold>();

        /// <summary>
        /// Holds the <paramref name="call"/>th call (1 = the next; null = every call) of <paramref name="commandName"/>
        /// (unprefixed, case-insensitive). Dispose or <see cref="GateHold.Open"/> releases it.
        /// </summary>
        public GateHold Hold(string commandName, int? call = null)
        {
            var hold = new GateHold(commandName, call);
            lock (_holds) _holds.Add(hold);
            return hold;
        }

        /// <summary>Called by every simulated Exchange cmdlet before it does anything: blocks while a hold says so.</summary>
        /// <returns>false when the call's pipeline was stopped while it was blocked (the call must not run).</returns>
        public bool Pass(string commandName, WaitHandle stopping)
        {
            List<GateHold> blocking = new List<GateHold>();
            lock (_holds)
            {
                _holds.RemoveAll(h => h.IsOpen);
                foreach (var h in _holds)
                {
                    if (string.Equals(h.CommandName, commandName, StringComparison.OrdinalIgnoreCase) && h.Counts()) blocking.Add(h);
                }
            }
            foreach (var h in blocking)
            {
                if (!h.Block(stopping)) return false;
            }
            return true;
        }
    }
}

using System;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The tenant's simulated clock: the current time and the next one-minute tick of the request engine.
    /// It only moves forward, and only when asked (<see cref="AdvanceTo"/>).
    /// </summary>
    public sealed class SimClock
    {
        /// <summary>The engine's step: requests advance one simulated minute at a time.</summary>
        public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

        public SimClock(DateTime startTime)
        {
            Now = startTime;
            NextTick = startTime + Tick;
        }

        public DateTime Now { get; private set; }

        /// <summary>When the next tick is due (persisted with the state).</summary>
        internal DateTime NextTick { get; set; }

        /// <summary>Sets the time as loaded from a state file.</summary>
        internal void Restore(DateTime now) => Now = now;

        /// <summary>
        /// Advances to <paramref name="time"/> (never backwards) one tick at a time: <paramref name="onTick"/> runs at
        /// each tick while <paramref name="busy"/> says something can move; when nothing can, the clock jumps to the
        /// last tick before <paramref name="time"/> and runs <paramref name="settle"/> there. <paramref name="settle"/>
        /// also runs at the end, at <paramref name="time"/>.
        /// </summary>
        public void AdvanceTo(DateTime time, Func<bool> busy, Action onTick, Action settle)
        {
            if (time <= Now) return;
            while (NextTick <= time)
            {
                if (!busy())
                {
                    // Nothing moves: jump straight to the target time.
                    long skip = (time - NextTick).Ticks / Tick.Ticks;
                    NextTick += TimeSpan.FromTicks(skip * Tick.Ticks);
                    Now = NextTick;
                    settle();
                    NextTick += Tick;
                    continue;
                }
                Now = NextTick;
                onTick();
                NextTick += Tick;
            }
            Now = time;
            settle();
        }
    }
}

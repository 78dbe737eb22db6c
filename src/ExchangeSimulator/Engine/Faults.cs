using System;
using System.Collections.Generic;
using System.Linq;

namespace ExchangeSimulator.Engine
{
    /// <summary>A fault rule set with Set-ExchangeSimulatorFault.</summary>
    public sealed class FaultRule
    {
        /// <summary>Unprefixed command names; empty = every simulated Exchange cmdlet.</summary>
        public string[] CommandName { get; set; } = new string[0];
        public double TransientErrorRate { get; set; }
        public TimeSpan Latency { get; set; }

        public bool Applies(string command) => CommandName.Length == 0 || CommandName.Any(c => string.Equals(c, command, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The injected-fault configuration of a connection and its seeded random source.</summary>
    public sealed class FaultPlan
    {
        /// <summary>Share of injected faults on change cmdlets that happen after the change was applied.</summary>
        public const double AfterChangeFraction = 0.5;
        private SimRandom _rng;

        public FaultPlan(int seed) { _rng = new SimRandom(unchecked(seed * 7919 + 104729)); }

        internal SimRandom Rng { get => _rng; set => _rng = value; }

        public List<FaultRule> Rules { get; } = new List<FaultRule>();
        public DateTime? TokenExpiresAt { get; set; }

        public TimeSpan LatencyFor(string command) => Rules.Where(r => r.Applies(command)).Aggregate(TimeSpan.Zero, (a, r) => a + r.Latency);

        /// <summary>Draws whether this call fails transiently; one draw per call with a non-zero rate.</summary>
        public bool DrawTransient(string command)
        {
            double rate = Rules.Where(r => r.Applies(command)).Select(r => r.TransientErrorRate).DefaultIfEmpty(0).Max();
            if (rate <= 0) return false;
            return _rng.NextDouble() < rate;
        }

        public bool DrawAfterChange() => _rng.NextDouble() < AfterChangeFraction;

        public int DrawDelaySeconds() => 5 + _rng.Next(56);
    }
}

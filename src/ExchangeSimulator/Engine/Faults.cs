using System;
using System.Collections.Generic;
using System.Linq;

namespace ExchangeSimulator.Engine
{
    /// <summary>What an injected fault looks like to the caller (Set-ExchangeSimulatorFault -Kind).</summary>
    public static class FaultKinds
    {
        /// <summary>The ServerBusyException error (the default, and the kind of rules saved before kinds existed).</summary>
        public const string ServerBusy = "ServerBusy";
        /// <summary>Exchange Online's throttling warning "Micro delay applied. ..."; the call still succeeds.</summary>
        public const string MicroDelay = "MicroDelay";
        /// <summary>HttpRequestException "An error occurred while sending the request." (transient network failure).</summary>
        public const string HttpRequest = "HttpRequest";
        /// <summary>"Expired or Invalid pagination request. Default Expiry time is 00:30:00" on listings, after part of the rows.</summary>
        public const string PaginationExpired = "PaginationExpired";
        /// <summary>The 401 surfacing as "Method invocation failed because [System.Net.Http.HttpResponseMessage] does not contain a method named 'GetResponseHeader'."</summary>
        public const string GetResponseHeader = "GetResponseHeader";
        /// <summary>"||The user couldn't be found." (empty code and type).</summary>
        public const string EmptyFieldsUserNotFound = "EmptyFieldsUserNotFound";
        /// <summary>"| System.InvalidOperationException | The operation ..." (empty code, space-padded fields).</summary>
        public const string PaddedInvalidOperation = "PaddedInvalidOperation";

        public static readonly string[] All =
        {
            ServerBusy, MicroDelay, HttpRequest, PaginationExpired, GetResponseHeader, EmptyFieldsUserNotFound, PaddedInvalidOperation,
        };

        /// <summary>Kinds that fail the call (MicroDelay does not).</summary>
        public static bool IsError(string kind) => !string.Equals(kind, MicroDelay, StringComparison.OrdinalIgnoreCase);

        public static string Canonical(string kind) =>
            All.FirstOrDefault(k => string.Equals(k, kind, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException("'" + kind + "' isn't a fault kind. Use one of: " + string.Join(", ", All) + ".");
    }

    /// <summary>A fault rule set with Set-ExchangeSimulatorFault.</summary>
    public sealed class FaultRule
    {
        /// <summary>Unprefixed command names; empty = every simulated Exchange cmdlet.</summary>
        public string[] CommandName { get; set; } = new string[0];
        public double TransientErrorRate { get; set; }
        public TimeSpan Latency { get; set; }
        /// <summary>One of <see cref="FaultKinds.All"/>; what a drawn fault looks like.</summary>
        public string Kind { get; set; } = FaultKinds.ServerBusy;

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

        /// <summary>How an expired token shows: <c>Rest401</c> (the RestApiUnauthorizedException text) or <c>GetResponseHeader</c>.</summary>
        public string TokenExpiredForm { get; set; } = "Rest401";

        /// <summary>
        /// Replication delay: after an object (mailbox or request) is created or changed, this many reads of it by identity
        /// fail with the Ex4215D1 "couldn't be read from domain controller" NotFound. 0 = off.
        /// </summary>
        public int ReplicationDelayReads { get; set; }

        /// <summary>Objects (ExchangeGuid / RequestGuid) still invisible to that many reads.</summary>
        public Dictionary<Guid, int> PendingReplication { get; set; } = new Dictionary<Guid, int>();

        /// <summary>Requests (RequestGuid) the next Get-MailboxRestoreRequest listing leaves out once.</summary>
        public List<Guid> OmitFromNextListing { get; set; } = new List<Guid>();

        public TimeSpan LatencyFor(string command) => Rules.Where(r => r.Applies(command)).Aggregate(TimeSpan.Zero, (a, r) => a + r.Latency);

        /// <summary>Draws whether this call fails transiently; one draw per call with a non-zero rate.</summary>
        public bool DrawTransient(string command) => DrawFault(command, listing: true) != null;

        /// <summary>
        /// Draws the injected fault of this call: one draw per fault kind that has a non-zero rate for the command (kinds in the
        /// order their first rule was added), the first that fires wins; null = no fault. <see cref="FaultKinds.PaginationExpired"/>
        /// applies to listings only.
        /// </summary>
        public string? DrawFault(string command, bool listing)
        {
            var groups = Rules.Where(r => r.Applies(command) && r.TransientErrorRate > 0 && (listing || !string.Equals(r.Kind, FaultKinds.PaginationExpired, StringComparison.OrdinalIgnoreCase)))
                .GroupBy(r => r.Kind, StringComparer.OrdinalIgnoreCase);
            foreach (var g in groups)
            {
                double rate = g.Max(r => r.TransientErrorRate);
                if (_rng.NextDouble() < rate) return g.Key;
            }
            return null;
        }

        public bool DrawAfterChange() => _rng.NextDouble() < AfterChangeFraction;

        public int DrawDelaySeconds() => 5 + _rng.Next(56);

        /// <summary>A micro delay in milliseconds (50..5000).</summary>
        public int DrawMicroDelayMilliseconds() => 50 + _rng.Next(4951);

        /// <summary>Registers a created or changed object for the replication-delay fault.</summary>
        public void Changed(Guid objectId)
        {
            if (ReplicationDelayReads > 0 && objectId != Guid.Empty) PendingReplication[objectId] = ReplicationDelayReads;
        }

        /// <summary>True when this read of the object must fail with the replication-delay NotFound (and counts it).</summary>
        public bool ReadHitsReplicationDelay(Guid objectId)
        {
            if (!PendingReplication.TryGetValue(objectId, out int left) || left <= 0) return false;
            if (left == 1) PendingReplication.Remove(objectId); else PendingReplication[objectId] = left - 1;
            return true;
        }
    }
}

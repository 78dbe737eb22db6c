using System;
using System.Collections.Generic;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The state file's content (<see cref="StateStore"/>): plain data serialized as it is. Mailboxes and requests are the
    /// model objects themselves (every public read/write property persists, see Json/SimJson.cs); a request's Source and
    /// Target are indexes into <see cref="Mailboxes"/>, which comes first.
    /// </summary>
    public sealed class StateDocument
    {
        /// <summary>Which shape this is; first, so a reader can check it before anything else.</summary>
        public int StateVersion { get; set; }
        public string Organization { get; set; } = "";
        public Guid TenantId { get; set; }
        public int Seed { get; set; }
        /// <summary>The simulated time; the clock continues from it.</summary>
        public DateTime Now { get; set; }
        public DateTime NextTick { get; set; }
        public long NextSequence { get; set; }
        public long NextQueueOrder { get; set; }
        /// <summary>The tenant's random generator: its 56 cells, inext, inextp.</summary>
        public int[] Rng { get; set; } = new int[0];
        public int ConnectCount { get; set; }
        public FaultState Faults { get; set; } = new FaultState();
        public long NextLedgerSequence { get; set; }
        /// <summary>The ledger is in the journal &lt;state file&gt;.ledger, bytes [LedgerStart, LedgerEnd).</summary>
        public long LedgerStart { get; set; }
        public long LedgerEnd { get; set; }
        public List<Mailbox> Mailboxes { get; } = new List<Mailbox>();
        public List<RestoreRequest> Requests { get; } = new List<RestoreRequest>();
    }

    /// <summary>The fault plan in the state file.</summary>
    public sealed class FaultState
    {
        public int[] Rng { get; set; } = new int[0];
        public DateTime? TokenExpiresAt { get; set; }
        public List<FaultRule> Rules { get; set; } = new List<FaultRule>();
        public string TokenExpiredForm { get; set; } = "Rest401";
        public int ReplicationDelayReads { get; set; }
        public Dictionary<Guid, int> PendingReplication { get; set; } = new Dictionary<Guid, int>();
        public List<Guid> OmitFromNextListing { get; set; } = new List<Guid>();
    }

    /// <summary>Just the version of a state file (read first, so an old file gets a clear error).</summary>
    public sealed class StateVersionProbe
    {
        public int? StateVersion { get; set; }
    }

    /// <summary>One line of the ledger journal: the entry, marked Clean when its call changed nothing else.</summary>
    public sealed class JournalLine
    {
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
        public bool Clean { get; set; }
        public LedgerEntry Entry { get; set; } = new LedgerEntry();
    }
}

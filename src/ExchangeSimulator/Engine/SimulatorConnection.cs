using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ExchangeSimulator.Engine
{
    /// <summary>A simulated Connect-ExchangeOnline session: tenant state, clock, faults and the call ledger.</summary>
    public sealed class SimulatorConnection
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private TimeSpan _manualOffset = TimeSpan.Zero;

        public SimulatorConnection(Tenant tenant, DateTime startTime, double timeScale, int seed, string prefix, string userPrincipalName)
        {
            Tenant = tenant;
            StartTime = startTime;
            TimeScale = timeScale;
            Seed = seed;
            Prefix = prefix;
            UserPrincipalName = userPrincipalName;
            Faults = new FaultPlan(seed);
            ConnectionId = tenant.NewGuid();
            tenant.AdminUpn = userPrincipalName;
        }

        /// <summary>
        /// A connection to a tenant loaded from a state file: the clock continues from the saved simulated time
        /// (<paramref name="clockBase"/>); the connection id is derived from the seed and the connection count, so the
        /// tenant's own random sequence continues exactly where it stopped.
        /// </summary>
        internal SimulatorConnection(Tenant tenant, DateTime clockBase, double timeScale, string prefix, string userPrincipalName,
            FaultPlan faults, int connectCount)
        {
            Tenant = tenant;
            StartTime = clockBase;
            TimeScale = timeScale;
            Seed = tenant.Seed;
            Prefix = prefix;
            UserPrincipalName = userPrincipalName;
            Faults = faults;
            ConnectCount = connectCount;
            ConnectionId = TenantLoader.HashGuid("connection:" + tenant.TenantId + ":" + tenant.Seed + ":" + connectCount);
            tenant.AdminUpn = userPrincipalName;
        }

        /// <summary>How many connections this tenant state has seen (1 for a fresh tenant; +1 per reload of a state file).</summary>
        public int ConnectCount { get; internal set; } = 1;

        /// <summary>The state file (Connect-ExchangeSimulator -StatePath), or null for an in-memory tenant.</summary>
        public string? StatePath { get; private set; }

        /// <summary>Milliseconds the last save took (diagnostics; the README quotes typical figures).</summary>
        public double LastSaveMilliseconds { get; private set; }

        private FileStream? _lock;
        /// <summary>Ledger entries already appended to the ledger journal (&lt;state file&gt;.ledger).</summary>
        internal int SavedLedgerCount { get; set; }
        /// <summary>The ledger journal, open while connected (the lock file guards it too).</summary>
        internal FileStream? LedgerJournal { get; set; }
        /// <summary>Byte range of the journal that holds the current ledger (Start moves on Clear-ExchangeSimulatorLedger).</summary>
        internal long LedgerStart { get; set; }
        internal long LedgerEnd { get; set; }

        /// <summary>Holds the exclusive lock file of <paramref name="statePath"/> (taken by the caller) and saves there from now on.</summary>
        internal void AttachState(string statePath, FileStream lockStream)
        {
            StatePath = statePath;
            _lock = lockStream;
            if (LedgerJournal == null)
            {
                // A fresh state: a fresh journal.
                LedgerJournal = Engine.LedgerJournal.Open(statePath);
                LedgerJournal.SetLength(0);
                LedgerStart = LedgerEnd = 0;
                SavedLedgerCount = 0;
            }
        }

        /// <summary>Clear-ExchangeSimulatorLedger: the journal keeps its bytes, the ledger starts after them.</summary>
        public void ClearLedger()
        {
            Ledger.Clear();
            SavedLedgerCount = 0;
            LedgerStart = LedgerEnd;
        }

        private bool _stateSavePending;

        /// <summary>
        /// Saves when the connection has a state file (a no-op otherwise): the new ledger entries are appended to the journal,
        /// then, unless <paramref name="stateChanged"/> is false (a call that changed nothing but the ledger), the whole state
        /// is rewritten atomically.
        /// </summary>
        public void Persist(bool stateChanged = true)
        {
            if (StatePath == null) return;
            var sw = Stopwatch.StartNew();
            stateChanged |= _stateSavePending;
            _stateSavePending = stateChanged;
            StateStore.Save(this, StatePath, stateChanged);
            _stateSavePending = false;
            LastSaveMilliseconds = sw.Elapsed.TotalMilliseconds;
        }

        /// <summary>Releases the state file's lock (Disconnect-ExchangeSimulator, a new connection in the runspace).</summary>
        public void ReleaseState()
        {
            LedgerJournal?.Dispose();
            LedgerJournal = null;
            _lock?.Dispose();
            _lock = null;
        }

        public object SyncRoot { get; } = new object();

        /// <summary>Simulated time each Exchange call costs (charged to the clock, never slept): Connect-ExchangeSimulator -CallLatency.</summary>
        public TimeSpan CallLatency { get; set; }

        /// <summary>Exchange cmdlets left out of the session (a role not granted): Connect-ExchangeSimulator -WithoutCmdlet / -Roles.</summary>
        public string[] OmittedCmdlets { get; set; } = new string[0];

        /// <summary>False: the session's Set-MailboxRestoreRequest has no -SkippedItemApprovalTime (Connect -WithoutSkippedItemApprovalTime).</summary>
        public bool SkippedItemApprovalTimeAvailable { get; set; } = true;
        public Tenant Tenant { get; }
        public DateTime StartTime { get; }
        public double TimeScale { get; }
        public int Seed { get; }
        public string Prefix { get; }
        public string UserPrincipalName { get; }
        public Guid ConnectionId { get; }
        public FaultPlan Faults { get; }
        public List<LedgerEntry> Ledger { get; } = new List<LedgerEntry>();
        public long NextLedgerSequence { get; set; } = 1;
        public PSModuleInfo? ExchangeModule { get; set; }
        /// <summary>Tests' holds on simulated Exchange calls (<see cref="CallGate.Hold"/>); in memory only.</summary>
        public CallGate Gate { get; } = new CallGate();
        public string ConnectionUri => "https://outlook.office365.com";

        /// <summary>The simulated time now: start (or the saved time of a loaded state) + manual steps + wall time elapsed x TimeScale.</summary>
        public DateTime Now
        {
            get
            {
                long scaled = TimeScale <= 0 ? 0 : (long)(_wall.Elapsed.Ticks * TimeScale);
                return StartTime + _manualOffset + TimeSpan.FromTicks(scaled);
            }
        }

        /// <summary>Advances the engine to the current simulated time.</summary>
        public void Sync()
        {
            Tenant.AdvanceTo(Now);
            // On-premises address changes that the directory sync has delivered by now.
            DirectorySync.Apply(Tenant);
        }

        public void Step(TimeSpan duration)
        {
            if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), "The simulated clock can't go backwards.");
            _manualOffset += duration;
            Sync();
        }

        public bool TokenExpired => Faults.TokenExpiresAt.HasValue && Now >= Faults.TokenExpiresAt.Value;

        /// <summary>Token expiry shown by Get-ConnectionInformation: the injected one, else a rolling hour (tokens refresh silently).</summary>
        public DateTime TokenExpiryTimeUtc => Faults.TokenExpiresAt ?? Now.AddHours(1);
    }

    /// <summary>The connection of each runspace (the simulator can run in several runspaces at once, e.g. parallel tests).</summary>
    public static class SimulatorRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, SimulatorConnection> Connections = new ConditionalWeakTable<Runspace, SimulatorConnection>();
        private static readonly object Gate = new object();

        public static SimulatorConnection? Current
        {
            get
            {
                var rs = Runspace.DefaultRunspace;
                if (rs == null) return null;
                lock (Gate) { return Connections.TryGetValue(rs, out var c) ? c : null; }
            }
        }

        /// <summary>The connection of <paramref name="runspace"/> (for a test driving a runspace from another thread), or null.</summary>
        public static SimulatorConnection? For(Runspace runspace)
        {
            lock (Gate) { return Connections.TryGetValue(runspace, out var c) ? c : null; }
        }

        public static void Set(SimulatorConnection? connection)
        {
            var rs = Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace.");
            lock (Gate)
            {
                Connections.Remove(rs);
                if (connection != null) Connections.Add(rs, connection);
            }
        }
    }
}

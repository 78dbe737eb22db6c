using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using ExchangeSimulator.Engine;

namespace ExchangeSimulator.Commands
{
    /// <summary><para type="synopsis">Returns the recorded Exchange cmdlet calls of the current connection.</para></summary>
    [Cmdlet(VerbsCommon.Get, "ExchangeSimulatorLedger")]
    [OutputType(typeof(LedgerEntry))]
    public sealed class GetExchangeSimulatorLedgerCommand : PSCmdlet
    {
        /// <summary>Unprefixed (New-MailboxRestoreRequest) or invoked (New-ContosoMailboxRestoreRequest) names.</summary>
        [Parameter(Position = 0)]
        public string[]? CommandName { get; set; }

        protected override void EndProcessing()
        {
            var c = Session.Require(this);
            lock (c.SyncRoot)
            {
                foreach (var e in c.Ledger)
                {
                    if (CommandName != null && !CommandName.Any(n => string.Equals(n, e.CommandName, StringComparison.OrdinalIgnoreCase) ||
                        string.Equals(n, e.InvokedAs, StringComparison.OrdinalIgnoreCase))) continue;
                    WriteObject(e);
                }
            }
        }
    }

    /// <summary><para type="synopsis">Empties the call ledger (sequence numbers keep counting).</para></summary>
    [Cmdlet(VerbsCommon.Clear, "ExchangeSimulatorLedger")]
    public sealed class ClearExchangeSimulatorLedgerCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var c = Session.Require(this);
            lock (c.SyncRoot)
            {
                c.ClearLedger();
                Session.Persist(this, c);
            }
        }
    }

    /// <summary><para type="synopsis">Advances the simulated clock and runs the request engine up to the new time.</para></summary>
    [Cmdlet(VerbsCommon.Step, "ExchangeSimulator", DefaultParameterSetName = "Duration")]
    [OutputType(typeof(DateTime))]
    public sealed class StepExchangeSimulatorCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Duration")]
        public TimeSpan Duration { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Minutes")]
        [ValidateRange(0.0, 10000000.0)]
        public double Minutes { get; set; }

        /// <summary>Writes the new simulated time.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var c = Session.Require(this);
            TimeSpan d = ParameterSetName == "Minutes" ? TimeSpan.FromMinutes(Minutes) : Duration;
            if (d < TimeSpan.Zero)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentOutOfRangeException(nameof(Duration), "The simulated clock can't go backwards."),
                    "NegativeDuration", ErrorCategory.InvalidArgument, d));
            }
            lock (c.SyncRoot)
            {
                c.Step(d);
                Session.Persist(this, c);
                if (PassThru) WriteObject(c.Tenant.Now);
            }
        }
    }

    /// <summary><para type="synopsis">Injects throttling faults, latency or token expiry; deterministic by the connection's seed.</para></summary>
    [Cmdlet(VerbsCommon.Set, "ExchangeSimulatorFault")]
    public sealed partial class SetExchangeSimulatorFaultCommand : PSCmdlet
    {
        /// <summary>Unprefixed Exchange cmdlet names; default every one.</summary>
        [Parameter(Position = 0)]
        public string[]? CommandName { get; set; }

        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double TransientErrorRate { get; set; }

        /// <summary>Real (wall-clock) delay added to each call.</summary>
        [Parameter]
        public TimeSpan Latency { get; set; }

        /// <summary>Simulated time from which the token is expired and every call fails authentication.</summary>
        [Parameter]
        public DateTime TokenExpiresAt { get; set; }

        /// <summary>What a fault drawn by -TransientErrorRate looks like (FaultKinds): ServerBusy (default), MicroDelay (a warning, the call succeeds), HttpRequest, PaginationExpired (listings), GetResponseHeader, EmptyFieldsUserNotFound, PaddedInvalidOperation.</summary>
        [Parameter]
        [ValidateSet("ServerBusy", "MicroDelay", "HttpRequest", "PaginationExpired", "GetResponseHeader", "EmptyFieldsUserNotFound", "PaddedInvalidOperation", IgnoreCase = true)]
        public string Kind { get; set; } = FaultKinds.ServerBusy;

        /// <summary>How an expired token (-TokenExpiresAt) shows: Rest401 (default) or GetResponseHeader.</summary>
        [Parameter]
        [ValidateSet("Rest401", "GetResponseHeader", IgnoreCase = true)]
        public string? TokenExpiredForm { get; set; }

        /// <summary>After a mailbox or request is created or changed, this many reads of it by identity fail with the Ex4215D1 replication-delay NotFound (0 = off).</summary>
        [Parameter]
        [ValidateRange(0, 1000)]
        public int ReplicationDelayReads { get; set; }

        /// <summary>Requests (RequestGuid or identity) the next Get-MailboxRestoreRequest listing leaves out, once.</summary>
        [Parameter]
        public string[]? OmitRequestOnce { get; set; }

        /// <summary>Removes every fault (then applies any other parameters given).</summary>
        [Parameter]
        public SwitchParameter Clear { get; set; }

        protected override void EndProcessing()
        {
            var c = Session.Require(this);
            if (CommandName != null)
            {
                foreach (var n in CommandName)
                {
                    if (!ExchangeCommands.All.Contains(n, StringComparer.OrdinalIgnoreCase))
                    {
                        ThrowTerminatingError(new ErrorRecord(new ArgumentException("'" + n + "' isn't a simulated Exchange cmdlet. Use one of: " + string.Join(", ", ExchangeCommands.All) + "."),
                            "UnknownCommandName", ErrorCategory.InvalidArgument, n));
                    }
                }
            }
            lock (c.SyncRoot)
            {
                c.Sync();
                if (Clear)
                {
                    c.Faults.Rules.Clear();
                    c.Faults.TokenExpiresAt = null;
                    c.Faults.TokenExpiredForm = "Rest401";
                    c.Faults.ReplicationDelayReads = 0;
                    c.Faults.PendingReplication.Clear();
                    c.Faults.OmitFromNextListing.Clear();
                }
                if (MyInvocation.BoundParameters.ContainsKey(nameof(TransientErrorRate)) || MyInvocation.BoundParameters.ContainsKey(nameof(Latency)))
                {
                    c.Faults.Rules.Add(new FaultRule { CommandName = CommandName ?? new string[0], TransientErrorRate = TransientErrorRate, Latency = Latency, Kind = FaultKinds.Canonical(Kind) });
                }
                if (TokenExpiredForm != null) c.Faults.TokenExpiredForm = TokenExpiredForm.Equals("Rest401", StringComparison.OrdinalIgnoreCase) ? "Rest401" : FaultKinds.GetResponseHeader;
                if (MyInvocation.BoundParameters.ContainsKey(nameof(ReplicationDelayReads))) c.Faults.ReplicationDelayReads = ReplicationDelayReads;
                if (OmitRequestOnce != null)
                {
                    foreach (var id in OmitRequestOnce)
                    {
                        RestoreRequestRef(c, id);
                    }
                }
                if (MyInvocation.BoundParameters.ContainsKey(nameof(TokenExpiresAt)))
                {
                    c.Faults.TokenExpiresAt = DateTime.SpecifyKind(TokenExpiresAt.Kind == DateTimeKind.Local ? TokenExpiresAt.ToUniversalTime() : TokenExpiresAt, DateTimeKind.Utc);
                }
                Session.Persist(this, c);
            }
        }
    }

    /// <summary>Fault helpers.</summary>
    public sealed partial class SetExchangeSimulatorFaultCommand
    {
        private void RestoreRequestRef(SimulatorConnection c, string id)
        {
            try { c.Faults.OmitFromNextListing.Add(c.Tenant.ResolveRequest(id).RequestGuid); }
            catch (SimulatedExchangeException e)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-OmitRequestOnce: " + e.Text), "UnknownRequest", ErrorCategory.ObjectNotFound, id));
            }
        }
    }

    /// <summary><para type="synopsis">Returns the whole tenant state: clock, mailboxes with statistics, every request including removed ones.</para></summary>
    [Cmdlet(VerbsCommon.Get, "ExchangeSimulatorState")]
    public sealed class GetExchangeSimulatorStateCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var c = Session.Require(this);
            lock (c.SyncRoot)
            {
                c.Sync();
                Session.Persist(this, c);
                var t = c.Tenant;
                var o = new PSObject();
                o.TypeNames.Insert(0, "ExchangeSimulator.State");
                o.Add("Now", t.Now);
                o.Add("Organization", t.Organization);
                o.Add("Seed", c.Seed);
                o.Add("TimeScale", c.TimeScale);
                o.Add("Prefix", c.Prefix);
                o.Add("MaxConcurrentRequests", Tenant.MaxConcurrentRequests);
                o.Add("Mailboxes", t.Mailboxes.Select(m =>
                {
                    var x = ExchangeOutput.Mailbox(m);
                    x.Add("IsSoftDeleted", m.IsSoftDeleted);
                    x.Add("RestoreBehavior", m.RestoreBehavior.ToString());
                    x.Add("Statistics", ExchangeOutput.MailboxStatistics(m, false));
                    x.Add("ArchiveStatistics", m.HasArchive ? ExchangeOutput.MailboxStatistics(m, true) : null);
                    return x;
                }).ToArray());
                o.Add("Requests", t.Requests.Select(r =>
                {
                    var x = ExchangeOutput.RequestStatistics(r, t, true);
                    x.Add("SourceMailbox", r.Source.DistinguishedName);
                    x.Add("TargetMailbox", r.Target.Identity);
                    x.Add("IsRemoved", r.IsRemoved);
                    x.Add("RemovedTimestamp", r.RemovedTimestamp);
                    x.Add("RemovedReason", r.RemovedReason);
                    return x;
                }).ToArray());
                WriteObject(o);
            }
        }
    }
}

namespace ExchangeSimulator.Commands
{
    /// <summary>
    /// <para type="synopsis">Writes a generated tenant fixture (for -TenantPath): inactive.0001... sources and active.0001... targets, deterministic by seed.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ExchangeSimulatorTenant")]
    [OutputType(typeof(System.IO.FileInfo))]
    public sealed class NewExchangeSimulatorTenantCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        [Parameter] [ValidateRange(0, 100000)] public int InactiveCount { get; set; } = 200;
        [Parameter] [ValidateRange(0, 100000)] public int ActiveCount { get; set; } = 200;
        [Parameter] public int Seed { get; set; } = 1;
        [Parameter] [ValidateNotNullOrEmpty] public string Organization { get; set; } = "soak.onmicrosoft.com";

        /// <summary>Relative weights per RestoreBehavior, e.g. @{ Normal = 0.9; Stall = 0.05; BadItems = 0.05 }; default all Normal.</summary>
        [Parameter] public Hashtable? BehaviorMix { get; set; }

        [Parameter] [ValidateRange(0L, long.MaxValue)] public long MinSize { get; set; } = 20L * 1024 * 1024;
        [Parameter] [ValidateRange(0L, long.MaxValue)] public long MaxSize { get; set; } = 400L * 1024 * 1024;
        [Parameter] [ValidateRange(0.0, 1.0)] public double ArchiveRate { get; set; } = 0.3;

        protected override void EndProcessing()
        {
            var g = new TenantGenerator
            {
                InactiveCount = InactiveCount, ActiveCount = ActiveCount, Seed = Seed, Organization = Organization,
                MinSize = MinSize, MaxSize = MaxSize, ArchiveRate = ArchiveRate,
            };
            string json;
            try
            {
                if (BehaviorMix != null)
                {
                    var mix = new System.Collections.Generic.Dictionary<Model.RestoreBehavior, double>();
                    foreach (DictionaryEntry kv in BehaviorMix)
                    {
                        string key = kv.Key?.ToString() ?? "";
                        if (!Enum.TryParse(key, true, out Model.RestoreBehavior b) || int.TryParse(key, out _))
                            throw new ArgumentException("BehaviorMix key '" + key + "' isn't a behaviour: use " + string.Join(", ", Enum.GetNames(typeof(Model.RestoreBehavior))) + ".");
                        object? v = kv.Value is PSObject p ? p.BaseObject : kv.Value;
                        double weight;
                        try { weight = Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture); }
                        catch (Exception e) when (e is FormatException || e is InvalidCastException) { throw new ArgumentException("BehaviorMix weight of '" + key + "' isn't a number."); }
                        mix[b] = weight;
                    }
                    g.BehaviorMix = mix;
                }
                json = g.ToJson();
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "InvalidTenantSpec", ErrorCategory.InvalidArgument, null));
                return;
            }
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            System.IO.File.WriteAllText(path, json, new System.Text.UTF8Encoding(false));
            WriteObject(new System.IO.FileInfo(path));
        }
    }
}

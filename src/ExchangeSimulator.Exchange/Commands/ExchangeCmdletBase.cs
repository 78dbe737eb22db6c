using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using ExchangeSimulator.Engine;

namespace ExchangeSimulator.Exchange.Commands
{
    /// <summary>
    /// Common behaviour of every simulated Exchange cmdlet: advance the clock, record the call in the ledger,
    /// apply injected faults (latency, expired token, throttling, possibly after the change was applied) and
    /// turn service errors into non-terminating ErrorRecords with the EXO message form.
    /// </summary>
    public abstract class ExchangeCmdletBase : PSCmdlet
    {
        // Set when the pipeline is stopped: releases a call held at a test's gate (SimulatorConnection.Gate). Not disposed:
        // StopProcessing may come from another thread at any time; its handle is released with the cmdlet object.
        private readonly ManualResetEvent _stopping = new ManualResetEvent(false);
        // Everything the call writes (objects, errors, warnings), in order: written only after the state was saved, so a
        // process killed in between models "the service did it, the caller never heard".
        private readonly List<(bool IsObject, Action Write)> _output = new List<(bool, Action)>();
        private bool _hadError;
        private bool _changed;

        /// <summary>The unprefixed Exchange cmdlet name.</summary>
        protected abstract string CommandName { get; }

        protected SimulatorConnection Connection { get; private set; } = null!;

        protected Tenant Tenant => Connection.Tenant;

        /// <summary>The identity an error refers to (ErrorRecord.TargetObject).</summary>
        protected object? ErrorTarget { get; set; }

        /// <summary>Does the work of one call; throw <see cref="SimulatedExchangeException"/> for a service error.</summary>
        protected abstract void Execute();

        protected void Emit(object o) => _output.Add((true, () => WriteObject(o)));

        /// <summary>Writes a warning after the call's state change was saved.</summary>
        protected void Warn(string text) => _output.Add((false, () => WriteWarning(text)));

        private void QueueError(ErrorRecord record) => _output.Add((false, () => WriteError(record)));

        /// <summary>Call after the tenant state was changed.</summary>
        protected void MarkChanged() => _changed = true;

        protected void WriteExchangeError(SimulatedExchangeException ex, object? target)
        {
            _hadError = true;
            QueueError(ExchangeErrors.ToErrorRecord(ex, CommandName, target));
        }

        protected bool IsBound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        protected override void ProcessRecord()
        {
            var c = SimulatorRegistry.Current;
            if (c == null)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("There is no simulated Exchange connection in this session. Run Connect-ExchangeSimulator."),
                    "NotConnected", ErrorCategory.ConnectionError, null));
                return;
            }
            Connection = c;
            // A test's hold (CallGate): blocks before anything happens; a stopped pipeline ends the call without running it.
            if (!c.Gate.Pass(CommandName, _stopping)) throw new PipelineStoppedException();
            TimeSpan latency;
            lock (c.SyncRoot) { latency = c.Faults.LatencyFor(CommandName); }
            if (latency > TimeSpan.Zero) Thread.Sleep(latency);

            lock (c.SyncRoot)
            {
                // What a call can change besides the ledger: the clock (and the engine with it), random draws, the tenant.
                DateTime nowBefore = c.Tenant.Now;
                long drawsBefore = c.Tenant.Rng.Draws + c.Faults.Rng.Draws;
                bool completed = false;
                try
                {
                    // Latency charged to the simulated clock (Connect-ExchangeSimulator -CallLatency): no real wait.
                    if (c.CallLatency > TimeSpan.Zero) c.Step(c.CallLatency);
                    Call(c);
                    completed = true;
                }
                finally
                {
                    // Saved even when the call failed unexpectedly. A call that changed nothing but the ledger (a read with
                    // the clock standing still) only appends its ledger entry.
                    bool stateChanged = !completed || _changed || _faultStateChanged || c.Tenant.Now != nowBefore || c.Tenant.Rng.Draws + c.Faults.Rng.Draws != drawsBefore;
                    SaveState(c, stateChanged);
                }
                foreach (var (_, write) in _output) write();
                _output.Clear();
            }
        }

        protected override void StopProcessing() => _stopping.Set();

        private void SaveState(SimulatorConnection c, bool stateChanged)
        {
            try { c.Persist(stateChanged); }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(new System.IO.IOException("The simulator couldn't save its state to '" + c.StatePath + "': " + e.Message, e),
                    "StateSaveFailed", ErrorCategory.WriteError, c.StatePath));
            }
        }

        private void Call(SimulatorConnection c)
        {
            c.Sync();
            _output.Clear();
            _hadError = false;
            _changed = false;
            _faultStateChanged = false;
            _preFaultWarnings.Clear();
            ErrorTarget = null;
            var entry = new LedgerEntry
            {
                Sequence = c.NextLedgerSequence++,
                SimulatedTime = Tenant.Now,
                CommandName = CommandName,
                InvokedAs = MyInvocation.MyCommand.Name,
                Parameters = CopyParameters(),
            };
            c.Ledger.Add(entry);

            if (c.TokenExpired)
            {
                entry.Outcome = "Fault";
                if (string.Equals(c.Faults.TokenExpiredForm, FaultKinds.GetResponseHeader, StringComparison.OrdinalIgnoreCase))
                {
                    var v = ExchangeErrors.Verbatim(FaultKinds.GetResponseHeader);
                    entry.Error = v.Exception.Message;
                    QueueError(v.ToErrorRecord(PrimaryIdentity()));
                    return;
                }
                var ex = ExchangeErrors.TokenExpired(c.Faults.TokenExpiresAt!.Value);
                entry.Error = ex.Message;
                QueueError(ExchangeErrors.ToErrorRecord(ex, CommandName, PrimaryIdentity()));
                return;
            }
            string? kind = c.Faults.DrawFault(CommandName, IsListing);
            if (kind != null && !FaultKinds.IsError(kind))
            {
                // Throttling as Exchange Online announces it: a warning; the session is slowed (the simulated clock moves), the call succeeds.
                int ms = c.Faults.DrawMicroDelayMilliseconds();
                c.Step(TimeSpan.FromMilliseconds(ms));
                Warn(ExchangeErrors.MicroDelayWarning(ms, enforced: ms >= 1000));
                _preFaultWarnings.Add(_output[_output.Count - 1].Write);
                kind = null;
            }
            bool fault = kind != null;
            bool pagination = fault && string.Equals(kind, FaultKinds.PaginationExpired, StringComparison.OrdinalIgnoreCase);
            bool afterChange = fault && !pagination && ExchangeCommands.Changes.Contains(CommandName) && c.Faults.DrawAfterChange();
            if (fault && !afterChange && !pagination)
            {
                QueueFault(entry, kind!, c);
                return;
            }

            string? firstError = null;
            try
            {
                Execute();
            }
            catch (SimulatedExchangeException ex)
            {
                firstError = ex.Message;
                WriteExchangeError(ex, ex.TargetObject ?? ErrorTarget ?? PrimaryIdentity());
            }
            catch (Exception ex)
            {
                entry.Outcome = "Error";
                entry.Error = ex.Message;
                entry.ChangeApplied = _changed;
                throw;
            }
            entry.ChangeApplied = _changed;
            if (afterChange && _changed)
            {
                // The service applied the change, then the caller saw a throttling (or network) error (ambiguous outcome): no output.
                _output.RemoveAll(x => x.IsObject);
                QueueFault(entry, kind!, c);
                return;
            }
            if (pagination && !_hadError)
            {
                // A long paged read expired: the first part of the rows arrived, then the error.
                var objects = _output.Where(x => x.IsObject).ToList();
                int keep = objects.Count / 2;
                _output.RemoveAll(x => !x.IsObject && !_preFaultWarnings.Contains(x.Write));
                foreach (var x in objects.Skip(keep)) _output.Remove(x);
                QueueFault(entry, kind!, c);
                return;
            }
            entry.Outcome = _hadError ? "Error" : "Success";
            entry.Error = _hadError ? (firstError ?? _lastErrorMessage) : null;
        }

        private string? _lastErrorMessage;
        private readonly HashSet<Action> _preFaultWarnings = new HashSet<Action>();

        /// <summary>True when this call lists objects (no identity): the pagination-expiry fault applies to listings only.</summary>
        protected virtual bool IsListing => false;

        private void QueueFault(LedgerEntry entry, string kind, SimulatorConnection c)
        {
            entry.Outcome = "Fault";
            if (string.Equals(kind, FaultKinds.ServerBusy, StringComparison.OrdinalIgnoreCase))
            {
                var ex = ExchangeErrors.ServerBusy(c.Faults.DrawDelaySeconds());
                entry.Error = ex.Message;
                QueueError(ExchangeErrors.ToErrorRecord(ex, CommandName, PrimaryIdentity()));
                return;
            }
            var v = ExchangeErrors.Verbatim(FaultKinds.Canonical(kind));
            entry.Error = v.Exception.Message;
            QueueError(v.ToErrorRecord(PrimaryIdentity()));
        }

        /// <summary>Registers an object created or changed by this call (for the replication-delay fault).</summary>
        protected void MarkChanged(Guid objectId)
        {
            _changed = true;
            Connection.Faults.Changed(objectId);
        }

        /// <summary>A read by identity of a just-created or just-changed object fails while the replication-delay fault says so.</summary>
        protected void CheckReplication(Guid objectId, string identity)
        {
            if (Connection.Faults.ReadHitsReplicationDelay(objectId))
            {
                _faultStateChanged = true;
                throw ExchangeErrors.ReplicationDelay(identity);
            }
        }

        private bool _faultStateChanged;

        /// <summary>Call after a change of fault bookkeeping (so a persistent state is saved).</summary>
        protected void MarkFaultStateChanged() => _faultStateChanged = true;

        /// <summary>Writes a service error without stopping the call (e.g. one of several identities failed).</summary>
        protected void ReportError(SimulatedExchangeException ex, object? target)
        {
            _lastErrorMessage ??= ex.Message;
            WriteExchangeError(ex, target);
        }

        private object? PrimaryIdentity()
        {
            var bp = MyInvocation.BoundParameters;
            foreach (var key in new[] { "Identity", "TargetMailbox", "SourceMailbox" })
            {
                if (bp.TryGetValue(key, out var v) && v != null) return v;
            }
            return null;
        }

        private Hashtable CopyParameters()
        {
            var h = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in MyInvocation.BoundParameters)
            {
                object? v = kv.Value;
                if (v is Array a) v = a.Clone();
                else if (v is Hashtable ht) v = ht.Clone();
                h[kv.Key] = v;
            }
            return h;
        }

        /// <summary>Parses a ResultSize value: "Unlimited" (null) or a positive number.</summary>
        protected int? ParseResultSize(string? value)
        {
            if (value == null) return 1000;
            if (value.Equals("Unlimited", StringComparison.OrdinalIgnoreCase)) return null;
            if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0) return n;
            ThrowTerminatingError(new ErrorRecord(new ParameterBindingException("Cannot process argument transformation on parameter 'ResultSize'. Cannot convert value \"" + value + "\" to type \"Unlimited[System.UInt32]\"."),
                "ParameterArgumentTransformationError", ErrorCategory.InvalidArgument, value));
            return null;
        }

        /// <summary>Writes the first N items and Exchange's warning when more exist.</summary>
        protected void EmitLimited<T>(IEnumerable<T> items, Func<T, object> project, int? resultSize, bool explicitSize)
        {
            int count = 0;
            foreach (var item in items)
            {
                if (resultSize.HasValue && count >= resultSize.Value)
                {
                    Warn(explicitSize
                        ? "There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter."
                        : "By default, only the first " + resultSize.Value + " items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify \"-ResultSize Unlimited\". Be aware that, depending upon the actual number of items, returning all items can take a long time and consume a large amount of memory. Also, we don't recommend storing the results in a variable. Instead, pipe the results to another task or script to perform batch changes.");
                    return;
                }
                Emit(project(item));
                count++;
            }
        }
    }
}

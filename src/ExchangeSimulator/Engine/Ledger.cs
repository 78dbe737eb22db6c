using System;
using System.Collections;

namespace ExchangeSimulator.Engine
{
    /// <summary>One recorded call of a simulated Exchange cmdlet.</summary>
    public sealed class LedgerEntry
    {
        public long Sequence { get; set; }
        public DateTime SimulatedTime { get; set; }
        /// <summary>The unprefixed name, e.g. New-MailboxRestoreRequest.</summary>
        public string CommandName { get; set; } = "";
        /// <summary>The name the caller used, e.g. New-ContosoMailboxRestoreRequest.</summary>
        public string InvokedAs { get; set; } = "";
        public Hashtable Parameters { get; set; } = new Hashtable(StringComparer.OrdinalIgnoreCase);
        /// <summary>Success, Error (the service refused: not found, invalid, ...) or Fault (injected transient or authentication failure).</summary>
        public string Outcome { get; set; } = "Success";
        public string? Error { get; set; }
        /// <summary>True when the call changed tenant state (for a Fault: the change was applied before the error).</summary>
        public bool ChangeApplied { get; set; }
        public override string ToString() => Sequence + " " + CommandName + " " + Outcome;
    }
}

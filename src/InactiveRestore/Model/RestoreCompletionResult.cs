using System;
using System.Collections.Generic;

namespace InactiveRestore.Model
{
    /// <summary>How Complete-InactiveRestore left one restore (one source into one target).</summary>
    public enum CompletionStatus
    {
        /// <summary>This run made every change that was left (address removed, hold off, requests removed, as asked).</summary>
        Done,
        /// <summary>Nothing was left to change: a run before already finished it (or nothing was asked).</summary>
        NothingLeftToDo,
        /// <summary>Something is left for the admin: an address to remove on-premises, or a change that was declined (-WhatIf, -Confirm).</summary>
        ActionNeeded,
    }

    /// <summary>One row of Complete-InactiveRestore: what was done for one restore of a source into a target.</summary>
    public sealed class RestoreCompletionResult
    {
        /// <summary>The inactive source (display name), or its ExchangeGuid when it cannot be read any more.</summary>
        public string? Source { get; set; }
        public Guid SourceExchangeGuid { get; set; }
        /// <summary>The target (primary SMTP address).</summary>
        public string? Target { get; set; }
        public Guid TargetExchangeGuid { get; set; }
        /// <summary>The restore requests of this restore (names).</summary>
        public List<string> Requests { get => _requests; set => _requests = TextList<string>.Of(value); }
        private List<string> _requests = new TextList<string>();
        /// <summary>The X500 address the restore needed on the target (X500:&lt;the source's LegacyExchangeDN&gt;).</summary>
        public string? X500Address { get; set; }
        /// <summary>True when this run removed the X500 address from the target.</summary>
        public bool AddressRemoved { get; set; }
        /// <summary>True when this run turned the target's retention hold off (-DisableRetentionHold).</summary>
        public bool RetentionHoldDisabled { get; set; }
        /// <summary>How many finished requests this run removed (-RemoveRequests).</summary>
        public int RequestsRemoved { get; set; }
        public CompletionStatus Status { get; set; }
        /// <summary>What this run changed, one line per change.</summary>
        public List<string> Actions { get => _actions; set => _actions = TextList<string>.Of(value); }
        private List<string> _actions = new TextList<string>();
        /// <summary>What was left unchanged and why, and what the admin still has to do (e.g. the on-premises Set-RemoteMailbox line).</summary>
        public List<string> Notes { get => _notes; set => _notes = TextList<string>.Of(value); }
        private List<string> _notes = new TextList<string>();

        public override string ToString() => $"{Source} -> {Target}: {Status}";
    }
}

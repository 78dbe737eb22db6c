using System.Collections.Generic;
using System.Globalization;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// The tally of one Start-InactiveRestore invocation, said once at its end (Information and host):
    /// "13 pairs: 9 submitted (3 reused), 1 deferred, 3 refused". Parts that are zero are left out, except submitted.
    /// </summary>
    internal sealed class StartSummary
    {
        /// <summary>Pairs given (pipeline records), refused offline ones included.</summary>
        public int Pairs { get; set; }
        /// <summary>Pairs whose requests were all submitted (created or reused).</summary>
        public int Submitted { get; set; }
        /// <summary>Of <see cref="Submitted"/>: pairs whose every request already existed.</summary>
        public int Reused { get; set; }
        /// <summary>Pairs held back for later (Start -MaxActive).</summary>
        public int Deferred { get; set; }
        /// <summary>Pairs refused by a check (input, validation, consent that could not be asked).</summary>
        public int Refused { get; set; }
        /// <summary>Pairs where an Exchange call failed.</summary>
        public int Failed { get; set; }
        /// <summary>Pairs not run because the user said No (ShouldProcess, -WhatIf, or the consent prompt).</summary>
        public int NotRun { get; set; }

        public string Text
        {
            get
            {
                var parts = new List<string> { Submitted.ToString(CultureInfo.InvariantCulture) + " submitted" + (Reused > 0 ? $" ({Reused} reused)" : string.Empty) };
                if (Deferred > 0) parts.Add($"{Deferred} deferred");
                if (Refused > 0) parts.Add($"{Refused} refused");
                if (Failed > 0) parts.Add($"{Failed} failed");
                if (NotRun > 0) parts.Add($"{NotRun} not run");
                return string.Format(CultureInfo.InvariantCulture, "{0} {1}: {2}", Pairs, Pairs == 1 ? "pair" : "pairs", string.Join(", ", parts));
            }
        }

        public override string ToString() => Text;
    }
}

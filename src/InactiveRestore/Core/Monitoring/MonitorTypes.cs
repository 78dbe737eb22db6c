using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>Polling settings of <see cref="OperationMonitor"/>.</summary>
    internal sealed class MonitorOptions
    {
        /// <summary>First wait between cycles, and the wait after a cycle in which some request changed state.</summary>
        public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>The longest wait between cycles.</summary>
        public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>The wait grows by this factor after each cycle without a state change.</summary>
        public double BackoffFactor { get; set; } = 1.5;
        /// <summary>A Suspended (or AutoSuspended) request that does not move for this many cycles is let go with a warning.</summary>
        public int SuspendedCyclesBeforeRelease { get; set; } = 5;
        /// <summary>
        /// True (default): every cycle reads the statistics of every unsettled request (1 + k calls), for progress bars.
        /// False (nobody sees a progress bar): a cycle reads the listing, and statistics only for the requests whose listed
        /// state changed since the previous listing, plus every unsettled request's every <see cref="ProgressInterval"/>.
        /// </summary>
        public bool ProgressShown { get; set; } = true;
        /// <summary>With <see cref="ProgressShown"/> false: how often all unsettled requests' statistics are read (<see cref="OperationMonitor.ProgressReported"/>).</summary>
        public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMinutes(5);
        /// <summary>Default for <see cref="OperationMonitor.Poll"/> when no timeout is given.</summary>
        public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromHours(1);
    }

    /// <summary>What a monitoring run ended with.</summary>
    internal sealed class MonitorOutcome
    {
        public IReadOnlyList<RestoreResult> Operations { get; set; } = Array.Empty<RestoreResult>();
        public bool TimedOut { get; set; }
        public bool Cancelled { get; set; }
        public int Cycles { get; set; }
        public bool AllSettled => Operations.All(o => o.IsSettled);
    }

    /// <summary>One state change or settle.</summary>
    internal sealed class OperationEventArgs : EventArgs
    {
        public OperationEventArgs(RestoreResult progress, OperationStatus? previousStatus, string message)
        {
            Progress = progress;
            PreviousStatus = previousStatus;
            Message = message;
        }

        public RestoreResult Progress { get; }
        public OperationStatus? PreviousStatus { get; }
        /// <summary>A sentence for Information narration.</summary>
        public string Message { get; }
    }
}

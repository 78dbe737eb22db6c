using System;

namespace InactiveRestore.Core
{
    /// <summary>How a watch polls (Watch-InactiveRestore and Start-InactiveRestore -Wait): see <see cref="OperationMonitor"/>.</summary>
    internal sealed class WatchOptions
    {
        public const string ErrorId = "InvalidWatchOption";

        /// <summary>The first wait between checks, and the wait after a check in which a request changed state.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The longest wait between checks (the wait grows ×1.5 while nothing changes). Raised to PollInterval when smaller.</summary>
        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// Where no progress is shown (non-interactive host, $ProgressPreference SilentlyContinue, Azure Automation): how
        /// often every unsettled request's statistics are read for the Information progress line (default 5 minutes).
        /// Between those reads a cycle lists the requests and reads statistics only for those whose state changed.
        /// </summary>
        public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>False where no progress bar can be seen: the watch then polls economically (see <see cref="ProgressInterval"/>).</summary>
        public bool ProgressShown { get; set; } = true;

        /// <summary>How long to watch before giving up (WatchTimedOut); the requests keep running in Exchange.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Throws InvalidInputException (ErrorId InvalidWatchOption) for a non-positive interval or timeout.</summary>
        public void Validate()
        {
            if (PollInterval <= TimeSpan.Zero)
                throw new InvalidInputException(ErrorId, nameof(PollInterval), PollInterval, $"-PollInterval must be positive (it is {PollInterval}).");
            if (MaxPollInterval <= TimeSpan.Zero)
                throw new InvalidInputException(ErrorId, nameof(MaxPollInterval), MaxPollInterval, $"-MaxPollInterval must be positive (it is {MaxPollInterval}).");
            if (ProgressInterval <= TimeSpan.Zero)
                throw new InvalidInputException(ErrorId, nameof(ProgressInterval), ProgressInterval, $"-ProgressInterval must be positive (it is {ProgressInterval}).");
            if (Timeout <= TimeSpan.Zero)
                throw new InvalidInputException(ErrorId, nameof(Timeout), Timeout, $"-Timeout must be positive (it is {Timeout}).");
        }

        /// <summary>The monitor's options for these settings.</summary>
        public MonitorOptions ToMonitorOptions() => new()
        {
            InitialInterval = PollInterval,
            MaxInterval = MaxPollInterval < PollInterval ? PollInterval : MaxPollInterval,
            DefaultTimeout = Timeout,
            ProgressShown = ProgressShown,
            ProgressInterval = ProgressInterval,
        };
    }
}

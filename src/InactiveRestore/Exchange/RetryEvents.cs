using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;

namespace InactiveRestore.Exchange
{
    /// <summary>Options for one Exchange call.</summary>
    internal sealed class ExchangeCallOptions
    {
        /// <summary>
        /// For change calls: "did it already happen?". Run after a transient failure, before any retry. True → the
        /// call counts as done (an empty result is returned) and is not sent again.
        /// </summary>
        public Func<bool>? AlreadyApplied { get; set; }

        /// <summary>
        /// Like <see cref="AlreadyApplied"/> but returns the objects that prove it (e.g. the restore request that was
        /// created), which become the call's result; null means "not applied". Wins over AlreadyApplied when both are set.
        /// </summary>
        public Func<IReadOnlyList<PSObject>?>? FindApplied { get; set; }

        /// <summary>The identity the call is about (the target of errors); defaults to the -Identity parameter.</summary>
        public object? Target { get; set; }

        internal Func<IReadOnlyList<PSObject>?>? Check =>
            FindApplied ?? (AlreadyApplied is { } f ? () => f() ? Array.Empty<PSObject>() : null : null);
    }

    /// <summary>A retry about to happen, reported so cmdlets can write it to Verbose.</summary>
    internal sealed class ExchangeRetryEventArgs : EventArgs
    {
        public ExchangeRetryEventArgs(ExchangeCommand command, int failedAttempt, int maxAttempts, TimeSpan delay, ExchangeException error)
            : this(command, failedAttempt, maxAttempts, delay, error, error?.RetryAfter)
        {
        }

        public ExchangeRetryEventArgs(ExchangeCommand command, int failedAttempt, int maxAttempts, TimeSpan delay, ExchangeException error, TimeSpan? retryAfter)
        {
            Command = command;
            FailedAttempt = failedAttempt;
            MaxAttempts = maxAttempts;
            Delay = delay;
            Error = error;
            RetryAfter = retryAfter;
        }

        public ExchangeCommand Command { get; }

        /// <summary>The attempt that just failed (1-based).</summary>
        public int FailedAttempt { get; }

        public int MaxAttempts { get; }

        public TimeSpan Delay { get; }

        public ExchangeException Error { get; }

        /// <summary>The wait Exchange asked for (<see cref="ExchangeException.RetryAfter"/>), when it named one.</summary>
        public TimeSpan? RetryAfter { get; }

        public string Message =>
            Error.Reason switch
            {
                ExchangeErrorReason.ReplicationDelay =>
                    $"{Command.Name} could not read the object yet (Exchange named replication delays; attempt {FailedAttempt} of {MaxAttempts}: {Error.Message}); retrying in {RetryPolicy.Seconds(Delay)} s.",
                ExchangeErrorReason.PaginationExpired =>
                    $"{Command.Name}: Exchange's paged read expired (attempt {FailedAttempt} of {MaxAttempts}: {Error.Message}); restarting the read in {RetryPolicy.Seconds(Delay)} s.",
                _ => TransientMessage,
            };

        private string TransientMessage =>
            $"{Command.Name} failed transiently (attempt {FailedAttempt} of {MaxAttempts}: {Error.Message}); " +
            (RetryAfter is { } hint
                ? $"Exchange asked to wait {RetryPolicy.Seconds(hint)} s; retrying in {RetryPolicy.Seconds(Delay)} s" +
                  (Delay < hint ? " (the retry policy's MaxDelay)." : ".")
                : $"retrying in {RetryPolicy.Seconds(Delay)} s.");

        public override string ToString() => Message;
    }
}

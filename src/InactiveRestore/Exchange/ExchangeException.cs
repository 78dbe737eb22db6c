using System;
using System.Management.Automation;

namespace InactiveRestore.Exchange
{
    /// <summary>How an Exchange failure should be treated.</summary>
    internal enum ExchangeErrorKind
    {
        /// <summary>The object does not exist (ManagementObjectNotFoundException and kin).</summary>
        NotFound,
        /// <summary>The identity matches several objects.</summary>
        Ambiguous,
        /// <summary>Throttling, server busy, micro delay, timeouts: worth retrying.</summary>
        Transient,
        /// <summary>The token expired or the session was lost: the user must reconnect.</summary>
        SessionExpired,
        /// <summary>No Exchange Online connection in this session.</summary>
        NotConnected,
        /// <summary>Any other error: retrying will not help.</summary>
        Permanent,
    }

    /// <summary>
    /// What a classified error is about, when its text tells more than its kind (the retry policy and the wording use it).
    /// </summary>
    internal enum ExchangeErrorReason
    {
        /// <summary>Nothing more specific than the kind.</summary>
        None,
        /// <summary>Throttling: micro delay, too many requests (429), server busy.</summary>
        Throttled,
        /// <summary>The request did not reach Exchange or its answer was lost (HttpRequestException texts: "An error occurred while sending the request.").</summary>
        Network,
        /// <summary>A long paged read expired ("Expired or Invalid pagination request. Default Expiry time is 00:30:00"): the read is restarted.</summary>
        PaginationExpired,
        /// <summary>A NotFound that says the object "couldn't be read from domain controller" / "replication delays": it may appear shortly.</summary>
        ReplicationDelay,
        /// <summary>The session's token was refused (401 Unauthorized, or the GetResponseHeader method error ExchangeOnlineManagement 3.x shows for it).</summary>
        TokenRejected,
    }

    /// <summary>An Exchange error, classified by the server exception type between the pipes of its message.</summary>
    internal class ExchangeException : Exception
    {
        public ExchangeException(ExchangeErrorKind kind, string message, string command, object? target = null,
            string? serverExceptionType = null, ErrorRecord? errorRecord = null, Exception? inner = null)
            : base(message, inner ?? errorRecord?.Exception)
        {
            Kind = kind;
            Command = command;
            Target = target;
            ServerExceptionType = serverExceptionType;
            ErrorRecord = errorRecord;
            RetryAfter = kind == ExchangeErrorKind.Transient ? ExchangeErrorClassifier.ParseRetryAfter(message) : null;
            Reason = ExchangeErrorClassifier.ReasonFor(kind, message);
        }

        public ExchangeErrorKind Kind { get; }

        /// <summary>The unprefixed Exchange cmdlet that failed.</summary>
        public string Command { get; }

        /// <summary>The identity the call was about, when known.</summary>
        public object? Target { get; }

        /// <summary>The short server exception type, e.g. ManagementObjectNotFoundException.</summary>
        public string? ServerExceptionType { get; }

        /// <summary>The Exchange ErrorRecord this was made from, when there was one.</summary>
        public ErrorRecord? ErrorRecord { get; }

        public bool IsTransient => Kind == ExchangeErrorKind.Transient;

        /// <summary>What the error is about beyond its kind (network, throttling, expired paged read, replication delay, token refused).</summary>
        public ExchangeErrorReason Reason { get; init; }

        /// <summary>
        /// What to do about this error, in words for the user (null when Exchange's text says enough). Names
        /// Connect-ExchangeOnline for session problems. See <see cref="ExchangeErrorClassifier.AdviceFor"/>.
        /// </summary>
        public string? Advice => ExchangeErrorClassifier.AdviceFor(this);

        /// <summary>
        /// How long Exchange asked the caller to wait before trying again, read from a transient error's text ("micro
        /// delay 31 seconds applied", "Actual delayed: 31000 msecs", "Retry-After: 31", "try again in 31 seconds");
        /// null when it named no wait. The retry policy waits at least this long (within its MaxDelay and budget).
        /// </summary>
        public TimeSpan? RetryAfter { get; init; }

        /// <summary>
        /// True when a change call (New/Set/Remove/Suspend/Resume) failed transiently and nobody could tell whether
        /// Exchange applied it anyway. The caller must look before trying again; the seam never blindly retries it.
        /// </summary>
        public bool OutcomeUnknown { get; init; }

        /// <summary>How many times the call was attempted before this error surfaced (1 when not retried).</summary>
        public int Attempts { get; init; } = 1;

        /// <summary>A copy of this error with another <see cref="Reason"/>.</summary>
        internal ExchangeException WithReason(ExchangeErrorReason reason) =>
            new(Kind, Message, Command, Target, ServerExceptionType, ErrorRecord, InnerException)
            {
                OutcomeUnknown = OutcomeUnknown,
                Attempts = Attempts,
                RetryAfter = RetryAfter,
                Reason = reason,
            };

        /// <summary>A copy of this error with <see cref="OutcomeUnknown"/> and <see cref="Attempts"/> set.</summary>
        public ExchangeException With(bool outcomeUnknown, int attempts) => With(outcomeUnknown, attempts, Message);

        /// <summary>As <see cref="With(bool, int)"/> with another message (e.g. Exchange's text and why retrying stopped).</summary>
        public ExchangeException With(bool outcomeUnknown, int attempts, string message) =>
            new(Kind, message, Command, Target, ServerExceptionType, ErrorRecord, InnerException)
            {
                OutcomeUnknown = outcomeUnknown,
                Attempts = attempts,
                RetryAfter = RetryAfter,
                Reason = Reason,
            };
    }
}

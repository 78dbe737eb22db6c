using System;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// An Exchange error message taken apart: <c>Ex6F9304|Microsoft.Exchange...ManagementObjectNotFoundException|text</c>
    /// gives Code <c>Ex6F9304</c>, ServerExceptionType (full) and Text (Exchange's own words, shown to the user).
    /// Messages without that form keep their whole text and have no code or type.
    /// </summary>
    internal sealed class ExchangeErrorMessage
    {
        // Exchange Online also writes the fields empty or padded with spaces: "||The user couldn't be found.",
        // "| System.InvalidOperationException | The operation ...".
        private static readonly Regex Form = new(@"^\s*(?<code>[A-Za-z0-9]*)[ \t]*\|[ \t]*(?<type>[A-Za-z_][\w\.\+`]*)?[ \t]*\|(?<text>.*)$",
            RegexOptions.Singleline);

        private ExchangeErrorMessage(string? code, string? fullType, string text)
        {
            Code = code;
            FullServerExceptionType = fullType;
            Text = text;
        }

        /// <summary>The leading code (e.g. Ex6F9304), when present.</summary>
        public string? Code { get; }

        /// <summary>The full server exception type between the pipes, when present.</summary>
        public string? FullServerExceptionType { get; }

        /// <summary>The short type (after the last dot), e.g. ManagementObjectNotFoundException.</summary>
        public string? ServerExceptionType =>
            FullServerExceptionType is null ? null : FullServerExceptionType.Substring(FullServerExceptionType.LastIndexOf('.') + 1);

        /// <summary>Exchange's own text: the part after the second pipe (or the whole message).</summary>
        public string Text { get; }

        public static ExchangeErrorMessage Parse(string? message)
        {
            var text = message ?? string.Empty;
            var m = Form.Match(text);
            if (!m.Success) return new ExchangeErrorMessage(null, null, text.Trim());
            var code = m.Groups["code"].Value;
            var type = m.Groups["type"].Value;
            return new ExchangeErrorMessage(code.Length == 0 ? null : code, type.Length == 0 ? null : type, m.Groups["text"].Value.Trim());
        }
    }

    /// <summary>
    /// Decides the <see cref="ExchangeErrorKind"/> of an Exchange failure. The server exception type between the
    /// pipes decides first; the text is consulted only when the type says nothing (or there is no type).
    /// </summary>
    internal static class ExchangeErrorClassifier
    {
        private static readonly Regex TransientText = new(
            @"micro ?delay|too many requests|\b429\b|server is (too )?busy|server busy|throttl|" +
            @"operation has timed out|has timed out|request timed out|timeout (expired|occurred)|temporarily unavailable|" +
            @"service (is )?unavailable|\b503\b|\b504\b|connection (was )?(closed|reset|aborted)|transient (error|failure)|" +
            NetworkPattern + "|" + PaginationPattern,
            RegexOptions.IgnoreCase);

        // HttpRequestException and socket texts (.NET Framework and .NET): the request did not reach Exchange or its
        // answer was lost.
        private const string NetworkPattern =
            @"error occurred while sending the request|HttpRequestException|no such host is known|name or service not known|" +
            @"remote name could not be resolved|unable to connect to the remote server|actively refused|forcibly closed|" +
            @"unable to read data from the transport connection|response ended prematurely|ssl connection could not be established|" +
            @"underlying connection was closed|error while copying content to a stream|network is unreachable";

        // A long paged read whose server-side cursor expired: restart the read.
        private const string PaginationPattern = @"(expired|invalid) (or (expired|invalid) )?pagination request";

        private static readonly Regex NetworkText = new(NetworkPattern, RegexOptions.IgnoreCase);

        private static readonly Regex PaginationText = new(PaginationPattern, RegexOptions.IgnoreCase);

        private static readonly Regex ThrottledText = new(@"micro ?delay|too many requests|\b429\b|server is (too )?busy|server busy|throttl",
            RegexOptions.IgnoreCase);

        // A just-created or just-changed object not yet visible everywhere.
        private static readonly Regex ReplicationText = new(@"could(n't| not) be read from domain controller|replication delay",
            RegexOptions.IgnoreCase);

        // A 401 as ExchangeOnlineManagement 3.x surfaces it: its error path calls a method the response type lacks.
        private static readonly Regex TokenRejectedText = new(@"does not contain a method named 'GetResponseHeader'|\b401\b|unauthorized",
            RegexOptions.IgnoreCase);

        // Exchange Online's throttling announcement, written as a warning on a call that succeeded.
        private static readonly Regex MicroDelayWarning = new(@"micro ?delay applied", RegexOptions.IgnoreCase);

        private static readonly Regex SessionText = new(
            @"\b401\b|unauthorized|access token has expired|token (has )?expired|token is expired|expired token|" +
            @"session (has )?expired|lifetime validation failed|no valid session|does not contain a method named 'GetResponseHeader'",
            RegexOptions.IgnoreCase);

        private static readonly Regex AmbiguousText = new(@"matches multiple entries|is ambiguous",
            RegexOptions.IgnoreCase);

        private static readonly Regex NotFoundText = new(@"couldn't be found|could not be found|couldn't find|could not find|wasn't found|was not found|doesn't exist|does not exist|could(n't| not) be read from domain controller",
            RegexOptions.IgnoreCase);

        // How long Exchange asks the caller to wait, in the forms its throttling messages take:
        // "(micro delay 31 seconds applied)", "Micro delay applied. Actual delayed: 31000 msecs" (also "Actual delay:"),
        // "Retry-After: 31" (HTTP 429/503 header echoed in the text), "try again in 31 seconds", "retry after 31 seconds",
        // "back off for 31s".
        private static readonly Regex[] RetryAfterForms =
        {
            new(@"micro ?delay (?<n>\d+(\.\d+)?) ?(?<u>seconds?|secs?|s|milliseconds?|msecs?|ms)\b", RegexOptions.IgnoreCase),
            new(@"actual delay(ed)?\s*[:=]?\s*(?<n>\d+(\.\d+)?) ?(?<u>milliseconds?|msecs?|ms|seconds?|secs?|s)\b", RegexOptions.IgnoreCase),
            new(@"retry-after\s*[:=]\s*(?<n>\d+(\.\d+)?)(\s*(?<u>seconds?|secs?|s|milliseconds?|msecs?|ms|minutes?|mins?)\b)?", RegexOptions.IgnoreCase),
            new(@"(try again|retry) (in|after) (?<n>\d+(\.\d+)?) ?(?<u>seconds?|secs?|s|milliseconds?|msecs?|ms|minutes?|mins?)\b", RegexOptions.IgnoreCase),
            new(@"back ?off (for )?(?<n>\d+(\.\d+)?) ?(?<u>seconds?|secs?|s|milliseconds?|msecs?|ms)\b", RegexOptions.IgnoreCase),
        };

        /// <summary>
        /// The wait Exchange asks for in a throttling message ("micro delay 31 seconds applied", "Actual delayed: 31000
        /// msecs", "Retry-After: 31", "try again in 31 seconds"), or null when the text names none. The largest wins
        /// when several are named; zero and absurd values (over a day) are ignored.
        /// </summary>
        public static TimeSpan? ParseRetryAfter(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            TimeSpan? best = null;
            foreach (var form in RetryAfterForms)
            {
                foreach (Match m in form.Matches(text!))
                {
                    if (!double.TryParse(m.Groups["n"].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n)) continue;
                    var unit = m.Groups["u"].Success ? m.Groups["u"].Value.ToLowerInvariant() : "s";
                    TimeSpan t = unit.StartsWith("m", StringComparison.Ordinal) && !unit.StartsWith("min", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(n)
                        : unit.StartsWith("min", StringComparison.Ordinal) ? TimeSpan.FromMinutes(n)
                        : TimeSpan.FromSeconds(n);
                    if (t <= TimeSpan.Zero || t > TimeSpan.FromDays(1)) continue;
                    if (best is null || t > best) best = t;
                }
            }
            return best;
        }

        /// <summary>Classifies by server exception type (short or full) and message text.</summary>
        public static ExchangeErrorKind Classify(string? serverExceptionType, string? text)
        {
            var t = text ?? string.Empty;
            var byType = ClassifyType(serverExceptionType);
            // A transport-level type (HttpRequestException, WebException) carrying a 401 is a refused token, not a network blip.
            if (byType == ExchangeErrorKind.Transient && SessionText.IsMatch(t)) return ExchangeErrorKind.SessionExpired;
            if (byType is { } kind) return kind;
            if (AmbiguousText.IsMatch(t)) return ExchangeErrorKind.Ambiguous;
            if (SessionText.IsMatch(t)) return ExchangeErrorKind.SessionExpired;
            if (TransientText.IsMatch(t)) return ExchangeErrorKind.Transient;
            // Text only decides "not found" when Exchange named no type: a typed permanent error that merely
            // mentions a missing thing (e.g. a folder) stays permanent.
            if (serverExceptionType is null && NotFoundText.IsMatch(t)) return ExchangeErrorKind.NotFound;
            return ExchangeErrorKind.Permanent;
        }

        /// <summary>Classifies a full Exchange message of the form Ex…|Type|text (or plain text).</summary>
        public static ExchangeErrorKind Classify(string? message)
        {
            var parsed = ExchangeErrorMessage.Parse(message);
            return Classify(parsed.ServerExceptionType, parsed.Text);
        }

        /// <summary>
        /// What an error of <paramref name="kind"/> with this message is about: throttling, a network failure, an expired
        /// paged read, a replication delay (NotFound only), a refused token (SessionExpired only); None otherwise.
        /// </summary>
        public static ExchangeErrorReason ReasonFor(ExchangeErrorKind kind, string? message)
        {
            var text = message ?? string.Empty;
            switch (kind)
            {
                case ExchangeErrorKind.Transient:
                    if (PaginationText.IsMatch(text)) return ExchangeErrorReason.PaginationExpired;
                    if (ThrottledText.IsMatch(text)) return ExchangeErrorReason.Throttled;
                    if (NetworkText.IsMatch(text)) return ExchangeErrorReason.Network;
                    return ExchangeErrorReason.None;
                case ExchangeErrorKind.NotFound:
                    return ReplicationText.IsMatch(text) ? ExchangeErrorReason.ReplicationDelay : ExchangeErrorReason.None;
                case ExchangeErrorKind.SessionExpired:
                    return TokenRejectedText.IsMatch(text) ? ExchangeErrorReason.TokenRejected : ExchangeErrorReason.None;
                default:
                    return ExchangeErrorReason.None;
            }
        }

        /// <summary>
        /// True when <paramref name="warning"/> is Exchange Online's throttling announcement ("Micro delay applied. Actual
        /// delayed: 1500 msecs, Enforced: True, Capped delay: ..."): the call it came with succeeded, the session is
        /// being slowed down. <paramref name="delay"/> is the "Actual delayed" wait (zero when it names none).
        /// </summary>
        public static bool TryParseMicroDelayWarning(string? warning, out TimeSpan delay)
        {
            delay = TimeSpan.Zero;
            if (string.IsNullOrEmpty(warning) || !MicroDelayWarning.IsMatch(warning!)) return false;
            delay = ParseRetryAfter(warning) ?? TimeSpan.Zero;
            return true;
        }

        /// <summary>
        /// What the user should do about <paramref name="e"/>, worded for its kind and reason; null when Exchange's own
        /// text says enough (NotFound, Ambiguous, Permanent without a more specific reason).
        /// </summary>
        public static string? AdviceFor(ExchangeException e)
        {
            if (e is null) throw new ArgumentNullException(nameof(e));
            const string rerun = "run the same command again: what is already done is found and not repeated.";
            switch (e.Kind)
            {
                case ExchangeErrorKind.NotConnected:
                    return "Run Connect-ExchangeOnline in this session, then run this command again.";
                case ExchangeErrorKind.SessionExpired:
                    return e.Reason == ExchangeErrorReason.TokenRejected
                        ? "Exchange Online refused the session's token (it expired or was revoked): reconnect with Connect-ExchangeOnline, then " + rerun
                        : "Reconnect with Connect-ExchangeOnline, then " + rerun;
                case ExchangeErrorKind.Transient:
                    var head = e.Reason switch
                    {
                        ExchangeErrorReason.Network => "The request to Exchange Online did not go through (a network or service interruption; it was retried with back-off)",
                        ExchangeErrorReason.PaginationExpired => "A long paged read from Exchange Online expired (Exchange keeps a page cursor for 30 minutes; the read was restarted)",
                        ExchangeErrorReason.Throttled => "Exchange Online is throttling this session (it was retried with back-off; $InactiveRestoreRetryPolicy tunes that)",
                        _ => "Exchange Online is busy or did not answer (it was retried with back-off; $InactiveRestoreRetryPolicy tunes that)",
                    };
                    return e.OutcomeUnknown
                        ? $"{head}; it is not known whether {e.Command} was applied: " + rerun
                        : $"{head}: " + rerun;
                case ExchangeErrorKind.NotFound when e.Reason == ExchangeErrorReason.ReplicationDelay:
                    return "Exchange Online could not read the object yet (directory replication; it was retried): wait a few minutes, then " + rerun;
                default:
                    return null;
            }
        }

        /// <summary>The kind a server exception type implies, or null when the type does not tell.</summary>
        public static ExchangeErrorKind? ClassifyType(string? serverExceptionType)
        {
            if (string.IsNullOrEmpty(serverExceptionType)) return null;
            var type = serverExceptionType!.Substring(serverExceptionType.LastIndexOf('.') + 1);
            bool Has(string part) => type.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;

            if (Has("Ambiguous")) return ExchangeErrorKind.Ambiguous;
            if (Has("NotFound")) return ExchangeErrorKind.NotFound;
            if (Has("Unauthorized") || Has("TokenExpired") || Has("SessionExpired") || Has("Authentication"))
                return ExchangeErrorKind.SessionExpired;
            if (Has("Permanent")) return ExchangeErrorKind.Permanent;
            if (Has("ServerBusy") || Has("Transient") || Has("Timeout") || Has("Throttl") || Has("TooManyRequests")
                || Has("MicroDelay") || Has("ConnectionFailed") || Has("ServiceUnavailable")
                || Has("HttpRequest") || Has("SocketException") || Has("WebException"))
                return ExchangeErrorKind.Transient;
            return null;
        }

        /// <summary>Turns an Exchange ErrorRecord into a classified exception whose message is Exchange's own text.</summary>
        public static ExchangeException FromErrorRecord(ErrorRecord record, string command, object? target = null)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            var raw = record.ErrorDetails?.Message;
            if (string.IsNullOrEmpty(raw) || ExchangeErrorMessage.Parse(raw).ServerExceptionType is null)
            {
                var fromException = record.Exception?.Message;
                if (!string.IsNullOrEmpty(fromException) && (string.IsNullOrEmpty(raw) || ExchangeErrorMessage.Parse(fromException).ServerExceptionType is not null))
                    raw = fromException;
            }
            var parsed = ExchangeErrorMessage.Parse(raw);
            var type = parsed.ServerExceptionType;
            var kind = Classify(type, parsed.Text);
            if (type is null)
            {
                // No Exchange type in the text: the category reason or the .NET exception may still tell (TimeoutException,
                // UnauthorizedAccessException raised by the REST layer).
                var reason = record.CategoryInfo?.Reason;
                var clrType = record.Exception is null ? null : InnermostTelling(record.Exception);
                if (kind == ExchangeErrorKind.Permanent && ClassifyType(reason) is { } byReason) { kind = byReason; type = reason; }
                else if (kind == ExchangeErrorKind.Permanent && clrType is not null && ClassifyClr(clrType) is { } byClr) { kind = byClr; type = clrType.GetType().Name; }
            }
            var text = parsed.Text.Length > 0 ? parsed.Text : record.ToString();
            return new ExchangeException(kind, text, command, target ?? record.TargetObject, type, record);
        }

        /// <summary>Turns an exception raised by an invocation into a classified exception.</summary>
        public static ExchangeException FromException(Exception exception, string command, object? target = null)
        {
            switch (exception)
            {
                case null: throw new ArgumentNullException(nameof(exception));
                case ExchangeException ee: return ee;
                case RuntimeException { ErrorRecord: { } er } when ExchangeErrorMessage.Parse(er.Exception?.Message ?? er.ErrorDetails?.Message).ServerExceptionType is not null
                                                                  || exception is ActionPreferenceStopException:
                    return FromErrorRecord(er, command, target);
            }
            // Walk the chain: the first message of the Ex…|Type|text form wins; else the CLR types decide.
            for (var e = exception; e is not null; e = e.InnerException)
            {
                var parsed = ExchangeErrorMessage.Parse(e.Message);
                if (parsed.ServerExceptionType is not null)
                    return new ExchangeException(Classify(parsed.ServerExceptionType, parsed.Text), parsed.Text, command, target,
                        parsed.ServerExceptionType, (e as IContainsErrorRecord)?.ErrorRecord, exception);
            }
            var telling = InnermostTelling(exception);
            var kind = ClassifyClr(telling) ?? Classify(null, exception.Message);
            var result = new ExchangeException(kind, ExchangeErrorMessage.Parse(exception.Message).Text, command, target,
                telling.GetType().Name, (exception as IContainsErrorRecord)?.ErrorRecord, exception);
            if (result.Reason != ExchangeErrorReason.None || ReferenceEquals(telling, exception)) return result;
            // The wrapper's words may not tell; the exception that decided the kind may (or its type does).
            var reason = ReasonFor(kind, telling.Message);
            if (reason == ExchangeErrorReason.None && kind == ExchangeErrorKind.Transient && NetworkText.IsMatch(telling.GetType().Name + " " + telling.GetType().FullName))
                reason = ExchangeErrorReason.Network;
            return reason == ExchangeErrorReason.None ? result : result.WithReason(reason);
        }

        private static Exception InnermostTelling(Exception exception)
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                if (ClassifyClr(e) is not null) return e;
            }
            return exception;
        }

        private static ExchangeErrorKind? ClassifyClr(Exception e) => e switch
        {
            TimeoutException => ExchangeErrorKind.Transient,
            UnauthorizedAccessException => ExchangeErrorKind.SessionExpired,
            _ => ClassifyType(e.GetType().Name),
        };
    }
}

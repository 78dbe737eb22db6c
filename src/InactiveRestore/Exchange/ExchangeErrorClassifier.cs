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
        private static readonly Regex Form = new(@"^\s*(?<code>[A-Za-z0-9]*)\|(?<type>[A-Za-z_][\w\.\+`]*)\|(?<text>.*)$",
            RegexOptions.Singleline | RegexOptions.Compiled);

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
            return new ExchangeErrorMessage(code.Length == 0 ? null : code, m.Groups["type"].Value, m.Groups["text"].Value.Trim());
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
            @"service (is )?unavailable|\b503\b|\b504\b|connection (was )?(closed|reset|aborted)|transient (error|failure)",
            RegexOptions.IgnoreCase | RegexOptions.Compiled);

        private static readonly Regex SessionText = new(
            @"\b401\b|unauthorized|access token has expired|token (has )?expired|token is expired|expired token|" +
            @"session (has )?expired|lifetime validation failed|no valid session",
            RegexOptions.IgnoreCase | RegexOptions.Compiled);

        private static readonly Regex AmbiguousText = new(@"matches multiple entries|is ambiguous",
            RegexOptions.IgnoreCase | RegexOptions.Compiled);

        private static readonly Regex NotFoundText = new(@"couldn't be found|could not be found|couldn't find|could not find|wasn't found|was not found|doesn't exist|does not exist",
            RegexOptions.IgnoreCase | RegexOptions.Compiled);

        // How long Exchange asks the caller to wait, in the forms its throttling messages take:
        // "(micro delay 31 seconds applied)", "Micro delay applied. Actual delayed: 31000 msecs" (also "Actual delay:"),
        // "Retry-After: 31" (HTTP 429/503 header echoed in the text), "try again in 31 seconds", "retry after 31 seconds",
        // "back off for 31s".
        private static readonly Regex[] RetryAfterForms =
        {
            new(@"micro ?delay (?<n>\d+(\.\d+)?) ?(?<u>seconds?|secs?|s|milliseconds?|msecs?|ms)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled),
            new(@"actual delay(ed)?\s*[:=]?\s*(?<n>\d+(\.\d+)?) ?(?<u>milliseconds?|msecs?|ms|seconds?|secs?|s)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled),
            new(@"retry-after\s*[:=]\s*(?<n>\d+(\.\d+)?)(\s*(?<u>seconds?|secs?|s|milliseconds?|msecs?|ms|minutes?|mins?)\b)?", RegexOptions.IgnoreCase | RegexOptions.Compiled),
            new(@"(try again|retry) (in|after) (?<n>\d+(\.\d+)?) ?(?<u>seconds?|secs?|s|milliseconds?|msecs?|ms|minutes?|mins?)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled),
            new(@"back ?off (for )?(?<n>\d+(\.\d+)?) ?(?<u>seconds?|secs?|s|milliseconds?|msecs?|ms)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled),
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
            var byType = ClassifyType(serverExceptionType);
            if (byType is { } kind) return kind;
            var t = text ?? string.Empty;
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
                || Has("MicroDelay") || Has("ConnectionFailed") || Has("ServiceUnavailable"))
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
            return new ExchangeException(kind, ExchangeErrorMessage.Parse(exception.Message).Text, command, target,
                telling.GetType().Name, (exception as IContainsErrorRecord)?.ErrorRecord, exception);
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

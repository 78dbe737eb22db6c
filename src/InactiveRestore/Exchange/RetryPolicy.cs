using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// Back-off for Exchange calls: exponential with jitter, on transient errors only. When Exchange names a wait
    /// (<see cref="ExchangeException.RetryAfter"/>: "micro delay 31 seconds applied") the policy waits at least that
    /// long, still within <see cref="MaxDelay"/> and the <see cref="TotalBudget"/>; a wait that does not fit in what is
    /// left of the budget ends the retries with Exchange's error saying what it asked for. Read calls are retried up to
    /// <see cref="MaxAttempts"/>; change calls are retried only when the caller supplies an "already applied?" check,
    /// which runs before every retry. Without a check a transient failure of a change surfaces with
    /// <see cref="ExchangeException.OutcomeUnknown"/> set. Waiting is cancellable and goes through <see cref="Delay"/>.
    /// </summary>
    internal sealed class RetryPolicy
    {
        private static readonly Random SharedRandom = new();

        public static RetryPolicy Default { get; } = new();

        /// <summary>No retries at all (one attempt).</summary>
        public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

        /// <summary>Attempts in total, the first one included (default 5).</summary>
        public int MaxAttempts { get; init; } = 5;

        /// <summary>
        /// Attempts in total (within <see cref="MaxAttempts"/>) for a NotFound that Exchange says may be a replication
        /// delay ("couldn't be read from domain controller", "replication delays"), default 4; the object is called
        /// missing only after them. Such a call was not applied, so a change is sent again (after its check, if any).
        /// </summary>
        public int ReplicationAttempts { get; init; } = 4;

        /// <summary>The first back-off (default 2 s); doubles each retry.</summary>
        public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

        /// <summary>No single back-off is longer (default 60 s).</summary>
        public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

        /// <summary>No retry starts when it would end after this much time since the first attempt (default 5 min).</summary>
        public TimeSpan TotalBudget { get; init; } = TimeSpan.FromMinutes(5);

        /// <summary>Sleeps; must throw OperationCanceledException when the token is cancelled. Tests pass a recorder.</summary>
        public Action<TimeSpan, CancellationToken> Delay { get; init; } = DefaultDelay;

        /// <summary>A number in [0,1) for jitter; tests pass a constant.</summary>
        public Func<double> Jitter { get; init; } = NextRandom;

        /// <summary>The clock used for the total budget.</summary>
        public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

        /// <summary>The name of the preference variable the cmdlets read a policy from.</summary>
        public const string PreferenceVariable = "InactiveRestoreRetryPolicy";

        /// <summary>
        /// A policy from a preference value: a RetryPolicy as is, or a hashtable with any of MaxAttempts, BaseDelay,
        /// MaxDelay, TotalBudget (TimeSpan, or seconds as a number, or TimeSpan text). Null → <see cref="Default"/>.
        /// Anything else, or bad values, are refused with InvalidInputException (ErrorId InvalidRetryPolicy).
        /// </summary>
        public static RetryPolicy FromPreference(object? value)
        {
            var v = value is PSObject p ? p.BaseObject : value;
            switch (v)
            {
                case null: return Default;
                case RetryPolicy policy: return policy;
                case System.Collections.IDictionary d:
                    var result = new RetryPolicy();
                    foreach (System.Collections.DictionaryEntry e in d)
                    {
                        var key = Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                        var raw = e.Value is PSObject pv ? pv.BaseObject : e.Value;
                        switch (key.ToUpperInvariant())
                        {
                            case "MAXATTEMPTS":
                                var n = ExchangeValue.ToLong(raw);
                                if (n is null || n < 1 || n > 100) throw Bad(key, raw);
                                result = result.With(maxAttempts: (int)n.Value);
                                break;
                            case "BASEDELAY": result = result.With(baseDelay: Duration(key, raw)); break;
                            case "MAXDELAY": result = result.With(maxDelay: Duration(key, raw)); break;
                            case "TOTALBUDGET": result = result.With(totalBudget: Duration(key, raw)); break;
                            default: throw Bad(key, raw);
                        }
                    }
                    return result;
                default:
                    throw new InvalidInputException("InvalidRetryPolicy", PreferenceVariable, value,
                        $"${PreferenceVariable} must be a hashtable with MaxAttempts, BaseDelay, MaxDelay or TotalBudget.");
            }
        }

        private RetryPolicy With(int? maxAttempts = null, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, TimeSpan? totalBudget = null) => new()
        {
            MaxAttempts = maxAttempts ?? MaxAttempts,
            BaseDelay = baseDelay ?? BaseDelay,
            MaxDelay = maxDelay ?? MaxDelay,
            TotalBudget = totalBudget ?? TotalBudget,
            ReplicationAttempts = ReplicationAttempts,
            Delay = Delay,
            Jitter = Jitter,
            Clock = Clock,
        };

        private static TimeSpan Duration(string key, object? raw)
        {
            TimeSpan? t = raw switch
            {
                TimeSpan ts => ts,
                int or long or double or decimal => TimeSpan.FromSeconds(Convert.ToDouble(raw, System.Globalization.CultureInfo.InvariantCulture)),
                _ => ExchangeValue.ToTimeSpan(raw),
            };
            if (t is null || t.Value < TimeSpan.Zero || t.Value > TimeSpan.FromDays(1)) throw Bad(key, raw);
            return t.Value;
        }

        private static InvalidInputException Bad(string key, object? raw) =>
            new("InvalidRetryPolicy", PreferenceVariable, raw,
                $"${PreferenceVariable}: '{key}' = '{raw}' is not valid (MaxAttempts 1-100; BaseDelay, MaxDelay, TotalBudget as TimeSpan or seconds).");

        /// <summary>
        /// The back-off before retry number <paramref name="retry"/> (1-based): min(cap, base·2^(retry-1)), then
        /// "equal jitter": half of it fixed and half random, so retries of many callers spread out.
        /// </summary>
        public TimeSpan ComputeDelay(int retry)
        {
            if (retry < 1) retry = 1;
            var exp = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
            var capped = Math.Min(exp, MaxDelay.TotalMilliseconds);
            var jitter = Math.Max(0, Math.Min(1, Jitter()));
            return TimeSpan.FromMilliseconds(capped / 2 + capped / 2 * jitter);
        }

        /// <summary>
        /// The wait before retry number <paramref name="retry"/> when Exchange asked for <paramref name="retryAfter"/>:
        /// max(back-off, the wait Exchange asked for), capped by <see cref="MaxDelay"/>.
        /// </summary>
        public TimeSpan DelayFor(int retry, TimeSpan? retryAfter)
        {
            var backoff = ComputeDelay(retry);
            if (retryAfter is not { } hint || hint <= backoff) return backoff;
            return hint < MaxDelay ? hint : (MaxDelay > backoff ? MaxDelay : backoff);
        }

        internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// Runs <paramref name="call"/> under this policy. <paramref name="call"/> throws ExchangeException (classified).
        /// </summary>
        public IReadOnlyList<PSObject> Execute(ExchangeCommand command, Func<IReadOnlyList<PSObject>> call,
            ExchangeCallOptions? options = null, CancellationToken cancellationToken = default,
            Action<ExchangeRetryEventArgs>? onRetry = null)
        {
            if (command is null) throw new ArgumentNullException(nameof(command));
            if (call is null) throw new ArgumentNullException(nameof(call));
            var check = options?.Check;
            var started = Clock();
            var attempt = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                attempt++;
                ExchangeException error;
                try
                {
                    return call();
                }
                catch (ExchangeException e)
                {
                    error = e;
                }

                if (error.Kind == ExchangeErrorKind.NotFound && error.Reason == ExchangeErrorReason.ReplicationDelay)
                {
                    var found = RetryReplication(command, check, error, attempt, started, cancellationToken, onRetry);
                    if (found is not null) return found;
                    continue;
                }

                if (error.Kind != ExchangeErrorKind.Transient) throw error.With(false, attempt);

                var isChange = command.IsChange;
                if (isChange && check is null)
                {
                    // Nobody can tell whether Exchange applied it: never send it again blindly.
                    throw error.With(true, attempt);
                }

                var hint = error.RetryAfter;
                var delay = DelayFor(attempt, hint);
                var outOfAttempts = attempt >= MaxAttempts;
                var elapsed = Clock() - started;
                var outOfBudget = elapsed + delay > TotalBudget;
                if (outOfAttempts || outOfBudget)
                {
                    var surfaced = error;
                    if (!outOfAttempts && hint is { } asked && elapsed + ComputeDelay(attempt) <= TotalBudget)
                    {
                        // Only Exchange's wait does not fit: say so, so the caller knows when trying again makes sense.
                        var left = TotalBudget - elapsed;
                        if (left < TimeSpan.Zero) left = TimeSpan.Zero;
                        surfaced = error.With(false, attempt,
                            $"{error.Message} (Exchange asked to wait {Seconds(asked)} s before trying again; that is more than the {Seconds(left)} s left of the retry budget " +
                            $"({Seconds(TotalBudget)} s), so {command.Name} was not retried: try again after that wait.)");
                    }
                    if (isChange)
                    {
                        // One last look: if it happened after all, that is success; if not, the outcome is known (not applied).
                        var found = RunCheck(check!, surfaced, attempt);
                        if (found is not null) return found;
                    }
                    throw surfaced.With(false, attempt);
                }

                onRetry?.Invoke(new ExchangeRetryEventArgs(command, attempt, MaxAttempts, delay, error, hint));
                Delay(delay, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();

                if (isChange)
                {
                    var found = RunCheck(check!, error, attempt);
                    if (found is not null) return found;
                }
            }
        }

        // A NotFound that may be replication: wait and let the caller try again (null), up to ReplicationAttempts; then the
        // NotFound surfaces saying how long it was tried. A change that failed so was not applied; its check (if any)
        // still runs first, in case an earlier attempt went through.
        private IReadOnlyList<PSObject>? RetryReplication(ExchangeCommand command, Func<IReadOnlyList<PSObject>?>? check,
            ExchangeException error, int attempt, DateTimeOffset started, CancellationToken cancellationToken,
            Action<ExchangeRetryEventArgs>? onRetry)
        {
            var limit = Math.Max(1, Math.Min(MaxAttempts, ReplicationAttempts));
            var delay = ComputeDelay(attempt);
            var elapsed = Clock() - started;
            if (attempt >= limit || elapsed + delay > TotalBudget)
            {
                throw attempt == 1
                    ? error.With(false, attempt)
                    : error.With(false, attempt,
                        $"{error.Message} (still not readable after {attempt} attempts over {Seconds(elapsed)} s, so it is treated as missing.)");
            }
            onRetry?.Invoke(new ExchangeRetryEventArgs(command, attempt, limit, delay, error, null));
            Delay(delay, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return command.IsChange && check is not null ? RunCheck(check, error, attempt) : null;
        }

        private static IReadOnlyList<PSObject>? RunCheck(Func<IReadOnlyList<PSObject>?> check, ExchangeException original, int attempt)
        {
            try
            {
                return check();
            }
            catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.SessionExpired or ExchangeErrorKind.NotConnected)
            {
                // The session ended between the change and the check: that ends the command (reconnect and re-run, which
                // looks again); the change's outcome is still unknown.
                throw e.With(true, attempt);
            }
            catch (ExchangeException e)
            {
                // The check itself failed: we still do not know whether the change happened.
                throw new ExchangeException(ExchangeErrorKind.Transient,
                    $"{original.Message} (checking whether {original.Command} was applied failed too: {e.Message})",
                    original.Command, original.Target, original.ServerExceptionType, original.ErrorRecord, e)
                {
                    OutcomeUnknown = true,
                    Attempts = attempt,
                };
            }
        }

        private static void DefaultDelay(TimeSpan delay, CancellationToken token)
        {
            if (delay <= TimeSpan.Zero) return;
            if (token.CanBeCanceled)
            {
                token.WaitHandle.WaitOne(delay);
                token.ThrowIfCancellationRequested();
            }
            else
            {
                Thread.Sleep(delay);
            }
        }

        private static double NextRandom()
        {
            lock (SharedRandom) return SharedRandom.NextDouble();
        }
    }
}

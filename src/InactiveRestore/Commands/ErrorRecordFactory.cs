using System;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Exchange;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// Turns the module's exceptions into ErrorRecords. Kept outside the cmdlet base so it is testable without PSCmdlet.
    /// <list type="table">
    /// <item>NotConnected → ExchangeNotConnected, OpenError, terminating.</item>
    /// <item>SessionExpired → ExchangeSessionExpired, AuthenticationError, terminating.</item>
    /// <item>NotFound → ExchangeObjectNotFound, ObjectNotFound.</item>
    /// <item>Ambiguous → ExchangeAmbiguousIdentity, InvalidArgument.</item>
    /// <item>Transient → ExchangeTransientFailure, ResourceBusy.</item>
    /// <item>Permanent → ExchangePermanentFailure, InvalidOperation.</item>
    /// <item>InvalidInputException → its ErrorId, InvalidArgument, its Value as target.</item>
    /// <item>RequestStateException → its ErrorId (RequestAlreadyFinished, RequestNotFinished, RequestNotResumable, AmbiguousRequestName), InvalidOperation;
    /// RequestNotFound → ObjectNotFound.</item>
    /// </list>
    /// The ErrorDetails message is Exchange's own text (after the second pipe), never the Ex…|Type| prefix.
    /// <para>
    /// A failure's remedy is said once on screen (<see cref="Details"/>): ErrorDetails.RecommendedAction always holds it, for
    /// scripts; the message holds it too only when the error view does not print RecommendedAction by itself.
    /// </para>
    /// </summary>
    internal static class ErrorRecordFactory
    {
        public const string ConnectHint = "Run Connect-ExchangeOnline in this session, then run this command again.";

        public const string ReconnectHint = "Reconnect with Connect-ExchangeOnline, then re-run the same command to continue: what is already done is found and not repeated.";

        public static string ErrorIdFor(ExchangeErrorKind kind) => kind switch
        {
            ExchangeErrorKind.NotConnected => "ExchangeNotConnected",
            ExchangeErrorKind.SessionExpired => "ExchangeSessionExpired",
            ExchangeErrorKind.NotFound => "ExchangeObjectNotFound",
            ExchangeErrorKind.Ambiguous => "ExchangeAmbiguousIdentity",
            ExchangeErrorKind.Transient => "ExchangeTransientFailure",
            _ => "ExchangePermanentFailure",
        };

        public static ErrorCategory CategoryFor(ExchangeErrorKind kind) => kind switch
        {
            ExchangeErrorKind.NotConnected => ErrorCategory.OpenError,
            ExchangeErrorKind.SessionExpired => ErrorCategory.AuthenticationError,
            ExchangeErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            ExchangeErrorKind.Ambiguous => ErrorCategory.InvalidArgument,
            ExchangeErrorKind.Transient => ErrorCategory.ResourceBusy,
            _ => ErrorCategory.InvalidOperation,
        };

        /// <summary>True for errors that end the cmdlet (nothing more can succeed in this session).</summary>
        public static bool IsTerminating(Exception e) =>
            e is ExchangeException { Kind: ExchangeErrorKind.NotConnected or ExchangeErrorKind.SessionExpired };

        /// <summary>
        /// True when the error view prints ErrorDetails.RecommendedAction by itself: PowerShell 7's ConciseView (its
        /// "Recommendation:" line, the default) and DetailedView (Get-Error lists it). Windows PowerShell 5.1 and
        /// PowerShell 7's NormalView and CategoryView print the message only. <paramref name="errorView"/> is $ErrorView.
        /// </summary>
        public static bool ViewShowsRecommendation(object? errorView)
        {
            var view = (errorView is PSObject o ? o.BaseObject : errorView)?.ToString();
            return string.Equals(view, "ConciseView", StringComparison.OrdinalIgnoreCase)
                || string.Equals(view, "DetailedView", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary><see cref="ViewShowsRecommendation"/> for the session <paramref name="cmdlet"/> runs in; false when it cannot be read.</summary>
        public static bool RemedyShownApart(Cmdlet cmdlet)
        {
            try
            {
                return cmdlet is PSCmdlet ps && ViewShowsRecommendation(ps.SessionState?.PSVariable.GetValue("ErrorView"));
            }
            catch (Exception e) when (e is PSInvalidOperationException or InvalidOperationException or NullReferenceException)
            {
                return false;   // no session state (a cmdlet object outside a pipeline): the message keeps the remedy
            }
        }

        /// <summary>
        /// The ErrorDetails of a failure: RecommendedAction = <paramref name="remedy"/> (for scripts); the message ends with
        /// the remedy only when <paramref name="remedyShownApart"/> is false (the error view would not print it), so the
        /// screen says it once either way.
        /// </summary>
        public static ErrorDetails Details(string message, string? remedy, bool remedyShownApart)
        {
            if (string.IsNullOrWhiteSpace(remedy)) return new ErrorDetails(message);
            return new ErrorDetails(remedyShownApart ? message : message + " " + remedy) { RecommendedAction = remedy };
        }

        /// <summary>
        /// The ErrorRecord for an exception; <paramref name="target"/> overrides the exception's own target.
        /// <paramref name="remedyShownApart"/>: see <see cref="Details"/> (the cmdlets pass <see cref="ViewShowsRecommendation"/> of $ErrorView).
        /// </summary>
        public static ErrorRecord Create(Exception exception, object? target = null, bool remedyShownApart = false)
        {
            switch (exception)
            {
                case ExchangeException ee:
                    return new ErrorRecord(ee, ErrorIdFor(ee.Kind), CategoryFor(ee.Kind), target ?? ee.Target)
                    {
                        ErrorDetails = Details(MessageFor(ee), RemedyFor(ee), remedyShownApart),
                    };
                case InvalidInputException ie:
                    return new ErrorRecord(ie, ie.ErrorId, ErrorCategory.InvalidArgument, target ?? ie.Value)
                    {
                        ErrorDetails = new ErrorDetails(ie.Message),
                    };
                case RequestStateException re:
                    return new ErrorRecord(re, re.ErrorId, re.ErrorId == RequestStateException.NotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidOperation, target ?? re.Identity)
                    {
                        ErrorDetails = Details(re.Message, re.RecommendedAction, remedyShownApart),
                    };
                case PipelineStoppedException:
                case OperationCanceledException:
                    return new ErrorRecord(exception, "OperationStopped", ErrorCategory.OperationStopped, target);
                default:
                    return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>The message shown: Exchange's own text (what went wrong; the remedy is <see cref="RemedyFor"/>).</summary>
        public static string MessageFor(ExchangeException e)
        {
            var text = ExchangeErrorMessage.Parse(e.Message).Text;
            return e.Kind switch
            {
                ExchangeErrorKind.SessionExpired => $"The Exchange Online session has expired: {text}",
                _ when e.OutcomeUnknown => $"{text} ({e.Command} failed transiently and it is not known whether Exchange applied it.)",
                _ => text,
            };
        }

        /// <summary>What to do about an Exchange error (the RecommendedAction); null when Exchange's text says enough.</summary>
        public static string? RemedyFor(ExchangeException e) => e.Kind switch
        {
            ExchangeErrorKind.NotConnected => ConnectHint,
            ExchangeErrorKind.SessionExpired => ReconnectHint,
            _ when e.OutcomeUnknown => "Run the same command again: it looks up what Exchange already has (requests by name, addresses, states) before changing anything, so nothing is made twice.",
            ExchangeErrorKind.Transient => "Exchange is throttling or busy: run the same command again later (it retried with back-off first; $InactiveRestoreRetryPolicy tunes that).",
            _ => null,
        };
    }
}

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

        /// <summary>The ErrorRecord for an exception; <paramref name="target"/> overrides the exception's own target.</summary>
        public static ErrorRecord Create(Exception exception, object? target = null)
        {
            switch (exception)
            {
                case ExchangeException ee:
                {
                    var record = new ErrorRecord(ee, ErrorIdFor(ee.Kind), CategoryFor(ee.Kind), target ?? ee.Target);
                    var text = MessageFor(ee);
                    record.ErrorDetails = new ErrorDetails(text);
                    if (ee.Kind == ExchangeErrorKind.NotConnected) record.ErrorDetails.RecommendedAction = ConnectHint;
                    else if (ee.Kind == ExchangeErrorKind.SessionExpired) record.ErrorDetails.RecommendedAction = ReconnectHint;
                    else if (ee.OutcomeUnknown) record.ErrorDetails.RecommendedAction = "Run the same command again: it looks up what Exchange already has (requests by name, addresses, states) before changing anything, so nothing is made twice.";
                    else if (ee.Kind == ExchangeErrorKind.Transient) record.ErrorDetails.RecommendedAction = "Exchange is throttling or busy: run the same command again later (it retried with back-off first; $InactiveRestoreRetryPolicy tunes that).";
                    return record;
                }
                case InvalidInputException ie:
                    return new ErrorRecord(ie, ie.ErrorId, ErrorCategory.InvalidArgument, target ?? ie.Value)
                    {
                        ErrorDetails = new ErrorDetails(ie.Message),
                    };
                case RequestStateException re:
                    return new ErrorRecord(re, re.ErrorId, re.ErrorId == RequestStateException.NotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidOperation, target ?? re.Identity)
                    {
                        ErrorDetails = new ErrorDetails(re.Message) { RecommendedAction = re.RecommendedAction },
                    };
                case PipelineStoppedException:
                case OperationCanceledException:
                    return new ErrorRecord(exception, "OperationStopped", ErrorCategory.OperationStopped, target);
                default:
                    return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>The message shown: Exchange's own text, with what to do for connection problems.</summary>
        public static string MessageFor(ExchangeException e)
        {
            var text = ExchangeErrorMessage.Parse(e.Message).Text;
            return e.Kind switch
            {
                ExchangeErrorKind.NotConnected => text.IndexOf("Connect-ExchangeOnline", StringComparison.OrdinalIgnoreCase) >= 0 ? text : $"{text} {ConnectHint}",
                ExchangeErrorKind.SessionExpired => $"The Exchange Online session has expired: {text} {ReconnectHint}",
                _ when e.OutcomeUnknown => $"{text} ({e.Command} failed transiently and it is not known whether Exchange applied it.)",
                _ => text,
            };
        }
    }
}

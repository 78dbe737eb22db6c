using System;

namespace InactiveRestore.Core
{
    /// <summary>
    /// A request is in a state that refuses the asked operation (e.g. stopping a finished request, removing a running one).
    /// Cmdlets write it with <see cref="ErrorId"/>, category InvalidOperation, and the request identity as target.
    /// </summary>
    internal sealed class RequestStateException : InvalidOperationException
    {
        /// <summary>Stop-InactiveRestore on a request that already finished (Completed, CompletedWithWarning, Failed).</summary>
        public const string AlreadyFinished = "RequestAlreadyFinished";
        /// <summary>Remove-InactiveRestore on a request that has not finished.</summary>
        public const string NotFinished = "RequestNotFinished";
        /// <summary>A bare request name that matches requests on several targets.</summary>
        public const string Ambiguous = "AmbiguousRequestName";
        /// <summary>Resume-InactiveRestore -ApproveSkippedItems when the session's Set-MailboxRestoreRequest has no -SkippedItemApprovalTime.</summary>
        public const string ApprovalUnavailable = "SkippedItemApprovalUnavailable";
        /// <summary>Complete-InactiveRestore on a restore whose requests have not all completed.</summary>
        public const string RestoreNotFinished = "RestoreNotFinished";

        public RequestStateException(string errorId, string identity, string message, string? recommendedAction = null)
            : base(message)
        {
            ErrorId = errorId;
            Identity = identity;
            RecommendedAction = recommendedAction;
        }

        public string ErrorId { get; }
        public string Identity { get; }
        public string? RecommendedAction { get; }
    }
}

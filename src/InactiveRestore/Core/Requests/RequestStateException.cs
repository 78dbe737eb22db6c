using System;

namespace InactiveRestore.Core
{
    /// <summary>
    /// A request is in a state that refuses the asked operation (e.g. stopping a finished request, removing a running one).
    /// Cmdlets write it with <see cref="ErrorId"/>, category InvalidOperation (ObjectNotFound for <see cref="NotFound"/>),
    /// the request identity as target and <see cref="RecommendedAction"/>.
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

        /// <summary>An identity that names no restore request (Get, Watch and the control cmdlets; category ObjectNotFound).</summary>
        public const string NotFound = "RequestNotFound";
        /// <summary>Resume-InactiveRestore on a request that is neither suspended nor failed (queued, running or completed).</summary>
        public const string NotResumable = "RequestNotResumable";

        public RequestStateException(string errorId, string identity, string message, string? recommendedAction = null, Exception? inner = null)
            : base(message, inner)
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

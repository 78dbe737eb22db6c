using System;
using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    /// <summary>How the planner's findings and the consent refusal become ErrorRecords.</summary>
    internal static class ValidationErrors
    {
        public const string OverwriteConsentRequired = RestoreInput.OverwriteConsentRequired;

        /// <summary>The ErrorCategory for a validation code.</summary>
        public static ErrorCategory CategoryFor(string code) => code switch
        {
            ValidationCodes.SourceNotFound or ValidationCodes.TargetNotFound => ErrorCategory.ObjectNotFound,
            ValidationCodes.SourceNotInactive or ValidationCodes.TargetInactive or ValidationCodes.TargetIsSource
                or ValidationCodes.SourceAmbiguous or ValidationCodes.TargetAmbiguous
                or ValidationCodes.InvalidFolderSpec or ValidationCodes.InvalidRequestName => ErrorCategory.InvalidArgument,
            ValidationCodes.InsufficientSpace => ErrorCategory.ResourceUnavailable,
            ValidationCodes.DuplicateRequest or ValidationCodes.NameSlotsExhausted or ValidationCodes.ProxyAddressInUse
                or ValidationCodes.AlreadyRestored => ErrorCategory.ResourceExists,
            _ => ErrorCategory.InvalidOperation,
        };

        /// <summary>What an issue is about: the source identity, the target identity, or the pair (the request).</summary>
        public static object TargetFor(ValidationIssue issue, RestoreRequest request) => issue.Code switch
        {
            ValidationCodes.SourceNotFound or ValidationCodes.SourceNotInactive or ValidationCodes.SourceAmbiguous => request.SourceMailbox,
            ValidationCodes.TargetNotFound or ValidationCodes.TargetInactive or ValidationCodes.TargetAmbiguous => request.TargetMailbox,
            _ => request,
        };

        /// <summary>
        /// The non-terminating ErrorRecord for an Error issue: ErrorId = the code, <see cref="CategoryFor"/>, target
        /// <see cref="TargetFor"/>, RecommendedAction = the remedy; the message is the issue's message, followed by the
        /// remedy unless the error view prints RecommendedAction itself (<paramref name="remedyShownApart"/>, see
        /// <see cref="ErrorRecordFactory.Details"/>). The exception's message always holds both.
        /// </summary>
        public static ErrorRecord ErrorRecordFor(ValidationIssue issue, RestoreRequest request, bool remedyShownApart = false)
        {
            if (issue is null) throw new ArgumentNullException(nameof(issue));
            var text = issue.Remedy is { Length: > 0 } remedy ? issue.Message + " " + remedy : issue.Message;
            return new ErrorRecord(RefusedPair.Mark(new RestoreValidationException(issue, text), request), issue.Code, CategoryFor(issue.Code), TargetFor(issue, request))
            {
                ErrorDetails = ErrorRecordFactory.Details(issue.Message, issue.Remedy, remedyShownApart),
            };
        }

        /// <summary>
        /// The ErrorRecord when a change needs a confirmation (ShouldProcess) that the host cannot ask for: nothing was
        /// changed. <paramref name="what"/> says the change ("Stop the restore request on 'x'").
        /// </summary>
        public static ErrorRecord ConfirmationRequired(string what, object target, bool remedyShownApart = false) =>
            ConfirmationRecord(new InvalidOperationException(ConfirmationText(what)), target, remedyShownApart);

        /// <summary><see cref="ConfirmationRequired(string, object, bool)"/> for a pair of Start-InactiveRestore: a refusal (it names the pair).</summary>
        public static ErrorRecord ConfirmationRequired(string what, RestoreRequest request, bool remedyShownApart = false) =>
            ConfirmationRecord(RefusedPair.Mark(new InvalidOperationException(ConfirmationText(what)), request), request, remedyShownApart);

        private static string ConfirmationText(string what) =>
            $"{what}: a confirmation is needed and this host cannot ask for it (no console input, or -NonInteractive). Nothing was changed.";

        private static ErrorRecord ConfirmationRecord(InvalidOperationException exception, object target, bool remedyShownApart) =>
            new(exception, RestoreInput.ConfirmationRequired, ErrorCategory.InvalidOperation, target)
            {
                ErrorDetails = ErrorRecordFactory.Details(exception.Message,
                    "Check the change with -WhatIf, then confirm it in the command (-Confirm:$false), or run the command where the prompt can be answered.", remedyShownApart),
            };

        /// <summary>The ErrorRecord when a replacing conflict option was not consented to (nothing was created).</summary>
        public static ErrorRecord ConsentRequired(RestoreRequest request, bool remedyShownApart = false)
        {
            var text = $"-ConflictResolution {request.ConflictResolution} can replace items already in '{request.TargetMailbox}'; consent is needed and could not be asked (the host cannot prompt). Nothing was created for {request}.";
            return new ErrorRecord(RefusedPair.Mark(new InvalidOperationException(text), request), OverwriteConsentRequired, ErrorCategory.InvalidOperation, request)
            {
                ErrorDetails = ErrorRecordFactory.Details(text,
                    "Add -Force to consent, or use -ConflictResolution KeepAll (the default), which never replaces target items.", remedyShownApart),
            };
        }
    }
}

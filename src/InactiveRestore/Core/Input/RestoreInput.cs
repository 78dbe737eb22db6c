using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// What Start-/Test-InactiveRestore check before any Exchange call, and how validation findings become ErrorRecords.
    /// Input errors are <see cref="InvalidInputException"/>s, each naming its parameter and value: InvalidIdentity
    /// (-SourceMailbox, -TargetMailbox), InvalidRequestName (-Name), InvalidBatchName (-BatchName),
    /// InvalidTargetRootFolder (-TargetRootFolder), InvalidFolderSpec (-IncludeFolders, -ExcludeFolders).
    /// </summary>
    internal static class RestoreInput
    {
        /// <summary>The ErrorId when a conflict option that replaces target items was not consented to.</summary>
        public const string OverwriteConsentRequired = nameof(OverwriteConsentRequired);

        /// <summary>The ErrorId when a change needs a confirmation the host cannot ask for (no console input, -NonInteractive): nothing is changed.</summary>
        public const string ConfirmationRequired = nameof(ConfirmationRequired);

        /// <summary>Batch names: no '\', no control characters, at most this many characters.</summary>
        public const int MaxBatchNameLength = RequestNaming.MaxNameLength;

        public const string InvalidBatchName = nameof(InvalidBatchName);
        public const string InvalidTargetRootFolder = nameof(InvalidTargetRootFolder);
        public const string InvalidSuspendComment = nameof(InvalidSuspendComment);

        /// <summary>Suspend comments: at most this many characters (the module's bound; Exchange keeps the comment with the request).</summary>
        public const int MaxSuspendCommentLength = 4096;

        /// <summary>
        /// Checks the identities only (trims them, normalizes GUIDs). Returns the problems; the request's identities are
        /// replaced with their validated values when valid.
        /// </summary>
        public static IReadOnlyList<InvalidInputException> CheckIdentities(RestoreRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var problems = new List<InvalidInputException>();
            try { request.SourceMailbox = IdentityValidator.Validate(request.SourceMailbox, nameof(RestoreRequest.SourceMailbox)).Value; }
            catch (InvalidInputException e) { problems.Add(e); }
            try { request.TargetMailbox = IdentityValidator.Validate(request.TargetMailbox, nameof(RestoreRequest.TargetMailbox)).Value; }
            catch (InvalidInputException e) { problems.Add(e); }
            return problems;
        }

        /// <summary>
        /// Every offline check of a restore: identities, -Name, -BatchName, -TargetRootFolder, -IncludeFolders,
        /// -ExcludeFolders. An empty list means Exchange may be asked.
        /// </summary>
        public static IReadOnlyList<InvalidInputException> Check(RestoreRequest request)
        {
            var problems = CheckIdentities(request).ToList();
            if (request.Name is not null)
            {
                try { RequestNaming.ThrowIfInvalid(nameof(RestoreRequest.Name), request.Name); }
                catch (InvalidInputException e) { problems.Add(e); }
            }
            if (request.BatchName is not null)
            {
                try { ThrowIfInvalidBatchName(nameof(RestoreRequest.BatchName), request.BatchName); }
                catch (InvalidInputException e) { problems.Add(e); }
            }
            if (request.TargetRootFolder is not null && FolderNames.CheckTargetRootFolder(request.TargetRootFolder) is { } whyFolder)
                problems.Add(new InvalidInputException(InvalidTargetRootFolder, nameof(RestoreRequest.TargetRootFolder), request.TargetRootFolder,
                    $"Target root folder '{request.TargetRootFolder}' is not valid: {whyFolder}."));
            foreach (var (parameter, specs) in new[] { (nameof(RestoreRequest.IncludeFolders), request.IncludeFolders), (nameof(RestoreRequest.ExcludeFolders), request.ExcludeFolders) })
            {
                if (specs is null) continue;
                foreach (var spec in specs)
                {
                    try { FolderNames.ThrowIfInvalidFolderSpec(parameter, spec); }
                    catch (InvalidInputException e) { problems.Add(e); }
                }
            }
            return problems;
        }

        /// <summary>Null when the batch name is valid, else why not.</summary>
        public static string? CheckBatchName(string? batchName)
        {
            if (batchName is null || batchName.Trim().Length == 0) return "a batch name must not be empty";
            if (batchName.IndexOf('\\') >= 0) return "a batch name must not contain '\\'";
            if (batchName.Any(char.IsControl)) return "a batch name must not contain control characters";
            if (batchName.Length > MaxBatchNameLength) return $"a batch name must be at most {MaxBatchNameLength} characters";
            return null;
        }

        /// <summary>Throws <see cref="InvalidInputException"/> (ErrorId InvalidBatchName) for an invalid batch name.</summary>
        public static void ThrowIfInvalidBatchName(string parameterName, string? batchName)
        {
            if (CheckBatchName(batchName) is { } why)
                throw new InvalidInputException(InvalidBatchName, parameterName, batchName, $"Batch name '{InputText.Printable(batchName)}' is not valid: {why}.");
        }

        /// <summary>
        /// Throws <see cref="InvalidInputException"/> (ErrorId InvalidSuspendComment) for a comment with control characters
        /// other than tab and line breaks, or longer than <see cref="MaxSuspendCommentLength"/>. Null or empty = no comment.
        /// </summary>
        public static void ThrowIfInvalidSuspendComment(string parameterName, string? comment)
        {
            if (string.IsNullOrEmpty(comment)) return;
            string? why = null;
            if (comment!.Length > MaxSuspendCommentLength) why = $"it is {comment.Length} characters long; at most {MaxSuspendCommentLength} are possible";
            else if (comment.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'))) why = "it contains control characters (only tabs and line breaks are allowed)";
            if (why is not null)
                throw new InvalidInputException(InvalidSuspendComment, parameterName, comment, $"The suspend comment '{InputText.Printable(comment)}' is not valid: {why}.");
        }


        /// <summary>
        /// True for conflict options that can replace items already in the target (KeepSourceItem, UpdateFromSource):
        /// they need the user's consent.
        /// </summary>
        public static bool ReplacesTargetItems(ConflictResolutionOption option) =>
            option is ConflictResolutionOption.KeepSourceItem or ConflictResolutionOption.UpdateFromSource;
    }

    /// <summary>A validation finding of severity Error, as an exception for its ErrorRecord.</summary>
    internal sealed class RestoreValidationException : InvalidOperationException
    {
        public RestoreValidationException(ValidationIssue issue, string message) : base(message) => Issue = issue;

        public ValidationIssue Issue { get; }
    }
}

using System;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// The pair a refusal is about, carried by the refusal's exception (<see cref="Exception.Data"/>), so that an
    /// ErrorRecord of Start-/Test-InactiveRestore that refused a pair (input check, validation, consent) names source and
    /// target whatever its TargetObject is, and Export-InactiveRestoreReport can put it in the report's refused pairs
    /// (<c>Start-InactiveRestore ... 2&gt;&amp;1 | Export-InactiveRestoreReport</c>, or the records of -ErrorVariable piped in).
    /// Only refusals are marked: an Exchange failure of a pair is not a refusal (a later run retries it).
    /// </summary>
    internal static class RefusedPair
    {
        public const string SourceKey = "InactiveRestore.SourceMailbox";
        public const string TargetKey = "InactiveRestore.TargetMailbox";
        public const string BatchKey = "InactiveRestore.BatchName";

        /// <summary>Marks <paramref name="exception"/> as the refusal of <paramref name="request"/>'s pair; returns it.</summary>
        public static T Mark<T>(T exception, RestoreRequest request) where T : Exception
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));
            if (request is null) throw new ArgumentNullException(nameof(request));
            // Strings only: Exception.Data takes serializable values on .NET Framework.
            exception.Data[SourceKey] = request.SourceMailbox ?? string.Empty;
            exception.Data[TargetKey] = request.TargetMailbox ?? string.Empty;
            if (!string.IsNullOrWhiteSpace(request.BatchName)) exception.Data[BatchKey] = request.BatchName!.Trim();
            return exception;
        }

        /// <summary>The pair a refusal is about; false when <paramref name="exception"/> is not a marked refusal.</summary>
        public static bool TryRead(Exception? exception, out string source, out string target, out string? batch)
        {
            source = target = string.Empty;
            batch = null;
            if (exception?.Data is not { } data || !data.Contains(SourceKey) || !data.Contains(TargetKey)) return false;
            source = data[SourceKey] as string ?? string.Empty;
            target = data[TargetKey] as string ?? string.Empty;
            batch = data.Contains(BatchKey) ? data[BatchKey] as string : null;
            return true;
        }
    }
}

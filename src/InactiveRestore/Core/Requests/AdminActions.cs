using System;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// <see cref="RestoreResult.ActionNeeded"/>: what an administrator must do for a request that Exchange will not move by
    /// itself. Suspended or AutoSuspended: resume it. Failed: approve the skipped items and resume (FailedBadItemLimit,
    /// TooManyBadItems, data consistency score Investigate), Microsoft support (score Poor), else resume or remove it.
    /// Every other state needs nothing (null).
    /// </summary>
    internal static class AdminActions
    {
        /// <summary>Sets <paramref name="result"/>'s ActionNeeded from its status and <paramref name="need"/> (what its skipped items need).</summary>
        public static void Apply(RestoreResult result, SkippedItemsNeed need = SkippedItemsNeed.None)
        {
            if (result is null) throw new ArgumentNullException(nameof(result));
            result.ActionNeeded = For(result, need);
        }

        public static string? For(RestoreResult r, SkippedItemsNeed need)
        {
            var id = Quote(r.RequestId != Guid.Empty ? r.RequestId.ToString("D") : r.Identity ?? r.RequestName);
            switch (r.Status)
            {
                case OperationStatus.Suspended:
                    return $"Resume-InactiveRestore -Identity {id}";
                case OperationStatus.Failed when need == SkippedItemsNeed.Support:
                    return "Microsoft support is needed (data consistency score Poor): open a service request naming the restore request; approving the skipped items is not enough.";
                case OperationStatus.Failed when need == SkippedItemsNeed.Approval:
                    return $"Review the skipped items (Get-InactiveRestore -Identity {id} -IncludeSkippedItems), then Resume-InactiveRestore -Identity {id} -ApproveSkippedItems";
                case OperationStatus.Failed:
                    return $"Resume-InactiveRestore -Identity {id} (or Remove-InactiveRestore -Identity {id} to give it up)";
                default:
                    return null;
            }
        }

        private static string Quote(string? value) => "'" + (value ?? string.Empty).Replace("'", "''") + "'";
    }
}

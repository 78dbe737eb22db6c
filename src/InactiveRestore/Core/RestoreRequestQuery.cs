using InactiveRestore.Exchange;

namespace InactiveRestore.Core
{
    /// <summary>The filtered Get-MailboxRestoreRequest listing the module runs.</summary>
    internal static class RestoreRequestQuery
    {
        /// <summary>
        /// Get-MailboxRestoreRequest for filters (-BatchName, -TargetMailbox, -Name) with -ResultSize Unlimited:
        /// Exchange stops at 1000 by default, and a listing cut short would make the requests past it look gone
        /// (a watch would call them Cancelled, a re-run would not see them).
        /// </summary>
        public static ExchangeCommand List() =>
            new ExchangeCommand("Get-MailboxRestoreRequest").Param("ResultSize", "Unlimited");
    }
}

namespace InactiveRestore.Core
{
    /// <summary>Stable validation codes (they become ErrorIds).</summary>
    internal static class ValidationCodes
    {
        public const string SourceNotFound = nameof(SourceNotFound);
        public const string SourceNotInactive = nameof(SourceNotInactive);
        public const string SourceAmbiguous = nameof(SourceAmbiguous);
        public const string TargetNotFound = nameof(TargetNotFound);
        public const string TargetInactive = nameof(TargetInactive);
        public const string TargetAmbiguous = nameof(TargetAmbiguous);
        public const string TargetIsSource = nameof(TargetIsSource);
        public const string InsufficientSpace = nameof(InsufficientSpace);
        public const string StatisticsUnavailable = nameof(StatisticsUnavailable);
        public const string DuplicateRequest = nameof(DuplicateRequest);
        /// <summary>Warning: the row's TargetRootFolder is not the one of the existing request it reuses (the row's folder is not used).</summary>
        public const string TargetRootFolderDiffers = nameof(TargetRootFolderDiffers);
        public const string SourceHasHolds = nameof(SourceHasHolds);
        public const string AutoExpandingArchive = nameof(AutoExpandingArchive);
        public const string TargetLacksArchive = nameof(TargetLacksArchive);
        public const string SourceLacksArchive = nameof(SourceLacksArchive);
        public const string LegacyDnMissing = nameof(LegacyDnMissing);
        public const string RetentionMayPurge = nameof(RetentionMayPurge);
        public const string NameSlotsExhausted = nameof(NameSlotsExhausted);
        public const string InvalidFolderSpec = nameof(InvalidFolderSpec);
        public const string InvalidRequestName = nameof(InvalidRequestName);
        public const string InvalidBatchName = nameof(InvalidBatchName);
        /// <summary>Information: -MaxActive leaves no room in the batch; the pair is submitted by a later run.</summary>
        public const string Deferred = nameof(Deferred);
        public const string TargetDirSynced = nameof(TargetDirSynced);
        public const string ProxyAddressInUse = nameof(ProxyAddressInUse);
        public const string ProxyAddressUnchecked = nameof(ProxyAddressUnchecked);
        public const string SizeUnreadable = nameof(SizeUnreadable);
        /// <summary>Error (Warning with -RestoreAgain): the target holds an apparently complete copy of the source from an earlier restore whose request is gone.</summary>
        public const string AlreadyRestored = nameof(AlreadyRestored);
        /// <summary>Warning: the target holds part of the source's content from an earlier restore (stopped, or not finished) whose request is gone.</summary>
        public const string EarlierRestoreContent = nameof(EarlierRestoreContent);
        /// <summary>Warning: the session has no Get-MailboxFolderStatistics, so earlier restores' content was not looked for.</summary>
        public const string EarlierRestoreUnchecked = nameof(EarlierRestoreUnchecked);
    }
}

using System;
using System.Linq;
using System.Management.Automation;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>Builds deserialized-style property bags (PSObjects of NoteProperties) like EXO v3 returns.</summary>
    public static class ExchangeOutput
    {
        public static PSObject Bag(params string[] typeNames)
        {
            var o = new PSObject();
            o.TypeNames.Clear();
            foreach (var t in typeNames) o.TypeNames.Add("Deserialized." + t);
            o.TypeNames.Add("Deserialized.System.Object");
            return o;
        }

        public static void Add(this PSObject o, string name, object? value) => o.Properties.Add(new PSNoteProperty(name, value));

        public static PSObject Mailbox(Mailbox m)
        {
            var o = Bag("Microsoft.Exchange.Data.Directory.Management.Mailbox", "Microsoft.Exchange.Data.Directory.Management.MailEnabledOrgPerson",
                "Microsoft.Exchange.Data.Directory.Management.MailEnabledRecipient", "Microsoft.Exchange.Data.Directory.ADPresentationObject");
            o.Add("Name", m.Name);
            o.Add("Identity", m.Identity);
            o.Add("DisplayName", m.DisplayName);
            o.Add("Alias", m.Alias);
            o.Add("UserPrincipalName", m.UserPrincipalName);
            o.Add("PrimarySmtpAddress", m.PrimarySmtpAddress);
            o.Add("EmailAddresses", m.EmailAddresses.ToArray());
            o.Add("RecipientTypeDetails", m.RecipientTypeDetails);
            o.Add("ExchangeGuid", m.ExchangeGuid);
            o.Add("Guid", m.Guid);
            o.Add("ExternalDirectoryObjectId", m.ExternalDirectoryObjectId);
            o.Add("DistinguishedName", m.DistinguishedName);
            o.Add("LegacyExchangeDN", m.LegacyExchangeDN);
            o.Add("Database", m.Database);
            o.Add("WhenCreated", m.WhenCreated);
            o.Add("AccountDisabled", m.AccountDisabled);
            o.Add("IsInactiveMailbox", m.IsInactiveMailbox);
            o.Add("WhenSoftDeleted", m.WhenSoftDeleted);
            o.Add("InactiveMailboxRetireTime", m.InactiveMailboxRetireTime);
            o.Add("LitigationHoldEnabled", m.LitigationHoldEnabled);
            o.Add("InPlaceHolds", m.InPlaceHolds.ToArray());
            o.Add("ComplianceTagHoldApplied", m.ComplianceTagHoldApplied);
            o.Add("DelayHoldApplied", m.DelayHoldApplied);
            o.Add("ArchiveGuid", m.ArchiveGuid);
            o.Add("ArchiveDatabase", m.EffectiveArchiveDatabase);
            o.Add("ArchiveName", m.HasArchive ? new[] { m.ArchiveName } : new string[0]);
            o.Add("ArchiveStatus", m.ArchiveStatus);
            o.Add("AutoExpandingArchiveEnabled", m.AutoExpandingArchiveEnabled);
            o.Add("RetentionHoldEnabled", m.RetentionHoldEnabled);
            o.Add("StartDateForRetentionHold", m.StartDateForRetentionHold);
            o.Add("EndDateForRetentionHold", m.EndDateForRetentionHold);
            o.Add("RetentionPolicy", m.RetentionPolicy);
            o.Add("IssueWarningQuota", ByteSize.FormatQuota(m.IssueWarningQuota));
            o.Add("ProhibitSendQuota", ByteSize.FormatQuota(m.ProhibitSendQuota));
            o.Add("ProhibitSendReceiveQuota", ByteSize.FormatQuota(m.ProhibitSendReceiveQuota));
            o.Add("ArchiveQuota", ByteSize.FormatQuota(m.ArchiveQuota));
            o.Add("ArchiveWarningQuota", ByteSize.FormatQuota(m.ArchiveWarningQuota));
            o.Add("RecoverableItemsQuota", ByteSize.FormatQuota(m.RecoverableItemsQuota));
            o.Add("IsDirSynced", m.IsDirSynced);
            return o;
        }

        public static PSObject MailboxStatistics(Mailbox m, bool archive)
        {
            var s = archive ? m.Archive : m.Primary;
            var o = Bag("Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics");
            o.Add("DisplayName", archive ? m.ArchiveName : m.DisplayName);
            o.Add("Identity", (archive ? m.ArchiveGuid : m.ExchangeGuid).ToString());
            o.Add("MailboxGuid", archive ? m.ArchiveGuid : m.ExchangeGuid);
            o.Add("IsArchiveMailbox", archive);
            o.Add("ItemCount", s.ItemCount);
            o.Add("TotalItemSize", ByteSize.Format(s.TotalItemSize));
            o.Add("DeletedItemCount", s.DeletedItemCount);
            o.Add("TotalDeletedItemSize", ByteSize.Format(s.TotalDeletedItemSize));
            o.Add("MailboxTypeDetail", m.RecipientTypeDetails);
            o.Add("Database", m.Database);
            o.Add("DisconnectDate", m.WhenSoftDeleted);
            o.Add("DisconnectReason", m.IsSoftDeleted ? "SoftDeleted" : null);
            return o;
        }

        public static PSObject Request(RestoreRequest r)
        {
            var o = Bag("Microsoft.Exchange.Management.RecipientTasks.MailboxRestoreRequest", "Microsoft.Exchange.Management.RecipientTasks.RequestBase");
            o.Add("Name", r.Name);
            o.Add("TargetMailbox", r.Target.Identity);
            o.Add("Status", r.Status);
            o.Add("Identity", r.Identity);
            o.Add("RequestGuid", r.RequestGuid);
            o.Add("BatchName", r.BatchName);
            o.Add("Suspend", r.Suspend);
            o.Add("RequestQueue", r.Target.Database);
            o.Add("Flags", r.Suspend ? "IntraOrg, Pull, Suspend" : "IntraOrg, Pull");
            return o;
        }

        public static PSObject RequestStatistics(RestoreRequest r, Tenant tenant, bool includeReport)
        {
            var o = Bag("Microsoft.Exchange.Management.RecipientTasks.MailboxRestoreRequestStatistics", "Microsoft.Exchange.Management.RecipientTasks.RequestStatisticsBase");
            DateTime end = r.CompletionTimestamp ?? (r.Status == "Failed" ? r.FailureTimestamp : null) ?? tenant.Now;
            o.Add("Name", r.Name);
            o.Add("Identity", r.Identity);
            o.Add("RequestGuid", r.RequestGuid);
            o.Add("BatchName", r.BatchName);
            o.Add("Status", r.Status);
            o.Add("StatusDetail", r.StatusDetail);
            o.Add("SyncStage", r.SyncStage);
            o.Add("Suspend", r.Suspend);
            o.Add("SuspendComment", r.SuspendComment);
            o.Add("SourceAlias", r.Source.Alias);
            o.Add("SourceExchangeGuid", r.Source.ExchangeGuid);
            o.Add("SourceIsArchive", r.SourceIsArchive);
            o.Add("SourceRootFolder", r.SourceRootFolder);
            o.Add("TargetAlias", r.Target.Alias);
            o.Add("TargetExchangeGuid", r.Target.ExchangeGuid);
            o.Add("TargetIsArchive", r.TargetIsArchive);
            o.Add("TargetRootFolder", r.TargetRootFolder);
            o.Add("IncludeFolders", r.IncludeFolders.ToArray());
            o.Add("ExcludeFolders", r.ExcludeFolders.ToArray());
            o.Add("ExcludeDumpster", r.ExcludeDumpster);
            o.Add("ConflictResolutionOption", r.ConflictResolutionOption);
            o.Add("AssociatedMessagesCopyOption", r.AssociatedMessagesCopyOption);
            o.Add("AllowLegacyDNMismatch", r.AllowLegacyDNMismatch);
            o.Add("ContentFilter", r.ContentFilter);
            o.Add("CompletedRequestAgeLimit", r.CompletedRequestAgeLimit.ToString("c"));
            o.Add("EstimatedTransferSize", ByteSize.Format(r.EstimatedBytes));
            o.Add("EstimatedTransferItemCount", r.EstimatedItems);
            o.Add("BytesTransferred", ByteSize.Format(r.BytesTransferred));
            o.Add("BytesTransferredPerMinute", ByteSize.Format(r.CurrentBytesPerMinute));
            o.Add("ItemsTransferred", r.ItemsTransferred);
            o.Add("PercentComplete", tenant.PercentComplete(r));
            o.Add("QueuedTimestamp", r.QueuedTimestamp);
            o.Add("StartTimestamp", r.StartTimestamp);
            o.Add("LastUpdateTimestamp", r.LastUpdateTimestamp);
            o.Add("CompletionTimestamp", r.CompletionTimestamp);
            o.Add("SuspendedTimestamp", r.SuspendedTimestamp);
            o.Add("FailureTimestamp", r.FailureTimestamp);
            o.Add("SkippedItemApprovalTime", r.SkippedItemApprovalTime);
            o.Add("OverallDuration", (end - r.QueuedTimestamp).ToString("c"));
            o.Add("FailureCode", r.FailureCode);
            o.Add("FailureType", r.FailureType);
            o.Add("FailureSide", r.FailureSide);
            o.Add("Message", r.Message);
            o.Add("BadItemsEncountered", r.BadItemsEncountered);
            o.Add("LargeItemsEncountered", r.LargeItemsEncountered);
            o.Add("MissingItemsEncountered", r.MissingItemsEncountered);
            o.Add("DataConsistencyScore", r.DataConsistencyScore);
            o.Add("PositionInQueue", tenant.PositionInQueue(r));
            o.Add("RequestQueue", r.Target.Database);
            o.Add("Report", includeReport ? Report(r) : null);
            return o;
        }

        public static PSObject Report(RestoreRequest r)
        {
            var o = Bag("Microsoft.Exchange.MailboxReplicationService.Report");
            o.Add("Entries", r.Report.Select(e =>
            {
                var x = Bag("Microsoft.Exchange.MailboxReplicationService.ReportEntry");
                x.Add("CreationTime", e.CreationTime);
                x.Add("ServerName", e.ServerName);
                x.Add("Type", e.Type);
                x.Add("Flags", e.Flags);
                x.Add("Message", e.Message);
                return x;
            }).ToArray());
            return o;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>The restore requests of one source into one target (primary and archive), with their statistics.</summary>
    internal sealed class FinishedRestore
    {
        public FinishedRestore(Guid source, Guid target, IReadOnlyList<ExchangeRestoreRequestStatistics> requests)
        {
            SourceExchangeGuid = source;
            TargetExchangeGuid = target;
            Requests = requests;
        }

        public Guid SourceExchangeGuid { get; }
        public Guid TargetExchangeGuid { get; }
        public IReadOnlyList<ExchangeRestoreRequestStatistics> Requests { get; }
    }

    /// <summary>One change Complete-InactiveRestore makes, with its "already applied?" check (the cmdlet confirms each).</summary>
    internal sealed class FinishAction
    {
        public FinishAction(FinishActionKind kind, string target, string description, ExchangeCommand command, Func<IExchangeGateway, bool> alreadyApplied)
        {
            Kind = kind;
            Target = target;
            Description = description;
            Command = command;
            AlreadyApplied = alreadyApplied;
        }

        public FinishActionKind Kind { get; }
        /// <summary>What ShouldProcess names (the target mailbox or the request).</summary>
        public string Target { get; }
        /// <summary>The ShouldProcess action and the Actions line when done.</summary>
        public string Description { get; }
        public ExchangeCommand Command { get; }
        public Func<IExchangeGateway, bool> AlreadyApplied { get; }
    }

    internal enum FinishActionKind
    {
        RemoveAddress,
        DisableRetentionHold,
        RemoveRequest,
    }

    /// <summary>What is left to do for one finished restore: the changes to confirm and the row to fill.</summary>
    internal sealed class FinishPlan
    {
        public FinishPlan(RestoreCompletionResult row) { Row = row; }

        public RestoreCompletionResult Row { get; }
        public List<FinishAction> Actions { get; } = new();
    }

    /// <summary>
    /// Complete-InactiveRestore's logic: the clean finish of restores whose requests have all completed. Per restore (one
    /// source into one target): remove the X500 address the restore needed from the target, unless another unfinished
    /// restore of the same source into that target still needs it (on a directory-synced target: nothing changes, the
    /// admin gets the on-premises line); turn the target's retention hold off when asked and no unfinished restore into it
    /// remains; remove the finished requests when asked. Reads go through the gateway; the changes are returned as
    /// <see cref="FinishAction"/>s for the cmdlet to confirm, then run with <see cref="Run"/> (each with its check, so a
    /// second run changes nothing).
    /// Exchange calls: one Get-MailboxRestoreRequestStatistics per request given, one Get-Mailbox for the source
    /// (-InactiveMailboxOnly, by ExchangeGuid) and one for the target, one Get-MailboxRestoreRequest -TargetMailbox, and
    /// statistics only for the target's other unfinished requests.
    /// </summary>
    internal sealed class RestoreCompletion
    {
        private readonly IExchangeGateway _gateway;

        public RestoreCompletion(IExchangeGateway gateway) { _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway)); }

        /// <summary>True for Completed and CompletedWithWarning(s): a request whose copy is over for good.</summary>
        public static bool IsCompleted(string? status) =>
            status is not null && (status.Equals("Completed", StringComparison.OrdinalIgnoreCase)
                || status.Equals("CompletedWithWarning", StringComparison.OrdinalIgnoreCase)
                || status.Equals("CompletedWithWarnings", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// Groups requests into restores (source ExchangeGuid, target ExchangeGuid), reading each request's statistics once.
        /// A request removed meanwhile is left out.
        /// </summary>
        public IReadOnlyList<FinishedRestore> Group(IEnumerable<ExchangeRestoreRequest> requests)
        {
            var stats = new List<ExchangeRestoreRequestStatistics>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in requests)
            {
                var id = ExchangeGateway.IdentityOf(r);
                if (!seen.Add(id)) continue;
                try { stats.Add(_gateway.GetStatistics(id, rereadFailedWithReport: false)); }
                catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound) { }
            }
            return stats.GroupBy(s => (s.SourceExchangeGuid, s.TargetExchangeGuid))
                .Select(g => new FinishedRestore(g.Key.SourceExchangeGuid, g.Key.TargetExchangeGuid, g.ToList()))
                .ToList();
        }

        /// <summary>Refuses (RequestStateException RestoreNotFinished) a restore with a request that has not completed.</summary>
        public static void EnsureFinished(FinishedRestore restore)
        {
            var open = restore.Requests.Where(r => !IsCompleted(r.Status)).ToList();
            if (open.Count == 0) return;
            var failed = open.Any(r => string.Equals(r.Status, "Failed", StringComparison.OrdinalIgnoreCase));
            var list = string.Join(", ", open.Select(r => $"'{r.Name}' ({r.Status})"));
            throw new RequestStateException(RequestStateException.RestoreNotFinished, open[0].Identity ?? open[0].Name,
                $"The restore into '{open[0].TargetAlias ?? restore.TargetExchangeGuid.ToString()}' has not finished: {list}. Nothing was changed for it.",
                failed
                    ? "Resume the failed request (Resume-InactiveRestore, with -ApproveSkippedItems when items were skipped) and run Complete-InactiveRestore once it has completed; or, to give it up, remove it with Remove-InactiveRestore and the X500 address from the target yourself."
                    : "Wait until every request has completed (Watch-InactiveRestore), then run Complete-InactiveRestore again.");
        }

        /// <summary>What is left to do for a finished restore (reads only; nothing is changed here).</summary>
        public FinishPlan Plan(FinishedRestore restore, bool disableRetentionHold, bool removeRequests)
        {
            EnsureFinished(restore);
            var row = new RestoreCompletionResult
            {
                SourceExchangeGuid = restore.SourceExchangeGuid,
                TargetExchangeGuid = restore.TargetExchangeGuid,
                Requests = restore.Requests.Select(r => r.Name).ToList(),
                Source = restore.SourceExchangeGuid.ToString(),
                Target = restore.Requests.Select(r => r.TargetAlias).FirstOrDefault(a => a is not null) ?? restore.TargetExchangeGuid.ToString(),
            };
            var plan = new FinishPlan(row);

            var target = restore.TargetExchangeGuid == Guid.Empty ? null
                : _gateway.FindMailboxes(restore.TargetExchangeGuid.ToString(), MailboxScope.Active).FirstOrDefault();
            var source = restore.SourceExchangeGuid == Guid.Empty ? null
                : _gateway.FindMailboxes(restore.SourceExchangeGuid.ToString(), MailboxScope.Inactive).FirstOrDefault();
            if (source is not null) row.Source = MailboxResolver.Show(source);
            if (target is null)
            {
                row.Notes.Add("The target mailbox was not found (deleted or no longer active): its address and retention hold were left alone.");
            }
            else
            {
                row.Target = MailboxResolver.ShowTarget(target);
                var others = OtherUnfinished(restore, target);
                PlanAddress(plan, source, target, others);
                if (disableRetentionHold) PlanRetentionHold(plan, target, others, restore);
            }
            if (removeRequests)
            {
                foreach (var r in restore.Requests)
                {
                    var id = r.RequestGuid != Guid.Empty ? r.RequestGuid.ToString() : r.Identity ?? r.Name;
                    plan.Actions.Add(new FinishAction(FinishActionKind.RemoveRequest, r.Identity ?? r.Name,
                        $"Remove the completed restore request '{r.Name}' (the restored content stays in the target)",
                        ExchangeCommands.Remove(id), g => g.GetRequest(id) is null));
                }
            }
            return plan;
        }

        /// <summary>The target's other requests that have not completed, with the source each restores (statistics read only for those).</summary>
        private List<ExchangeRestoreRequestStatistics> OtherUnfinished(FinishedRestore restore, ExchangeMailbox target)
        {
            var mine = new HashSet<Guid>(restore.Requests.Select(r => r.RequestGuid));
            var result = new List<ExchangeRestoreRequestStatistics>();
            foreach (var r in _gateway.ListRequests(new RequestFilter(TargetMailbox: target.ExchangeIdentity)))
            {
                if (mine.Contains(r.RequestGuid) || IsCompleted(r.Status)) continue;
                try { result.Add(_gateway.GetStatistics(ExchangeGateway.IdentityOf(r), rereadFailedWithReport: false)); }
                catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound) { }
            }
            return result.Where(s => !IsCompleted(s.Status)).ToList();
        }

        private static void PlanAddress(FinishPlan plan, ExchangeMailbox? source, ExchangeMailbox target, List<ExchangeRestoreRequestStatistics> others)
        {
            var row = plan.Row;
            var dn = source?.LegacyExchangeDN;
            if (string.IsNullOrEmpty(dn))
            {
                row.Notes.Add(source is null
                    ? "The inactive source was not found (purged?), so its X500 address is not known: the target's addresses were left alone."
                    : "The source has no LegacyExchangeDN: there is no X500 address to remove.");
                return;
            }
            var address = "X500:" + dn;
            row.X500Address = address;
            if (!target.HasX500(dn!)) return; // removed before (or never added: -AllowLegacyDNMismatch)
            var sameSource = others.Where(o => o.SourceExchangeGuid == source!.ExchangeGuid).ToList();
            if (sameSource.Count > 0)
            {
                row.Notes.Add($"{address} stays on the target: another restore of the same source into it has not finished ({string.Join(", ", sameSource.Select(o => $"'{o.Name}' {o.Status}"))}).");
                return;
            }
            if (target.IsDirSynced)
            {
                row.Notes.Add($"The target is synchronized from on-premises (IsDirSynced): remove the address on-premises (Exchange Management Shell): " +
                    $"{ExchangeCommands.OnPremisesAddressLine(PairRules.OnPremisesIdentity(target), address, add: false)} ; it leaves Exchange Online with the next directory sync.");
                return;
            }
            var id = target.ExchangeIdentity;
            plan.Actions.Add(new FinishAction(FinishActionKind.RemoveAddress, row.Target ?? id,
                $"Remove the X500 address {address} that the restore needed",
                ExchangeCommands.RemoveEmailAddress(id, address),
                g => g.FindMailboxes(id, MailboxScope.Active).FirstOrDefault() is not { } m || !m.HasX500(dn!)));
        }

        /// <summary>
        /// Turns off only a hold the module turned on: Start-InactiveRestore -EnableRetentionHold sets the hold with
        /// StartDateForRetentionHold = when it planned the restore, just before its first request. A hold without a start
        /// date, or one that started more than a day before the restore's first request (the day absorbs clocks that differ), was the admin's: it stays on.
        /// </summary>
        private static void PlanRetentionHold(FinishPlan plan, ExchangeMailbox target, List<ExchangeRestoreRequestStatistics> others, FinishedRestore restore)
        {
            if (!target.RetentionHoldEnabled) return;
            var firstQueued = restore.Requests.Select(r => r.QueuedTimestamp).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(DateTime.MaxValue).Min();
            if (target.StartDateForRetentionHold is not { } since || (firstQueued != DateTime.MaxValue && since < firstQueued.AddDays(-1)))
            {
                plan.Row.Notes.Add(target.StartDateForRetentionHold is { } s
                    ? $"Retention hold stays on: it has been on since {s:yyyy-MM-dd HH:mm} UTC, before this restore; it was not turned on by Start-InactiveRestore. Turn it off yourself (Set-Mailbox -RetentionHoldEnabled $false) if it is no longer wanted."
                    : "Retention hold stays on: it has no start date, so it was not turned on by Start-InactiveRestore -EnableRetentionHold. Turn it off yourself (Set-Mailbox -RetentionHoldEnabled $false) if it is no longer wanted.");
                return;
            }
            if (others.Count > 0)
            {
                plan.Row.Notes.Add($"Retention hold stays on: {others.Count} other restore request(s) into the target have not finished ({string.Join(", ", others.Select(o => $"'{o.Name}' {o.Status}"))}).");
                return;
            }
            var id = target.ExchangeIdentity;
            plan.Actions.Add(new FinishAction(FinishActionKind.DisableRetentionHold, plan.Row.Target ?? id,
                "Turn the target's retention hold off (no unfinished restore into it remains)",
                ExchangeCommands.DisableRetentionHold(id),
                g => g.FindMailboxes(id, MailboxScope.Active).FirstOrDefault() is not { } m || !m.RetentionHoldEnabled));
        }

        /// <summary>Runs one confirmed action with its check and records it on the row.</summary>
        public void Run(FinishPlan plan, FinishAction action)
        {
            _gateway.Change(action.Command, () => action.AlreadyApplied(_gateway));
            var row = plan.Row;
            switch (action.Kind)
            {
                case FinishActionKind.RemoveAddress: row.AddressRemoved = true; break;
                case FinishActionKind.DisableRetentionHold: row.RetentionHoldDisabled = true; break;
                case FinishActionKind.RemoveRequest: row.RequestsRemoved++; break;
            }
            row.Actions.Add(action.Description + ".");
        }

        /// <summary>Sets the row's status once every action was run or declined (<paramref name="declined"/>).</summary>
        public static void Settle(FinishPlan plan, int declined)
        {
            var row = plan.Row;
            var onPremises = row.Notes.Any(n => n.Contains("Set-RemoteMailbox"));
            if (declined > 0) row.Notes.Add($"{declined} change(s) were not made (declined or -WhatIf).");
            row.Status = declined > 0 || onPremises ? CompletionStatus.ActionNeeded
                : row.Actions.Count > 0 ? CompletionStatus.Done
                : CompletionStatus.NothingLeftToDo;
            if (row.Status == CompletionStatus.NothingLeftToDo) row.Notes.Add("Nothing left to do for this restore.");
        }
    }
}

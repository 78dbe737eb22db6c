using System;
using System.Linq;
using System.Management.Automation;
using ExchangeSimulator.Engine;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Commands
{
    internal static class Knobs
    {
        public static Mailbox Mailbox(PSCmdlet cmdlet, SimulatorConnection c, string identity)
        {
            var hits = c.Tenant.FindMailboxes(identity, MailboxScope.All);
            if (hits.Count == 1) return hits[0];
            cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException(hits.Count == 0
                ? "No simulated mailbox matches '" + identity + "'."
                : "'" + identity + "' matches several simulated mailboxes; use the DistinguishedName or ExchangeGuid."),
                hits.Count == 0 ? "MailboxNotFound" : "MailboxAmbiguous", ErrorCategory.InvalidArgument, identity));
            throw new InvalidOperationException();
        }

        public static RestoreRequest Request(PSCmdlet cmdlet, SimulatorConnection c, string identity)
        {
            try
            {
                // Removed requests count too (knobs on what a removed request copied).
                if (Guid.TryParse(identity, out Guid g))
                {
                    var r = c.Tenant.Requests.FirstOrDefault(x => x.RequestGuid == g);
                    if (r != null) return r;
                }
                return c.Tenant.ResolveRequest(identity);
            }
            catch (SimulatedExchangeException e)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException(e.Text), "RequestNotFound", ErrorCategory.ObjectNotFound, identity));
                throw;
            }
        }
    }

    /// <summary>
    /// <para type="synopsis">The on-premises route of a directory-synced mailbox: adds (or with -Remove removes) addresses "on-premises"
    /// (like Set-RemoteMailbox -EmailAddresses @{Add=...}); Exchange Online shows the change after the directory-sync delay.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "ExchangeSimulatorOnPremisesAddress")]
    public sealed class AddExchangeSimulatorOnPremisesAddressCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)] [ValidateNotNullOrEmpty] public string Identity { get; set; } = "";
        [Parameter(Mandatory = true, Position = 1)] [ValidateNotNullOrEmpty] public string[] Address { get; set; } = new string[0];
        /// <summary>Removes the addresses on-premises instead (they disappear from the cloud mailbox after the delay).</summary>
        [Parameter] public SwitchParameter Remove { get; set; }
        /// <summary>Simulated time until the next directory sync delivers the change; default 30 minutes.</summary>
        [Parameter] public TimeSpan SyncDelay { get; set; } = DirectorySync.DefaultDelay;

        protected override void EndProcessing()
        {
            var c = Session.Require(this);
            if (SyncDelay < TimeSpan.Zero)
                ThrowTerminatingError(new ErrorRecord(new ArgumentOutOfRangeException(nameof(SyncDelay), "The sync delay can't be negative."), "NegativeDuration", ErrorCategory.InvalidArgument, SyncDelay));
            lock (c.SyncRoot)
            {
                c.Sync();
                var m = Knobs.Mailbox(this, c, Identity);
                if (!m.IsDirSynced)
                {
                    ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("The mailbox '" + m.Identity + "' isn't directory-synced: change its addresses with Set-Mailbox."),
                        "NotDirSynced", ErrorCategory.InvalidOperation, Identity));
                }
                foreach (var a in Address)
                {
                    string address = a.Trim();
                    if (address.StartsWith("x500:", StringComparison.OrdinalIgnoreCase)) address = "X500:" + address.Substring(5);
                    DirectorySync.Queue(m, address, Remove, c.Tenant.Now, SyncDelay);
                }
                c.Sync();
                Session.Persist(this, c);
            }
        }
    }

    /// <summary><para type="synopsis">Changes simulated mailbox state that Exchange cmdlets can't: directory sync, archive state, restored folders moved by the owner.</para></summary>
    [Cmdlet(VerbsCommon.Set, "ExchangeSimulatorMailbox")]
    public sealed class SetExchangeSimulatorMailboxCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)] [ValidateNotNullOrEmpty] public string Identity { get; set; } = "";

        /// <summary>Makes the mailbox directory-synced (hybrid) or cloud-only.</summary>
        [Parameter] public bool IsDirSynced { get; set; }

        /// <summary>
        /// Active: a provisioned archive, ArchiveStatus Active. StatusNone: provisioned (ArchiveGuid, ArchiveDatabase, ArchiveName set) but
        /// ArchiveStatus reads None. Disabled: the archive was disabled: ArchiveGuid kept, ArchiveDatabase/ArchiveName empty, ArchiveStatus
        /// None, Get-MailboxStatistics -Archive fails. None: no archive at all (ArchiveGuid all zeros).
        /// </summary>
        [Parameter]
        [ValidateSet("Active", "StatusNone", "Disabled", "None", IgnoreCase = true)]
        public string? ArchiveState { get; set; }

        /// <summary>A restored folder's path (e.g. '/Restored-Jane Doe') that the owner moved or renamed to -NewFolderPath.</summary>
        [Parameter] public string? MoveFolder { get; set; }
        [Parameter] public string? NewFolderPath { get; set; }
        /// <summary>-MoveFolder is in the archive.</summary>
        [Parameter] public SwitchParameter Archive { get; set; }

        protected override void EndProcessing()
        {
            var c = Session.Require(this);
            lock (c.SyncRoot)
            {
                c.Sync();
                var m = Knobs.Mailbox(this, c, Identity);
                if (MyInvocation.BoundParameters.ContainsKey(nameof(IsDirSynced))) m.IsDirSynced = IsDirSynced;
                if (ArchiveState != null) ArchiveStates.Apply(m, ArchiveState);
                if (MoveFolder != null || NewFolderPath != null)
                {
                    if (string.IsNullOrWhiteSpace(MoveFolder) || string.IsNullOrWhiteSpace(NewFolderPath))
                        ThrowTerminatingError(new ErrorRecord(new ArgumentException("-MoveFolder and -NewFolderPath go together."), "InvalidFolderMove", ErrorCategory.InvalidArgument, MoveFolder));
                    m.FolderRenames.Add(new FolderRename { Archive = Archive, From = MoveFolder!, To = NewFolderPath! });
                }
                Session.Persist(this, c);
            }
        }
    }

    /// <summary><para type="synopsis">Test knobs on a restore request: skipped items, Data Consistency Score, items missing in the target (a shortfall).</para></summary>
    [Cmdlet(VerbsCommon.Set, "ExchangeSimulatorRequest")]
    public sealed class SetExchangeSimulatorRequestCommand : PSCmdlet
    {
        /// <summary>RequestGuid (removed requests too) or &lt;target&gt;\&lt;Name&gt;.</summary>
        [Parameter(Mandatory = true, Position = 0)] [ValidateNotNullOrEmpty] public string Identity { get; set; } = "";
        /// <summary>Items copied that are not found under the target root folder (Get-MailboxFolderStatistics shows fewer).</summary>
        [Parameter] [ValidateRange(0L, long.MaxValue)] public long ItemsMissingInTarget { get; set; }
        [Parameter] [ValidateRange(0L, long.MaxValue)] public long BadItemsEncountered { get; set; }
        [Parameter] [ValidateRange(0L, long.MaxValue)] public long LargeItemsEncountered { get; set; }
        [Parameter] [ValidateRange(0L, long.MaxValue)] public long MissingItemsEncountered { get; set; }
        [Parameter]
        [ValidateSet("Perfect", "Good", "Investigate", "Poor", IgnoreCase = true)]
        public string? DataConsistencyScore { get; set; }

        protected override void EndProcessing()
        {
            var c = Session.Require(this);
            lock (c.SyncRoot)
            {
                c.Sync();
                var r = Knobs.Request(this, c, Identity);
                var bp = MyInvocation.BoundParameters;
                long arrivedBefore = r.ItemsArrived;
                if (bp.ContainsKey(nameof(ItemsMissingInTarget))) r.ItemsMissingInTarget = ItemsMissingInTarget;
                if (bp.ContainsKey(nameof(BadItemsEncountered))) r.BadItemsEncountered = BadItemsEncountered;
                if (bp.ContainsKey(nameof(LargeItemsEncountered))) r.LargeItemsEncountered = LargeItemsEncountered;
                if (bp.ContainsKey(nameof(MissingItemsEncountered))) r.MissingItemsEncountered = MissingItemsEncountered;
                if (DataConsistencyScore != null) r.DataConsistencyScore = char.ToUpperInvariant(DataConsistencyScore[0]) + DataConsistencyScore.Substring(1).ToLowerInvariant();
                // Skipped items never arrive: the target's item count follows.
                (r.TargetIsArchive ? r.Target.Archive : r.Target.Primary).ItemCount += r.ItemsArrived - arrivedBefore;
                Session.Persist(this, c);
            }
        }
    }
}

namespace ExchangeSimulator.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates many restore requests at once without Exchange calls (no ledger entries): request i restores inactive
    /// mailbox i (mod the number of inactive mailboxes, fixture order) into active mailbox i (mod the number of active ones), named Bulk&lt;i&gt;.
    /// For memory and scale tests of a watch (10,000 requests in about a second).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ExchangeSimulatorRequestBatch")]
    [OutputType(typeof(int))]
    public sealed class NewExchangeSimulatorRequestBatchCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)] [ValidateRange(1, 1000000)] public int Count { get; set; }
        [Parameter] public string? BatchName { get; set; }
        /// <summary>Create them suspended.</summary>
        [Parameter] public SwitchParameter Suspend { get; set; }

        protected override void EndProcessing()
        {
            var c = Session.Require(this);
            lock (c.SyncRoot)
            {
                c.Sync();
                var t = c.Tenant;
                var sources = t.Mailboxes.Where(m => m.IsInactiveMailbox && !m.AutoExpandingArchiveEnabled).ToList();
                var targets = t.Mailboxes.Where(m => Tenant.InScope(m, MailboxScope.Active)).ToList();
                if (sources.Count == 0 || targets.Count == 0)
                    ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("The tenant needs inactive and active mailboxes."), "NoMailboxes", ErrorCategory.InvalidOperation, null));
                int start = t.Requests.Count;
                for (int i = 0; i < Count; i++)
                {
                    int n = start + i + 1;
                    var r = t.PrepareRequest(sources[(n - 1) % sources.Count], targets[(n - 1) % targets.Count], new Tenant.NewRequestOptions
                    {
                        Name = "Bulk" + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        AllowLegacyDNMismatch = true,
                        BatchName = BatchName,
                        TargetRootFolder = "Bulk" + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    });
                    t.Commit(r, Suspend, null);
                }
                Session.Persist(this, c);
                WriteObject(Count);
            }
        }
    }
}

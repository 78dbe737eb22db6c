using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Core
{
    /// <summary>
    /// What the planner learns once per invocation and shares across its pairs: each target's restore-request listing,
    /// each target part's measure (sizes and folders), the space earlier pairs take in a target, and the requests earlier pairs create;
    /// the batch listing a re-run is answered from; the preparation steps the pairs into one target share (one
    /// Set-Mailbox per target); and how many unfinished requests each batch keeps (-MaxActive).
    /// </summary>
    internal sealed class PlanContext
    {
        private readonly Dictionary<string, IReadOnlyList<ExchangeRestoreRequest>> _listings = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<(string, bool), ExchangeMailboxMeasure?> _targetMeasures = new();
        private readonly Dictionary<(string target, string name), CreateRequestStep> _creations = new();
        private readonly Dictionary<string, IReadOnlyList<ExchangeRestoreRequest>?> _batchListings = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, ExchangeRestoreRequestStatistics?> _requestStatistics = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int> _unfinished = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<(string target, PlanStepKindKey kind), PlanStep> _shared = new();

        private enum PlanStepKindKey { RetentionHold, X500 }

        public PlanContext(IExchangeGateway gateway, SpaceReservations? reservations = null)
        {
            Gateway = gateway;
            Reservations = reservations ?? new SpaceReservations();
        }

        public IExchangeGateway Gateway { get; }
        public SpaceReservations Reservations { get; }

        /// <summary>The target's restore requests: one Get-MailboxRestoreRequest -TargetMailbox per target and invocation.</summary>
        public IReadOnlyList<ExchangeRestoreRequest> RequestsOn(ExchangeMailbox target)
        {
            var key = target.ExchangeIdentity;
            if (!_listings.TryGetValue(key, out var list))
                _listings[key] = list = Gateway.ListRequests(new RequestFilter(TargetMailbox: key));
            return list;
        }

        /// <summary>
        /// The target part measured once per invocation: one Get-MailboxFolderStatistics [-Archive] gives its sizes (the
        /// space check) and its folders (what earlier restores left, <see cref="EarlierRestores"/>); errors propagate and
        /// are not cached.
        /// </summary>
        public ExchangeMailboxMeasure? TargetMeasure(ExchangeMailbox target, bool archive)
        {
            var key = (target.ExchangeIdentity, archive);
            if (!_targetMeasures.TryGetValue(key, out var measure))
                _targetMeasures[key] = measure = Gateway.MeasureMailbox(target.ExchangeIdentity, archive);
            return measure;
        }

        /// <summary>The target part's measure if <see cref="TargetMeasure"/> read it in this invocation (no call); null otherwise.</summary>
        public ExchangeMailboxMeasure? MeasuredTarget(ExchangeMailbox target, bool archive) =>
            _targetMeasures.TryGetValue((target.ExchangeIdentity, archive), out var measure) ? measure : null;

        /// <summary>The step of an earlier pair of this invocation that creates <paramref name="name"/> on the target.</summary>
        public CreateRequestStep? PlannedCreation(ExchangeMailbox target, string name) =>
            _creations.TryGetValue((target.ExchangeIdentity.ToLowerInvariant(), name.ToLowerInvariant()), out var step) ? step : null;

        private readonly Dictionary<string, IReadOnlyList<ExchangeRecipient>?> _addressHolders = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, ExchangeMailbox> _plannedAddresses = new(StringComparer.OrdinalIgnoreCase);

        private readonly List<ProxyCheck> _proxyChecks = new();

        /// <summary>An X500 address a pair needs added: checked against the tenant's recipients after every pair is planned.</summary>
        public sealed record ProxyCheck(ValidationResult Findings, string Address, ExchangeMailbox Source, ExchangeMailbox Target);

        /// <summary>Records an address to check in <see cref="TakeProxyChecks"/> (one read for all the pairs of the invocation).</summary>
        public void CheckProxyLater(ValidationResult findings, string address, ExchangeMailbox source, ExchangeMailbox target) =>
            _proxyChecks.Add(new ProxyCheck(findings, address, source, target));

        /// <summary>The checks recorded so far, with the recipients holding their addresses: Get-Recipient once per 20
        /// addresses not read before in this invocation (null: the session has no Get-Recipient).</summary>
        public (IReadOnlyList<ProxyCheck> Checks, Func<string, IReadOnlyList<ExchangeRecipient>?> Holders) TakeProxyChecks()
        {
            var checks = _proxyChecks.ToList();
            _proxyChecks.Clear();
            var unread = checks.Select(c => c.Address).Where(a => !_addressHolders.ContainsKey(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (unread.Count > 0)
            {
                var found = Gateway.FindRecipientsWithAddresses(unread);
                foreach (var address in unread)
                    _addressHolders[address] = found?.Where(r => Holds(r, address)).ToList();
            }
            return (checks, address => _addressHolders.TryGetValue(address, out var h) ? h : null);
        }

        private static bool Holds(ExchangeRecipient r, string address) =>
            r.EmailAddresses.Any(e => string.Equals(e, address, StringComparison.OrdinalIgnoreCase))
            || (r.LegacyExchangeDN is { Length: > 0 } dn && string.Equals("X500:" + dn, address, StringComparison.OrdinalIgnoreCase));

        /// <summary>The target an earlier pair of this invocation adds <paramref name="proxyAddress"/> to (proxy addresses are unique).</summary>
        public ExchangeMailbox? PlannedAddressHolder(string proxyAddress) =>
            _plannedAddresses.TryGetValue(proxyAddress, out var target) ? target : null;

        public void RecordAddress(string proxyAddress, ExchangeMailbox target) => _plannedAddresses[proxyAddress] = target;

        public void RecordCreation(CreateRequestStep step) =>
            _creations[(step.Target.ExchangeIdentity.ToLowerInvariant(), step.Request!.Name.ToLowerInvariant())] = step;

        /// <summary>Answer re-runs of this batch from one Get-MailboxRestoreRequest -BatchName listing (read at first use).</summary>
        public void UseBatchListing(string batchName)
        {
            var key = batchName.Trim();
            if (key.Length > 0 && !_batchListings.ContainsKey(key)) _batchListings[key] = null;
        }

        /// <summary>The batch's requests (one listing per batch and invocation), or null when the batch listing is not used.</summary>
        public IReadOnlyList<ExchangeRestoreRequest>? BatchRequests(string? batchName)
        {
            var key = batchName?.Trim();
            if (string.IsNullOrEmpty(key) || !_batchListings.TryGetValue(key!, out var list)) return null;
            if (list is null)
            {
                _batchListings[key!] = list = Gateway.ListRequests(new RequestFilter(BatchName: key));
                _unfinished[key!] = list.Count(r => !StatusMapper.IsExchangeFinal(r.Status));
            }
            return list;
        }

        /// <summary>The request of the batch listing named <paramref name="name"/> on <paramref name="target"/>, if the batch listing is used.</summary>
        public ExchangeRestoreRequest? FindInBatch(string? batchName, string name, ExchangeMailbox target) =>
            BatchRequests(batchName)?.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase) && IsOnTarget(r, target));

        /// <summary>True when a listed request's target (its TargetMailbox, or the alias of its identity) is <paramref name="target"/>.</summary>
        public static bool IsOnTarget(ExchangeRestoreRequest r, ExchangeMailbox target)
        {
            if (r.TargetMailbox is { Length: > 0 } t)
            {
                foreach (var v in new[] { target.Identity, target.Name, target.Alias, target.DistinguishedName, target.PrimarySmtpAddress, target.UserPrincipalName, target.ExchangeIdentity })
                    if (!string.IsNullOrEmpty(v) && string.Equals(v, t, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return r.Identity is { } id && !string.IsNullOrEmpty(target.Alias)
                && id.StartsWith(target.Alias + "\\", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The batch's unfinished requests: the listing's, plus those this run creates (<see cref="CountCreated"/>).</summary>
        public int Unfinished(string batchName)
        {
            BatchRequests(batchName);
            return _unfinished.TryGetValue(batchName.Trim(), out var n) ? n : 0;
        }

        public void CountCreated(string? batchName, int requests)
        {
            var key = batchName?.Trim();
            if (string.IsNullOrEmpty(key) || requests <= 0) return;
            _unfinished[key!] = (_unfinished.TryGetValue(key!, out var n) ? n : 0) + requests;
        }

        /// <summary>A request's statistics, read once per invocation; null when they cannot be read (gone, refused).</summary>
        public ExchangeRestoreRequestStatistics? RequestStatistics(ExchangeRestoreRequest request)
        {
            var identity = request.RequestGuid != Guid.Empty ? request.RequestGuid.ToString() : request.Identity;
            if (string.IsNullOrEmpty(identity)) return null;
            if (_requestStatistics.TryGetValue(identity!, out var known)) return known;
            try
            {
                known = Gateway.GetStatistics(identity!, rereadFailedWithReport: false);
            }
            catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.NotFound or ExchangeErrorKind.Permanent)
            {
                known = null;
            }
            return _requestStatistics[identity!] = known;
        }

        /// <summary>
        /// Bytes that restores already running into the target part will still add (EstimatedTransferSize less
        /// BytesTransferred of its unfinished requests). No call when the target has no unfinished request.
        /// </summary>
        public long RunningBytes(ExchangeMailbox target, bool archive)
        {
            long total = 0;
            foreach (var r in RequestsOn(target).Where(r => !StatusMapper.IsExchangeFinal(r.Status)))
            {
                if (RequestStatistics(r) is not { } s) continue;
                if ((s.TargetIsArchive || s.SourceIsArchive) != archive) continue;
                total += Math.Max(0, (s.EstimatedTransferSize ?? 0) - (s.BytesTransferred ?? 0));
            }
            return total;
        }

        /// <summary>
        /// The one retention-hold step of a target in this invocation: the first pair's step is kept, later pairs share it
        /// (one Set-Mailbox per target; the executor runs a shared step once).
        /// </summary>
        public PlanStep Share(EnableRetentionHoldStep step)
        {
            var key = (step.Target.ExchangeIdentity.ToLowerInvariant(), PlanStepKindKey.RetentionHold);
            if (_shared.TryGetValue(key, out var shared)) return shared;
            _shared[key] = step;
            return step;
        }

        /// <summary>
        /// The one X500 step of a target in this invocation: the first pair's step takes the addresses later pairs into
        /// the same target need (ONE Set-Mailbox -EmailAddresses @{Add=...} per target).
        /// </summary>
        public PlanStep Share(AddX500AddressStep step, PairPlan pair)
        {
            var key = (step.Target.ExchangeIdentity.ToLowerInvariant(), PlanStepKindKey.X500);
            if (!_shared.TryGetValue(key, out var shared))
            {
                _shared[key] = shared = step;
                step.Contributions.Clear();
            }
            var merged = (AddX500AddressStep)shared;
            merged.Contribute(pair, step.LegacyDn);
            return merged;
        }
    }
}

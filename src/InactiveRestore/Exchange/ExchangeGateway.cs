using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace InactiveRestore.Exchange
{
    /// <summary>Which mailboxes a Get-Mailbox look-up covers.</summary>
    internal enum MailboxScope
    {
        /// <summary>Active mailboxes only (Get-Mailbox).</summary>
        Active,
        /// <summary>Inactive mailboxes only (-InactiveMailboxOnly).</summary>
        Inactive,
        /// <summary>Active and inactive (-IncludeInactiveMailbox).</summary>
        ActiveAndInactive,
        /// <summary>Soft-deleted mailboxes (-SoftDeletedMailbox).</summary>
        SoftDeleted,
    }

    /// <summary>The filters of a Get-MailboxRestoreRequest listing (never an empty identity: a listing is always filtered deliberately).</summary>
    internal sealed record RequestFilter(string? BatchName = null, string? TargetMailbox = null, string? Name = null);

    /// <summary>
    /// The typed Exchange gateway: the only code that names Exchange cmdlets and turns their property bags into the
    /// module's types. Reads return typed records; changes run with their "already applied?" check (the seam's retry
    /// policy runs it before any resend, and an error whose outcome is unknown is settled by it here), so a change is
    /// never made twice.
    /// </summary>
    internal interface IExchangeGateway
    {
        /// <summary>The cmdlet prefix of the connection ("" when none).</summary>
        string Prefix { get; }

        /// <summary>Get-Mailbox in <paramref name="scope"/> by identity; not found = empty. Ambiguous propagates (ExchangeException).</summary>
        IReadOnlyList<ExchangeMailbox> FindMailboxes(string identity, MailboxScope scope);

        /// <summary>Get-MailboxStatistics of a mailbox or its archive; null when Exchange returns nothing. Errors propagate.</summary>
        ExchangeMailboxStatistics? GetMailboxStatistics(string identity, bool archive, bool softDeleted);

        /// <summary>Get-MailboxRestoreRequest with filters and -ResultSize Unlimited.</summary>
        IReadOnlyList<ExchangeRestoreRequest> ListRequests(RequestFilter filter);

        /// <summary>Get-MailboxRestoreRequest -Identity; null when it does not exist (or, with <paramref name="throwIfMissing"/>, Exchange's NotFound error).</summary>
        ExchangeRestoreRequest? GetRequest(string identity, bool throwIfMissing = false);

        /// <summary>
        /// Get-MailboxRestoreRequestStatistics of one request (its RequestGuid when known, <see cref="ExchangeGateway.IdentityOf"/>).
        /// The one report rule: a Failed request is read again with -IncludeReport (its last "Copy progress" tells whether
        /// every item appears copied: a note on the result, which stays Failed). NotFound propagates.
        /// </summary>
        /// <param name="rereadFailedWithReport">False for a single read that only needs the request's fields (its source, failure type, approval time), not its status.</param>
        ExchangeRestoreRequestStatistics GetStatistics(string identity, bool includeReport = false, bool rereadFailedWithReport = true);

        /// <summary>Get-MailboxRestoreRequestStatistics -IncludeSkippedItems: the items Exchange skipped (one call). NotFound propagates.</summary>
        IReadOnlyList<ExchangeSkippedItem> GetSkippedItems(string identity);

        /// <summary>Get-MailboxFolderStatistics of a mailbox's primary or archive (-Archive), every folder: one call. Errors propagate.</summary>
        IReadOnlyList<ExchangeFolderStatistics> GetFolderStatistics(string mailbox, bool archive);

        /// <summary>
        /// An active mailbox part measured in one call: Get-MailboxFolderStatistics [-Archive] (its sizes summed from the
        /// folders, <see cref="ExchangeMailboxMeasure.FromFolders"/>, and the folders themselves), or Get-MailboxStatistics
        /// when the session has no Get-MailboxFolderStatistics (Folders null). Null when Exchange returns nothing. Errors propagate.
        /// </summary>
        ExchangeMailboxMeasure? MeasureMailbox(string identity, bool archive);

        /// <summary>
        /// Listings for tab completion: every restore request, or the first <paramref name="limit"/> inactive (or active)
        /// mailboxes,
        /// with -ErrorAction Ignore (an error Exchange writes must not land in the user's $Error because of a tab).
        /// </summary>
        IReadOnlyList<ExchangeRestoreRequest> ListRequestsQuietly();

        /// <inheritdoc cref="ListRequestsQuietly"/>
        IReadOnlyList<ExchangeMailbox> ListInactiveMailboxesQuietly(int limit);

        /// <inheritdoc cref="ListRequestsQuietly"/>
        IReadOnlyList<ExchangeMailbox> ListActiveMailboxesQuietly(int limit);

        /// <summary>Get-Mailbox -InactiveMailboxOnly [-Identity] -ResultSize (null = Unlimited); <paramref name="target"/> names the error's target.</summary>
        IReadOnlyList<ExchangeMailbox> ListInactiveMailboxes(string? identity, int? resultSize, object? target);

        /// <summary>
        /// The active recipients holding any of <paramref name="proxyAddresses"/>: one Get-Recipient per
        /// <see cref="ExchangeCommands.AddressesPerRecipientRead"/> addresses (their filters joined with -or). Null when the
        /// session has no Get-Recipient.
        /// </summary>
        IReadOnlyList<ExchangeRecipient>? FindRecipientsWithAddresses(IReadOnlyList<string> proxyAddresses);

        /// <summary>Runs a change with its "already applied?" check; returns the change's output and whether the check found it applied after an unknown outcome.</summary>
        ChangeOutcome Change(ExchangeCommand command, Func<bool> alreadyApplied);

        /// <summary>New-MailboxRestoreRequest; the check is "a request of that name is on the target". Returns the request (null if Exchange returned none).</summary>
        (ExchangeRestoreRequest? Request, bool Recovered) NewRequest(ExchangeCommand command, string targetIdentity, string name);
    }

    /// <summary>What a change call ended with.</summary>
    internal readonly struct ChangeOutcome
    {
        public ChangeOutcome(bool recovered) { Recovered = recovered; }

        /// <summary>The call's outcome was unknown and the "already applied?" check found the change made.</summary>
        public bool Recovered { get; }
    }

    /// <summary>The production gateway over an <see cref="IExchangeClient"/> (the caller's runspace).</summary>
    internal sealed class ExchangeGateway : IExchangeGateway
    {
        private readonly IExchangeClient _client;

        public ExchangeGateway(IExchangeClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        public string Prefix => _client.Prefix;

        /// <summary>The client underneath (for the completers' listings).</summary>
        public IExchangeClient Client => _client;

        /// <summary>True when the session is gone (expired or not connected): nothing more can be sent.</summary>
        public static bool IsSessionLoss(ExchangeException e) => e.Kind is ExchangeErrorKind.SessionExpired or ExchangeErrorKind.NotConnected;

        /// <summary>The Exchange identity of a found request: its RequestGuid when known, else its identity or name.</summary>
        public static string IdentityOf(ExchangeRestoreRequest request) =>
            request.RequestGuid != Guid.Empty ? request.RequestGuid.ToString() : request.Identity ?? request.Name;

        public IReadOnlyList<ExchangeMailbox> FindMailboxes(string identity, MailboxScope scope)
        {
            try
            {
                return _client.Invoke(ExchangeCommands.GetMailbox(identity, scope)).Select(ExchangeMailbox.From).ToList();
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound)
            {
                return Array.Empty<ExchangeMailbox>();
            }
        }

        public ExchangeMailboxStatistics? GetMailboxStatistics(string identity, bool archive, bool softDeleted) =>
            _client.Invoke(ExchangeCommands.GetMailboxStatistics(identity, archive, softDeleted)).Select(ExchangeMailboxStatistics.From).FirstOrDefault();

        public IReadOnlyList<ExchangeRestoreRequest> ListRequests(RequestFilter filter) =>
            _client.Invoke(ExchangeCommands.ListRequests(filter)).Select(ExchangeRestoreRequest.From)
                .Where(r => filter.Name is null || string.Equals(r.Name, filter.Name, StringComparison.OrdinalIgnoreCase))
                .ToList();

        public ExchangeRestoreRequest? GetRequest(string identity, bool throwIfMissing = false)
        {
            if (throwIfMissing)
                return _client.Invoke(new ExchangeCommand("Get-MailboxRestoreRequest").Param("Identity", identity)).Select(ExchangeRestoreRequest.From).FirstOrDefault();
            try
            {
                return _client.Invoke(new ExchangeCommand("Get-MailboxRestoreRequest").Param("Identity", identity)).Select(ExchangeRestoreRequest.From).FirstOrDefault();
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound)
            {
                return null;
            }
        }

        public ExchangeRestoreRequestStatistics GetStatistics(string identity, bool includeReport = false, bool rereadFailedWithReport = true)
        {
            var stats = ReadStatistics(identity, includeReport);
            return !includeReport && rereadFailedWithReport && string.Equals(stats.Status, "Failed", StringComparison.OrdinalIgnoreCase)
                ? ReadStatistics(identity, includeReport: true)
                : stats;
        }

        private ExchangeRestoreRequestStatistics ReadStatistics(string identity, bool includeReport)
        {
            var cmd = ExchangeCommands.GetStatistics(identity, includeReport);
            return _client.Invoke(cmd).Select(ExchangeRestoreRequestStatistics.From).FirstOrDefault()
                ?? throw new ExchangeException(ExchangeErrorKind.NotFound, $"The restore request '{identity}' was not found.", cmd.Name, identity);
        }

        public IReadOnlyList<ExchangeSkippedItem> GetSkippedItems(string identity)
        {
            var cmd = ExchangeCommands.GetSkippedItems(identity);
            var stats = _client.Invoke(cmd).FirstOrDefault()
                ?? throw new ExchangeException(ExchangeErrorKind.NotFound, $"The restore request '{identity}' was not found.", cmd.Name, identity);
            return ExchangeSkippedItem.ListFrom(stats);
        }

        public IReadOnlyList<ExchangeFolderStatistics> GetFolderStatistics(string mailbox, bool archive) =>
            _client.Invoke(ExchangeCommands.GetFolderStatistics(mailbox, archive, _client.HasParameter("Get-MailboxFolderStatistics", "ResultSize") != false))
                .Select(ExchangeFolderStatistics.From).ToList();

        public ExchangeMailboxMeasure? MeasureMailbox(string identity, bool archive)
        {
            if (_client.HasCommand("Get-MailboxFolderStatistics") == false)
                return GetMailboxStatistics(identity, archive, softDeleted: false) is { } statistics ? new ExchangeMailboxMeasure(statistics, null) : null;
            var folders = GetFolderStatistics(identity, archive);
            return folders.Count == 0 ? null : ExchangeMailboxMeasure.FromFolders(folders);
        }

        public IReadOnlyList<ExchangeRestoreRequest> ListRequestsQuietly() =>
            _client.Invoke(ExchangeCommands.ListRequests(new RequestFilter()).Param("ErrorAction", ActionPreference.Ignore)).Select(ExchangeRestoreRequest.From).ToList();

        public IReadOnlyList<ExchangeMailbox> ListActiveMailboxesQuietly(int limit) =>
            _client.Invoke(new ExchangeCommand("Get-Mailbox").Param("ResultSize", limit).Param("ErrorAction", ActionPreference.Ignore))
                .Select(ExchangeMailbox.From).ToList();

        public IReadOnlyList<ExchangeMailbox> ListInactiveMailboxesQuietly(int limit) =>
            _client.Invoke(new ExchangeCommand("Get-Mailbox").Switch("InactiveMailboxOnly").Param("ResultSize", limit).Param("ErrorAction", ActionPreference.Ignore))
                .Select(ExchangeMailbox.From).ToList();

        public IReadOnlyList<ExchangeMailbox> ListInactiveMailboxes(string? identity, int? resultSize, object? target)
        {
            var command = new ExchangeCommand("Get-Mailbox").Switch("InactiveMailboxOnly");
            if (identity is not null) command.Param("Identity", identity);
            command.Param("ResultSize", resultSize is null ? "Unlimited" : (object)resultSize.Value);
            return _client.Invoke(command, new ExchangeCallOptions { Target = target }).Select(ExchangeMailbox.From).ToList();
        }

        public IReadOnlyList<ExchangeRecipient>? FindRecipientsWithAddresses(IReadOnlyList<string> proxyAddresses)
        {
            if (proxyAddresses.Count == 0) return Array.Empty<ExchangeRecipient>();
            if (_client.HasCommand("Get-Recipient") == false) return null;
            var found = new List<ExchangeRecipient>();
            for (var i = 0; i < proxyAddresses.Count; i += ExchangeCommands.AddressesPerRecipientRead)
            {
                var chunk = proxyAddresses.Skip(i).Take(ExchangeCommands.AddressesPerRecipientRead).ToList();
                found.AddRange(_client.Invoke(ExchangeCommands.GetRecipientsWithAddresses(chunk)).Select(ExchangeRecipient.From).Where(r => !r.IsInactiveMailbox));
            }
            return found;
        }

        public ChangeOutcome Change(ExchangeCommand command, Func<bool> alreadyApplied)
        {
            InvokeChange(command, () => alreadyApplied() ? Array.Empty<PSObject>() : null, out var recovered);
            return new ChangeOutcome(recovered);
        }

        public (ExchangeRestoreRequest? Request, bool Recovered) NewRequest(ExchangeCommand command, string targetIdentity, string name)
        {
            IReadOnlyList<PSObject>? FindByName()
            {
                var found = _client.Invoke(ExchangeCommands.ListRequests(new RequestFilter(TargetMailbox: targetIdentity, Name: name)))
                    .Where(o => string.Equals(ExchangeRestoreRequest.From(o).Name, name, StringComparison.OrdinalIgnoreCase))
                    .ToList();
                return found.Count > 0 ? found : null;
            }
            var output = InvokeChange(command, FindByName, out var recovered);
            var created = output.Select(ExchangeRestoreRequest.From).FirstOrDefault()
                ?? FindByName()?.Select(ExchangeRestoreRequest.From).FirstOrDefault();
            return (created, recovered);
        }

        /// <summary>
        /// Runs a change call with its "already applied?" check (<paramref name="findApplied"/>: the objects proving the
        /// change happened, or null). The seam's retry policy runs the check before any retry. When an error whose outcome
        /// is unknown still reaches here (or any transient error from a client without a retry policy), the check decides:
        /// applied = success (<paramref name="recovered"/>), otherwise the error propagates.
        /// </summary>
        private IReadOnlyList<PSObject> InvokeChange(ExchangeCommand command, Func<IReadOnlyList<PSObject>?> findApplied, out bool recovered)
        {
            var foundByCheck = false;
            IReadOnlyList<PSObject>? Check()
            {
                var found = findApplied();
                if (found is not null) foundByCheck = true;
                return found;
            }
            try
            {
                var output = _client.Invoke(command, new ExchangeCallOptions { FindApplied = Check });
                recovered = foundByCheck;
                return output;
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Transient && (e.OutcomeUnknown || _client is not IExchangeSession))
            {
                IReadOnlyList<PSObject>? found;
                try { found = Check(); }
                catch (ExchangeException c) when (!IsSessionLoss(c)) { throw e; }
                if (found is null) throw;
                recovered = true;
                return found;
            }
        }
    }
}

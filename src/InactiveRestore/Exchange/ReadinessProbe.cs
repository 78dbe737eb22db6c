using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InactiveRestore.Core.Readiness;
using InactiveRestore.Model;

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// Test-InactiveRestoreEnvironment's reads: the connection, the cmdlets and parameters the session offers, the
    /// ExchangeOnlineManagement module, and one object of each kind the module reads (an inactive mailbox, its
    /// statistics, a restore request and its statistics) checked against <see cref="ShapeRules"/>. Read-only: every
    /// Exchange call is a Get- through the seam (so each one is written to Verbose); the module lookup is Get-Module.
    /// It never throws for Exchange errors: they become rows. Not connected → one Fail row.
    /// </summary>
    internal sealed class ReadinessProbe
    {
        private readonly RunspaceExchangeClient _client;
        private readonly Func<PowerShell> _local;
        private readonly string? _edition;
        private readonly string? _version;
        private readonly List<ReadinessCheck> _rows = new();

        /// <param name="client">The Exchange seam of the caller's runspace.</param>
        /// <param name="local">A PowerShell bound to the caller's runspace (for Get-Module).</param>
        /// <param name="psEdition">$PSVersionTable.PSEdition.</param>
        /// <param name="psVersion">$PSVersionTable.PSVersion.</param>
        public ReadinessProbe(RunspaceExchangeClient client, Func<PowerShell> local, string? psEdition, string? psVersion)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _local = local ?? throw new ArgumentNullException(nameof(local));
            _edition = psEdition;
            _version = psVersion;
        }

        /// <summary>Runs every check; the rows come back in the order they were made (and through <paramref name="onRow"/> as they are made).</summary>
        public IReadOnlyList<ReadinessCheck> Run(Action<ReadinessCheck>? onRow = null)
        {
            void Add(ReadinessCheck row)
            {
                _rows.Add(row);
                onRow?.Invoke(row);
            }

            string prefix;
            try
            {
                prefix = _client.Prefix;
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotConnected)
            {
                Add(ReadinessRows.NotConnected(e.Message));
                return _rows;
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.SessionExpired)
            {
                var org = _client.Connection is { } c ? ExchangeValue.String(c, "Organization") : null;
                Add(ReadinessRows.SessionExpired($"Connected to {org ?? "Exchange Online"}, but the session has expired: {e.Message}"));
                return _rows;
            }

            var connection = _client.Connection;
            Add(ReadinessRows.Connection(connection is null ? null : ExchangeValue.String(connection, "Organization"),
                connection is null ? null : ExchangeValue.String(connection, "TokenStatus"), CountConnections()));
            Add(ReadinessRows.Prefix(prefix));
            Add(ReadinessRows.PowerShell(_edition, _version));
            Add(ReadinessRows.ExchangeModule(LoadedModuleVersion(), connection is null ? null : ExchangeValue.String(connection, "ModuleName")));

            try
            {
                foreach (var row in CommandRows()) Add(row);
                foreach (var row in ShapeRows()) Add(row);
            }
            catch (ExchangeException e) when (e.Kind is ExchangeErrorKind.NotConnected or ExchangeErrorKind.SessionExpired)
            {
                // The session ended half way: say so, and stop (every further read would fail the same way).
                Add(e.Kind == ExchangeErrorKind.NotConnected ? ReadinessRows.NotConnected(e.Message) : ReadinessRows.SessionExpired(e.Message));
            }
            return _rows;
        }

        private int CountConnections()
        {
            try
            {
                using var ps = _local();
                ps.AddCommand("Get-ConnectionInformation").AddParameter("ErrorAction", ActionPreference.Ignore);
                return ps.Invoke().Count(o => o is not null && string.Equals(ExchangeValue.String(o, "State"), "Connected", StringComparison.OrdinalIgnoreCase));
            }
            catch (RuntimeException)
            {
                return 1;
            }
        }

        private string? LoadedModuleVersion()
        {
            try
            {
                using var ps = _local();
                ps.AddCommand("Get-Module").AddParameter("Name", "ExchangeOnlineManagement").AddParameter("ErrorAction", ActionPreference.Ignore);
                return ps.Invoke().Select(o => o?.BaseObject).OfType<PSModuleInfo>()
                    .OrderByDescending(m => m.Version).Select(m => m.Version?.ToString()).FirstOrDefault();
            }
            catch (RuntimeException)
            {
                return null;
            }
        }

        private IEnumerable<ReadinessCheck> CommandRows()
        {
            var admin = _client.Connection is { } c ? ExchangeValue.String(c, "UserPrincipalName") : null;
            bool? canAskRoles = null;
            foreach (var command in RequiredCommands.All)
            {
                var name = _client.PrefixedName(command.Name);
                if (_client.HasCommand(command.Name))
                {
                    yield return ReadinessRows.CommandPresent(command, name);
                    continue;
                }
                canAskRoles ??= _client.HasCommand("Get-ManagementRole");
                IReadOnlyList<string>? roles = null;
                string? note;
                if (canAskRoles == true)
                {
                    (roles, note) = RolesFor(command.Name);
                }
                else
                {
                    note = $"{_client.PrefixedName("Get-ManagementRole")} is not available in this session to ask";
                }
                yield return ReadinessRows.CommandMissing(command, name, roles, note, admin);
            }

            const string approve = "Set-MailboxRestoreRequest";
            var present = _client.HasCommand(approve);
            yield return ReadinessRows.SkippedItemApproval(present, present && _client.HasParameter(approve, "SkippedItemApprovalTime"), _client.PrefixedName(approve));
        }

        private (IReadOnlyList<string>? Roles, string? Note) RolesFor(string cmdlet)
        {
            try
            {
                var roles = _client.Invoke(new ExchangeCommand("Get-ManagementRole").Param("Cmdlet", cmdlet))
                    .Select(r => ExchangeValue.String(r, "Name") ?? Convert.ToString(r.BaseObject, System.Globalization.CultureInfo.InvariantCulture))
                    .Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                return roles.Count > 0 ? (roles, null) : (null, $"Get-ManagementRole -Cmdlet {cmdlet} named none");
            }
            catch (ExchangeException e) when (e.Kind is not (ExchangeErrorKind.NotConnected or ExchangeErrorKind.SessionExpired))
            {
                return (null, $"Get-ManagementRole -Cmdlet {cmdlet} failed: {e.Message}");
            }
        }

        private IEnumerable<ReadinessCheck> ShapeRows()
        {
            const string mailbox = "inactive mailbox";
            const string mailboxStats = "inactive mailbox statistics";
            const string request = "restore request";
            const string requestStats = "restore request statistics";

            // One inactive mailbox and its statistics.
            var getMailbox = new ExchangeCommand("Get-Mailbox").Switch("InactiveMailboxOnly").Param("ResultSize", 1)
                .Param("WarningAction", ActionPreference.SilentlyContinue);
            var found = Read(mailbox, "Get-Mailbox", getMailbox, out var failure);
            if (failure is not null)
            {
                yield return failure;
                yield return ReadinessRows.ShapeNotChecked(mailboxStats, ReadinessStatus.Warn, "Not checked: no inactive mailbox was read.");
            }
            else if (found is null)
            {
                yield return ReadinessRows.ShapeNotChecked(mailbox, ReadinessStatus.Warn,
                    "Get-Mailbox -InactiveMailboxOnly -ResultSize 1 returned nothing: this tenant has no inactive mailbox (or the admin cannot see them), so their shape was not checked.",
                    "Nothing to restore yet; run the check again once an inactive mailbox exists.");
            }
            else
            {
                var bag = ToBag(found);
                yield return ReadinessRows.Shape(mailbox, "Get-Mailbox -InactiveMailboxOnly -ResultSize 1", ShapeRules.Check(bag, ShapeRules.InactiveMailbox), ShapeRules.InactiveMailbox.Count);

                var identity = ExchangeValue.Guid(found, "ExchangeGuid") is { } g && g != Guid.Empty ? g.ToString() : ExchangeValue.String(found, "DistinguishedName");
                if (identity is null)
                {
                    yield return ReadinessRows.ShapeNotChecked(mailboxStats, ReadinessStatus.Warn, "Not checked: the inactive mailbox has neither an ExchangeGuid nor a DistinguishedName to read it by.", ReadinessRows.ShareRemedy);
                }
                else
                {
                    var statsCommand = new ExchangeCommand("Get-MailboxStatistics").Param("Identity", identity).Switch("IncludeSoftDeletedRecipients");
                    var stats = Read(mailboxStats, "Get-MailboxStatistics", statsCommand, out failure);
                    if (failure is not null) yield return failure;
                    else if (stats is null)
                        yield return ReadinessRows.ShapeNotChecked(mailboxStats, ReadinessStatus.Warn, "Get-MailboxStatistics -IncludeSoftDeletedRecipients returned nothing for the inactive mailbox.", ReadinessRows.ShareRemedy);
                    else
                        yield return ReadinessRows.Shape(mailboxStats, "Get-MailboxStatistics -IncludeSoftDeletedRecipients",
                            ShapeRules.Check(ToBag(stats), ShapeRules.MailboxStatistics), ShapeRules.MailboxStatistics.Count);
                }
            }

            // One restore request and its statistics, when any exist.
            var getRequest = new ExchangeCommand("Get-MailboxRestoreRequest").Param("ResultSize", 1)
                .Param("WarningAction", ActionPreference.SilentlyContinue);
            var req = Read(request, "Get-MailboxRestoreRequest", getRequest, out failure);
            if (failure is not null)
            {
                yield return failure;
                yield break;
            }
            if (req is null)
            {
                yield return ReadinessRows.ShapeNotChecked(request, ReadinessStatus.Pass,
                    "No restore request exists in this tenant yet: not checked (run the check again after the first restore to include them).");
                yield break;
            }
            yield return ReadinessRows.Shape(request, "Get-MailboxRestoreRequest -ResultSize 1", ShapeRules.Check(ToBag(req), ShapeRules.RestoreRequest), ShapeRules.RestoreRequest.Count);
            var requestId = ExchangeValue.Guid(req, "RequestGuid") is { } rg && rg != Guid.Empty ? rg.ToString() : ExchangeValue.String(req, "Identity");
            if (requestId is null)
            {
                yield return ReadinessRows.ShapeNotChecked(requestStats, ReadinessStatus.Warn, "Not checked: the request has neither a RequestGuid nor an Identity to read it by.", ReadinessRows.ShareRemedy);
                yield break;
            }
            var reqStats = Read(requestStats, "Get-MailboxRestoreRequestStatistics",
                new ExchangeCommand("Get-MailboxRestoreRequestStatistics").Param("Identity", requestId), out failure);
            if (failure is not null) yield return failure;
            else if (reqStats is null)
                yield return ReadinessRows.ShapeNotChecked(requestStats, ReadinessStatus.Warn, "Get-MailboxRestoreRequestStatistics returned nothing for the request.", ReadinessRows.ShareRemedy);
            else
                yield return ReadinessRows.Shape(requestStats, "Get-MailboxRestoreRequestStatistics",
                    ShapeRules.Check(ToBag(reqStats), ShapeRules.RestoreRequestStatistics), ShapeRules.RestoreRequestStatistics.Count);
        }

        // One read for a shape row: the first object (or null), or a row saying why it could not be read. Session errors propagate.
        private PSObject? Read(string what, string cmdlet, ExchangeCommand command, out ReadinessCheck? failure)
        {
            failure = null;
            if (!_client.HasCommand(cmdlet))
            {
                failure = ReadinessRows.ShapeNotChecked(what, ReadinessStatus.Warn, $"Not checked: {_client.PrefixedName(cmdlet)} is not available in this session (see its row).");
                return null;
            }
            try
            {
                return _client.Invoke(command).FirstOrDefault(o => o is not null);
            }
            catch (ExchangeException e) when (e.Kind is not (ExchangeErrorKind.NotConnected or ExchangeErrorKind.SessionExpired))
            {
                failure = ReadinessRows.ShapeNotChecked(what, ReadinessStatus.Warn,
                    $"Not checked: {cmdlet} failed ({e.Kind}): {e.Message}", e.Advice ?? ReadinessRows.ShareRemedy);
                return null;
            }
        }

        /// <summary>An Exchange object as a plain property bag: values unwrapped from PSObject, lists as lists of unwrapped values.</summary>
        internal static IReadOnlyDictionary<string, object?> ToBag(PSObject obj)
        {
            var bag = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in obj.Properties)
            {
                object? value;
                try
                {
                    value = p.Value;
                }
                catch (GetValueException)
                {
                    value = null;
                }
                bag[p.Name] = Unwrap(value);
            }
            return bag;
        }

        private static object? Unwrap(object? value)
        {
            var v = value is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : value;
            if (v is string || v is not IEnumerable e || v is IDictionary) return v;
            return e.Cast<object?>().Select(x => x is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : x).ToList();
        }
    }
}

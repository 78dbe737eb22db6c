using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using InactiveRestore.Model;

namespace InactiveRestore.Core.Readiness
{
    /// <summary>
    /// The rows of Test-InactiveRestoreEnvironment, worded from plain facts (what Exchange and the session answered).
    /// No mailbox names or addresses go into a row: the table is meant to be sent to the module's maintainers.
    /// </summary>
    internal static class ReadinessRows
    {
        public const string ConnectionCheck = "Connection";
        public const string PrefixCheck = "Cmdlet prefix";
        public const string PowerShellCheck = "PowerShell";
        public const string ModuleCheck = "ExchangeOnlineManagement";
        public const string SkippedItemApprovalCheck = "Parameter -SkippedItemApprovalTime";

        public const string ConnectRemedy =
            "Run Connect-ExchangeOnline in this session (interactive: Connect-ExchangeOnline -UserPrincipalName <admin>; " +
            "Azure Automation: Connect-ExchangeOnline -ManagedIdentity -Organization <tenant>.onmicrosoft.com), then run Test-InactiveRestoreEnvironment again.";

        public const string ShareRemedy =
            "The module may misread this object: please send this table to the InactiveRestore maintainers " +
            "(Test-InactiveRestoreEnvironment | Export-Csv readiness.csv; it holds no mailbox names or addresses).";

        /// <summary>The minimum ExchangeOnlineManagement version the module is built for (REST cmdlets, Get-ConnectionInformation).</summary>
        public static readonly Version MinimumModuleVersion = new(3, 0, 0);

        public static string CheckName(RequiredCommand command) => command.Name;

        public static ReadinessCheck NotConnected(string detail) =>
            new(ConnectionCheck, ReadinessStatus.Fail, detail, ConnectRemedy);

        public static ReadinessCheck SessionExpired(string detail) =>
            new(ConnectionCheck, ReadinessStatus.Fail, detail,
                "Reconnect with Connect-ExchangeOnline, then run Test-InactiveRestoreEnvironment again.");

        public static ReadinessCheck Connection(string? organization, string? tokenStatus, int connections)
        {
            var org = string.IsNullOrEmpty(organization) ? "an organization Get-ConnectionInformation did not name" : organization;
            var detail = $"Connected to {org}" + (string.IsNullOrEmpty(tokenStatus) ? "" : $" (TokenStatus {tokenStatus})") + ".";
            if (connections > 1) detail += $" {connections} Exchange connections in this session; the module uses this one (State Connected, TokenStatus Active first).";
            return new ReadinessCheck(ConnectionCheck, ReadinessStatus.Pass, detail);
        }

        public static ReadinessCheck Prefix(string prefix) => string.IsNullOrEmpty(prefix)
            ? new ReadinessCheck(PrefixCheck, ReadinessStatus.Pass, "None: the Exchange cmdlets are named Get-Mailbox, New-MailboxRestoreRequest, ...")
            : new ReadinessCheck(PrefixCheck, ReadinessStatus.Pass,
                $"'{prefix}' (Connect-ExchangeOnline -Prefix): the Exchange cmdlets are named Get-{prefix}Mailbox, New-{prefix}MailboxRestoreRequest, ...; the module finds them by it.");

        public static ReadinessCheck PowerShell(string? edition, string? version)
        {
            var ed = string.IsNullOrEmpty(edition) ? "Desktop" : edition!;
            var v = ParseVersion(version);
            var detail = $"{ed} {version}";
            if (v is null) return new ReadinessCheck(PowerShellCheck, ReadinessStatus.Warn, detail + ": the version could not be read.");
            if (v < new Version(5, 1))
                return new ReadinessCheck(PowerShellCheck, ReadinessStatus.Fail, detail + ".", "Use Windows PowerShell 5.1 or PowerShell 7.2 or later.");
            if (v.Major >= 6 && v < new Version(7, 2))
                return new ReadinessCheck(PowerShellCheck, ReadinessStatus.Warn, detail + ": older than 7.2, which ExchangeOnlineManagement 3.x is supported on.",
                    "Use PowerShell 7.2 or later (or Windows PowerShell 5.1).");
            return new ReadinessCheck(PowerShellCheck, ReadinessStatus.Pass, detail + ".");
        }

        public static ReadinessCheck ExchangeModule(string? loadedVersion, string? connectionModule)
        {
            if (string.IsNullOrEmpty(loadedVersion))
            {
                return new ReadinessCheck(ModuleCheck, ReadinessStatus.Warn,
                    "Not loaded in this session" + (string.IsNullOrEmpty(connectionModule) ? "" : $"; the Exchange cmdlets come from the module {connectionModule}") +
                    ". The module is built for ExchangeOnlineManagement 3.0 or later.",
                    "Install-Module ExchangeOnlineManagement -MinimumVersion 3.0.0, then Connect-ExchangeOnline.");
            }
            var v = ParseVersion(loadedVersion);
            if (v is not null && v < MinimumModuleVersion)
            {
                return new ReadinessCheck(ModuleCheck, ReadinessStatus.Warn,
                    $"{loadedVersion} is loaded: older than 3.0 (remote PowerShell, which Exchange Online has retired).",
                    "Update-Module ExchangeOnlineManagement (3.0 or later), start a new session and Connect-ExchangeOnline.");
            }
            return new ReadinessCheck(ModuleCheck, ReadinessStatus.Pass, $"{loadedVersion} is loaded.");
        }

        public static ReadinessCheck CommandPresent(RequiredCommand command, string prefixedName) =>
            new(CheckName(command), ReadinessStatus.Pass,
                prefixedName == command.Name ? $"Present; needed for {command.UsedFor}." : $"Present as {prefixedName}; needed for {command.UsedFor}.");

        /// <summary>
        /// A cmdlet the session lacks: Exchange Online generates only the cmdlets the admin's roles allow. <paramref name="roles"/>
        /// are the roles Get-ManagementRole -Cmdlet named (null when it could not be asked; <paramref name="rolesNote"/> says why).
        /// </summary>
        public static ReadinessCheck CommandMissing(RequiredCommand command, string prefixedName, IReadOnlyList<string>? roles, string? rolesNote, string? admin)
        {
            var status = command.Essential ? ReadinessStatus.Fail : ReadinessStatus.Warn;
            var detail = $"{prefixedName} is not in this session, so {command.UsedFor} will fail. Exchange Online creates only the cmdlets the signed-in admin's roles grant.";
            string role;
            if (roles is { Count: > 0 })
            {
                var shown = roles.Take(5).Select(r => $"'{r}'").ToList();
                detail += $" Roles that grant it (Get-ManagementRole -Cmdlet {command.Name}): {string.Join(", ", shown)}{(roles.Count > 5 ? $" and {roles.Count - 5} more" : "")}.";
                role = roles.Contains(command.UsualRole, StringComparer.OrdinalIgnoreCase) ? command.UsualRole : roles[0];
            }
            else
            {
                detail += $" The role that usually grants it is '{command.UsualRole}'" + (string.IsNullOrEmpty(rolesNote) ? "." : $" ({rolesNote}).");
                role = command.UsualRole;
            }
            var who = string.IsNullOrEmpty(admin) ? "<admin>" : admin!;
            var remedy = $"Assign the role to the admin or app, e.g. New-ManagementRoleAssignment -Role {Quote(role)} -User {Quote(who)} " +
                         "(or add it to a role group the admin is in), then reconnect with Connect-ExchangeOnline.";
            if (string.Equals(role, RequiredCommands.MailboxImportExport, StringComparison.OrdinalIgnoreCase))
                remedy += " 'Mailbox Import Export' is in no role group by default, not even Organization Management.";
            return new ReadinessCheck(CheckName(command), status, detail, remedy);
        }

        public static ReadinessCheck SkippedItemApproval(bool commandPresent, bool hasParameter, string prefixedName)
        {
            if (!commandPresent)
            {
                return new ReadinessCheck(SkippedItemApprovalCheck, ReadinessStatus.Warn,
                    $"{prefixedName} is not in this session (see its row): Resume-InactiveRestore -ApproveSkippedItems cannot approve skipped items.",
                    $"Grant the role that has Set-MailboxRestoreRequest ('{RequiredCommands.MailboxImportExport}'), then reconnect with Connect-ExchangeOnline.");
            }
            return hasParameter
                ? new ReadinessCheck(SkippedItemApprovalCheck, ReadinessStatus.Pass,
                    $"{prefixedName} has it: Resume-InactiveRestore -ApproveSkippedItems can approve the skipped items of a failed request.")
                : new ReadinessCheck(SkippedItemApprovalCheck, ReadinessStatus.Warn,
                    $"{prefixedName} has no -SkippedItemApprovalTime here: Resume-InactiveRestore -ApproveSkippedItems cannot approve skipped items " +
                    "(resuming without approval still works; Exchange fails such a request again).",
                    "Update ExchangeOnlineManagement and reconnect; if the parameter is still missing, the tenant does not offer it: " +
                    "restore the items again with a new request (Start-InactiveRestore with another -Name), or ask Microsoft support.");
        }

        /// <summary>The shape row of one object the module reads: Pass when nothing is missing or odd; Fail when a required property is.</summary>
        public static ReadinessCheck Shape(string what, string readWith, IReadOnlyList<ShapeProblem> problems, int ruleCount)
        {
            var check = "Shape: " + what;
            if (problems.Count == 0)
                return new ReadinessCheck(check, ReadinessStatus.Pass, $"{readWith}: all {ruleCount} properties the module reads are present and of the expected form.");
            var status = problems.Any(p => p.Rule.Required) ? ReadinessStatus.Fail : ReadinessStatus.Warn;
            return new ReadinessCheck(check, status,
                $"{readWith}: {problems.Count} of {ruleCount} properties the module reads are missing or of an unexpected form: {string.Join("; ", problems)}.",
                ShareRemedy);
        }

        public static ReadinessCheck ShapeNotChecked(string what, ReadinessStatus status, string detail, string? remedy = null) =>
            new("Shape: " + what, status, detail, remedy);

        private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";

        internal static Version? ParseVersion(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            var core = text!.Trim();
            var cut = core.IndexOfAny(new[] { '-', '+', ' ' });
            if (cut > 0) core = core.Substring(0, cut);
            return Version.TryParse(core, out var v) ? v : null;
        }
    }
}

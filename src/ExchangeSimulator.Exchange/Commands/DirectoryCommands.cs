using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using ExchangeSimulator.Engine;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Exchange.Commands
{
    [Cmdlet(VerbsCommon.Get, "Recipient")]
    [OutputType(typeof(PSObject))]
    public sealed class GetRecipientCommand : ExchangeCmdletBase
    {
        protected override string CommandName => "Get-Recipient";

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        public string? Identity { get; set; }

        /// <summary>OPATH: <c>&lt;Property&gt; -eq|-ne|-like 'value'</c> (a single quote inside the value doubled), joined by -and / -or; parentheses allowed.</summary>
        [Parameter] public string? Filter { get; set; }
        [Parameter] public string[]? RecipientTypeDetails { get; set; }
        [Parameter] public SwitchParameter IncludeSoftDeletedRecipients { get; set; }
        [Parameter] public string? ResultSize { get; set; }

        protected override bool IsListing => string.IsNullOrEmpty(Identity);

        protected override void BeginProcessing()
        {
            if (Filter != null)
            {
                // Exchange validates the filter while binding: a bad one is a terminating parameter error, before any call.
                try { OpathFilter.Parse(Filter); }
                catch (FormatException e)
                {
                    ThrowTerminatingError(new ErrorRecord(new ParameterBindingException("Cannot bind parameter 'Filter' to the target. Exception setting \"Filter\": \"" + e.Message + "\""),
                        "ParameterBindingFailed", ErrorCategory.InvalidArgument, Filter));
                }
            }
        }

        protected override void Execute()
        {
            int? size = ParseResultSize(ResultSize);
            var scope = IncludeSoftDeletedRecipients ? MailboxScope.All : MailboxScope.Active;
            IEnumerable<Mailbox> result;
            if (!string.IsNullOrEmpty(Identity))
            {
                ErrorTarget = Identity;
                var one = Tenant.ResolveMailbox(Identity!, scope);
                CheckReplication(one.ExchangeGuid, Identity!);
                result = new[] { one };
            }
            else result = Tenant.Mailboxes.Where(m => Tenant.InScope(m, scope));
            if (Filter != null)
            {
                var f = OpathFilter.Parse(Filter);
                result = result.Where(f);
            }
            if (RecipientTypeDetails != null)
                result = result.Where(m => RecipientTypeDetails.Any(t => string.Equals(t, m.RecipientTypeDetails, StringComparison.OrdinalIgnoreCase)));
            EmitLimited(result.ToList(), Recipient, size, ResultSize != null);
        }

        public static PSObject Recipient(Mailbox m)
        {
            var o = ExchangeOutput.Bag("Microsoft.Exchange.Data.Directory.Management.ReducedRecipient");
            o.Add("Name", m.Name);
            o.Add("Identity", m.Identity);
            o.Add("DisplayName", m.DisplayName);
            o.Add("Alias", m.Alias);
            o.Add("PrimarySmtpAddress", m.PrimarySmtpAddress);
            o.Add("RecipientType", "UserMailbox");
            o.Add("RecipientTypeDetails", m.RecipientTypeDetails);
            o.Add("EmailAddresses", m.EmailAddresses.ToArray());
            o.Add("ExchangeGuid", m.ExchangeGuid);
            o.Add("Guid", m.Guid);
            o.Add("DistinguishedName", m.DistinguishedName);
            o.Add("LegacyExchangeDN", m.LegacyExchangeDN);
            o.Add("IsDirSynced", m.IsDirSynced);
            return o;
        }
    }

    /// <summary>The small OPATH subset Get-Recipient -Filter understands.</summary>
    public static class OpathFilter
    {
        private static readonly string[] Properties =
            { "EmailAddresses", "PrimarySmtpAddress", "Alias", "Name", "DisplayName", "LegacyExchangeDN", "RecipientTypeDetails", "ExchangeGuid", "DistinguishedName" };

        public static Func<Mailbox, bool> Parse(string filter)
        {
            var p = new Parser(filter);
            var result = p.Or();
            p.SkipSpace();
            if (!p.AtEnd) throw p.Invalid();
            return result;
        }

        private sealed class Parser
        {
            private readonly string _s;
            private int _i;
            public Parser(string s) { _s = s; }
            public bool AtEnd => _i >= _s.Length;

            public FormatException Invalid() => new FormatException(
                "Invalid filter syntax. For a description of the filter parameter syntax see the command help.\n\"" + _s + "\" at position " + (Math.Min(_i, _s.Length) + 1) + ".");

            public void SkipSpace() { while (_i < _s.Length && char.IsWhiteSpace(_s[_i])) _i++; }

            private bool Keyword(string k)
            {
                SkipSpace();
                if (string.Compare(_s, _i, k, 0, k.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
                    (_i + k.Length >= _s.Length || !char.IsLetter(_s[_i + k.Length])))
                {
                    _i += k.Length;
                    return true;
                }
                return false;
            }

            public Func<Mailbox, bool> Or()
            {
                var left = And();
                while (Keyword("-or")) { var l = left; var r = And(); left = m => l(m) || r(m); }
                return left;
            }

            private Func<Mailbox, bool> And()
            {
                var left = Term();
                while (Keyword("-and")) { var l = left; var r = Term(); left = m => l(m) && r(m); }
                return left;
            }

            private Func<Mailbox, bool> Term()
            {
                SkipSpace();
                if (Keyword("-not")) { var t = Term(); return m => !t(m); }
                if (_i < _s.Length && _s[_i] == '(')
                {
                    _i++;
                    var inner = Or();
                    SkipSpace();
                    if (_i >= _s.Length || _s[_i] != ')') throw Invalid();
                    _i++;
                    return inner;
                }
                int start = _i;
                while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] == '_')) _i++;
                if (_i == start) throw Invalid();
                string prop = _s.Substring(start, _i - start);
                string? canonical = Properties.FirstOrDefault(x => string.Equals(x, prop, StringComparison.OrdinalIgnoreCase));
                if (canonical == null)
                {
                    _i = start;
                    throw new FormatException("The property '" + prop + "' isn't a filterable property of the simulated Get-Recipient (use " + string.Join(", ", Properties) + ").\n\"" + _s + "\" at position " + (start + 1) + ".");
                }
                string op;
                if (Keyword("-eq")) op = "eq";
                else if (Keyword("-ne")) op = "ne";
                else if (Keyword("-like")) op = "like";
                else throw Invalid();
                string value = Value();
                Func<string, bool> test = op == "like" ? Like(value) : (x => string.Equals(x, value, StringComparison.OrdinalIgnoreCase));
                Func<Mailbox, bool> match;
                if (canonical == "EmailAddresses")
                {
                    match = op == "like" ? (m => m.EmailAddresses.Any(test)) : (m => m.EmailAddresses.Any(a => ProxyAddresses.Matches(a, value)));
                }
                else
                {
                    Func<Mailbox, string> get = canonical switch
                    {
                        "PrimarySmtpAddress" => m => m.PrimarySmtpAddress,
                        "Alias" => m => m.Alias,
                        "Name" => m => m.Name,
                        "DisplayName" => m => m.DisplayName,
                        "LegacyExchangeDN" => m => m.LegacyExchangeDN,
                        "RecipientTypeDetails" => m => m.RecipientTypeDetails,
                        "ExchangeGuid" => m => m.ExchangeGuid.ToString(),
                        _ => m => m.DistinguishedName,
                    };
                    match = m => test(get(m));
                }
                return op == "ne" ? (m => !match(m)) : match;
            }

            private string Value()
            {
                SkipSpace();
                if (_i >= _s.Length) throw Invalid();
                char q = _s[_i];
                if (q != '\'' && q != '"')
                {
                    // A bare word (e.g. RecipientTypeDetails -eq UserMailbox).
                    int st = _i;
                    while (_i < _s.Length && !char.IsWhiteSpace(_s[_i]) && _s[_i] != ')') _i++;
                    if (_i == st) throw Invalid();
                    return _s.Substring(st, _i - st);
                }
                _i++;
                var sb = new StringBuilder();
                while (true)
                {
                    if (_i >= _s.Length) throw Invalid();
                    char ch = _s[_i++];
                    if (ch == q)
                    {
                        if (_i < _s.Length && _s[_i] == q) { sb.Append(q); _i++; continue; }   // a doubled quote is one quote
                        return sb.ToString();
                    }
                    sb.Append(ch);
                }
            }

            private static Func<string, bool> Like(string pattern)
            {
                var rx = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*") + "$",
                    System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
                return x => rx.IsMatch(x ?? "");
            }
        }
    }

    [Cmdlet(VerbsCommon.Get, "MailboxFolderStatistics")]
    [OutputType(typeof(PSObject))]
    public sealed class GetMailboxFolderStatisticsCommand : ExchangeCmdletBase
    {
        protected override string CommandName => "Get-MailboxFolderStatistics";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Identity { get; set; } = "";

        [Parameter] public SwitchParameter Archive { get; set; }

        [Parameter]
        [ValidateSet("All", "Inbox", "SentItems", "DeletedItems", "Drafts", "Calendar", "Contacts", "Archive", "RecoverableItems", IgnoreCase = true)]
        public string FolderScope { get; set; } = "All";

        [Parameter] public string? ResultSize { get; set; }

        protected override void Execute()
        {
            ErrorTarget = Identity;
            int? size = ParseResultSize(ResultSize);   // null: Exchange Online's default, the first 1000 folders
            var m = Tenant.ResolveMailbox(Identity, MailboxScope.Active);
            CheckReplication(m.ExchangeGuid, Identity);
            if (Archive && !m.HasArchive)
            {
                throw ExchangeErrors.RecipientTask("The mailbox '" + Identity + "' doesn't have an archive.");
            }
            IEnumerable<FolderRow> rows = FolderTree.Build(Tenant, m, Archive);
            if (!FolderScope.Equals("All", StringComparison.OrdinalIgnoreCase))
            {
                rows = FolderScope.Equals("RecoverableItems", StringComparison.OrdinalIgnoreCase)
                    ? rows.Where(FolderTree.IsRecoverableItems)
                    : rows.Where(r => string.Equals(r.FolderType, FolderScope, StringComparison.OrdinalIgnoreCase));
            }
            string owner = Archive ? m.ArchiveGuid.ToString() : m.Identity;
            EmitLimited(rows.ToList(), r =>
            {
                var o = ExchangeOutput.Bag("Microsoft.Exchange.Management.Tasks.MailboxFolderConfiguration");
                o.Add("Name", r.Name);
                o.Add("Identity", owner + "\\" + r.FolderPath.TrimStart('/'));
                o.Add("FolderPath", r.FolderPath);
                o.Add("FolderType", r.FolderType);
                o.Add("ItemsInFolder", r.ItemsInFolder);
                o.Add("ItemsInFolderAndSubfolders", r.ItemsInFolderAndSubfolders);
                o.Add("FolderSize", ByteSize.Format(r.FolderSize));
                o.Add("FolderAndSubfolderSize", ByteSize.Format(r.FolderAndSubfolderSize));
                return o;
            }, size, ResultSize != null);
        }
    }

    [Cmdlet(VerbsCommon.Get, "ManagementRole")]
    [OutputType(typeof(PSObject))]
    public sealed class GetManagementRoleCommand : ExchangeCmdletBase
    {
        protected override string CommandName => "Get-ManagementRole";

        [Parameter(Position = 0)] public string? Identity { get; set; }

        /// <summary>The (unprefixed) cmdlet whose granting roles are listed.</summary>
        [Parameter] public string? Cmdlet { get; set; }

        protected override void Execute()
        {
            IEnumerable<ManagementRole> roles = Roles.All;
            if (!string.IsNullOrEmpty(Identity))
            {
                ErrorTarget = Identity;
                roles = roles.Where(r => string.Equals(r.Name, Identity, StringComparison.OrdinalIgnoreCase)).ToList();
                if (!roles.Any()) throw ExchangeErrors.NotFound(Identity!);
            }
            if (!string.IsNullOrEmpty(Cmdlet)) roles = roles.Where(r => r.Cmdlets.Contains(Cmdlet!, StringComparer.OrdinalIgnoreCase));
            foreach (var r in roles)
            {
                var o = ExchangeOutput.Bag("Microsoft.Exchange.Management.RbacTasks.ExchangeRole");
                o.Add("Name", r.Name);
                o.Add("Identity", r.Name);
                o.Add("RoleType", r.RoleType);
                o.Add("IsRootRole", true);
                Emit(o);
            }
        }
    }
}

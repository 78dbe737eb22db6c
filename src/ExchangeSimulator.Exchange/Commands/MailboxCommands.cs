using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ExchangeSimulator.Engine;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Exchange.Commands
{
    [Cmdlet(VerbsCommon.Get, "Mailbox")]
    [OutputType(typeof(PSObject))]
    public sealed class GetMailboxCommand : ExchangeCmdletBase
    {
        protected override string CommandName => "Get-Mailbox";

        /// <summary>Null or empty is treated as absent (every mailbox in scope), like -Identity $null in EXO.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        public string? Identity { get; set; }

        [Parameter] public SwitchParameter InactiveMailboxOnly { get; set; }
        [Parameter] public SwitchParameter IncludeInactiveMailbox { get; set; }
        [Parameter] public SwitchParameter SoftDeletedMailbox { get; set; }
        [Parameter] public string[]? RecipientTypeDetails { get; set; }
        [Parameter] public string? ResultSize { get; set; }

        protected override bool IsListing => string.IsNullOrEmpty(Identity);

        protected override void Execute()
        {
            int? size = ParseResultSize(ResultSize);
            MailboxScope scope = MailboxScope.Active;
            if (IncludeInactiveMailbox) scope |= MailboxScope.Inactive;
            if (SoftDeletedMailbox) scope = MailboxScope.Inactive | MailboxScope.SoftDeleted;
            if (InactiveMailboxOnly) scope = MailboxScope.Inactive;
            IEnumerable<Mailbox> result;
            if (!string.IsNullOrEmpty(Identity))
            {
                ErrorTarget = Identity;
                var one = Tenant.ResolveMailbox(Identity!, scope);
                CheckReplication(one.ExchangeGuid, Identity!);
                result = new[] { one };
            }
            else
            {
                result = Tenant.Mailboxes.Where(m => Tenant.InScope(m, scope));
            }
            if (RecipientTypeDetails != null)
                result = result.Where(m => RecipientTypeDetails.Any(t => string.Equals(t, m.RecipientTypeDetails, StringComparison.OrdinalIgnoreCase)));
            EmitLimited(result, ExchangeOutput.Mailbox, size, ResultSize != null);
        }
    }

    [Cmdlet(VerbsCommon.Get, "MailboxStatistics")]
    [OutputType(typeof(PSObject))]
    public sealed class GetMailboxStatisticsCommand : ExchangeCmdletBase
    {
        protected override string CommandName => "Get-MailboxStatistics";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Identity { get; set; } = "";

        [Parameter] public SwitchParameter Archive { get; set; }
        [Parameter] public SwitchParameter IncludeSoftDeletedRecipients { get; set; }

        protected override void Execute()
        {
            ErrorTarget = Identity;
            var scope = IncludeSoftDeletedRecipients ? MailboxScope.All : MailboxScope.Active;
            var m = Tenant.ResolveMailbox(Identity, scope);
            CheckReplication(m.ExchangeGuid, Identity);
            if (Archive && !m.HasArchive)
            {
                throw ExchangeErrors.RecipientTask("The mailbox '" + Identity + "' doesn't have an archive.");
            }
            Emit(ExchangeOutput.MailboxStatistics(m, Archive));
        }
    }

    [Cmdlet(VerbsCommon.Set, "Mailbox", SupportsShouldProcess = true)]
    public sealed class SetMailboxCommand : ExchangeCmdletBase
    {
        protected override string CommandName => "Set-Mailbox";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Identity { get; set; } = "";

        /// <summary>A full list of addresses, or a hashtable @{Add=...; Remove=...}.</summary>
        [Parameter] public object? EmailAddresses { get; set; }
        [Parameter] public bool RetentionHoldEnabled { get; set; }
        [Parameter] public DateTime? StartDateForRetentionHold { get; set; }
        [Parameter] public DateTime? EndDateForRetentionHold { get; set; }
        [Parameter] [AllowNull] public string? RetentionPolicy { get; set; }

        protected override void Execute()
        {
            ErrorTarget = Identity;
            var m = Tenant.ResolveMailbox(Identity, MailboxScope.Active);
            List<string>? newAddresses = IsBound(nameof(EmailAddresses)) ? ComputeAddresses(m) : null;
            if (newAddresses != null && m.IsDirSynced)
            {
                // On-premises-mastered attribute of a directory-synced recipient: refused, nothing changes (not even other parameters).
                throw ExchangeErrors.RecipientTask("The operation on mailbox \"" + Identity + "\" failed because it's out of the current user's write scope. The action 'Set-Mailbox', 'EmailAddresses', can't be performed on the object '" +
                    Identity + "' because the object is being synchronized from your on-premises organization. This action should be performed on the object in your on-premises organization.");
            }
            if (newAddresses != null)
            {
                // Proxy addresses are unique across active recipients (contract §10), always, as in Exchange Online.
                foreach (var added in newAddresses.Where(a => !m.EmailAddresses.Contains(a, StringComparer.OrdinalIgnoreCase)))
                {
                    var holder = ProxyAddresses.Holder(Tenant, added, m);
                    if (holder != null)
                    {
                        throw new SimulatedExchangeException(ProxyAddresses.ExistsType,
                            "The proxy address \"" + added + "\" is already being used by the proxy addresses or LegacyExchangeDN of \"" + holder.Name + "\". Please choose another proxy address.",
                            ErrorCategory.InvalidArgument);
                    }
                }
            }
            if (!ShouldProcess(Identity, "Set-Mailbox")) return;
            bool changed = false;
            if (newAddresses != null && !newAddresses.SequenceEqual(m.EmailAddresses, StringComparer.Ordinal))
            {
                m.EmailAddresses = newAddresses;
                m.PrimarySmtpAddress = newAddresses.First(a => a.StartsWith("SMTP:", StringComparison.Ordinal)).Substring(5);
                changed = true;
            }
            if (IsBound(nameof(RetentionHoldEnabled)) && m.RetentionHoldEnabled != RetentionHoldEnabled) { m.RetentionHoldEnabled = RetentionHoldEnabled; changed = true; }
            if (IsBound(nameof(StartDateForRetentionHold)) && m.StartDateForRetentionHold != StartDateForRetentionHold) { m.StartDateForRetentionHold = StartDateForRetentionHold; changed = true; }
            if (IsBound(nameof(EndDateForRetentionHold)) && m.EndDateForRetentionHold != EndDateForRetentionHold) { m.EndDateForRetentionHold = EndDateForRetentionHold; changed = true; }
            if (IsBound(nameof(RetentionPolicy)) && m.RetentionPolicy != RetentionPolicy) { m.RetentionPolicy = RetentionPolicy; changed = true; }
            if (changed) MarkChanged(m.ExchangeGuid);
            else Warn("The command completed successfully but no settings of '" + m.Identity + "' have been modified.");
        }

        private static string Normalize(string address)
        {
            string a = address.Trim();
            int colon = a.IndexOf(':');
            if (colon <= 0) return "smtp:" + a;
            string prefix = a.Substring(0, colon);
            if (prefix.Equals("smtp", StringComparison.OrdinalIgnoreCase)) return (prefix == "SMTP" ? "SMTP:" : "smtp:") + a.Substring(colon + 1);
            if (prefix.Equals("x500", StringComparison.OrdinalIgnoreCase)) return "X500:" + a.Substring(colon + 1);
            return a;
        }

        private static List<string> Strings(object? value)
        {
            var result = new List<string>();
            if (value == null) return result;
            object v = value is PSObject p ? p.BaseObject : value;
            if (v is string s) { result.Add(s); return result; }
            var e = LanguagePrimitives.GetEnumerable(v);
            if (e == null) { result.Add(v.ToString() ?? ""); return result; }
            foreach (var x in e) if (x != null) result.Add((x is PSObject px ? px.BaseObject : x).ToString() ?? "");
            return result;
        }

        private List<string> ComputeAddresses(Mailbox m)
        {
            object? raw = EmailAddresses is PSObject p ? p.BaseObject : EmailAddresses;
            var list = new List<string>(m.EmailAddresses);
            var cmp = StringComparer.OrdinalIgnoreCase;
            if (raw is IDictionary d)
            {
                foreach (DictionaryEntry kv in d)
                {
                    string key = kv.Key?.ToString() ?? "";
                    var values = Strings(kv.Value).Select(Normalize).ToList();
                    if (key.Equals("Add", StringComparison.OrdinalIgnoreCase) || key.Equals("+", StringComparison.Ordinal))
                    {
                        foreach (var a in values)
                        {
                            if (a.StartsWith("SMTP:", StringComparison.Ordinal))
                            {
                                for (int i = 0; i < list.Count; i++) if (list[i].StartsWith("SMTP:", StringComparison.Ordinal)) list[i] = "smtp:" + list[i].Substring(5);
                                list.RemoveAll(x => cmp.Equals(x, a));
                                list.Insert(0, a);
                            }
                            else if (!list.Any(x => cmp.Equals(x, a))) list.Add(a);
                        }
                    }
                    else if (key.Equals("Remove", StringComparison.OrdinalIgnoreCase) || key.Equals("-", StringComparison.Ordinal))
                    {
                        foreach (var a in values)
                        {
                            if (list.Any(x => x.StartsWith("SMTP:", StringComparison.Ordinal) && cmp.Equals(x, a)))
                            {
                                throw new SimulatedExchangeException("Microsoft.Exchange.Data.DataValidationException",
                                    "The primary SMTP address '" + a.Substring(5) + "' can't be removed. Set another primary address first.", ErrorCategory.InvalidArgument);
                            }
                            list.RemoveAll(x => cmp.Equals(x, a));
                        }
                    }
                    else
                    {
                        throw new SimulatedExchangeException("Microsoft.Exchange.Data.DataValidationException",
                            "The hashtable key '" + key + "' isn't valid for EmailAddresses; use Add or Remove.", ErrorCategory.InvalidArgument);
                    }
                }
            }
            else
            {
                list = Strings(raw).Select(Normalize).ToList();
                if (list.Count(x => x.StartsWith("SMTP:", StringComparison.Ordinal)) != 1)
                {
                    throw new SimulatedExchangeException("Microsoft.Exchange.Data.DataValidationException",
                        "EmailAddresses must contain exactly one primary SMTP address (prefix 'SMTP:').", ErrorCategory.InvalidArgument);
                }
            }
            foreach (var a in list.Where(x => x.StartsWith("X500:", StringComparison.Ordinal)))
            {
                if (!a.Substring(5).StartsWith("/o=", StringComparison.OrdinalIgnoreCase))
                {
                    throw new SimulatedExchangeException("Microsoft.Exchange.Data.DataValidationException",
                        "The X500 address '" + a + "' isn't valid: it must start with '/o='.", ErrorCategory.InvalidArgument);
                }
            }
            return list;
        }
    }
}

using System.Management.Automation;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;

namespace InactiveRestore.Commands
{
    [Cmdlet(VerbsCommon.Get, "InactiveMailbox")]
    [OutputType(typeof(InactiveMailbox))]
    public sealed class GetInactiveMailboxCommand : ExchangeCmdletBase
    {
        /// <summary>An inactive mailbox: ExchangeGuid, DistinguishedName, SMTP address, UPN or alias. No wildcards. Omit to list all.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SourceMailbox")]
        [ArgumentCompleter(typeof(InactiveMailboxCompleter))]
        public string? Identity { get; set; }

        /// <summary>How many to return: 'Unlimited' or a positive number (default 1000, like Exchange).</summary>
        [Parameter]
        public string ResultSize { get; set; } = InactiveMailboxService.DefaultResultSize.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Also read sizes and item counts (one or two Get-MailboxStatistics calls per mailbox).</summary>
        [Parameter]
        public SwitchParameter IncludeStatistics { get; set; }

        private int? _resultSize;
        private bool _any;

        private protected override void Begin()
        {
            try
            {
                _resultSize = InactiveMailboxService.ParseResultSize(ResultSize);
            }
            catch (InvalidInputException e)
            {
                ThrowExchangeError(e);
            }
        }

        protected override void ProcessRecord()
        {
            var wasBound = MyInvocation.BoundParameters.ContainsKey(nameof(Identity)) || Identity is not null;
            IdentityInfo? identity = null;
            if (wasBound)
            {
                try
                {
                    identity = IdentityValidator.Validate(Identity);
                }
                catch (InvalidInputException e)
                {
                    WriteExchangeError(e);
                    return;
                }
            }
            else if (_any)
            {
                return;
            }
            _any = true;
            TryExchange(() =>
            {
                var service = new InactiveMailboxService(Gateway);
                var found = service.Get(identity, _resultSize, IncludeStatistics);
                foreach (var m in found) WriteOutput(m);
                if (identity is null)
                    WriteNarration($"Found {found.Count} inactive mailbox(es).", "Discovery");
            }, identity?.Value);
        }
    }
}

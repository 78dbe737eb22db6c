using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;

namespace InactiveRestore.Exchange
{
    /// <summary>An IExchangeClient that also reports retries and Exchange warnings and takes per-call options.</summary>
    internal interface IExchangeSession : IExchangeClient
    {
        /// <summary>Runs one Exchange cmdlet with options (the "already applied?" check for change calls, the error target).</summary>
        IReadOnlyList<PSObject> Invoke(ExchangeCommand command, ExchangeCallOptions? options);

        /// <summary>Raised before each back-off wait (the cmdlets write it to Verbose).</summary>
        event EventHandler<ExchangeRetryEventArgs>? Retrying;

        /// <summary>Raised for each warning Exchange wrote (e.g. the ResultSize truncation warning of Get-Mailbox).</summary>
        event EventHandler<string>? Warning;
    }

    /// <summary>Per-call options on any IExchangeClient.</summary>
    internal static class ExchangeClientExtensions
    {
        /// <summary>
        /// Runs a call with options. Clients that are not an <see cref="IExchangeSession"/> (simple test fakes) ignore
        /// the options and run the command once.
        /// </summary>
        public static IReadOnlyList<PSObject> Invoke(this IExchangeClient client, ExchangeCommand command, ExchangeCallOptions? options)
            => client is IExchangeSession s ? s.Invoke(command, options) : client.Invoke(command);

        /// <summary>Runs a change call with an "already applied?" check that decides, after a transient failure, whether to retry.</summary>
        public static IReadOnlyList<PSObject> Invoke(this IExchangeClient client, ExchangeCommand command, Func<bool> alreadyApplied)
            => client.Invoke(command, new ExchangeCallOptions { AlreadyApplied = alreadyApplied });
    }
}

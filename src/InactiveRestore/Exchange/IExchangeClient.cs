using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// The seam between the module and Exchange Online. The production implementation runs the Exchange cmdlets
    /// (functions of the caller's tmpEXO_* module, possibly prefixed) in the caller's runspace.
    /// Implementations throw <see cref="ExchangeException"/> (classified) for every Exchange error.
    /// </summary>
    internal interface IExchangeClient
    {
        /// <summary>The cmdlet prefix of the connection ("" when none).</summary>
        string Prefix { get; }

        /// <summary>Runs one Exchange cmdlet and returns its output objects. Errors are thrown as ExchangeException.</summary>
        IReadOnlyList<PSObject> Invoke(ExchangeCommand command);

        /// <summary>Raised before each Exchange call with the rendered command line (the cmdlets write it to Verbose).</summary>
        event EventHandler<string>? Calling;
    }
}

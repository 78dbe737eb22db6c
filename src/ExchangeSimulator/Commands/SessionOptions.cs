using System;
using System.Management.Automation;
using ExchangeSimulator.Engine;

namespace ExchangeSimulator.Commands
{
    /// <summary>Connect-ExchangeSimulator's session options: call latency on the clock, roles / omitted cmdlets, parameter variants.</summary>
    internal static class SessionOptions
    {
        /// <summary>The Exchange cmdlets the session gets; a bad role or cmdlet name is a terminating InvalidSessionOption error.</summary>
        public static string[] Cmdlets(PSCmdlet cmdlet, string[]? roles, string[]? without)
        {
            try { return Roles.SessionCmdlets(roles, without); }
            catch (ArgumentException e)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(e, "InvalidSessionOption", ErrorCategory.InvalidArgument, null));
                throw;
            }
        }
    }
}

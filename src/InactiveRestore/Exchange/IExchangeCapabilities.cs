namespace InactiveRestore.Exchange
{
    /// <summary>
    /// What the connected session offers. Exchange Online generates only the cmdlets (and parameters) the signed-in
    /// admin's or app's roles allow, and not every cmdlet version has every documented parameter, so the module asks
    /// before it relies on one. Names are unprefixed (Set-MailboxRestoreRequest); the implementation resolves them with
    /// the connection's prefix. Both throw <see cref="ExchangeException"/> (NotConnected, SessionExpired) when there is
    /// no usable connection.
    /// </summary>
    internal interface IExchangeCapabilities
    {
        /// <summary>True when the session has the Exchange command (e.g. Get-ManagementRole).</summary>
        bool HasCommand(string commandName);

        /// <summary>True when the session's command has the parameter (name or alias); false when it lacks it or the command is missing.</summary>
        bool HasParameter(string commandName, string parameterName);
    }

    /// <summary>Capability questions on any client; clients that cannot tell (simple test fakes) answer null.</summary>
    internal static class ExchangeCapabilityExtensions
    {
        /// <summary>True/false when the client can tell whether the session has the command; null when it cannot.</summary>
        public static bool? HasCommand(this IExchangeClient client, string commandName) =>
            client is IExchangeCapabilities c ? c.HasCommand(commandName) : null;

        /// <summary>
        /// True/false when the client can tell whether the session's command has the parameter (e.g.
        /// <c>client.HasParameter("Set-MailboxRestoreRequest", "SkippedItemApprovalTime")</c>); null when it cannot.
        /// </summary>
        public static bool? HasParameter(this IExchangeClient client, string commandName, string parameterName) =>
            client is IExchangeCapabilities c ? c.HasParameter(commandName, parameterName) : null;
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using InactiveRestore.Core;
using InactiveRestore.Exchange;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// The module's tab completers. Thin: the logic is in <see cref="ArgumentCompletion"/>. Each completion runs the
    /// Exchange cmdlets of the caller's runspace through the seam (<see cref="RunspaceExchangeClient"/> with
    /// <see cref="RetryPolicy.None"/>: no back-off while the user waits), reads through the shared 30 s cache and never
    /// throws: not connected, an expired token or an Exchange error give no completions.
    /// </summary>
    public abstract class InactiveRestoreCompleterBase : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var client = RunspaceExchangeClient.ForCurrentRunspace(RetryPolicy.None);
                var completion = new ArgumentCompletion(new ExchangeGateway(client), CompletionCache.Shared, CacheKey(client));
                return Complete(completion, commandName, wordToComplete)
                    .Select(i => new CompletionResult(i.Text, i.Value, CompletionResultType.ParameterValue, i.ToolTip))
                    .ToList();
            }
#pragma warning disable CA1031 // a completer must never throw
            catch (Exception)
#pragma warning restore CA1031
            {
                return Array.Empty<CompletionResult>();
            }
        }

        /// <summary>The candidates for the word (never throws).</summary>
        private protected abstract IEnumerable<CompletionItem> Complete(ArgumentCompletion completion, string commandName, string wordToComplete);

        /// <summary>
        /// The cache key: this runspace, the Exchange connection (its detection throws when there is none: no completions)
        /// and the last history id, so a reconnection or a command run since (a Start- or Stop-InactiveRestore) lists again,
        /// while repeated tabs on one command line read the cached listing.
        /// </summary>
        private static string CacheKey(RunspaceExchangeClient client)
        {
            var prefix = client.Prefix;
            var connection = client.Connection is { } c
                ? ExchangeValue.String(c, "ConnectionId") ?? ExchangeValue.String(c, "Id") ?? string.Empty
                : string.Empty;
            var runspace = Runspace.DefaultRunspace?.InstanceId.ToString() ?? string.Empty;
            return runspace + "|" + connection + "|" + prefix + "|" + LastHistoryId();
        }

        private static string LastHistoryId()
        {
            try
            {
                using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                ps.AddCommand("Get-History").AddParameter("Count", 1);
                var last = ps.Invoke().FirstOrDefault();
                return last?.Properties["Id"]?.Value?.ToString() ?? "0";
            }
#pragma warning disable CA1031 // no history (a restricted session): the time limit alone ends the cache entry
            catch (Exception)
#pragma warning restore CA1031
            {
                return "-";
            }
        }
    }

    /// <summary>-BatchName: the batch names of the module's restore requests.</summary>
    public sealed class BatchNameCompleter : InactiveRestoreCompleterBase
    {
        private protected override IEnumerable<CompletionItem> Complete(ArgumentCompletion completion, string commandName, string wordToComplete) =>
            completion.BatchNames(wordToComplete);
    }

    /// <summary>
    /// -Identity of the request cmdlets: the module's request identities (alias\Name); Resume- offers Suspended,
    /// AutoSuspended and Failed ones, Suspend- and Stop- unfinished ones, Remove- finished ones, Get- and Watch- all.
    /// </summary>
    public sealed class RequestIdentityCompleter : InactiveRestoreCompleterBase
    {
        private protected override IEnumerable<CompletionItem> Complete(ArgumentCompletion completion, string commandName, string wordToComplete) =>
            completion.RequestIdentities(wordToComplete, ArgumentCompletion.ScopeFor(commandName));
    }

    /// <summary>-SourceMailbox / Get-InactiveMailbox -Identity: inactive mailboxes (primary SMTP address, DisplayName as the tooltip).</summary>
    public sealed class InactiveMailboxCompleter : InactiveRestoreCompleterBase
    {
        private protected override IEnumerable<CompletionItem> Complete(ArgumentCompletion completion, string commandName, string wordToComplete) =>
            completion.InactiveMailboxes(wordToComplete);
    }

    /// <summary>
    /// -TargetMailbox (Test-, Start-, Get-InactiveRestore): active mailboxes (primary SMTP address, DisplayName as the
    /// tooltip), from one cached Get-Mailbox -ResultSize 1000 listing. Internal: PowerShell creates a completer from its
    /// type by reflection, so it needs no place in the module's public surface.
    /// </summary>
    internal sealed class ActiveMailboxCompleter : InactiveRestoreCompleterBase
    {
        private protected override IEnumerable<CompletionItem> Complete(ArgumentCompletion completion, string commandName, string wordToComplete) =>
            completion.ActiveMailboxes(wordToComplete);
    }
}

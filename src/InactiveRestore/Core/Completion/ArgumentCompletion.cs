using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using InactiveRestore.Exchange;

namespace InactiveRestore.Core
{
    /// <summary>Which of the module's restore requests an -Identity completion offers.</summary>
    internal enum RequestCompletionScope
    {
        /// <summary>Every request (Get-, Watch-InactiveRestore).</summary>
        Any,

        /// <summary>Suspended, AutoSuspended or Failed (Resume-InactiveRestore).</summary>
        Resumable,

        /// <summary>Not finished: neither Completed, CompletedWithWarning nor Failed (Suspend-, Stop-InactiveRestore).</summary>
        Unfinished,

        /// <summary>Finished: Completed, CompletedWithWarning or Failed (Remove-InactiveRestore).</summary>
        Finished,
    }

    /// <summary>One tab-completion candidate: <see cref="Text"/> is what is inserted (quoted when needed).</summary>
    internal sealed class CompletionItem
    {
        public CompletionItem(string value, string toolTip)
        {
            Value = value;
            Text = CompletionText.Quote(value);
            ToolTip = string.IsNullOrWhiteSpace(toolTip) ? value : toolTip;
        }

        /// <summary>The value itself (unquoted); also the text of the completion list.</summary>
        public string Value { get; }

        /// <summary>The text inserted on the command line.</summary>
        public string Text { get; }

        public string ToolTip { get; }

        public override string ToString() => Text;
    }

    /// <summary>
    /// The logic behind the module's argument completers (Commands/Completers.cs), on any <see cref="IExchangeClient"/>.
    /// The Exchange calls are never filtered by the typed word (no wildcard or text of the user's reaches Exchange):
    /// one listing is read (and cached), the word filters it here, as a case-insensitive prefix. Nothing here throws:
    /// any failure (not connected, expired token, an Exchange error) means no completions. The client given should not
    /// retry (<see cref="RetryPolicy.None"/>): a completion must never sit in a back-off. The listings pass
    /// <c>-ErrorAction Ignore</c> so a tab leaves nothing in <c>$Error</c>; an empty answer is therefore not cached.
    /// </summary>
    internal sealed class ArgumentCompletion
    {
        /// <summary>
        /// At most this many inactive mailboxes are read for completion (Get-Mailbox -InactiveMailboxOnly -ResultSize 1000,
        /// Exchange's own default page): beyond that a listing takes long enough to make a tab feel stuck. In a tenant
        /// with more, those past the first 1000 are not offered; type them in full.
        /// </summary>
        public const int InactiveMailboxLimit = 1000;

        /// <summary>
        /// At most this many active mailboxes are read for a -TargetMailbox completion (Get-Mailbox -ResultSize 1000, the
        /// same bound and for the same reason as <see cref="InactiveMailboxLimit"/>): in a larger tenant the ones past
        /// the first 1000 are not offered; type them in full.
        /// </summary>
        public const int ActiveMailboxLimit = 1000;

        private readonly IExchangeGateway _gateway;
        private readonly CompletionCache _cache;
        private readonly string _cacheKey;

        /// <param name="gateway">The Exchange gateway (over a client without retries).</param>
        /// <param name="cache">The cache (<see cref="CompletionCache.Shared"/> in the module).</param>
        /// <param name="cacheKey">What the cached listings belong to (runspace, connection, ...).</param>
        public ArgumentCompletion(IExchangeGateway gateway, CompletionCache? cache = null, string? cacheKey = null)
        {
            _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
            _cache = cache ?? CompletionCache.Shared;
            _cacheKey = cacheKey ?? string.Empty;
        }

        /// <summary>The -Identity scope of a cmdlet (module-qualified names too); unknown names (aliases) offer every request.</summary>
        public static RequestCompletionScope ScopeFor(string? commandName)
        {
            var name = commandName ?? string.Empty;
            var slash = name.LastIndexOf('\\');
            if (slash >= 0) name = name.Substring(slash + 1);
            var dash = name.IndexOf('-');
            var verb = dash > 0 ? name.Substring(0, dash) : string.Empty;
            return verb.ToUpperInvariant() switch
            {
                "RESUME" => RequestCompletionScope.Resumable,
                "SUSPEND" or "STOP" => RequestCompletionScope.Unfinished,
                "REMOVE" => RequestCompletionScope.Finished,
                _ => RequestCompletionScope.Any,
            };
        }

        /// <summary>True when a request with this Exchange status belongs to the scope.</summary>
        public static bool InScope(string? exchangeStatus, RequestCompletionScope scope) => scope switch
        {
            RequestCompletionScope.Resumable => exchangeStatus is not null &&
                (exchangeStatus.Equals("Suspended", StringComparison.OrdinalIgnoreCase)
                 || exchangeStatus.Equals("AutoSuspended", StringComparison.OrdinalIgnoreCase)
                 || exchangeStatus.Equals("Failed", StringComparison.OrdinalIgnoreCase)),
            RequestCompletionScope.Unfinished => !StatusMapper.IsExchangeFinal(exchangeStatus),
            RequestCompletionScope.Finished => StatusMapper.IsExchangeFinal(exchangeStatus),
            _ => true,
        };

        /// <summary>The distinct batch names of the module's requests (names starting IR-) that start with the word.</summary>
        public IReadOnlyList<CompletionItem> BatchNames(string? wordToComplete)
        {
            var word = CompletionText.Unquote(wordToComplete);
            return Safely(() => ModuleRequests()
                .Where(r => !string.IsNullOrWhiteSpace(r.BatchName) && CompletionText.StartsWith(r.BatchName, word))
                .GroupBy(r => r.BatchName!, StringComparer.OrdinalIgnoreCase)
                .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => new CompletionItem(g.Key, $"Batch {g.Key}: {g.Count()} restore request(s)"))
                .ToList());
        }

        /// <summary>
        /// The identities (<c>alias\Name</c>) of the module's requests in the scope whose identity, or name, starts with the word.
        /// The scope reads the listing's Status (no statistics calls).
        /// </summary>
        public IReadOnlyList<CompletionItem> RequestIdentities(string? wordToComplete, RequestCompletionScope scope)
        {
            var word = CompletionText.Unquote(wordToComplete);
            return Safely(() => ModuleRequests()
                .Where(r => !string.IsNullOrWhiteSpace(r.Identity) && InScope(r.Status, scope))
                .Where(r => CompletionText.StartsWith(r.Identity, word) || CompletionText.StartsWith(r.Name, word))
                .GroupBy(r => r.Identity!, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .OrderBy(r => r.Identity, StringComparer.OrdinalIgnoreCase)
                .Select(r => new CompletionItem(r.Identity!, RequestToolTip(r)))
                .ToList());
        }

        /// <summary>
        /// Inactive mailboxes whose primary SMTP address or alias starts with the word, completing to the primary SMTP
        /// address (the alias when there is none), the DisplayName as the tooltip.
        /// </summary>
        public IReadOnlyList<CompletionItem> InactiveMailboxes(string? wordToComplete)
        {
            var word = CompletionText.Unquote(wordToComplete);
            return Safely(() => Mailboxes(InactiveMailboxListing(), word));
        }

        /// <summary>
        /// Active mailboxes (restore targets) whose primary SMTP address or alias starts with the word, completing to the
        /// primary SMTP address (the alias when there is none), the DisplayName as the tooltip. Discovery search mailboxes
        /// (system mailboxes Get-Mailbox lists) are left out.
        /// </summary>
        public IReadOnlyList<CompletionItem> ActiveMailboxes(string? wordToComplete)
        {
            var word = CompletionText.Unquote(wordToComplete);
            return Safely(() => Mailboxes(ActiveMailboxListing()
                .Where(m => !string.Equals(m.RecipientTypeDetails, "DiscoveryMailbox", StringComparison.OrdinalIgnoreCase)), word));
        }

        private static IReadOnlyList<CompletionItem> Mailboxes(IEnumerable<ExchangeMailbox> listing, string word) =>
            listing
                .Select(m => (Mailbox: m, Value: FirstGiven(m.PrimarySmtpAddress, m.Alias)))
                .Where(x => x.Value is not null
                    && (CompletionText.StartsWith(x.Mailbox.PrimarySmtpAddress, word) || CompletionText.StartsWith(x.Mailbox.Alias, word)))
                .GroupBy(x => x.Value!, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .OrderBy(x => x.Value, StringComparer.OrdinalIgnoreCase)
                .Select(x => new CompletionItem(x.Value!, x.Mailbox.DisplayName ?? x.Value!))
                .ToList();

        // The listings pass -ErrorAction Ignore: an error Exchange writes must not land in the user's $Error because
        // of a tab (PowerShell's own completers do the same). So an empty answer may be a failure: it is not cached.
        private IEnumerable<ExchangeRestoreRequest> ModuleRequests() =>
            _cache.GetOrAdd(_cacheKey + "|requests", () => Listing(_gateway.ListRequestsQuietly(), r => RequestNaming.IsModuleName(r.Name)),
                l => l.Count > 0).Items;

        private IEnumerable<ExchangeMailbox> InactiveMailboxListing() =>
            _cache.GetOrAdd(_cacheKey + "|inactive", () => Listing(_gateway.ListInactiveMailboxesQuietly(InactiveMailboxLimit), _ => true),
                l => l.Count > 0).Items;

        private IEnumerable<ExchangeMailbox> ActiveMailboxListing() =>
            _cache.GetOrAdd(_cacheKey + "|active", () => Listing(_gateway.ListActiveMailboxesQuietly(ActiveMailboxLimit), _ => true),
                l => l.Count > 0).Items;

        private static Listed<T> Listing<T>(IReadOnlyList<T> output, Func<T, bool> keep) => new(output.Count, output.Where(keep).ToList());

        private sealed class Listed<T>
        {
            public Listed(int count, IReadOnlyList<T> items)
            {
                Count = count;
                Items = items;
            }

            /// <summary>How many objects Exchange returned (before the module's own filter).</summary>
            public int Count { get; }

            public IReadOnlyList<T> Items { get; }
        }

        private static string RequestToolTip(ExchangeRestoreRequest r)
        {
            var sb = new StringBuilder(r.Name).Append(": ").Append(r.Status);
            if (!string.IsNullOrWhiteSpace(r.BatchName)) sb.Append(", batch ").Append(r.BatchName);
            return sb.ToString();
        }

        private static string? FirstGiven(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        private static IReadOnlyList<CompletionItem> Safely(Func<IReadOnlyList<CompletionItem>> complete)
        {
            try
            {
                return complete();
            }
#pragma warning disable CA1031 // a completer must never throw: any failure is "no completions"
            catch (Exception)
#pragma warning restore CA1031
            {
                return Array.Empty<CompletionItem>();
            }
        }
    }
}

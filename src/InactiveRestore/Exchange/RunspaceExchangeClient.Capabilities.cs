using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;

namespace InactiveRestore.Exchange
{
    internal sealed partial class RunspaceExchangeClient
    {
        /// <summary>
        /// True when the session has the Exchange command <paramref name="commandName"/> (unprefixed, e.g.
        /// Get-ManagementRole) under the connection's prefix. Throws ExchangeException (NotConnected, SessionExpired) when
        /// there is no usable connection. Cached per connection.
        /// </summary>
        public bool HasCommand(string commandName) => ParametersOf(commandName) is not null;

        /// <summary>
        /// True when the session's <paramref name="commandName"/> (unprefixed) has the parameter
        /// <paramref name="parameterName"/> (name or alias, case-insensitive), e.g. Set-MailboxRestoreRequest
        /// -SkippedItemApprovalTime; false when it lacks it or the command is missing. Cached per connection.
        /// </summary>
        public bool HasParameter(string commandName, string parameterName)
        {
            if (string.IsNullOrWhiteSpace(parameterName)) throw new ArgumentException("A parameter name is needed.", nameof(parameterName));
            return ParametersOf(commandName)?.Contains(parameterName.TrimStart('-')) == true;
        }

        /// <summary>The prefixed name an unprefixed Exchange command has in this session (Get-Mailbox → Get-ContosoMailbox).</summary>
        public string PrefixedName(string commandName) => PrefixedName(new ExchangeCommand(commandName));

        private HashSet<string>? ParametersOf(string commandName)
        {
            var name = PrefixedName(new ExchangeCommand(commandName));
            if (_shapes.TryGetValue(name, out var known)) return known;
            var shared = SharedShapes();
            var key = shared is null ? null : _sharedKeyPrefix + name;
            if (key is not null && shared!.TryGetValue(key, out var cached))
            {
                _shapes[name] = cached;
                return cached;
            }
            HashSet<string>? parameters = null;
            var info = _commands.TryGetValue(name, out var resolved) ? resolved : FindCommand(name);
            if (info is not null)
            {
                parameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                try
                {
                    foreach (var p in info.Parameters.Values)
                    {
                        parameters.Add(p.Name);
                        foreach (var a in p.Aliases) parameters.Add(a);
                    }
                }
                catch (Exception e) when (e is RuntimeException or InvalidOperationException)
                {
                    // A command whose parameters cannot be read (a broken function): it exists, with no known parameters.
                }
            }
            _shapes[name] = parameters;
            if (key is not null)
            {
                if (shared!.Count >= ShapeCacheLimit) shared.Clear();
                shared[key] = parameters;
            }
            return parameters;
        }

        // The cache shared by the clients of this connection: that of its module instance, else keyed by ConnectionId;
        // null when neither is known (then only this client caches).
        private System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>?>? SharedShapes()
        {
            if (_sharedShapes is not null || _sharedKeyPrefix == string.Empty) return _sharedShapes;
            var connection = Connection;
            var moduleName = connection is null ? null : ExchangeValue.String(connection, "ModuleName");
            var module = moduleName is null ? null : FindModule(moduleName);
            if (module is not null)
            {
                _sharedKeyPrefix = "\n";
                return _sharedShapes = ModuleShapes.GetValue(module, _ => new(StringComparer.OrdinalIgnoreCase));
            }
            var connectionId = connection is null ? null : ExchangeValue.String(connection, "ConnectionId");
            if (connectionId is null)
            {
                _sharedKeyPrefix = string.Empty;
                return null;
            }
            _sharedKeyPrefix = connectionId + "\n" + moduleName + "\n";
            return _sharedShapes = ConnectionShapes;
        }

        private PSModuleInfo? FindModule(string name)
        {
            using var ps = _factory();
            ps.AddCommand("Get-Module").AddParameter("Name", WildcardPattern.Escape(name)).AddParameter("ErrorAction", ActionPreference.Ignore);
            try
            {
                return ps.Invoke().Select(o => o?.BaseObject).OfType<PSModuleInfo>().FirstOrDefault();
            }
            catch (RuntimeException)
            {
                return null;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// One Exchange cmdlet call: its unprefixed name (e.g. <c>New-MailboxRestoreRequest</c>) and its parameters in order.
    /// It is data only: the seam runs it with AddCommand/AddParameter; <see cref="ToDisplayString"/> renders it for
    /// -WhatIf and Verbose, never for execution.
    /// </summary>
    internal sealed class ExchangeCommand
    {
        private readonly List<KeyValuePair<string, object?>> _parameters = new();

        public ExchangeCommand(string name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.IndexOf('-') <= 0)
            {
                throw new ArgumentException("An Exchange command name has the form Verb-Noun.", nameof(name));
            }
            Name = name;
        }

        /// <summary>The unprefixed Exchange cmdlet name, e.g. Get-Mailbox.</summary>
        public string Name { get; }

        public string Verb => Name.Substring(0, Name.IndexOf('-'));

        public string Noun => Name.Substring(Name.IndexOf('-') + 1);

        /// <summary>True for calls that create or change something in Exchange (New, Set, Remove, Suspend, Resume, Add).</summary>
        public bool IsChange => Verb is not ("Get" or "Test");

        public IReadOnlyList<KeyValuePair<string, object?>> Parameters => _parameters;

        /// <summary>Adds a parameter with a value. A null value is refused: Exchange treats a null identity as "everything".</summary>
        public ExchangeCommand Param(string name, object? value)
        {
            if (value is null)
            {
                throw new ArgumentNullException(nameof(value), $"Parameter -{name} of {Name} must not be null.");
            }
            if (value is string s && s.Length == 0)
            {
                throw new ArgumentException($"Parameter -{name} of {Name} must not be empty.", nameof(value));
            }
            if (IsIdentityParameter(name) && IsBlank(value))
            {
                throw BlankIdentity(name, value);
            }
            _parameters.Add(new KeyValuePair<string, object?>(name, value));
            return this;
        }

        /// <summary>Adds a parameter only when a value is given.</summary>
        public ExchangeCommand ParamIf(string name, object? value)
        {
            if (value is null || (value is string s && s.Length == 0)) return this;
            if (value is System.Collections.ICollection c && c.Count == 0) return this;
            return Param(name, value);
        }

        /// <summary>Adds a switch parameter (present).</summary>
        public ExchangeCommand Switch(string name, bool present = true)
        {
            if (present) _parameters.Add(new KeyValuePair<string, object?>(name, SwitchParameter.Present));
            return this;
        }

        /// <summary>
        /// The seam's last guard (defence in depth; the cmdlets validate identities long before): Exchange takes a
        /// null, empty or blank <c>-Identity</c> of a Get- cmdlet as "every object", and a Set-/Remove-/Suspend-/Resume-
        /// cmdlet without one would prompt for it. Throws <see cref="InvalidInputException"/> (ErrorId
        /// InvalidIdentity) for a Get-, Set-, Remove-, Suspend- or Resume- command whose Identity is blank (null, empty,
        /// whitespace, the empty GUID), and for a Set-, Remove-, Suspend- or Resume- command or a Get-...Statistics command
        /// (statistics are always asked per object) without one.
        /// </summary>
        public void EnsureIdentityIsSafe()
        {
            if (Verb is not ("Get" or "Set" or "Remove" or "Suspend" or "Resume")) return;
            var identity = _parameters.Where(p => IsIdentityParameter(p.Key)).ToList();
            if (identity.Count == 0)
            {
                if (Verb == "Get" && !Noun.EndsWith("Statistics", StringComparison.OrdinalIgnoreCase)) return;
                throw new InvalidInputException("InvalidIdentity", "Identity", null,
                    $"{Name} was not sent: it needs an -Identity (Exchange would prompt for one).");
            }
            foreach (var p in identity)
            {
                if (IsBlank(p.Value)) throw BlankIdentity(p.Key, p.Value);
            }
        }

        private static bool IsIdentityParameter(string name) => string.Equals(name, "Identity", StringComparison.OrdinalIgnoreCase);

        private static bool IsBlank(object? value)
        {
            var v = value is PSObject pso ? pso.BaseObject : value;
            return v switch
            {
                null => true,
                string s => s.Trim().Length == 0,
                Guid g => g == Guid.Empty,
                _ => (Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty).Trim().Length == 0,
            };
        }

        private InvalidInputException BlankIdentity(string parameter, object? value) =>
            new("InvalidIdentity", parameter, value,
                $"{Name} was not sent: its -{parameter} is blank, and Exchange takes a blank identity as 'every object'.");

        public object? this[string parameter] =>
            _parameters.FirstOrDefault(p => string.Equals(p.Key, parameter, StringComparison.OrdinalIgnoreCase)).Value;

        public bool Has(string parameter) =>
            _parameters.Any(p => string.Equals(p.Key, parameter, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => ToDisplayString();

        /// <summary>Renders the call as PowerShell text with single-quoted literals, for display only.</summary>
        public string ToDisplayString(string? prefix = null)
        {
            var sb = new StringBuilder();
            sb.Append(string.IsNullOrEmpty(prefix) ? Name : $"{Verb}-{prefix}{Noun}");
            foreach (var p in _parameters)
            {
                sb.Append(" -").Append(p.Key);
                if (p.Value is SwitchParameter) continue;
                sb.Append(' ').Append(Render(p.Value));
            }
            return sb.ToString();
        }

        internal static string Quote(string value) =>
            "'" + value.Replace("'", "''").Replace("\u2018", "\u2018\u2018").Replace("\u2019", "\u2019\u2019")
                       .Replace("\u201A", "\u201A\u201A").Replace("\u201B", "\u201B\u201B") + "'";

        private static string Render(object? value)
        {
            switch (value)
            {
                case null: return "$null";
                case bool b: return b ? "$true" : "$false";
                case string s: return Quote(s);
                case Guid g: return Quote(g.ToString());
                case DateTime d: return Quote(d.ToString("o", CultureInfo.InvariantCulture));
                case TimeSpan t: return Quote(t.ToString("c", CultureInfo.InvariantCulture));
                case int or long or double: return Convert.ToString(value, CultureInfo.InvariantCulture)!;
                case System.Collections.IDictionary dict:
                    var parts = new List<string>();
                    foreach (System.Collections.DictionaryEntry e in dict)
                        parts.Add($"{e.Key}={Render(e.Value)}");
                    return "@{" + string.Join("; ", parts) + "}";
                case System.Collections.IEnumerable items:
                    return "@(" + string.Join(",", items.Cast<object?>().Select(Render)) + ")";
                default: return Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }
    }
}

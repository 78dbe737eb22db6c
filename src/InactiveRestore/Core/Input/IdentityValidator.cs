using System;
using System.Text.RegularExpressions;

namespace InactiveRestore.Core
{
    /// <summary>What form an identity value has.</summary>
    internal enum IdentityKind
    {
        /// <summary>A GUID (ExchangeGuid, Guid, ExternalDirectoryObjectId): the most precise identity.</summary>
        Guid,
        /// <summary>An Active Directory distinguished name: CN=...,OU=...,DC=...</summary>
        DistinguishedName,
        /// <summary>A legacy Exchange DN: /o=ExchangeLabs/ou=.../cn=...</summary>
        LegacyExchangeDN,
        /// <summary>An SMTP address or a user principal name (same shape: a@b.c).</summary>
        SmtpAddress,
        /// <summary>An alias, name or display name.</summary>
        Name,
    }

    /// <summary>A validated identity: the value to give Exchange and its kind.</summary>
    internal sealed class IdentityInfo
    {
        public IdentityInfo(string value, IdentityKind kind)
        {
            Value = value;
            Kind = kind;
        }

        /// <summary>The value to pass to Exchange (trimmed; GUIDs normalized to the 'D' form without braces).</summary>
        public string Value { get; }

        public IdentityKind Kind { get; }

        /// <summary>The GUID when <see cref="Kind"/> is Guid.</summary>
        public Guid? Guid => Kind == IdentityKind.Guid ? System.Guid.Parse(Value) : null;

        /// <summary>True for forms that name exactly one object (GUID, DN, legacy DN).</summary>
        public bool IsUnique => Kind is IdentityKind.Guid or IdentityKind.DistinguishedName or IdentityKind.LegacyExchangeDN;

        public override string ToString() => Value;
    }

    /// <summary>
    /// Checks an identity before any Exchange call. Decisions:
    /// <list type="bullet">
    /// <item>Leading and trailing whitespace is trimmed (Exchange ignores it too; it usually comes from pasted CSVs).</item>
    /// <item>Refused (InvalidInputException, ErrorId InvalidIdentity): null/empty/whitespace, the empty GUID, control characters,
    /// the wildcards * and ? (Exchange's -Identity does not take wildcards), over 1024 characters, and names
    /// (alias/display name) over 256 characters.</item>
    /// <item>Not refused: quotes, semicolons, <c>$(...)</c>, unicode look-alikes. They are printable and are passed to
    /// Exchange as one literal parameter value: the seam never builds script text.</item>
    /// </list>
    /// </summary>
    internal static class IdentityValidator
    {
        public const string ErrorId = "InvalidIdentity";
        public const int MaxLength = 1024;
        public const int MaxNameLength = 256;

        private static readonly Regex Smtp = new(@"^[^@\s]+@[^@\s]+\.[^@\s\.]+$");
        private static readonly Regex DnComponent = new(@"^\s*[A-Za-z][A-Za-z0-9-]*\s*=.*$", RegexOptions.Singleline);
        private static readonly Regex DnStart = new(@"^(CN|OU|DC|O)=", RegexOptions.IgnoreCase);

        /// <summary>Validates and classifies; throws InvalidInputException (ErrorId InvalidIdentity) when refused.</summary>
        public static IdentityInfo Validate(string? value, string parameterName = "Identity")
        {
            if (TryValidate(value, out var info, out var reason)) return info!;
            throw new InvalidInputException(ErrorId, parameterName, value, $"The identity '{InputText.Printable(value)}' given to -{parameterName} is refused: {reason}");
        }

        public static bool TryValidate(string? value, out IdentityInfo? info, out string? reason)
        {
            info = null;
            if (value is null || value.Trim().Length == 0)
            {
                reason = "it is empty. Exchange treats an empty identity as 'every object', so one must be given.";
                return false;
            }
            var v = value.Trim();
            if (v.Length > MaxLength)
            {
                reason = $"it is {v.Length} characters long; an Exchange identity has at most {MaxLength}.";
                return false;
            }
            foreach (var c in v)
            {
                if (char.IsControl(c))
                {
                    reason = $"it contains the control character U+{(int)c:X4}.";
                    return false;
                }
            }
            if (v.IndexOf('*') >= 0 || v.IndexOf('?') >= 0)
            {
                reason = "it contains a wildcard (* or ?). Exchange's -Identity does not take wildcards; give one exact " +
                         "identity (ExchangeGuid, DistinguishedName, SMTP address or alias), or omit -Identity to list all.";
                return false;
            }

            if (InputText.TryParseGuid(v, out var g))
            {
                if (g == System.Guid.Empty)
                {
                    reason = "it is the empty GUID, which names no mailbox.";
                    return false;
                }
                info = new IdentityInfo(g.ToString("D"), IdentityKind.Guid);
                reason = null;
                return true;
            }
            if (v.StartsWith("/o=", StringComparison.OrdinalIgnoreCase))
            {
                info = new IdentityInfo(v, IdentityKind.LegacyExchangeDN);
                reason = null;
                return true;
            }
            if (IsDistinguishedName(v))
            {
                info = new IdentityInfo(v, IdentityKind.DistinguishedName);
                reason = null;
                return true;
            }
            if (Smtp.IsMatch(v))
            {
                info = new IdentityInfo(v, IdentityKind.SmtpAddress);
                reason = null;
                return true;
            }
            if (v.Length > MaxNameLength)
            {
                reason = $"as a name or alias it is {v.Length} characters long; at most {MaxNameLength} are possible.";
                return false;
            }
            info = new IdentityInfo(v, IdentityKind.Name);
            reason = null;
            return true;
        }

        /// <summary>CN=a\,b,OU=x,DC=y: every component split on unescaped commas has the form attribute=value.</summary>
        public static bool IsDistinguishedName(string value)
        {
            if (!DnStart.IsMatch(value)) return false;
            var start = 0;
            var components = 0;
            for (var i = 0; i <= value.Length; i++)
            {
                if (i < value.Length && value[i] == '\\') { i++; continue; }
                if (i == value.Length || value[i] == ',')
                {
                    var part = value.Substring(start, i - start);
                    if (!DnComponent.IsMatch(part)) return false;
                    components++;
                    start = i + 1;
                }
            }
            return components >= 2;
        }

    }
}

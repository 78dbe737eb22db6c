using System;
using System.Linq;

namespace InactiveRestore.Core
{
    /// <summary>What form a restore request identity has.</summary>
    internal enum RequestIdentityKind
    {
        /// <summary>The RequestGuid: unambiguous.</summary>
        Guid,
        /// <summary><c>{target mailbox}\{name}</c>: Exchange's request identity, unambiguous.</summary>
        Qualified,
        /// <summary>A bare request name: looked up with Get-MailboxRestoreRequest -Name (a filter), may match several targets.</summary>
        Name,
    }

    /// <summary>A validated restore request identity.</summary>
    internal sealed class RequestIdentityInfo
    {
        public RequestIdentityInfo(string value, RequestIdentityKind kind, string? mailbox, string? name)
        {
            Value = value;
            Kind = kind;
            Mailbox = mailbox;
            Name = name;
        }

        /// <summary>The value to give Exchange (trimmed; a GUID in 'D' form).</summary>
        public string Value { get; }
        public RequestIdentityKind Kind { get; }
        /// <summary>The target mailbox part of a qualified identity.</summary>
        public string? Mailbox { get; }
        /// <summary>The request name (qualified or bare identities).</summary>
        public string? Name { get; }
        public Guid? Guid => Kind == RequestIdentityKind.Guid ? System.Guid.Parse(Value) : null;

        public override string ToString() => Value;
    }

    /// <summary>
    /// Checks a restore request identity before any Exchange call (Exchange takes a null or empty identity as "every
    /// request"). Accepted: a RequestGuid (with or without braces), <c>{target alias or address}\{name}</c> (split at the
    /// last '\'), or a bare request name. Refused with InvalidInputException, ErrorId <see cref="ErrorId"/>:
    /// null/empty/whitespace, control characters, wildcards (* ?), an empty mailbox or name part, a mailbox part that
    /// <see cref="IdentityValidator"/> refuses, a name part that is not a valid request name (<see cref="RequestNaming.CheckName"/>),
    /// more than 1024 characters.
    /// </summary>
    internal static class RequestIdentity
    {
        public const string ErrorId = "InvalidRequestIdentity";

        public static RequestIdentityInfo Validate(string? value, string parameterName = "Identity")
        {
            if (TryValidate(value, out var info, out var reason)) return info!;
            throw new InvalidInputException(ErrorId, parameterName, value,
                $"The restore request identity '{InputText.Printable(value)}' given to -{parameterName} is refused: {reason} Give a RequestGuid, 'alias\\Name' or a request name.");
        }

        public static bool TryValidate(string? value, out RequestIdentityInfo? info, out string? reason)
        {
            info = null;
            if (value is null || value.Trim().Length == 0)
            {
                reason = "it is empty (Exchange would take an empty identity as 'every request').";
                return false;
            }
            var v = value.Trim();
            if (v.Length > IdentityValidator.MaxLength)
            {
                reason = $"it is {v.Length} characters long; at most {IdentityValidator.MaxLength} are possible.";
                return false;
            }
            if (v.Any(char.IsControl))
            {
                reason = "it contains control characters.";
                return false;
            }
            if (v.IndexOf('*') >= 0 || v.IndexOf('?') >= 0)
            {
                reason = "it contains a wildcard (* or ?); request identities take no wildcards (use -BatchName, -TargetMailbox or -Status to list several).";
                return false;
            }
            if (InputText.TryParseGuid(v, out var g))
            {
                if (g == System.Guid.Empty)
                {
                    reason = "it is the empty GUID.";
                    return false;
                }
                info = new RequestIdentityInfo(g.ToString("D"), RequestIdentityKind.Guid, null, null);
                reason = null;
                return true;
            }
            var slash = v.LastIndexOf('\\');
            string? mailbox = null;
            var name = v;
            if (slash >= 0)
            {
                mailbox = v.Substring(0, slash).Trim();
                name = v.Substring(slash + 1).Trim();
                if (mailbox.Length == 0)
                {
                    reason = "the mailbox part before '\\' is empty.";
                    return false;
                }
                if (!IdentityValidator.TryValidate(mailbox, out _, out var mailboxReason))
                {
                    reason = "its mailbox part: " + mailboxReason;
                    return false;
                }
            }
            if (name.Length == 0)
            {
                reason = "the request name is empty.";
                return false;
            }
            if (RequestNaming.CheckName(name) is { } why)
            {
                reason = why + ".";
                return false;
            }
            info = mailbox is null
                ? new RequestIdentityInfo(name, RequestIdentityKind.Name, null, name)
                : new RequestIdentityInfo(mailbox + "\\" + name, RequestIdentityKind.Qualified, mailbox, name);
            reason = null;
            return true;
        }

    }
}

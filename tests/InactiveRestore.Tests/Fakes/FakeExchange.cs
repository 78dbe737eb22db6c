using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using InactiveRestore.Core;
using InactiveRestore.Exchange;

namespace InactiveRestore.Tests.Fakes;

/// <summary>A mailbox of the fake tenant (active or inactive), with its statistics.</summary>
internal sealed class FakeMailbox
{
    public Guid ExchangeGuid { get; set; } = Guid.NewGuid();
    public Guid Guid { get; set; } = Guid.NewGuid();
    public string Alias { get; set; } = "user";
    public string DisplayName { get; set; } = "User";
    public string PrimarySmtpAddress { get; set; } = "user@contoso.com";
    public string DistinguishedName { get; set; } = "";
    public string? LegacyExchangeDN { get; set; }
    public bool IsInactive { get; set; }
    public List<string> EmailAddresses { get; set; } = new();
    public bool LitigationHoldEnabled { get; set; }
    public List<string> InPlaceHolds { get; set; } = new();
    public bool HasArchive { get; set; }
    public bool AutoExpandingArchiveEnabled { get; set; }
    public bool RetentionHoldEnabled { get; set; }
    public DateTime? StartDateForRetentionHold { get; set; }
    public string? RetentionPolicy { get; set; }
    /// <summary>Bytes; null = Unlimited.</summary>
    public long? Quota { get; set; }
    public long? ArchiveQuota { get; set; }
    public long ItemSize { get; set; } = 100L << 20;
    public long ItemCount { get; set; } = 1000;
    public long DeletedItemSize { get; set; } = 10L << 20;
    public long DeletedItemCount { get; set; } = 50;
    public long ArchiveItemSize { get; set; } = 50L << 20;
    public long ArchiveItemCount { get; set; } = 500;
    public bool IsDirSynced { get; set; }
    /// <summary>Folders restores put in this mailbox (primary or archive): they are part of its ItemSize/ItemCount (ArchiveItem*).</summary>
    public List<FakeFolder> RestoredFolders { get; } = new();
    /// <summary>Raw property values that replace the generated ones (archive states, unreadable sizes...).</summary>
    public Dictionary<string, object?> Overrides { get; } = new();

    public PSObject ToPSObject() => FakeExchange.Bag(new Dictionary<string, object?>
    {
        ["ExchangeGuid"] = ExchangeGuid.ToString(),
        ["Guid"] = Guid.ToString(),
        ["DistinguishedName"] = DistinguishedName,
        ["LegacyExchangeDN"] = LegacyExchangeDN,
        ["PrimarySmtpAddress"] = PrimarySmtpAddress,
        ["DisplayName"] = DisplayName,
        ["Alias"] = Alias,
        ["Name"] = Alias,
        ["Identity"] = Alias,
        ["RecipientTypeDetails"] = "UserMailbox",
        ["IsInactiveMailbox"] = IsInactive,
        ["WhenSoftDeleted"] = IsInactive ? "2024-01-10T08:00:00Z" : null,
        ["LitigationHoldEnabled"] = LitigationHoldEnabled,
        ["InPlaceHolds"] = InPlaceHolds.ToArray(),
        ["ArchiveGuid"] = HasArchive ? ExchangeGuid.ToString().Replace(ExchangeGuid.ToString().Substring(0, 4), "aaaa") : Guid.Empty.ToString(),
        ["ArchiveStatus"] = HasArchive ? "Active" : "None",
        ["AutoExpandingArchiveEnabled"] = AutoExpandingArchiveEnabled,
        ["EmailAddresses"] = EmailAddresses.ToArray(),
        ["RetentionHoldEnabled"] = RetentionHoldEnabled,
        ["StartDateForRetentionHold"] = StartDateForRetentionHold,
        ["RetentionPolicy"] = RetentionPolicy,
        ["ProhibitSendReceiveQuota"] = Quota is long q ? ExchangeValue.FormatSize(q) : "Unlimited",
        ["ArchiveQuota"] = ArchiveQuota is long a ? ExchangeValue.FormatSize(a) : "Unlimited",
        ["ArchiveDatabase"] = HasArchive ? "EURPR01DG001-db042" : string.Empty,
        ["ArchiveName"] = HasArchive ? new[] { "In-Place Archive - " + DisplayName } : Array.Empty<string>(),
        ["IsDirSynced"] = IsDirSynced,
    }, Overrides);

    public bool Matches(string identity) =>
        new[] { ExchangeGuid.ToString(), Guid.ToString(), DistinguishedName, PrimarySmtpAddress, Alias, DisplayName }
            .Concat(EmailAddresses.Where(e => e.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase)).Select(e => e.Substring(5)))
            .Any(v => !string.IsNullOrEmpty(v) && string.Equals(v, identity, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A folder an earlier restore left in a mailbox (a top-level path such as "/Restored-Jo-2024-01-02").</summary>
internal sealed record FakeFolder(string Path, long Items, long Bytes, bool Archive = false, string Type = "User Created");

/// <summary>A restore request of the fake tenant; tests set its state directly.</summary>
internal sealed class FakeRequest
{
    public Guid RequestGuid { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = "";
    public FakeMailbox Target { get; set; } = null!;
    public Guid SourceExchangeGuid { get; set; }
    public string SourceDisplay { get; set; } = "";
    public bool IsArchive { get; set; }
    public string? BatchName { get; set; }
    public string Status { get; set; } = "Queued";
    public string? StatusDetail { get; set; }
    public string? Message { get; set; }
    public bool Suspend { get; set; }
    public int PercentComplete { get; set; }
    public long? ItemsTransferred { get; set; }
    public long? EstimatedItems { get; set; }
    public long? BytesTransferred { get; set; }
    public long? EstimatedBytes { get; set; }
    public long? BytesPerMinute { get; set; }
    public string? TargetRootFolder { get; set; }
    public string? ConflictResolutionOption { get; set; }
    public int? PositionInQueue { get; set; }
    public string? DataConsistencyScore { get; set; }
    public List<string> Report { get; set; } = new();

    public string Identity => Target.Alias + "\\" + Name;

    public PSObject ToRequestObject() => FakeExchange.Bag(new Dictionary<string, object?>
    {
        ["Name"] = Name,
        ["Identity"] = Identity,
        ["RequestGuid"] = RequestGuid.ToString(),
        ["TargetMailbox"] = Target.Alias,
        ["SourceMailbox"] = SourceDisplay,
        ["Status"] = Status,
        ["BatchName"] = BatchName,
        ["Suspend"] = Suspend,
    });

    public PSObject ToStatistics(bool includeReport) => FakeExchange.Bag(new Dictionary<string, object?>
    {
        ["Name"] = Name,
        ["Identity"] = Identity,
        ["RequestGuid"] = RequestGuid.ToString(),
        ["BatchName"] = BatchName,
        ["Status"] = Status,
        ["StatusDetail"] = StatusDetail ?? Status,
        ["Suspend"] = Suspend,
        ["SourceExchangeGuid"] = SourceExchangeGuid.ToString(),
        ["TargetAlias"] = Target.Alias,
        ["TargetExchangeGuid"] = Target.ExchangeGuid.ToString(),
        ["SourceIsArchive"] = IsArchive,
        ["TargetIsArchive"] = IsArchive,
        ["TargetRootFolder"] = TargetRootFolder,
        ["ConflictResolutionOption"] = ConflictResolutionOption,
        ["EstimatedTransferSize"] = EstimatedBytes is long e ? ExchangeValue.FormatSize(e) : null,
        ["EstimatedTransferItemCount"] = EstimatedItems,
        ["BytesTransferred"] = BytesTransferred is long b ? ExchangeValue.FormatSize(b) : null,
        ["BytesTransferredPerMinute"] = BytesPerMinute is long m ? ExchangeValue.FormatSize(m) : null,
        ["ItemsTransferred"] = ItemsTransferred,
        ["PercentComplete"] = PercentComplete,
        ["Message"] = Message,
        ["PositionInQueue"] = PositionInQueue,
        ["DataConsistencyScore"] = DataConsistencyScore,
        ["Report"] = includeReport ? Report.Select(r => FakeExchange.Bag(new Dictionary<string, object?> { ["Message"] = r })).ToArray() : null,
    });
}

/// <summary>
/// A small scripted Exchange Online: mailboxes, statistics and restore requests whose state the test sets, following
/// the contract's rules (identity resolution, inactive statistics only with -IncludeSoftDeletedRecipients, unique
/// names per target, default name slots, X500 required unless -AllowLegacyDNMismatch). Every call is recorded.
/// </summary>
internal sealed class FakeExchange : IExchangeSession
{
    private readonly List<(string Command, ExchangeErrorKind Kind, bool AfterApplying, Func<ExchangeCommand, bool>? When)> _faults = new();

    public string Prefix => "";
    public List<FakeMailbox> Mailboxes { get; } = new();
    public List<FakeRequest> Requests { get; } = new();
    public List<ExchangeCommand> Calls { get; } = new();
    public event EventHandler<string>? Calling;
    /// <summary>Runs before each call is served (after it is recorded): lets a test move requests along.</summary>
    public Action<ExchangeCommand>? BeforeServe { get; set; }

    public FakeMailbox AddMailbox(string alias, bool inactive = false, Action<FakeMailbox>? configure = null)
    {
        var m = new FakeMailbox
        {
            Alias = alias,
            DisplayName = char.ToUpperInvariant(alias[0]) + alias.Substring(1),
            PrimarySmtpAddress = alias + "@contoso.com",
            DistinguishedName = $"CN={alias},OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com",
            LegacyExchangeDN = $"/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn={Guid.NewGuid():N}-{alias}",
            IsInactive = inactive,
        };
        m.EmailAddresses.Add("SMTP:" + m.PrimarySmtpAddress);
        configure?.Invoke(m);
        Mailboxes.Add(m);
        return m;
    }

    public FakeRequest AddRequest(FakeMailbox source, FakeMailbox target, string name, bool isArchive = false, string status = "Queued", string? batch = null)
    {
        var r = new FakeRequest { Name = name, Target = target, SourceExchangeGuid = source.ExchangeGuid, SourceDisplay = source.DisplayName, IsArchive = isArchive, Status = status, BatchName = batch };
        Requests.Add(r);
        return r;
    }

    /// <summary>The next call of <paramref name="command"/> (matching <paramref name="when"/>) fails; with <paramref name="afterApplying"/> the change is made first (ambiguous outcome).</summary>
    public void FailNext(string command, ExchangeErrorKind kind, bool afterApplying = false, Func<ExchangeCommand, bool>? when = null) =>
        _faults.Add((command, kind, afterApplying, when));

    public IEnumerable<ExchangeCommand> CallsOf(string name) => Calls.Where(c => c.Name == name);

    public int Count(string name) => CallsOf(name).Count();

    /// <summary>The options each call was made with (by command object).</summary>
    public Dictionary<ExchangeCommand, ExchangeCallOptions?> Options { get; } = new(ReferenceEqualityComparer.Instance);

    public event EventHandler<ExchangeRetryEventArgs>? Retrying { add { } remove { } }
    public event EventHandler<string>? Warning { add { } remove { } }

    /// <summary>
    /// Like the seam's RetryPolicy with a single attempt: a change call that fails transiently is settled by one look
    /// through the caller's check (found = success); without a check the error's outcome is unknown.
    /// </summary>
    public IReadOnlyList<PSObject> Invoke(ExchangeCommand command, ExchangeCallOptions? options)
    {
        Options[command] = options;
        try
        {
            return Invoke(command);
        }
        catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Transient && command.IsChange)
        {
            Func<IReadOnlyList<PSObject>?>? check = options?.FindApplied
                ?? (options?.AlreadyApplied is { } f ? () => f() ? Array.Empty<PSObject>() : null : null);
            if (check is null) throw e.With(true, 1);
            IReadOnlyList<PSObject>? found;
            try { found = check(); }
            catch (ExchangeException) { throw e.With(true, 1); }
            if (found is not null) return found;
            throw e.With(false, 1);
        }
    }

    public IReadOnlyList<PSObject> Invoke(ExchangeCommand command)
    {
        Calls.Add(command);
        Calling?.Invoke(this, command.ToDisplayString());
        BeforeServe?.Invoke(command);
        var fault = _faults.FindIndex(f => f.Command == command.Name && (f.When is null || f.When(command)));
        if (fault >= 0)
        {
            var f = _faults[fault];
            _faults.RemoveAt(fault);
            if (f.AfterApplying) Serve(command);
            throw new ExchangeException(f.Kind, $"Injected {f.Kind} failure of {command.Name}.", command.Name);
        }
        return Serve(command);
    }

    private IReadOnlyList<PSObject> Serve(ExchangeCommand c)
    {
        switch (c.Name)
        {
            case "Get-Mailbox": return GetMailbox(c);
            case "Set-Mailbox": SetMailbox(c); return Array.Empty<PSObject>();
            case "Get-MailboxStatistics": return new[] { Statistics(c) };
            case "Get-MailboxFolderStatistics": return FolderStatistics(c);
            case "Get-Recipient": return GetRecipient(c);
            case "New-MailboxRestoreRequest": return new[] { NewRequest(c) };
            case "Get-MailboxRestoreRequest": return GetRequests(c).Select(r => r.ToRequestObject()).ToList();
            case "Get-MailboxRestoreRequestStatistics": return new[] { RequestByIdentity(c).ToStatistics(c.Has("IncludeReport")) };
            case "Suspend-MailboxRestoreRequest":
                { var r = RequestByIdentity(c); if (r.Status.StartsWith("Completed")) throw Permanent(c, "InvalidRequestStateTransientException"); r.Suspend = true; r.Status = "Suspended"; return Array.Empty<PSObject>(); }
            case "Resume-MailboxRestoreRequest":
                { var r = RequestByIdentity(c); r.Suspend = false; r.Status = "Queued"; return Array.Empty<PSObject>(); }
            case "Remove-MailboxRestoreRequest":
                Requests.Remove(RequestByIdentity(c)); return Array.Empty<PSObject>();
            default: throw new ExchangeException(ExchangeErrorKind.Permanent, $"The fake does not know {c.Name}.", c.Name);
        }
    }

    private static string Id(ExchangeCommand c) => Convert.ToString(c["Identity"]) ?? throw new InvalidOperationException("no identity");

    private static ExchangeException NotFound(ExchangeCommand c, object? identity) =>
        new(ExchangeErrorKind.NotFound, $"The operation couldn't be performed because object '{identity}' couldn't be found.", c.Name, identity, "ManagementObjectNotFoundException");

    private static ExchangeException Permanent(ExchangeCommand c, string type, string? message = null) =>
        new(ExchangeErrorKind.Permanent, message ?? type, c.Name, null, type);

    private IReadOnlyList<PSObject> GetMailbox(ExchangeCommand c)
    {
        IEnumerable<FakeMailbox> pool = c.Has("InactiveMailboxOnly") ? Mailboxes.Where(m => m.IsInactive)
            : c.Has("IncludeInactiveMailbox") ? Mailboxes : Mailboxes.Where(m => !m.IsInactive);
        if (!c.Has("Identity")) return pool.Select(m => m.ToPSObject()).ToList();
        var id = Id(c);
        var found = pool.Where(m => m.Matches(id)).ToList();
        if (found.Count == 0) throw NotFound(c, id);
        if (found.Count > 1) throw new ExchangeException(ExchangeErrorKind.Ambiguous, $"The operation couldn't be performed because '{id}' matches multiple entries.", c.Name, id, "ManagementObjectAmbiguousException");
        return new[] { found[0].ToPSObject() };
    }

    private FakeMailbox Active(ExchangeCommand c, string parameter)
    {
        var id = Convert.ToString(c[parameter])!;
        return Mailboxes.SingleOrDefault(m => !m.IsInactive && m.Matches(id)) ?? throw NotFound(c, id);
    }

    private void SetMailbox(ExchangeCommand c)
    {
        var m = Active(c, "Identity");
        if (c.Has("EmailAddresses") && m.IsDirSynced)
            throw Permanent(c, "RecipientTaskException", $"The operation on mailbox \"{c["Identity"]}\" failed because it's out of the current user's write scope. The action 'Set-Mailbox', 'EmailAddresses', can't be performed on the object '{c["Identity"]}' because the object is being synchronized from your on-premises organization. This action should be performed on the object in your on-premises organization.");
        if (c["EmailAddresses"] is Hashtable r && r["Remove"] is string remove)
            m.EmailAddresses.RemoveAll(e => string.Equals(e, remove, StringComparison.OrdinalIgnoreCase));
        if (c["EmailAddresses"] is Hashtable h && (h["Add"] is string || h["Add"] is string[]))
        {
            // One call adds one address or several (all or none, as Exchange does).
            var adds = h["Add"] is string one ? new[] { one } : (string[])h["Add"]!;
            foreach (var add in adds)
            {
                if (m.EmailAddresses.Contains(add, StringComparer.OrdinalIgnoreCase)) throw Permanent(c, "ProxyAddressExistsException", $"The proxy address \"{add}\" is already being used.");
                // Proxy addresses are unique across active recipients (contract §10): Exchange names the first one held.
                var holder = Mailboxes.FirstOrDefault(x => x != m && !x.IsInactive && (x.EmailAddresses.Contains(add, StringComparer.OrdinalIgnoreCase)
                    || string.Equals("X500:" + x.LegacyExchangeDN, add, StringComparison.OrdinalIgnoreCase)));
                if (holder is not null)
                    throw Permanent(c, "ProxyAddressExistsException", $"The proxy address \"{add}\" is already being used by the proxy addresses or LegacyExchangeDN of \"{holder.Alias}\". Please choose another proxy address.");
            }
            m.EmailAddresses.AddRange(adds);
        }
        if (c.Has("RetentionHoldEnabled")) m.RetentionHoldEnabled = (bool)c["RetentionHoldEnabled"]!;
        if (c.Has("StartDateForRetentionHold")) m.StartDateForRetentionHold = (DateTime?)c["StartDateForRetentionHold"];
    }

    private PSObject Statistics(ExchangeCommand c)
    {
        var id = Id(c);
        var m = Mailboxes.FirstOrDefault(x => x.Matches(id) && (!x.IsInactive || c.Has("IncludeSoftDeletedRecipients"))) ?? throw NotFound(c, id);
        var archive = c.Has("Archive");
        if (archive && !m.HasArchive) throw Permanent(c, "MailboxNotFoundException", "The mailbox has no archive.");
        return Bag(new Dictionary<string, object?>
        {
            ["TotalItemSize"] = ExchangeValue.FormatSize(archive ? m.ArchiveItemSize : m.ItemSize),
            ["ItemCount"] = archive ? m.ArchiveItemCount : m.ItemCount,
            ["TotalDeletedItemSize"] = ExchangeValue.FormatSize(archive ? 0 : m.DeletedItemSize),
            ["DeletedItemCount"] = archive ? 0 : m.DeletedItemCount,
        });
    }

    /// <summary>
    /// Get-MailboxFolderStatistics of an active mailbox: Top of Information Store, the Inbox (what is not in restored
    /// folders), the restored folders, and the Recoverable Items root with Deletions (the deleted items) — FolderSize sums
    /// equal Get-MailboxStatistics' TotalItemSize and TotalDeletedItemSize.
    /// </summary>
    private IReadOnlyList<PSObject> FolderStatistics(ExchangeCommand c)
    {
        var m = Active(c, "Identity");
        var archive = c.Has("Archive");
        if (archive && !m.HasArchive) throw Permanent(c, "MailboxNotFoundException", "The mailbox has no archive.");
        var restored = m.RestoredFolders.Where(f => f.Archive == archive).ToList();
        long size = archive ? m.ArchiveItemSize : m.ItemSize, items = archive ? m.ArchiveItemCount : m.ItemCount;
        long deletedSize = archive ? 0 : m.DeletedItemSize, deletedItems = archive ? 0 : m.DeletedItemCount;
        var rows = new List<(string Path, string Type, long Items, long Bytes)>
        {
            ("/Top of Information Store", "Root", 0, 0),
            ("/Inbox", "Inbox", Math.Max(0, items - restored.Sum(f => f.Items)), Math.Max(0, size - restored.Sum(f => f.Bytes))),
        };
        rows.AddRange(restored.Select(f => (f.Path, f.Type, f.Items, f.Bytes)));
        rows.Add(("/Recoverable Items", "RecoverableItemsRoot", 0, 0));
        rows.Add(("/Deletions", "RecoverableItemsDeletions", deletedItems, deletedSize));
        return rows.Select(r =>
        {
            var top = r.Type == "Root";
            var dumpsterRoot = r.Type == "RecoverableItemsRoot";
            long subItems = top ? rows.Where(x => !x.Type.StartsWith("RecoverableItems")).Sum(x => x.Items) : dumpsterRoot ? deletedItems : r.Items;
            long subBytes = top ? rows.Where(x => !x.Type.StartsWith("RecoverableItems")).Sum(x => x.Bytes) : dumpsterRoot ? deletedSize : r.Bytes;
            return Bag(new Dictionary<string, object?>
            {
                ["Name"] = r.Path.Substring(r.Path.LastIndexOf('/') + 1), ["FolderPath"] = r.Path, ["FolderType"] = r.Type,
                ["ItemsInFolder"] = r.Items, ["ItemsInFolderAndSubfolders"] = subItems,
                ["FolderSize"] = ExchangeValue.FormatSize(r.Bytes), ["FolderAndSubfolderSize"] = ExchangeValue.FormatSize(subBytes),
            });
        }).ToList();
    }

    private PSObject NewRequest(ExchangeCommand c)
    {
        var sourceId = Convert.ToString(c["SourceMailbox"])!;
        var source = Mailboxes.SingleOrDefault(m => m.IsInactive && m.Matches(sourceId)) ?? throw NotFound(c, sourceId);
        var target = Active(c, "TargetMailbox");
        var name = c["Name"] as string;
        var onTarget = Requests.Where(r => r.Target == target).ToList();
        if (name is null)
        {
            name = Enumerable.Range(0, 10).Select(i => i == 0 ? "MailboxRestore" : "MailboxRestore" + i)
                .FirstOrDefault(n => onTarget.All(r => !string.Equals(r.Name, n, StringComparison.OrdinalIgnoreCase)))
                ?? throw Permanent(c, "NoAvailableDefaultNamePermanentException");
        }
        if (name.Contains('\\')) throw Permanent(c, "InvalidNameCharacterPermanentException");
        if (onTarget.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))) throw Permanent(c, "NameMustBeUniquePermanentException");
        if (!c.Has("AllowLegacyDNMismatch") && source.LegacyExchangeDN is { } dn && !target.EmailAddresses.Contains("X500:" + dn, StringComparer.OrdinalIgnoreCase))
            throw Permanent(c, "RecipientNotFoundPermanentException", "The target mailbox lacks the source's LegacyExchangeDN as an X500 address.");
        var isArchive = c.Has("SourceIsArchive");
        var r = new FakeRequest
        {
            Name = name, Target = target, SourceExchangeGuid = source.ExchangeGuid, SourceDisplay = source.DisplayName,
            IsArchive = isArchive, BatchName = c["BatchName"] as string, TargetRootFolder = c["TargetRootFolder"] as string,
            ConflictResolutionOption = c["ConflictResolutionOption"] as string ?? "KeepSourceItem",
            EstimatedBytes = isArchive ? source.ArchiveItemSize : source.ItemSize, EstimatedItems = isArchive ? source.ArchiveItemCount : source.ItemCount,
        };
        Requests.Add(r);
        return r.ToRequestObject();
    }

    private IEnumerable<FakeRequest> GetRequests(ExchangeCommand c)
    {
        if (c.Has("Identity")) return new[] { RequestByIdentity(c) };
        IEnumerable<FakeRequest> q = Requests;
        if (c["TargetMailbox"] is string t) q = q.Where(r => r.Target.Matches(t));
        if (c["BatchName"] is string b) q = q.Where(r => string.Equals(r.BatchName, b, StringComparison.OrdinalIgnoreCase));
        if (c["Name"] is string n) q = q.Where(r => string.Equals(r.Name, n, StringComparison.OrdinalIgnoreCase));
        if (c["Status"] is string s) q = q.Where(r => string.Equals(r.Status, s, StringComparison.OrdinalIgnoreCase));
        return q.ToList();
    }

    private FakeRequest RequestByIdentity(ExchangeCommand c)
    {
        var id = Id(c);
        return Requests.FirstOrDefault(r => string.Equals(r.RequestGuid.ToString(), id, StringComparison.OrdinalIgnoreCase)
                   || string.Equals(r.Identity, id, StringComparison.OrdinalIgnoreCase))
               ?? throw NotFound(c, id);
    }

    public static PSObject Bag(IDictionary<string, object?> values, IDictionary<string, object?>? overrides = null)
    {
        var o = new PSObject();
        foreach (var kv in values) o.Properties.Add(new PSNoteProperty(kv.Key, overrides is not null && overrides.TryGetValue(kv.Key, out var v) ? v : kv.Value));
        return o;
    }

    /// <summary>
    /// Get-Recipient -Filter "EmailAddresses -eq '&lt;address&gt;'", or several such terms in parentheses joined with -or
    /// (the only forms the module sends): active holders of any of the addresses.
    /// </summary>
    private IReadOnlyList<PSObject> GetRecipient(ExchangeCommand c)
    {
        var filter = Convert.ToString(c["Filter"]) ?? throw new InvalidOperationException("no filter");
        const string term = @"EmailAddresses -eq '((?:[^']|'')*)'";
        var one = System.Text.RegularExpressions.Regex.Match(filter, "^" + term + "$");
        var many = System.Text.RegularExpressions.Regex.Match(filter, @"^\(" + term + @"\)( -or \(" + term + @"\))+$");
        if (!one.Success && !many.Success) throw Permanent(c, "ParameterBindingException", "Invalid filter syntax.");
        var addresses = System.Text.RegularExpressions.Regex.Matches(filter, term).Cast<System.Text.RegularExpressions.Match>()
            .Select(x => x.Groups[1].Value.Replace("''", "'")).ToList();
        return Mailboxes.Where(x => !x.IsInactive && addresses.Any(address => x.EmailAddresses.Contains(address, StringComparer.OrdinalIgnoreCase)
                || string.Equals("X500:" + x.LegacyExchangeDN, address, StringComparison.OrdinalIgnoreCase)))
            .Select(x => Bag(new Dictionary<string, object?>
            {
                ["Name"] = x.Alias, ["DisplayName"] = x.DisplayName, ["PrimarySmtpAddress"] = x.PrimarySmtpAddress,
                ["RecipientTypeDetails"] = "UserMailbox", ["ExchangeGuid"] = x.ExchangeGuid.ToString(), ["DistinguishedName"] = x.DistinguishedName,
                ["LegacyExchangeDN"] = x.LegacyExchangeDN, ["EmailAddresses"] = x.EmailAddresses.ToArray(), ["IsDirSynced"] = x.IsDirSynced,
            })).ToList();
    }
}

/// <summary>A plain IExchangeClient (no retry policy, no per-call options) over a FakeExchange.</summary>
internal sealed class PlainClient : IExchangeClient
{
    private readonly FakeExchange _inner;
    public PlainClient(FakeExchange inner) => _inner = inner;
    public string Prefix => _inner.Prefix;
    public event EventHandler<string>? Calling { add => _inner.Calling += value; remove => _inner.Calling -= value; }
    public IReadOnlyList<PSObject> Invoke(ExchangeCommand command) => _inner.Invoke(command);
}

/// <summary>A clock whose Sleep advances time instantly and records the waits.</summary>
internal sealed class FakeClock : IClock
{
    public DateTime UtcNow { get; set; } = new(2024, 1, 15, 9, 0, 0, DateTimeKind.Utc);
    public List<TimeSpan> Sleeps { get; } = new();
    /// <summary>Runs after each sleep (e.g. to cancel a token).</summary>
    public Action<int>? AfterSleep { get; set; }

    public void Sleep(TimeSpan duration, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return;
        Sleeps.Add(duration);
        UtcNow += duration;
        AfterSleep?.Invoke(Sleeps.Count);
    }
}

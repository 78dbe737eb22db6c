using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Exchange;

namespace InactiveRestore.Model
{
    /// <summary>One finding of the validator. <see cref="Code"/> is stable (it becomes the ErrorId).</summary>
    public sealed class ValidationIssue
    {
        public ValidationIssue(string code, ValidationSeverity severity, string message, string? remedy = null)
        {
            Code = code;
            Severity = severity;
            Message = message;
            Remedy = remedy;
        }

        public string Code { get; }
        public ValidationSeverity Severity { get; }
        public string Message { get; }
        /// <summary>How to fix it, in one sentence.</summary>
        public string? Remedy { get; }

        public override string ToString() => $"{Severity} {Code}: {Message}" + (Remedy is null ? string.Empty : " " + Remedy);
    }

    /// <summary>One Exchange restore request the restore will create (or finds already there).</summary>
    public sealed class PlannedRequest
    {
        public string Name { get; set; } = string.Empty;
        public bool IsArchive { get; set; }
        public string TargetRootFolder { get; set; } = string.Empty;
        /// <summary>The commands this request runs, in order. The first planned request carries the Set-Mailbox preparation.</summary>
        public List<ExchangeCommand> Commands { get; set; } = new();
        /// <summary>The New-MailboxRestoreRequest call (also the last of <see cref="Commands"/>).</summary>
        public ExchangeCommand? NewRequestCommand { get; set; }
        /// <summary>Set when a request of this name, same source and kind, is already on the target: it is returned, not created.</summary>
        public ExchangeRestoreRequest? ExistingRequest { get; set; }
        public bool AlreadyExists => ExistingRequest is not null;
        /// <summary>The existing request's statistics, when read.</summary>
        public ExchangeRestoreRequestStatistics? ExistingStatistics { get; set; }
        /// <summary>Bytes the source part holds (items, plus Recoverable Items unless excluded), when known.</summary>
        public long? EstimatedBytes { get; set; }
        /// <summary>What the request adds to the target's quota (the source part's TotalItemSize; Recoverable Items count against another quota).</summary>
        public long? QuotaBytes { get; set; }
        public long? EstimatedItems { get; set; }
        /// <summary>How long copying <see cref="EstimatedBytes"/> may take (<see cref="Core.RestoreEstimator"/>), when known.</summary>
        public TimeSpan? EstimatedDuration { get; set; }
    }

    /// <summary>What the validator found and what the restore will do.</summary>
    public sealed class ValidationResult
    {
        public const string PSTypeName = "InactiveRestore.ValidationResult";

        public bool IsValid => !Errors.Any();
        /// <summary>The source as shown to the user: the resolved mailbox's display name and ExchangeGuid, else the identity given.</summary>
        public string? Source { get; set; }
        /// <summary>The target as shown to the user: the resolved mailbox's address, else the identity given.</summary>
        public string? Target { get; set; }
        public ExchangeMailbox? ResolvedSource { get; set; }
        public ExchangeMailbox? ResolvedTarget { get; set; }
        public List<PlannedRequest> PlannedRequests { get; set; } = new();
        /// <summary>Set-Mailbox calls to run before any New-MailboxRestoreRequest (retention hold, then X500).</summary>
        public List<ExchangeCommand> PreparationCommands { get; set; } = new();
        public List<ValidationIssue> Issues { get; set; } = new();
        /// <summary>The UTC moment the plan was made (its date names the default folder).</summary>
        public DateTime PlannedAt { get; set; }

        public IEnumerable<ValidationIssue> Errors => Issues.Where(i => i.Severity == ValidationSeverity.Error);
        public IEnumerable<ValidationIssue> Warnings => Issues.Where(i => i.Severity == ValidationSeverity.Warning);
        public IEnumerable<ValidationIssue> Information => Issues.Where(i => i.Severity == ValidationSeverity.Information);

        /// <summary>Every command the restore will run, in order.</summary>
        public IEnumerable<ExchangeCommand> Commands => PlannedRequests.SelectMany(p => p.Commands);

        public bool Has(string code) => Issues.Any(i => string.Equals(i.Code, code, StringComparison.Ordinal));

        public ValidationIssue? Find(string code) => Issues.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.Ordinal));

        /// <summary>The result wrapped with its PSTypeName, as Test-InactiveRestore writes it.</summary>
        public System.Management.Automation.PSObject ToPSObject()
        {
            var o = new System.Management.Automation.PSObject(this);
            o.TypeNames.Insert(0, PSTypeName);
            return o;
        }

        public override string ToString() => $"{Source} -> {Target}: " + (IsValid ? "valid" : string.Join(", ", Errors.Select(e => e.Code)));

        internal void Add(string code, ValidationSeverity severity, string message, string? remedy = null) =>
            Issues.Add(new ValidationIssue(code, severity, message, remedy));
    }
}

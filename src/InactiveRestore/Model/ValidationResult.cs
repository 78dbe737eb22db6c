using System;
using System.Collections.Generic;
using System.Linq;

namespace InactiveRestore.Model
{
    /// <summary>One finding of the planner. <see cref="Code"/> is stable (it becomes the ErrorId).</summary>
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
        /// <summary>True when a request of this source and kind is already on the target (or planned earlier in the same run): it is reused, not created.</summary>
        public bool AlreadyExists { get; set; }
        /// <summary>The RequestGuid of the request reused, when it exists in Exchange.</summary>
        public Guid? ExistingRequestId { get; set; }
        /// <summary>Exchange's status of the request reused.</summary>
        public string? ExistingStatus { get; set; }
        /// <summary>Bytes the source part holds (items, plus Recoverable Items unless excluded), when known.</summary>
        public long? EstimatedBytes { get; set; }
        /// <summary>What the request adds to the target's quota (the source part's TotalItemSize; Recoverable Items count against another quota).</summary>
        public long? QuotaBytes { get; set; }
        public long? EstimatedItems { get; set; }
        /// <summary>How long copying <see cref="EstimatedBytes"/> may take at the observed transfer rate, when known.</summary>
        public TimeSpan? EstimatedDuration { get; set; }

        // The space check of a request to create, as SpaceCheck made it (all null when it did not run: a reused request,
        // a size that could not be read). Headroom after = quota - used - other restores - QuotaBytes.

        /// <summary>The target part's quota the request was checked against (ProhibitSendReceiveQuota, or ArchiveQuota for the archive).</summary>
        public long? TargetQuotaBytes { get; set; }
        /// <summary>True when the target part has no quota (Unlimited): there was nothing to check against, and its size was not read.</summary>
        public bool TargetQuotaUnlimited { get; set; }
        /// <summary>What the target part holds now (its TotalItemSize).</summary>
        public long? TargetUsedBytes { get; set; }
        /// <summary>What earlier pairs of the same run and restores already running into the target part will still add (counted against its quota too).</summary>
        public long? OtherRestoresBytes { get; set; }
        /// <summary>The free quota the target part keeps once this request has copied <see cref="QuotaBytes"/>; negative = the shortfall (InsufficientSpace).</summary>
        public long? HeadroomAfterBytes { get; set; }

        public string Kind => IsArchive ? "Archive" : "Primary";

        public override string ToString() => Name;
    }

    /// <summary>One step of a pair's plan, in the order Start-InactiveRestore runs them.</summary>
    public sealed class PlannedStep
    {
        public PlannedStep(PlanStepKind kind, string purpose, string? name, string? commandLine, string? requestName, bool isArchive)
        {
            Kind = kind;
            Purpose = purpose;
            Name = name;
            CommandLine = commandLine;
            RequestName = requestName;
            IsArchive = isArchive;
        }

        public PlanStepKind Kind { get; }
        /// <summary>What the step is for, in one sentence.</summary>
        public string Purpose { get; }
        /// <summary>The Exchange cmdlet the step runs (unprefixed), or null when it runs none (a reused request).</summary>
        public string? Name { get; }
        /// <summary>The command line as -WhatIf prints it (with the connection's prefix).</summary>
        public string? CommandLine { get; }
        /// <summary>The restore request the step creates or reuses.</summary>
        public string? RequestName { get; }
        public bool IsArchive { get; }

        /// <summary>Short text (an Export-Csv cell): the cmdlet and what the step is for; <see cref="CommandLine"/> has the full command.</summary>
        public override string ToString() => Name is null ? Purpose : $"{Name}: {Purpose}";
    }

    /// <summary>The plan of one source/target pair: what the planner found and the steps the restore will run (Test-InactiveRestore's output).</summary>
    public sealed class ValidationResult
    {
        public bool IsValid => !Issues.Any(i => i.Severity == ValidationSeverity.Error);
        /// <summary>The source as shown to the user: the resolved mailbox's display name and ExchangeGuid, else the identity given.</summary>
        public string? Source { get; set; }
        /// <summary>The target as shown to the user: the resolved mailbox's address, else the identity given.</summary>
        public string? Target { get; set; }
        /// <summary>The pair in one short text, <c>source -> target</c>, each by its alias as Start- and Get-InactiveRestore show it (the identity given when it was not resolved).</summary>
        public string? Pair { get; set; }
        /// <summary>The resolved source's ExchangeGuid (the identity the restore gives Exchange), when resolved.</summary>
        public Guid? SourceExchangeGuid { get; set; }
        /// <summary>The resolved target's ExchangeGuid, when resolved.</summary>
        public Guid? TargetExchangeGuid { get; set; }
        /// <summary>The requests the restore makes or reuses; for a refused pair, those it would make once the errors are fixed (none is made).</summary>
        public List<PlannedRequest> PlannedRequests { get => _planned; set => _planned = TextList<PlannedRequest>.Of(value); }
        private List<PlannedRequest> _planned = new TextList<PlannedRequest>();
        /// <summary>The steps in order (preparation, then one per request); empty when the pair is refused (nothing would run).</summary>
        public List<PlannedStep> Steps { get => _steps; set => _steps = TextList<PlannedStep>.Of(value); }
        private List<PlannedStep> _steps = new TextList<PlannedStep>();
        public List<ValidationIssue> Issues { get => _issues; set => _issues = TextList<ValidationIssue>.Of(value); }
        private List<ValidationIssue> _issues = new TextList<ValidationIssue>();
        /// <summary>The UTC moment the plan was made (its date names the default folder).</summary>
        public DateTime PlannedAt { get; set; }

        // Read into lists (not lazy queries): $v.Errors.Count works and Export-Csv joins their items.
        public IEnumerable<ValidationIssue> Errors => new TextList<ValidationIssue>(Issues.Where(i => i.Severity == ValidationSeverity.Error));
        public IEnumerable<ValidationIssue> Warnings => new TextList<ValidationIssue>(Issues.Where(i => i.Severity == ValidationSeverity.Warning));
        public IEnumerable<ValidationIssue> Information => new TextList<ValidationIssue>(Issues.Where(i => i.Severity == ValidationSeverity.Information));

        /// <summary>The steps that send an Exchange command, in order; none for a refused pair (nothing would run).</summary>
        public IEnumerable<PlannedStep> Commands => new TextList<PlannedStep>(IsValid ? Steps.Where(s => s.Name is not null) : Enumerable.Empty<PlannedStep>());

        public bool Has(string code) => Issues.Any(i => string.Equals(i.Code, code, StringComparison.Ordinal));

        public ValidationIssue? Find(string code) => Issues.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.Ordinal));

        public override string ToString() => $"{Source} -> {Target}: " + (IsValid ? "valid" : string.Join(", ", Errors.Select(e => e.Code)));

        internal void Add(string code, ValidationSeverity severity, string message, string? remedy = null) =>
            Issues.Add(new ValidationIssue(code, severity, message, remedy));
    }
}

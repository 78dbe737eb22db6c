namespace InactiveRestore.Model
{
    /// <summary>How a readiness check came out.</summary>
    public enum ReadinessStatus
    {
        /// <summary>Ready for what the module does.</summary>
        Pass,
        /// <summary>Works, but something may not: read the Detail and the Remedy.</summary>
        Warn,
        /// <summary>The module will fail at this point until the Remedy is applied.</summary>
        Fail,
    }

    /// <summary>One row of Test-InactiveRestoreEnvironment: what was checked, how it came out, what was seen, what to do.</summary>
    public sealed class ReadinessCheck
    {
        public ReadinessCheck(string check, ReadinessStatus status, string detail, string? remedy = null)
        {
            Check = check;
            Status = status;
            Detail = detail;
            Remedy = remedy ?? string.Empty;
        }

        /// <summary>What was checked, e.g. "Connection", "Cmdlet Get-Mailbox", "Shape: inactive mailbox".</summary>
        public string Check { get; }

        public ReadinessStatus Status { get; }

        /// <summary>What was found. Never holds mailbox names or addresses (the table is meant to be shared).</summary>
        public string Detail { get; }

        /// <summary>What to do when the Status is not Pass (empty when nothing is needed).</summary>
        public string Remedy { get; }

        public override string ToString() => $"{Status} {Check}: {Detail}";
    }
}

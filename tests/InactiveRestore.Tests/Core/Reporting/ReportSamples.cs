using System;
using System.Collections.Generic;
using InactiveRestore.Core.Reporting;
using InactiveRestore.Model;

namespace InactiveRestore.Tests.Core.Reporting;

/// <summary>Fixed restore results and refusals for the renderer tests (no clock, no Exchange).</summary>
internal static class ReportSamples
{
    public const string Hostile = "<script>alert(1)</script>";
    public static readonly DateTime Generated = new(2026, 12, 1, 10, 15, 0, DateTimeKind.Utc);
    public static readonly Guid SourceA = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    public static readonly Guid TargetA = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000001");
    public static readonly Guid SourceB = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000002");
    public static readonly Guid TargetB = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");

    public static DateTime At(int hour, int minute) => new(2026, 12, 1, hour, minute, 0, DateTimeKind.Utc);

    public static RestoreResult Completed(Guid id, bool archive = false, long items = 1244, long bytes = 198180864) => new()
    {
        RequestId = id,
        RequestName = "IR-megan.bowen-aa193739-" + (archive ? "Archive" : "Primary"),
        Identity = "adele.vance\\IR-megan.bowen-aa193739-" + (archive ? "Archive" : "Primary"),
        Source = "megan.bowen",
        SourceExchangeGuid = SourceA,
        Target = "adele.vance",
        TargetExchangeGuid = TargetA,
        IsArchive = archive,
        BatchName = "Demo",
        TargetRootFolder = "Restored-Megan Bowen-2026-12-01" + (archive ? "-Archive" : string.Empty),
        Status = OperationStatus.Completed,
        ExchangeStatus = "Completed",
        StatusDetail = "Completed",
        ItemsCopied = items,
        ItemsSkipped = 0,
        EstimatedItems = items,
        BytesCopied = bytes,
        EstimatedBytes = bytes,
        PercentComplete = 100,
        DataConsistencyScore = "Perfect",
        QueuedAt = At(10, 0),
        StartedAt = At(10, 2),
        CompletedAt = At(10, 14),
        LastUpdatedAt = At(10, 14),
        Success = true,
    };

    /// <summary>A failed request whose names, folder and messages carry markup and spreadsheet formulas.</summary>
    public static RestoreResult HostileFailed() => new()
    {
        RequestId = Guid.Parse("cccccccc-0000-0000-0000-000000000003"),
        RequestName = "IR-evil-0b68778d-Primary",
        Identity = "target\\IR-evil-0b68778d-Primary",
        Source = Hostile,
        SourceExchangeGuid = SourceB,
        Target = "\" onmouseover=\"alert(2)",
        TargetExchangeGuid = TargetB,
        BatchName = "Demo",
        TargetRootFolder = "=HYPERLINK(\"http://evil.example/\",\"x\"), folder",
        Status = OperationStatus.Failed,
        ExchangeStatus = "Failed",
        StatusDetail = "FailedBadItemLimit",
        Error = "Error: TooManyBadItemsPermanentException: <img src=x onerror=alert(3)>",
        ItemsCopied = 4511,
        ItemsSkipped = 41,
        EstimatedItems = 7940,
        BytesCopied = 700L * 1024 * 1024,
        EstimatedBytes = 1181116006,
        PercentComplete = 58,
        DataConsistencyScore = "Investigate",
        QueuedAt = At(10, 5),
        StartedAt = null,
        CompletedAt = At(11, 30),
        LastUpdatedAt = At(11, 30),
        Warnings = new List<string> { "line one\r\nline \"two\"", "@SUM(1+1)" },
    };

    public static ValidationResult Refused()
    {
        var v = new ValidationResult { Source = "Diego <b>Siciliani</b>", Target = "gerhart.moller@contoso.onmicrosoft.com" };
        v.Issues.Add(new ValidationIssue("AutoExpandingArchive", ValidationSeverity.Error, "'Diego' has an auto-expanding archive.", "Export it with a content search."));
        v.Issues.Add(new ValidationIssue("RetentionMayPurge", ValidationSeverity.Warning, "The target is not on retention hold."));
        return v;
    }

    public static ReportContext Context() => new()
    {
        GeneratedAtUtc = Generated,
        LocalUser = "runner",
        UserPrincipalName = "admin@contoso.onmicrosoft.com",
        Organization = "contoso.onmicrosoft.com",
        ModuleVersion = "0.1.0",
        SourceDescription = "-BatchName Demo",
    };

    /// <summary>Two pairs, three requests (A primary and archive, B failed) and one refused pair.</summary>
    public static RestoreReport Report()
    {
        var rows = new List<ReportRow>
        {
            ReportRows.FromResult(Completed(Guid.Parse("dddddddd-0000-0000-0000-000000000001"))),
            ReportRows.FromResult(Completed(Guid.Parse("dddddddd-0000-0000-0000-000000000002"), archive: true, items: 422, bytes: 65011712)),
            ReportRows.FromResult(HostileFailed()),
            ReportRows.FromRefusal(Refused())!,
        };
        return new RestoreReport(rows, Context());
    }
}

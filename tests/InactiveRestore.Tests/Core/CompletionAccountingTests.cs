using System;
using System.Collections.Generic;
using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>Issue 9: skipped items are part of every result, and a copy with skipped items is never plain Completed.</summary>
public class CompletionAccountingTests
{
    private static ExchangeRestoreRequestStatistics Stats(string status, long transferred = 7940, long bad = 0, long large = 0, long missing = 0,
        string? dcs = null, DateTime? approved = null, DateTime? failedAt = null, string? statusDetail = null, string? failureType = null) => new()
    {
        Name = "IR-lynne.robbins-0a1b2c3d-Primary", RequestGuid = Guid.NewGuid(), Status = status, StatusDetail = statusDetail ?? status,
        ItemsTransferred = transferred, EstimatedTransferItemCount = 7940, BadItemsEncountered = bad, LargeItemsEncountered = large,
        MissingItemsEncountered = missing, DataConsistencyScore = dcs, SkippedItemApprovalTime = approved, FailureTimestamp = failedAt,
        FailureType = failureType,
    };

    [Fact]
    public void CompletedWithSkippedItemsIsCompletedWithWarningsAndCountsOnlyWhatArrived()
    {
        var r = RestoreResults.FromStatistics(Stats("Completed", bad: 38, missing: 3, dcs: "Investigate", approved: DateTime.UtcNow));
        Assert.Equal(OperationStatus.CompletedWithWarnings, r.Status);
        Assert.Equal("Completed", r.ExchangeStatus);
        Assert.Equal(7899, r.ItemsCopied);
        Assert.Equal(7940, r.ItemsTransferred);
        Assert.Equal(41, r.ItemsSkipped);
        Assert.Equal((38L, 0L, 3L), (r.BadItems!.Value, r.LargeItems!.Value, r.MissingItems!.Value));
        Assert.Contains(r.Warnings, w => w.Contains("41 item(s) skipped (38 bad, 0 large, 3 missing)") && w.Contains("-IncludeSkippedItems"));
        Assert.Contains(r.Warnings, w => w.StartsWith("Data Consistency Score is Investigate"));
        // The stale "must approve" warning is gone once Exchange has completed the request.
        Assert.DoesNotContain(r.Warnings, w => w.Contains("approve"));
        Assert.True(r.Success);
    }

    [Theory]
    [InlineData("Investigate")]
    [InlineData("Poor")]
    public void CompletedWithAPoorScoreButNoSkippedItemIsStillCompletedWithWarnings(string dcs)
    {
        var r = RestoreResults.FromStatistics(Stats("Completed", dcs: dcs));
        Assert.Equal(OperationStatus.CompletedWithWarnings, r.Status);
        Assert.Contains(r.Warnings, w => w.Contains("Data Consistency Score is " + dcs));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Perfect")]
    [InlineData("Good")]
    public void CompletedCleanlyStaysCompleted(string? dcs)
    {
        var r = RestoreResults.FromStatistics(Stats("Completed", dcs: dcs));
        Assert.Equal(OperationStatus.Completed, r.Status);
        Assert.Empty(r.Warnings);
        Assert.Equal(7940, r.ItemsCopied);
        Assert.Equal(0, r.ItemsSkipped);
    }

    [Fact]
    public void FailedOnBadItemsAsksForApprovalUntilItIsApproved()
    {
        var failedAt = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
        var failed = RestoreResults.FromStatistics(Stats("Failed", transferred: 4000, bad: 14, dcs: "Investigate", failedAt: failedAt,
            statusDetail: "FailedBadItemLimit", failureType: "TooManyBadItemsPermanentException"));
        Assert.Equal(OperationStatus.Failed, failed.Status);
        Assert.Contains(failed.Warnings, w => w.Contains("must review and approve") && w.Contains("-ApproveSkippedItems"));

        var approvedRunning = RestoreResults.FromStatistics(Stats("InProgress", transferred: 4500, bad: 14, dcs: "Investigate", failedAt: failedAt,
            approved: failedAt.AddMinutes(5), statusDetail: "CopyingMessages"));
        Assert.Equal(OperationStatus.InProgress, approvedRunning.Status);
        Assert.DoesNotContain(approvedRunning.Warnings, w => w.Contains("approve"));
    }

    [Fact]
    public void FailedStaysFailedWhenEveryItemWasCopied()
    {
        var s = Stats("Failed", transferred: 1456, statusDetail: "FailedOther") with
        {
            Report = new[] { new ExchangeReportEntry(null, null, "Copy progress: 1456/1456 messages, 416.5 MB (436,712,733 bytes)/416.5 MB (436,712,733 bytes).") },
        };
        var r = RestoreResults.FromStatistics(s);
        Assert.Equal(OperationStatus.Failed, r.Status);
        Assert.Equal("Failed", r.ExchangeStatus);
        Assert.Contains(r.Warnings, w => w.Contains("Exchange has not finished the request") && w.Contains("1456/1456"));
    }

    [Fact]
    public void CopiedNeverGoesBelowZero()
    {
        var r = RestoreResults.FromStatistics(Stats("InProgress", transferred: 5, bad: 9, statusDetail: "CopyingMessages"));
        Assert.Equal(0, r.ItemsCopied);
        Assert.Equal(9, r.ItemsSkipped);
    }
}

/// <summary>-Verify: items found under the target root folder against items copied.</summary>
public class RestoreVerifierTests
{
    private sealed class FoldersGateway : IExchangeGateway
    {
        public readonly List<(string Mailbox, bool Archive)> Calls = new();
        public Dictionary<(string, bool), List<ExchangeFolderStatistics>> Folders { get; } = new();
        public string Prefix => string.Empty;
        public IReadOnlyList<ExchangeFolderStatistics> GetFolderStatistics(string mailbox, bool archive)
        {
            Calls.Add((mailbox, archive));
            return Folders.TryGetValue((mailbox, archive), out var f) ? f : new List<ExchangeFolderStatistics>();
        }
        public IReadOnlyList<ExchangeMailbox> FindMailboxes(string identity, MailboxScope scope) => throw new NotSupportedException();
        public ExchangeMailboxStatistics? GetMailboxStatistics(string identity, bool archive, bool softDeleted) => throw new NotSupportedException();
        public ExchangeMailboxMeasure? MeasureMailbox(string identity, bool archive) => throw new NotSupportedException();
        public IReadOnlyList<ExchangeRestoreRequest> ListRequests(RequestFilter filter) => throw new NotSupportedException();
        public ExchangeRestoreRequest? GetRequest(string identity, bool throwIfMissing = false) => throw new NotSupportedException();
        public ExchangeRestoreRequestStatistics GetStatistics(string identity, bool includeReport = false, bool rereadFailedWithReport = true) => throw new NotSupportedException();
        public IReadOnlyList<ExchangeSkippedItem> GetSkippedItems(string identity) => throw new NotSupportedException();
        public IReadOnlyList<ExchangeRestoreRequest> ListRequestsQuietly() => throw new NotSupportedException();
        public IReadOnlyList<ExchangeMailbox> ListInactiveMailboxesQuietly(int limit) => throw new NotSupportedException();
        public IReadOnlyList<ExchangeMailbox> ListActiveMailboxesQuietly(int limit) => throw new NotSupportedException();
        public IReadOnlyList<ExchangeMailbox> ListInactiveMailboxes(string? identity, int? resultSize, object? target) => throw new NotSupportedException();
        public IReadOnlyList<ExchangeRecipient>? FindRecipientsWithAddresses(IReadOnlyList<string> proxyAddresses) => throw new NotSupportedException();
        public ChangeOutcome Change(ExchangeCommand command, Func<bool> alreadyApplied) => throw new NotSupportedException();
        public (ExchangeRestoreRequest? Request, bool Recovered) NewRequest(ExchangeCommand command, string targetIdentity, string name) => throw new NotSupportedException();
    }

    private static readonly Guid Target = Guid.NewGuid();

    private static RestoreResult R(string folder, long copied, bool archive = false, OperationStatus status = OperationStatus.Completed) => new()
    {
        RequestId = Guid.NewGuid(), RequestName = "IR-x", Target = "adele.vance", TargetExchangeGuid = Target, IsArchive = archive,
        TargetRootFolder = folder, ItemsCopied = copied, Status = status, PercentComplete = 100,
    };

    private static ExchangeFolderStatistics F(string path, long items) => new()
    {
        Name = path.Substring(path.LastIndexOf('/') + 1), FolderPath = path, ItemsInFolderAndSubfolders = items,
    };

    private static FoldersGateway Gateway(params ExchangeFolderStatistics[] primary)
    {
        var g = new FoldersGateway();
        g.Folders[(Target.ToString(), false)] = primary.ToList();
        return g;
    }

    [Fact]
    public void FoundEqualToCopiedIsVerified_OneCallPerTargetAndKind()
    {
        var g = Gateway(F("/Top of Information Store", 9000), F("/Restored-Jane-2026-03-02", 7899), F("/Restored-Bob-2026-03-02", 100));
        g.Folders[(Target.ToString(), true)] = new List<ExchangeFolderStatistics> { F("/Restored-Jane-2026-03-02-Archive", 50) };
        var results = new[] { R("Restored-Jane-2026-03-02", 7899), R("Restored-Bob-2026-03-02", 100), R("Restored-Jane-2026-03-02-Archive", 50, archive: true) };
        new RestoreVerifier(g).Verify(results);
        Assert.All(results, r => Assert.Equal(VerificationStatus.Verified, r.Verification));
        Assert.Equal(7899, results[0].ItemsVerified);
        Assert.Equal(new[] { (Target.ToString(), false), (Target.ToString(), true) }, g.Calls);
    }

    [Fact]
    public void FewerFoundThanCopiedBeyondTheToleranceIsAShortfall()
    {
        Assert.Equal(5, RestoreVerifier.Tolerance(100));
        Assert.Equal(40, RestoreVerifier.Tolerance(7899));
        var within = R("/Restored-Jane-2026-03-02", 7899);
        new RestoreVerifier(Gateway(F("/Restored-Jane-2026-03-02", 7899 - 40))).Verify(new[] { within });
        Assert.Equal(VerificationStatus.Verified, within.Verification);
        var beyond = R("/Restored-Jane-2026-03-02", 7899);
        new RestoreVerifier(Gateway(F("/Restored-Jane-2026-03-02", 7899 - 41))).Verify(new[] { beyond });
        Assert.Equal(VerificationStatus.Shortfall, beyond.Verification);
        Assert.Contains("41 missing (tolerance 40)", beyond.VerificationNote);
    }

    [Fact]
    public void RequestsIntoTheSameFolderAreComparedTogether()
    {
        var a = R("Restored-Jane-2026-03-02", 100);
        var b = R("Restored-Jane-2026-03-02", 100);
        new RestoreVerifier(Gateway(F("/Restored-Jane-2026-03-02", 120))).Verify(new[] { a, b });
        Assert.Equal(VerificationStatus.Shortfall, a.Verification);
        Assert.Contains("together with 1 other request", a.VerificationNote);
    }

    [Fact]
    public void MovedMissingNoRootOrUnfinishedIsNotVerifiable()
    {
        var g = Gateway(F("/Inbox/Old mail/Restored-Jane-2026-03-02", 7899));
        var moved = R("Restored-Jane-2026-03-02", 7899);
        var gone = R("Restored-Other-2026-03-02", 10);
        var noRoot = R("", 10);
        var running = R("Restored-Jane-2026-03-02", 10, status: OperationStatus.InProgress);
        new RestoreVerifier(g).Verify(new[] { moved, gone, noRoot, running });
        Assert.All(new[] { moved, gone, noRoot, running }, r => Assert.Equal(VerificationStatus.NotVerifiable, r.Verification));
        Assert.Contains("/Inbox/Old mail/Restored-Jane-2026-03-02", moved.VerificationNote);
        Assert.Contains("renamed, moved or deleted", gone.VerificationNote);
        Assert.Contains("no target root folder", noRoot.VerificationNote);
        Assert.Contains("has not finished", running.VerificationNote);
    }

    [Fact]
    public void AFailedRequestIsNotVerifiableWhateverItCopied()
    {
        // The folder holds every item the failed request copied: still not "Verified", as Complete-InactiveRestore refuses
        // it as unfinished; an unchecked listing row (no counts read) is not verified either.
        var g = Gateway(F("/Restored-Jane-2026-03-02", 4471));
        var failed = R("Restored-Jane-2026-03-02", 4471, status: OperationStatus.Failed);
        failed.PercentComplete = 58;
        var unchecked_ = R("Restored-Jane-2026-03-02", 0, status: OperationStatus.CompletedUnchecked);
        unchecked_.ItemsCopied = null;
        new RestoreVerifier(g).Verify(new[] { failed });
        Assert.Equal(VerificationStatus.NotVerifiable, failed.Verification);
        Assert.Null(failed.ItemsVerified);
        Assert.Contains("has not finished", failed.VerificationNote);
        Assert.Contains("Failed at 58%", failed.VerificationNote);
        Assert.Contains("Resume-InactiveRestore", failed.VerificationNote);
        Assert.Empty(g.Calls); // decided without reading the target
        new RestoreVerifier(g).Verify(new[] { unchecked_ });
        Assert.Equal(VerificationStatus.NotVerifiable, unchecked_.Verification);
    }
}

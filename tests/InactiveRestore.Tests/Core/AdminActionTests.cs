using System;
using InactiveRestore.Core;
using InactiveRestore.Exchange;
using InactiveRestore.Model;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>RestoreResult.ActionNeeded: what an administrator must do for a request Exchange will not move by itself.</summary>
public class AdminActionTests
{
    private static readonly Guid Id = Guid.Parse("8995d651-d2d1-4490-be07-fdb192cd7d94");

    private static ExchangeRestoreRequestStatistics Stats(string status, string? statusDetail = null, string? dcs = null, string? failureType = null,
        DateTime? failedAt = null, DateTime? approved = null, string? message = null) => new()
    {
        Name = "IR-henrietta.mueller-bddc14d8-Primary", RequestGuid = Id, Status = status, StatusDetail = statusDetail ?? status,
        ItemsTransferred = 500, EstimatedTransferItemCount = 1000, DataConsistencyScore = dcs, FailureType = failureType,
        FailureTimestamp = failedAt, SkippedItemApprovalTime = approved, Message = message, BadItemsEncountered = failureType is null ? 0 : 14,
    };

    [Fact]
    public void AnAutoSuspendedRequestIsToBeResumedByItsRequestGuid()
    {
        var r = RestoreResults.FromStatistics(Stats("AutoSuspended", message: "The target mailbox's database is being rebalanced."));
        Assert.Equal(OperationStatus.Suspended, r.Status);
        Assert.Equal($"Resume-InactiveRestore -Identity '{Id}'", r.ActionNeeded);
    }

    [Fact]
    public void ASuspendedRequestFromTheListingIsToBeResumedToo()
    {
        var r = RestoreResults.FromRequest(new ExchangeRestoreRequest { Name = "IR-x-00000000-Primary", RequestGuid = Id, Status = "Suspended" }, DateTime.UtcNow);
        Assert.Equal($"Resume-InactiveRestore -Identity '{Id}'", r.ActionNeeded);
    }

    [Fact]
    public void AFailureOnBadItemsNeedsTheSkippedItemsApprovedUntilTheyAre()
    {
        var failedAt = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
        var failed = RestoreResults.FromStatistics(Stats("Failed", "FailedBadItemLimit", "Investigate", "TooManyBadItemsPermanentException", failedAt));
        Assert.Equal(OperationStatus.Failed, failed.Status);
        Assert.Contains($"Get-InactiveRestore -Identity '{Id}' -IncludeSkippedItems", failed.ActionNeeded);
        Assert.EndsWith($"Resume-InactiveRestore -Identity '{Id}' -ApproveSkippedItems", failed.ActionNeeded);

        // Approved since the failure, not resumed yet: a plain resume goes on.
        var approved = RestoreResults.FromStatistics(Stats("Failed", "FailedBadItemLimit", "Investigate", "TooManyBadItemsPermanentException", failedAt, failedAt.AddMinutes(1)));
        Assert.StartsWith($"Resume-InactiveRestore -Identity '{Id}'", approved.ActionNeeded);
        Assert.DoesNotContain("-ApproveSkippedItems", approved.ActionNeeded);
    }

    [Fact]
    public void APoorScoreNeedsMicrosoftSupport()
    {
        var r = RestoreResults.FromStatistics(Stats("Failed", "FailedOther", "Poor"));
        Assert.Contains("Microsoft support", r.ActionNeeded);
    }

    [Fact]
    public void AnyOtherFailureIsToBeResumedOrRemoved()
    {
        var r = RestoreResults.FromStatistics(Stats("Failed", "FailedOther", "Perfect"));
        Assert.Equal(OperationStatus.Failed, r.Status);
        Assert.Equal($"Resume-InactiveRestore -Identity '{Id}' (or Remove-InactiveRestore -Identity '{Id}' to give it up)", r.ActionNeeded);
    }

    [Theory]
    [InlineData("Queued")]
    [InlineData("InProgress")]
    [InlineData("Completed")]
    [InlineData("CompletedWithWarning")]
    public void ARequestExchangeCarriesOnNeedsNothing(string status)
    {
        Assert.Null(RestoreResults.FromStatistics(Stats(status)).ActionNeeded);
        Assert.Null(RestoreResults.FromStatistics(Stats("InProgress", "StalledDueToTarget_DiskLatency")).ActionNeeded);
    }
}

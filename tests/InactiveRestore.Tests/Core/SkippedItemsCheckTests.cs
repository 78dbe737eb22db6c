using InactiveRestore.Core;
using Xunit;

namespace InactiveRestore.Tests.Core;

public class SkippedItemsCheckTests
{
    [Theory]
    [InlineData("TooManyBadItemsPermanentException", "FailedBadItemLimit", "Investigate", SkippedItemsNeed.Approval)]
    [InlineData("TooManyBadItemsPermanentException", "FailedOther", "Perfect", SkippedItemsNeed.Approval)]
    [InlineData(null, "FailedBadItemLimit", null, SkippedItemsNeed.Approval)]
    [InlineData("ConnectionFailedTransientException", "FailedOther", "Investigate", SkippedItemsNeed.Approval)]
    [InlineData("TooManyBadItemsPermanentException", "FailedBadItemLimit", "Poor", SkippedItemsNeed.Support)]
    [InlineData("ConnectionFailedTransientException", "FailedOther", "Perfect", SkippedItemsNeed.None)]
    [InlineData(null, null, "Good", SkippedItemsNeed.None)]
    public void ReadsWhatAResumeNeeds(string? failureType, string? statusDetail, string? dcs, object expectedArg)
    {
        var expected = (SkippedItemsNeed)expectedArg;
        Assert.Equal(expected, SkippedItemsCheck.NeedOf(failureType, statusDetail, dcs));
    }

    [Fact]
    public void WarningsSayHowToApproveOrThatSupportIsNeeded()
    {
        var approval = new SkippedItemsCheck { Need = SkippedItemsNeed.Approval, StatusDetail = "FailedBadItemLimit", DataConsistencyScore = "Investigate", BadItemsEncountered = 14 };
        var w = approval.WarningWithoutApproval(@"bianca.pisani\IR-x");
        Assert.Contains("Exchange will fail it again", w);
        Assert.Contains(@"Get-InactiveRestore -Identity 'bianca.pisani\IR-x' -IncludeReport", w);
        Assert.Contains(@"Resume-InactiveRestore -Identity 'bianca.pisani\IR-x' -ApproveSkippedItems", w);
        Assert.Null(approval.WarningWithApproval("x"));

        var poor = new SkippedItemsCheck { Need = SkippedItemsNeed.Support, DataConsistencyScore = "Poor" };
        Assert.Contains("Microsoft support", poor.WarningWithoutApproval("x"));
        Assert.Contains("Microsoft support", poor.WarningWithApproval("x"));
        Assert.Null(SkippedItemsCheck.Nothing.WarningWithoutApproval("x"));
    }
}

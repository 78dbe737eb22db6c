using InactiveRestore.Commands;
using Xunit;

namespace InactiveRestore.Tests.Commands;

public class StartSummaryTests
{
    [Fact]
    public void OneLineTalliesThePairs()
    {
        Assert.Equal("13 pairs: 9 submitted (3 reused), 1 deferred, 3 refused",
            new StartSummary { Pairs = 13, Submitted = 9, Reused = 3, Deferred = 1, Refused = 3 }.Text);
        Assert.Equal("1 pair: 0 submitted, 1 not run", new StartSummary { Pairs = 1, NotRun = 1 }.Text);
        Assert.Equal("2 pairs: 1 submitted, 1 failed", new StartSummary { Pairs = 2, Submitted = 1, Failed = 1 }.Text);
    }
}

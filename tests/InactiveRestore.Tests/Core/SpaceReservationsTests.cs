using System.Linq;
using InactiveRestore.Core;
using InactiveRestore.Model;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Core;

/// <summary>Several sources restored into one target in one run are checked together against its quota.</summary>
public class SpaceReservationsTests
{
    private static RestoreRequest Pair(FakeMailbox source, FakeMailbox target) =>
        new() { SourceMailbox = source.DistinguishedName, TargetMailbox = target.PrimarySmtpAddress };

    [Fact]
    public void EachPairFitsAloneButTheThirdDoesNotFitAfterTheFirstTwo()
    {
        var t = new Tenant();
        t.Target.Quota = 300L << 20;
        t.Target.ItemSize = 50L << 20;                      // 250 MB free; each source holds 100 MB
        var s2 = t.Ex.AddMailbox("s2", inactive: true);
        var s3 = t.Ex.AddMailbox("s3", inactive: true);
        var reservations = new SpaceReservations();
        var validator = new RestoreValidator(t.Ex, t.Clock, reservations: reservations);

        var first = validator.Validate(Pair(t.Source, t.Target));
        reservations.Reserve(first);
        var second = validator.Validate(Pair(s2, t.Target));
        reservations.Reserve(second);
        var third = validator.Validate(Pair(s3, t.Target));

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        var issue = Assert.Single(third.Errors, e => e.Code == ValidationCodes.InsufficientSpace);
        Assert.Contains("earlier pairs of this run", issue.Message);
        Assert.Equal(200L << 20, reservations.Reserved(t.Target.ExchangeGuid, archive: false));
        // Alone, the third pair fits: the refusal comes from the run, not from the pair.
        Assert.True(new RestoreValidator(t.Ex, t.Clock).Validate(Pair(s3, t.Target)).IsValid);
    }

    [Fact]
    public void PrimaryAndArchiveAreReservedApartAndRefusedPairsReserveNothing()
    {
        var t = new Tenant(archives: true);
        t.Target.Quota = 10L << 30;
        var reservations = new SpaceReservations();
        var ok = new RestoreValidator(t.Ex, t.Clock, reservations: reservations).Validate(Pair(t.Source, t.Target));
        reservations.Reserve(ok);
        Assert.Equal(t.Source.ItemSize, reservations.Reserved(t.Target.ExchangeGuid, archive: false));
        Assert.Equal(t.Source.ArchiveItemSize, reservations.Reserved(t.Target.ExchangeGuid, archive: true));

        var refused = new RestoreValidator(t.Ex, t.Clock).Validate(Pair(t.Target, t.Target));   // not inactive, and the target itself
        Assert.False(refused.IsValid);
        reservations.Reserve(refused);
        Assert.Equal(t.Source.ItemSize, reservations.Reserved(t.Target.ExchangeGuid, archive: false));
    }

    [Fact]
    public void AnExistingRequestReservesNothingAgain()
    {
        var t = new Tenant();
        t.Ex.AddRequest(t.Source, t.Target, RequestNaming.ForSource("jsmith", t.Source.ExchangeGuid, false), status: "InProgress");
        var reservations = new SpaceReservations();
        var v = new RestoreValidator(t.Ex, t.Clock, reservations: reservations).Validate(Pair(t.Source, t.Target));
        reservations.Reserve(v);
        Assert.True(v.IsValid);
        Assert.Equal(0, reservations.Reserved(t.Target.ExchangeGuid, archive: false));
    }
}

using Makini.Grpc.Domain.RateLimits;

namespace Makini.Grpc.UnitTests.RateLimits;

public sealed class RateGrantsTests
{
    [Theory]
    [InlineData(7, 2, 1)]        // small limits are counted call by call
    [InlineData(600, 2, 15)]     // the default per connection: at most 30 calls (5 %) stranded on two nodes
    [InlineData(6000, 2, 100)]
    [InlineData(1_000_000, 2, 100)]
    [InlineData(600, 0, 30)]
    public void Nodes_reserve_about_a_twentieth_of_their_share_between_1_and_100(int limit, int nodes, int chunk)
    {
        RateGrants.ChunkFor(limit, nodes).ShouldBe(chunk);
    }

    [Fact]
    public void Reserved_calls_are_spent_without_asking_again_until_they_run_out()
    {
        var grants = new RateGrants();
        grants.TryTake("k", 0).ShouldBeFalse("nothing reserved yet");
        grants.Keep("k", reserved: 3, untilMs: 60_000, nowMs: 0); // the caller spent one of the three
        grants.TryTake("k", 10).ShouldBeTrue();
        grants.TryTake("k", 20).ShouldBeTrue();
        grants.TryTake("k", 30).ShouldBeFalse();
        grants.TryTake("other", 30).ShouldBeFalse();
    }

    [Fact]
    public void Reserved_calls_end_with_their_window()
    {
        var grants = new RateGrants();
        grants.Keep("k", reserved: 10, untilMs: 60_000, nowMs: 0);
        grants.TryTake("k", 60_000).ShouldBeFalse();
        // The next window's reservation does not inherit what was left of the last one.
        grants.Keep("k", reserved: 2, untilMs: 120_000, nowMs: 60_001);
        grants.TryTake("k", 60_002).ShouldBeTrue();
        grants.TryTake("k", 60_003).ShouldBeFalse();
    }

    [Fact]
    public void A_single_call_reservation_keeps_nothing()
    {
        var grants = new RateGrants();
        grants.Keep("k", reserved: 1, untilMs: 60_000, nowMs: 0);
        grants.TryTake("k", 1).ShouldBeFalse();
    }
}

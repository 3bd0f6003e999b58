using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Security.Tokens;

namespace Makini.Grpc.UnitTests.Security;

public sealed class LocalTokenCacheTests
{
    private static readonly Principal Someone = new(TokenKind.Account, "acct_1", "acct_1", 1);

    [Fact]
    public void Without_a_lease_nothing_is_cached_or_served()
    {
        var cache = new LocalTokenCache();
        cache.Put("h", Someone, cache.Sequence);
        cache.TryGet("h", out _).ShouldBeFalse();
    }

    [Fact]
    public void With_a_lease_entries_are_served_until_evicted()
    {
        var cache = new LocalTokenCache();
        cache.RenewLease(Environment.TickCount64 + 60_000);
        cache.Put("h", Someone, cache.Sequence);
        cache.TryGet("h", out var p).ShouldBeTrue();
        p.ShouldBe(Someone);
        cache.Evict(["h"]);
        cache.TryGet("h", out _).ShouldBeFalse();
    }

    [Fact]
    public void A_lookup_that_started_before_an_invalidation_does_not_fill_the_cache()
    {
        var cache = new LocalTokenCache();
        cache.RenewLease(Environment.TickCount64 + 60_000);
        var started = cache.Sequence;
        cache.Evict(["h"]); // the revocation arrives while the lookup reads the database
        cache.Put("h", Someone, started);
        cache.TryGet("h", out _).ShouldBeFalse();
    }

    [Fact]
    public void A_lapsed_lease_drops_everything_cached_before_it()
    {
        var cache = new LocalTokenCache();
        cache.RenewLease(Environment.TickCount64 + 50);
        cache.Put("h", Someone, cache.Sequence);
        Thread.Sleep(80);
        cache.TryGet("h", out _).ShouldBeFalse();
        cache.RenewLease(Environment.TickCount64 + 60_000);
        cache.TryGet("h", out _).ShouldBeFalse();
    }

    [Fact]
    public void Unknown_tokens_are_cached_as_misses()
    {
        var cache = new LocalTokenCache();
        cache.RenewLease(Environment.TickCount64 + 60_000);
        cache.Put("unknown", null, cache.Sequence);
        cache.TryGet("unknown", out var p).ShouldBeTrue();
        p.ShouldBeNull();
    }
}

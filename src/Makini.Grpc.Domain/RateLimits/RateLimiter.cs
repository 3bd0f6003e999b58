using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Makini.Grpc.Domain.RateLimits;

public enum RateLimitScope
{
    Connection,
    Account,
}

/// <summary>
/// Calls per minute per key, counted in Redis so the limit holds across every node: a fixed one-minute window that
/// starts with the key's first call. A refused call is not counted. Nodes reserve calls a few at a time for large
/// limits (see <see cref="RateGrants"/>), so an authenticated call rarely waits for Redis. When Redis cannot be reached, each node enforces
/// its share (limit / <see cref="RateLimitOptions.ExpectedNodes"/>) in memory instead of failing the calls.
/// </summary>
public sealed partial class RateLimiter(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options, TimeProvider clock, ILogger<RateLimiter> log)
{
    public const long WindowMs = 60_000;
    private readonly LocalRateWindows _local = new();
    private int _fallbackLogged;

    // Reserves up to ARGV[3] calls of the window: returns {calls granted, ms left in the window}; 0 granted means
    // refused. Calls past the limit are given back at once, so the counter never says more than the limit.
    private const string ReserveScript = """
        local chunk = tonumber(ARGV[3])
        local n = redis.call('INCRBY', KEYS[1], chunk)
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          ttl = tonumber(ARGV[2])
        end
        local over = n - tonumber(ARGV[1])
        if over >= chunk then
          redis.call('DECRBY', KEYS[1], chunk)
          return {0, ttl}
        end
        if over > 0 then
          redis.call('DECRBY', KEYS[1], over)
          return {chunk - over, ttl}
        end
        return {chunk, ttl}
        """;

    private readonly RateGrants _grants = new();

    public async ValueTask<RateLimitVerdict> TakeAsync(RateLimitScope scope, string subjectId, int limit)
    {
        var key = Key(scope, subjectId);
        var name = key.ToString();
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // Most calls spend a call this node reserved earlier: no round trip (see RateGrants).
        if (_grants.TryTake(name, nowMs)) return RateLimitVerdict.Allow(limit);
        var gate = _grants.GateFor(name);
        // A reservation slower than this (a cold node, Redis struggling) is not waited for: the call then asks for
        // itself alone, as if there were no reservations, so a crowd of waiters strands nothing.
        var gated = await gate.WaitAsync(TimeSpan.FromMilliseconds(100));
        try
        {
            nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
            if (gated && _grants.TryTake(name, nowMs)) return RateLimitVerdict.Allow(limit);
            var chunk = gated ? RateGrants.ChunkFor(limit, options.Value.ExpectedNodes) : 1;
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ReserveScript, [key], [limit, WindowMs, chunk]))!;
            Interlocked.Exchange(ref _fallbackLogged, 0);
            var (granted, leftMs) = ((int)result[0], (long)result[1]);
            if (granted == 0) return new RateLimitVerdict(false, limit, TimeSpan.FromMilliseconds(Math.Max(1, leftMs)));
            _grants.Keep(name, granted, nowMs + leftMs, nowMs);
            return RateLimitVerdict.Allow(limit);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (Interlocked.Exchange(ref _fallbackLogged, 1) == 0) LogFallback(e.Message);
            var verdict = _local.Take(name, NodeShare(limit, options.Value.ExpectedNodes), nowMs);
            return verdict with { Limit = limit };
        }
        finally
        {
            if (gated) gate.Release();
        }
    }

    /// <summary>This node's part of a limit while the nodes cannot count together; never below one call.</summary>
    public static int NodeShare(int limit, int expectedNodes) => Math.Max(1, limit / Math.Max(1, expectedNodes));

    private static RedisKey Key(RateLimitScope scope, string subjectId) =>
        $"mk:rl:{(scope == RateLimitScope.Connection ? "c" : "a")}:{{{subjectId}}}";

    [LoggerMessage(5001, LogLevel.Warning, "Rate limits fall back to this node's share: Redis cannot be reached ({Reason}).")]
    private partial void LogFallback(string reason);
}

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
/// starts with the key's first call. A refused call is not counted. When Redis cannot be reached, each node enforces
/// its share (limit / <see cref="RateLimitOptions.ExpectedNodes"/>) in memory instead of failing the calls.
/// </summary>
public sealed partial class RateLimiter(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options, TimeProvider clock, ILogger<RateLimiter> log)
{
    public const long WindowMs = 60_000;
    private readonly LocalRateWindows _local = new();
    private int _fallbackLogged;

    // Returns {count, ms left in the window}; count 0 means refused (and not counted).
    private const string TakeScript = """
        local n = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          ttl = tonumber(ARGV[2])
        end
        if n > tonumber(ARGV[1]) then
          redis.call('DECR', KEYS[1])
          return {0, ttl}
        end
        return {n, ttl}
        """;

    public async ValueTask<RateLimitVerdict> TakeAsync(RateLimitScope scope, string subjectId, int limit)
    {
        var key = Key(scope, subjectId);
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [key], [limit, WindowMs]))!;
            Interlocked.Exchange(ref _fallbackLogged, 0);
            return (long)result[0] > 0
                ? RateLimitVerdict.Allow(limit)
                : new RateLimitVerdict(false, limit, TimeSpan.FromMilliseconds(Math.Max(1, (long)result[1])));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (Interlocked.Exchange(ref _fallbackLogged, 1) == 0) LogFallback(e.Message);
            var verdict = _local.Take(key.ToString(), NodeShare(limit, options.Value.ExpectedNodes), clock.GetUtcNow().ToUnixTimeMilliseconds());
            return verdict with { Limit = limit };
        }
    }

    /// <summary>This node's part of a limit while the nodes cannot count together; never below one call.</summary>
    public static int NodeShare(int limit, int expectedNodes) => Math.Max(1, limit / Math.Max(1, expectedNodes));

    private static RedisKey Key(RateLimitScope scope, string subjectId) =>
        $"mk:rl:{(scope == RateLimitScope.Connection ? "c" : "a")}:{{{subjectId}}}";

    [LoggerMessage(5001, LogLevel.Warning, "Rate limits fall back to this node's share: Redis cannot be reached ({Reason}).")]
    private partial void LogFallback(string reason);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Makini.Grpc.Domain.Outbound;

/// <summary>
/// The per-connection request budget, shared by all nodes through Redis: a counter per minute window for the rate,
/// and a set of leased slots for concurrency (a slot whose holder died expires). When Redis cannot be reached, each
/// node falls back to its share of the budget in memory instead of failing the calls.
/// </summary>
public sealed partial class OutboundBudget(IConnectionMultiplexer redis, IOptions<OutboundOptions> options, TimeProvider clock, ILogger<OutboundBudget> log)
{
    private static readonly TimeSpan SlotLease = TimeSpan.FromMinutes(2);
    private readonly ConcurrentDictionary<string, LocalBudget> _local = new();
    private int _fallbackLogged;

    // Rate: INCR the minute's counter; over the limit undoes it and says how long until the next window.
    private const string TakeScript = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], 61000) end
        if n > tonumber(ARGV[1]) then
          redis.call('DECR', KEYS[1])
          return -1
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
        if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then
          redis.call('DECR', KEYS[1])
          return -2
        end
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
        redis.call('PEXPIRE', KEYS[2], 600000)
        return n
        """;

    public sealed record Remaining(int RequestsLeftThisMinute, int RequestsPerMinute, int InFlight, int MaxConcurrent);

    /// <summary>Waits for a slot within the budget; dispose the result when the request is done.</summary>
    public async ValueTask<IAsyncDisposable> EnterAsync(string connectionId, string systemId, CancellationToken ct)
    {
        var budget = options.Value.For(systemId);
        var slot = Guid.NewGuid().ToString("N");
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            long verdict;
            try
            {
                var now = clock.GetUtcNow();
                verdict = (long)await redis.GetDatabase().ScriptEvaluateAsync(TakeScript,
                    [RateKey(connectionId, now), SlotsKey(connectionId)],
                    [budget.RequestsPerMinute, budget.MaxConcurrent, now.ToUnixTimeMilliseconds(), (now + SlotLease).ToUnixTimeMilliseconds(), slot]);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                if (Interlocked.Exchange(ref _fallbackLogged, 1) == 0) LogFallback(e.Message);
                return await _local.GetOrAdd(connectionId, _ => new LocalBudget(budget, options.Value.ExpectedNodes)).EnterAsync(ct);
            }
            Interlocked.Exchange(ref _fallbackLogged, 0);
            if (verdict > 0) return new RedisSlot(redis, SlotsKey(connectionId), slot);
            // Rate used up: wait for the next minute window; all slots taken: poll briefly.
            var wait = verdict == -1 ? TimeSpan.FromMilliseconds(60_000 - clock.GetUtcNow().ToUnixTimeMilliseconds() % 60_000 + 5) : TimeSpan.FromMilliseconds(20);
            await Task.Delay(wait, ct);
        }
    }

    public async Task<Remaining> RemainingAsync(string connectionId, string systemId)
    {
        var budget = options.Value.For(systemId);
        try
        {
            var db = redis.GetDatabase();
            var now = clock.GetUtcNow();
            var used = (long?)await db.StringGetAsync(RateKey(connectionId, now)) ?? 0;
            var inFlight = await db.SortedSetLengthAsync(SlotsKey(connectionId), now.ToUnixTimeMilliseconds(), double.PositiveInfinity);
            return new Remaining((int)Math.Max(0, budget.RequestsPerMinute - used), budget.RequestsPerMinute, (int)inFlight, budget.MaxConcurrent);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new Remaining(budget.RequestsPerMinute, budget.RequestsPerMinute, 0, budget.MaxConcurrent);
        }
    }

    private static RedisKey RateKey(string connectionId, DateTimeOffset now) => $"mk:ob:{{{connectionId}}}:{now.ToUnixTimeMilliseconds() / 60_000}";
    private static RedisKey SlotsKey(string connectionId) => $"mk:ob:{{{connectionId}}}:slots";

    private sealed class RedisSlot(IConnectionMultiplexer redis, RedisKey key, string slot) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { await redis.GetDatabase().SortedSetRemoveAsync(key, slot); }
            catch (Exception e) when (e is RedisException or TimeoutException) { } // the slot's lease expires on its own
        }
    }

    /// <summary>This node's share of a connection's budget, for when Redis is away.</summary>
    private sealed class LocalBudget(SystemBudget budget, int nodes)
    {
        private readonly SemaphoreSlim _slots = new(Math.Max(1, budget.MaxConcurrent / Math.Max(1, nodes)));
        private readonly int _perMinute = Math.Max(1, budget.RequestsPerMinute / Math.Max(1, nodes));
        private readonly Lock _lock = new();
        private long _window;
        private int _used;

        public async ValueTask<IAsyncDisposable> EnterAsync(CancellationToken ct)
        {
            while (true)
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                lock (_lock)
                {
                    if (now / 60_000 != _window) (_window, _used) = (now / 60_000, 0);
                    if (_used < _perMinute)
                    {
                        _used++;
                        break;
                    }
                }
                await Task.Delay(TimeSpan.FromMilliseconds(60_000 - now % 60_000 + 5), ct);
            }
            await _slots.WaitAsync(ct);
            return new Release(_slots);
        }

        private sealed class Release(SemaphoreSlim slots) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                slots.Release();
                return ValueTask.CompletedTask;
            }
        }
    }

    [LoggerMessage(4001, LogLevel.Warning, "Outbound budgets fall back to this node's share: Redis cannot be reached ({Reason}).")]
    private partial void LogFallback(string reason);
}

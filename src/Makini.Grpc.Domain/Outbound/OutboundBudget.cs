using System.Collections.Concurrent;
using Makini.Grpc.Connectors.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Makini.Grpc.Domain.Outbound;

/// <summary>
/// The per-connection request budget, shared by all nodes through Redis: a counter per minute window for the rate,
/// and a set of leased slots for concurrency (a slot whose holder died expires). When Redis cannot be reached, each
/// node falls back to its share of the budget in memory instead of failing the calls.
/// </summary>
public sealed partial class OutboundBudget(
    IConnectionMultiplexer redis, IOptions<OutboundOptions> options, IOptions<SourceHttpOptions> http, TimeProvider clock, ILogger<OutboundBudget> log)
{
    /// <summary>A request holds its slot at most for its total timeout (retries included); a slot that outlives that
    /// was lost (its holder died, or Redis timed out on the take or the release) and must not block the connection
    /// for longer than a few seconds more.</summary>
    private TimeSpan SlotLease => http.Value.TotalTimeout + TimeSpan.FromSeconds(10);
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
        var waitingSince = clock.GetTimestamp();
        var warned = false;
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
                // The script may have run and taken the slot although its answer was lost: give it back.
                Release(SlotsKey(connectionId), slot);
                if (Interlocked.Exchange(ref _fallbackLogged, 1) == 0) LogFallback(e.Message);
                return await _local.GetOrAdd(connectionId, _ => new LocalBudget(budget, options.Value.ExpectedNodes)).EnterAsync(ct);
            }
            Interlocked.Exchange(ref _fallbackLogged, 0);
            if (verdict > 0) return new RedisSlot(this, SlotsKey(connectionId), slot);
            // Rate used up: wait for the next minute window; all slots taken: poll briefly.
            if (verdict == -2 && !warned && clock.GetElapsedTime(waitingSince) > SlotLease)
            {
                warned = true;
                LogLongWait(connectionId, (int)clock.GetElapsedTime(waitingSince).TotalSeconds);
            }
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

    private Task RemoveAsync(RedisKey key, string slot) => redis.GetDatabase().SortedSetRemoveAsync(key, slot);

    /// <summary>Removes a slot without making the caller wait; a removal that fails is tried again shortly, and the
    /// lease bounds the harm if Redis stays away.</summary>
    private void Release(RedisKey key, string slot) => _ = Task.Run(async () =>
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await RemoveAsync(key, slot);
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1 << attempt));
            }
        }
    });

    private sealed class RedisSlot(OutboundBudget budget, RedisKey key, string slot) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            try { await budget.RemoveAsync(key, slot); }
            catch (Exception e) when (e is RedisException or TimeoutException) { budget.Release(key, slot); }
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

    [LoggerMessage(4002, LogLevel.Warning, "A request of connection {ConnectionId} waited {Seconds} s for a concurrency slot: longer than a slot can be held.")]
    private partial void LogLongWait(string connectionId, int seconds);
}

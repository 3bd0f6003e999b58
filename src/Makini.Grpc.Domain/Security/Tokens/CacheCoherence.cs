using System.Collections.Concurrent;
using System.Text.Json;
using Makini.Grpc.Domain.Connections;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Makini.Grpc.Domain.Security.Tokens;

/// <summary>Keeps every node's L1 cache coherent, so a revocation is effective on all nodes once it returns.
/// <para>Each node publishes a ping to the shared channel every 500 ms and, on receiving its own ping, holds a lease
/// of 2 s counted from when it sent it. Redis delivers a subscriber's messages in order, so a node that received its
/// ping has also received every invalidation published before it. A revoker publishes the invalidation and waits
/// until every live node acknowledges; a node that stays silent loses its lease within 2 s, and the revoker waits
/// that long at most. A node without a lease does not use its L1 at all.</para>
/// <para>No fact lives only in Redis: when it cannot be reached, revocations are recorded in PostgreSQL and applied
/// to Redis before any node trusts it again.</para></summary>
public sealed partial class CacheCoherence(
    IConnectionMultiplexer redis,
    LocalTokenCache local,
    RedisTokenCache shared,
    IDocumentStore store,
    ConnectionStops stops,
    ILogger<CacheCoherence> log) : BackgroundService
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LiveNodeWindow = TimeSpan.FromSeconds(3);
    private static readonly RedisChannel Channel = RedisChannel.Literal("mk:cache");
    private const string NodesKey = "mk:nodes";

    private readonly string _nodeId = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<long, long> _pingsSent = new();
    private readonly ConcurrentDictionary<string, AckWaiter> _waiters = new();
    private long _pingSequence;
    private int _redisHealthy = 1;
    private volatile bool _sharedTrusted;

    private RedisChannel AckChannel(string node) => RedisChannel.Literal("mk:cache:ack:" + node);

    /// <summary>Whether Redis may be read for tokens: reachable, this node in the invalidation stream, and any
    /// revocation made while Redis was away already applied to it.</summary>
    public bool SharedCacheUsable => _sharedTrusted && local.HasLease && Volatile.Read(ref _redisHealthy) == 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SubscribeAsync(stoppingToken);
        using var timer = new PeriodicTimer(HeartbeatInterval);
        var beats = 0L;
        do
        {
            try
            {
                if (!_sharedTrusted) await ApplyPendingInvalidationsAsync(stoppingToken);
                await HeartbeatAsync(++beats);
                MarkRedisHealthy();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                MarkRedisUnhealthy(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogHeartbeatFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SubscribeAsync(CancellationToken ct)
    {
        var subscriber = redis.GetSubscriber();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // One channel, one ordered queue: pings and invalidations are handled in the order Redis sent them.
                var queue = await subscriber.SubscribeAsync(Channel);
                queue.OnMessage(OnMessage);
                await subscriber.SubscribeAsync(AckChannel(_nodeId), (_, value) => OnAck(value!));
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                MarkRedisUnhealthy(e);
                await Task.Delay(HeartbeatInterval, ct);
            }
        }
    }

    private async Task HeartbeatAsync(long beat)
    {
        var db = redis.GetDatabase();
        await db.HashSetAsync(NodesKey, _nodeId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var seq = Interlocked.Increment(ref _pingSequence);
        _pingsSent[seq] = Environment.TickCount64;
        await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(new Message("ping", _nodeId, seq.ToString(), null)));
        foreach (var old in _pingsSent.Keys.Where(k => k < seq - 40)) _pingsSent.TryRemove(old, out _);
        if (beat % 60 == 0) await PruneDeadNodesAsync(db);
    }

    private static async Task PruneDeadNodesAsync(IDatabase db)
    {
        var cutoff = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        foreach (var entry in await db.HashGetAllAsync(NodesKey))
        {
            if ((long)entry.Value < cutoff) await db.HashDeleteAsync(NodesKey, entry.Name);
        }
    }

    private void OnMessage(ChannelMessage message)
    {
        Message? m;
        try { m = JsonSerializer.Deserialize<Message>(message.Message.ToString()); }
        catch (JsonException) { return; }
        if (m is null) return;

        if (m.Type == "ping")
        {
            if (m.Node != _nodeId || !long.TryParse(m.Id, out var seq) || !_pingsSent.TryRemove(seq, out var sentAt)) return;
            // Coming back from a lapse: Redis may hold entries that were revoked while this node was not listening.
            var lapsed = !local.HasLease;
            if (lapsed) _sharedTrusted = false;
            local.RenewLease(sentAt + (long)LeaseDuration.TotalMilliseconds);
            if (lapsed) LogLeaseAcquired();
        }
        else if (m.Type == "inval")
        {
            if (m.Hashes is not null) local.Evict(m.Hashes);
            foreach (var connectionId in m.Stopped ?? []) stops.MarkStopped(connectionId);
            redis.GetSubscriber().Publish(AckChannel(m.Node), $"{m.Id}|{_nodeId}", CommandFlags.FireAndForget);
        }
    }

    private void OnAck(string value)
    {
        var bar = value.IndexOf('|');
        if (bar > 0 && _waiters.TryGetValue(value[..bar], out var waiter)) waiter.Ack(value[(bar + 1)..]);
    }

    /// <summary>Removes the hashes from every cache of the cluster before returning.
    /// <paramref name="generation"/> is the new stream version, or <see cref="RedisTokenCache.Revoked"/>.
    /// <paramref name="stopConnections"/> are disconnected: every node cancels their work before acknowledging.</summary>
    public async Task InvalidateAsync(IReadOnlyCollection<string> hashes, string generation, CancellationToken ct = default,
        IReadOnlyCollection<string>? stopConnections = null)
    {
        stopConnections ??= [];
        if (hashes.Count == 0 && stopConnections.Count == 0) return;
        local.Evict(hashes);
        foreach (var connectionId in stopConnections) stops.MarkStopped(connectionId);
        try
        {
            if (hashes.Count > 0) await shared.MarkAsync(hashes, generation);
            var live = await LiveNodesAsync();
            var id = Guid.NewGuid().ToString("N");
            var waiter = new AckWaiter(live);
            _waiters[id] = waiter;
            try
            {
                var message = new Message("inval", _nodeId, id, hashes.ToArray()) { Stopped = stopConnections.ToArray() };
                await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(message));
                // A node that does not answer in time has lost its lease by then (see the class comment).
                try { await waiter.Completion.WaitAsync(LeaseDuration + TimeSpan.FromMilliseconds(500), ct); }
                catch (TimeoutException) { LogAckTimeout(string.Join(",", waiter.Missing)); }
            }
            finally { _waiters.TryRemove(id, out _); }
            MarkRedisHealthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            MarkRedisUnhealthy(e);
            if (hashes.Count > 0)
            {
                await using var session = store.LightweightSession();
                session.Store(new PendingTokenInvalidation { Id = Guid.NewGuid(), Hashes = hashes.ToArray(), Generation = generation, At = DateTimeOffset.UtcNow });
                await session.SaveChangesAsync(ct);
            }
            // Without Redis no node can renew its lease; waiting one out means none serves a stale L1 entry, and
            // nodes without a lease check the connection in PostgreSQL before reaching a source.
            await Task.Delay(LeaseDuration + TimeSpan.FromMilliseconds(500), ct);
        }
    }

    /// <summary>Whether this node receives every invalidation now (its lease is live).</summary>
    public bool InSync => local.HasLease;

    private async Task<HashSet<string>> LiveNodesAsync()
    {
        var cutoff = DateTimeOffset.UtcNow.Add(-LiveNodeWindow).ToUnixTimeMilliseconds();
        var entries = await redis.GetDatabase().HashGetAllAsync(NodesKey);
        var live = entries.Where(e => (long)e.Value >= cutoff).Select(e => e.Name.ToString()).ToHashSet();
        live.Add(_nodeId);
        return live;
    }

    private async Task ApplyPendingInvalidationsAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var pending = await session.Query<PendingTokenInvalidation>().ToListAsync(ct);
        foreach (var p in pending)
        {
            await shared.MarkAsync(p.Hashes, p.Generation);
            session.Delete(p);
        }
        if (pending.Count > 0) await session.SaveChangesAsync(ct);
        _sharedTrusted = true;
    }

    public void MarkRedisUnhealthy(Exception e)
    {
        if (Interlocked.Exchange(ref _redisHealthy, 0) == 1) LogRedisDown(e.Message);
    }

    private void MarkRedisHealthy()
    {
        if (Interlocked.Exchange(ref _redisHealthy, 1) == 0) LogRedisBack();
    }

    private sealed record Message(
        [property: System.Text.Json.Serialization.JsonPropertyName("t")] string Type,
        [property: System.Text.Json.Serialization.JsonPropertyName("n")] string Node,
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("h")] string[]? Hashes)
    {
        [System.Text.Json.Serialization.JsonPropertyName("s")]
        public string[]? Stopped { get; init; }
    }

    private sealed class AckWaiter
    {
        private readonly HashSet<string> _missing;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AckWaiter(HashSet<string> nodes) => _missing = nodes;

        public Task Completion => _done.Task;

        public IReadOnlyList<string> Missing { get { lock (_missing) return _missing.ToList(); } }

        public void Ack(string node)
        {
            lock (_missing)
            {
                _missing.Remove(node);
                if (_missing.Count == 0) _done.TrySetResult();
            }
        }
    }

    [LoggerMessage(1001, LogLevel.Warning, "Redis is unreachable ({Reason}); tokens resolve from PostgreSQL until it is back.")]
    private partial void LogRedisDown(string reason);

    [LoggerMessage(1002, LogLevel.Information, "Redis is reachable again.")]
    private partial void LogRedisBack();

    [LoggerMessage(1003, LogLevel.Warning, "Nodes {Nodes} did not confirm an invalidation; their leases have lapsed.")]
    private partial void LogAckTimeout(string nodes);

    [LoggerMessage(1005, LogLevel.Information, "This node receives cache invalidations; its token cache is in use.")]
    private partial void LogLeaseAcquired();

    [LoggerMessage(1004, LogLevel.Error, "Cache heartbeat failed.")]
    private partial void LogHeartbeatFailed(Exception e);
}

/// <summary>A revocation that could not reach Redis; applied to Redis before any node trusts it again.</summary>
public sealed class PendingTokenInvalidation
{
    public Guid Id { get; init; }
    public required string[] Hashes { get; init; }
    public required string Generation { get; init; }
    public DateTimeOffset At { get; init; }
}

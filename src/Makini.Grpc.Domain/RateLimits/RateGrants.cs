using System.Collections.Concurrent;

namespace Makini.Grpc.Domain.RateLimits;

/// <summary>
/// Calls a node has already counted in Redis and not yet spent, per key: a node reserves a few calls of a window at
/// once, so most calls are admitted without a round trip to Redis. Reserved calls are counted before they are spent,
/// so the nodes together never admit more than the limit; what a node reserved and then did not need (its traffic
/// moved to another node) is lost for the rest of the window, at most <see cref="ChunkFor"/> calls per node.
/// </summary>
public sealed class RateGrants
{
    private const int MaxKeys = 100_000;
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);

    private sealed class Grant
    {
        public int Left;
        public long UntilMs;
        public readonly SemaphoreSlim Reserving = new(1, 1);
    }

    /// <summary>One reservation of a key at a time per node: a burst of calls would otherwise each reserve a chunk,
    /// and the calls so stranded could refuse the burst's last ones below the limit.</summary>
    public SemaphoreSlim GateFor(string key) => _grants.GetOrAdd(key, _ => new Grant()).Reserving;

    /// <summary>How many calls to reserve at once: about a twentieth of each node's share, between 1 and 100. Small
    /// limits are thus counted call by call, exactly as a single counter would.</summary>
    public static int ChunkFor(int limit, int expectedNodes) => Math.Clamp(limit / (20 * Math.Max(1, expectedNodes)), 1, 100);

    /// <summary>Spends one reserved call of the key's current window, if there is one.</summary>
    public bool TryTake(string key, long nowMs)
    {
        if (!_grants.TryGetValue(key, out var grant)) return false;
        lock (grant)
        {
            if (grant.Left <= 0 || nowMs >= grant.UntilMs) return false;
            grant.Left--;
            return true;
        }
    }

    /// <summary>Keeps <paramref name="reserved"/> calls counted in Redis for the window that ends at
    /// <paramref name="untilMs"/>, less the one the caller spends now.</summary>
    public void Keep(string key, int reserved, long untilMs, long nowMs)
    {
        // Checked on every reservation: GateFor adds a key's entry even when nothing is kept for it (small limits).
        if (_grants.Count >= MaxKeys) Prune(nowMs);
        if (reserved <= 1) return;
        var grant = _grants.GetOrAdd(key, _ => new Grant());
        lock (grant)
        {
            // Calls left over from an earlier window are gone with it.
            if (nowMs >= grant.UntilMs) grant.Left = 0;
            grant.Left += reserved - 1;
            grant.UntilMs = Math.Max(grant.UntilMs, untilMs);
        }
    }

    private void Prune(long nowMs)
    {
        foreach (var (key, grant) in _grants)
        {
            if (nowMs >= grant.UntilMs) _grants.TryRemove(key, out _);
        }
    }
}

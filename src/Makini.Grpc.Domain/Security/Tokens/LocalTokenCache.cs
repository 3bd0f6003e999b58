using System.Collections.Concurrent;

namespace Makini.Grpc.Domain.Security.Tokens;

/// <summary>The per-node cache (L1). It is trusted only while this node holds a lease proving it receives every
/// invalidation published cluster-wide (see <see cref="CacheCoherence"/>); without one, every lookup goes on to Redis
/// or PostgreSQL. Unknown hashes are cached as misses too: a random 256-bit token cannot become valid later.</summary>
public sealed class LocalTokenCache
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Principal?> _entries = new(StringComparer.Ordinal);
    private long _sequence;
    private long _leaseUntil; // Environment.TickCount64 milliseconds

    /// <summary>Changes on every invalidation; a lookup that started before one must not fill the cache.</summary>
    public long Sequence => Interlocked.Read(ref _sequence);

    public bool HasLease => Environment.TickCount64 < Interlocked.Read(ref _leaseUntil);

    public bool TryGet(string hash, out Principal? principal)
    {
        principal = null;
        return HasLease && _entries.TryGetValue(hash, out principal);
    }

    public void Put(string hash, Principal? principal, long sequenceAtStart)
    {
        if (!HasLease || Sequence != sequenceAtStart) return;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[hash] = principal;
        // An invalidation may have slipped in between the check and the write.
        if (Sequence != sequenceAtStart) _entries.TryRemove(hash, out _);
    }

    public void Evict(IEnumerable<string> hashes)
    {
        Interlocked.Increment(ref _sequence);
        foreach (var h in hashes) _entries.TryRemove(h, out _);
    }

    /// <summary>Extends the lease. After a lapse nothing cached before it can be trusted, so it is dropped.</summary>
    public void RenewLease(long until)
    {
        if (!HasLease)
        {
            Interlocked.Increment(ref _sequence);
            _entries.Clear();
        }
        long current;
        do { current = Interlocked.Read(ref _leaseUntil); }
        while (until > current && Interlocked.CompareExchange(ref _leaseUntil, until, current) != current);
    }
}

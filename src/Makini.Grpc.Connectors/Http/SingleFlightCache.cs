using System.Collections.Concurrent;

namespace Makini.Grpc.Connectors.Http;

/// <summary>
/// Caches one expiring value per key (tokens, sessions). Concurrent callers for the same key share one fetch;
/// failed fetches are not cached; a value the source no longer honours can be evicted.
/// </summary>
internal sealed class SingleFlightCache<TKey, TValue>(Func<TValue, bool> isFresh) where TKey : notnull where TValue : class
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _entries = new();

    public async Task<TValue> GetAsync(TKey key, Func<Task<TValue>> fetch, CancellationToken cancellationToken)
    {
        // Two rounds: a stale entry is dropped once and fetched anew.
        for (var round = 0; ; round++)
        {
            var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<TValue>>(fetch));
            TValue value;
            try
            {
                value = await entry.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
                throw;
            }
            if (isFresh(value) || round > 0)
                return value;
            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    /// <summary>Drops the cached value if it is still <paramref name="rejected"/> (a newer one is kept).</summary>
    public void Evict(TKey key, TValue rejected)
    {
        if (_entries.TryGetValue(key, out var entry)
            && entry.IsValueCreated
            && entry.Value.IsCompletedSuccessfully
            && ReferenceEquals(entry.Value.Result, rejected))
            _entries.TryRemove(KeyValuePair.Create(key, entry));
    }
}

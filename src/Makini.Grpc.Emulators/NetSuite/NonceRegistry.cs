using System.Collections.Concurrent;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>Remembers OAuth nonces for as long as their timestamps are acceptable, so a replayed request fails.</summary>
internal sealed class NonceRegistry(TimeSpan window)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    /// <returns>False when the nonce was already used within the window.</returns>
    public bool TryUse(string nonce, DateTimeOffset now)
    {
        if (now >= _nextPrune)
        {
            _nextPrune = now + window;
            foreach (var (key, usedAt) in _seen)
                if (now - usedAt > window)
                    _seen.TryRemove(key, out _);
        }
        return _seen.TryAdd(nonce, now);
    }
}

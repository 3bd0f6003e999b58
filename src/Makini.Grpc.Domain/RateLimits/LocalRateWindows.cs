using System.Collections.Concurrent;

namespace Makini.Grpc.Domain.RateLimits;

/// <summary>Whether one more call fits, and if not, how long until it would.</summary>
public sealed record RateLimitVerdict(bool Allowed, int Limit, TimeSpan RetryAfter)
{
    public static RateLimitVerdict Allow(int limit) => new(true, limit, TimeSpan.Zero);
}

/// <summary>Fixed one-minute windows in this node's memory, each starting with its key's first call: the fallback
/// when Redis cannot be reached, with the same semantics as the shared counter.</summary>
public sealed class LocalRateWindows
{
    private const int MaxKeys = 100_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private sealed class Window
    {
        public long StartMs;
        public int Count;
    }

    public RateLimitVerdict Take(string key, int limit, long nowMs)
    {
        if (_windows.Count >= MaxKeys) Prune(nowMs);
        var window = _windows.GetOrAdd(key, _ => new Window { StartMs = nowMs });
        lock (window)
        {
            if (nowMs >= window.StartMs + RateLimiter.WindowMs || window.Count == 0) (window.StartMs, window.Count) = (nowMs, 0);
            if (window.Count < limit)
            {
                window.Count++;
                return RateLimitVerdict.Allow(limit);
            }
            return new RateLimitVerdict(false, limit, TimeSpan.FromMilliseconds(window.StartMs + RateLimiter.WindowMs - nowMs));
        }
    }

    private void Prune(long nowMs)
    {
        foreach (var (key, window) in _windows)
        {
            if (nowMs >= window.StartMs + RateLimiter.WindowMs) _windows.TryRemove(key, out _);
        }
    }
}

using System.Collections.Concurrent;
using Makini.Grpc.Domain.Accounts;
using Marten;
using Microsoft.Extensions.Options;

namespace Makini.Grpc.Domain.RateLimits;

/// <summary>Each account's limits, read from PostgreSQL at most once per <see cref="RateLimitOptions.LimitsCacheLifetime"/>
/// per node: cheap on every call, and a changed limit reaches every node within that lifetime without any messaging.</summary>
public sealed class AccountRateLimits(IDocumentStore store, IOptions<RateLimitOptions> options)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(int Connection, int Account, long ExpiresAt);

    public async ValueTask<(int Connection, int Account)> ForAsync(string accountId, CancellationToken ct)
    {
        if (_entries.TryGetValue(accountId, out var cached) && Environment.TickCount64 < cached.ExpiresAt) return (cached.Connection, cached.Account);

        var o = options.Value;
        await using var session = store.QuerySession();
        var account = await session.LoadAsync<Account>(accountId, ct);
        var limits = account is null ? (o.ConnectionRequestsPerMinute, o.AccountRequestsPerMinute) : o.EffectiveFor(account);
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[accountId] = new Entry(limits.Item1, limits.Item2, Environment.TickCount64 + (long)o.LimitsCacheLifetime.TotalMilliseconds);
        return limits;
    }

    /// <summary>Drops this node's copy, so the node that changed the limits applies them at once.</summary>
    public void Evict(string accountId) => _entries.TryRemove(accountId, out _);
}

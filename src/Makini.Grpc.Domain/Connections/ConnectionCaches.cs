using Makini.Grpc.Domain.Security.Tokens;

namespace Makini.Grpc.Domain.Connections;

/// <summary>After a connection changes, the caches of every node must forget what they knew: a replaced or removed
/// token is revoked for good, the live token is refreshed with the new state.</summary>
public sealed class ConnectionCaches(CacheCoherence caches)
{
    public async Task AfterChangeAsync(string? tokenHashBefore, Connection after, CancellationToken ct)
    {
        // A disconnect also stops the connection's work on every node, in the same acknowledged broadcast.
        IReadOnlyCollection<string> stop = after.Status == ConnectionStatus.Disconnected ? [after.Id] : [];
        if (tokenHashBefore is not null && tokenHashBefore != after.TokenHash)
            await caches.InvalidateAsync([tokenHashBefore], RedisTokenCache.Revoked, ct, stop);
        else if (stop.Count > 0)
            await caches.InvalidateAsync([], RedisTokenCache.Revoked, ct, stop);
        if (after.TokenHash is not null)
            await caches.InvalidateAsync([after.TokenHash], after.Version.ToString(), ct);
    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Makini.Grpc.Domain.Security.Tokens;

/// <summary>Bearer key → principal: the node's L1 cache, then Redis, then PostgreSQL.</summary>
public sealed class PrincipalResolver(
    IConfiguration configuration,
    LocalTokenCache local,
    RedisTokenCache shared,
    CacheCoherence coherence,
    PrincipalStore store,
    TimeProvider clock)
{
    private readonly byte[]? _adminKeyHash = configuration["Makini:AdminKey"] is { Length: > 0 } k
        ? SHA256.HashData(Encoding.UTF8.GetBytes(k))
        : null;

    public async ValueTask<Principal?> ResolveAsync(string token, CancellationToken ct)
    {
        var kind = ApiTokens.KindOf(token);
        if (kind is null) return IsAdminKey(token) ? Principal.Admin : null;
        if (!ApiTokens.IsWellFormed(token, Prefix(kind.Value))) return null;

        var hash = ApiTokens.Hash(token);
        var sequence = local.Sequence;
        if (local.TryGet(hash, out var cached)) return cached;

        if (coherence.SharedCacheUsable)
        {
            try
            {
                var (found, principal) = await shared.TryGetAsync(hash);
                if (found)
                {
                    local.Put(hash, principal, sequence);
                    return principal;
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                coherence.MarkRedisUnhealthy(e);
            }
        }

        var fromStore = await store.FindAsync(kind.Value, hash, ct);
        if (fromStore is not null && coherence.SharedCacheUsable) _ = FillSharedAsync(hash, fromStore);
        local.Put(hash, fromStore, sequence);
        return fromStore;
    }

    // Not awaited: the caller has its answer; the conditional fill cannot write a stale entry whenever it lands.
    private async Task FillSharedAsync(string hash, Principal principal)
    {
        try { await shared.FillAsync(hash, principal, clock.GetUtcNow()); }
        catch (Exception e) when (e is RedisException or TimeoutException) { coherence.MarkRedisUnhealthy(e); }
    }

    private bool IsAdminKey(string token) =>
        _adminKeyHash is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _adminKeyHash);

    private static string Prefix(TokenKind kind) => kind switch
    {
        TokenKind.Account => ApiTokens.AccountPrefix,
        TokenKind.Connection => ApiTokens.ConnectionPrefix,
        TokenKind.Link => ApiTokens.LinkPrefix,
        _ => ApiTokens.PublicPrefix,
    };
}

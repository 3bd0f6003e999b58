using System.Text.Json;
using StackExchange.Redis;

namespace Makini.Grpc.Domain.Security.Tokens;

/// <summary>The shared cache (L2): token hash → principal, keyed by the hash, never the token. A generation key per
/// hash records the newest version (or a revocation) so a lookup that read PostgreSQL before a change cannot write
/// a stale entry back after it.</summary>
public sealed class RedisTokenCache(IConnectionMultiplexer redis)
{
    public const string Revoked = "revoked";
    private static readonly TimeSpan EntryLifetime = TimeSpan.FromHours(1);

    private const string FillScript = """
        local g = redis.call('GET', KEYS[2])
        if g then
          if g == 'revoked' then return 0 end
          if tonumber(g) > tonumber(ARGV[2]) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        return 1
        """;

    private const string MarkScript = """
        local g = redis.call('GET', KEYS[2])
        if g ~= 'revoked' then
          if ARGV[1] == 'revoked' or not g or tonumber(g) < tonumber(ARGV[1]) then
            redis.call('SET', KEYS[2], ARGV[1], 'EX', 604800)
          end
        end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    // The hash tag keeps both keys of one token in one slot, should Redis ever run as a cluster.
    private static RedisKey EntryKey(string hash) => $"mk:{{{hash}}}:tok";
    private static RedisKey GenerationKey(string hash) => $"mk:{{{hash}}}:gen";

    public async Task<(bool Found, Principal? Principal)> TryGetAsync(string hash)
    {
        var value = await redis.GetDatabase().StringGetAsync(EntryKey(hash));
        return value.IsNull ? (false, null) : (true, JsonSerializer.Deserialize<Principal>(value.ToString()));
    }

    public Task FillAsync(string hash, Principal principal, DateTimeOffset now)
    {
        var lifetime = principal.ExpiresAt is { } e && e - now < EntryLifetime ? e - now : EntryLifetime;
        if (lifetime <= TimeSpan.Zero) return Task.CompletedTask;
        return redis.GetDatabase().ScriptEvaluateAsync(FillScript,
            [EntryKey(hash), GenerationKey(hash)],
            [JsonSerializer.Serialize(principal), principal.Version, (long)lifetime.TotalMilliseconds]);
    }

    /// <summary>Drops the entry and records the change; <paramref name="generation"/> is a version or <see cref="Revoked"/>.</summary>
    public async Task MarkAsync(IEnumerable<string> hashes, string generation)
    {
        var db = redis.GetDatabase();
        await Task.WhenAll(hashes.Select(h =>
            db.ScriptEvaluateAsync(MarkScript, [EntryKey(h), GenerationKey(h)], [generation])));
    }
}

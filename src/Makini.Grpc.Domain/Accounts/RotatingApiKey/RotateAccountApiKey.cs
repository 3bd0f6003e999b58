using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Security.Tokens;
using Marten;

namespace Makini.Grpc.Domain.Accounts.RotatingApiKey;

public sealed record RotateAccountApiKey(string AccountId);

public sealed class RotateAccountApiKeyHandler(IDocumentStore store, CacheCoherence caches, TimeProvider clock)
{
    /// <summary>Returns the new key once the old one fails on every node.</summary>
    public async Task<string> HandleAsync(RotateAccountApiKey command, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrEmpty(command.AccountId), "account_id", "is required").ThrowIfInvalid();

        var apiKey = ApiTokens.NewAccountKey();
        var oldHash = await store.WriteAsync(async session =>
        {
            var stream = await session.Events.FetchForWriting<Account>(command.AccountId, ct);
            var account = stream.Aggregate ?? throw Errors.NotFound("account", command.AccountId);
            stream.AppendOne(new AccountApiKeyRotated(ApiTokens.Hash(apiKey), clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
            return account.ApiKeyHash;
        }, ct);
        await caches.InvalidateAsync([oldHash], RedisTokenCache.Revoked, ct);
        return apiKey;
    }
}

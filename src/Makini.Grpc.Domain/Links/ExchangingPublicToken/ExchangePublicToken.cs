using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Security.Tokens;
using Marten;

namespace Makini.Grpc.Domain.Links.ExchangingPublicToken;

public sealed record ExchangePublicToken(string AccountId, string PublicToken);

public sealed record ConnectionWithToken(Connection Connection, string ApiToken);

/// <summary>Reveals the connection's API token once: the public token is spent in the same transaction.</summary>
public sealed class ExchangePublicTokenHandler(
    IDocumentStore store,
    PrincipalResolver principals,
    CacheCoherence caches,
    ConnectionCaches connectionCaches,
    TimeProvider clock)
{
    public async Task<ConnectionWithToken> HandleAsync(ExchangePublicToken command, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrEmpty(command.PublicToken), "public_token", "is required").ThrowIfInvalid();
        var principal = await principals.ResolveAsync(command.PublicToken, ct);
        // A public token of another account is as unknown to this caller as a made-up one.
        if (principal is not { Kind: TokenKind.Public } || principal.AccountId != command.AccountId) throw Errors.TokenInvalid();
        if (principal.IsExpired(clock.GetUtcNow())) throw Errors.TokenExpired("public token");

        var apiToken = ApiTokens.NewConnectionToken();
        var (hashBefore, connection) = await store.WriteAsync(async tx =>
        {
            var now = clock.GetUtcNow();
            var link = await tx.Events.FetchForWriting<LinkSession>(principal.SubjectId, ct);
            var exchanged = LinkDecisions.Exchange(link.Aggregate!, now);
            link.AppendOne(exchanged);

            var stream = await tx.Events.FetchForWriting<Connection>(exchanged.ConnectionId, ct);
            var before = stream.Aggregate!;
            if (before.Status == ConnectionStatus.Disconnected) throw ConnectionDecisions.Disconnected(before.Id);
            stream.AppendOne(new ConnectionTokenIssued(ApiTokens.Hash(apiToken), link.Aggregate!.Id, now));
            await tx.SaveChangesAsync(ct);
            return (before.TokenHash, (await tx.Events.FetchLatest<Connection>(before.Id, ct))!);
        }, ct);

        await caches.InvalidateAsync([ApiTokens.Hash(command.PublicToken)], RedisTokenCache.Revoked, ct);
        await connectionCaches.AfterChangeAsync(hashBefore, connection, ct);
        return new ConnectionWithToken(connection, apiToken);
    }
}

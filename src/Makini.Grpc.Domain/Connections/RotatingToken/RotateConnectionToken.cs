using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Security;
using Marten;

namespace Makini.Grpc.Domain.Connections.RotatingToken;

public sealed record RotateConnectionToken(string AccountId, string ConnectionId);

public sealed class RotateConnectionTokenHandler(IDocumentStore store, ConnectionCaches caches, TimeProvider clock)
{
    /// <summary>Returns the new token once the old one fails on every node.</summary>
    public async Task<string> HandleAsync(RotateConnectionToken command, CancellationToken ct)
    {
        OwnedConnections.ValidateId(command.ConnectionId);
        var token = ApiTokens.NewConnectionToken();
        var (hashBefore, after) = await store.WriteAsync(async tx =>
        {
            var stream = await tx.Events.FetchForWriting<Connection>(command.ConnectionId, ct);
            OwnedConnections.EnsureOwned(stream.Aggregate, command.AccountId, command.ConnectionId);
            var before = stream.Aggregate!;
            stream.AppendOne(ConnectionDecisions.RotateToken(before, ApiTokens.Hash(token), clock.GetUtcNow()));
            await tx.SaveChangesAsync(ct);
            return (before.TokenHash, (await tx.Events.FetchLatest<Connection>(before.Id, ct))!);
        }, ct);
        await caches.AfterChangeAsync(hashBefore, after, ct);
        return token;
    }
}

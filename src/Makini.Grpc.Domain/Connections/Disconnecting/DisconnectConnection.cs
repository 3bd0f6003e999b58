using Makini.Grpc.Domain.Accounts;
using Makini.Grpc.Domain.Webhooks;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Sync;
using Marten;

namespace Makini.Grpc.Domain.Connections.Disconnecting;

public sealed record DisconnectConnection(string AccountId, string ConnectionId);

/// <summary>Revokes the token, returns the credits to the pool (same transaction) and keeps the synced data.</summary>
public sealed class DisconnectConnectionHandler(IDocumentStore store, ConnectionCaches caches, TimeProvider clock)
{
    public async Task<Connection> HandleAsync(DisconnectConnection command, CancellationToken ct)
    {
        OwnedConnections.ValidateId(command.ConnectionId);
        var (hashBefore, after) = await store.WriteAsync(async tx =>
        {
            var now = clock.GetUtcNow();
            var stream = await tx.Events.FetchForWriting<Connection>(command.ConnectionId, ct);
            OwnedConnections.EnsureOwned(stream.Aggregate, command.AccountId, command.ConnectionId);
            var before = stream.Aggregate!;
            var disconnected = ConnectionDecisions.Disconnect(before, now);
            stream.AppendOne(disconnected);
            ConnectionWebhooks.Enqueue(tx, WebhookEventTypes.ConnectionDisconnected, before, ConnectionStatus.Disconnected,
                $"Disconnected by the account; {disconnected.CreditsReturned} credits returned.", now);
            SyncJobs.QueueStop(tx, before.Id);
            if (disconnected.CreditsReturned > 0)
            {
                var account = await tx.Events.FetchForWriting<Account>(before.AccountId, ct);
                account.AppendOne(new CreditsReturned(before.Id, disconnected.CreditsReturned, now));
            }
            await tx.SaveChangesAsync(ct);
            return (before.TokenHash, (await tx.Events.FetchLatest<Connection>(before.Id, ct))!);
        }, ct);
        await caches.AfterChangeAsync(hashBefore, after, ct);
        return after;
    }
}

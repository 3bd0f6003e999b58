using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Webhooks;
using Marten;

namespace Makini.Grpc.Domain.Connections.DeletingData;

public sealed record DeleteConnectionData(string AccountId, string ConnectionId);

/// <summary>Erases a disconnected connection's credentials (and, with the read model, its synced records);
/// the lifecycle history stays.</summary>
public sealed class DeleteConnectionDataHandler(IDocumentStore store, IEnumerable<IConnectionDataEraser> erasers, TimeProvider clock)
{
    public Task<Connection> HandleAsync(DeleteConnectionData command, CancellationToken ct)
    {
        OwnedConnections.ValidateId(command.ConnectionId);
        return store.WriteAsync(async tx =>
        {
            var stream = await tx.Events.FetchForWriting<Connection>(command.ConnectionId, ct);
            OwnedConnections.EnsureOwned(stream.Aggregate, command.AccountId, command.ConnectionId);
            var deleted = ConnectionDecisions.DeleteData(stream.Aggregate!, clock.GetUtcNow());
            stream.AppendOne(deleted);
            ConnectionWebhooks.Enqueue(tx, WebhookEventTypes.ConnectionDataDeleted, stream.Aggregate!, ConnectionStatus.Disconnected,
                "Credentials and synced records deleted.", deleted.At);
            tx.Delete<ConnectionCredentials>(command.ConnectionId);
            foreach (var eraser in erasers) eraser.Erase(tx, command.ConnectionId);
            await tx.SaveChangesAsync(ct);
            return (await tx.Events.FetchLatest<Connection>(command.ConnectionId, ct))!;
        }, ct);
    }
}

/// <summary>A feature that stores data per connection deletes it here, in the same transaction.</summary>
public interface IConnectionDataEraser
{
    void Erase(IDocumentSession session, string connectionId);
}

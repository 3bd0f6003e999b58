using Makini.Grpc.Connectors;
using Makini.Grpc.Domain.Webhooks;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Sync;
using Marten;

namespace Makini.Grpc.Domain.Connections;

/// <summary>What any caller of a source (sync, write, health check) does when the source answers 401/403 to the stored
/// credentials: the connection needs reauthorization and its syncs pause, in one transaction.</summary>
public sealed class SourceRejections(IDocumentStore store, ConnectionCaches caches, TimeProvider clock)
{
    public async Task RecordAsync(string connectionId, SourceCredentialsRejectedException rejection, string origin, CancellationToken ct)
    {
        var result = await store.WriteAsync(async tx =>
        {
            var stream = await tx.Events.FetchForWriting<Connection>(connectionId, ct);
            var before = stream.Aggregate;
            if (before is null || before.Status != ConnectionStatus.Active) return ((string?)null, (Connection?)null);
            var now = clock.GetUtcNow();
            stream.AppendOne(new ConnectionCredentialsRejected(rejection.HttpStatus, rejection.SourceMessage, origin, now));
            ConnectionWebhooks.Enqueue(tx, WebhookEventTypes.ConnectionReauthorizationRequired, before, ConnectionStatus.ReauthorizationRequired,
                $"The source answered {rejection.HttpStatus} to the stored credentials during a {origin}: {rejection.SourceMessage}", now, rejection.HttpStatus);
            SyncJobs.QueuePause(tx, connectionId);
            await tx.SaveChangesAsync(ct);
            return (before.TokenHash, await tx.Events.FetchLatest<Connection>(connectionId, ct));
        }, ct);
        if (result.Item2 is { } after) await caches.AfterChangeAsync(result.Item1, after, ct);
    }
}

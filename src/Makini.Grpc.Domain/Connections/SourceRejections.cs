using Makini.Grpc.Connectors;
using Makini.Grpc.Domain.Webhooks;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Sync;
using Makini.Grpc.Domain.Security;
using Marten;

namespace Makini.Grpc.Domain.Connections;

/// <summary>What any caller of a source (sync, write, health check) does when the source answers 401/403 to the stored
/// credentials: the connection needs reauthorization and its syncs pause, in one transaction.</summary>
public sealed class SourceRejections(IDocumentStore store, ConnectionCaches caches, CredentialProtector protector, TimeProvider clock)
{
    /// <summary>Records the rejection of the credentials a call used; returns false when they are no longer the stored
    /// ones (a reauthorization replaced them while the call ran), which says nothing of the current credentials.</summary>
    public async Task<bool> RecordAsync(string connectionId, SourceTarget used, SourceCredentialsRejectedException rejection, string origin,
        CancellationToken ct)
    {
        var result = await store.WriteAsync(async tx =>
        {
            var stored = await tx.LoadAsync<ConnectionCredentials>(connectionId, ct);
            if (stored is null || !Same(protector.Unprotect(connectionId, stored.Ciphertext), used.Credentials))
                return ((string?)null, (Connection?)null, false);
            var stream = await tx.Events.FetchForWriting<Connection>(connectionId, ct);
            var before = stream.Aggregate;
            if (before is null || before.Status != ConnectionStatus.Active) return ((string?)null, (Connection?)null, true);
            var now = clock.GetUtcNow();
            stream.AppendOne(new ConnectionCredentialsRejected(rejection.HttpStatus, rejection.SourceMessage, origin, now));
            ConnectionWebhooks.Enqueue(tx, WebhookEventTypes.ConnectionReauthorizationRequired, before, ConnectionStatus.ReauthorizationRequired,
                $"The source answered {rejection.HttpStatus} to the stored credentials during a {origin}: {rejection.SourceMessage}", now, rejection.HttpStatus);
            SyncJobs.QueuePause(tx, connectionId);
            await tx.SaveChangesAsync(ct);
            return (before.TokenHash, await tx.Events.FetchLatest<Connection>(connectionId, ct), true);
        }, ct);
        if (result.Item2 is { } after) await caches.AfterChangeAsync(result.Item1, after, ct);
        return result.Item3;
    }

    public static bool Same(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string> used) =>
        stored.Count == used.Count && stored.All(c => used.TryGetValue(c.Key, out var v) && string.Equals(v, c.Value, StringComparison.Ordinal));
}

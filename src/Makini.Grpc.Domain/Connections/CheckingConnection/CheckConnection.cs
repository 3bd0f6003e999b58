using Makini.Grpc.Connectors;
using Makini.Grpc.Domain.Webhooks;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Sync;
using Makini.Grpc.Domain.Connections.Health;
using Marten;

namespace Makini.Grpc.Domain.Connections.CheckingConnection;

public sealed record CheckConnection(string AccountId, string ConnectionId);

/// <summary>Runs the system's credential check now and records what it saw. A rejection moves the connection to
/// REAUTHORIZATION_REQUIRED; an unreachable source is recorded, not an error of this call.</summary>
public sealed class CheckConnectionHandler(IDocumentStore store, SourceTargets targets, ConnectorRegistry connectors, ConnectionCaches caches,
    ConnectionHealthMonitor health, TimeProvider clock)
{
    public async Task<Connection> HandleAsync(CheckConnection command, CancellationToken ct)
    {
        Connection connection;
        await using (var query = store.QuerySession())
            connection = await OwnedConnections.LoadAsync(query, command.AccountId, command.ConnectionId, ct);
        if (connection.Status == ConnectionStatus.Disconnected) throw ConnectionDecisions.Disconnected(connection.Id);

        var target = await targets.ForAsync(connection, ct);
        var (result, status, message) = (HealthCheckResult.Ok, 200, "Credentials accepted.");
        SourceUnavailableException? unavailable = null;
        try
        {
            using var scope = SourceScope.Enter(connection.Id, connection.SystemId);
            await connectors.Get(connection.SystemId).CheckCredentialsAsync(target, ct);
        }
        catch (SourceCredentialsRejectedException e) { (result, status, message) = (HealthCheckResult.CredentialsRejected, e.HttpStatus, e.SourceMessage); }
        catch (SourceUnavailableException e) { (result, status, message, unavailable) = (HealthCheckResult.Unreachable, e.HttpStatus ?? 0, e.Detail, e); }

        var (hashBefore, after) = await store.WriteAsync(async tx =>
        {
            var stream = await tx.Events.FetchForWriting<Connection>(connection.Id, ct);
            var before = stream.Aggregate!;
            var now = clock.GetUtcNow();
            stream.AppendOne(ConnectionDecisions.Checked(before, result, status, message, "check", now));
            // Syncs follow the connection: paused on rejection, resumed when the source accepts the credentials again.
            if (result == HealthCheckResult.CredentialsRejected)
            {
                SyncJobs.QueuePause(tx, connection.Id);
                if (before.Status == ConnectionStatus.Active)
                    ConnectionWebhooks.Enqueue(tx, WebhookEventTypes.ConnectionReauthorizationRequired, before, ConnectionStatus.ReauthorizationRequired,
                        $"The source answered {status} to the stored credentials during a check: {message}", now, status);
            }
            else if (result == HealthCheckResult.Ok && before.Status == ConnectionStatus.ReauthorizationRequired)
            {
                SyncJobs.QueueResume(tx, connection.Id, now);
                ConnectionWebhooks.Enqueue(tx, WebhookEventTypes.ConnectionReauthorized, before, ConnectionStatus.Active,
                    "The source accepts the stored credentials again.", now);
            }
            await tx.SaveChangesAsync(ct);
            return (before.TokenHash, (await tx.Events.FetchLatest<Connection>(connection.Id, ct))!);
        }, ct);
        await caches.AfterChangeAsync(hashBefore, after, ct);
        // A rejection is an answer too, but the connection's state, not its health, says what it means.
        if (result == HealthCheckResult.Ok) await health.AnsweredAsync(connection, "check");
        else if (unavailable is not null) await health.FailedAsync(connection.Id, "check", unavailable);
        // Read again: the report may have changed the health.
        return await LatestAsync(connection.Id, ct) ?? after;
    }

    private async Task<Connection?> LatestAsync(string connectionId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<Connection>(connectionId, ct);
    }
}

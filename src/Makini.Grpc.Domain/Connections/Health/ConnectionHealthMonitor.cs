using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Webhooks;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Connections.Health;

/// <summary>
/// Where scheduled checks, on-demand checks, sync runs and writes report whether the source answered. Failures in a
/// row are counted on the connection's health row (see <see cref="HealthSchema"/>); a change of health appends
/// ConnectionHealthChanged and queues connection.health_changed in the same transaction. Reports never throw: health
/// is a by-product of the caller's work, not a reason for it to fail.
/// </summary>
public sealed partial class ConnectionHealthMonitor(
    IDocumentStore store,
    ConnectionCaches caches,
    IOptions<HealthOptions> options,
    TimeProvider clock,
    ILogger<ConnectionHealthMonitor> log)
{
    private const string Table = MartenSetup.Schema + "." + HealthSchema.Table;

    public Task AnsweredAsync(string connectionId, string origin) =>
        ReportAsync(connectionId, new HealthObservation.Answered(origin));

    /// <summary>The source answered, seen by a caller holding a fresh snapshot of the connection (a write, a check). An
    /// ONLINE connection has no failures to clear (any failure moves it off ONLINE in the transaction that counts it),
    /// so a healthy source's writes cost no extra read here.</summary>
    public Task AnsweredAsync(Connection connection, string origin) =>
        connection.Health == SourceHealth.Online ? Task.CompletedTask : ReportAsync(connection.Id, new HealthObservation.Answered(origin));

    public Task UnreachableAsync(string connectionId, string origin, string reason) =>
        ReportAsync(connectionId, new HealthObservation.Unreachable(origin, reason));

    /// <summary>Reports a failure when it is the source being down (<see cref="HealthDecisions.IsOutage"/>); anything
    /// else is ignored.</summary>
    public Task FailedAsync(string connectionId, string origin, Exception e) =>
        HealthDecisions.IsOutage(e) ? UnreachableAsync(connectionId, origin, e is Connectors.SourceUnavailableException u ? u.Detail : e.Message) : Task.CompletedTask;

    public async Task ReportAsync(string connectionId, HealthObservation observation)
    {
        try
        {
            // The steady state, a healthy source answering, costs one indexed read and writes nothing.
            if (observation is HealthObservation.Answered && await FailuresAsync(connectionId) == 0) return;
            await RecordAsync(connectionId, observation);
        }
        catch (Exception e)
        {
            LogReportFailed(connectionId, e.Message);
        }
    }

    private async Task<int> FailuresAsync(string connectionId)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand($"select consecutive_failures from {Table} where connection_id = @c", connection);
        command.Parameters.AddWithValue("c", connectionId);
        return await command.ExecuteScalarAsync() is int failures ? failures : 0;
    }

    private async Task RecordAsync(string connectionId, HealthObservation observation)
    {
        var (hashBefore, after) = await store.WriteAsync(async tx =>
        {
            await tx.BeginTransactionAsync(CancellationToken.None);
            // The row lock orders concurrent reports of one connection, so no failure is counted twice or lost.
            await using (var ensure = new NpgsqlCommand(
                $"insert into {Table} (connection_id, next_check_at) values (@c, now() + @first) on conflict (connection_id) do nothing", tx.Connection!))
            {
                ensure.Parameters.AddWithValue("c", connectionId);
                ensure.Parameters.AddWithValue("first", HealthChecker.FirstCheckDelay(options.Value.CheckInterval));
                await ensure.ExecuteNonQueryAsync();
            }
            int failures;
            await using (var select = new NpgsqlCommand($"select consecutive_failures from {Table} where connection_id = @c for update", tx.Connection!))
            {
                select.Parameters.AddWithValue("c", connectionId);
                failures = (int)(await select.ExecuteScalarAsync())!;
            }

            var stream = await tx.Events.FetchForWriting<Connection>(connectionId);
            var before = stream.Aggregate;
            if (before is null || before.Status == ConnectionStatus.Disconnected) return ((string?)null, (Connection?)null);
            var now = clock.GetUtcNow();
            var decision = HealthDecisions.Decide(before.Health, failures, observation, options.Value.OfflineAfterFailures, now);
            // Queued on the session, not run directly: SaveChanges commits only when the session has work, and a
            // failure that leaves the health as it was must still be counted.
            tx.QueueSqlCommand($"update {Table} set consecutive_failures = ? where connection_id = ?", decision.ConsecutiveFailures, connectionId);
            if (decision.Change is { } change)
            {
                stream.AppendOne(change);
                WebhookOutbox.Enqueue(tx, WebhookEventTypes.ConnectionHealthChanged, before.AccountId, before.Id, new V1.ConnectionHealthChangedData
                {
                    ConnectionId = before.Id, SystemId = before.SystemId, Health = change.Health.ToProto(), PreviousHealth = change.Previous.ToProto(),
                    Reason = change.Reason,
                }, now);
                LogHealthChanged(connectionId, change.Previous, change.Health, change.Reason);
            }
            await tx.SaveChangesAsync();
            return decision.Change is null ? (null, null) : (before.TokenHash, await tx.Events.FetchLatest<Connection>(connectionId));
        }, CancellationToken.None);
        if (after is not null) await caches.AfterChangeAsync(hashBefore, after, CancellationToken.None);
    }

    [LoggerMessage(5401, LogLevel.Warning, "Connection {ConnectionId} health: {Previous} -> {Health}: {Reason}")]
    private partial void LogHealthChanged(string connectionId, SourceHealth previous, SourceHealth health, string reason);

    [LoggerMessage(5402, LogLevel.Warning, "Could not record the health of {ConnectionId}: {Reason}")]
    private partial void LogReportFailed(string connectionId, string reason);
}

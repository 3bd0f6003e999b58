using Makini.Grpc.Connectors;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Sync;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Makini.Grpc.Domain.Connections.Health;

/// <summary>
/// Each node's loop of scheduled credential checks. A connection is checked once per interval across the cluster: a
/// node claims due rows with FOR UPDATE SKIP LOCKED and moves their next check one interval ahead in the same statement,
/// so no other node sees them due until the next interval (a node that dies mid-check just leaves that check out). First checks are spread at
/// random across the interval so that connections linked together are not all checked together. A scheduled check
/// appends nothing when the credentials are accepted and the health stays; only changes are recorded.
/// </summary>
public sealed partial class HealthChecker(
    IDocumentStore store,
    SourceTargets targets,
    ConnectorRegistry connectors,
    SourceRejections rejections,
    ConnectionHealthMonitor monitor,
    NodeIdentity node,
    IOptions<HealthOptions> options,
    ILogger<HealthChecker> log) : BackgroundService
{
    private const string Table = MartenSetup.Schema + "." + HealthSchema.Table;
    private const string Connections = MartenSetup.Schema + ".mt_doc_connection";

    /// <summary>A random point within the first interval.</summary>
    public static TimeSpan FirstCheckDelay(TimeSpan interval) => interval * Random.Shared.NextDouble();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScheduleNewAsync(o.CheckInterval, stoppingToken);
                var due = await ClaimDueAsync(o.CheckInterval, o.MaxConcurrentChecks, stoppingToken);
                await Task.WhenAll(due.Select(id => CheckAsync(id, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogClaimFailed(e.Message);
            }
            try { await Task.Delay(o.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Gives every active connection without one a row, first check at a random point of the interval, and
    /// drops the rows of disconnected connections.</summary>
    private async Task ScheduleNewAsync(TimeSpan interval, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            insert into {Table} (connection_id, next_check_at)
            select c.id, now() + random() * @interval from {Connections} c
            where c.data->>'Status' = 'Active' and not exists (select 1 from {Table} h where h.connection_id = c.id)
            on conflict (connection_id) do nothing;
            delete from {Table} h using {Connections} c where c.id = h.connection_id and c.data->>'Status' = 'Disconnected';
            """, connection);
        command.Parameters.AddWithValue("interval", interval);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Due checks of active connections (a connection awaiting reauthorization waits for its new credentials).</summary>
    private async Task<IReadOnlyList<string>> ClaimDueAsync(TimeSpan interval, int max, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            -- On time, a connection keeps its place in the interval; far behind (every node was down), it is spread anew.
            update {Table} h set next_check_at = case when h.next_check_at + @interval > now() then h.next_check_at + @interval
                                                      else now() + random() * @interval end,
                                 last_check_at = now(), last_checked_by = @node
            from (
              select h2.connection_id from {Table} h2 join {Connections} c on c.id = h2.connection_id
              where h2.next_check_at <= now() and c.data->>'Status' = 'Active'
              order by h2.next_check_at
              for update of h2 skip locked
              limit @max
            ) due
            where h.connection_id = due.connection_id
            returning h.connection_id
            """, connection);
        command.Parameters.AddWithValue("interval", interval);
        command.Parameters.AddWithValue("node", node.Id);
        command.Parameters.AddWithValue("max", max);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        return ids;
    }

    private async Task CheckAsync(string connectionId, CancellationToken ct)
    {
        try
        {
            Connection? connection;
            await using (var query = store.QuerySession()) connection = await query.LoadAsync<Connection>(connectionId, ct);
            if (connection is null || connection.Status != ConnectionStatus.Active) return;
            var target = await targets.ForAsync(connection, ct);
            try
            {
                using (SourceScope.Enter(connection.Id, connection.SystemId))
                    await connectors.Get(connection.SystemId).CheckCredentialsAsync(target, ct);
            }
            catch (SourceCredentialsRejectedException e)
            {
                await rejections.RecordAsync(connection.Id, target, e, "check", CancellationToken.None);
                return;
            }
            catch (Exception e) when (HealthDecisions.IsOutage(e))
            {
                await monitor.FailedAsync(connection.Id, "check", e);
                return;
            }
            await monitor.AnsweredAsync(connection, "check");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (SourceCallRefusedException) { } // disconnected meanwhile
        catch (Exception e)
        {
            // Not the source being down (a malformed answer, a 404, our own bug): logged, not counted.
            LogCheckFailed(connectionId, e.Message);
        }
    }

    [LoggerMessage(5411, LogLevel.Warning, "Could not claim health checks: {Reason}")]
    private partial void LogClaimFailed(string reason);

    [LoggerMessage(5412, LogLevel.Warning, "Scheduled check of {ConnectionId} failed without counting against its health: {Reason}")]
    private partial void LogCheckFailed(string connectionId, string reason);
}

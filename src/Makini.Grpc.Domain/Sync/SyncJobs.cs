using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Records;
using Marten;

namespace Makini.Grpc.Domain.Sync;

/// <summary>Statements that change a connection's sync jobs inside the caller's Marten transaction, so a connection
/// and its syncs never disagree: created together, paused, resumed and stopped with the lifecycle event.</summary>
public static class SyncJobs
{
    private const string Table = MartenSetup.Schema + "." + RecordSchema.Jobs;

    /// <summary>One job per readable entity, due at once: the initial sync starts when the connection exists.</summary>
    public static void QueueCreate(IDocumentSession session, string connectionId, SystemDescriptor system, SyncSchedule schedule, DateTimeOffset now)
    {
        foreach (var shape in EntityShape.All.Where(s => system.Supports(s.Kind, Operations.Read)))
        {
            session.QueueSqlCommand(
                $"insert into {Table} (connection_id, entity, system_id, state, interval_seconds, cron, time_zone, next_run_at, next_key_scan_at, run_trigger) " +
                "values (?, ?, ?, 'active', ?, ?, ?, ?, ?, 'connect') on conflict (connection_id, entity) do nothing",
                connectionId, shape.Name, system.SystemId,
                (object?)schedule.IntervalSeconds ?? DBNull.Value, (object?)schedule.Cron ?? DBNull.Value, (object?)schedule.TimeZone ?? DBNull.Value,
                now, now);
        }
    }

    /// <summary>Source credentials rejected: no more runs until reauthorized; a running one stops at its next page.</summary>
    public static void QueuePause(IDocumentSession session, string connectionId) =>
        session.QueueSqlCommand($"update {Table} set state = 'paused' where connection_id = ? and state = 'active'", connectionId);

    /// <summary>Reauthorized: runs resume from their checkpoints, at once.</summary>
    public static void QueueResume(IDocumentSession session, string connectionId, DateTimeOffset now) =>
        session.QueueSqlCommand($"update {Table} set state = 'active', next_run_at = least(next_run_at, ?) where connection_id = ? and state = 'paused'",
            now, connectionId);

    /// <summary>Disconnected: nothing runs any more (the node broadcast stops runs in flight).</summary>
    public static void QueueStop(IDocumentSession session, string connectionId) =>
        session.QueueSqlCommand($"update {Table} set state = 'stopped', lease_owner = null, lease_until = null where connection_id = ?", connectionId);
}

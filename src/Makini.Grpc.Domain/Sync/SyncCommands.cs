using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Records.Reading;
using Makini.Grpc.Domain.Security;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Makini.Grpc.Domain.Sync;

public enum EntitySyncState { Idle, Running, Succeeded, Failed, Paused }

/// <summary>One entity's sync as GetSyncStatus reports it.</summary>
public sealed record EntitySyncStatus(EntityShape Shape, EntitySyncState State, SyncJob Job, long TotalRecords, bool Running);

/// <summary>SyncService's use cases: status, manual triggers, schedules and the run history of one connection.</summary>
public sealed class SyncCommands(
    SyncJobStore jobs,
    IDocumentStore store,
    SyncScheduler scheduler,
    IConnectionMultiplexer redis,
    PageTokens pageTokens,
    IOptions<SyncOptions> options,
    TimeProvider clock)
{
    private const string Totals = MartenSetup.Schema + "." + RecordSchema.Totals;

    public async Task<IReadOnlyList<EntitySyncStatus>> StatusAsync(ConnectionScope scope, CancellationToken ct)
    {
        var list = await jobs.ListAsync(scope.ConnectionId, ct);
        var totals = await TotalsAsync(scope.ConnectionId, ct);
        var now = clock.GetUtcNow();
        return list
            .Select(job => (job, shape: EntityShape.ByName(job.Entity)!))
            .OrderBy(x => x.shape.Kind)
            .Select(x =>
            {
                var running = x.job.RunId is not null && x.job.LeaseUntil > now;
                var state = x.job.State != JobState.Active || scope.Status != ConnectionStatus.Active ? EntitySyncState.Paused
                    : running ? EntitySyncState.Running
                    : x.job.LastStatus switch { "succeeded" => EntitySyncState.Succeeded, "failed" => EntitySyncState.Failed, _ => EntitySyncState.Idle };
                return new EntitySyncStatus(x.shape, state, x.job, totals.GetValueOrDefault(x.job.Entity), running);
            })
            .ToList();
    }

    /// <summary>Asks for runs now; the next free node of the cluster picks them up.</summary>
    public async Task<IReadOnlyList<EntitySyncStatus>> TriggerAsync(ConnectionScope scope, IReadOnlyList<EntityKind> entities, bool full, CancellationToken ct)
    {
        EnsureCanReachSource(scope);
        var shapes = Readable(scope, entities);
        foreach (var shape in shapes)
            await jobs.UpdateAsync(scope.ConnectionId, shape.Name, "requested_kind = @kind", ct, ("kind", full ? "full" : "incremental"));
        scheduler.Wake();
        try { await redis.GetSubscriber().PublishAsync(SyncScheduler.WakeChannel, scope.ConnectionId); }
        catch (Exception e) when (e is RedisException or TimeoutException) { } // every node also polls
        return await StatusAsync(scope, ct);
    }

    public async Task<IReadOnlyList<EntitySyncStatus>> UpdateScheduleAsync(ConnectionScope scope, IReadOnlyList<EntityKind> entities,
        int intervalSeconds, string cron, string timeZone, CancellationToken ct)
    {
        var v = new Validator();
        var schedule = SyncSchedule.Validate(intervalSeconds, cron, timeZone, options.Value.MinimumIntervalSeconds, v, "schedule.");
        v.ThrowIfInvalid();
        if (scope.Status == ConnectionStatus.Disconnected) throw ConnectionDecisions.Disconnected(scope.ConnectionId);
        var next = schedule.NextAfter(clock.GetUtcNow());
        foreach (var shape in Readable(scope, entities))
        {
            // The first run of a new schedule comes at its next occurrence; an initial sync still waiting keeps its turn.
            await jobs.UpdateAsync(scope.ConnectionId, shape.Name,
                "interval_seconds = @interval, cron = @cron, time_zone = @tz, next_run_at = case when initial_done then @next else next_run_at end",
                ct, ("interval", schedule.IntervalSeconds), ("cron", schedule.Cron), ("tz", schedule.TimeZone), ("next", next.UtcDateTime));
        }
        return await StatusAsync(scope, ct);
    }

    private sealed record RunPosition(string Before);

    public async Task<(IReadOnlyList<SyncRun> Runs, string Next)> ListRunsAsync(ConnectionScope scope, EntityKind? entity, int pageSize, string pageToken, CancellationToken ct)
    {
        var v = new Validator();
        var size = Paging.PageSize(pageSize, v);
        v.ThrowIfInvalid();
        var name = entity is { } e ? EntityShape.Of(e).Name : null;
        var tokenScope = $"sync-runs|{scope.ConnectionId}|{name}";
        var position = pageTokens.Decode<RunPosition>(pageToken, tokenScope);
        await using var session = store.QuerySession();
        var connectionId = scope.ConnectionId;
        IQueryable<SyncRun> q = session.Query<SyncRun>().Where(r => r.ConnectionId == connectionId);
        if (name is not null) q = q.Where(r => r.Entity == name);
        if (position is not null) q = q.Where(r => Marten.Linq.MatchesSql.MatchesSqlExtensions.MatchesSql(r, "d.id < ?", position.Before));
        var rows = await q.OrderByDescending(r => r.Id).Take(size + 1).ToListAsync(ct);
        var page = rows.Take(size).ToList();
        return (page, rows.Count > size ? pageTokens.Encode(tokenScope, new RunPosition(page[^1].Id)) : "");
    }

    /// <summary>Anything that must reach the source needs an active connection.</summary>
    public static void EnsureCanReachSource(ConnectionScope scope)
    {
        if (scope.Status == ConnectionStatus.Disconnected) throw ConnectionDecisions.Disconnected(scope.ConnectionId);
        if (scope.Status == ConnectionStatus.ReauthorizationRequired)
        {
            throw new DomainException(ErrorKind.FailedPrecondition, ErrorReasons.ReauthorizationRequired,
                $"Connection '{scope.ConnectionId}' needs reauthorization: the source rejected its credentials. " +
                "Create a link session with reauthorize_connection_id and let the end customer enter the new credentials.",
                new Dictionary<string, string> { ["connection_id"] = scope.ConnectionId });
        }
    }

    private static IReadOnlyList<EntityShape> Readable(ConnectionScope scope, IReadOnlyList<EntityKind> entities)
    {
        var system = SystemCatalog.Find(scope.SystemId)!;
        if (entities.Count == 0) return EntityShape.All.Where(s => system.Supports(s.Kind, Operations.Read)).ToList();
        var shapes = entities.Distinct().Select(EntityShape.Of).ToList();
        foreach (var shape in shapes) RecordQueries.EnsureReadable(scope, shape);
        return shapes;
    }

    private async Task<Dictionary<string, long>> TotalsAsync(string connectionId, CancellationToken ct)
    {
        await using var connection = await jobs.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select entity, live from {Totals} where connection_id = @c", connection);
        command.Parameters.AddWithValue("c", connectionId);
        var totals = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) totals[reader.GetString(0)] = reader.GetInt64(1);
        return totals;
    }
}

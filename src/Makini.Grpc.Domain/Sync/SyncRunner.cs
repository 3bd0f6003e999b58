using System.Threading.Channels;
using Makini.Grpc.Connectors;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Connections.Health;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Webhooks;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Makini.Grpc.Domain.Sync;

/// <summary>
/// Runs one claimed sync job: fetches pages from the source and commits each page (changed records, their change-log
/// rows, and the job's cursor) in one transaction fenced by the job's lease. A node that dies mid-run leaves the cursor
/// of its last committed page; the node that claims the job next resumes from there, so nothing is fetched twice into
/// the store and nothing is lost.
/// </summary>
public sealed partial class SyncRunner(
    SyncJobStore jobs,
    IDocumentStore store,
    ReaderRegistry readers,
    SourceTargets targets,
    RecordChangeWriter writer,
    ChangeNotifier notifier,
    SourceRejections rejections,
    ConnectionHealthMonitor health,
    RunningSyncs running,
    IOptions<SyncOptions> options,
    TimeProvider clock,
    ILogger<SyncRunner> log)
{
    private const string Jobs = MartenSetup.Schema + "." + RecordSchema.Jobs;
    private const string Records = MartenSetup.Schema + ".mt_doc_syncedrecord";

    private sealed class LeaseLostException() : Exception("The sync job's lease was lost.");

    /// <param name="progress">Where this runner says which run it holds and when it last held its lease.</param>
    public async Task RunAsync(SyncJob job, string node, CancellationToken stopping, RunnerProgress? progress = null)
    {
        progress ??= new RunnerProgress();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var registration = running.Register(job.ConnectionId, cts);
        var ct = cts.Token;
        var shape = EntityShape.ByName(job.Entity)!;

        Connection? connection;
        await using (var query = store.QuerySession()) connection = await query.LoadAsync<Connection>(job.ConnectionId, ct);
        if (connection is null || connection.Status != ConnectionStatus.Active)
        {
            await jobs.UpdateFencedAsync(job.ConnectionId, job.Entity, node, "lease_owner = null, lease_until = null", CancellationToken.None);
            return;
        }

        var reader = readers.Get(job.SystemId);
        var mode = reader.ModeOf(shape.Kind);
        var run = await StartOrResumeAsync(job, node, mode, ct);
        if (run is null) return;
        // Held first: the scheduler reads HeldAt only once RunId names the run.
        progress.Held(clock.GetUtcNow());
        progress.RunId = run.Id;

        // Renew the lease in the background; losing it (another node, or the connection paused or stopped) cancels the run.
        using var renewal = RenewWhileRunningAsync(job, node, cts, progress);
        SourceTarget? target = null;
        try
        {
            using var scope = SourceScope.Enter(job.ConnectionId, job.SystemId);
            target = await targets.ForAsync(connection, ct);
            var outcome = run.Kind == SyncRunKind.DeletionScan
                ? await ScanKeysAsync(run, job, node, shape, reader, target, ct)
                : await FetchPagesAsync(run, job, node, shape, reader, mode, target, ct);
            await FinishAsync(run, job, node, mode, outcome, ct);
            progress.RunId = null;
            // Read afresh: the connection snapshot is as old as the run, and checks may have seen failures meanwhile.
            await health.AnsweredAsync(job.ConnectionId, "sync");
        }
        catch (SourceCredentialsRejectedException e) when (target is not null)
        {
            // Credentials replaced while the run went on (a reauthorization) fail only this run: the next one uses the new ones.
            var current = await rejections.RecordAsync(job.ConnectionId, target, e, "sync", CancellationToken.None);
            await FailAsync(run, job, node, $"The source rejected the stored credentials: {e.SourceMessage}", pause: current);
        }
        catch (Exception e) when (e is SourceUnavailableException or EntityNotSupportedException or HttpRequestException or System.Text.Json.JsonException)
        {
            LogRunFailed(job.ConnectionId, job.Entity, e.Message);
            await FailAsync(run, job, node, e.Message, pause: false);
            // Only the source being down counts (timeouts, no connection, 5xx), not an entity it lacks or a bad answer.
            await health.FailedAsync(job.ConnectionId, "sync", e);
        }
        catch (Exception e) when (e is LeaseLostException or SourceCallRefusedException || (e is OperationCanceledException && !stopping.IsCancellationRequested))
        {
            // Stopped by a disconnect or pause, or another node took over: nothing of ours to finish.
            await MarkRunAsync(run.Id, null, null, r => { r.Status = SyncRunStatus.Cancelled; r.EndedAt = clock.GetUtcNow(); r.Error = "stopped"; });
        }
        catch (OperationCanceledException)
        {
            // This node is shutting down: the lease runs out and another node resumes the run from its cursor.
        }
        catch (Exception e)
        {
            // Anything else is a failed run too, recorded as such, never a job left claimed.
            LogRunCrashed(e, job.ConnectionId, job.Entity);
            await FailAsync(run, job, node, $"Internal error: {e.GetType().Name}", pause: false);
        }
        finally
        {
            progress.RunId = null;
            await cts.CancelAsync();
        }
    }

    private sealed record FetchedPage(IReadOnlyList<PreparedRecord> Prepared, int Count, string? NextCursor, DateTimeOffset? HighWater, IReadOnlyList<string> Keys,
        IDisposable? Buffers);

    private sealed record ActiveRun(string Id, SyncRunKind Kind, DateTimeOffset StartedAt, DateTimeOffset? ChangedSince, string? Cursor, bool Resumed);

    private sealed record Outcome(ChangeCounts Counts, long Seen, DateTimeOffset? HighWater);

    private async Task<ActiveRun?> StartOrResumeAsync(SyncJob job, string node, ReadMode mode, CancellationToken ct)
    {
        if (job.RunId is { } resumedId)
        {
            var kind = Enum.Parse<SyncRunKind>(job.RunKind!);
            await jobs.UpdateFencedAsync(job.ConnectionId, job.Entity, node, "run_resumed = true", ct);
            LogRunResumed(job.ConnectionId, job.Entity, job.RunKind!, job.RunPages, job.RunCursor ?? "(read complete)");
            return new ActiveRun(resumedId, kind, job.RunStartedAt ?? clock.GetUtcNow(), job.RunChangedSince, job.RunCursor, Resumed: true);
        }

        var now = clock.GetUtcNow();
        var dataDue = job.NextRunAt <= now || job.RequestedKind is not null;
        SyncRunKind runKind;
        if (!dataDue)
        {
            // Only the key scan is due. Snapshot entities detect deletes in every run; they need no scan.
            if (mode == ReadMode.Snapshot)
            {
                await jobs.UpdateFencedAsync(job.ConnectionId, job.Entity, node, "next_key_scan_at = null, lease_owner = null, lease_until = null", ct);
                return null;
            }
            runKind = SyncRunKind.DeletionScan;
        }
        else if (!job.InitialDone) runKind = SyncRunKind.Initial;
        else if (job.RequestedKind == "full" || mode == ReadMode.Snapshot) runKind = SyncRunKind.Full;
        else runKind = SyncRunKind.Incremental;

        var o = options.Value;
        DateTimeOffset? since = runKind switch
        {
            _ when mode == ReadMode.Snapshot => null,
            SyncRunKind.Initial => o.InitialWindowDays > 0 ? now.AddDays(-o.InitialWindowDays) : null,
            SyncRunKind.Incremental => job.Checkpoint is { } checkpoint ? checkpoint - o.Overlap : null,
            _ => null,
        };
        var trigger = job.RequestedKind is not null ? "manual" : runKind == SyncRunKind.Initial && job.RunTrigger == "connect" ? "connect" : "schedule";
        var id = "run_" + Guid.CreateVersion7().ToString("N");
        var updated = await jobs.UpdateFencedAsync(job.ConnectionId, job.Entity, node,
            "run_id = @run, run_kind = @kind, run_trigger = @trigger, run_cursor = null, run_started_at = @now, run_changed_since = @since, " +
            "run_high_water = null, run_resumed = false, run_seen = 0, run_created = 0, run_updated = 0, run_deleted = 0, run_pages = 0, " +
            // A data run consumes the trigger it saw; a trigger that arrived since (or during a key scan) stays for the next run.
            "requested_kind = case when @consumes and requested_kind is not distinct from @seen then null else requested_kind end",
            ct, ("run", id), ("kind", runKind.ToString()), ("trigger", trigger), ("now", now.UtcDateTime), ("since", since?.UtcDateTime),
            ("consumes", runKind != SyncRunKind.DeletionScan), ("seen", job.RequestedKind));
        if (updated == 0) return null;

        await using (var session = store.LightweightSession())
        {
            session.Store(new SyncRun
            {
                Id = id, ConnectionId = job.ConnectionId, Entity = job.Entity, Kind = runKind, Status = SyncRunStatus.Running,
                Trigger = trigger, StartedAt = now,
            });
            await session.SaveChangesAsync(ct);
        }
        return new ActiveRun(id, runKind, now, since, null, Resumed: false);
    }

    private async Task<Outcome> FetchPagesAsync(ActiveRun run, SyncJob job, string node, EntityShape shape, IEntityReader reader, ReadMode mode,
        SourceTarget target, CancellationToken ct)
    {
        var cursor = run.Cursor;
        var counts = run.Resumed ? new ChangeCounts((int)job.RunCreated, (int)job.RunUpdated, (int)job.RunDeleted) : default;
        var seen = run.Resumed ? job.RunSeen : 0;
        DateTimeOffset? highWater = run.Resumed ? job.RunHighWater : null;
        // A run that reads everything also finds what vanished: whatever it did not see. A resumed run lacks the
        // keys of its earlier pages, so it leaves delete detection to the next scan.
        HashSet<string>? keys = (run.Kind == SyncRunKind.Full || mode == ReadMode.Snapshot) && !run.Resumed ? new(StringComparer.Ordinal) : null;
        // The last page commits a null cursor: a run taken over after it (its lease ran out before it was finished) has
        // read everything and only needs finishing. Reading again from the start would repeat the whole read, and, where
        // that outlasts a lease again, without end.
        if (run.Resumed && cursor is null && job.RunPages > 0) return new Outcome(counts, seen, highWater);
        // Three stages at once: the source is read ahead (the next page is asked for as soon as one arrives), each page
        // is prepared (ids, unified JSON, hashes, stored documents) on a task of its own, and pages are written in
        // order. At most two pages wait for the writer. Only what writing needs leaves the preparing task; where the
        // reader parsed in place, that includes the page's pooled buffer (the raw records), returned once written.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ahead = Channel.CreateBounded<Task<FetchedPage>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                var at = cursor;
                do
                {
                    var fetched = await reader.ReadPageAsync(target, shape.Kind, run.ChangedSince, at, stop.Token);
                    var prepared = Task.Run(() => new FetchedPage(RecordChangeWriter.Prepare(job.ConnectionId, shape, fetched.Records), fetched.Records.Count,
                        fetched.NextCursor, fetched.Records.Max(r => r.ModifiedAt)?.ToUniversalTime(),
                        keys is null ? [] : fetched.Records.Select(r => RecordIds.For(job.ConnectionId, shape.Kind, r.RemoteId)).ToList(), fetched.Buffers), stop.Token);
                    await ahead.Writer.WriteAsync(prepared, stop.Token);
                    at = fetched.NextCursor;
                }
                while (at is not null);
            }
            finally { ahead.Writer.TryComplete(); }
        }, CancellationToken.None);
        // Where a run's time goes (waiting for the source and preparing, or writing), for tuning: logged at the end.
        long waiting = 0, writing = 0;
        try
        {
            while (true)
            {
                var waitStarted = clock.GetTimestamp();
                if (!await ahead.Reader.WaitToReadAsync(ct) || !ahead.Reader.TryRead(out var pending)) break;
                var page = await pending;
                waiting += clock.GetTimestamp() - waitStarted;
                if (page.HighWater is { } h && (highWater is null || h > highWater)) highWater = h;
                keys?.UnionWith(page.Keys);

                var writeStarted = clock.GetTimestamp();
                (ChangeCounts Counts, long LastSeq) committed;
                // The raw records are views into the source page's pooled buffer until they are written.
                using (page.Buffers) committed = await CommitPageAsync(run, job, node, shape, page.Prepared, page.Count, page.NextCursor, highWater, ct);
                var (pageCounts, last) = committed;
                writing += clock.GetTimestamp() - writeStarted;
                counts += pageCounts;
                seen += page.Count;
                notifier.Notify(job.ConnectionId, last);
            }
        }
        catch
        {
            // Nothing waits for the pages read ahead any more.
            await stop.CancelAsync();
            _ = reading.ContinueWith(t => t.Exception, TaskScheduler.Default);
            while (ahead.Reader.TryRead(out var unread)) _ = unread.ContinueWith(t => t.Exception, TaskScheduler.Default);
            throw;
        }
        // A read that failed part way fails the run once the pages read before it are written (their progress is kept).
        await reading;

        LogRunTiming(job.ConnectionId, job.Entity, (double)waiting / clock.TimestampFrequency, (double)writing / clock.TimestampFrequency);
        if (keys is not null) counts += await MarkVanishedAsync(run, job, node, shape, keys, ct);
        return new Outcome(counts, seen, highWater);
    }

    private async Task<Outcome> ScanKeysAsync(ActiveRun run, SyncJob job, string node, EntityShape shape, IEntityReader reader,
        SourceTarget target, CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await reader.ReadKeysAsync(target, shape.Kind, cursor, ct);
            keys.UnionWith(page.RemoteIds.Select(r => RecordIds.For(job.ConnectionId, shape.Kind, r)));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        var counts = await MarkVanishedAsync(run, job, node, shape, keys, ct);
        return new Outcome(counts, keys.Count, null);
    }

    /// <summary>Records we hold as live, synced before this run began, whose key the source no longer lists.</summary>
    private async Task<ChangeCounts> MarkVanishedAsync(ActiveRun run, SyncJob job, string node, EntityShape shape, HashSet<string> present, CancellationToken ct)
    {
        var vanished = new List<string>();
        await using (var connection = await jobs.OpenAsync(ct))
        await using (var command = new NpgsqlCommand(
            $"select id from {Records} where connection_id = @c and entity = @e and remote_deleted_at is null and (data->>'SyncedAt')::timestamptz < @started",
            connection))
        {
            command.Parameters.AddWithValue("c", job.ConnectionId);
            command.Parameters.AddWithValue("e", shape.Name);
            command.Parameters.AddWithValue("started", run.StartedAt.UtcDateTime);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetString(0);
                if (!present.Contains(id)) vanished.Add(id);
            }
        }
        var counts = new ChangeCounts();
        foreach (var batch in vanished.Chunk(500))
        {
            await using var session = store.LightweightSession();
            await session.BeginTransactionAsync(ct);
            await FenceAsync(session, run, job, node, ct);
            var (c, last) = await writer.MarkDeletedAsync(session, job.ConnectionId, shape, batch, "sync", clock.GetUtcNow(), ct);
            session.QueueSqlCommand($"update {Jobs} set run_deleted = run_deleted + ? where connection_id = ? and entity = ?", (long)c.Deleted, job.ConnectionId, job.Entity);
            await session.SaveChangesAsync(ct);
            notifier.Notify(job.ConnectionId, last);
            counts += c;
        }
        return counts;
    }

    private async Task<(ChangeCounts, long)> CommitPageAsync(ActiveRun run, SyncJob job, string node, EntityShape shape,
        IReadOnlyList<PreparedRecord> records, int seen, string? nextCursor, DateTimeOffset? highWater, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(ct);
        await FenceAsync(session, run, job, node, ct);
        var (counts, last) = await writer.ApplyAsync(session, job.ConnectionId, shape, records, "sync", clock.GetUtcNow(), ct);
        session.QueueSqlCommand(
            $"update {Jobs} set run_cursor = ?, run_seen = run_seen + ?, run_created = run_created + ?, run_updated = run_updated + ?, " +
            "run_pages = run_pages + 1, run_high_water = greatest(run_high_water, ?), lease_until = now() + ? where connection_id = ? and entity = ?",
            (object?)nextCursor ?? DBNull.Value, (long)seen, (long)counts.Created, (long)counts.Updated,
            (object?)highWater ?? DBNull.Value, options.Value.Lease, job.ConnectionId, job.Entity);
        await session.SaveChangesAsync(ct);
        return (counts, last);
    }

    /// <summary>Locks the job row for this transaction and checks this node still holds this run; otherwise nothing of
    /// the page may be written.</summary>
    private static async Task FenceAsync(IDocumentSession session, ActiveRun run, SyncJob job, string node, CancellationToken ct)
    {
        await using var fence = new NpgsqlCommand(
            $"select 1 from {Jobs} where connection_id = @c and entity = @e and lease_owner = @node and run_id = @run and state = 'active' for update",
            session.Connection!);
        fence.Parameters.AddWithValue("c", job.ConnectionId);
        fence.Parameters.AddWithValue("e", job.Entity);
        fence.Parameters.AddWithValue("node", node);
        fence.Parameters.AddWithValue("run", run.Id);
        if (await fence.ExecuteScalarAsync(ct) is null) throw new LeaseLostException();
    }

    private async Task FinishAsync(ActiveRun run, SyncJob job, string node, ReadMode mode, Outcome outcome, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var scan = run.Kind == SyncRunKind.DeletionScan;
        var nextRun = job.Schedule.NextAfter(now);
        // A run that read every record (initial or full) saw what a key scan would: the next scan is a full interval away,
        // not due at once (a connection's first scan came right after its initial sync, reading all its ids again).
        var nextScan = scan || run.Kind is SyncRunKind.Initial or SyncRunKind.Full || job.NextKeyScanAt is null
            ? now + options.Value.KeyScanInterval : job.NextKeyScanAt.Value;
        // The checkpoint moves to the newest change seen (the source's clock), never backwards, and never past the run's
        // start (our clock): a reader paging by offset may have passed a record that changed after the run began.
        var checkpointSql = mode == ReadMode.Incremental && !scan
            ? "checkpoint = least(coalesce(greatest(checkpoint, run_high_water), run_started_at), run_started_at), " : "";
        // A key scan is upkeep, not a sync of data: it leaves the entity's last-sync figures alone (it is in ListSyncRuns).
        var lastSql = scan ? "" : "last_status = 'succeeded', last_success_at = @now, last_error = null, last_error_at = null, last_seen = @seen, last_changed = @changed, ";
        // A data run schedules the next one, unless the schedule was changed while it ran: that change set its own next
        // run, which stands. A key scan leaves the data schedule alone.
        var nextSql = scan ? "" : "next_run_at = case when interval_seconds is not distinct from @interval::integer and cron is not distinct from @cron::text " +
                                  "and time_zone is not distinct from @tz::text then @next else next_run_at end, ";
        var jobUpdate = new JobUpdate(job, node,
            checkpointSql + lastSql + nextSql +
            "initial_done = initial_done or @data, next_key_scan_at = @scan, " +
            "run_id = null, run_kind = null, run_cursor = null, run_resumed = false, lease_owner = null, lease_until = null",
            [("now", now.UtcDateTime), ("seen", outcome.Seen), ("changed", (long)outcome.Counts.Total), ("data", !scan),
             ("next", nextRun.UtcDateTime), ("scan", nextScan.UtcDateTime),
             ("interval", job.Schedule.IntervalSeconds), ("cron", job.Schedule.Cron), ("tz", job.Schedule.TimeZone)]);
        // A deletion scan runs every few minutes: it announces itself only when it found records gone, which no other
        // sync.completed would report.
        await MarkRunAsync(run.Id, jobUpdate, scan && outcome.Counts.Total == 0 ? null : WebhookEventTypes.SyncCompleted, r =>
        {
            r.Status = SyncRunStatus.Succeeded;
            r.EndedAt = now;
            r.Seen = outcome.Seen;
            r.Created = outcome.Counts.Created;
            r.Updated = outcome.Counts.Updated;
            r.Deleted = outcome.Counts.Deleted;
        });
        LogRunSucceeded(job.ConnectionId, job.Entity, run.Kind.ToString(), outcome.Seen, outcome.Counts.Total);
    }

    private async Task FailAsync(ActiveRun run, SyncJob job, string node, string error, bool pause)
    {
        var now = clock.GetUtcNow();
        // Retry sooner than the schedule after a failure, backing off towards it.
        var retry = job.LastStatus == "failed" && job.LastErrorAt is { } lastError
            ? TimeSpan.FromTicks(Math.Min((now - lastError).Ticks * 2, (job.Schedule.NextAfter(now) - now).Ticks))
            : options.Value.RetryAfterFailure;
        if (retry < options.Value.RetryAfterFailure) retry = options.Value.RetryAfterFailure;
        var jobUpdate = new JobUpdate(job, node,
            "last_status = 'failed', last_error = @error, last_error_at = @now, next_run_at = @next, " +
            "run_id = null, run_kind = null, run_cursor = null, run_resumed = false, lease_owner = null, lease_until = null",
            [("error", error), ("now", now.UtcDateTime), ("next", (now + retry).UtcDateTime)]);
        await MarkRunAsync(run.Id, jobUpdate, run.Kind == SyncRunKind.DeletionScan ? null : WebhookEventTypes.SyncFailed, r =>
        {
            r.Status = pause ? SyncRunStatus.Cancelled : SyncRunStatus.Failed;
            r.EndedAt = now;
            r.Error = error;
        });
    }

    /// <summary>A fenced update of the job row (it applies only while this node holds the job).</summary>
    private sealed record JobUpdate(SyncJob Job, string Node, string Set, (string Name, object? Value)[] Parameters);

    /// <summary>Ends the run: the job row (when given), the run's document and its sync.* webhook (when given) change in
    /// one transaction, so a reader never sees the job finished and its run still running, and no webhook is lost.</summary>
    private async Task MarkRunAsync(string runId, JobUpdate? jobUpdate, string? webhookType, Action<SyncRun> change)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(CancellationToken.None);
        var run = await session.LoadAsync<SyncRun>(runId);
        // Counts of the pages committed so far live on the job row; copy them before the run leaves it.
        var job = run is null ? null : await jobs.GetAsync(run.ConnectionId, run.Entity, CancellationToken.None);
        if (run is not null && job is not null && job.RunId == runId)
        {
            run.Seen = job.RunSeen;
            run.Created = job.RunCreated;
            run.Updated = job.RunUpdated;
            run.Deleted = job.RunDeleted;
            run.Pages = job.RunPages;
        }
        if (jobUpdate is not null)
        {
            await using var update = new NpgsqlCommand(
                $"update {Jobs} set {jobUpdate.Set} where connection_id = @c and entity = @e and lease_owner = @node and run_id = @run", session.Connection!);
            update.Parameters.AddWithValue("run", runId);
            update.Parameters.AddWithValue("c", jobUpdate.Job.ConnectionId);
            update.Parameters.AddWithValue("e", jobUpdate.Job.Entity);
            update.Parameters.AddWithValue("node", jobUpdate.Node);
            foreach (var (name, value) in jobUpdate.Parameters) update.Parameters.AddWithValue(name, value ?? DBNull.Value);
            await update.ExecuteNonQueryAsync(CancellationToken.None);
        }
        if (run is null)
        {
            await session.SaveChangesAsync();
            return;
        }
        change(run);
        session.Store(run);
        if (webhookType is not null && await session.LoadAsync<Connection>(run.ConnectionId) is { } connection)
            WebhookOutbox.Enqueue(session, webhookType, connection.AccountId, run.ConnectionId, SyncWebhooks.Data(webhookType, run), run.EndedAt ?? clock.GetUtcNow());
        await session.SaveChangesAsync();
    }

    private IDisposable RenewWhileRunningAsync(SyncJob job, string node, CancellationTokenSource cts, RunnerProgress progress)
    {
        var lease = options.Value.Lease;
        var timer = new PeriodicTimer(lease / 3);
        _ = Task.Run(async () =>
        {
            try
            {
                while (await timer.WaitForNextTickAsync(cts.Token))
                {
                    bool held;
                    // One failed renewal must not end renewing: the next tick tries again before the lease runs out.
                    try { held = await jobs.RenewAsync(job.ConnectionId, job.Entity, node, lease, cts.Token); }
                    catch (Exception e) when (e is NpgsqlException or TimeoutException) { continue; }
                    if (!held)
                    {
                        await cts.CancelAsync();
                        return;
                    }
                    progress.Held(clock.GetUtcNow());
                }
            }
            catch (OperationCanceledException) { }
        });
        return timer;
    }

    [LoggerMessage(5001, LogLevel.Information, "Sync {ConnectionId}/{Entity} {Kind} succeeded: {Seen} seen, {Changed} changed.")]
    private partial void LogRunSucceeded(string connectionId, string entity, string kind, long seen, int changed);

    [LoggerMessage(5004, LogLevel.Debug, "Sync {ConnectionId}/{Entity} pages: {Waiting:F2} s waiting for the source and preparing, {Writing:F2} s writing.")]
    private partial void LogRunTiming(string connectionId, string entity, double waiting, double writing);

    [LoggerMessage(5005, LogLevel.Information, "Sync {ConnectionId}/{Entity} {Kind} resumed after {Pages} pages at {Cursor}.")]
    private partial void LogRunResumed(string connectionId, string entity, string kind, long pages, string cursor);

    [LoggerMessage(5003, LogLevel.Error, "Sync {ConnectionId}/{Entity} failed unexpectedly.")]
    private partial void LogRunCrashed(Exception e, string connectionId, string entity);

    [LoggerMessage(5002, LogLevel.Warning, "Sync {ConnectionId}/{Entity} failed: {Error}")]
    private partial void LogRunFailed(string connectionId, string entity, string error);
}

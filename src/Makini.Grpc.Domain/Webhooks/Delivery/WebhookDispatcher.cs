using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Sync;
using Makini.Grpc.Domain.Webhooks.Endpoints;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Makini.Grpc.Domain.Webhooks.Delivery;

/// <summary>
/// Each node's delivery loop: claim due deliveries through PostgreSQL (a lease, so no two nodes post the same delivery
/// while both live; a node that dies leaves its leases to expire and another node posts again, with the same event id),
/// post them signed, record each attempt. A commit that queued deliveries wakes every node through LISTEN/NOTIFY.
/// Each endpoint has a limit of deliveries in flight cluster-wide that adapts to its answers (see
/// <see cref="WebhookOptions.MaxInFlightPerEndpoint"/>), so a slow or dead endpoint holds a few slots and the others keep
/// flowing.
/// </summary>
public sealed partial class WebhookDispatcher(
    IDocumentStore store,
    DispatcherDatabase database,
    WebhookEndpoints endpoints,
    NodeIdentity node,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> log) : BackgroundService
{
    private const string D = MartenSetup.Schema + "." + WebhookSchema.Deliveries;
    private const string E = MartenSetup.Schema + "." + WebhookSchema.Events;
    private const string P = MartenSetup.Schema + "." + WebhookSchema.Endpoints;
    private const int MaxResponseBytes = 1024;
    private const int MaxRecordedPerCycle = 512;
    // Cycles that may fail in a row before the attempts they were recording are given up (the lease decides then).
    private const int MaxRecordingAttempts = 5;
    private static readonly TimeSpan CycleSpacing = TimeSpan.FromMilliseconds(5);
    private readonly Dictionary<string, int> _byEndpoint = [];
    // Each endpoint's in-flight limit as last claimed, to tell when it runs short of slots (under _byEndpoint's lock).
    private readonly Dictionary<string, int> _limits = [];
    // Where each endpoint's scan for due deliveries starts: ScanMargin before the oldest this node claimed last. What a
    // queue has delivered stays in its pending index as dead entries until vacuum (a minute apart by default, tens of
    // thousands of entries at 1,000 deliveries/s), and every claim walked them from the oldest: 0.8-1.1 ms a claim over
    // the webhook benchmark, the largest share of PostgreSQL's time, and 0.3-0.5 ms from here. The margin covers a
    // delivery committed a little after its event time (a transaction's length, the clock of another node); one due
    // further behind (a lease that expired on a dead node, a long transaction) is found by a full scan every
    // FullScanInterval. Only the loop touches these.
    private readonly Dictionary<string, DateTimeOffset> _scanFrom = [];
    private long _lastFullScan;
    private static readonly TimeSpan ScanMargin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FullScanInterval = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Channel<DeliveryOutcome> _finished = Channel.CreateUnbounded<DeliveryOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private HttpClient? _http;
    private int _inFlight; // written by Count only, under its lock; read without it

    private sealed record Claimed(string Id, string EventId, string EventType, string EndpointId, string Url, string Secrets,
        DateTimeOffset? PreviousSecretExpiresAt, int AttemptCount, DateTimeOffset RetryFrom, string Body, DateTimeOffset NextAttemptAt, int Limit);

    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        _http = WebhookHttp.Create(o.AllowPrivateTargets);
        _ = Task.Run(() => ListenAsync(stoppingToken), CancellationToken.None);
        var tasks = new List<Task>();
        var finished = new List<DeliveryOutcome>(MaxRecordedPerCycle);
        var minClaim = Math.Max(1, o.MaxConcurrentDeliveries / 8);
        var lastCycle = 0L;
        var failedRecordings = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                // While slots are plentiful, cycles come at most every CycleSpacing: the commits and answers of those
                // few milliseconds are claimed and recorded together, not in a round trip each (at 1,000 events/s that
                // was two cycles per delivery, each walking the dead index entries the queue leaves until vacuum).
                // Once an endpoint or the node runs short of slots, cycles run back to back: a slot is held until its
                // attempt is recorded, so a pause between cycles is a pause in throughput (5 ms spacing held a
                // 10,000-event backlog to ~5,000 deliveries/s).
                var since = Stopwatch.GetElapsedTime(lastCycle);
                if (Volatile.Read(ref _inFlight) > 0 && since < CycleSpacing && !ShortOfSlots(o)) await Task.Delay(CycleSpacing - since, stoppingToken);
                while (finished.Count < MaxRecordedPerCycle && _finished.Reader.TryRead(out var outcome)) finished.Add(outcome);
                // The attempts recorded in this cycle free their slots before it claims.
                var inFlight = Volatile.Read(ref _inFlight) - finished.Count;
                var free = o.MaxConcurrentDeliveries - inFlight;
                var claim = free > 0 && (inFlight == 0 || free >= minClaim) ? free : 0;
                if (finished.Count > 0 || claim > 0)
                {
                    lastCycle = Stopwatch.GetTimestamp();
                    IReadOnlyList<Claimed> claimed;
                    var recorded = false;
                    try
                    {
                        claimed = await CycleAsync(finished, claim, stoppingToken);
                        recorded = true;
                    }
                    finally
                    {
                        // A failed cycle's attempts are recorded by the next cycles: delivered, they would otherwise be
                        // posted again once their leases ran out, with no node having died. After a few failures they
                        // are given up, and the lease decides. Either way their slots are free only then.
                        if (recorded || ++failedRecordings >= MaxRecordingAttempts)
                        {
                            foreach (var outcome in finished) Count(outcome.EndpointId, -1);
                            finished.Clear();
                            failedRecordings = 0;
                        }
                    }
                    full = claim > 0 && claimed.Count == claim;
                    foreach (var delivery in claimed) tasks.Add(Start(delivery, stoppingToken));
                }
                tasks.RemoveAll(t => t.IsCompleted);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogCycleFailed(e.Message);
            }
            catch (OperationCanceledException) { break; }
            if (full || _finished.Reader.TryPeek(out _)) continue; // more may be due right now
            try { await _wake.WaitAsync(o.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        // Record what finished before the node stops, so those deliveries are not posted again.
        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        while (_finished.Reader.TryRead(out var outcome)) finished.Add(outcome);
        try { if (finished.Count > 0) await CycleAsync(finished, 0, CancellationToken.None); }
        catch (Exception e) when (e is NpgsqlException or TimeoutException) { LogCycleFailed(e.Message); }
    }

    /// <summary>This node's deliveries in flight (until recorded), in all and per endpoint, to tell when slots run short.</summary>
    private void Count(string endpointId, int change)
    {
        lock (_byEndpoint)
        {
            Volatile.Write(ref _inFlight, _inFlight + change);
            var n = _byEndpoint.GetValueOrDefault(endpointId) + change;
            if (n > 0) _byEndpoint[endpointId] = n;
            else _byEndpoint.Remove(endpointId);
        }
    }

    private bool ShortOfSlots(WebhookOptions o)
    {
        if (Volatile.Read(ref _inFlight) * 4 >= o.MaxConcurrentDeliveries * 3) return true;
        lock (_byEndpoint)
        {
            foreach (var (endpoint, n) in _byEndpoint)
                if (n * 4 >= _limits.GetValueOrDefault(endpoint, o.InitialInFlightPerEndpoint) * 3) return true;
        }
        return false;
    }

    private Task Start(Claimed delivery, CancellationToken stoppingToken)
    {
        Count(delivery.EndpointId, 1);
        return Task.Run(async () =>
        {
            DeliveryOutcome? outcome = null;
            try { outcome = await DeliverAsync(delivery, stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { LogDeliveryCrashed(e, delivery.Id); }
            finally
            {
                // A recorded attempt frees its slot in the cycle that records it; one that crashed frees it now.
                if (outcome is not null) _finished.Writer.TryWrite(outcome);
                else Count(delivery.EndpointId, -1);
                Wake();
            }
        }, CancellationToken.None);
    }

    /// <summary>One round trip: records <paramref name="finished"/> attempts (and their endpoints' breakers), then
    /// claims up to <paramref name="max"/> due deliveries, oldest first, at most the room each endpoint has left under
    /// its in-flight cap. The statements run as one implicit transaction.</summary>
    private async Task<IReadOnlyList<Claimed>> CycleAsync(IReadOnlyList<DeliveryOutcome> finished, int max, CancellationToken ct)
    {
        var o = options.Value;
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        DeliveryOutcomes.AddTo(batch, finished, node.Id, o);
        if (Stopwatch.GetElapsedTime(_lastFullScan) >= FullScanInterval)
        {
            _lastFullScan = Stopwatch.GetTimestamp();
            _scanFrom.Clear();
        }
        if (max > 0) batch.BatchCommands.Add(ClaimCommand(max, o));
        var claimed = new List<Claimed>();
        await using (var r = await batch.ExecuteReaderAsync(ct))
        {
            do
            {
                if (r.FieldCount == 0) continue;
                while (await r.ReadAsync(ct))
                {
                    claimed.Add(new Claimed(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                        r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.GetInt32(7), r.GetFieldValue<DateTimeOffset>(8), r.GetString(9),
                        r.GetFieldValue<DateTimeOffset>(10), r.GetInt32(11)));
                }
            } while (await r.NextResultAsync(ct));
        }
        foreach (var endpoint in claimed.GroupBy(c => c.EndpointId))
        {
            _scanFrom[endpoint.Key] = endpoint.Min(c => c.NextAttemptAt) - ScanMargin;
            lock (_byEndpoint) _limits[endpoint.Key] = endpoint.First().Limit;
        }
        return claimed;
    }

    private NpgsqlBatchCommand ClaimCommand(int max, WebhookOptions o)
    {
        var command = new NpgsqlBatchCommand($"""
            with room as (
              select p.id, f.scan_from,
                coalesce(p.in_flight_limit, @start) - (select count(*) from {D} l where l.endpoint_id = p.id and l.status = 'pending' and l.lease_owner is not null and l.lease_until >= now()) as free
              from {P} p
              left join unnest(@from_ids, @from_times) f(id, scan_from) on f.id = p.id
              where (p.paused_until is null or p.paused_until <= now())
            ), due as (
              -- One scan per endpoint, from the oldest due delivery: it is also the probe for "has something due" (a
              -- separate probe walked the same dead index entries a drained backlog leaves, until vacuum, a second
              -- time). An endpoint without room is not scanned at all (LIMIT 0).
              select c.id from room, lateral (
                select d.id, d.next_attempt_at from {D} d
                where d.endpoint_id = room.id and d.status = 'pending' and d.next_attempt_at <= now()
                  and d.next_attempt_at >= coalesce(room.scan_from, '-infinity')
                  and (d.lease_until is null or d.lease_until < now())
                order by d.next_attempt_at limit greatest(room.free, 0)
              ) c
              order by c.next_attempt_at
              limit @max
            )
            , claimed as (
              -- By key only. The table's statistics lag its churn, and the planner would otherwise scan every pending
              -- delivery to find the few it claims (hashing them for a join with the CTE, or a bitmap of the partial
              -- index its status predicate matches). The status check, needed when a row changed meanwhile, is written
              -- so that no index predicate matches it.
              update {D} d set lease_owner = @node, lease_until = now() + @lease
              where d.id = any(array(select id from due))
                and coalesce(d.status = 'pending', false) and (d.lease_until is null or d.lease_until < now())
              returning d.id, d.event_id, d.event_type, d.endpoint_id, d.attempt_count, d.retry_from, d.next_attempt_at
            )
            -- Each by its key (LIMIT keeps the laterals nested loops for the same reason).
            select c.id, c.event_id, c.event_type, c.endpoint_id, p.url, p.secrets, p.previous_secret_expires_at, c.attempt_count, c.retry_from, e.body,
              c.next_attempt_at, coalesce(p.in_flight_limit, @start)
            from claimed c
            cross join lateral (select p.url, p.secrets, p.previous_secret_expires_at, p.in_flight_limit from {P} p where p.id = c.endpoint_id limit 1) p
            cross join lateral (select e.body from {E} e where e.id = c.event_id limit 1) e
            """);
        command.Parameters.AddWithValue("start", o.InitialInFlightPerEndpoint);
        command.Parameters.AddWithValue("max", max);
        command.Parameters.AddWithValue("node", node.Id);
        command.Parameters.AddWithValue("lease", o.Lease);
        command.Parameters.Add(new NpgsqlParameter("from_ids", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = _scanFrom.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("from_times", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz)
            { Value = _scanFrom.Values.Select(t => t.UtcDateTime).ToArray() });
        return command;
    }

    private async Task<DeliveryOutcome> DeliverAsync(Claimed delivery, CancellationToken stopping)
    {
        var o = options.Value;
        var started = clock.GetUtcNow();
        var clockStart = Stopwatch.GetTimestamp();
        int status = 0;
        string body = "", error = "";
        try
        {
            var secrets = endpoints.SigningSecrets(delivery.EndpointId, delivery.Secrets, delivery.PreviousSecretExpiresAt, started);
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(started.ToUnixTimeSeconds(), delivery.Body, secrets));
            request.Headers.TryAddWithoutValidation("Makini-Event-Id", delivery.EventId);
            request.Headers.TryAddWithoutValidation("Makini-Event-Type", delivery.EventType);
            request.Headers.TryAddWithoutValidation("User-Agent", "Makini-Webhooks/1");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(o.RequestTimeout);
            try
            {
                using var response = await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)response.StatusCode;
                body = await ReadPrefixAsync(response, timeout.Token);
                if (status is >= 300 and < 400) error = "redirects are not followed";
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                error = $"timeout after {o.RequestTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                error = Describe(e);
            }
        }
        catch (Exception e) when (e is UriFormatException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            error = e.Message;
        }
        var latency = (long)Stopwatch.GetElapsedTime(clockStart).TotalMilliseconds;
        var ok = status is >= 200 and < 300;
        var attempts = delivery.AttemptCount + 1;
        var now = clock.GetUtcNow();
        var next = ok ? null : RetrySchedule.NextAttempt(delivery.RetryFrom, attempts, now, o.RetryInitialDelay, o.RetryWindow, Random.Shared.NextDouble());
        var state = ok ? "succeeded" : next is null ? "failed" : "pending";
        var attempt = JsonSerializer.Serialize(new { attempt_time = started, http_status = status, latency_ms = latency, response_body = body, error });

        if (!ok) LogAttemptFailed(delivery.Id, delivery.EndpointId, status, error);
        // The endpoint's breaker counts failures that say it is down (no answer, 5xx, 429); any other answer closes it.
        var down = !ok && (status == 0 || status >= 500 || status == 429);
        return new DeliveryOutcome(delivery.Id, delivery.EndpointId, attempt, state, next, state == "pending" ? null : now, down,
            Slow: status != 0 && latency >= o.SlowAnswer.TotalMilliseconds);
    }

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
        // Cut on a character boundary: the answer may be any text.
        return Encoding.UTF8.GetString(buffer, 0, read).TrimEnd('\uFFFD');
    }

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is BlockedTargetException blocked) return blocked.Message;
        return e.InnerException?.Message ?? e.Message;
    }

    /// <summary>Wakes this node when any node commits deliveries; reconnects when the connection drops.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await store.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"listen {WebhookSchema.Channel}", connection)) await listen.ExecuteNonQueryAsync(ct);
                try
                {
                    Wake(); // anything committed while we were not listening
                    while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
                }
                finally
                {
                    // Pooled connections are not reset on close: the next user of this one must not inherit the LISTEN.
                    if (connection.State == System.Data.ConnectionState.Open)
                    {
                        try { await using var unlisten = new NpgsqlCommand("unlisten *", connection); await unlisten.ExecuteNonQueryAsync(CancellationToken.None); }
                        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException) { }
                    }
                }
            }
            catch (OperationCanceledException) { return; }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    public override void Dispose()
    {
        _http?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(6001, LogLevel.Error, "Webhook delivery {DeliveryId} crashed.")]
    private partial void LogDeliveryCrashed(Exception e, string deliveryId);

    [LoggerMessage(6002, LogLevel.Warning, "Could not record and claim webhook deliveries (unrecorded attempts are posted again when their leases expire): {Reason}")]
    private partial void LogCycleFailed(string reason);

    [LoggerMessage(6003, LogLevel.Information, "Webhook delivery {DeliveryId} to {EndpointId} failed: HTTP {Status} {Error}")]
    private partial void LogAttemptFailed(string deliveryId, string endpointId, int status, string error);
}

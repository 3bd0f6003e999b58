using Makini.Grpc.Domain.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Makini.Grpc.Domain.Webhooks.Delivery;

/// <summary>One finished attempt, waiting to be recorded.</summary>
/// <param name="EndpointDown">No answer, 5xx or 429: the endpoint is down or overloaded.</param>
/// <param name="Slow">Answered, but slower than <see cref="WebhookOptions.SlowAnswer"/>.</param>
public sealed record DeliveryOutcome(string DeliveryId, string EndpointId, string AttemptJson, string Status,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? FinishedAt, bool EndpointDown, bool Slow = false)
{
    public bool Delivered => Status == "succeeded";
}

/// <summary>What a batch of attempts does to an endpoint's breaker: failures that say it is down count up, any other
/// answer resets the count. <see cref="Reset"/>: the count restarts from <see cref="Add"/> (an answer came in the
/// batch); otherwise <see cref="Add"/> is added to the stored count.</summary>
public readonly record struct BreakerChange(bool Reset, int Add)
{
    public static BreakerChange Of(IEnumerable<bool> downInOrder)
    {
        var reset = false;
        var add = 0;
        foreach (var down in downInOrder)
        {
            if (down) add++;
            else
            {
                reset = true;
                add = 0;
            }
        }
        return new BreakerChange(reset, add);
    }
}

/// <summary>What a batch of attempts does to an endpoint's in-flight limit (see
/// <see cref="WebhookOptions.MaxInFlightPerEndpoint"/>): halved when any attempt says the endpoint is down, overloaded
/// or slow; otherwise raised by one per delivery that got through.</summary>
public readonly record struct InFlightLimitChange(bool Halve, int Grow)
{
    public static InFlightLimitChange Of(IEnumerable<DeliveryOutcome> attempts)
    {
        var grow = 0;
        foreach (var attempt in attempts)
        {
            if (attempt.EndpointDown || attempt.Slow) return new InFlightLimitChange(true, 0);
            if (attempt.Delivered) grow++;
        }
        return new InFlightLimitChange(false, grow);
    }

    public bool IsNone => !Halve && Grow == 0;
}

/// <summary>
/// The statements that record finished attempts: one for every attempt that finished since the dispatcher's last cycle,
/// sent in that cycle's round trip, not a round trip and a commit per delivery (which capped a node at ~1,500
/// deliveries/s). An outcome lost to a crash before its cycle commits leaves the delivery leased; the lease expires and
/// the event is posted again with the same id (at-least-once).
/// </summary>
internal static class DeliveryOutcomes
{
    private const string D = MartenSetup.Schema + "." + WebhookSchema.Deliveries;
    private const string P = MartenSetup.Schema + "." + WebhookSchema.Endpoints;

    public static void AddTo(NpgsqlBatch write, IReadOnlyList<DeliveryOutcome> batch, string nodeId, WebhookOptions options)
    {
        if (batch.Count == 0) return;
        // Fenced by the lease: a node that lost it (it took longer than the lease) leaves the row to its new owner.
        var update = new NpgsqlBatchCommand($"""
            update {D} d set attempt_count = d.attempt_count + 1, attempts = d.attempts || jsonb_build_array(o.attempt),
              status = o.status, next_attempt_at = coalesce(o.next, d.next_attempt_at), finished_at = o.finished,
              lease_owner = null, lease_until = null
            from unnest(@ids, @attempts, @statuses, @nexts, @finished) as o(id, attempt, status, next, finished)
            where d.id = o.id and d.lease_owner = @node
            """);
        update.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(o => o.DeliveryId).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("attempts", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = batch.Select(o => o.AttemptJson).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(o => o.Status).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("nexts", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = batch.Select(o => (DateTime?)o.NextAttemptAt?.UtcDateTime).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("finished", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = batch.Select(o => (DateTime?)o.FinishedAt?.UtcDateTime).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("node", nodeId));
        write.BatchCommands.Add(update);

        var byEndpoint = batch.GroupBy(o => o.EndpointId).ToList();
        // Each endpoint's in-flight limit follows its answers; relative, so two nodes' batches add up.
        var limits = byEndpoint.Select(g => (Endpoint: g.Key, Change: InFlightLimitChange.Of(g))).Where(l => !l.Change.IsNone).ToList();
        if (limits.Count > 0)
        {
            var limit = new NpgsqlBatchCommand($"""
                update {P} p set in_flight_limit = greatest(@min, least(@max,
                  case when c.halve then coalesce(p.in_flight_limit, @start) / 2 else coalesce(p.in_flight_limit, @start) + c.grow end))
                from unnest(@endpoints, @halves, @grows) as c(id, halve, grow)
                where p.id = c.id
                """);
            limit.Parameters.Add(new NpgsqlParameter("endpoints", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = limits.Select(l => l.Endpoint).ToArray() });
            limit.Parameters.Add(new NpgsqlParameter("halves", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = limits.Select(l => l.Change.Halve).ToArray() });
            limit.Parameters.Add(new NpgsqlParameter("grows", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = limits.Select(l => l.Change.Grow).ToArray() });
            limit.Parameters.Add(new NpgsqlParameter("min", options.MinInFlightPerEndpoint));
            limit.Parameters.Add(new NpgsqlParameter("max", options.MaxInFlightPerEndpoint));
            limit.Parameters.Add(new NpgsqlParameter("start", options.InitialInFlightPerEndpoint));
            write.BatchCommands.Add(limit);
        }

        // The endpoint's breaker counts failures that say it is down; any answer that is not one closes it.
        foreach (var endpoint in byEndpoint)
        {
            var change = BreakerChange.Of(endpoint.Select(o => o.EndpointDown));
            if (change is { Reset: false, Add: 0 }) continue;
            var breaker = new NpgsqlBatchCommand($"""
                update {P} p set consecutive_failures = n.failures,
                  paused_until = case when n.failures >= @threshold then now() + least(@pause * power(2, least(n.failures - @threshold, 20)), @max_pause)
                    when @reset then null else p.paused_until end
                from (select case when @reset then @add else consecutive_failures + @add end as failures from {P} where id = @endpoint) n
                where p.id = @endpoint and (n.failures > 0 or p.consecutive_failures > 0)
                """);
            breaker.Parameters.Add(new NpgsqlParameter("endpoint", endpoint.Key));
            breaker.Parameters.Add(new NpgsqlParameter("reset", change.Reset));
            breaker.Parameters.Add(new NpgsqlParameter("add", change.Add));
            breaker.Parameters.Add(new NpgsqlParameter("threshold", options.PauseEndpointAfterFailures));
            breaker.Parameters.Add(new NpgsqlParameter("pause", options.RetryInitialDelay));
            breaker.Parameters.Add(new NpgsqlParameter("max_pause", options.MaxEndpointPause));
            write.BatchCommands.Add(breaker);
        }
    }
}

using System.Text.Json;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Security;
using Marten;
using Npgsql;

namespace Makini.Grpc.Domain.Webhooks.Delivery;

public sealed record DeliveryAttempt(DateTimeOffset AttemptTime, int HttpStatus, long LatencyMs, string ResponseBody, string Error);

public sealed record WebhookDeliveryView(
    string Id, string EndpointId, string EventId, string EventType, string? ConnectionId, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, int AttemptCount, IReadOnlyList<DeliveryAttempt> Attempts, string? Payload);

public sealed record DeliveryFilter(string? EndpointId, string? Status, string? EventType, string? ConnectionId, DateTimeOffset? CreatedAfter, DateTimeOffset? CreatedBefore);

/// <summary>What was delivered to an account's endpoints, newest first, and manual retries.</summary>
public sealed class WebhookDeliveries(IDocumentStore store, PageTokens pageTokens, TimeProvider clock)
{
    private const string D = MartenSetup.Schema + "." + WebhookSchema.Deliveries;
    private const string E = MartenSetup.Schema + "." + WebhookSchema.Events;
    private const int DefaultPageSize = 50, MaxPageSize = 200;

    public async Task<(IReadOnlyList<WebhookDeliveryView> Deliveries, string NextPageToken)> ListAsync(string accountId, DeliveryFilter filter,
        int pageSize, string pageToken, CancellationToken ct)
    {
        new Validator().Check(pageSize >= 0, "page_size", "must not be negative").ThrowIfInvalid();
        var size = pageSize <= 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        var scope = $"webhook_deliveries:{accountId}:{JsonSerializer.Serialize(filter)}";
        var after = pageTokens.Decode<Position>(pageToken, scope);
        await using var connection = await store.OpenConnectionAsync(ct);
        var sql = $"select d.*, null::text as body from {D} d where d.account_id = @account";
        await using var command = new NpgsqlCommand { Connection = connection };
        command.Parameters.AddWithValue("account", accountId);
        void Filter(string? value, string clause, string name)
        {
            if (value is null) return;
            sql += " and " + clause;
            command.Parameters.AddWithValue(name, value);
        }
        Filter(filter.EndpointId, "d.endpoint_id = @endpoint", "endpoint");
        Filter(filter.Status, "d.status = @status", "status");
        Filter(filter.EventType, "d.event_type = @type", "type");
        Filter(filter.ConnectionId, "d.connection_id = @connection", "connection");
        if (filter.CreatedAfter is { } a) { sql += " and d.created_at > @after_time"; command.Parameters.AddWithValue("after_time", a.UtcDateTime); }
        if (filter.CreatedBefore is { } b) { sql += " and d.created_at < @before_time"; command.Parameters.AddWithValue("before_time", b.UtcDateTime); }
        if (after is not null)
        {
            sql += " and (d.created_at, d.id) < (@pos_time, @pos_id)";
            command.Parameters.AddWithValue("pos_time", after.CreatedAt.UtcDateTime);
            command.Parameters.AddWithValue("pos_id", after.Id);
        }
        command.CommandText = sql + " order by d.created_at desc, d.id desc limit @limit";
        command.Parameters.AddWithValue("limit", size + 1);
        var rows = await ReadAsync(command, withDetail: false, ct);
        var next = rows.Count > size ? pageTokens.Encode(scope, new Position(rows[size - 1].CreatedAt, rows[size - 1].Id)) : "";
        return (rows.Take(size).ToList(), next);
    }

    public async Task<WebhookDeliveryView> GetAsync(string accountId, string id, CancellationToken ct)
    {
        if (!id.StartsWith("whd_", StringComparison.Ordinal) || id.Length != 36) throw Errors.NotFound("webhook delivery", id);
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select d.*, e.body from {D} d join {E} e on e.id = d.event_id where d.id = @id and d.account_id = @account", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("account", accountId);
        return (await ReadAsync(command, withDetail: true, ct)).FirstOrDefault() ?? throw Errors.NotFound("webhook delivery", id);
    }

    /// <summary>Makes the delivery due now with a fresh retry window; a delivery being posted right now is left alone.</summary>
    public async Task<WebhookDeliveryView> RetryAsync(string accountId, string id, CancellationToken ct)
    {
        await GetAsync(accountId, id, ct);
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            update {D} set status = 'pending', next_attempt_at = @now, retry_from = @now, finished_at = null
            where id = @id and account_id = @account and (lease_until is null or lease_until < now());
            select pg_notify('{WebhookSchema.Channel}', '');
            """, connection);
        command.Parameters.AddWithValue("now", clock.GetUtcNow().UtcDateTime);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("account", accountId);
        await command.ExecuteNonQueryAsync(ct);
        return await GetAsync(accountId, id, ct);
    }

    private static async Task<List<WebhookDeliveryView>> ReadAsync(NpgsqlCommand command, bool withDetail, CancellationToken ct)
    {
        var list = new List<WebhookDeliveryView>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var status = r.GetString(r.GetOrdinal("status"));
            IReadOnlyList<DeliveryAttempt> attempts = [];
            if (withDetail)
            {
                using var json = JsonDocument.Parse(r.GetString(r.GetOrdinal("attempts")));
                attempts = json.RootElement.EnumerateArray().Select(a => new DeliveryAttempt(
                    a.GetProperty("attempt_time").GetDateTimeOffset(), a.GetProperty("http_status").GetInt32(), a.GetProperty("latency_ms").GetInt64(),
                    a.GetProperty("response_body").GetString() ?? "", a.GetProperty("error").GetString() ?? "")).ToList();
            }
            var connectionOrdinal = r.GetOrdinal("connection_id");
            var bodyOrdinal = r.GetOrdinal("body");
            list.Add(new WebhookDeliveryView(
                r.GetString(r.GetOrdinal("id")), r.GetString(r.GetOrdinal("endpoint_id")), r.GetString(r.GetOrdinal("event_id")),
                r.GetString(r.GetOrdinal("event_type")), r.IsDBNull(connectionOrdinal) ? null : r.GetString(connectionOrdinal), status,
                r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("created_at")),
                status == "pending" ? r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("next_attempt_at")) : null,
                r.GetInt32(r.GetOrdinal("attempt_count")), attempts, r.IsDBNull(bodyOrdinal) ? null : r.GetString(bodyOrdinal)));
        }
        return list;
    }

    private sealed record Position(DateTimeOffset CreatedAt, string Id);
}

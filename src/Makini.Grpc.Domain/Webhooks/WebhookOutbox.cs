using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Domain.Infrastructure;
using Marten;
using Npgsql;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Webhooks;

/// <summary>
/// The transactional outbox: an event and its deliveries (one per matching endpoint) are queued on the caller's Marten
/// session, so they commit with the change that caused them or not at all. A NOTIFY, sent by PostgreSQL only on commit,
/// wakes the dispatchers of every node.
/// </summary>
public static class WebhookOutbox
{
    private const string EventsTable = MartenSetup.Schema + "." + WebhookSchema.Events;
    private const string DeliveriesTable = MartenSetup.Schema + "." + WebhookSchema.Deliveries;
    private const string EndpointsTable = MartenSetup.Schema + "." + WebhookSchema.Endpoints;

    public static readonly TypeRegistry Types = TypeRegistry.FromMessages(
        V1.ConnectionEventData.Descriptor, V1.ConnectionHealthChangedData.Descriptor, V1.SyncCompletedData.Descriptor,
        V1.SyncFailedData.Descriptor, V1.WriteEventData.Descriptor, V1.RecordsChangedData.Descriptor, V1.WebhookTestData.Descriptor);

    // The proto JSON mapping with the proto's own field names, as the README documents the payload.
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithTypeRegistry(Types));

    public static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(Types).WithIgnoreUnknownFields(true));

    /// <summary>Queues an event for every enabled endpoint of the account that subscribes to it; returns its id.</summary>
    public static string Enqueue(IDocumentSession session, string type, string accountId, string? connectionId, IMessage data, DateTimeOffset at)
    {
        var id = NewEventId();
        session.QueueSqlCommand($"insert into {EventsTable} (id, account_id, connection_id, type, created_at, body) values (?, ?, ?, ?, ?, ?)",
            id, accountId, (object?)connectionId ?? DBNull.Value, type, at.ToUniversalTime(), Body(id, type, accountId, connectionId, data, at));
        // records.changed is opt-in: only endpoints that list it get it.
        session.QueueSqlCommand(
            $"insert into {DeliveriesTable} (id, event_id, endpoint_id, account_id, connection_id, event_type, status, next_attempt_at, created_at, retry_from) " +
            $"select 'whd_' || replace(gen_random_uuid()::text, '-', ''), ?, e.id, e.account_id, ?, ?, 'pending', ?, ?, ? from {EndpointsTable} e " +
            "where e.account_id = ? and not e.disabled " +
            "and ((cardinality(e.event_types) = 0 and ? <> 'records.changed') or ? = any(e.event_types)) " +
            "and (cardinality(e.connection_ids) = 0 or ? = any(e.connection_ids))",
            id, (object?)connectionId ?? DBNull.Value, type, at.ToUniversalTime(), at.ToUniversalTime(), at.ToUniversalTime(), accountId, type, type, connectionId ?? "");
        session.QueueSqlCommand($"notify {WebhookSchema.Channel}");
        return id;
    }

    /// <summary>As <see cref="Enqueue"/>, for callers writing with their own connection inside an open transaction;
    /// returns the event's id.</summary>
    public static async Task<string> EnqueueAsync(NpgsqlConnection connection, string type, string accountId, string connectionId, IMessage data,
        DateTimeOffset at, CancellationToken ct)
    {
        var id = NewEventId();
        await using var command = new NpgsqlCommand(
            $"insert into {EventsTable} (id, account_id, connection_id, type, created_at, body) values (@id, @account, @connection, @type, @at, @body); " +
            $"insert into {DeliveriesTable} (id, event_id, endpoint_id, account_id, connection_id, event_type, status, next_attempt_at, created_at, retry_from) " +
            $"select 'whd_' || replace(gen_random_uuid()::text, '-', ''), @id, e.id, e.account_id, @connection, @type, 'pending', @at, @at, @at from {EndpointsTable} e " +
            "where e.account_id = @account and not e.disabled " +
            "and ((cardinality(e.event_types) = 0 and @type <> 'records.changed') or @type = any(e.event_types)) " +
            "and (cardinality(e.connection_ids) = 0 or @connection = any(e.connection_ids)); " +
            $"notify {WebhookSchema.Channel}", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("connection", connectionId);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("at", at.ToUniversalTime());
        command.Parameters.AddWithValue("body", Body(id, type, accountId, connectionId, data, at));
        await command.ExecuteNonQueryAsync(ct);
        return id;
    }

    /// <summary>Queues an event for one endpoint only (SendTestWebhook); returns the delivery's id.</summary>
    public static string EnqueueFor(IDocumentSession session, string endpointId, string type, string accountId, IMessage data, DateTimeOffset at)
    {
        var id = NewEventId();
        var deliveryId = "whd_" + Guid.NewGuid().ToString("N");
        session.QueueSqlCommand($"insert into {EventsTable} (id, account_id, connection_id, type, created_at, body) values (?, ?, null, ?, ?, ?)",
            id, accountId, type, at.ToUniversalTime(), Body(id, type, accountId, null, data, at));
        session.QueueSqlCommand(
            $"insert into {DeliveriesTable} (id, event_id, endpoint_id, account_id, event_type, status, next_attempt_at, created_at, retry_from) " +
            "values (?, ?, ?, ?, ?, 'pending', ?, ?, ?)", deliveryId, id, endpointId, accountId, type, at.ToUniversalTime(), at.ToUniversalTime(), at.ToUniversalTime());
        session.QueueSqlCommand($"notify {WebhookSchema.Channel}");
        return deliveryId;
    }

    public static string Body(string id, string type, string accountId, string? connectionId, IMessage data, DateTimeOffset at) =>
        Formatter.Format(new V1.WebhookEvent
        {
            Id = id, Type = type, CreatedTime = Timestamp.FromDateTimeOffset(at), AccountId = accountId, ConnectionId = connectionId ?? "",
            Data = Any.Pack(data),
        });

    private static string NewEventId() => "evt_" + Guid.CreateVersion7().ToString("N");
}

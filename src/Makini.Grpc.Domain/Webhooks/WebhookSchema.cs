using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Makini.Grpc.Domain.Webhooks;

/// <summary>The webhook tables beside Marten's documents: endpoints, the outbox of events (written in the transaction
/// of the change that caused them) and one claimable delivery per event and endpoint.</summary>
public static class WebhookSchema
{
    public const string Endpoints = "webhook_endpoints";
    public const string Events = "webhook_events";
    public const string Deliveries = "webhook_deliveries";
    /// <summary>NOTIFY channel: a commit that queued deliveries wakes every node's dispatcher.</summary>
    public const string Channel = "makini_webhooks";

    public static void AddWebhookSchema(this StoreOptions opts, string schema)
    {
        var endpoints = new Table(new PostgresqlObjectName(schema, Endpoints, SchemaUtils.IdentifierUsage.General));
        endpoints.AddColumn<string>("id").AsPrimaryKey();
        endpoints.AddColumn<string>("account_id").NotNull();
        endpoints.AddColumn<string>("url").NotNull();
        endpoints.AddColumn("event_types", "text[]").NotNull();
        endpoints.AddColumn("connection_ids", "text[]").NotNull();
        endpoints.AddColumn("disabled", "boolean").NotNull().DefaultValueByExpression("false");
        // Current and previous signing secrets, encrypted (AES-GCM bound to the endpoint id).
        endpoints.AddColumn<string>("secrets").NotNull();
        endpoints.AddColumn("previous_secret_expires_at", "timestamptz");
        // A circuit breaker: an endpoint that keeps failing (no answer, 5xx, 429) is left alone until this time, so its
        // deliveries neither hold delivery slots nor cost claims while it is down.
        endpoints.AddColumn("consecutive_failures", "integer").NotNull().DefaultValueByExpression("0");
        endpoints.AddColumn("paused_until", "timestamptz");
        // How many deliveries may be in flight to it across the cluster (null: not adapted yet, the configured start).
        endpoints.AddColumn("in_flight_limit", "integer");
        endpoints.AddColumn("created_at", "timestamptz").NotNull();
        endpoints.AddColumn("updated_at", "timestamptz").NotNull();
        endpoints.Indexes.Add(new IndexDefinition("ix_webhook_endpoints_account") { Columns = ["account_id", "id"] });
        opts.Storage.ExtendedSchemaObjects.Add(endpoints);

        var events = new Table(new PostgresqlObjectName(schema, Events, SchemaUtils.IdentifierUsage.General));
        events.AddColumn<string>("id").AsPrimaryKey();
        events.AddColumn<string>("account_id").NotNull();
        events.AddColumn<string>("connection_id");
        events.AddColumn<string>("type").NotNull();
        events.AddColumn("created_at", "timestamptz").NotNull();
        // The exact body every attempt posts.
        events.AddColumn<string>("body").NotNull();
        opts.Storage.ExtendedSchemaObjects.Add(events);

        var deliveries = new Table(new PostgresqlObjectName(schema, Deliveries, SchemaUtils.IdentifierUsage.General));
        deliveries.AddColumn<string>("id").AsPrimaryKey();
        deliveries.AddColumn<string>("event_id").NotNull();
        deliveries.AddColumn<string>("endpoint_id").NotNull();
        deliveries.AddColumn<string>("account_id").NotNull();
        deliveries.AddColumn<string>("connection_id");
        deliveries.AddColumn<string>("event_type").NotNull();
        // pending | succeeded | failed
        deliveries.AddColumn<string>("status").NotNull();
        deliveries.AddColumn("attempt_count", "integer").NotNull().DefaultValueByExpression("0");
        deliveries.AddColumn("next_attempt_at", "timestamptz").NotNull();
        deliveries.AddColumn<string>("lease_owner");
        deliveries.AddColumn("lease_until", "timestamptz");
        deliveries.AddColumn("created_at", "timestamptz").NotNull();
        // Retries stop this long (the retry window) after this: the event's time, or a manual retry's.
        deliveries.AddColumn("retry_from", "timestamptz").NotNull();
        deliveries.AddColumn("finished_at", "timestamptz");
        // Each attempt: time, HTTP status, latency, the first 1 KB of the answer, error.
        deliveries.AddColumn("attempts", "jsonb").NotNull().DefaultValueByExpression("'[]'::jsonb");
        deliveries.Indexes.Add(new IndexDefinition("ix_webhook_deliveries_endpoint_pending") { Columns = ["endpoint_id", "next_attempt_at"], Predicate = "status = 'pending'" });
        // Leased rows only: counting an endpoint's deliveries in flight must not scan the backlog of a dead endpoint.
        deliveries.Indexes.Add(new IndexDefinition("ix_webhook_deliveries_endpoint_leased") { Columns = ["endpoint_id", "lease_until"], Predicate = "status = 'pending' and lease_owner is not null" });
        deliveries.Indexes.Add(new IndexDefinition("ix_webhook_deliveries_account") { Columns = ["account_id", "created_at", "id"] });
        // A queue: every delivery is inserted, leased, updated and finished within seconds. At the default thresholds
        // (a fifth of the table) autovacuum lets dead rows pile up in the pending index and statistics go stale, and each
        // claim wades through them; a fixed threshold keeps both fresh however large the history grows.
        deliveries.WithStorageParameter("autovacuum_vacuum_scale_factor", 0)
            .WithStorageParameter("autovacuum_vacuum_threshold", 2000)
            .WithStorageParameter("autovacuum_analyze_scale_factor", 0)
            .WithStorageParameter("autovacuum_analyze_threshold", 2000);
        opts.Storage.ExtendedSchemaObjects.Add(deliveries);
    }
}

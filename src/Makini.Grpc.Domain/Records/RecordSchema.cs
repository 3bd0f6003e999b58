using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Makini.Grpc.Domain.Records;

/// <summary>Tables beside Marten's documents, created and migrated with them: the per-connection change log (the
/// truth behind change streams), its sequence counters, the live record totals, the raw source records, and the claimable sync jobs.</summary>
public static class RecordSchema
{
    public const string Changes = "record_changes";
    public const string Counters = "change_counters";
    public const string Jobs = "sync_jobs";
    public const string Totals = "record_totals";
    public const string Raws = "record_raws";

    public static void AddRecordSchema(this StoreOptions opts, string schema)
    {
        // A change's position is (connection, seq). The counter row is locked until commit, so a connection's
        // sequence numbers are handed out in commit order: a reader that saw seq N can never later find N-1 appear.
        var changes = new Table(new PostgresqlObjectName(schema, Changes, SchemaUtils.IdentifierUsage.General));
        changes.AddColumn<string>("connection_id").AsPrimaryKey();
        changes.AddColumn<long>("seq").AsPrimaryKey();
        changes.AddColumn<string>("entity").NotNull();
        changes.AddColumn<string>("record_id").NotNull();
        changes.AddColumn<string>("change_type").NotNull();
        changes.AddColumn<string>("origin").NotNull();
        changes.AddColumn("changed_at", "timestamptz").NotNull();
        // The record after the change, in protobuf binary.
        changes.AddColumn("payload", "bytea").NotNull();
        opts.Storage.ExtendedSchemaObjects.Add(changes);

        var counters = new Table(new PostgresqlObjectName(schema, Counters, SchemaUtils.IdentifierUsage.General));
        counters.AddColumn<string>("connection_id").AsPrimaryKey();
        counters.AddColumn<long>("last_seq").NotNull();
        opts.Storage.ExtendedSchemaObjects.Add(counters);

        // Live (not deleted) records per connection and entity, kept by the writers in the transaction of their change
        // (under the counter row's lock), so sync status never counts a connection's records.
        var totals = new Table(new PostgresqlObjectName(schema, Totals, SchemaUtils.IdentifierUsage.General));
        totals.AddColumn<string>("connection_id").AsPrimaryKey();
        totals.AddColumn<string>("entity").AsPrimaryKey();
        totals.AddColumn<long>("live").NotNull();
        opts.Storage.ExtendedSchemaObjects.Add(totals);

        // The source record as the system sent it (VIEW_RAW), kept as text: never queried inside, so PostgreSQL need
        // not parse it (as jsonb it was the largest cost of an initial sync), and its field order stays the source's.
        var raws = new Table(new PostgresqlObjectName(schema, Raws, SchemaUtils.IdentifierUsage.General));
        raws.AddColumn<string>("id").AsPrimaryKey();
        raws.AddColumn<string>("connection_id").NotNull();
        raws.AddColumn("raw", "text").NotNull();
        raws.Indexes.Add(new IndexDefinition("ix_record_raws_connection") { Columns = ["connection_id"] });
        opts.Storage.ExtendedSchemaObjects.Add(raws);

        var jobs = new Table(new PostgresqlObjectName(schema, Jobs, SchemaUtils.IdentifierUsage.General));
        jobs.AddColumn<string>("connection_id").AsPrimaryKey();
        jobs.AddColumn<string>("entity").AsPrimaryKey();
        jobs.AddColumn<string>("system_id").NotNull();
        // active | paused (reauthorization required) | stopped (disconnected)
        jobs.AddColumn<string>("state").NotNull();
        jobs.AddColumn("interval_seconds", "integer");
        jobs.AddColumn<string>("cron");
        jobs.AddColumn<string>("time_zone");
        jobs.AddColumn("next_run_at", "timestamptz").NotNull();
        jobs.AddColumn("next_key_scan_at", "timestamptz");
        // A run asked for by TriggerSync: incremental or full.
        jobs.AddColumn<string>("requested_kind");
        jobs.AddColumn<string>("lease_owner");
        jobs.AddColumn("lease_until", "timestamptz");
        // The run in progress, resumable by another node from its last committed page.
        jobs.AddColumn<string>("run_id");
        jobs.AddColumn<string>("run_kind");
        jobs.AddColumn<string>("run_trigger");
        jobs.AddColumn<string>("run_cursor");
        jobs.AddColumn("run_started_at", "timestamptz");
        jobs.AddColumn("run_changed_since", "timestamptz");
        jobs.AddColumn("run_high_water", "timestamptz");
        jobs.AddColumn("run_resumed", "boolean").DefaultValueByExpression("false");
        jobs.AddColumn("run_seen", "bigint").DefaultValueByExpression("0");
        jobs.AddColumn("run_created", "bigint").DefaultValueByExpression("0");
        jobs.AddColumn("run_updated", "bigint").DefaultValueByExpression("0");
        jobs.AddColumn("run_deleted", "bigint").DefaultValueByExpression("0");
        jobs.AddColumn("run_pages", "bigint").DefaultValueByExpression("0");
        // Incremental runs start from here (minus an overlap against clock skew).
        jobs.AddColumn("checkpoint", "timestamptz");
        jobs.AddColumn("initial_done", "boolean").DefaultValueByExpression("false");
        jobs.AddColumn<string>("last_status");
        jobs.AddColumn("last_success_at", "timestamptz");
        jobs.AddColumn<string>("last_error");
        jobs.AddColumn("last_error_at", "timestamptz");
        jobs.AddColumn("last_seen", "bigint").DefaultValueByExpression("0");
        jobs.AddColumn("last_changed", "bigint").DefaultValueByExpression("0");
        jobs.Indexes.Add(new IndexDefinition("ix_sync_jobs_due") { Columns = ["next_run_at"] });
        opts.Storage.ExtendedSchemaObjects.Add(jobs);
    }
}

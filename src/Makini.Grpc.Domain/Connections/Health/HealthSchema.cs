using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Makini.Grpc.Domain.Connections.Health;

/// <summary>
/// One claimable row per linked connection: when its next scheduled check is due and how many failures in a row the
/// source has had. The failure count lives here rather than in the event stream so that a flaky source costs one row
/// update per failure, and the stream only grows when the health actually changes (ConnectionHealthChanged).
/// Invariant, kept by updating both in one transaction: consecutive_failures is 0 exactly when the health is ONLINE.
/// </summary>
public static class HealthSchema
{
    public const string Table = "connection_health";

    public static void AddHealthSchema(this StoreOptions opts, string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Table, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("connection_id").AsPrimaryKey();
        table.AddColumn("next_check_at", "timestamptz").NotNull();
        table.AddColumn("consecutive_failures", "integer").NotNull().DefaultValueByExpression("0");
        table.AddColumn("last_check_at", "timestamptz");
        table.AddColumn<string>("last_checked_by");
        table.Indexes.Add(new IndexDefinition("ix_connection_health_due") { Columns = ["next_check_at"] });
        opts.Storage.ExtendedSchemaObjects.Add(table);
    }
}

using Npgsql;
using JasperFx;
using JasperFx.Events;
using Makini.Grpc.Domain.Accounts;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Connections.Health;
using Makini.Grpc.Domain.Links;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Webhooks;
using Makini.Grpc.Domain.Sync;
using Makini.Grpc.Domain.Writes;
using Makini.Grpc.Domain.Security.Tokens;
using Marten;
using Weasel.Core;
using JasperFx.Events.Projections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.Domain.Infrastructure;

public static class MartenSetup
{
    public const string Schema = "makini";

    /// <summary>
    /// Connection settings for how this server uses PostgreSQL; what the operator set in the connection string is kept.
    /// A sync page goes as a COPY of megabytes: with Npgsql's default 8 KB write buffer that is a socket write per record
    /// or two, so 64 KB (the pool's buffers cost a few MB). No reset on close: every pooled connection's next use paid a
    /// DISCARD ALL (51,000 of them in one webhook benchmark); the server leaves no session state behind (its staging
    /// tables are created if missing and emptied on commit, locks are transaction-scoped, LISTEN has its own connection).
    /// Statements run often are prepared on each pooled connection (Npgsql's auto-prepare): PostgreSQL no longer parses and
    /// plans Marten's upserts, the event appends and the claims on every call (scripts/bench write, 16 callers: overhead
    /// p50 37 → 29 ms on SAP, 30 → 21 ms on NetSuite).
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Write Buffer Size", StringComparison.OrdinalIgnoreCase)) builder.WriteBufferSize = 64 * 1024;
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 256;
        return builder.ConnectionString;
    }

    public static IServiceCollection AddMakiniStore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.");

        services.AddMarten(opts =>
            {
                opts.Connection(Tuned(connectionString));
                opts.DatabaseSchemaName = Schema;
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
                opts.Events.StreamIdentity = StreamIdentity.AsString;
                // Quick appends assign sequence and version in the appending statement: one round trip per save
                // fewer than Rich mode's fetch of both first. Every append goes through FetchForWriting, so the inline
                // snapshots' versions stay exact (a plain Append in Quick mode leaves them at 0), and the aggregate it
                // fetched is the one the inline projection applies the new events to, not loaded again (the aggregates
                // are immutable records, which this needs).
                opts.Events.AppendMode = EventAppendMode.Quick;
                opts.Events.UseIdentityMapForAggregates = true;

                // Aggregates double as read models: snapshots updated in the same transaction as their events.
                opts.Projections.Snapshot<Account>(SnapshotLifecycle.Inline);
                opts.Projections.Snapshot<Connection>(SnapshotLifecycle.Inline);
                opts.Projections.Snapshot<LinkSession>(SnapshotLifecycle.Inline);
                opts.Projections.Snapshot<WriteOperation>(SnapshotLifecycle.Inline);
                opts.Schema.For<WriteOperation>().Duplicate(w => w.ConnectionId).Duplicate(w => w.CreatedAt, "timestamptz");

                // Token lookups by hash are real, indexed columns.
                opts.Schema.For<Account>().Duplicate(a => a.ApiKeyHash);
                opts.Schema.For<Connection>()
                    .Duplicate(c => c.TokenHash!)
                    .Duplicate(c => c.AccountId);
                opts.Schema.For<LinkSession>()
                    .Duplicate(l => l.LinkTokenHash)
                    .Duplicate(l => l.PublicTokenHash!);
                opts.Schema.For<ConnectionCredentials>();
                opts.Schema.For<PendingTokenInvalidation>();

                // Synced records: keyset pages run on (connection, entity, id); filters are real columns, read along
                // that index. Duplicated without an index each (Duplicate() would add one): a single-column index over
                // every connection's records serves none of those queries, and an initial sync would maintain seven of
                // them per record (PostgreSQL spent most of a sync's COPY there).
                opts.Policies.ForAllDocuments(mapping =>
                {
                    if (mapping.DocumentType != typeof(SyncedRecord)) return;
                    mapping.DuplicateField(nameof(SyncedRecord.ConnectionId));
                    mapping.DuplicateField(nameof(SyncedRecord.Entity));
                    mapping.DuplicateField(nameof(SyncedRecord.RemoteModifiedAt), "timestamptz");
                    mapping.DuplicateField(nameof(SyncedRecord.RemoteDeletedAt), "timestamptz");
                    mapping.DuplicateField(nameof(SyncedRecord.Status));
                    mapping.DuplicateField(nameof(SyncedRecord.FilterKey));
                    mapping.DuplicateField(nameof(SyncedRecord.ContentHash));
                });
                opts.Schema.For<SyncedRecord>().Index(r => new { r.ConnectionId, r.Entity, r.Id });
                opts.Schema.For<SyncRun>().Duplicate(r => r.ConnectionId);
                opts.AddRecordSchema(Schema);
                opts.AddWebhookSchema(Schema);
                opts.AddHealthSchema(Schema);
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        // After the schema is applied (hosted services start in the order they were added).
        services.AddHostedService<Records.StoredRecordsUpgrade>();
        return services;
    }
}

using Makini.Grpc.Domain.Infrastructure;
using Marten;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Makini.Grpc.Domain.Records;

/// <summary>
/// At startup, after the schema is applied and before this node's workers start, brings records stored by earlier
/// versions up to date. Raw source records kept as Marten documents move to <c>record_raws</c>. Connections whose records were
/// stored before the live totals existed get theirs counted once; later changes keep them (see
/// <see cref="RecordChangeWriter.LogAsync"/>). Every node does this before it writes, and each connection is counted
/// under its change counter's lock, so two nodes starting together count it once. Upgrade by stopping the nodes that
/// predate the totals first: their writes would not be counted.
/// </summary>
public sealed class StoredRecordsUpgrade(IDocumentStore store) : IHostedService
{
    private const string Totals = MartenSetup.Schema + "." + RecordSchema.Totals;
    private const string Counters = MartenSetup.Schema + "." + RecordSchema.Counters;
    private const string Records = MartenSetup.Schema + ".mt_doc_syncedrecord";
    private const string Raws = MartenSetup.Schema + "." + RecordSchema.Raws;
    private const string OldRaws = MartenSetup.Schema + ".mt_doc_syncedrecordraw";

    public async Task StartAsync(CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await using (var move = new NpgsqlCommand($"""
            do $$ begin
              if to_regclass('{OldRaws}') is not null then
                perform pg_advisory_xact_lock(hashtext('{OldRaws}'));
                if to_regclass('{OldRaws}') is not null then
                  insert into {Raws} (id, connection_id, raw) select id, data->>'ConnectionId', (data->'Raw')::text from {OldRaws} on conflict (id) do nothing;
                  drop table {OldRaws};
                end if;
              end if;
            end $$;
            """, connection))
            await move.ExecuteNonQueryAsync(ct);

        var missing = new List<string>();
        await using (var find = new NpgsqlCommand(
            $"select c.connection_id from {Counters} c where not exists (select 1 from {Totals} t where t.connection_id = c.connection_id) " +
            $"and exists (select 1 from {Records} r where r.connection_id = c.connection_id)", connection))
        await using (var reader = await find.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) missing.Add(reader.GetString(0));

        foreach (var connectionId in missing)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using var count = new NpgsqlCommand($"""
                select 1 from {Counters} where connection_id = @c for update;
                insert into {Totals} (connection_id, entity, live)
                select @c, entity, count(*) from {Records} r
                where r.connection_id = @c and r.remote_deleted_at is null
                  and not exists (select 1 from {Totals} t where t.connection_id = @c)
                group by entity;
                """, connection, tx);
            count.Parameters.AddWithValue("c", connectionId);
            await count.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

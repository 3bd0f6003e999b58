using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Sync;
using Npgsql;

namespace Makini.Grpc.Domain.Changes;

/// <summary>Reads a connection's change log in sequence order. Sequence numbers are handed out in commit order (see
/// <see cref="RecordSchema"/>), so "everything after N" read now never misses a row that commits later below it.</summary>
public sealed class ChangeLog(SyncJobStore connections)
{
    private const string Changes = MartenSetup.Schema + "." + RecordSchema.Changes;
    private const string Counters = MartenSetup.Schema + "." + RecordSchema.Counters;

    public async Task<IReadOnlyList<ChangeRow>> ReadAfterAsync(string connectionId, long after, int max, IReadOnlyCollection<string>? entities, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select seq, entity, record_id, change_type, origin, changed_at, payload from {Changes} " +
            "where connection_id = @c and seq > @after" + (entities is { Count: > 0 } ? " and entity = any(@entities)" : "") +
            " order by seq limit @max", connection);
        command.Parameters.AddWithValue("c", connectionId);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("max", max);
        if (entities is { Count: > 0 }) command.Parameters.AddWithValue("entities", entities.ToArray());
        var rows = new List<ChangeRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ChangeRow
            {
                Seq = reader.GetInt64(0),
                Entity = reader.GetString(1),
                RecordId = reader.GetString(2),
                ChangeType = reader.GetString(3),
                Origin = reader.GetString(4),
                ChangedAt = new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                Payload = reader.GetFieldValue<byte[]>(6),
            });
        }
        return rows;
    }

    /// <summary>The newest committed sequence number of the connection (0 when it has none).</summary>
    public async Task<long> HeadAsync(string connectionId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select last_seq from {Counters} where connection_id = @c", connection);
        command.Parameters.AddWithValue("c", connectionId);
        return await command.ExecuteScalarAsync(ct) is long seq ? seq : 0;
    }
}

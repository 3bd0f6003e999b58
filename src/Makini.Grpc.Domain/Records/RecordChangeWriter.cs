using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Domain.Infrastructure;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Makini.Grpc.Domain.Records;

public enum ChangeType { Created, Updated, Deleted }

/// <summary>Counts of what one batch changed.</summary>
public readonly record struct ChangeCounts(int Created, int Updated, int Deleted)
{
    public int Total => Created + Updated + Deleted;
    public static ChangeCounts operator +(ChangeCounts a, ChangeCounts b) => new(a.Created + b.Created, a.Updated + b.Updated, a.Deleted + b.Deleted);
}

/// <summary>
/// Applies source records to a connection's stored records inside the caller's open Marten transaction: only real
/// differences (by content hash) are written, and each becomes a row of the connection's change log with the next
/// sequence numbers. The caller commits; the change log and the records can never disagree.
/// </summary>
public sealed class RecordChangeWriter
{
    private const string Changes = MartenSetup.Schema + "." + RecordSchema.Changes;
    private const string Counters = MartenSetup.Schema + "." + RecordSchema.Counters;
    private const string RecordTable = MartenSetup.Schema + ".mt_doc_syncedrecord";

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    private sealed record Pending(string RecordId, string Entity, ChangeType Type, string Payload);

    /// <summary>Upserts the records that changed; returns what changed. The session must have an open transaction.</summary>
    public async Task<(ChangeCounts Counts, long LastSeq)> ApplyAsync(IDocumentSession session, string connectionId, EntityShape shape,
        IReadOnlyList<SourceRecord> records, string origin, DateTimeOffset now, CancellationToken ct)
    {
        if (records.Count == 0) return (default, 0);
        var prepared = records
            .Select(r => Prepare(connectionId, shape, r))
            .GroupBy(p => p.Record.Id).Select(g => g.Last()) // a page may repeat a record; the last copy wins
            .ToList();
        var existing = await LoadStateAsync(session.Connection!, prepared.Select(p => p.Record.Id).ToArray(), ct);

        var pending = new List<Pending>();
        var counts = new ChangeCounts();
        foreach (var (record, raw, json) in prepared)
        {
            var known = existing.TryGetValue(record.Id, out var state);
            if (known && state.Hash == record.ContentHash && state.DeletedAt is null) continue;
            record.SyncedAt = now;
            session.Store(record);
            session.Store(raw);
            var type = known ? ChangeType.Updated : ChangeType.Created;
            counts = type == ChangeType.Created ? counts with { Created = counts.Created + 1 } : counts with { Updated = counts.Updated + 1 };
            pending.Add(new Pending(record.Id, shape.Name, type, json));
        }
        var last = await AppendChangesAsync(session.Connection!, connectionId, pending, origin, now, ct);
        return (counts, last);
    }

    /// <summary>Marks records gone at the source as deleted (kept, never dropped) and logs the deletions.</summary>
    public async Task<(ChangeCounts Counts, long LastSeq)> MarkDeletedAsync(IDocumentSession session, string connectionId, EntityShape shape,
        IReadOnlyList<string> recordIds, string origin, DateTimeOffset now, CancellationToken ct)
    {
        if (recordIds.Count == 0) return (default, 0);
        var records = await session.LoadManyAsync<SyncedRecord>(ct, recordIds);
        var pending = new List<Pending>();
        foreach (var record in records.Where(r => r.RemoteDeletedAt is null && r.ConnectionId == connectionId))
        {
            var message = shape.Parse(record.Data.GetRawText());
            shape.SetDeleted(message, now);
            var json = Formatter.Format(message);
            record.RemoteDeletedAt = now;
            record.Data = JsonDocument.Parse(json).RootElement.Clone();
            record.SyncedAt = now;
            session.Store(record);
            pending.Add(new Pending(record.Id, shape.Name, ChangeType.Deleted, json));
        }
        var last = await AppendChangesAsync(session.Connection!, connectionId, pending, origin, now, ct);
        return (new ChangeCounts(0, 0, pending.Count), last);
    }

    private static (SyncedRecord Record, SyncedRecordRaw Raw, string Json) Prepare(string connectionId, EntityShape shape, SourceRecord source)
    {
        var message = shape.Descriptor.Parser.ParseFrom(source.Unified.ToByteString()); // a copy: the reader's message stays untouched
        var id = RecordIds.For(connectionId, shape.Kind, source.RemoteId);
        shape.SetId(message, id);
        shape.AssignRefIds(message, connectionId);
        shape.SetRaw(message, null);
        shape.SetDeleted(message, null);
        var json = Formatter.Format(message);
        var rawJson = source.Raw.ToJsonString();
        var record = new SyncedRecord
        {
            Id = id,
            ConnectionId = connectionId,
            Entity = shape.Name,
            RemoteId = source.RemoteId,
            RemoteModifiedAt = (source.ModifiedAt ?? shape.Modified(message)?.ToDateTimeOffset())?.ToUniversalTime(),
            Status = shape.Status(message),
            FilterKey = shape.FilterKey(message) is { Length: > 0 } key ? key : null,
            ContentHash = Hash(json, rawJson),
            Data = JsonDocument.Parse(json).RootElement.Clone(),
        };
        var raw = new SyncedRecordRaw { Id = id, ConnectionId = connectionId, Raw = JsonDocument.Parse(rawJson).RootElement.Clone() };
        return (record, raw, json);
    }

    private static string Hash(string json, string rawJson)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(json + "\n" + rawJson), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    private static async Task<Dictionary<string, (string Hash, DateTime? DeletedAt)>> LoadStateAsync(NpgsqlConnection connection, string[] ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select id, content_hash, remote_deleted_at from {RecordTable} where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids);
        var state = new Dictionary<string, (string, DateTime?)>(ids.Length);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            state[reader.GetString(0)] = (reader.IsDBNull(1) ? "" : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2));
        return state;
    }

    /// <summary>Reserves the next sequence numbers of the connection (the counter row stays locked until commit) and
    /// writes the change rows. Returns the last sequence number, 0 when nothing changed.</summary>
    private static async Task<long> AppendChangesAsync(NpgsqlConnection connection, string connectionId, IReadOnlyList<Pending> pending,
        string origin, DateTimeOffset now, CancellationToken ct)
    {
        if (pending.Count == 0) return 0;
        await using var reserve = new NpgsqlCommand(
            $"insert into {Counters} (connection_id, last_seq) values (@c, @n) " +
            $"on conflict (connection_id) do update set last_seq = {Counters}.last_seq + @n returning last_seq", connection);
        reserve.Parameters.AddWithValue("c", connectionId);
        reserve.Parameters.AddWithValue("n", (long)pending.Count);
        var last = (long)(await reserve.ExecuteScalarAsync(ct))!;
        var first = last - pending.Count + 1;

        await using var insert = new NpgsqlCommand(
            $"insert into {Changes} (connection_id, seq, entity, record_id, change_type, origin, changed_at, payload) " +
            "select @c, s, e, r, t, @o, @at, p::jsonb from unnest(@seqs, @entities, @records, @types, @payloads) as u(s, e, r, t, p)", connection);
        insert.Parameters.AddWithValue("c", connectionId);
        insert.Parameters.AddWithValue("o", origin);
        insert.Parameters.AddWithValue("at", now.UtcDateTime);
        insert.Parameters.AddWithValue("seqs", Enumerable.Range(0, pending.Count).Select(i => first + i).ToArray());
        insert.Parameters.AddWithValue("entities", pending.Select(p => p.Entity).ToArray());
        insert.Parameters.AddWithValue("records", pending.Select(p => p.RecordId).ToArray());
        insert.Parameters.AddWithValue("types", pending.Select(p => p.Type.ToString().ToLowerInvariant()).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = pending.Select(p => p.Payload).ToArray() });
        await insert.ExecuteNonQueryAsync(ct);
        return last;
    }
}

using System.Buffers;
using System.Security.Cryptography;
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
public sealed class RecordChangeWriter(Webhooks.RecordsChangedWebhooks recordsChanged)
{
    private const string Changes = MartenSetup.Schema + "." + RecordSchema.Changes;
    private const string Counters = MartenSetup.Schema + "." + RecordSchema.Counters;
    private const string Totals = MartenSetup.Schema + "." + RecordSchema.Totals;
    private const string RecordTable = MartenSetup.Schema + ".mt_doc_syncedrecord";
    private const string RawTable = MartenSetup.Schema + "." + RecordSchema.Raws;


    public sealed record Pending(string RecordId, string Entity, ChangeType Type, byte[] Payload);

    /// <summary>Upserts the records that changed and logs them; returns what changed. The session must have an open
    /// transaction.</summary>
    public Task<(ChangeCounts Counts, long LastSeq)> ApplyAsync(IDocumentSession session, string connectionId, EntityShape shape,
        IReadOnlyList<SourceRecord> records, string origin, DateTimeOffset now, CancellationToken ct) =>
        ApplyAsync(session, connectionId, shape, Prepare(connectionId, shape, records), origin, now, ct);

    /// <summary>As above, for records prepared ahead (outside the transaction, while the previous page commits).</summary>
    public async Task<(ChangeCounts Counts, long LastSeq)> ApplyAsync(IDocumentSession session, string connectionId, EntityShape shape,
        IReadOnlyList<PreparedRecord> prepared, string origin, DateTimeOffset now, CancellationToken ct)
    {
        var staged = await StageAsync(session, connectionId, shape, prepared, origin, now, ct);
        return (staged.Counts, await LogAsync(session.Connection!, staged, ct));
    }

    /// <summary>
    /// Upserts the records that changed, without logging them yet: the caller does the rest of its transaction's work
    /// and calls <see cref="LogAsync"/> last, just before it commits. Logging takes the connection's sequence counter,
    /// which every other writer of the connection waits for until this transaction ends, so it must be held briefly.
    /// </summary>
    public async Task<StagedChanges> StageAsync(IDocumentSession session, string connectionId, EntityShape shape,
        IReadOnlyList<PreparedRecord> prepared, string origin, DateTimeOffset now, CancellationToken ct)
    {
        if (prepared.Count == 0) return new StagedChanges(connectionId, origin, now, [], default, null, 0);
        var (existing, subscriber) = await LoadStateAsync(session.Connection!, connectionId, prepared.Select(p => p.Id).ToArray(), ct);
        var pending = new List<Pending>();
        var changed = new List<PreparedRecord>();
        var counts = new ChangeCounts();
        var liveDelta = 0;
        foreach (var record in prepared)
        {
            var known = existing.TryGetValue(record.Id, out var state);
            if (known && state.Hash == record.Hash && state.DeletedAt is null) continue;
            if (!known || state.DeletedAt is not null) liveDelta++; // new, or back at the source after a deletion
            changed.Add(record);
            var type = known ? ChangeType.Updated : ChangeType.Created;
            counts = type == ChangeType.Created ? counts with { Created = counts.Created + 1 } : counts with { Updated = counts.Updated + 1 };
            pending.Add(new Pending(record.Id, shape.Name, type, record.Proto));
        }
        await UpsertAsync(session.Connection!, changed, allNew: existing.Count == 0, ct);
        return new StagedChanges(connectionId, origin, now, pending, counts, subscriber, liveDelta);
    }

    /// <summary>
    /// <see cref="StageAsync"/> for one record (a write's result) in one round trip: the record's previous state is read
    /// by the statement that upserts it, and the webhook subscriber in the same batch. An unchanged record is left as it
    /// is and not staged.
    /// </summary>
    public async Task<StagedChanges> StageOneAsync(IDocumentSession session, string connectionId, EntityShape shape, PreparedRecord record,
        string origin, DateTimeOffset now, CancellationToken ct)
    {
        var upsert = new NpgsqlBatchCommand(UpsertOneSql);
        AddRecordParameters(upsert, record);
        upsert.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = record.RawJson, NpgsqlDbType = NpgsqlDbType.Text });
        await using var batch = new NpgsqlBatch(session.Connection!) { BatchCommands = { upsert, Webhooks.RecordsChangedWebhooks.SubscriberQuery(connectionId) } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (known, wasDeleted, written) = (reader.GetBoolean(0), !reader.IsDBNull(1), reader.GetBoolean(2));
        await reader.NextResultAsync(ct);
        var subscriber = await reader.ReadAsync(ct) ? reader.GetString(0) : null;
        if (!written) return new StagedChanges(connectionId, origin, now, [], default, null, 0);
        var type = known ? ChangeType.Updated : ChangeType.Created;
        var counts = type == ChangeType.Created ? new ChangeCounts(1, 0, 0) : new ChangeCounts(0, 1, 0);
        return new StagedChanges(connectionId, origin, now, [new Pending(record.Id, shape.Name, type, record.Proto)], counts, subscriber,
            !known || wasDeleted ? 1 : 0);
    }

    /// <summary>Our ids, references, the unified JSON and the content hash of a page of source records; the last copy of
    /// a record repeated in the page wins. CPU work only, so it can run while the previous page is being written.</summary>
    public static IReadOnlyList<PreparedRecord> Prepare(string connectionId, EntityShape shape, IReadOnlyList<SourceRecord> records) =>
        records.Select(r => PrepareOne(connectionId, shape, r))
            .GroupBy(p => p.Id).Select(g => g.Last())
            .ToList();

    /// <summary>Marks records gone at the source as deleted (kept, never dropped) and logs the deletions.</summary>
    public async Task<(ChangeCounts Counts, long LastSeq)> MarkDeletedAsync(IDocumentSession session, string connectionId, EntityShape shape,
        IReadOnlyList<string> recordIds, string origin, DateTimeOffset now, CancellationToken ct)
    {
        var staged = await StageDeletionsAsync(session, connectionId, shape, recordIds, origin, now, ct);
        return (staged.Counts, await LogAsync(session.Connection!, staged, ct));
    }

    /// <summary>Marks records deleted in the session (stored when it saves); log them with <see cref="LogAsync"/>.</summary>
    public async Task<StagedChanges> StageDeletionsAsync(IDocumentSession session, string connectionId, EntityShape shape,
        IReadOnlyList<string> recordIds, string origin, DateTimeOffset now, CancellationToken ct)
    {
        if (recordIds.Count == 0) return new StagedChanges(connectionId, origin, now, [], default, null, 0);
        var records = await session.LoadManyAsync<SyncedRecord>(ct, recordIds);
        var pending = new List<Pending>();
        foreach (var record in records.Where(r => r.RemoteDeletedAt is null && r.ConnectionId == connectionId))
        {
            var message = shape.ParseBase64(record.Proto);
            shape.SetDeleted(message, now);
            var bytes = message.ToByteArray();
            record.RemoteDeletedAt = now;
            record.Proto = Convert.ToBase64String(bytes);
            record.SyncedAt = now;
            session.Store(record);
            pending.Add(new Pending(record.Id, shape.Name, ChangeType.Deleted, bytes));
        }
        var subscriber = pending.Count == 0 ? null : await Webhooks.RecordsChangedWebhooks.SubscriberAsync(session.Connection!, connectionId, ct);
        return new StagedChanges(connectionId, origin, now, pending, new ChangeCounts(0, 0, pending.Count), subscriber, -pending.Count);
    }

    /// <summary>
    /// Writes whole pages of documents with COPY: new ones straight into their tables, others into temporary tables and
    /// from there with one upsert each, in the caller's transaction.
    /// The documents are serialized by Marten's own serializer, so Marten loads and queries them as if it had stored them;
    /// per-document upsert calls cost several times more on initial syncs of hundreds of thousands of records.
    /// </summary>
    private static async Task UpsertAsync(NpgsqlConnection connection, IReadOnlyList<PreparedRecord> rows, bool allNew, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        if (rows.Count <= SmallBatch)
        {
            await UpsertFewAsync(connection, rows, ct);
            return;
        }
        // A page of records none of which we hold (an initial sync) is copied straight into the document tables: half
        // the writing of the staging path. Should a concurrent write have stored one of them meanwhile, the copy fails on
        // its key and the page goes the staging way after all.
        if (allNew)
        {
            await ExecuteAsync(connection, "savepoint mk_copy", ct);
            try
            {
                await CopyAsync(connection, rows, $"{RecordTable} (id, data, mt_dotnet_type, connection_id, entity, remote_modified_at, remote_deleted_at, status, filter_key, content_hash)",
                    $"{RawTable} (id, connection_id, raw)", ct);
                await ExecuteAsync(connection, "release savepoint mk_copy", ct);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await ExecuteAsync(connection, "rollback to savepoint mk_copy", ct);
            }
        }
        await ExecuteAsync(connection,
            "create temp table if not exists mk_stage_records (id varchar, data jsonb, mt_dotnet_type varchar, connection_id varchar, entity varchar, remote_modified_at timestamptz, " +
            "remote_deleted_at timestamptz, status varchar, filter_key varchar, content_hash varchar) on commit delete rows; " +
            "create temp table if not exists mk_stage_source_raws (id varchar, connection_id varchar, raw text) on commit delete rows", ct);
        await CopyAsync(connection, rows,
            "mk_stage_records (id, data, mt_dotnet_type, connection_id, entity, remote_modified_at, remote_deleted_at, status, filter_key, content_hash)",
            "mk_stage_source_raws (id, connection_id, raw)", ct);
        const string newVersion = "md5(random()::text || clock_timestamp()::text)::uuid";
        await ExecuteAsync(connection,
            $"insert into {RecordTable} (id, data, mt_dotnet_type, mt_last_modified, connection_id, entity, remote_modified_at, remote_deleted_at, status, filter_key, content_hash) " +
            "select id, data, mt_dotnet_type, transaction_timestamp(), connection_id, entity, remote_modified_at, remote_deleted_at, status, filter_key, content_hash from mk_stage_records " +
            "on conflict (id) do update set data = excluded.data, mt_last_modified = excluded.mt_last_modified, " +
            $"mt_version = {newVersion}, connection_id = excluded.connection_id, entity = excluded.entity, remote_modified_at = excluded.remote_modified_at, " +
            "remote_deleted_at = excluded.remote_deleted_at, status = excluded.status, filter_key = excluded.filter_key, content_hash = excluded.content_hash; " +
            $"insert into {RawTable} (id, connection_id, raw) select id, connection_id, raw from mk_stage_source_raws " +
            "on conflict (id) do update set raw = excluded.raw, connection_id = excluded.connection_id; " +
            "truncate mk_stage_records; truncate mk_stage_source_raws", ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Binary COPY of the documents and their raw source records into the given tables (same column lists
    /// whether staging or final; what is not listed takes the table's default).</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<PreparedRecord> rows, string records, string raws,
        CancellationToken ct)
    {
        var recordType = typeof(SyncedRecord).FullName!;
        await using (var copy = await connection.BeginBinaryImportAsync($"copy {records} from stdin (format binary)", ct))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Id, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.Document, NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(recordType, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.ConnectionId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.Entity, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(copy, r.ModifiedAt, ct);
                await copy.WriteNullAsync(ct);
                await WriteNullableAsync(copy, r.Status, ct);
                await WriteNullableAsync(copy, r.FilterKey, ct);
                await copy.WriteAsync(r.Hash, NpgsqlDbType.Varchar, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await connection.BeginBinaryImportAsync($"copy {raws} from stdin (format binary)", ct))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Id, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.ConnectionId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.RawJson, NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
    }

    /// <summary>Below this many records (a write, a small page) plain upserts in one round trip beat temporary tables and COPY.</summary>
    private const int SmallBatch = 8;

    private static readonly string UpsertRecordSql =
        $"insert into {RecordTable} (id, data, mt_dotnet_type, mt_last_modified, mt_version, connection_id, entity, remote_modified_at, remote_deleted_at, status, filter_key, content_hash) " +
        $"values ($1, $2, '{typeof(SyncedRecord).FullName}', transaction_timestamp(), md5(random()::text || clock_timestamp()::text)::uuid, $3, $4, $5, null, $6, $7, $8) " +
        "on conflict (id) do update set data = excluded.data, mt_last_modified = excluded.mt_last_modified, mt_version = excluded.mt_version, " +
        "connection_id = excluded.connection_id, entity = excluded.entity, remote_modified_at = excluded.remote_modified_at, " +
        "remote_deleted_at = excluded.remote_deleted_at, status = excluded.status, filter_key = excluded.filter_key, content_hash = excluded.content_hash";

    private const string RawConflict = "on conflict (id) do update set raw = excluded.raw, connection_id = excluded.connection_id";

    private static readonly string UpsertRawSql = $"insert into {RawTable} (id, connection_id, raw) values ($1, $2, $3) {RawConflict}";

    /// <summary>One record's upsert that also tells whether the record existed, whether it was deleted, and whether it
    /// was written (an unchanged, live record is not): the previous state comes from the statement's own snapshot.</summary>
    private static readonly string UpsertOneSql =
        $"with old as (select remote_deleted_at from {RecordTable} where id = $1), " +
        $"up as ({UpsertRecordSql} where {RecordTable}.content_hash is distinct from excluded.content_hash or {RecordTable}.remote_deleted_at is not null returning 1), " +
        $"raw as (insert into {RawTable} (id, connection_id, raw) select $1, $3, $9 where exists (select 1 from up) {RawConflict}) " +
        "select exists (select 1 from old), (select remote_deleted_at from old), exists (select 1 from up)";

    private static void AddRecordParameters(NpgsqlBatchCommand record, PreparedRecord r)
    {
        record.Parameters.Add(new NpgsqlParameter { Value = r.Id, NpgsqlDbType = NpgsqlDbType.Varchar });
        record.Parameters.Add(new NpgsqlParameter { Value = r.Document, NpgsqlDbType = NpgsqlDbType.Jsonb });
        record.Parameters.Add(new NpgsqlParameter { Value = r.ConnectionId, NpgsqlDbType = NpgsqlDbType.Varchar });
        record.Parameters.Add(new NpgsqlParameter { Value = r.Entity, NpgsqlDbType = NpgsqlDbType.Varchar });
        record.Parameters.Add(new NpgsqlParameter { Value = (object?)r.ModifiedAt?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        record.Parameters.Add(new NpgsqlParameter { Value = (object?)r.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        record.Parameters.Add(new NpgsqlParameter { Value = (object?)r.FilterKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        record.Parameters.Add(new NpgsqlParameter { Value = r.Hash, NpgsqlDbType = NpgsqlDbType.Varchar });
    }

    private static async Task UpsertFewAsync(NpgsqlConnection connection, IReadOnlyList<PreparedRecord> rows, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var r in rows)
        {
            var record = new NpgsqlBatchCommand(UpsertRecordSql);
            AddRecordParameters(record, r);
            batch.BatchCommands.Add(record);
            var raw = new NpgsqlBatchCommand(UpsertRawSql);
            raw.Parameters.Add(new NpgsqlParameter { Value = r.Id, NpgsqlDbType = NpgsqlDbType.Varchar });
            raw.Parameters.Add(new NpgsqlParameter { Value = r.ConnectionId, NpgsqlDbType = NpgsqlDbType.Varchar });
            raw.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = r.RawJson, NpgsqlDbType = NpgsqlDbType.Text });
            batch.BatchCommands.Add(raw);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, DateTimeOffset? value, CancellationToken ct) =>
        value is { } v ? copy.WriteAsync(v.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct) : copy.WriteNullAsync(ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Varchar, ct) : copy.WriteNullAsync(ct);

    /// <summary>Our ids go into the reader's message itself: readers hand out a fresh message per record.</summary>
    private static PreparedRecord PrepareOne(string connectionId, EntityShape shape, SourceRecord source)
    {
        var message = source.Unified;
        var id = RecordIds.For(connectionId, shape.Kind, source.RemoteId);
        shape.SetId(message, id);
        shape.AssignRefIds(message, connectionId);
        shape.SetRaw(message, null);
        shape.SetDeleted(message, null);
        var proto = message.ToByteArray();
        var rawJson = source.RawJson;
        var prepared = new PreparedRecord(id, connectionId, shape.Name, source.RemoteId,
            (source.ModifiedAt ?? shape.Modified(message)?.ToDateTimeOffset())?.ToUniversalTime(),
            shape.Status(message), shape.FilterKey(message) is { Length: > 0 } key ? key : null,
            Hash(proto, rawJson), proto, rawJson);
        // The stored documents are built here, while the previous page is being written, not on the writing path.
        return prepared.WithDocument(DateTimeOffset.UtcNow);
    }

    /// <summary>SHA-256 of the message followed by the raw JSON, through one incremental hash per thread: a new one per
    /// record costs a native context and a finalizer, and concatenating the two for a one-shot hash costs a copy.</summary>
    private static string Hash(byte[] proto, ReadOnlyMemory<byte> rawJson)
    {
        var hasher = Hasher ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData(proto);
        hasher.AppendData(rawJson.Span);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        hasher.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    [ThreadStatic] private static IncrementalHash? Hasher;

    /// <summary>The stored state of these records, and who subscribed to the connection's record changes: one round trip.</summary>
    private static async Task<(Dictionary<string, (string Hash, DateTime? DeletedAt)> State, string? Subscriber)> LoadStateAsync(
        NpgsqlConnection connection, string connectionId, string[] ids, CancellationToken ct)
    {
        var state = new Dictionary<string, (string, DateTime?)>(ids.Length);
        var records = new NpgsqlBatchCommand($"select id, content_hash, remote_deleted_at from {RecordTable} where id = any($1)")
        {
            Parameters = { new NpgsqlParameter { Value = ids } },
        };
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { records, Webhooks.RecordsChangedWebhooks.SubscriberQuery(connectionId) } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            state[reader.GetString(0)] = (reader.IsDBNull(1) ? "" : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2));
        await reader.NextResultAsync(ct);
        var subscriber = await reader.ReadAsync(ct) ? reader.GetString(0) : null;
        return (state, subscriber);
    }

    /// <summary>
    /// Logs staged changes: reserves the connection's next sequence numbers and writes the change rows in one statement
    /// (the counter row stays locked until commit, so sequence numbers are handed out in commit order), then queues
    /// records.changed for a subscriber. Call it last before committing. Returns the last sequence number, 0 when
    /// nothing changed.
    /// </summary>
    public async Task<long> LogAsync(NpgsqlConnection connection, StagedChanges staged, CancellationToken ct)
    {
        var pending = staged.Pending;
        if (pending.Count == 0) return 0;
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { LogCommand(staged) } };
        var last = (long)(await batch.ExecuteScalarAsync(ct))!;
        await EnqueueWebhookAsync(connection, staged, last, ct);
        return last;
    }

    /// <summary>
    /// <see cref="LogAsync"/>, then commits the caller's transaction, in one round trip when no webhook waits for these
    /// changes: the connection's sequence counter is then held only while PostgreSQL runs the two statements, not
    /// across another round trip, so concurrent writes of one connection queue less behind each other.
    /// </summary>
    public async Task<long> LogAndCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagedChanges staged, CancellationToken ct)
    {
        if (staged.Pending.Count == 0 || staged.Subscriber is not null)
        {
            var logged = await LogAsync(connection, staged, ct);
            await transaction.CommitAsync(ct);
            return logged;
        }
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { LogCommand(staged), new NpgsqlBatchCommand("commit") } };
        return (long)(await batch.ExecuteScalarAsync(ct))!;
    }

    private static readonly string LogSql =
        $"with reserved as (insert into {Counters} (connection_id, last_seq) values ($1, $2) " +
        $"  on conflict (connection_id) do update set last_seq = {Counters}.last_seq + $2 returning last_seq), " +
        $"totals as (insert into {Totals} (connection_id, entity, live) select $1, $3, $4 where $4 <> 0 " +
        $"  on conflict (connection_id, entity) do update set live = {Totals}.live + excluded.live), " +
        $"logged as (insert into {Changes} (connection_id, seq, entity, record_id, change_type, origin, changed_at, payload) " +
        "  select $1, (select last_seq from reserved) - $2 + u.i, u.e, u.r, u.t, $5, $6, u.p " +
        "  from unnest($7::text[], $8::text[], $9::text[], $10::bytea[]) with ordinality as u(e, r, t, p, i) returning seq) " +
        "select max(seq) from logged";

    private static NpgsqlBatchCommand LogCommand(StagedChanges staged)
    {
        var pending = staged.Pending;
        return new NpgsqlBatchCommand(LogSql)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = staged.ConnectionId, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter { Value = (long)pending.Count, NpgsqlDbType = NpgsqlDbType.Bigint },
                new NpgsqlParameter { Value = pending[0].Entity, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter { Value = (long)staged.LiveDelta, NpgsqlDbType = NpgsqlDbType.Bigint },
                new NpgsqlParameter { Value = staged.Origin, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter { Value = staged.Now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter { Value = pending.Select(p => p.Entity).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter { Value = pending.Select(p => p.RecordId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter { Value = pending.Select(p => p.Type.ToString().ToLowerInvariant()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter { Value = pending.Select(p => p.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
            },
        };
    }

    private async Task EnqueueWebhookAsync(NpgsqlConnection connection, StagedChanges staged, long last, CancellationToken ct)
    {
        if (staged.Subscriber is not { } accountId) return;
        var pending = staged.Pending;
        var first = last - pending.Count + 1;
        await recordsChanged.EnqueueAsync(connection, accountId, staged.ConnectionId,
            pending.Select((p, i) => new Webhooks.LoggedChange(first + i, p.Entity, p.RecordId, p.Type.ToString().ToLowerInvariant(), p.Payload)).ToList(),
            staged.Origin, staged.Now, ct);
    }
}

/// <summary>Changes written to a transaction but not yet logged (see <see cref="RecordChangeWriter.StageAsync"/>).</summary>
/// <param name="LiveDelta">How many live records of the entity this adds (new, or back after a deletion) less those it deletes.</param>
public sealed record StagedChanges(string ConnectionId, string Origin, DateTimeOffset Now, IReadOnlyList<RecordChangeWriter.Pending> Pending,
    ChangeCounts Counts, string? Subscriber, int LiveDelta);

/// <summary>A source record ready to store: ids assigned, unified JSON built, content hashed.</summary>
public sealed record PreparedRecord(
    string Id, string ConnectionId, string Entity, string RemoteId, DateTimeOffset? ModifiedAt, string? Status, string? FilterKey,
    string Hash, byte[] Proto, ReadOnlyMemory<byte> RawJson)
{
    /// <summary>The <see cref="SyncedRecord"/> document as UTF-8 JSON (see <see cref="WithDocument"/>).</summary>
    public byte[] Document { get; private init; } = [];

    /// <summary>This record with its stored document built, synced at <paramref name="syncedAt"/>.</summary>
    public PreparedRecord WithDocument(DateTimeOffset syncedAt) => this with { Document = DocumentJson(syncedAt) };

    [ThreadStatic] private static ArrayBufferWriter<byte>? DocumentBuffer;
    [ThreadStatic] private static Utf8JsonWriter? DocumentWriter;

    /// <summary>The <see cref="SyncedRecord"/> document as Marten stores it (property names as its serializer writes
    /// them).</summary>
    private byte[] DocumentJson(DateTimeOffset syncedAt)
    {
        // One buffer and writer per thread, reset per document: the only allocation left is the document itself (a
        // writer over a stream buffers on its own and grows both, which a sync of 100,000 records pays for in GC).
        var buffer = DocumentBuffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        var w = DocumentWriter ??= new Utf8JsonWriter(buffer);
        w.Reset(buffer);
        w.WriteStartObject();
        w.WriteString(nameof(SyncedRecord.Id), Id);
        w.WriteString(nameof(SyncedRecord.ConnectionId), ConnectionId);
        w.WriteString(nameof(SyncedRecord.Entity), Entity);
        w.WriteString(nameof(SyncedRecord.RemoteId), RemoteId);
        if (ModifiedAt is { } m) w.WriteString(nameof(SyncedRecord.RemoteModifiedAt), m);
        else w.WriteNull(nameof(SyncedRecord.RemoteModifiedAt));
        w.WriteNull(nameof(SyncedRecord.RemoteDeletedAt));
        if (Status is null) w.WriteNull(nameof(SyncedRecord.Status)); else w.WriteString(nameof(SyncedRecord.Status), Status);
        if (FilterKey is null) w.WriteNull(nameof(SyncedRecord.FilterKey)); else w.WriteString(nameof(SyncedRecord.FilterKey), FilterKey);
        w.WriteString(nameof(SyncedRecord.ContentHash), Hash);
        w.WriteString(nameof(SyncedRecord.SyncedAt), syncedAt);
        w.WriteBase64String(nameof(SyncedRecord.Proto), Proto);
        w.WriteEndObject();
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}

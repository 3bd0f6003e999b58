using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Security;
using Marten;
using Marten.Linq.MatchesSql;
using Makini.Grpc.Domain.Infrastructure;
using Npgsql;

namespace Makini.Grpc.Domain.Records.Reading;

public enum RecordView { Basic, Full, Raw }

public sealed record ListRecords(
    ConnectionScope Scope, EntityShape Shape, int PageSize, string PageToken, DateTimeOffset? ModifiedAfter,
    string? Status, bool IncludeDeleted, string? FilterKey, RecordView View);

public sealed record RecordPage(IReadOnlyList<IMessage> Records, string NextPageToken);

/// <summary>The read side of synced records: keyset pages in id order (stable while a sync writes: never a skip or
/// a repeat), and single records, in the unified model.</summary>
public sealed class RecordQueries(IDocumentStore store, PageTokens pageTokens)
{
    private const string RawTable = MartenSetup.Schema + "." + RecordSchema.Raws;
    private sealed record Position(string After);

    public async Task<RecordPage> ListAsync(ListRecords query, CancellationToken ct)
    {
        var v = new Validator();
        var size = Paging.PageSize(query.PageSize, v);
        v.ThrowIfInvalid();
        EnsureReadable(query.Scope, query.Shape);
        var scope = $"records|{query.Scope.ConnectionId}|{query.Shape.Name}|{query.ModifiedAfter?.ToUnixTimeMilliseconds()}|{query.Status}|" +
                    $"{query.IncludeDeleted}|{query.FilterKey}";
        var position = pageTokens.Decode<Position>(query.PageToken, scope);

        await using var session = store.QuerySession();
        var connectionId = query.Scope.ConnectionId;
        var entity = query.Shape.Name;
        IQueryable<SyncedRecord> q = session.Query<SyncedRecord>().Where(r => r.ConnectionId == connectionId && r.Entity == entity);
        if (!query.IncludeDeleted) q = q.Where(r => r.RemoteDeletedAt == null);
        if (query.ModifiedAfter is { } after) q = q.Where(r => r.RemoteModifiedAt > after);
        if (query.Status is { } status) q = q.Where(r => r.Status == status);
        if (query.FilterKey is { } key) q = q.Where(r => r.FilterKey == key);
        if (position is not null) q = q.Where(r => r.MatchesSql("d.id > ?", position.After));
        var rows = await q.OrderBy(r => r.Id).Take(size + 1).ToListAsync(ct);

        var page = rows.Take(size).ToList();
        var raws = query.View == RecordView.Raw ? await LoadRawAsync(page.Select(r => r.Id).ToArray(), ct) : null;
        var next = rows.Count > size ? pageTokens.Encode(scope, new Position(page[^1].Id)) : "";
        return new RecordPage(page.Select(r => ToMessage(query.Shape, r, query.View, raws)).ToList(), next);
    }

    public async Task<IMessage> GetAsync(ConnectionScope scope, EntityShape shape, string id, RecordView view, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrEmpty(id), "id", "is required").ThrowIfInvalid();
        EnsureReadable(scope, shape);
        if (!RecordIds.LooksLike(id, shape)) throw Errors.NotFound(shape.Name, id);
        await using var session = store.QuerySession();
        var record = await session.LoadAsync<SyncedRecord>(id, ct);
        if (record is null || record.ConnectionId != scope.ConnectionId || record.Entity != shape.Name) throw Errors.NotFound(shape.Name, id);
        var raws = view == RecordView.Raw ? await LoadRawAsync([id], ct) : null;
        return ToMessage(shape, record, view, raws);
    }

    /// <summary>An entity the system does not have is refused as such, not answered as an empty list.</summary>
    public static void EnsureReadable(ConnectionScope scope, EntityShape shape)
    {
        var system = SystemCatalog.Find(scope.SystemId)!;
        if (!system.Supports(shape.Kind, Operations.Read)) throw NotSupported(system.SystemId, shape, "read");
    }

    public static DomainException NotSupported(string systemId, EntityShape shape, string operation) =>
        new(ErrorKind.Unimplemented, ErrorReasons.OperationNotSupported,
            $"{SystemCatalog.Find(systemId)?.DisplayName ?? systemId} has no {operation} for {shape.Name} records; see SystemService.ListSystems.",
            new Dictionary<string, string> { ["system"] = systemId, ["entity"] = shape.Name, ["operation"] = operation });

    /// <summary>The raw source records (JSON text) of these records, by id.</summary>
    private async Task<Dictionary<string, string>> LoadRawAsync(string[] ids, CancellationToken ct)
    {
        var raws = new Dictionary<string, string>(ids.Length);
        if (ids.Length == 0) return raws;
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"select id, raw from {RawTable} where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) raws[reader.GetString(0)] = reader.GetString(1);
        return raws;
    }

    public static IMessage ToMessage(EntityShape shape, SyncedRecord record, RecordView view, IReadOnlyDictionary<string, string>? raws)
    {
        var message = shape.ParseBase64(record.Proto);
        if (view == RecordView.Basic)
        {
            shape.ClearCustomFields(message);
            shape.ClearLines(message);
        }
        if (view == RecordView.Raw && raws is not null && raws.TryGetValue(record.Id, out var raw)
            && JsonNode.Parse(raw) is JsonObject rawObject)
            shape.SetRaw(message, Normalize.ToStruct(rawObject));
        return message;
    }
}

/// <summary>Which connection a read or sync call works on: the connection token's own, or the one an account key
/// names in <c>x-connection-id</c> (which also reaches a disconnected connection's retained data).</summary>
public sealed record ConnectionScope(string ConnectionId, string AccountId, string SystemId, Connections.ConnectionStatus Status);

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;

namespace Makini.Grpc.Connectors.Reading;

/// <summary>How an entity can be synced from a system.</summary>
public enum ReadMode
{
    /// <summary>The system filters by last change: later runs fetch only what changed since a checkpoint.</summary>
    Incremental,

    /// <summary>No change filter (e.g. SAP stock): every run reads everything and only real differences count.</summary>
    Snapshot,
}

/// <summary>
/// Reads one system's entities through its real read API and maps them into the unified model.
/// Implementations are singletons, safe for concurrent use, and keep no state between pages: everything needed
/// to continue lives in the opaque cursor, which is persisted so another node can resume a sync after a crash.
/// </summary>
public interface IEntityReader
{
    string SystemId { get; }

    ReadMode ModeOf(EntityKind entity);

    /// <summary>One page of records, oldest change first where the system can order by change time.</summary>
    /// <param name="changedSince">Only records changed at or after this instant (an Incremental entity); null reads all.</param>
    /// <param name="cursor">Null for the first page; afterwards the previous page's <see cref="SourcePage.NextCursor"/>.</param>
    Task<SourcePage> ReadPageAsync(SourceTarget target, EntityKind entity, DateTimeOffset? changedSince, string? cursor, CancellationToken ct);

    /// <summary>One page of the keys of every record that exists now: a cheap id-only scan used to detect deletes.</summary>
    Task<KeyPage> ReadKeysAsync(SourceTarget target, EntityKind entity, string? cursor, CancellationToken ct);

    /// <summary>Where each unified field comes from in this system (SystemService.GetFieldMapping).</summary>
    EntityMapping MappingOf(EntityKind entity);
}

/// <summary>A page of records; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record SourcePage(IReadOnlyList<SourceRecord> Records, string? NextCursor)
{
    /// <summary>The pooled memory the records' raw JSON lies in, when the reader parsed in place: dispose it once the
    /// records are stored, and not before. Left undisposed, the GC takes it.</summary>
    public IDisposable? Buffers { get; init; }
}

/// <summary>A page of remote keys; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record KeyPage(IReadOnlyList<string> RemoteIds, string? NextCursor);

/// <summary>
/// One source record: its remote key (as <see cref="Unified"/>'s remote_id), the unified message (a
/// <c>Makini.Grpc.V1.PurchaseOrder</c>, <c>WorkOrder</c>, <c>InventoryItem</c>, <c>Vendor</c> or <c>Asset</c>) and the
/// record exactly as the system sent it, as UTF-8 JSON. Connectors fill references with remote ids only (e.g.
/// <c>vendor.remote_id</c>); our ids (<c>id</c>, <c>vendor.id</c> …) are assigned by the sync.
/// </summary>
public sealed record SourceRecord(string RemoteId, IMessage Unified, ReadOnlyMemory<byte> RawJson, DateTimeOffset? ModifiedAt)
{
    /// <summary>A record a connector assembled as a node (or read with a node parser): it is serialized once, here.</summary>
    public SourceRecord(string remoteId, IMessage unified, JsonObject raw, DateTimeOffset? modifiedAt)
        : this(remoteId, unified, Utf8(raw), modifiedAt) { }

    /// <summary>The raw record parsed into a node: for inspection (tests, diagnostics), never on the sync path.</summary>
    public JsonObject Raw => JsonNode.Parse(RawJson.Span)!.AsObject();

    private static byte[] Utf8(JsonObject raw)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer)) raw.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>The source object read for an entity (entity set, record type, object structure, endpoint) and, per
/// unified field, the source field or expression it comes from.</summary>
public sealed record EntityMapping(string SourceObject, IReadOnlyList<FieldMappingEntry> Fields);

public sealed record FieldMappingEntry(string UnifiedField, string SourceField, string Note = "");

/// <summary>The entity is not one this system has (see the capability matrix).</summary>
public sealed class EntityNotSupportedException(string systemId, EntityKind entity)
    : Exception($"{systemId} has no {entity} records.")
{
    public string SystemId { get; } = systemId;
    public EntityKind Entity { get; } = entity;
}

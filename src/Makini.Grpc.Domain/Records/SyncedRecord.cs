namespace Makini.Grpc.Domain.Records;

/// <summary>One synced record in the unified model (a document). <see cref="Proto"/> is the unified message in protobuf
/// binary (base64): several times cheaper to write and to read than its JSON form, on every page of every sync and list.
/// The raw source record is kept apart (in <c>record_raws</c>, see <see cref="RecordSchema"/>) so lists do not carry it.</summary>
public sealed class SyncedRecord
{
    public required string Id { get; set; }
    public required string ConnectionId { get; set; }
    public required string Entity { get; set; }
    public required string RemoteId { get; set; }
    public DateTimeOffset? RemoteModifiedAt { get; set; }
    public DateTimeOffset? RemoteDeletedAt { get; set; }
    /// <summary>The unified status (enum value name), for the status filter.</summary>
    public string? Status { get; set; }
    /// <summary>The entity's own filter value: vendor id, asset id or location.</summary>
    public string? FilterKey { get; set; }
    /// <summary>Hash of the unified record and the raw source record: a sync counts a change only when it moves.</summary>
    public required string ContentHash { get; set; }
    public DateTimeOffset SyncedAt { get; set; }
    public required string Proto { get; set; }
}

namespace Makini.Grpc.Domain.Changes;

/// <summary>One committed row of a connection's change log. <see cref="Payload"/> is the record after the change, in
/// protobuf binary; <see cref="Prepared"/> caches what the transport builds from it, once for all subscribers.</summary>
public sealed class ChangeRow
{
    public required long Seq { get; init; }
    public required string Entity { get; init; }
    public required string RecordId { get; init; }
    public required string ChangeType { get; init; }
    public required string Origin { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
    public required byte[] Payload { get; init; }
    public object? Prepared { get; set; }
}

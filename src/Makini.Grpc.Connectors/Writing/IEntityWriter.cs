using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.Writing;

public enum WriteKind { Create, Update, Delete, Adjust }

/// <summary>A stock adjustment: exactly one of <see cref="Delta"/> and <see cref="NewQuantity"/> (decimal strings).</summary>
public sealed record InventoryAdjustment(string Location, string? Delta, string? NewQuantity, string Reason);

/// <summary>
/// One write to a source system, in the unified model.
/// <para><see cref="Record"/> is the unified message (a Makini.Grpc.V1.PurchaseOrder, WorkOrder, Vendor, Asset) for
/// creates and updates; references carry the referenced record's <c>remote_id</c>. <see cref="Mask"/> lists the unified
/// field paths an update changes ("*" for every writable field). <see cref="RemoteFields"/> are fields in the system's
/// own names (the connection's write defaults overlaid with the call's remote_fields) to merge into the source payload.
/// <see cref="IdempotencyKey"/> is stable for one logical write (the same on every retry): connectors put it into the
/// system's own handle (NetSuite externalId, Maximo transactionid, an SAP reference field) so a write whose outcome was
/// lost can be found at the source instead of being made twice.</para>
/// </summary>
public sealed record WriteRequest(
    EntityKind Entity,
    WriteKind Kind,
    string? RemoteId,
    IMessage? Record,
    IReadOnlyList<string> Mask,
    JsonObject RemoteFields,
    string? Etag,
    string IdempotencyKey,
    InventoryAdjustment? Adjustment = null);

/// <summary>The record as the source holds it after the write (read back); null after a delete.</summary>
public sealed record WriteResult(SourceRecord? Record);

/// <summary>A field in the system's own names a write needs beyond the unified model.</summary>
public sealed record SystemFieldSpec(string Name, string Description, bool Required);

/// <summary>What one kind of write of one entity needs in a system. <see cref="RetrySafeHandle"/> names the system's
/// own handle that makes creates (and relative adjustments) retry-safe to the source record, or null when it has none.</summary>
public sealed record WriteRequirements(
    IReadOnlyList<string> RequiredFields,
    IReadOnlyList<string> WritableFields,
    IReadOnlyList<SystemFieldSpec> SystemFields,
    string? RetrySafeHandle);

/// <summary>
/// Writes one system's entities through its real write protocol (SAP CSRF + deep insert + If-Match, NetSuite POST 204
/// + Location, Business Central If-Match, Maximo method override + transactionid, UpKeep PATCH), then reads the
/// written record back. Implementations are singletons, safe for concurrent use.
/// Failures: <see cref="SourceCredentialsRejectedException"/> (401/403), <see cref="SourceValidationException"/>
/// (the source refused the content or a state rule), <see cref="SourceConflictException"/> (stale etag),
/// <see cref="SourceNotFoundException"/> (no such record), <see cref="SourceUnavailableException"/> (unreachable,
/// 5xx/429 after retries, timeouts: <c>HttpStatus</c> null means the request may have reached the source).
/// </summary>
public interface IEntityWriter
{
    string SystemId { get; }

    WriteRequirements RequirementsOf(EntityKind entity, WriteKind kind);

    Task<WriteResult> WriteAsync(SourceTarget target, WriteRequest request, CancellationToken ct);

    /// <summary>After a create or relative adjustment whose outcome was lost: the record it made, found through the
    /// system's handle and <see cref="WriteRequest.IdempotencyKey"/>; null when the source never got it.</summary>
    /// <exception cref="NotSupportedException">The system has no handle for this entity and kind.</exception>
    Task<SourceRecord?> FindWrittenAsync(SourceTarget target, WriteRequest request, CancellationToken ct);
}

/// <summary>The source refused the write's content or a business rule; <see cref="UnifiedField"/> is the unified path
/// of the offending field when the mapping knows it.</summary>
public sealed class SourceValidationException(
    string systemId, int httpStatus, string sourceCode, string sourceMessage, string? sourceField, string? unifiedField, bool stateRule)
    : Exception($"{systemId} refused the write ({sourceCode}): {sourceMessage}")
{
    public string SystemId { get; } = systemId;
    public int HttpStatus { get; } = httpStatus;
    public string SourceCode { get; } = sourceCode;
    public string SourceMessage { get; } = sourceMessage;
    public string? SourceField { get; } = sourceField;
    public string? UnifiedField { get; } = unifiedField;

    /// <summary>A state rule (e.g. a status transition not allowed now) rather than bad content.</summary>
    public bool StateRule { get; } = stateRule;
}

/// <summary>The record changed at the source since the given etag (HTTP 412, Business Central Request_EntityChanged).</summary>
public sealed class SourceConflictException(string systemId, string sourceMessage)
    : Exception($"{systemId}: the record was changed since it was read: {sourceMessage}")
{
    public string SystemId { get; } = systemId;
    public string SourceMessage { get; } = sourceMessage;
}

/// <summary>The record to update, delete or adjust does not exist at the source.</summary>
public sealed class SourceNotFoundException(string systemId, string remoteId)
    : Exception($"{systemId} has no record '{remoteId}'.")
{
    public string SystemId { get; } = systemId;
    public string RemoteId { get; } = remoteId;
}

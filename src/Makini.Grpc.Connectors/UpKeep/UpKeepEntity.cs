using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>How one unified entity is read from UpKeep: its API v2 collection and its mapping.</summary>
internal sealed record UpKeepEntity(EntityKind Kind, string Collection, IReadOnlyList<FieldMappingEntry> Fields, Func<JsonObject, IMessage> Map)
{
    public string Path => $"api/v2/{Collection}";

    public EntityMapping Mapping => new($"/api/v2/{Collection}", Fields);

    /// <summary>Mapping rows every UpKeep entity shares.</summary>
    public static FieldMappingEntry[] Common =>
    [
        new("remote_id", "id", "10-character object id"),
        new("remote_created_time", "createdAt", "ISO 8601 UTC"),
        new("remote_modified_time", "updatedAt", "ISO 8601 UTC; the incremental filter is updatedAtGreaterThan (UNVERIFIED name)"),
        new("custom_fields", "customData", "The entries of the customData object, by key (UNVERIFIED field name)"),
        new("etag", "updatedAt", "UpKeep has no concurrency token; writes compare the last change time instead"),
    ];
}

internal static class UpKeepStatuses
{
    public static Makini.Grpc.V1.WorkOrderStatus WorkOrder(string status) => status switch
    {
        "open" => Makini.Grpc.V1.WorkOrderStatus.Open,
        "onHold" => Makini.Grpc.V1.WorkOrderStatus.OnHold,
        "inProgress" => Makini.Grpc.V1.WorkOrderStatus.InProgress,
        "complete" => Makini.Grpc.V1.WorkOrderStatus.Completed,
        _ => Makini.Grpc.V1.WorkOrderStatus.Unspecified,
    };

    /// <summary>0 is "none" in UpKeep, 1 low, 2 medium, 3 high.</summary>
    public static Makini.Grpc.V1.WorkOrderPriority Priority(string priority) => priority switch
    {
        "1" => Makini.Grpc.V1.WorkOrderPriority.Low,
        "2" => Makini.Grpc.V1.WorkOrderPriority.Medium,
        "3" => Makini.Grpc.V1.WorkOrderPriority.High,
        _ => Makini.Grpc.V1.WorkOrderPriority.Unspecified,
    };

    /// <summary>UNVERIFIED values: the emulator's awaiting, approved, declined, partiallyFulfilled, fulfilled, cancelled,
    /// and draft/pending/received as other sources name them.</summary>
    public static Makini.Grpc.V1.PurchaseOrderStatus PurchaseOrder(string status) => status switch
    {
        "draft" => Makini.Grpc.V1.PurchaseOrderStatus.Draft,
        "awaiting" or "pending" => Makini.Grpc.V1.PurchaseOrderStatus.PendingApproval,
        "approved" => Makini.Grpc.V1.PurchaseOrderStatus.Open,
        "partiallyFulfilled" => Makini.Grpc.V1.PurchaseOrderStatus.PartiallyReceived,
        "fulfilled" or "received" => Makini.Grpc.V1.PurchaseOrderStatus.Received,
        "declined" or "cancelled" => Makini.Grpc.V1.PurchaseOrderStatus.Cancelled,
        _ => Makini.Grpc.V1.PurchaseOrderStatus.Unspecified,
    };

    /// <summary>UNVERIFIED values: active and inactive, plus the operational wording some accounts show.</summary>
    public static Makini.Grpc.V1.AssetStatus Asset(string status) => status switch
    {
        "active" or "operational" => Makini.Grpc.V1.AssetStatus.Operating,
        "inactive" or "nonOperational" => Makini.Grpc.V1.AssetStatus.NotOperating,
        "decommissioned" => Makini.Grpc.V1.AssetStatus.Decommissioned,
        _ => Makini.Grpc.V1.AssetStatus.Unspecified,
    };
}

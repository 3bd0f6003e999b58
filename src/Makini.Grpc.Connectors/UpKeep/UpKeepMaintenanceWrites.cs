using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.UpKeep.UpKeepWriteValues;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>
/// WorkOrder → /work-orders. Status: remote_status verbatim, else OPEN→open, ON_HOLD→onHold, IN_PROGRESS→inProgress,
/// COMPLETED→complete (UpKeep has no closed or cancelled work order: refused). A completed order can be reopened (UpKeep
/// clears its completion). Priority: remote_priority verbatim, else LOW→1, MEDIUM→2, HIGH and URGENT→3. type → category,
/// assignee → assignedToUser (a user id), number → workOrderNo on a create (UpKeep numbers it otherwise).
/// </summary>
internal sealed class UpKeepWorkOrderWrites : UpKeepWriteShape
{
    public static readonly UpKeepWorkOrderWrites Instance = new();

    private static readonly string[] Writable =
        ["title", "description", "status", "remote_status", "priority", "remote_priority", "type", "asset", "location", "assignee", "due_time", "custom_fields"];

    public override UpKeepEntity Entity => UpKeepMaintenanceMappings.WorkOrders;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["title"] = "title", ["description"] = "description", ["status"] = "status", ["priority"] = "priority", ["category"] = "type",
        ["dueDate"] = "due_time", ["asset"] = "asset.remote_id", ["location"] = "location", ["assignedToUser"] = "assignee",
        ["workOrderNo"] = "number", ["completedDate"] = "actual_finish_time", ["customData"] = "custom_fields",
        ["createdAt"] = "remote_created_time", ["updatedAt"] = "remote_modified_time",
    };

    public override WriteRequirements? RequirementsOf(WriteKind kind) => kind switch
    {
        WriteKind.Create => new(["title"], Writable, [], null),
        WriteKind.Update or WriteKind.Delete => new([], kind == WriteKind.Update ? Writable : [], [], null),
        _ => null,
    };

    public override JsonObject CreateBody(WriteRequest request)
    {
        var body = Body((WorkOrder)request.Record!, null, null);
        if (((WorkOrder)request.Record!).Number is { Length: > 0 } number) body["workOrderNo"] = number;
        Overlay(body, request.RemoteFields);
        return body;
    }

    public override JsonObject UpdateBody(WriteRequest request, JsonObject current)
    {
        var body = Body((WorkOrder)request.Record!, request.Mask, current);
        Overlay(body, request.RemoteFields);
        return body;
    }

    private static JsonObject Body(WorkOrder wo, IReadOnlyList<string>? mask, JsonObject? current)
    {
        var body = new JsonObject();
        void Put(string field, string name, JsonNode? value, bool empty)
        {
            if (mask is null ? !empty : Masked(mask, field)) body[name] = empty ? null : value;
        }
        Put("title", "title", wo.Title, wo.Title.Length == 0);
        Put("description", "description", wo.Description, wo.Description.Length == 0);
        Put("type", "category", wo.Type, wo.Type.Length == 0);
        Put("asset", "asset", wo.Asset?.RemoteId, wo.Asset is not { RemoteId.Length: > 0 });
        Put("location", "location", wo.Location, wo.Location.Length == 0);
        Put("assignee", "assignedToUser", wo.Assignee, wo.Assignee.Length == 0);
        Put("due_time", "dueDate", Time(wo.DueTime), wo.DueTime is null);
        var remoteStatus = mask is null || Masked(mask, "remote_status") ? wo.RemoteStatus : "";
        if (remoteStatus.Length > 0) body["status"] = remoteStatus;
        else if (mask is null ? wo.Status != WorkOrderStatus.Unspecified : mask.Contains("status") || (Masked(mask, "status") && wo.Status != WorkOrderStatus.Unspecified))
            body["status"] = Status(wo.Status);
        var remotePriority = mask is null || Masked(mask, "remote_priority") ? wo.RemotePriority : "";
        if (remotePriority.Length > 0) body["priority"] = Number(remotePriority);
        else if (mask is null ? wo.Priority != WorkOrderPriority.Unspecified : Masked(mask, "priority")) body["priority"] = Priority(wo.Priority);
        if (CustomData(wo.CustomFields, mask, current) is { } custom) body["customData"] = custom;
        return body;
    }

    private static string Status(WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.Open => "open",
        WorkOrderStatus.OnHold => "onHold",
        WorkOrderStatus.InProgress => "inProgress",
        WorkOrderStatus.Completed => "complete",
        WorkOrderStatus.Unspecified => throw Unsupported("STATUS_REQUIRED", "Name the status to change to (status or remote_status).", "status"),
        _ => throw Unsupported("UNSUPPORTED_STATUS", $"UpKeep work orders have no {status} status (open, onHold, inProgress, complete).", "status"),
    };

    private static int Priority(WorkOrderPriority priority) => priority switch
    {
        WorkOrderPriority.Low => 1,
        WorkOrderPriority.Medium => 2,
        WorkOrderPriority.High or WorkOrderPriority.Urgent => 3,
        _ => 0,
    };
}

/// <summary>
/// Asset → /assets. asset_number → barcode, serial_number → serial, manufacturer → make, parent → parentAsset; status:
/// remote_status verbatim, else OPERATING→active, NOT_OPERATING→inactive (UpKeep has no decommissioned asset: refused).
/// </summary>
internal sealed class UpKeepAssetWrites : UpKeepWriteShape
{
    public static readonly UpKeepAssetWrites Instance = new();

    private static readonly string[] Writable =
    [
        "asset_number", "name", "description", "status", "remote_status", "location", "parent", "serial_number", "manufacturer", "model", "category",
        "custom_fields",
    ];

    public override UpKeepEntity Entity => UpKeepMaintenanceMappings.Assets;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["barcode"] = "asset_number", ["name"] = "name", ["description"] = "description", ["status"] = "status", ["location"] = "location",
        ["parentAsset"] = "parent.remote_id", ["serial"] = "serial_number", ["make"] = "manufacturer", ["model"] = "model",
        ["category"] = "category", ["customData"] = "custom_fields", ["updatedAt"] = "remote_modified_time",
    };

    public override WriteRequirements? RequirementsOf(WriteKind kind) => kind switch
    {
        WriteKind.Create => new(["name"], Writable, [], null),
        WriteKind.Update => new([], Writable, [], null),
        WriteKind.Delete => new([], [], [], null),
        _ => null,
    };

    public override JsonObject CreateBody(WriteRequest request)
    {
        var body = Body((Asset)request.Record!, null, null);
        Overlay(body, request.RemoteFields);
        return body;
    }

    public override JsonObject UpdateBody(WriteRequest request, JsonObject current)
    {
        var body = Body((Asset)request.Record!, request.Mask, current);
        Overlay(body, request.RemoteFields);
        return body;
    }

    private static JsonObject Body(Asset asset, IReadOnlyList<string>? mask, JsonObject? current)
    {
        var body = new JsonObject();
        void Put(string field, string name, string value)
        {
            if (mask is null ? value.Length > 0 : Masked(mask, field)) body[name] = value.Length == 0 ? null : value;
        }
        Put("asset_number", "barcode", asset.AssetNumber);
        Put("name", "name", asset.Name);
        Put("description", "description", asset.Description);
        Put("location", "location", asset.Location);
        Put("parent", "parentAsset", asset.Parent?.RemoteId ?? "");
        Put("serial_number", "serial", asset.SerialNumber);
        Put("manufacturer", "make", asset.Manufacturer);
        Put("model", "model", asset.Model);
        Put("category", "category", asset.Category);
        var remoteStatus = mask is null || Masked(mask, "remote_status") ? asset.RemoteStatus : "";
        if (remoteStatus.Length > 0) body["status"] = remoteStatus;
        else if (mask is null ? asset.Status != AssetStatus.Unspecified : Masked(mask, "status") && asset.Status != AssetStatus.Unspecified)
            body["status"] = asset.Status switch
            {
                AssetStatus.Operating => "active",
                AssetStatus.NotOperating => "inactive",
                _ => throw Unsupported("UNSUPPORTED_STATUS", "UpKeep assets are active or inactive; there is no decommissioned status.", "status"),
            };
        if (CustomData(asset.CustomFields, mask, current) is { } custom) body["customData"] = custom;
        return body;
    }
}

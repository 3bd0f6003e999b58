using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Reading.Normalize;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>/work-orders → WorkOrder and /assets → Asset.</summary>
internal static class UpKeepMaintenanceMappings
{
    public static readonly UpKeepEntity WorkOrders = new(EntityKind.WorkOrder, "work-orders",
    [
        .. UpKeepEntity.Common,
        new("number", "workOrderNo"),
        new("title", "title"),
        new("description", "description"),
        new("status", "status", "open→OPEN, onHold→ON_HOLD, inProgress→IN_PROGRESS, complete→COMPLETED"),
        new("remote_status", "status"),
        new("priority", "priority", "0 (none)→UNSPECIFIED, 1→LOW, 2→MEDIUM, 3→HIGH"),
        new("remote_priority", "priority", "As text, e.g. \"3\""),
        new("type", "category"),
        new("asset.remote_id", "asset", "An asset id (or the id of the expanded asset)"),
        new("location", "location", "The location id (its name when expanded with includes=location)"),
        new("assignee", "assignedToUser", "A user id"),
        new("due_time", "dueDate"),
        new("actual_finish_time", "completedDate"),
    ], MapWorkOrder);

    public static readonly UpKeepEntity Assets = new(EntityKind.Asset, "assets",
    [
        .. UpKeepEntity.Common,
        new("asset_number", "barcode", "UpKeep assets have no number besides their barcode"),
        new("name", "name"),
        new("description", "description"),
        new("status", "status", "active→OPERATING, inactive→NOT_OPERATING (UNVERIFIED values)"),
        new("remote_status", "status"),
        new("location", "location", "The location id"),
        new("parent.remote_id", "parentAsset"),
        new("serial_number", "serial"),
        new("manufacturer", "make"),
        new("model", "model"),
        new("category", "category"),
    ], MapAsset);

    private static IMessage MapWorkOrder(JsonObject r)
    {
        var priority = Text(r["priority"]);
        return new WorkOrder
        {
            RemoteId = Text(r["id"]),
            RemoteCreatedTime = UpKeepFields.Time(r["createdAt"]),
            RemoteModifiedTime = UpKeepFields.Time(r["updatedAt"]),
            Number = Text(r["workOrderNo"]),
            Title = Text(r["title"]),
            Description = Text(r["description"]),
            Status = UpKeepStatuses.WorkOrder(Text(r["status"])),
            RemoteStatus = Text(r["status"]),
            Priority = UpKeepStatuses.Priority(priority),
            RemotePriority = priority,
            Type = Text(r["category"]),
            Asset = UpKeepFields.Ref(r["asset"]),
            Location = r["location"] is JsonObject place ? Text(place["name"]) : Text(r["location"]),
            Assignee = UpKeepFields.IdOf(r["assignedToUser"]),
            DueTime = UpKeepFields.Time(r["dueDate"]),
            ActualFinishTime = UpKeepFields.Time(r["completedDate"]),
            CustomFields = UpKeepFields.CustomFields(r),
            Etag = Text(r["updatedAt"]),
        };
    }

    private static IMessage MapAsset(JsonObject r) => new Asset
    {
        RemoteId = Text(r["id"]),
        RemoteCreatedTime = UpKeepFields.Time(r["createdAt"]),
        RemoteModifiedTime = UpKeepFields.Time(r["updatedAt"]),
        AssetNumber = Text(r["barcode"]),
        Name = Text(r["name"]),
        Description = Text(r["description"]),
        Status = UpKeepStatuses.Asset(Text(r["status"])),
        RemoteStatus = Text(r["status"]),
        Location = UpKeepFields.IdOf(r["location"]),
        Parent = UpKeepFields.Ref(r["parentAsset"]),
        SerialNumber = Text(r["serial"]),
        Manufacturer = Text(r["make"]),
        Model = Text(r["model"]),
        Category = Text(r["category"]),
        CustomFields = UpKeepFields.CustomFields(r),
        Etag = Text(r["updatedAt"]),
    };
}

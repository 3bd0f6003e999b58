using System.Globalization;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.UpKeep.UpKeepFieldValues;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>
/// /work-orders: title is required; status open, onHold, inProgress or complete (default open) — any change between them
/// is allowed, a completed order can be reopened (its completedDate and completedByUser are cleared; completing sets
/// them); priority 0–3 (default 0); asset, location and assignedToUser must exist; workOrderNo is the next number unless
/// given, and cannot change later.
/// </summary>
internal sealed class UpKeepWorkOrderRules() : UpKeepCollectionRules("work_order", "work order")
{
    public static readonly UpKeepWorkOrderRules Instance = new();

    protected override string[] Writable =>
        ["title", "description", "status", "priority", "category", "dueDate", "asset", "location", "assignedToUser", "additionalUsers", "customData"];

    protected override string[] CreateOnly => ["workOrderNo"];

    protected override string[] Computed => ["completedDate", "completedByUser"];

    protected override void Complete(UpKeepInstance instance, JsonObject record, DateTimeOffset now)
    {
        RequireText(record, "title");
        record["status"] ??= "open";
        record["priority"] ??= 0;
        if (Text(record, "workOrderNo").Length == 0) record["workOrderNo"] = NextNumber(instance, "workOrderNo").ToString(CultureInfo.InvariantCulture);
    }

    protected override void Check(UpKeepInstance instance, JsonObject record, JsonObject written, JsonObject? before, DateTimeOffset now)
    {
        if (written.ContainsKey("title")) RequireText(record, "title");
        OneOf(record, "status", "open", "onHold", "inProgress", "complete");
        if (written.ContainsKey("priority") && Number(record, "priority") is not (0 or 1 or 2 or 3))
            throw UpKeepWriteException.Invalid("priority must be 0, 1, 2 or 3");
        Instant(record, "dueDate");
        Reference(instance, record, "asset", "asset");
        Location(record);
        User(record, "assignedToUser");
        var status = Text(record, "status");
        var was = before is null ? "" : Text(before, "status");
        if (status == "complete" && was != "complete")
        {
            record["completedDate"] = UpKeepDemoRandom.Iso(now);
            record["completedByUser"] = UpKeepInstance.UserId;
        }
        else if (status != "complete")
        {
            record.Remove("completedDate");
            record.Remove("completedByUser");
        }
    }
}

/// <summary>/assets: name is required; status active or inactive (default active); location must exist; parentAsset
/// must be another existing asset.</summary>
internal sealed class UpKeepAssetRules() : UpKeepCollectionRules("asset", "asset")
{
    public static readonly UpKeepAssetRules Instance = new();

    protected override string[] Writable =>
        ["name", "description", "serial", "model", "make", "barcode", "location", "category", "status", "parentAsset", "customData"];

    protected override void Complete(UpKeepInstance instance, JsonObject record, DateTimeOffset now)
    {
        RequireText(record, "name");
        record["status"] ??= "active";
    }

    protected override void Check(UpKeepInstance instance, JsonObject record, JsonObject written, JsonObject? before, DateTimeOffset now)
    {
        if (written.ContainsKey("name")) RequireText(record, "name");
        OneOf(record, "status", "active", "inactive");
        Location(record);
        if (Text(record, "parentAsset") is { Length: > 0 } parent && parent == Text(record, "id"))
            throw UpKeepWriteException.Invalid("parentAsset cannot be the asset itself");
        Reference(instance, record, "parentAsset", "asset");
    }
}

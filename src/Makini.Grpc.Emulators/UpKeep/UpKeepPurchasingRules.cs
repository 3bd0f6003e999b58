using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.UpKeep.UpKeepFieldValues;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>/parts: name is required; quantity (default 0) and unitCost cannot be negative; location must exist. A
/// quantity update is how stock is adjusted.</summary>
internal sealed class UpKeepPartRules() : UpKeepCollectionRules("inventory_item", "part")
{
    public static readonly UpKeepPartRules Instance = new();

    protected override string[] Writable =>
        ["name", "partNumber", "description", "quantity", "minimumQuantity", "unitCost", "area", "location", "customData"];

    protected override void Complete(UpKeepInstance instance, JsonObject record, DateTimeOffset now)
    {
        RequireText(record, "name");
        record["quantity"] ??= 0;
    }

    protected override void Check(UpKeepInstance instance, JsonObject record, JsonObject written, JsonObject? before, DateTimeOffset now)
    {
        if (written.ContainsKey("name")) RequireText(record, "name");
        foreach (var field in new[] { "quantity", "minimumQuantity", "unitCost" })
        {
            if (Number(record, field) is not { } value) continue;
            if (value < 0) throw UpKeepWriteException.Invalid($"{field} cannot be negative");
            record[field] = value;
        }
        Location(record);
    }
}

/// <summary>/vendors: businessName is required. Vendors cannot be deleted through the API (none of UpKeep's documents
/// shows a vendor DELETE).</summary>
internal sealed class UpKeepVendorRules() : UpKeepCollectionRules("vendor", "vendor")
{
    public static readonly UpKeepVendorRules Instance = new();

    protected override string[] Writable => ["businessName", "email", "phoneNumber", "address", "vendorType", "customData"];

    protected override void Complete(UpKeepInstance instance, JsonObject record, DateTimeOffset now) => RequireText(record, "businessName");

    protected override void Check(UpKeepInstance instance, JsonObject record, JsonObject written, JsonObject? before, DateTimeOffset now)
    {
        if (written.ContainsKey("businessName")) RequireText(record, "businessName");
    }

    public override void CheckDelete(JsonObject record) => throw new UpKeepWriteException(404, "resource not found");
}

/// <summary>
/// /purchase-orders (UNVERIFIED field names, as the reads): title is required; status awaiting (the default), approved,
/// declined, partiallyFulfilled, fulfilled or cancelled; vendor must exist; partsOrdered lines <c>{part, quantity,
/// unitCost}</c> (also accepted as <c>parts: [{id, quantity}]</c>, the shape integrations send) name existing parts,
/// a positive quantity and a unit cost (default: the part's); totalCost is computed; poNumber is the next PO-n unless
/// given. A PO that is declined, cancelled or (partially) fulfilled can no longer be changed, and a (partially)
/// fulfilled one cannot be deleted.
/// </summary>
internal sealed class UpKeepPurchaseOrderRules() : UpKeepCollectionRules("purchase_order", "purchase order")
{
    public static readonly UpKeepPurchaseOrderRules Instance = new();

    private static readonly string[] Locked = ["declined", "cancelled", "partiallyFulfilled", "fulfilled"];

    protected override string[] Writable => ["title", "description", "status", "vendor", "dueDate", "partsOrdered", "parts", "customData"];

    protected override string[] CreateOnly => ["poNumber"];

    protected override string[] Computed => ["totalCost"];

    protected override void Complete(UpKeepInstance instance, JsonObject record, DateTimeOffset now)
    {
        RequireText(record, "title");
        record["status"] ??= "awaiting";
        if (Text(record, "poNumber").Length == 0) record["poNumber"] = $"PO-{NextNumber(instance, "poNumber")}";
        record["partsOrdered"] ??= new JsonArray();
    }

    protected override void CheckUpdate(JsonObject record)
    {
        var status = Text(record, "status");
        if (Locked.Contains(status)) throw UpKeepWriteException.Locked(status, "purchase order", "changed");
    }

    public override void CheckDelete(JsonObject record)
    {
        var status = Text(record, "status");
        if (status is "partiallyFulfilled" or "fulfilled") throw UpKeepWriteException.Locked(status, "purchase order", "deleted");
    }

    protected override void Check(UpKeepInstance instance, JsonObject record, JsonObject written, JsonObject? before, DateTimeOffset now)
    {
        if (written.ContainsKey("title")) RequireText(record, "title");
        OneOf(record, "status", "awaiting", "approved", "declined", "partiallyFulfilled", "fulfilled", "cancelled");
        Reference(instance, record, "vendor", "vendor");
        Instant(record, "dueDate");
        if (record["parts"] is JsonArray integrationLines)
        {
            record["partsOrdered"] = new JsonArray(integrationLines.OfType<JsonObject>()
                .Select(l => (JsonNode)new JsonObject { ["part"] = l["id"]?.DeepClone(), ["quantity"] = l["quantity"]?.DeepClone(), ["unitCost"] = l["unitCost"]?.DeepClone() })
                .ToArray());
            record.Remove("parts");
        }
        if (record["partsOrdered"] is not JsonArray lines) throw UpKeepWriteException.Invalid("partsOrdered must be a list");
        var total = 0m;
        foreach (var line in lines)
        {
            if (line is not JsonObject row) throw UpKeepWriteException.Invalid("partsOrdered must hold objects");
            var partId = Text(row, "part");
            if (partId.Length == 0) throw UpKeepWriteException.Invalid("partsOrdered part is required");
            var part = instance.Records["inventory_item"].Get(partId) ?? throw UpKeepWriteException.Invalid($"partsOrdered part {partId} not found");
            if (Number(row, "quantity") is not { } quantity || quantity <= 0) throw UpKeepWriteException.Invalid("partsOrdered quantity must be greater than 0");
            var unitCost = Number(row, "unitCost") ?? Number(part, "unitCost") ?? 0m;
            if (unitCost < 0) throw UpKeepWriteException.Invalid("partsOrdered unitCost cannot be negative");
            row["quantity"] = quantity;
            row["unitCost"] = unitCost;
            total += quantity * unitCost;
        }
        record["totalCost"] = total;
    }
}

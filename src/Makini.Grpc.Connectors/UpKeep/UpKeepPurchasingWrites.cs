using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.UpKeep.UpKeepWriteValues;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>
/// PurchaseOrder → /purchase-orders (UNVERIFIED field names, as read). vendor → vendor (an id), required_date → dueDate,
/// lines → partsOrdered <c>[{part, quantity, unitCost}]</c> (item_code is the part id). UpKeep lines have no key, so an
/// update of lines replaces them all. UpKeep requires a title, which the unified order lacks: remote_fields.title, else
/// the order's number, else "Purchase order". UpKeep is single-currency (USD assumed): another currency is refused.
/// </summary>
internal sealed class UpKeepPurchaseOrderWrites : UpKeepWriteShape
{
    public static readonly UpKeepPurchaseOrderWrites Instance = new();

    private static readonly string[] Writable = ["vendor", "required_date", "lines", "custom_fields"];

    private static readonly SystemFieldSpec Title = new("title", "The purchase order's title; defaults to its number, else \"Purchase order\"", false);

    public override UpKeepEntity Entity => UpKeepPurchasingMappings.PurchaseOrders;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["poNumber"] = "number", ["vendor"] = "vendor.remote_id", ["status"] = "status", ["dueDate"] = "required_date", ["partsOrdered"] = "lines",
        ["partsOrdered.part"] = "lines.item_code", ["partsOrdered.quantity"] = "lines.quantity", ["partsOrdered.unitCost"] = "lines.unit_price",
        ["totalCost"] = "total_amount", ["title"] = "remote_fields.title", ["customData"] = "custom_fields", ["updatedAt"] = "remote_modified_time",
    };

    public override WriteRequirements? RequirementsOf(WriteKind kind) => kind switch
    {
        WriteKind.Create => new(["vendor.remote_id", "lines", "lines.item_code", "lines.quantity"], Writable, [Title], null),
        WriteKind.Update => new([], Writable, [], null),
        WriteKind.Delete => new([], [], [], null),
        _ => null,
    };

    public override JsonObject CreateBody(WriteRequest request)
    {
        var po = (PurchaseOrder)request.Record!;
        var body = Body(po, null, null);
        body["title"] = po.Number.Length > 0 ? po.Number : "Purchase order";
        if (po.Number.Length > 0) body["poNumber"] = po.Number;
        Overlay(body, request.RemoteFields);
        return body;
    }

    public override JsonObject UpdateBody(WriteRequest request, JsonObject current)
    {
        var body = Body((PurchaseOrder)request.Record!, request.Mask, current);
        Overlay(body, request.RemoteFields);
        return body;
    }

    private static JsonObject Body(PurchaseOrder po, IReadOnlyList<string>? mask, JsonObject? current)
    {
        if (po.CurrencyCode.Length > 0 && po.CurrencyCode != UpKeepFields.AccountCurrency && (mask is null || Masked(mask, "currency_code")))
            throw Unsupported("CURRENCY_NOT_SUPPORTED", $"UpKeep keeps one currency per account ({UpKeepFields.AccountCurrency}).", "currency_code");
        var body = new JsonObject();
        if (mask is null ? po.Vendor is { RemoteId.Length: > 0 } : Masked(mask, "vendor"))
            body["vendor"] = po.Vendor is { RemoteId.Length: > 0 } vendor ? vendor.RemoteId : null;
        if (mask is null ? po.RequiredDate.Length > 0 : Masked(mask, "required_date"))
            body["dueDate"] = po.RequiredDate.Length > 0 ? Day(po.RequiredDate) : null;
        if (mask is null || Masked(mask, "lines"))
        {
            body["partsOrdered"] = new JsonArray(po.Lines.Select(line =>
            {
                var row = new JsonObject { ["part"] = line.ItemCode, ["quantity"] = Number(line.Quantity) };
                if (line.UnitPrice is { Amount.Length: > 0 } price) row["unitCost"] = Number(price.Amount);
                return (JsonNode)row;
            }).ToArray());
        }
        if (CustomData(po.CustomFields, mask, current) is { } custom) body["customData"] = custom;
        return body;
    }
}

/// <summary>
/// Vendor → /vendors: name → businessName, phone → phoneNumber, address → address (its text, else its parts joined
/// as one line). UpKeep vendors have no code, currency, payment terms or inactive state: those are not written.
/// </summary>
internal sealed class UpKeepVendorWrites : UpKeepWriteShape
{
    public static readonly UpKeepVendorWrites Instance = new();

    private static readonly string[] Writable = ["name", "email", "phone", "address", "custom_fields"];

    public override UpKeepEntity Entity => UpKeepPurchasingMappings.Vendors;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["businessName"] = "name", ["email"] = "email", ["phoneNumber"] = "phone", ["address"] = "address", ["customData"] = "custom_fields",
        ["updatedAt"] = "remote_modified_time",
    };

    public override WriteRequirements? RequirementsOf(WriteKind kind) => kind switch
    {
        WriteKind.Create => new(["name"], Writable, [], null),
        WriteKind.Update => new([], Writable, [], null),
        _ => null,
    };

    public override JsonObject CreateBody(WriteRequest request)
    {
        var body = Body((Vendor)request.Record!, null, null);
        Overlay(body, request.RemoteFields);
        return body;
    }

    public override JsonObject UpdateBody(WriteRequest request, JsonObject current)
    {
        var body = Body((Vendor)request.Record!, request.Mask, current);
        Overlay(body, request.RemoteFields);
        return body;
    }

    private static JsonObject Body(Vendor vendor, IReadOnlyList<string>? mask, JsonObject? current)
    {
        var body = new JsonObject();
        void Put(string field, string name, string value)
        {
            if (mask is null ? value.Length > 0 : Masked(mask, field)) body[name] = value.Length == 0 ? null : value;
        }
        Put("name", "businessName", vendor.Name);
        Put("email", "email", vendor.Email);
        Put("phone", "phoneNumber", vendor.Phone);
        Put("address", "address", AddressText(vendor.Address));
        if (CustomData(vendor.CustomFields, mask, current) is { } custom) body["customData"] = custom;
        return body;
    }

    private static string AddressText(Address? address)
    {
        if (address is null) return "";
        if (address.Text.Length > 0) return address.Text;
        var regionLine = string.Join(' ', new[] { address.Region, address.PostalCode }.Where(p => p.Length > 0));
        return string.Join(", ", new[] { address.Line1, address.Line2, address.City, regionLine, address.CountryCode }.Where(p => p.Length > 0));
    }
}

/// <summary>
/// InventoryItem (a part) → /parts, adjustments only: UpKeep keeps one quantity per part, so the adjustment reads the part
/// and PATCHes the absolute new quantity (current + delta, or the new quantity). Sending an absolute value makes a resend
/// of the same PATCH harmless; a delta applied by a lost attempt cannot be recognized afterwards (no handle), so the
/// server reports such an outcome as unknown instead of adjusting twice.
/// </summary>
internal sealed class UpKeepPartWrites : UpKeepWriteShape
{
    public static readonly UpKeepPartWrites Instance = new();

    public override UpKeepEntity Entity => UpKeepPurchasingMappings.Parts;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["location"] = "location", ["updatedAt"] = "remote_modified_time",
    };

    public override WriteRequirements? RequirementsOf(WriteKind kind) => kind == WriteKind.Adjust ? new([], [], [], null) : null;

    public override JsonObject CreateBody(WriteRequest request) => throw new Reading.EntityNotSupportedException(Catalog.SystemCatalog.UpKeep, Entity.Kind);

    public override JsonObject UpdateBody(WriteRequest request, JsonObject current) =>
        throw new Reading.EntityNotSupportedException(Catalog.SystemCatalog.UpKeep, Entity.Kind);
}

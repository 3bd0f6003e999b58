using System.Text.RegularExpressions;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// Turns a refused NetSuite write into <see cref="SourceValidationException"/>, naming the unified field behind
/// <c>o:errorPath</c> (e.g. <c>item.items[1].quantity</c> → <c>lines[1].quantity</c>, <c>entity</c> →
/// <c>vendor.remote_id</c>, <c>subsidiary</c> → <c>remote_fields.subsidiary</c>). A refusal without a path that is
/// not INVALID_CONTENT (USER_ERROR: dependent records, stock below zero, a received line) is a state rule.
/// </summary>
internal static partial class NetSuiteWriteErrors
{
    private static readonly Dictionary<string, string> OrderFields = new(StringComparer.Ordinal)
    {
        ["entity"] = "vendor.remote_id",
        ["currency"] = "currency_code",
        ["tranDate"] = "order_date",
        ["dueDate"] = "required_date",
        ["terms"] = "payment_terms",
        ["tranId"] = "number",
        ["item"] = "lines",
    };

    private static readonly Dictionary<string, string> LineFields = new(StringComparer.Ordinal)
    {
        ["item"] = "item_code",
        ["quantity"] = "quantity",
        ["rate"] = "unit_price",
        ["amount"] = "amount",
        ["description"] = "description",
        ["expectedReceiptDate"] = "delivery_date",
        ["line"] = "line_number",
    };

    private static readonly Dictionary<string, string> VendorFields = new(StringComparer.Ordinal)
    {
        ["entityId"] = "code",
        ["companyName"] = "name",
        ["firstName"] = "name",
        ["lastName"] = "name",
        ["email"] = "email",
        ["phone"] = "phone",
        ["currency"] = "currency_code",
        ["terms"] = "payment_terms",
        ["isInactive"] = "active",
    };

    public static SourceValidationException Refused(WriteRequest request, NetSuiteError error, int status)
    {
        var unified = error.Path is null ? null
            : UnifiedPath(request.Entity, error.Path, request.Adjustment?.NewQuantity is not null) ?? RemoteField(request, error.Path);
        var stateRule = error.Path is null && error.Code != "INVALID_CONTENT";
        return new SourceValidationException(SystemCatalog.NetSuite, status, error.Code, error.Detail, error.Path, unified, stateRule);
    }

    /// <summary>A field the request's remote_fields set (e.g. a read-only one NetSuite refused): remote_fields.{name}.</summary>
    private static string? RemoteField(WriteRequest request, string path)
    {
        var name = path.Split('.', '[')[0];
        return request.RemoteFields.ContainsKey(name) ? $"remote_fields.{name}" : null;
    }

    /// <summary>The unified path of a NetSuite field path of the entity's write payload; null when there is none.</summary>
    public static string? UnifiedPath(EntityKind entity, string path, bool newQuantity = false)
    {
        if (path == "externalId") return null;
        if (NetSuiteFields.IsCustom(path)) return $"custom_fields.{path}";
        if (path is "subsidiary" or "location" or "account" or "department" or "class")
            return entity == EntityKind.InventoryItem && path == "location" ? "location" : $"remote_fields.{path}";
        switch (entity)
        {
            case EntityKind.PurchaseOrder:
                if (LinePath().Match(path) is { Success: true } line)
                {
                    var field = line.Groups["field"].Value;
                    var index = line.Groups["index"].Value;
                    return field.Length == 0 ? $"lines[{index}]"
                        : LineFields.TryGetValue(field, out var unifiedLine) ? $"lines[{index}].{unifiedLine}" : $"lines[{index}]";
                }
                return OrderFields.GetValueOrDefault(path);
            case EntityKind.Vendor:
                return VendorFields.GetValueOrDefault(path);
            case EntityKind.InventoryItem:
                if (path == "adjLocation" || path.EndsWith(".location", StringComparison.Ordinal)) return "location";
                if (path.EndsWith(".adjustQtyBy", StringComparison.Ordinal)) return newQuantity ? "new_quantity" : "quantity_delta";
                if (path.EndsWith(".item", StringComparison.Ordinal)) return "inventory_item_id";
                return null;
            default:
                return null;
        }
    }

    [GeneratedRegex(@"^item\.items\[(?<index>\d+)\](?:\.(?<field>[A-Za-z0-9_]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex LinePath();
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.V1;
using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Value = Google.Protobuf.WellKnownTypes.Value;

namespace Makini.Grpc.Tests.Shared;

/// <summary>
/// A new purchase order like one a connection already has, built the way an integrator would from the customer's own
/// data: an open order of an active vendor whose items the source still sells, and the system fields the system asks
/// for taken from that order. Shared by the integration tests and the write benchmark (linked into both).
/// </summary>
public static class PurchaseOrderTemplates
{
    /// <param name="orders">synced orders in the RAW view</param>
    /// <param name="vendors">synced vendors</param>
    /// <param name="items">synced inventory items in the RAW view</param>
    /// <param name="systemFields">GetWriteRequirements' system fields for creating a purchase order</param>
    /// <param name="lines">how many of the template's lines the new order takes</param>
    public static (PurchaseOrder Order, Struct RemoteFields) From(IEnumerable<PurchaseOrder> orders, IEnumerable<Vendor> vendors,
        IEnumerable<InventoryItem> items, IEnumerable<SystemField> systemFields, int lines)
    {
        // Old orders may name vendors deactivated since, which the source refuses for new orders; likewise items made
        // inactive or blocked since (NetSuite isInactive, Business Central blocked). Items outside the synced inventory
        // (Business Central service items) say nothing here, so orders of known, buyable items come first.
        var activeVendors = vendors.Where(v => v.Active).Select(v => v.RemoteId).ToHashSet();
        var known = items.Select(i => (Codes: new[] { i.RemoteId, i.ItemCode }, Buyable: i.Raw is not { } raw || !Unbuyable(ToJson(raw)))).ToList();
        var unbuyable = known.Where(i => !i.Buyable).SelectMany(i => i.Codes).ToHashSet();
        var buyable = known.Where(i => i.Buyable).SelectMany(i => i.Codes).ToHashSet();
        var candidates = orders
            .Where(p => p.Lines.Count > 0 && !string.IsNullOrEmpty(p.Vendor?.RemoteId)
                        && (activeVendors.Count == 0 || activeVendors.Contains(p.Vendor.RemoteId))
                        && p.Lines.All(l => l.ItemCode.Length > 0) && p.Lines.Take(lines).All(l => !unbuyable.Contains(l.ItemCode))
                        && p.Status is PurchaseOrderStatus.Open or PurchaseOrderStatus.Draft or PurchaseOrderStatus.PendingApproval)
            .ToList();
        var template = candidates.FirstOrDefault(p => p.Lines.Take(lines).All(l => buyable.Contains(l.ItemCode))) ?? candidates.First();

        var order = new PurchaseOrder
        {
            Vendor = new RecordRef { RemoteId = template.Vendor.RemoteId },
            CurrencyCode = template.CurrencyCode,
            OrderDate = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            RequiredDate = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"),
        };
        foreach (var line in template.Lines.Take(lines))
        {
            order.Lines.Add(new PurchaseOrderLine
            {
                LineNumber = line.LineNumber, ItemCode = line.ItemCode, Description = line.Description, Quantity = "3",
                UnitOfMeasure = line.UnitOfMeasure, UnitPrice = line.UnitPrice,
            });
        }
        var remote = new Struct();
        var raw = ToJson(template.Raw);
        foreach (var field in systemFields.Where(f => f.DefaultValue.Length == 0))
            if (Find(raw, field.Name) is { } value) remote.Fields[field.Name] = JsonParser.Default.Parse<Value>(value.ToJsonString());
        return (order, remote);
    }

    private static JsonNode ToJson(Struct raw) => JsonNode.Parse(JsonFormatter.Default.Format(raw))!;

    private static bool Unbuyable(JsonNode raw) =>
        new[] { "isInactive", "blocked" }.Any(flag => Find(raw, flag) is JsonValue v && v.GetValueKind() == JsonValueKind.True);

    /// <summary>The first property of that name anywhere in a source record (SAP keeps Plant on the items).</summary>
    private static JsonNode? Find(JsonNode node, string name)
    {
        if (node is JsonObject o)
        {
            if (o.TryGetPropertyValue(name, out var v) && v is not null && v.ToJsonString() is not ("\"\"" or "null")) return v;
            foreach (var (_, child) in o) if (child is not null && Find(child, name) is { } found) return found;
        }
        if (node is JsonArray a) foreach (var child in a) if (child is not null && Find(child, name) is { } found) return found;
        return null;
    }
}

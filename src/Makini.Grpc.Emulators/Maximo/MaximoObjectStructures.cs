using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// One object structure the emulator serves: the unified entity its records belong to (null: served, but always empty),
/// its unique numeric id attribute (the table's auto-number, e.g. workorderid) and the attributes of its user key.
/// </summary>
internal sealed record MaximoObjectStructure(string Name, string? Entity, string IdAttribute, IReadOnlyList<string> KeyAttributes)
{
    /// <summary>The record key: the user key's values joined by '/', e.g. "BEDFORD/1000" (siteid/wonum). The member href
    /// encodes the same text. UNVERIFIED: the order of key parts for object structures other than mxapiwodetail.</summary>
    public string? KeyOf(JsonObject record)
    {
        var parts = new string[KeyAttributes.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var text = MaximoValue.TextOf(record[KeyAttributes[i]]);
            if (text.Length == 0) return null;
            parts[i] = text;
        }
        return string.Join('/', parts);
    }
}

internal static class MaximoObjectStructures
{
    public static readonly MaximoObjectStructure PurchaseOrders = new("mxapipo", "purchase_order", "poid", ["siteid", "ponum", "revisionnum"]);
    public static readonly MaximoObjectStructure WorkOrders = new("mxapiwodetail", "work_order", "workorderid", ["siteid", "wonum"]);
    public static readonly MaximoObjectStructure Inventory = new("mxapiinventory", "inventory_item", "inventoryid", ["siteid", "location", "itemnum"]);
    public static readonly MaximoObjectStructure Vendors = new("mxapivendor", "vendor", "companiesid", ["orgid", "company"]);
    public static readonly MaximoObjectStructure Assets = new("mxapiasset", "asset", "assetid", ["siteid", "assetnum"]);

    private static readonly Dictionary<string, MaximoObjectStructure> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        [PurchaseOrders.Name] = PurchaseOrders,
        [WorkOrders.Name] = WorkOrders,
        [Inventory.Name] = Inventory,
        [Vendors.Name] = Vendors,
        [Assets.Name] = Assets,
        // COMPANIES is the standard object structure behind vendors; both read the same records.
        ["mxapicompany"] = Vendors,
        // Served so clients can probe them, but no records are kept for them.
        ["mxapiitem"] = new("mxapiitem", null, "itemid", ["itemnum"]),
        ["mxapilocations"] = new("mxapilocations", null, "locationsid", ["siteid", "location"]),
        ["mxapisite"] = new("mxapisite", null, "siteuid", ["siteid"]),
    };

    public static IEnumerable<MaximoObjectStructure> WithRecords => [PurchaseOrders, WorkOrders, Inventory, Vendors, Assets];

    public static MaximoObjectStructure? Find(string name) => ByName.GetValueOrDefault(name);
}

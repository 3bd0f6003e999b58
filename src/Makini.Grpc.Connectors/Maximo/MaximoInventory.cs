using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Reading.Normalize;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>mxapiinventory → InventoryItem: one per itemnum × storeroom × site (an INVENTORY row).</summary>
internal static class MaximoInventory
{
    public static readonly MaximoEntity Entity = new(
        EntityKind.InventoryItem, "mxapiinventory", "inventoryid", ["siteid", "location", "itemnum"],
        MaximoEntity.KnownWith("inventoryid", "itemnum", "itemsetid", "description", "location", "binnum", "curbaltotal", "avblbalance",
            "issueunit", "avgcost", "stdcost", "lastcost", "status"),
        [
            new("remote_id", "siteid + '/' + location + '/' + itemnum"),
            new("item_code", "itemnum"),
            new("description", "description", "The item's description when the object structure serves it"),
            new("location", "location", "The storeroom, e.g. CENTRAL"),
            new("site", "siteid"),
            new("bin", "binnum, else invbalances[0].binnum", "The default bin, else the first balance row's bin"),
            new("quantity_on_hand", "curbaltotal", "Decimal string"),
            new("quantity_available", "avblbalance", "Decimal string"),
            new("unit_of_measure", "issueunit"),
            new("unit_cost", "avgcost, else stdcost, else lastcost", "In the organization's base currency (whoami baseCurrency): inventory costs carry no currency"),
            new("remote_modified_time", "changedate"),
            new("etag", "_rowstamp"),
            new("custom_fields", "other scalar attributes", "Every scalar attribute not named here and not a system attribute (href, _rowstamp, *_collectionref, *_description …)"),
        ],
        Map);

    private static IMessage Map(JsonObject r, MaximoMapContext context)
    {
        var bin = Text(r["binnum"]);
        if (bin.Length == 0 && r["invbalances"] is JsonArray { Count: > 0 } balances && balances[0] is JsonObject first)
            bin = Text(first["binnum"]);
        var cost = new[] { "avgcost", "stdcost", "lastcost" }.Select(a => r[a]).FirstOrDefault(n => Normalize.Decimal(n).Length > 0);
        return new InventoryItem
        {
            RemoteId = Entity.RemoteIdOf(r),
            RemoteModifiedTime = MaximoFields.Time(r["changedate"]),
            ItemCode = Text(r["itemnum"]),
            Description = Text(r["description"]),
            Location = Text(r["location"]),
            Site = Text(r["siteid"]),
            Bin = bin,
            QuantityOnHand = Normalize.Decimal(r["curbaltotal"]),
            QuantityAvailable = Normalize.Decimal(r["avblbalance"]),
            UnitOfMeasure = Text(r["issueunit"]),
            UnitCost = cost is null ? null : Normalize.Money(context.BaseCurrency, cost),
            CustomFields = MaximoFields.CustomFields(r, Entity.Known),
            Etag = Text(r["_rowstamp"]),
        };
    }
}

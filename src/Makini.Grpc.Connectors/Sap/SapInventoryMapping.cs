using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Sap.SapWire;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// One A_MatlStkInAcctMod row (stock of a material per plant, storage location, batch, special stock and stock
/// type) as a unified inventory item. The API is read-only and has no change time: it is read as a snapshot.
/// </summary>
public static class SapInventoryMapping
{
    public const string Service = "API_MATERIAL_STOCK_SRV";
    public const string EntitySet = "A_MatlStkInAcctMod";

    /// <summary>The stock type of unrestricted-use stock, the only stock that is available.</summary>
    public const string UnrestrictedUse = "01";

    public static readonly IReadOnlyList<string> KeyFields =
    [
        "Material", "Plant", "StorageLocation", "Batch", "Supplier", "Customer", "WBSElementInternalID",
        "SDDocument", "SDDocumentItem", "InventorySpecialStockType", "InventoryStockType",
    ];

    /// <summary>The eleven key values joined by '|', e.g. <c>TG11|1010|101A||||00000000||000000||01</c>.</summary>
    public static string RemoteIdOf(JsonElement row) => string.Join('|', KeyFields.Select(k => Text(row.Field(k))));

    /// <summary>An entity held as a node (a write's answer, a test's fixture).</summary>
    public static SourceRecord Map(JsonObject row) => MapNode(row, Map);

    /// <summary>An entity of a parsed page, and its JSON as it arrived (kept as the raw record).</summary>
    public static SourceRecord Map(JsonElement row, ReadOnlyMemory<byte> raw)
    {
        var remoteId = RemoteIdOf(row);
        var quantity = Normalize.Decimal(row.Field("MatlWrhsStkQtyInMatlBaseUnit"));
        var item = new InventoryItem
        {
            RemoteId = remoteId,
            ItemCode = Text(row.Field("Material")),
            Site = Text(row.Field("Plant")),
            Location = Text(row.Field("StorageLocation")),
            QuantityOnHand = quantity,
            QuantityAvailable = Text(row.Field("InventoryStockType")) == UnrestrictedUse ? quantity : "0",
            UnitOfMeasure = Text(row.Field("MaterialBaseUnit")),
            CustomFields = Normalize.CustomFields(row, IsCustomField),
        };
        return new SourceRecord(remoteId, item, raw, null);
    }

    public static EntityMapping Mapping { get; } = new($"{Service}/{EntitySet}",
    [
        new("remote_id", "A_MatlStkInAcctMod key", "Material|Plant|StorageLocation|Batch|Supplier|Customer|WBSElementInternalID|SDDocument|SDDocumentItem|InventorySpecialStockType|InventoryStockType"),
        new("item_code", "A_MatlStkInAcctMod.Material"),
        new("site", "A_MatlStkInAcctMod.Plant"),
        new("location", "A_MatlStkInAcctMod.StorageLocation"),
        new("quantity_on_hand", "A_MatlStkInAcctMod.MatlWrhsStkQtyInMatlBaseUnit", "Edm.Decimal string, in the base unit"),
        new("quantity_available", "A_MatlStkInAcctMod.MatlWrhsStkQtyInMatlBaseUnit when InventoryStockType = '01'",
            "unrestricted-use stock is available; quality-inspection, blocked and other stock types give 0"),
        new("unit_of_measure", "A_MatlStkInAcctMod.MaterialBaseUnit"),
        new("remote_modified_time", "", "not set: the stock API has no change time (snapshot reads)"),
        new("custom_fields", "A_MatlStkInAcctMod.YY1_*, ZZ1_*"),
    ]);
}

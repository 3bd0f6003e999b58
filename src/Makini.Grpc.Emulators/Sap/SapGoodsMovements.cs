using System.Globalization;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Goods movements through API_MATERIAL_DOCUMENT_SRV: POST A_MaterialDocumentHeader with to_MaterialDocumentItem posts
/// a material document and changes the stock of A_MatlStkInAcctMod (the material, plant, storage location, batch and
/// stock type of each item; a receipt into a combination without stock creates its row). The movement type gives the
/// direction. Rules: a goods movement code, known materials and plants, a storage location of the plant, a positive
/// quantity in the material's base unit, no special stock (not emulated), and no movement that would leave the stock
/// negative (M7/021 "Deficit of …", checked for the whole document before anything posts).
/// </summary>
internal static class SapGoodsMovements
{
    // GoodsMovementCode (GMCODE): 01 GR for PO, 02 GR for order, 03 goods issue, 04 transfer, 05 other receipts,
    // 06 reversal, 07 subsequent adjustment.
    private static readonly string[] MovementCodes = ["01", "02", "03", "04", "05", "06", "07"];

    // The direction of the movement types the emulator posts. UNVERIFIED: S/4HANA posts 701/702 (inventory
    // differences) through physical inventory; the API may require other types (e.g. 501/551 or 561/562).
    private static readonly Dictionary<string, int> Direction = new(StringComparer.Ordinal)
    {
        ["201"] = -1, ["202"] = +1, ["261"] = -1, ["262"] = +1, ["501"] = +1, ["502"] = -1, ["551"] = -1, ["552"] = +1,
        ["561"] = +1, ["562"] = -1, ["701"] = +1, ["702"] = -1,
    };

    private static readonly Dictionary<string, string> StockTypeNames = new(StringComparer.Ordinal)
    {
        ["01"] = "SL Unrestricted-use", ["02"] = "SL Quality inspection", ["07"] = "SL Blocked stock",
    };

    private static readonly string[] ReadOnly = ["MaterialDocument", "MaterialDocumentYear", "CreationDate", "CreationTime", "CreatedByUser"];

    public static readonly SapSetWrites Header = new() { Create = Post };

    private static JsonObject Post(SapWriteContext ctx, JsonObject payload)
    {
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, payload, ReadOnly, "A_MaterialDocumentHeaderType");
        SapPayload.CheckDates(m, payload, ["PostingDate", "DocumentDate"]);
        var code = SapPayload.Text(payload, "GoodsMovementCode");
        if (code.Length == 0) m.MissingEntry("GoodsMovementCode", "a goods movement code");
        else if (!MovementCodes.Contains(code)) m.Error(SapMessages.MovementCode, $"Goods movement code {code} is not defined", "GoodsMovementCode");
        var items = SapPayload.Results(payload["to_MaterialDocumentItem"]);
        if (items.Count == 0) m.Error(SapMessages.NoItems, "Document contains no items", "to_MaterialDocumentItem");
        var movements = new List<Movement>();
        for (var i = 0; i < items.Count; i++)
            if (Check(m, items[i], $"to_MaterialDocumentItem({i + 1})/") is { } movement) movements.Add(movement);
        m.ThrowIfAny();

        lock (ctx.Instance.PostingLock)
        {
            var stock = ctx.Instance.Records[SapEntities.InventoryItem];
            var changes = movements.GroupBy(mv => mv.Key).Select(g => (Key: g.Key, First: g.First(), Delta: g.Sum(mv => mv.Delta))).ToList();
            foreach (var (key, first, delta) in changes)
            {
                var current = Quantity(stock.Get(key));
                if (current + delta < 0)
                    m.Error(SapMessages.StockDeficit,
                        $"Deficit of {StockTypeNames.GetValueOrDefault(first.StockType, "SL stock")} {Format(-(current + delta))} {first.Material.Unit} : {first.Material.Material} {first.Plant} {first.StorageLocation}",
                        "QuantityInEntryUnit", first.Target + "QuantityInEntryUnit");
            }
            m.ThrowIfAny();
            foreach (var (key, first, delta) in changes)
            {
                if (stock.Update(key, row => row["MatlWrhsStkQtyInMatlBaseUnit"] = Format(Quantity(row) + delta), ctx.Now) is null)
                    stock.Upsert(NewStockRow(first, delta), ctx.Now);
            }
            return Document(ctx, payload, items, movements);
        }
    }

    private sealed record Movement(string Key, SapMaterial Material, string Plant, string StorageLocation, string Batch, string StockType, decimal Delta, string Target);

    private static Movement? Check(SapMessages m, JsonObject item, string target)
    {
        var materialCode = SapPayload.Text(item, "Material");
        var material = SapMasterData.Material(materialCode);
        if (materialCode.Length == 0) m.MissingEntry("Material", "a material", target);
        else if (material is null) m.Error(SapMessages.MaterialUnknown, $"The material {materialCode} does not exist or is not activated", "Material", target + "Material");
        var plantCode = SapPayload.Text(item, "Plant");
        var plant = SapMasterData.Plant(plantCode);
        if (plantCode.Length == 0) m.MissingEntry("Plant", "Plant", target);
        else if (plant is null) m.Error(SapMessages.PlantUnknown, $"Plant {plantCode} does not exist", "Plant", target + "Plant");
        var location = SapPayload.Text(item, "StorageLocation");
        if (location.Length == 0) m.MissingEntry("StorageLocation", "Storage Location", target);
        else if (plant is not null && !plant.StorageLocations.Contains(location))
            m.Error(SapMessages.StorageLocationUnknown, $"Storage location {plantCode} {location} does not exist", "StorageLocation", target + "StorageLocation");
        var type = SapPayload.Text(item, "GoodsMovementType");
        if (type.Length == 0) m.MissingEntry("GoodsMovementType", "Movement Type", target);
        else if (!Direction.ContainsKey(type)) m.Error(SapMessages.MovementType, $"Movement type {type} is not allowed here", "GoodsMovementType", target + "GoodsMovementType");
        if (!SapPayload.TryDecimal(item["QuantityInEntryUnit"], out var quantity))
            m.MissingEntry("QuantityInEntryUnit", "a quantity", target);
        else if (quantity <= 0)
            m.Error(SapMessages.QuantityNotPositive, "Quantity must be greater than zero", "QuantityInEntryUnit", target + "QuantityInEntryUnit");
        if (SapPayload.Text(item, "EntryUnit") is { Length: > 0 } unit && material is not null && unit != material.Unit)
            m.Error(SapMessages.UnitUnknown, $"Unit {unit} is not defined for material {materialCode}", "EntryUnit", target + "EntryUnit");
        var stockType = SapPayload.Text(item, "InventoryStockType") is { Length: > 0 } given ? given : "01";
        if (!StockTypeNames.ContainsKey(stockType))
            m.Error(SapMessages.InvalidValue, $"Stock type {stockType} is not defined", "InventoryStockType", target + "InventoryStockType");
        if (SapPayload.Text(item, "InventorySpecialStockType").Length > 0)
            m.Error(SapMessages.SpecialStock, "Special stock is not supported by this movement", "InventorySpecialStockType", target + "InventorySpecialStockType");
        if (m.Any) return null; // the document is refused anyway
        var batch = SapPayload.Text(item, "Batch");
        var key = StockKey(material!.Material, plantCode, location, batch, stockType);
        return new Movement(key, material, plantCode, location, batch, stockType, Direction[type] * quantity, target);
    }

    /// <summary>The stock row's key: the eleven key values joined by '|', without special stock.</summary>
    private static string StockKey(string material, string plant, string location, string batch, string stockType) =>
        string.Join('|', material, plant, location, batch, "", "", "00000000", "", "000000", "", stockType);

    private static JsonObject NewStockRow(Movement movement, decimal quantity) => new()
    {
        ["Material"] = movement.Material.Material,
        ["Plant"] = movement.Plant,
        ["StorageLocation"] = movement.StorageLocation,
        ["Batch"] = movement.Batch,
        ["Supplier"] = "",
        ["Customer"] = "",
        ["WBSElementInternalID"] = "00000000",
        ["SDDocument"] = "",
        ["SDDocumentItem"] = "000000",
        ["InventorySpecialStockType"] = "",
        ["InventoryStockType"] = movement.StockType,
        ["MaterialBaseUnit"] = movement.Material.Unit,
        ["MatlWrhsStkQtyInMatlBaseUnit"] = Format(quantity),
    };

    private static JsonObject Document(SapWriteContext ctx, JsonObject payload, IReadOnlyList<JsonObject> items, List<Movement> movements)
    {
        var posting = SapPayload.Text(payload, "PostingDate") is { Length: > 0 } given && SapDates.TryParseMilliseconds(given, out var ms)
            ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime)
            : ctx.Today;
        var year = posting.Year.ToString(CultureInfo.InvariantCulture);
        var number = ctx.Instance.Numbers.NextMaterialDocument().ToString(CultureInfo.InvariantCulture);
        var header = new JsonObject();
        SapPayload.CopyScalars(payload, header, ctx.Service.FindSet("A_MaterialDocumentHeader")!);
        header["MaterialDocumentYear"] = year;
        header["MaterialDocument"] = number;
        header["PostingDate"] = SapDates.DateTime(posting);
        header["DocumentDate"] = SapPayload.Text(payload, "DocumentDate") is { Length: > 0 } date ? date : SapDates.DateTime(posting);
        header["CreatedByUser"] = ctx.User;
        header["CreationDate"] = SapDates.DateTime(ctx.Today);
        header["CreationTime"] = SapDates.Time(ctx.Now.UtcDateTime.TimeOfDay);
        var rows = new JsonArray();
        for (var i = 0; i < items.Count; i++)
        {
            var row = new JsonObject();
            SapPayload.CopyScalars(items[i], row, ctx.Service.FindSet("A_MaterialDocumentItem")!);
            row["MaterialDocumentYear"] = year;
            row["MaterialDocument"] = number;
            row["MaterialDocumentItem"] = (i + 1).ToString(CultureInfo.InvariantCulture);
            row["InventoryStockType"] = movements[i].StockType;
            row["EntryUnit"] = movements[i].Material.Unit;
            row["MaterialBaseUnit"] = movements[i].Material.Unit;
            row["QuantityInBaseUnit"] = SapPayload.Text(items[i], "QuantityInEntryUnit");
            rows.Add(row);
        }
        header["to_MaterialDocumentItem"] = new JsonObject { ["results"] = rows };
        return header;
    }

    private static decimal Quantity(JsonObject? row) => SapPayload.TryDecimal(row?["MatlWrhsStkQtyInMatlBaseUnit"], out var q) ? q : 0;

    private static string Format(decimal quantity) => quantity.ToString("0.000", CultureInfo.InvariantCulture);
}

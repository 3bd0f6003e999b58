using System.Globalization;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Stock rows of A_MatlStkInAcctMod: one per material, plant, storage location, batch and stock type. Read-only and
/// without a change time, as in S/4HANA.
/// </summary>
internal static class SapStock
{
    // UNVERIFIED beyond "01": the stock type codes (01 unrestricted use, 02 quality inspection, 07 blocked).
    private static readonly string[] StockTypes = ["01", "02", "07"];

    public static IEnumerable<JsonObject> Generate(SapNumberRanges numbers, int count, int seed, DateTimeOffset now)
    {
        var random = SapRecordBuilder.Random(seed, SapEntities.InventoryItem);
        for (var i = 0; i < count; i++)
            yield return One(numbers.NextStockRow(), random);
    }

    /// <summary>Row <paramref name="index"/> walks materials, then plants, then stock types, then batches, so every
    /// index is a distinct key.</summary>
    private static JsonObject One(int index, Random random)
    {
        var materials = SapDemoCatalog.Materials;
        var plants = SapDemoCatalog.Plants;
        var material = materials[index % materials.Length];
        var plant = plants[index / materials.Length % plants.Length];
        var block = index / (materials.Length * plants.Length);
        var stockType = StockTypes[block % StockTypes.Length];
        var batch = block / StockTypes.Length;
        var quantity = stockType == "01" ? random.Next(0, 2000) : random.Next(1, 40);

        return SapRecordBuilder.Build(w =>
        {
            w.WriteString("Material", material.Material);
            w.WriteString("Plant", plant.Plant);
            w.WriteString("StorageLocation", plant.StorageLocations[batch % plant.StorageLocations.Length]);
            w.WriteString("Batch", batch == 0 ? "" : $"B{batch:D6}");
            w.WriteString("Supplier", "");
            w.WriteString("Customer", "");
            w.WriteString("WBSElementInternalID", "00000000");
            w.WriteString("SDDocument", "");
            w.WriteString("SDDocumentItem", "000000");
            w.WriteString("InventorySpecialStockType", "");
            w.WriteString("InventoryStockType", stockType);
            w.WriteString("MaterialBaseUnit", material.Unit);
            w.WriteString("MatlWrhsStkQtyInMatlBaseUnit", quantity.ToString("0.000", CultureInfo.InvariantCulture));
        });
    }
}

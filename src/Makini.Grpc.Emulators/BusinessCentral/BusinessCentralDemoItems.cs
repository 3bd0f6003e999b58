using System.Globalization;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// Items of the demo company: MRO spares, mostly of type "Inventory" with stock (quantities and unit costs with up to
/// five decimals, as Business Central keeps them), a few "Service" and "Non-Inventory" items without stock.
/// </summary>
internal static class BusinessCentralDemoItems
{
    private sealed record Family(string Category, string Unit, decimal Cost, bool Fractional, string[] Kinds, string[] Sizes);

    private static readonly Family[] Families =
    [
        new("BEARINGS", "PCS", 11.4m, false, ["Ball bearing", "Roller bearing", "Pillow block bearing"], ["6204", "6206", "6308", "22210", "UCP205"]),
        new("FILTERS", "PCS", 36.9m, false, ["Hydraulic filter", "Air filter", "Oil filter"], ["10 micron", "25 micron", "HEPA", "Coarse"]),
        new("HOSES", "M", 7.35m, true, ["Hydraulic hose", "Air hose", "Suction hose"], ["1/4in", "1/2in", "3/4in", "1in"]),
        new("BELTS", "PCS", 15.2m, false, ["V-belt", "Timing belt", "Flat belt"], ["A42", "B55", "C75", "XL 200"]),
        new("FASTENERS", "PCS", 0.04125m, false, ["Hex bolt", "Lock nut", "Flat washer"], ["M8", "M10", "M12", "M16"]),
        new("LUBRICANTS", "L", 6.48m, true, ["Hydraulic oil", "Gear oil", "Compressor oil"], ["ISO 32", "ISO 68", "ISO 220"]),
        new("ELECTRICAL", "PCS", 48.75m, false, ["Contactor", "Relay", "Proximity sensor"], ["24V DC", "120V AC", "230V AC"]),
        new("SAFETY", "BOX", 21.3m, false, ["Nitrile gloves", "Ear plugs", "Safety glasses"], ["S", "M", "L"]),
    ];

    public static IEnumerable<JsonObject> Generate(int firstIndex, int count, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var index = firstIndex + i;
            var family = Families[index % Families.Length];
            var kind = family.Kinds[index / Families.Length % family.Kinds.Length];
            var size = family.Sizes[index / (Families.Length * family.Kinds.Length) % family.Sizes.Length];
            var type = random.Next(100) switch
            {
                < 5 => "Service",
                < 10 => "Non-Inventory",
                _ => "Inventory",
            };
            var scale = family.Cost < 1 ? 5 : 2;
            var unitCost = decimal.Round(family.Cost * (0.7m + random.Next(0, 70) / 100m), scale);
            var inventory = type != "Inventory" ? 0m
                : family.Fractional ? decimal.Round(random.Next(0, 400_000) / 1000m, 3)
                : random.Next(0, 500);
            yield return new JsonObject
            {
                ["id"] = BusinessCentralDemoClock.Guid(random),
                ["number"] = (70_000 + index * 10).ToString(CultureInfo.InvariantCulture),
                ["displayName"] = $"{kind} {size}",
                ["displayName2"] = "",
                ["type"] = type,
                ["itemCategoryId"] = BusinessCentralDemoClock.GuidOf("category:" + family.Category),
                ["itemCategoryCode"] = family.Category,
                ["blocked"] = random.Next(40) == 0,
                ["gtin"] = random.Next(3) == 0 ? $"0{random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture)}{random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture)}" : "",
                ["inventory"] = inventory,
                ["unitPrice"] = decimal.Round(unitCost * 1.35m, 2),
                ["priceIncludesTax"] = false,
                ["unitCost"] = unitCost,
                ["taxGroupId"] = BusinessCentralDemoClock.GuidOf("tax:SUPPLIES"),
                ["taxGroupCode"] = "SUPPLIES",
                ["baseUnitOfMeasureId"] = BusinessCentralDemoClock.GuidOf("unit:" + family.Unit),
                ["baseUnitOfMeasureCode"] = family.Unit,
                ["generalProductPostingGroupId"] = BusinessCentralDemoClock.GuidOf("gen:RETAIL"),
                ["generalProductPostingGroupCode"] = "RETAIL",
                ["inventoryPostingGroupId"] = BusinessCentralDemoClock.GuidOf("inv:RESALE"),
                ["inventoryPostingGroupCode"] = "RESALE",
                ["lastModifiedDateTime"] = BusinessCentralDemoClock.Stamp(BusinessCentralDemoClock.RecentChange(random, now)),
            };
        }
    }
}

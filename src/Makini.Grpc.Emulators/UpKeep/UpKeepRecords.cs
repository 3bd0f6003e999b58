using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.UpKeep.UpKeepCatalog;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>
/// Generated UpKeep records in API v2 shape, oldest first (the order lists page through). Field names follow the
/// v2 documentation where it shows them (work orders); purchase-order fields and statuses, asset status values and the
/// customData object are UNVERIFIED choices.
/// </summary>
internal static class UpKeepRecords
{
    public const int VendorSalt = 1, AssetSalt = 2, PartSalt = 3, WorkOrderSalt = 4, PurchaseOrderSalt = 5;

    private static readonly Lazy<string[]> DemoVendorIds = new(() => DemoIds(VendorSalt, DemoVendors));
    private static readonly Lazy<string[]> DemoAssetIds = new(() => DemoIds(AssetSalt, DemoAssets));
    private static readonly Lazy<string[]> DemoPartIds = new(() => DemoIds(PartSalt, DemoParts));

    private static readonly string[] VendorNames = ["Northeast Mechanical", "Granite State Electric", "BlueLine HVAC", "Apex Plumbing", "Summit Fire Protection", "Pioneer Industrial Supply", "Coastal Elevator", "Metro Roofing"];
    private static readonly string[] VendorTypes = ["Parts Supplier", "Contractor", "Service Provider"];
    private static readonly string[] Streets = ["12 Industrial Dr", "480 Commerce Way", "77 Mill St", "1550 Harbor Blvd"];
    private static readonly string[] Cities = ["Denver, CO 80202", "Manchester, NH 03101", "Austin, TX 78701", "Columbus, OH 43215"];

    private static readonly (string Name, string Category, string Make, string Model)[] AssetKinds =
    [
        ("Rooftop Unit", "HVAC", "Carrier", "48TC"), ("Air Compressor", "Compressed Air", "Atlas Copco", "GA22"),
        ("Forklift", "Vehicles", "Toyota", "8FGCU25"), ("Boiler", "Heating", "Cleaver-Brooks", "CBEX-150"),
        ("Conveyor", "Production", "Hytrol", "E24"), ("Walk-in Freezer", "Refrigeration", "Kolpak", "QS7-1010-FT"),
    ];

    private static readonly (string Name, decimal Cost)[] PartKinds =
    [
        ("Air Filter 20x20x2", 8.45m), ("V-Belt B52", 14.10m), ("Bearing 6205-2RS", 9.95m), ("Hydraulic Hose 1/2in x 36in", 42.50m),
        ("Contactor 40A 3P", 87.25m), ("Compressor Oil 1 gal", 36.80m), ("LED Lamp 4ft T8", 6.15m), ("Fuse 30A Class J", 12.75m),
    ];

    private static readonly string[] WorkOrderStatuses = ["open", "open", "onHold", "inProgress", "inProgress", "complete", "complete", "complete"];
    private static readonly string[] Categories = ["Preventive", "Damage", "Electrical", "Inspection", "Safety", "Mechanical"];
    private static readonly string[] PoStatuses = ["awaiting", "approved", "approved", "declined", "partiallyFulfilled", "fulfilled", "fulfilled", "cancelled"];

    public static IEnumerable<JsonObject> Vendors(int count, int seed, DateTimeOffset now) => Oldest(count, seed, VendorSalt, now, (r, i, created) =>
    {
        var name = $"{r.Pick(VendorNames)}{(i < VendorNames.Length ? "" : $" {i / VendorNames.Length + 1}")}";
        return new JsonObject
        {
            ["businessName"] = name,
            ["email"] = $"orders{i}@{name.Split(' ')[0].ToLowerInvariant()}.example.com",
            ["phoneNumber"] = $"+1-{r.Between(201, 989)}-555-{r.Between(100, 199):D4}",
            ["address"] = $"{r.Pick(Streets)}, {r.Pick(Cities)}, USA",
            ["vendorType"] = r.Pick(VendorTypes),
        };
    });

    public static IEnumerable<JsonObject> Assets(int count, int seed, DateTimeOffset now) => Oldest(count, seed, AssetSalt, now, (r, i, created) =>
    {
        var kind = AssetKinds[i % AssetKinds.Length];
        var asset = new JsonObject
        {
            ["name"] = $"{kind.Name} {i / AssetKinds.Length + 1}",
            ["description"] = r.Chance(80) ? $"{kind.Make} {kind.Model} serving {r.Pick(Locations).Name}" : null,
            ["serial"] = $"{kind.Make[..2].ToUpperInvariant()}{r.Between(1000000, 9999999)}",
            ["model"] = kind.Model,
            ["make"] = kind.Make,
            ["barcode"] = $"AST-{r.Between(10000, 99999)}",
            ["location"] = r.Pick(Locations).Id,
            ["category"] = kind.Category,
            ["status"] = r.Chance(88) ? "active" : "inactive",
        };
        if (seed == DemoSeed && i >= 12 && i % 9 == 0) asset["parentAsset"] = DemoAssetIds.Value[i - 12];
        if (r.Chance(30)) asset["customData"] = new JsonObject { ["warrantyExpires"] = $"{r.Between(2025, 2029)}-0{r.Between(1, 9)}-15", ["criticality"] = r.Pick(new[] { "High", "Medium", "Low" }) };
        return asset;
    });

    public static IEnumerable<JsonObject> Parts(int count, int seed, DateTimeOffset now) => Oldest(count, seed, PartSalt, now, (r, i, created) =>
    {
        var kind = PartKinds[i % PartKinds.Length];
        var part = new JsonObject
        {
            ["name"] = kind.Name,
            ["partNumber"] = $"P-{10000 + i}",
            ["description"] = r.Chance(70) ? $"Stock item for {r.Pick(AssetKinds).Name.ToLowerInvariant()}s" : "",
            ["quantity"] = kind.Name.Contains("gal") ? r.Between(0, 80) / 4m : r.Between(0, 120),
            ["minimumQuantity"] = r.Between(0, 20),
            ["unitCost"] = decimal.Round(kind.Cost * (0.9m + (r.Next(20) / 100m)), 2),
            ["area"] = $"Aisle {r.Between(1, 9)}, Shelf {(char)('A' + r.Next(5))}",
            ["location"] = r.Pick(Locations).Id,
        };
        if (r.Chance(20)) part["customData"] = new JsonObject { ["supplierSku"] = $"SKU-{r.Between(100000, 999999)}" };
        return part;
    });

    public static IEnumerable<JsonObject> WorkOrders(int count, int seed, DateTimeOffset now) => Oldest(count, seed, WorkOrderSalt, now, (r, i, created) =>
    {
        var status = r.Pick(WorkOrderStatuses);
        var asset = r.Chance(85) ? r.Pick(DemoAssetIds.Value) : null;
        var wo = new JsonObject
        {
            ["workOrderNo"] = (seed == DemoSeed ? 1000 + i : 100_000L * (uint)seed + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["title"] = $"{r.Pick(Categories)} check{(asset is null ? "" : " on asset")}",
            ["description"] = r.Chance(75) ? "Follow the standard procedure; report anything unusual." : null,
            ["status"] = status,
            ["priority"] = r.Between(0, 3),
            ["category"] = r.Pick(Categories),
            ["dueDate"] = UpKeepDemoRandom.Iso(created.AddDays(r.Between(1, 21))),
            ["asset"] = asset,
            ["location"] = r.Pick(Locations).Id,
            ["assignedToUser"] = r.Chance(80) ? r.Pick(Users) : null,
            ["additionalUsers"] = new JsonArray(),
        };
        if (status == "complete") wo["completedDate"] = UpKeepDemoRandom.Iso(r.Between(created, now));
        if (r.Chance(25)) wo["customData"] = new JsonObject { ["costCenter"] = $"CC-{r.Between(100, 140)}", ["shift"] = r.Pick(new[] { "A", "B", "C" }) };
        return wo;
    });

    public static IEnumerable<JsonObject> PurchaseOrders(int count, int seed, DateTimeOffset now) => Oldest(count, seed, PurchaseOrderSalt, now, (r, i, created) =>
    {
        var lines = new JsonArray();
        var total = 0m;
        var lineCount = r.Between(1, 4);
        for (var line = 0; line < lineCount; line++)
        {
            var partIndex = r.Next(DemoParts);
            var quantity = r.Between(1, 25);
            var unitCost = decimal.Round(PartKinds[partIndex % PartKinds.Length].Cost * (0.9m + (r.Next(20) / 100m)), 2);
            total += quantity * unitCost;
            lines.Add(new JsonObject { ["part"] = DemoPartIds.Value[partIndex], ["quantity"] = quantity, ["unitCost"] = unitCost });
        }
        return new JsonObject
        {
            ["poNumber"] = $"PO-{(seed == DemoSeed ? 2000 + i : 100_000L * (uint)seed + i)}",
            ["title"] = $"Restock {lineCount} part{(lineCount == 1 ? "" : "s")}",
            ["status"] = r.Pick(PoStatuses),
            ["vendor"] = r.Pick(DemoVendorIds.Value),
            ["dueDate"] = UpKeepDemoRandom.Iso(created.AddDays(r.Between(5, 30))),
            ["partsOrdered"] = lines,
            ["totalCost"] = total,
        };
    });

    /// <summary>Builds records with ids and timestamps (created within 180 days, updated since) and returns them
    /// oldest first, as they would have been inserted.</summary>
    private static IEnumerable<JsonObject> Oldest(int count, int seed, int salt, DateTimeOffset now,
        Func<UpKeepDemoRandom, int, DateTimeOffset, JsonObject> build)
    {
        var random = new UpKeepDemoRandom(seed, salt);
        var records = new List<(DateTimeOffset Created, JsonObject Record)>(count);
        for (var i = 0; i < count; i++)
        {
            var id = random.NextId();
            var created = random.DaysBefore(now, 180);
            var updated = random.Chance(40) ? created : random.Between(created, now);
            var fields = build(random, i, created);
            var record = new JsonObject { ["id"] = id };
            foreach (var (name, value) in fields.ToList())
            {
                fields.Remove(name);
                record[name] = value;
            }
            record["createdAt"] = UpKeepDemoRandom.Iso(created);
            record["updatedAt"] = UpKeepDemoRandom.Iso(updated);
            records.Add((created, record));
        }
        return records.OrderBy(r => r.Created).Select(r => r.Record);
    }
}

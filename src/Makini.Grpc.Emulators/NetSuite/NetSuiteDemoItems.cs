using System.Globalization;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteReferenceData;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>Inventory items of the demo account (MRO spares), each stocked at one to three locations.</summary>
internal static class NetSuiteDemoItems
{
    /// <summary>One family of spares: item ids, names, a typical cost in USD and the stock unit.</summary>
    private sealed record Family(string Prefix, string UnitId, decimal BaseCost, IReadOnlyList<(string Code, string Name)> Variants);

    private static readonly Family[] Families =
    [
        new("BRG", "1", 9.40m, Combine(["62", "63"], Range(0, 13, "D2"), (a, b) => ($"{a}{b}-2RS", $"Deep groove ball bearing {a}{b}-2RS"))),
        new("FLT", "1", 38.00m, Combine(["HYD", "AIR", "OIL", "FUEL", "COOL", "DUST", "WTR"], ["3", "5", "10", "25"],
            (a, b) => ($"{a}-{b}M", $"{FilterName(a)} filter element, {b} micron"))),
        new("BLT", "1", 14.50m, Combine(["A", "B", "C"], ["38", "42", "46", "52", "60", "68", "75", "85", "96"],
            (a, b) => ($"{a}{b}", $"V-belt {a}{b}"))),
        new("SEAL", "2", 11.20m, Combine(["2-010", "2-014", "2-018", "2-022", "2-026", "2-110", "2-116", "2-124", "2-132", "2-222", "2-228", "2-236", "2-338"], ["NBR", "FKM"],
            (a, b) => ($"OR-{a}-{b}", $"O-ring {a} {b}, box of 25"))),
        new("FST", "2", 16.80m, Combine(["M6", "M8", "M10", "M12", "M16"], ["20", "30", "40", "50", "60", "80"],
            (a, b) => ($"HHCS-{a}x{b}", $"Hex head cap screw {a}x{b} 8.8 zinc, box of 100"))),
        new("ELC", "1", 64.00m, Combine(["9", "12", "18", "25", "32", "40"], ["24VDC", "120VAC", "230VAC", "24VAC"],
            (a, b) => ($"CTR-{a}A-{b}", $"Contactor {a} A, {b} coil"))),
        new("LUB", "1", 22.00m, Combine(["EP2", "VG46", "VG68", "VG220", "VG320", "H1", "SYNC"], ["CART", "PAIL", "DRUM", "1L"],
            (a, b) => ($"{a}-{b}", $"{LubricantName(a)}, {PackName(b)}"))),
        new("MTR", "1", 310.00m, Combine(["0.37", "0.55", "0.75", "1.1", "1.5", "2.2", "3", "4", "5.5", "7.5", "11", "15"], ["2", "4"],
            (a, b) => ($"{a.Replace(".", "", StringComparison.Ordinal)}KW-{b}P", $"IEC motor {a} kW {b}-pole B3"))),
        new("PPE", "4", 6.90m, Combine(["GLV-CUT5", "GLV-NIT", "GLS-CLR", "EAR-CRD", "VST-HV", "HAT-HD"], ["S", "M", "L", "XL"],
            (a, b) => ($"{a}-{b}", $"{PpeName(a)}, size {b}"))),
        new("VLV", "1", 48.00m, Combine(["BALL", "GATE", "CHK", "GLB", "BFLY"], ["050", "075", "100", "150", "200", "300"],
            (a, b) => ($"{a}-{b}", $"{ValveName(a)} {ValveSize(b)} stainless"))),
    ];

    private static readonly (string Id, string Name)[] Criticality = [("1", "A - critical"), ("2", "B - important"), ("3", "C - routine")];

    public static IEnumerable<JsonObject> Generate(int firstId, int count, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var id = firstId + i;
            var family = Families[i % Families.Length];
            var round = i / Families.Length;
            var (code, name) = family.Variants[round % family.Variants.Count];
            var itemId = round < family.Variants.Count ? $"{family.Prefix}-{code}" : $"{family.Prefix}-{code}-R{round / family.Variants.Count}";
            var cost = decimal.Round(family.BaseCost * (0.6m + random.Next(0, 120) / 100m), 2);
            var modified = NetSuiteDemoClock.RecentChange(random, now);
            var created = modified - TimeSpan.FromDays(random.Next(30, 1200));
            var unit = Units.First(u => u.Id == family.UnitId);
            var criticality = Criticality[random.Next(Criticality.Length)];
            yield return new JsonObject
            {
                ["id"] = id.ToString(CultureInfo.InvariantCulture),
                ["itemId"] = itemId,
                ["displayName"] = name,
                ["purchaseDescription"] = $"{name} ({itemId})",
                ["itemType"] = Ref("InvtPart", "Inventory Item"),
                ["isInactive"] = random.Next(25) == 0,
                ["cost"] = cost,
                ["averageCost"] = decimal.Round(cost * (0.9m + random.Next(0, 21) / 100m), 4),
                ["lastPurchasePrice"] = cost,
                ["stockUnit"] = Ref(unit.Id, unit.Name),
                ["purchaseUnit"] = Ref(unit.Id, unit.Name),
                ["subsidiary"] = RefOf(Subsidiaries[0]),
                ["createdDate"] = NetSuiteDemoClock.Iso(created),
                ["lastModifiedDate"] = NetSuiteDemoClock.Iso(modified),
                ["custitem_mk_criticality"] = Ref(criticality.Id, criticality.Name),
                ["custitem_mk_manufacturer_part"] = $"MFR-{random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture)}",
                ["locations"] = new JsonObject { ["items"] = StockLines(random, cost) },
            };
        }
    }

    private static JsonArray StockLines(Random random, decimal cost)
    {
        var lines = new JsonArray();
        var stocked = Locations.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).OrderBy(l => l.Id, StringComparer.Ordinal);
        foreach (var location in stocked)
        {
            var onHand = (decimal)random.Next(0, 240);
            var committed = Math.Min(onHand, random.Next(0, 12));
            lines.Add(new JsonObject
            {
                ["location"] = RefOf(location),
                ["quantityOnHand"] = onHand,
                ["quantityAvailable"] = onHand - committed,
                ["quantityCommitted"] = committed,
                ["quantityOnOrder"] = (decimal)(random.Next(4) == 0 ? random.Next(5, 50) : 0),
                ["averageCostMli"] = decimal.Round(cost * (0.85m + random.Next(0, 31) / 100m), 4),
                ["reorderPoint"] = (decimal)random.Next(2, 20),
                ["preferredStockLevel"] = (decimal)random.Next(20, 120),
            });
        }
        return lines;
    }

    private static IReadOnlyList<string> Range(int from, int count, string format) =>
        Enumerable.Range(from, count).Select(n => n.ToString(format, CultureInfo.InvariantCulture)).ToList();

    private static IReadOnlyList<(string, string)> Combine(
        IReadOnlyList<string> first, IReadOnlyList<string> second, Func<string, string, (string, string)> make) =>
        first.SelectMany(a => second.Select(b => make(a, b))).ToList();

    private static string FilterName(string kind) => kind switch
    {
        "HYD" => "Hydraulic return",
        "AIR" => "Compressor intake",
        "OIL" => "Lube oil",
        "FUEL" => "Diesel fuel",
        "COOL" => "Coolant",
        "DUST" => "Dust collector cartridge",
        _ => "Process water",
    };

    private static string LubricantName(string kind) => kind switch
    {
        "EP2" => "EP2 lithium grease",
        "VG46" => "ISO VG 46 hydraulic oil",
        "VG68" => "ISO VG 68 hydraulic oil",
        "VG220" => "ISO VG 220 gear oil",
        "VG320" => "ISO VG 320 gear oil",
        "H1" => "Food grade H1 grease",
        _ => "Synthetic compressor oil",
    };

    private static string PackName(string pack) => pack switch
    {
        "CART" => "400 g cartridge",
        "PAIL" => "5 gal pail",
        "DRUM" => "55 gal drum",
        _ => "1 L bottle",
    };

    private static string PpeName(string kind) => kind switch
    {
        "GLV-CUT5" => "Cut level 5 gloves",
        "GLV-NIT" => "Nitrile gloves",
        "GLS-CLR" => "Safety glasses, clear",
        "EAR-CRD" => "Corded ear plugs",
        "VST-HV" => "Hi-vis vest",
        _ => "Hard hat",
    };

    private static string ValveName(string kind) => kind switch
    {
        "BALL" => "Ball valve",
        "GATE" => "Gate valve",
        "CHK" => "Check valve",
        "GLB" => "Globe valve",
        _ => "Butterfly valve",
    };

    private static string ValveSize(string size) => size switch
    {
        "050" => "1/2in",
        "075" => "3/4in",
        "100" => "1in",
        "150" => "1-1/2in",
        "200" => "2in",
        _ => "3in",
    };
}

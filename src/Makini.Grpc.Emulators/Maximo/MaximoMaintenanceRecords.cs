using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.Maximo.MaximoCatalog;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>Generated assets (mxapiasset) and work orders (mxapiwodetail) in Maximo's lean JSON, nulls omitted.</summary>
internal static class MaximoMaintenanceRecords
{
    private static readonly (string Type, string Noun)[] AssetKinds =
    [
        ("PUMP", "Centrifugal Pump 100GPM/60FT HD"), ("MOTOR", "Electric Motor 25HP"), ("FAN", "Exhaust Fan 36in"),
        ("COMPRESSOR", "Air Compressor 50HP Rotary Screw"), ("CONVEYOR", "Belt Conveyor Line"), ("HVAC", "Rooftop Air Handler"),
        ("BOILER", "Fire Tube Boiler 150HP"),
    ];

    private static readonly (string Value, int Weight)[] AssetStatuses =
        [("OPERATING", 75), ("NOT READY", 10), ("LIMITEDUSE", 5), ("BROKEN", 4), ("DECOMMISSIONED", 6)];

    private static readonly (string Value, int Weight)[] WorkOrderStatuses =
        [("WAPPR", 12), ("APPR", 15), ("WSCH", 10), ("WMATL", 6), ("INPRG", 15), ("COMP", 17), ("CLOSE", 20), ("CAN", 5)];

    public static readonly Dictionary<string, string> StatusDescriptions = new()
    {
        ["WAPPR"] = "Waiting on Approval", ["APPR"] = "Approved", ["WSCH"] = "Waiting to be Scheduled",
        ["WMATL"] = "Waiting on Material", ["INPRG"] = "In Progress", ["COMP"] = "Completed", ["CLOSE"] = "Closed",
        ["CAN"] = "Canceled", ["OPERATING"] = "Operating", ["NOT READY"] = "Not Ready", ["LIMITEDUSE"] = "Limited Use",
        ["BROKEN"] = "Broken", ["DECOMMISSIONED"] = "Decommissioned",
    };

    private static readonly (string Value, int Weight)[] WorkTypes = [("PM", 40), ("CM", 45), ("EM", 10), ("CAL", 5)];

    public static IEnumerable<JsonObject> Assets(int count, int seed, DateTimeOffset now, Func<string> rowstamp)
    {
        var random = new MaximoDemoRandom(seed, 1);
        for (var i = 0; i < count; i++)
        {
            var demo = seed == DemoSeed;
            var site = Site(i);
            var kind = AssetKinds[i % AssetKinds.Length];
            var status = random.Weighted(AssetStatuses);
            var changed = random.DaysBefore(now, 180);
            var asset = new JsonObject
            {
                ["assetid"] = MaximoDemoRandom.Number(seed, 1400, i),
                ["assetnum"] = demo ? AssetNum(i) : MaximoDemoRandom.Text(MaximoDemoRandom.Number(seed, 11430, i)),
                ["siteid"] = site,
                ["orgid"] = OrgId,
                ["description"] = $"{kind.Noun} #{(i / AssetKinds.Length) + 1}",
                ["status"] = status,
                ["status_description"] = StatusDescriptions[status],
                ["location"] = AssetLocation(i),
                ["assettype"] = kind.Type,
                ["serialnum"] = $"SN-{random.Between(100000, 999999)}",
                ["manufacturer"] = random.Pick(Manufacturers),
                ["vendor"] = Vendor(random.Next(DemoVendors)).Company,
                ["installdate"] = MaximoDates.Date(changed.AddDays(-random.Between(200, 3000))),
                ["changeby"] = random.Pick(People),
                ["changedate"] = MaximoDates.DateTime(changed),
                ["_rowstamp"] = rowstamp(),
            };
            if (demo && i >= 10 && i % 6 == 5) asset["parent"] = AssetNum(i - 10); // same site: Site() repeats every 10
            if (i % 4 == 1) asset["itemnum"] = Item(i % DemoItems).ItemNum;
            if (random.Chance(30)) asset["ex_criticality"] = random.Between(1, 5);
            yield return asset;
        }
    }

    public static IEnumerable<JsonObject> WorkOrders(int count, int seed, DateTimeOffset now, Func<string> rowstamp)
    {
        var random = new MaximoDemoRandom(seed, 2);
        for (var i = 0; i < count; i++)
        {
            var assetIndex = random.Next(DemoAssets);
            var site = Site(assetIndex);
            var status = random.Weighted(WorkOrderStatuses);
            var workType = random.Weighted(WorkTypes);
            var reported = random.DaysBefore(now, 180);
            var changed = random.Between(reported, now);
            var targetStart = reported.AddDays(random.Between(1, 10));
            var wo = new JsonObject
            {
                ["workorderid"] = MaximoDemoRandom.Number(seed, 5000, i),
                ["wonum"] = MaximoDemoRandom.Text(MaximoDemoRandom.Number(seed, 1000, i)),
                ["siteid"] = site,
                ["orgid"] = OrgId,
                ["woclass"] = "WORKORDER",
                ["description"] = Describe(workType, AssetNum(assetIndex)),
                ["status"] = status,
                ["status_description"] = StatusDescriptions[status],
                ["statusdate"] = MaximoDates.DateTime(changed),
                ["worktype"] = workType,
                ["location"] = AssetLocation(assetIndex),
                ["reportdate"] = MaximoDates.DateTime(reported),
                ["reportedby"] = random.Pick(People),
                ["targstartdate"] = MaximoDates.DateTime(targetStart),
                ["targcompdate"] = MaximoDates.DateTime(targetStart.AddDays(random.Between(1, 14))),
                ["changeby"] = random.Pick(People),
                ["changedate"] = MaximoDates.DateTime(changed),
                ["_rowstamp"] = rowstamp(),
            };
            if (random.Chance(92)) wo["assetnum"] = AssetNum(assetIndex);
            if (random.Chance(90)) wo["wopriority"] = random.Between(1, 5);
            if (random.Chance(70)) wo["lead"] = random.Pick(People);
            if (random.Chance(40)) wo["owner"] = random.Pick(People);
            if (random.Chance(60)) wo["supervisor"] = random.Pick(People);
            if (status is not ("WAPPR" or "CAN"))
            {
                wo["schedstart"] = MaximoDates.DateTime(targetStart.AddHours(random.Between(0, 48)));
                wo["schedfinish"] = MaximoDates.DateTime(targetStart.AddHours(random.Between(50, 200)));
            }
            if (status is "INPRG" or "COMP" or "CLOSE")
            {
                var finished = random.Between(reported, changed);
                wo["actstart"] = MaximoDates.DateTime(finished.AddHours(-random.Between(1, 30)));
                if (status != "INPRG") wo["actfinish"] = MaximoDates.DateTime(finished);
            }
            if (random.Chance(25)) wo["ex_costcenter"] = $"CC-{random.Between(41, 49)}00";
            yield return wo;
        }
    }

    private static string Describe(string workType, string assetNum) => workType switch
    {
        "PM" => $"Preventive maintenance - inspect and lubricate {assetNum}",
        "CM" => $"Replace worn bearing and realign coupling on {assetNum}",
        "EM" => $"Emergency: {assetNum} tripped on overload, restore service",
        _ => $"Calibrate instruments on {assetNum}",
    };
}

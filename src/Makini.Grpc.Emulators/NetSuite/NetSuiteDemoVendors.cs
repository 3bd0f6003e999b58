using System.Globalization;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteReferenceData;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>Vendor records of the demo account: MRO suppliers of the four subsidiaries, in their currencies.</summary>
internal static class NetSuiteDemoVendors
{
    private static readonly string[] Prefixes =
    [
        "Pacific", "Summit", "Keystone", "Northgate", "Ironwood", "Bluewater", "Redline", "Granite", "Harbor", "Evergreen",
        "Atlas", "Pioneer", "Cascade", "Silverline", "Frontier", "Meridian", "Beacon", "Sterling", "Crestview", "Tri-County",
        "Lakeshore", "Union", "Apex", "Riverside", "Coastal",
    ];

    private static readonly string[] Trades =
    [
        "Industrial Supply", "Bearing & Drive", "Fluid Power", "Electrical Distributors", "Fasteners", "Safety Products",
        "Hydraulics", "Pump & Valve", "Welding Supply", "Filtration", "Motion Control", "Tool & Die", "Lubricants",
        "Packaging", "Instrumentation",
    ];

    private static readonly string[] Streets =
    [
        "Harbor Blvd", "Industrial Way", "Commerce Dr", "Mill St", "Foundry Rd", "Station Rd", "Dock St", "Enterprise Ave",
        "Canal St", "Quarry Ln", "Depot Rd", "Factory Pkwy",
    ];

    private static readonly Dictionary<string, (string City, string State, string Zip)[]> Cities = new()
    {
        ["US"] = [("Oakland", "CA", "94607"), ("Houston", "TX", "77029"), ("Cleveland", "OH", "44114"), ("Tacoma", "WA", "98421"), ("Charlotte", "NC", "28208")],
        ["GB"] = [("Sheffield", "South Yorkshire", "S9 1XH"), ("Leeds", "West Yorkshire", "LS11 5QN"), ("Birmingham", "West Midlands", "B7 4BP")],
        ["CA"] = [("Hamilton", "ON", "L8L 4P7"), ("Mississauga", "ON", "L5T 2H7"), ("Calgary", "AB", "T2C 4L6")],
        ["DE"] = [("Duisburg", "NW", "47059"), ("Dortmund", "NW", "44147"), ("Mannheim", "BW", "68169")],
    };

    private static readonly (string Id, string Name)[] Tiers = [("1", "Preferred"), ("2", "Approved"), ("3", "Probation")];

    public static IEnumerable<JsonObject> Generate(int firstId, int count, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var id = firstId + i;
            var subsidiary = PickSubsidiary(random);
            var currency = CurrencyOf(subsidiary);
            // Some US vendors invoice in their own currency (Canadian and European suppliers of the US plant).
            if (subsidiary.Id == "1" && random.Next(10) == 0) currency = Currencies[random.Next(2, 4)];
            var name = $"{Prefixes[(i + seed) % Prefixes.Length]} {Trades[(i / Prefixes.Length + seed) % Trades.Length]} {Suffix(subsidiary.Country, random)}";
            var modified = NetSuiteDemoClock.RecentChange(random, now);
            var created = modified - TimeSpan.FromDays(random.Next(30, 900)) - TimeSpan.FromSeconds(random.Next(86_400));
            var (city, state, zip) = Cities[subsidiary.Country][random.Next(Cities[subsidiary.Country].Length)];
            var street = $"{random.Next(10, 9900).ToString(CultureInfo.InvariantCulture)} {Streets[random.Next(Streets.Length)]}";
            var country = CountryNames[subsidiary.Country];
            var record = new JsonObject
            {
                ["id"] = id.ToString(CultureInfo.InvariantCulture),
                ["entityId"] = $"V{id.ToString("D5", CultureInfo.InvariantCulture)}",
                ["companyName"] = name,
                ["isPerson"] = false,
                ["email"] = $"orders@{Slug(name)}{Domain(subsidiary.Country)}",
                ["phone"] = Phone(subsidiary.Country, random),
                ["isInactive"] = random.Next(12) == 0,
                ["currency"] = RefOf(currency),
                ["subsidiary"] = RefOf(subsidiary),
                ["terms"] = RefOf(Terms[random.Next(Terms.Count)]),
                ["defaultAddress"] = $"{name}\n{street}\n{city} {state} {zip}\n{country}",
                ["addressBook"] = new JsonObject
                {
                    ["items"] = new JsonArray(new JsonObject
                    {
                        ["addressBookAddress"] = new JsonObject
                        {
                            ["addr1"] = street,
                            ["addressee"] = name,
                            ["city"] = city,
                            ["country"] = Ref(subsidiary.Country, country),
                            ["state"] = state,
                            ["zip"] = zip,
                            ["addrText"] = $"{name}<br>{street}<br>{city} {state} {zip}<br>{country}",
                        },
                        ["defaultBilling"] = true,
                        ["defaultShipping"] = true,
                        ["id"] = (id * 10).ToString(CultureInfo.InvariantCulture),
                        ["label"] = street,
                    }),
                },
                ["dateCreated"] = NetSuiteDemoClock.Iso(created),
                ["lastModifiedDate"] = NetSuiteDemoClock.Iso(modified),
                ["custentity_mk_vendor_tier"] = Tier(random),
                ["custentity_mk_lead_time_days"] = random.Next(2, 45),
            };
            if (subsidiary.Country == "US") record["custentity_mk_w9_on_file"] = random.Next(5) != 0;
            yield return record;
        }
    }

    private static Subsidiary PickSubsidiary(Random random) => random.Next(100) switch
    {
        < 60 => Subsidiaries[0],
        < 75 => Subsidiaries[1],
        < 87 => Subsidiaries[2],
        _ => Subsidiaries[3],
    };

    private static JsonObject Tier(Random random)
    {
        var (id, name) = Tiers[random.Next(Tiers.Length)];
        return Ref(id, name);
    }

    private static string Suffix(string country, Random random) => country switch
    {
        "GB" => "Ltd",
        "DE" => "GmbH",
        "CA" => random.Next(2) == 0 ? "Inc." : "Ltd.",
        _ => new[] { "Inc.", "Co.", "LLC", "Corp." }[random.Next(4)],
    };

    private static string Slug(string name) =>
        new(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24).ToArray());

    private static string Domain(string country) => country switch
    {
        "GB" => ".co.uk",
        "DE" => ".de",
        "CA" => ".ca",
        _ => ".com",
    };

    private static string Phone(string country, Random random) => country switch
    {
        "GB" => $"+44 114 {random.Next(200, 999)} {random.Next(1000, 9999)}",
        "DE" => $"+49 203 {random.Next(100000, 999999)}",
        _ => $"({random.Next(201, 989)}) 555-{random.Next(100, 199):D4}",
    };
}

/// <summary>Timestamps of the demo data: UTC with seconds, as the REST API writes them.</summary>
internal static class NetSuiteDemoClock
{
    /// <summary>A change in the past ~180 days, at least an hour ago (so "changed since now" starts empty).</summary>
    public static DateTimeOffset RecentChange(Random random, DateTimeOffset now) =>
        now - TimeSpan.FromMinutes(random.Next(60, 180 * 24 * 60)) - TimeSpan.FromSeconds(random.Next(60));

    public static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// The fixed reference data of the demo server (organization EAGLENA with sites BEDFORD and NASHUA, as in Maximo's
/// sample database): sites, storerooms, locations, people, companies and items. Generated records refer to these by
/// position, so a work order always names an asset that exists and a purchase order a vendor that exists.
/// </summary>
internal static class MaximoCatalog
{
    public const string OrgId = "EAGLENA";
    public const string BaseCurrency = "USD";
    public const string ItemSetId = "SET1";

    public const int DemoSeed = 7601;
    public const int DemoAssets = 300;
    public const int DemoWorkOrders = 400;
    public const int DemoPurchaseOrders = 250;
    public const int DemoInventory = 300;
    public const int DemoVendors = 200;
    public const int DemoItems = 150;

    public static readonly string[] Sites = ["BEDFORD", "NASHUA"];

    /// <summary>Storerooms per site; BEDFORD has two.</summary>
    public static readonly (string Site, string Storeroom)[] Storerooms = [("BEDFORD", "CENTRAL"), ("BEDFORD", "EAST"), ("NASHUA", "CENTRAL")];

    public static readonly Dictionary<string, string[]> Locations = new()
    {
        ["BEDFORD"] = ["BR100", "BR200", "BR300", "BR400", "BR430", "BPM3100", "SHIPPING", "BOILER"],
        ["NASHUA"] = ["NA100", "NA210", "NA300", "NALAB", "NAPLANT"],
    };

    public static readonly string[] People = ["WILSON", "SMITH", "JONES", "GARCIA", "BROWN", "MILLER", "DAVIS", "LIBERI"];

    public static readonly string[] Manufacturers = ["SIEMENS", "ABB", "EMERSON", "GRUNDFOS", "BALDOR", "TRANE", "CARRIER", "SKF", "PARKER"];

    private static readonly (string Company, string Name, string Currency, string Country, string City, string Region)[] NamedVendors =
    [
        ("ACME", "Acme Industrial Supply", "USD", "US", "Boston", "MA"),
        ("GRAINGER", "W.W. Grainger, Inc.", "USD", "US", "Lake Forest", "IL"),
        ("FASTENAL", "Fastenal Company", "USD", "US", "Winona", "MN"),
        ("MCMASTER", "McMaster-Carr Supply", "USD", "US", "Elmhurst", "IL"),
        ("MSCIND", "MSC Industrial Direct", "USD", "US", "Melville", "NY"),
        ("SKFCAN", "SKF Canada Ltd.", "CAD", "CA", "Scarborough", "ON"),
        ("SIEMENSDE", "Siemens AG", "EUR", "DE", "Munich", "BY"),
        ("ABBCH", "ABB Ltd", "EUR", "CH", "Zurich", "ZH"),
        ("RSCOMP", "RS Components Ltd", "GBP", "GB", "Corby", "NTH"),
        ("WESCO", "WESCO Distribution", "USD", "US", "Pittsburgh", "PA"),
        ("GRAYBAR", "Graybar Electric", "USD", "US", "St. Louis", "MO"),
        ("APPLIED", "Applied Industrial Technologies", "USD", "US", "Cleveland", "OH"),
        ("MOTION", "Motion Industries", "USD", "US", "Birmingham", "AL"),
        ("KAMAN", "Kaman Distribution", "USD", "US", "Bloomfield", "CT"),
        ("AIRGAS", "Airgas USA", "USD", "US", "Radnor", "PA"),
        ("HDSUPPLY", "HD Supply Facilities", "USD", "US", "Atlanta", "GA"),
        ("WAJAX", "Wajax Industrial Components", "CAD", "CA", "Mississauga", "ON"),
        ("FERGUSON", "Ferguson Enterprises", "USD", "US", "Newport News", "VA"),
    ];

    private static readonly string[] GeneratedVendorWords = ["Industrial", "Mechanical", "Electric", "Supply", "Controls", "Hydraulics", "Fluid", "Power"];
    private static readonly string[] GeneratedVendorCities = ["Manchester|NH", "Nashua|NH", "Lowell|MA", "Worcester|MA", "Hartford|CT", "Portland|ME", "Albany|NY", "Providence|RI"];

    private static readonly (string Noun, string Unit, decimal Cost)[] ItemKinds =
    [
        ("Ball Bearing 6204-2RS", "EACH", 14.85m), ("V-Belt A48", "EACH", 11.40m), ("Hydraulic Oil ISO 46", "GAL", 18.25m),
        ("Mechanical Seal 1-1/4in", "EACH", 212.00m), ("Air Filter 20x25x2 MERV 13", "EACH", 9.75m), ("Contactor 3P 40A", "EACH", 96.50m),
        ("Grease Cartridge EP2", "EACH", 6.30m), ("Gasket Sheet 1/16in", "SHEET", 42.10m), ("Motor 5HP TEFC 1800RPM", "EACH", 1245.00m),
        ("Pipe Nipple 3/4in x 4in", "EACH", 3.15m), ("Copper Wire 12 AWG", "FT", 0.42m), ("Impeller 8in Bronze", "EACH", 684.00m),
    ];

    public static string Site(int assetIndex) => assetIndex % 10 < 7 ? "BEDFORD" : "NASHUA";

    public static string AssetNum(int assetIndex) => (11430 + (assetIndex * 10)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string AssetLocation(int assetIndex)
    {
        var locations = Locations[Site(assetIndex)];
        return locations[assetIndex / 3 % locations.Length];
    }

    public static (string Company, string Name, string Currency, string Country, string City, string Region) Vendor(long index)
    {
        if (index < NamedVendors.Length) return NamedVendors[index];
        var number = 10000 + index;
        var word = GeneratedVendorWords[index % GeneratedVendorWords.Length];
        var city = GeneratedVendorCities[index % GeneratedVendorCities.Length].Split('|');
        var person = People[index % People.Length];
        var currency = index % 11 == 0 ? "CAD" : "USD";
        return ($"V{number}", $"{person[0]}{person[1..].ToLowerInvariant()} {word} Co.", currency, currency == "CAD" ? "CA" : "US", city[0], city[1]);
    }

    public static (string ItemNum, string Description, string Unit, decimal Cost) Item(long index)
    {
        var kind = ItemKinds[index % ItemKinds.Length];
        var variant = (int)(index / ItemKinds.Length % 13);
        var cost = decimal.Round(kind.Cost * (1 + (variant * 0.07m)), 2);
        var description = variant == 0 ? kind.Noun : $"{kind.Noun} (alt {variant})";
        return ($"0-{5000 + index:D4}", description, kind.Unit, cost);
    }
}

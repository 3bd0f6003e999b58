namespace Makini.Grpc.Emulators.Sap;

internal sealed record SapPlant(string Plant, string Name, string CompanyCode, string Country, string Currency, string[] StorageLocations);

internal sealed record SapMaterial(string Material, string Text, string Unit, string MaterialGroup, decimal Price, int PriceUnit = 1);

/// <summary>
/// The fixed master data the demo records draw on: plants and materials after SAP's best-practice demo content,
/// and the rules that derive supplier and equipment attributes from their running number, so orders generated at
/// any time refer to suppliers and equipment that exist.
/// </summary>
internal static class SapDemoCatalog
{
    public const long FirstSupplier = 17300001;
    public const long FirstEquipment = 10000000;
    public const long FirstPurchaseOrder = 4500000001;
    public const long FirstMaintenanceOrder = 4000001;

    /// <summary>How many suppliers and equipment the demo data holds; generated orders refer only to these.</summary>
    public const int DemoSuppliers = 120;
    public const int DemoEquipment = 200;

    public static readonly SapPlant[] Plants =
    [
        new("1010", "Plant 1 DE", "1010", "DE", "EUR", ["101A", "101B"]),
        new("1110", "Plant 1 GB", "1110", "GB", "GBP", ["111A"]),
        new("1710", "Plant 1 US", "1710", "US", "USD", ["171A", "171B"]),
        new("1610", "Plant 1 CH", "1610", "CH", "CHF", ["161A"]),
    ];

    public static readonly SapMaterial[] Materials =
    [
        new("TG11", "Trading Good 11, PD, Reorder Point", "PC", "L001", 12.50m),
        new("TG12", "Trading Good 12, PD, Reorder Point", "PC", "L001", 18.00m),
        new("TG21", "Trading Good 21, Batch Managed", "PC", "L002", 23.40m),
        new("RM-120", "Steel Sheet 2 mm, Cold Rolled", "KG", "YBRM01", 3.20m),
        new("RM-122", "Aluminium Round Bar 20 mm", "M", "YBRM01", 7.85m),
        new("RM-130", "Hydraulic Oil HLP 46", "L", "YBRM02", 4.10m),
        new("SP-SEAL-45", "Mechanical Seal 45 mm", "PC", "YBSP01", 86.00m),
        new("SP-BRG-6205", "Ball Bearing 6205-2RS", "PC", "YBSP01", 6.40m),
        new("SP-FLT-HYD10", "Hydraulic Filter Element 10 µm", "PC", "YBSP01", 42.00m),
        new("SP-VBELT-A42", "V-Belt A42", "PC", "YBSP01", 9.90m),
        new("SP-MOT-7K5", "Electric Motor 7.5 kW IE3", "PC", "YBSP02", 1250.00m),
        new("SP-SCREW-M8", "Hex Screw M8x30 DIN 933 8.8", "PC", "YBSP03", 14.90m, PriceUnit: 100),
        new("MRO-GLOVE-L", "Nitrile Gloves Size L, Box of 100", "PC", "YBMRO1", 11.60m),
        new("MRO-GREASE-EP2", "Grease EP2, 400 g Cartridge", "PC", "YBMRO1", 7.30m),
        new("PKG-PAL-EU", "Euro Pallet 1200 x 800", "PC", "YBPKG1", 14.00m),
        new("FG126", "Finished Good 126, MTS", "PC", "L004", 310.00m),
        new("FG228", "Finished Good 228, MTO", "PC", "L004", 845.00m),
    ];

    public static readonly string[] PaymentTerms = ["0001", "NT30", "NT45", "NT60"];

    private static readonly string[] Countries = ["DE", "US", "GB", "CH", "DE", "US", "FR", "NL"];

    private static readonly string[] SupplierStems =
    [
        "Müller Hydraulik", "Atlantic Bearings", "Thames Fasteners", "Alpen Antriebstechnik", "Nordsee Metall",
        "Pacific Industrial Supply", "Lumière Composants", "Van Dijk Verpakkingen", "Rhein-Ruhr Dichtungen",
        "Great Lakes Motors", "Albion Safety", "Zürcher Präzision", "Schwarzwald Filter", "Sierra Lubricants",
        "Loire Outillage", "Hollandse Logistiek", "Bavaria Elektro", "Cascade Pumps", "Midlands Steel", "Ticino Meccanica",
    ];

    private static readonly Dictionary<string, (string Legal, string City, string Region, string Postal, string Street, string Phone, string Currency)> ByCountry = new()
    {
        ["DE"] = ("GmbH", "Hamburg", "HH", "20095", "Mönckebergstraße", "+49 40 3012", "EUR"),
        ["US"] = ("Inc.", "Palo Alto", "CA", "94301", "University Avenue", "+1 650 555", "USD"),
        ["GB"] = ("Ltd", "London", "", "EC2V 7HH", "Gresham Street", "+44 20 7946", "GBP"),
        ["CH"] = ("AG", "Zürich", "ZH", "8001", "Bahnhofstrasse", "+41 44 668", "CHF"),
        ["FR"] = ("SAS", "Lyon", "69", "69002", "Rue de la République", "+33 4 7210", "EUR"),
        ["NL"] = ("B.V.", "Rotterdam", "ZH", "3011", "Coolsingel", "+31 10 2140", "EUR"),
    };

    public static string SupplierNumber(int index) => (FirstSupplier + index).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string SupplierCountry(int index) => Countries[index % Countries.Length];

    public static string SupplierCurrency(int index) => ByCountry[SupplierCountry(index)].Currency;

    public static string SupplierName(int index)
    {
        var stem = SupplierStems[index % SupplierStems.Length];
        var round = index / SupplierStems.Length;
        var legal = ByCountry[SupplierCountry(index)].Legal;
        return round == 0 ? $"{stem} {legal}" : $"{stem} {round + 1} {legal}";
    }

    public static (string City, string Region, string Postal, string Street, string Phone) SupplierAddress(int index)
    {
        var c = ByCountry[SupplierCountry(index)];
        return (c.City, c.Region, c.Postal, c.Street, c.Phone);
    }

    public static string SupplierPaymentTerms(int index) => PaymentTerms[index * 7 % PaymentTerms.Length];

    public static string EquipmentNumber(int index) => (FirstEquipment + index).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Equipment comes in groups of five per plant, so a superordinate equipment shares its plant.</summary>
    public static SapPlant EquipmentPlant(int index) => Plants[index / 5 % Plants.Length];

    public static string FunctionalLocation(int index)
    {
        string[] areas = ["PRD", "UTL", "WHS"];
        return $"{EquipmentPlant(index).Plant}-{areas[index / 5 % areas.Length]}-L{index / 15 % 9 + 1:D2}";
    }

    public static readonly (string Type, string Noun, string Manufacturer, string Model)[] EquipmentTypes =
    [
        ("PUMP", "Centrifugal Pump", "KSB", "Etanorm 065-040-250"),
        ("PUMP", "Booster Pump", "Grundfos", "CR 32-2"),
        ("COMPRESSOR", "Screw Compressor", "Atlas Copco", "GA 37 VSD+"),
        ("MOTOR", "Drive Motor", "Siemens", "1LE1003-1DB23"),
        ("CONVEYOR", "Belt Conveyor", "Interroll", "BM 8310"),
        ("GEARBOX", "Helical Gearbox", "SEW-Eurodrive", "R97 DRN132M4"),
        ("FORKLIFT", "Electric Forklift", "Linde Material Handling", "E20 PL"),
        ("HVAC", "Rooftop Air Handler", "Carrier", "50XC-12"),
        ("CNC", "Machining Center", "DMG Mori", "DMU 50"),
    ];

    public static (string Type, string Noun, string Manufacturer, string Model) EquipmentType(int index) =>
        EquipmentTypes[index * 7 % EquipmentTypes.Length];

    public static string EquipmentName(int index)
    {
        var type = EquipmentType(index);
        return $"{type.Noun} {FunctionalLocation(index)[5..]} #{index % 5 + 1}";
    }
}

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>How a field can be filtered with <c>q</c> (the Records Catalog's field types).</summary>
internal enum NetSuiteFieldKind { String, Boolean, Number, Date, DateTime, Select }

/// <summary>
/// One record type of the REST record service: where its records live (a unified entity of the instance's record
/// book, or the read-only setup data), which fields <c>q</c> may filter, which fields are references to other
/// records (they get links), and which are sublists and subrecords (links only, unless expandSubResources=true).
/// </summary>
internal sealed record NetSuiteRecordType(
    string Name,
    string? Entity,
    IReadOnlyDictionary<string, NetSuiteFieldKind> Queryable,
    IReadOnlyDictionary<string, string> RefTargets,
    IReadOnlySet<string> Sublists,
    IReadOnlySet<string> Subrecords)
{
    private static readonly Dictionary<string, string> CommonRefs = new(StringComparer.Ordinal)
    {
        ["entity"] = "vendor",
        ["currency"] = "currency",
        ["subsidiary"] = "subsidiary",
        ["location"] = "location",
        ["terms"] = "term",
        ["item"] = "inventoryItem",
    };

    public static readonly NetSuiteRecordType PurchaseOrder = new("purchaseOrder", "purchase_order",
        new Dictionary<string, NetSuiteFieldKind>(StringComparer.Ordinal)
        {
            ["id"] = NetSuiteFieldKind.Number,
            ["tranId"] = NetSuiteFieldKind.String,
            ["externalId"] = NetSuiteFieldKind.String,
            ["memo"] = NetSuiteFieldKind.String,
            ["tranDate"] = NetSuiteFieldKind.Date,
            ["dueDate"] = NetSuiteFieldKind.Date,
            ["createdDate"] = NetSuiteFieldKind.DateTime,
            ["lastModifiedDate"] = NetSuiteFieldKind.DateTime,
            ["total"] = NetSuiteFieldKind.Number,
            ["entity"] = NetSuiteFieldKind.Select,
            ["currency"] = NetSuiteFieldKind.Select,
            ["subsidiary"] = NetSuiteFieldKind.Select,
            ["location"] = NetSuiteFieldKind.Select,
            ["status"] = NetSuiteFieldKind.Select,
        },
        CommonRefs, new HashSet<string>(StringComparer.Ordinal) { "item" },
        new HashSet<string>(StringComparer.Ordinal) { "shippingAddress", "billingAddress" });

    public static readonly NetSuiteRecordType InventoryItem = new("inventoryItem", "inventory_item",
        new Dictionary<string, NetSuiteFieldKind>(StringComparer.Ordinal)
        {
            ["id"] = NetSuiteFieldKind.Number,
            ["itemId"] = NetSuiteFieldKind.String,
            ["displayName"] = NetSuiteFieldKind.String,
            ["externalId"] = NetSuiteFieldKind.String,
            ["isInactive"] = NetSuiteFieldKind.Boolean,
            ["createdDate"] = NetSuiteFieldKind.DateTime,
            ["lastModifiedDate"] = NetSuiteFieldKind.DateTime,
            ["cost"] = NetSuiteFieldKind.Number,
            ["subsidiary"] = NetSuiteFieldKind.Select,
        },
        CommonRefs, new HashSet<string>(StringComparer.Ordinal) { "locations" }, new HashSet<string>(StringComparer.Ordinal));

    public static readonly NetSuiteRecordType Vendor = new("vendor", "vendor",
        new Dictionary<string, NetSuiteFieldKind>(StringComparer.Ordinal)
        {
            ["id"] = NetSuiteFieldKind.Number,
            ["entityId"] = NetSuiteFieldKind.String,
            ["companyName"] = NetSuiteFieldKind.String,
            ["email"] = NetSuiteFieldKind.String,
            ["phone"] = NetSuiteFieldKind.String,
            ["externalId"] = NetSuiteFieldKind.String,
            ["isInactive"] = NetSuiteFieldKind.Boolean,
            ["isPerson"] = NetSuiteFieldKind.Boolean,
            ["dateCreated"] = NetSuiteFieldKind.DateTime,
            ["lastModifiedDate"] = NetSuiteFieldKind.DateTime,
            ["currency"] = NetSuiteFieldKind.Select,
            ["subsidiary"] = NetSuiteFieldKind.Select,
        },
        CommonRefs, new HashSet<string>(StringComparer.Ordinal) { "addressBook" },
        new HashSet<string>(StringComparer.Ordinal) { "addressBookAddress" });

    /// <summary>Written through the REST API only: stock changes per item and location (the <c>inventory</c> sublist).
    /// UNVERIFIED: the sublist's REST name; SOAP calls it inventoryList.</summary>
    public static readonly NetSuiteRecordType InventoryAdjustment = new("inventoryAdjustment", NetSuiteInstance.InventoryAdjustments,
        new Dictionary<string, NetSuiteFieldKind>(StringComparer.Ordinal)
        {
            ["id"] = NetSuiteFieldKind.Number,
            ["tranId"] = NetSuiteFieldKind.String,
            ["externalId"] = NetSuiteFieldKind.String,
            ["memo"] = NetSuiteFieldKind.String,
            ["tranDate"] = NetSuiteFieldKind.Date,
            ["createdDate"] = NetSuiteFieldKind.DateTime,
            ["lastModifiedDate"] = NetSuiteFieldKind.DateTime,
            ["subsidiary"] = NetSuiteFieldKind.Select,
            ["account"] = NetSuiteFieldKind.Select,
        },
        new Dictionary<string, string>(CommonRefs, StringComparer.Ordinal) { ["account"] = "account", ["adjLocation"] = "location" },
        new HashSet<string>(StringComparer.Ordinal) { "inventory" }, new HashSet<string>(StringComparer.Ordinal));

    private static readonly Dictionary<string, NetSuiteFieldKind> SetupQueryable = new(StringComparer.Ordinal)
    {
        ["id"] = NetSuiteFieldKind.Number,
        ["name"] = NetSuiteFieldKind.String,
        ["isInactive"] = NetSuiteFieldKind.Boolean,
        ["symbol"] = NetSuiteFieldKind.String,
        ["isBaseCurrency"] = NetSuiteFieldKind.Boolean,
    };

    private static readonly NetSuiteRecordType[] All =
    [
        PurchaseOrder, InventoryItem, Vendor, InventoryAdjustment,
        Setup("currency"), Setup("subsidiary"), Setup("location"), Setup("term"), Setup("account"),
        // Types a role may see but the demo account holds none of.
        Setup("nonInventoryPurchaseItem"), Setup("itemReceipt"), Setup("employee"),
    ];

    private static readonly Dictionary<string, NetSuiteRecordType> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static NetSuiteRecordType? Find(string name) => ByName.GetValueOrDefault(name);

    private static NetSuiteRecordType Setup(string name) =>
        new(name, null, SetupQueryable, CommonRefs, new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
}

namespace Makini.Grpc.Emulators.Sap;

/// <summary>A navigation property: to one entity (<see cref="Many"/> false) or to a collection of another set.</summary>
internal sealed record SapNav(string Name, string TargetSet, bool Many);

/// <summary>
/// An OData v2 entity set with its entity type and key properties (Edm.String unless listed in DateTimeKeys).
/// Where its rows come from: the records of a unified entity (<see cref="Entity"/>), or the rows nested in another
/// set's rows under a navigation property (<see cref="NestedIn"/>); neither means the set is always empty.
/// </summary>
internal sealed record SapEntitySet(string Name, string EntityType, IReadOnlyList<string> Keys, IReadOnlyList<string>? DateTimeKeys = null)
{
    public IReadOnlyList<SapNav> Navs { get; init; } = [];

    public string? Entity { get; init; }

    public SapNesting? NestedIn { get; init; }

    /// <summary>The Edm.DateTimeOffset last-change property: it gives the ETag and the fast change-time order.</summary>
    public string? ChangeField { get; init; }

    public SapNav? FindNav(string name)
    {
        foreach (var nav in Navs)
            if (nav.Name == name) return nav;
        return null;
    }

    public bool IsKey(string property) => Keys.Contains(property);
}

/// <summary>The rows of a set live inside the rows of <see cref="ParentSet"/>, under its navigation <see cref="Nav"/>.</summary>
internal sealed record SapNesting(string ParentSet, string Nav);

internal sealed record SapService(string Name, IReadOnlyList<SapEntitySet> EntitySets)
{
    public SapEntitySet? FindSet(string name) => EntitySets.FirstOrDefault(s => s.Name == name);
}

/// <summary>
/// The released S/4HANA APIs the emulator serves, with the entity sets of their SAP API Business Hub specs. Records are
/// stored as the API shows them with every navigation expanded (<c>to_PurchaseOrderItem: {results: [...]}</c>,
/// <c>to_Supplier: {...}</c>); the service adds <c>__metadata</c> and turns unexpanded navigations into <c>__deferred</c>.
/// </summary>
internal static class SapServiceCatalog
{
    public const string PurchaseOrderService = "API_PURCHASEORDER_PROCESS_SRV";
    public const string BusinessPartnerService = "API_BUSINESS_PARTNER";
    public const string MaintenanceOrderService = "API_MAINTENANCEORDER";
    public const string MaterialStockService = "API_MATERIAL_STOCK_SRV";
    public const string EquipmentService = "API_EQUIPMENT";
    public const string MaterialDocumentService = "API_MATERIAL_DOCUMENT_SRV";

    private static readonly string[] AddressCommunicationKeys = ["AddressID", "Person", "OrdinalNumber"];

    public static readonly IReadOnlyList<SapService> All =
    [
        new(PurchaseOrderService,
        [
            new("A_PurchaseOrder", "A_PurchaseOrderType", ["PurchaseOrder"])
            {
                Entity = SapEntities.PurchaseOrder,
                ChangeField = "LastChangeDateTime",
                Navs = [new("to_PurchaseOrderItem", "A_PurchaseOrderItem", Many: true)],
            },
            new("A_PurchaseOrderItem", "A_PurchaseOrderItemType", ["PurchaseOrder", "PurchaseOrderItem"])
            {
                NestedIn = new("A_PurchaseOrder", "to_PurchaseOrderItem"),
                Navs = [new("to_ScheduleLine", "A_PurchaseOrderScheduleLine", Many: true)],
            },
            new("A_PurchaseOrderScheduleLine", "A_PurchaseOrderScheduleLineType", ["PurchasingDocument", "PurchasingDocumentItem", "ScheduleLine"])
            {
                NestedIn = new("A_PurchaseOrderItem", "to_ScheduleLine"),
            },
        ]),
        new(BusinessPartnerService,
        [
            new("A_BusinessPartner", "A_BusinessPartnerType", ["BusinessPartner"])
            {
                Entity = SapEntities.Vendor,
                Navs =
                [
                    new("to_BusinessPartnerAddress", "A_BusinessPartnerAddress", Many: true),
                    new("to_BusinessPartnerRole", "A_BusinessPartnerRole", Many: true),
                    new("to_Supplier", "A_Supplier", Many: false),
                ],
            },
            new("A_BusinessPartnerRole", "A_BusinessPartnerRoleType", ["BusinessPartner", "BusinessPartnerRole"])
            {
                NestedIn = new("A_BusinessPartner", "to_BusinessPartnerRole"),
            },
            new("A_Supplier", "A_SupplierType", ["Supplier"])
            {
                NestedIn = new("A_BusinessPartner", "to_Supplier"),
                Navs = [new("to_SupplierPurchasingOrg", "A_SupplierPurchasingOrg", Many: true)],
            },
            new("A_SupplierPurchasingOrg", "A_SupplierPurchasingOrgType", ["Supplier", "PurchasingOrganization"])
            {
                NestedIn = new("A_Supplier", "to_SupplierPurchasingOrg"),
            },
            new("A_BusinessPartnerAddress", "A_BusinessPartnerAddressType", ["BusinessPartner", "AddressID"])
            {
                NestedIn = new("A_BusinessPartner", "to_BusinessPartnerAddress"),
                Navs =
                [
                    new("to_EmailAddress", "A_AddressEmailAddress", Many: true),
                    new("to_PhoneNumber", "A_AddressPhoneNumber", Many: true),
                ],
            },
            new("A_AddressEmailAddress", "A_AddressEmailAddressType", AddressCommunicationKeys)
            {
                NestedIn = new("A_BusinessPartnerAddress", "to_EmailAddress"),
            },
            new("A_AddressPhoneNumber", "A_AddressPhoneNumberType", AddressCommunicationKeys)
            {
                NestedIn = new("A_BusinessPartnerAddress", "to_PhoneNumber"),
            },
        ]),
        new(MaintenanceOrderService,
        [
            new("MaintenanceOrder", "MaintenanceOrderType", ["MaintenanceOrder"])
            {
                Entity = SapEntities.WorkOrder,
                ChangeField = "LastChangeDateTime",
                Navs = [new("to_MaintenanceOrderOperation", "MaintenanceOrderOperation", Many: true)],
            },
            new("MaintenanceOrderOperation", "MaintenanceOrderOperationType", ["MaintenanceOrder", "MaintenanceOrderOperation", "MaintenanceOrderSubOperation"]),
        ]),
        new(MaterialStockService,
        [
            new("A_MaterialStock", "A_MaterialStockType", ["Material"]),
            new("A_MatlStkInAcctMod", "A_MatlStkInAcctModType", SapEntities.StockKeys) { Entity = SapEntities.InventoryItem },
        ]),
        new(MaterialDocumentService,
        [
            new("A_MaterialDocumentHeader", "A_MaterialDocumentHeaderType", ["MaterialDocumentYear", "MaterialDocument"])
            {
                Entity = SapEntities.MaterialDocument,
                Navs = [new("to_MaterialDocumentItem", "A_MaterialDocumentItem", Many: true)],
            },
            new("A_MaterialDocumentItem", "A_MaterialDocumentItemType", ["MaterialDocumentYear", "MaterialDocument", "MaterialDocumentItem"])
            {
                NestedIn = new("A_MaterialDocumentHeader", "to_MaterialDocumentItem"),
            },
        ]),
        new(EquipmentService,
        [
            new("Equipment", "EquipmentType", ["Equipment", "ValidityEndDate"], DateTimeKeys: ["ValidityEndDate"])
            {
                Entity = SapEntities.Asset,
                ChangeField = "LastChangeDateTime",
                Navs =
                [
                    new("to_Classification", "EquipClass", Many: true),
                    new("to_LongText", "EquipmentLongText", Many: true),
                    new("to_Partner", "EquipmentPartner", Many: true),
                    new("to_Warranty", "EquipmentWarranty", Many: true),
                ],
            },
        ]),
    ];

    public static SapService? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}

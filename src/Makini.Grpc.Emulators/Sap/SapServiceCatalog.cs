namespace Makini.Grpc.Emulators.Sap;

/// <summary>An OData v2 entity set with its entity type and key properties (Edm.String unless listed in DateTimeKeys).</summary>
internal sealed record SapEntitySet(string Name, string EntityType, IReadOnlyList<string> Keys, IReadOnlyList<string>? DateTimeKeys = null);

internal sealed record SapService(string Name, IReadOnlyList<SapEntitySet> EntitySets)
{
    public SapEntitySet? FindSet(string name) => EntitySets.FirstOrDefault(s => s.Name == name);
}

/// <summary>The released S/4HANA APIs the emulator serves, with the entity sets of their SAP API Business Hub specs.</summary>
internal static class SapServiceCatalog
{
    public static readonly IReadOnlyList<SapService> All =
    [
        new("API_PURCHASEORDER_PROCESS_SRV",
        [
            new("A_PurchaseOrder", "A_PurchaseOrderType", ["PurchaseOrder"]),
            new("A_PurchaseOrderItem", "A_PurchaseOrderItemType", ["PurchaseOrder", "PurchaseOrderItem"]),
            new("A_PurchaseOrderScheduleLine", "A_PurchaseOrderScheduleLineType", ["PurchasingDocument", "PurchasingDocumentItem", "ScheduleLine"]),
        ]),
        new("API_BUSINESS_PARTNER",
        [
            new("A_BusinessPartner", "A_BusinessPartnerType", ["BusinessPartner"]),
            new("A_Supplier", "A_SupplierType", ["Supplier"]),
            new("A_BusinessPartnerAddress", "A_BusinessPartnerAddressType", ["BusinessPartner", "AddressID"]),
        ]),
        new("API_MAINTENANCEORDER",
        [
            new("MaintenanceOrder", "MaintenanceOrderType", ["MaintenanceOrder"]),
            new("MaintenanceOrderOperation", "MaintenanceOrderOperationType", ["MaintenanceOrder", "MaintenanceOrderOperation", "MaintenanceOrderSubOperation"]),
        ]),
        new("API_MATERIAL_STOCK_SRV",
        [
            new("A_MaterialStock", "A_MaterialStockType", ["Material"]),
            new("A_MatlStkInAcctMod", "A_MatlStkInAcctModType",
            [
                "Material", "Plant", "StorageLocation", "Batch", "Supplier", "Customer", "WBSElementInternalID",
                "SDDocument", "SDDocumentItem", "InventorySpecialStockType", "InventoryStockType",
            ]),
        ]),
        new("API_EQUIPMENT",
        [
            new("Equipment", "EquipmentType", ["Equipment", "ValidityEndDate"], DateTimeKeys: ["ValidityEndDate"]),
        ]),
    ];

    public static SapService? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}

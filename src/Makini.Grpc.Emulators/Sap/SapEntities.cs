namespace Makini.Grpc.Emulators.Sap;

/// <summary>The unified entity names the SAP instance keeps records for, and the stock row's key properties.</summary>
internal static class SapEntities
{
    public const string PurchaseOrder = "purchase_order";
    public const string WorkOrder = "work_order";
    public const string InventoryItem = "inventory_item";
    public const string Vendor = "vendor";
    public const string Asset = "asset";

    /// <summary>Material documents (goods movements) posted through API_MATERIAL_DOCUMENT_SRV; not a unified entity.</summary>
    public const string MaterialDocument = "material_document";

    /// <summary>A_MatlStkInAcctMod's eleven key properties, in the order of its metadata.</summary>
    public static readonly IReadOnlyList<string> StockKeys =
    [
        "Material", "Plant", "StorageLocation", "Batch", "Supplier", "Customer", "WBSElementInternalID",
        "SDDocument", "SDDocumentItem", "InventorySpecialStockType", "InventoryStockType",
    ];
}

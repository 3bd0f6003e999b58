using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// What each SAP write needs (Catalog: purchase orders CRUD, maintenance orders, suppliers and equipment CRU,
/// stock adjust). Retry-safe handles: a purchase order carries the idempotency key's token in
/// A_PurchaseOrder.CorrespncExternalReference ("your reference", 12 characters), a supplier in
/// A_BusinessPartner.SearchTerm2, equipment in Equipment.TechnicalObjectSortCode (UNVERIFIED property name), a stock
/// adjustment in its material document's MaterialDocumentHeaderText; all are filterable, so a lost create is found
/// again. Maintenance orders have no free reference field in API_MAINTENANCEORDER: no handle (a lost create is
/// reported as an unknown outcome instead of being made twice).
/// </summary>
internal static class SapWriteRequirements
{
    public const string PurchaseOrderHandle = "A_PurchaseOrder.CorrespncExternalReference";
    public const string VendorHandle = "A_BusinessPartner.SearchTerm2";
    public const string AssetHandle = "Equipment.TechnicalObjectSortCode";
    public const string AdjustmentHandle = "A_MaterialDocumentHeader.MaterialDocumentHeaderText";

    private static readonly string[] PurchaseOrderWritable = ["currency_code", "order_date", "payment_terms", "lines", "custom_fields"];
    private static readonly string[] WorkOrderWritable =
        ["title", "status", "priority", "asset", "location", "assignee", "scheduled_start_time", "scheduled_finish_time", "custom_fields"];
    private static readonly string[] VendorWritable = ["name", "email", "phone", "address", "currency_code", "payment_terms", "active", "custom_fields"];
    private static readonly string[] AssetWritable = ["name", "location", "site", "parent", "serial_number", "manufacturer", "model", "category", "custom_fields"];

    public static WriteRequirements Of(EntityKind entity, WriteKind kind) => (entity, kind) switch
    {
        (EntityKind.PurchaseOrder, WriteKind.Create) => new(
            ["vendor.remote_id", "lines", "lines.item_code", "lines.quantity"],
            ["vendor", .. PurchaseOrderWritable], PurchaseOrderSystemFields(required: true), PurchaseOrderHandle),
        (EntityKind.PurchaseOrder, WriteKind.Update) => new(
            ["lines.item_code", "lines.quantity"], PurchaseOrderWritable, PurchaseOrderSystemFields(required: false), null),
        (EntityKind.PurchaseOrder, WriteKind.Delete) => new([], [], [], null),
        (EntityKind.WorkOrder, WriteKind.Create) => new(["title", "type"], ["type", "site", .. WorkOrderWritable], [], null),
        (EntityKind.WorkOrder, WriteKind.Update) => new([], WorkOrderWritable, [], null),
        (EntityKind.Vendor, WriteKind.Create) => new(["name"], VendorWritable.Where(f => f != "active").ToArray(), VendorSystemFields, VendorHandle),
        (EntityKind.Vendor, WriteKind.Update) => new([], VendorWritable, VendorSystemFields, null),
        (EntityKind.Asset, WriteKind.Create) => new(["name"], AssetWritable, AssetSystemFields, AssetHandle),
        (EntityKind.Asset, WriteKind.Update) => new([], AssetWritable, [], null),
        (EntityKind.InventoryItem, WriteKind.Adjust) => new([], [], AdjustmentSystemFields, AdjustmentHandle),
        _ => throw new EntityNotSupportedException(SystemCatalog.Sap, entity),
    };

    private static SystemFieldSpec[] PurchaseOrderSystemFields(bool required) =>
    [
        new("CompanyCode", "the company code of the order, e.g. 1010", required),
        new("PurchasingOrganization", "the purchasing organization, e.g. 1010", required),
        new("PurchasingGroup", "the purchasing group (buyer), e.g. 001", required),
        new("PurchaseOrderType", "the purchasing document type, e.g. NB (standard order)", required),
        new("Plant", "the receiving plant of the order's items, e.g. 1010", required),
        new("StorageLocation", "the receiving storage location of the items, e.g. 101A", false),
    ];

    private static readonly SystemFieldSpec[] VendorSystemFields =
    [
        new("PurchasingOrganization", "the purchasing organization that holds the supplier's currency and payment terms, e.g. 1010", false),
        new("BusinessPartnerGrouping", "the business partner grouping (number range), e.g. BPAB", false),
    ];

    private static readonly SystemFieldSpec[] AssetSystemFields =
    [
        new("EquipmentCategory", "the equipment category, e.g. M (machines; the default)", false),
    ];

    private static readonly SystemFieldSpec[] AdjustmentSystemFields =
    [
        new("GoodsMovementType", "the movement type of the posting; default 701 for a gain and 702 for a loss", false),
    ];

    /// <summary>Item-level fields among a purchase order's remote fields: they go to every item, the rest to the header.</summary>
    public static readonly IReadOnlySet<string> PurchaseOrderItemFields =
        new HashSet<string>(StringComparer.Ordinal) { "Plant", "StorageLocation", "MaterialGroup", "AccountAssignmentCategory", "TaxCode" };
}

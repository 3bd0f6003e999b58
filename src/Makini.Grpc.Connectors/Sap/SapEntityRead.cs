using System.Text.Json;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>How a page of an entity is read.</summary>
internal enum SapPaging
{
    /// <summary>Ordered by the Edm.DateTimeOffset change field, then key; watermark cursor (see <see cref="SapCursor"/>).</summary>
    Watermark,

    /// <summary>Ordered by key with $skip: for sets without one orderable change field.</summary>
    Offset,
}

/// <summary>Everything the reader needs to know about one entity: where it lives, how it pages, how it maps.</summary>
internal sealed record SapEntityRead(
    EntityKind Entity,
    string Service,
    string EntitySet,
    ReadMode Mode,
    SapPaging Paging,
    string KeyOrder,
    Func<JsonElement, ReadOnlyMemory<byte>, SourceRecord> Map,
    EntityMapping Mapping)
{
    /// <summary>The Edm.DateTimeOffset change field a watermark read orders and filters by.</summary>
    public string? ChangeField { get; init; }

    public string? Expand { get; init; }

    /// <summary>A filter every read applies (e.g. only the current equipment segment).</summary>
    public string? BaseFilter { get; init; }

    /// <summary>For an offset read of an incremental entity: the filter for "changed at or after".</summary>
    public Func<DateTimeOffset, string>? ChangedSinceFilter { get; init; }

    /// <summary>The key scan: set, properties to select, filter, and how a key row becomes a remote id.</summary>
    public required SapKeyScan Keys { get; init; }
}

internal sealed record SapKeyScan(string EntitySet, string Select, string? Filter, Func<JsonElement, string> RemoteIdOf);

internal static class SapEntityReads
{
    public static readonly IReadOnlyDictionary<EntityKind, SapEntityRead> All = new Dictionary<EntityKind, SapEntityRead>
    {
        [EntityKind.PurchaseOrder] = new(EntityKind.PurchaseOrder, SapPurchaseOrderMapping.Service, SapPurchaseOrderMapping.EntitySet,
            ReadMode.Incremental, SapPaging.Watermark, "PurchaseOrder", SapPurchaseOrderMapping.Map, SapPurchaseOrderMapping.Mapping)
        {
            ChangeField = "LastChangeDateTime",
            Expand = SapPurchaseOrderMapping.Expand,
            Keys = new("A_PurchaseOrder", "PurchaseOrder", null, r => SapWire.Text(r.Field("PurchaseOrder"))),
        },
        [EntityKind.WorkOrder] = new(EntityKind.WorkOrder, SapWorkOrderMapping.Service, SapWorkOrderMapping.EntitySet,
            ReadMode.Incremental, SapPaging.Watermark, "MaintenanceOrder", SapWorkOrderMapping.Map, SapWorkOrderMapping.Mapping)
        {
            ChangeField = "LastChangeDateTime",
            Keys = new("MaintenanceOrder", "MaintenanceOrder", null, r => SapWire.Text(r.Field("MaintenanceOrder"))),
        },
        [EntityKind.Asset] = new(EntityKind.Asset, SapAssetMapping.Service, SapAssetMapping.EntitySet,
            ReadMode.Incremental, SapPaging.Watermark, "Equipment", SapAssetMapping.Map, SapAssetMapping.Mapping)
        {
            ChangeField = "LastChangeDateTime",
            BaseFilter = SapAssetMapping.CurrentSegment,
            Keys = new("Equipment", "Equipment,ValidityEndDate", SapAssetMapping.CurrentSegment, r => SapWire.Text(r.Field("Equipment"))),
        },
        // A_Supplier has no change field; its business partner has one (a date and a time), so suppliers are read
        // incrementally through A_BusinessPartner, paged in key order (a change does not move a partner in it).
        [EntityKind.Vendor] = new(EntityKind.Vendor, SapVendorMapping.Service, SapVendorMapping.EntitySet,
            ReadMode.Incremental, SapPaging.Offset, "BusinessPartner", SapVendorMapping.Map, SapVendorMapping.Mapping)
        {
            Expand = SapVendorMapping.Expand,
            BaseFilter = SapVendorMapping.SuppliersOnly,
            ChangedSinceFilter = SapVendorMapping.ChangedSinceFilter,
            Keys = new("A_Supplier", "Supplier", null, r => SapWire.Text(r.Field("Supplier"))),
        },
        [EntityKind.InventoryItem] = new(EntityKind.InventoryItem, SapInventoryMapping.Service, SapInventoryMapping.EntitySet,
            ReadMode.Snapshot, SapPaging.Offset, string.Join(',', SapInventoryMapping.KeyFields), SapInventoryMapping.Map, SapInventoryMapping.Mapping)
        {
            Keys = new("A_MatlStkInAcctMod", string.Join(',', SapInventoryMapping.KeyFields), null, SapInventoryMapping.RemoteIdOf),
        },
    };
}

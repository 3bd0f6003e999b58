using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// What Business Central needs per write. No system fields: the company comes from the connection, number series and
/// defaults from the vendor do the rest. <b>No retry-safe handle</b>: API v2.0 purchaseOrders and vendors have no
/// field an integration may fill with its own key and search by (no external document number on purchase orders, no
/// external id on vendors; the number is the number series', and a caller-chosen number could already exist, so
/// finding it would not prove this write made it). A create whose answer was lost therefore ends as OUTCOME_UNKNOWN at
/// the server instead of being sent twice (nor does the HTTP pipeline resend it: see <see cref="BusinessCentralWriteClient"/>).
/// Inventory is read-only in this integration.
/// </summary>
internal static class BusinessCentralWriteRequirements
{
    private static readonly string[] OrderWritable =
        ["number", "vendor", "currency_code", "order_date", "required_date", "payment_terms", "ship_to", "lines", "custom_fields"];

    private static readonly string[] VendorWritable =
        ["code", "name", "email", "phone", "address", "currency_code", "payment_terms", "active", "custom_fields"];

    public static WriteRequirements Of(EntityKind entity, WriteKind kind) => (entity, kind) switch
    {
        (EntityKind.PurchaseOrder, WriteKind.Create) => new(["vendor.remote_id", "lines", "lines.item_code", "lines.quantity"], OrderWritable, [], null),
        (EntityKind.PurchaseOrder, WriteKind.Update) => new(["vendor.remote_id", "lines"], OrderWritable, [], null),
        (EntityKind.PurchaseOrder or EntityKind.Vendor, WriteKind.Delete) => new([], [], [], null),
        (EntityKind.Vendor, WriteKind.Create) => new(["name"], VendorWritable, [], null),
        (EntityKind.Vendor, WriteKind.Update) => new(["name"], VendorWritable, [], null),
        _ => throw new EntityNotSupportedException(SystemCatalog.BusinessCentral, entity),
    };
}

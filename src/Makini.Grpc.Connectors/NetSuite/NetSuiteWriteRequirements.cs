using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// What NetSuite needs per write. Creates and relative stock adjustments are retry-safe through externalId (the
/// write's idempotency key, found again with <c>GET /{type}/eid:{key}</c>). The subsidiary of an order, vendor or
/// adjustment is the caller's decision in a OneWorld account, so creates require it (remote_fields or the connection's
/// write defaults); an adjustment takes the location's subsidiary when none is given but needs its GL account.
/// </summary>
internal static class NetSuiteWriteRequirements
{
    private const string Handle = "externalId (the idempotency key; found with GET /{type}/eid:{key})";

    private static readonly string[] OrderWritable =
        ["number", "vendor", "currency_code", "order_date", "required_date", "payment_terms", "lines", "custom_fields"];

    private static readonly string[] VendorWritable =
        ["code", "name", "email", "phone", "currency_code", "payment_terms", "active", "custom_fields"];

    private static readonly SystemFieldSpec Location = new("location", "Internal id of the receiving location (a location of the subsidiary).", false);

    public static WriteRequirements Of(EntityKind entity, WriteKind kind) => (entity, kind) switch
    {
        (EntityKind.PurchaseOrder, WriteKind.Create) => new(
            ["vendor.remote_id", "lines", "lines.item_code", "lines.quantity"], OrderWritable,
            [Subsidiary("the order books to (one of the vendor's)", required: true), Location], Handle),
        (EntityKind.PurchaseOrder, WriteKind.Update) => new(["vendor.remote_id", "lines"], OrderWritable, [], null),
        (EntityKind.PurchaseOrder, WriteKind.Delete) => new([], [], [], null),
        (EntityKind.Vendor, WriteKind.Create) => new(["name"], VendorWritable, [Subsidiary("the vendor's primary subsidiary", required: true)], Handle),
        (EntityKind.Vendor, WriteKind.Update) => new(["name"], VendorWritable, [], null),
        (EntityKind.InventoryItem, WriteKind.Adjust) => new([], [],
            [
                new SystemFieldSpec("account", "Internal id of the adjustment account the inventoryAdjustment posts to (e.g. Inventory Adjustments).", true),
                Subsidiary("of the adjustment; defaults to the location's subsidiary", required: false),
            ], Handle),
        _ => throw new EntityNotSupportedException(SystemCatalog.NetSuite, entity),
    };

    private static SystemFieldSpec Subsidiary(string what, bool required) => new("subsidiary", $"Internal id of the subsidiary {what}.", required);
}

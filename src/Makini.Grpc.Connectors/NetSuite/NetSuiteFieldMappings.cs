using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>Where each unified field comes from in NetSuite's REST record service (SystemService.GetFieldMapping).</summary>
internal static class NetSuiteFieldMappings
{
    private const string Instant = "ISO 8601 UTC instant, e.g. 2025-10-07T17:10:00Z";
    private const string LocalDate = "account-local calendar date YYYY-MM-DD, kept as is (no time zone shift)";
    private const string Custom = "custom fields by script id: custbody*/custcol*/custentity*/custitem*";
    private const string ChangeFilter =
        "ISO UTC instant; incremental reads send q=lastModifiedDate ON_OR_AFTER \"<day>\" with the account-local day of the checkpoint " +
        "in the account's date_format and time_zone (day granularity: a lower bound; older records of that day are dropped by the reader)";

    public static EntityMapping Of(EntityKind entity) => entity switch
    {
        EntityKind.PurchaseOrder => PurchaseOrder,
        EntityKind.InventoryItem => InventoryItem,
        EntityKind.Vendor => Vendor,
        _ => throw new EntityNotSupportedException(SystemCatalog.NetSuite, entity),
    };

    private static readonly EntityMapping PurchaseOrder = new(
        "purchaseOrder (REST record v1; list of ids, then GET purchaseOrder/{id}?expandSubResources=true)",
        [
            new("remote_id", "id", "internal id"),
            new("remote_created_time", "createdDate", Instant),
            new("remote_modified_time", "lastModifiedDate", ChangeFilter),
            new("number", "tranId"),
            new("vendor", "entity", "reference: remote_id = entity.id, name = entity.refName"),
            new("status", "status.id (orderStatus letter as fallback)",
                "pendingSupApproval/A → PENDING_APPROVAL; pendingReceipt/B → OPEN; rejectedBySupervisor/C → CANCELLED; " +
                "partiallyReceived/D and pendingBillPartReceived/E → PARTIALLY_RECEIVED; pendingBilling/F → RECEIVED; " +
                "fullyBilled/G and closed/H → CLOSED"),
            new("remote_status", "status.id", "e.g. pendingReceipt"),
            new("currency_code", "currency.id → currency/{id}.symbol", "refName is the account's currency name, not an ISO code"),
            new("order_date", "tranDate", LocalDate),
            new("required_date", "dueDate", LocalDate),
            new("ship_to", "shippingAddress (addr1, addr2, city, state, zip, country.id) + shipAddress (text)"),
            new("payment_terms", "terms.refName"),
            new("total_amount", "total", "JSON number as a decimal string, in currency_code"),
            new("lines", "item.items[]", "one unified line per sublist line"),
            new("lines.line_number", "item.items[].line"),
            new("lines.item_code", "item.items[].item.refName", "the item's itemId"),
            new("lines.description", "item.items[].description"),
            new("lines.quantity", "item.items[].quantity"),
            new("lines.unit_of_measure", "item.items[].units.refName"),
            new("lines.unit_price", "item.items[].rate", "in the order's currency"),
            new("lines.amount", "item.items[].amount", "in the order's currency"),
            new("lines.delivery_date", "item.items[].expectedReceiptDate", LocalDate),
            new("custom_fields", "custbody*; custcol* of lines under custom_fields.lines.{line}", Custom),
            new("etag", "lastModifiedDate", "NetSuite has no ETag; the last-change instant stands in (writes with an etag compare it with the record read first)"),
        ]);

    private static readonly EntityMapping InventoryItem = new(
        "inventoryItem (REST record v1, GET inventoryItem/{id}?expandSubResources=true), one record per locations sublist line",
        [
            new("remote_id", "id + \"@\" + locations.items[].location.id", "e.g. 1201@3; just id for an item without location lines"),
            new("remote_created_time", "createdDate", Instant),
            new("remote_modified_time", "lastModifiedDate", ChangeFilter +
                "; UNVERIFIED whether stock movements (receipts, fulfilments) change the item's lastModifiedDate"),
            new("item_code", "itemId"),
            new("description", "displayName (else purchaseDescription, salesDescription)"),
            new("location", "locations.items[].location.refName"),
            new("quantity_on_hand", "locations.items[].quantityOnHand"),
            new("quantity_available", "locations.items[].quantityAvailable"),
            new("unit_of_measure", "stockUnit.refName (else baseUnit.refName)"),
            new("unit_cost", "averageCost (else cost)", "in the account's base currency (currency record with isBaseCurrency)"),
            new("custom_fields", "custitem*", Custom),
            new("etag", "lastModifiedDate", "NetSuite has no ETag; the last-change instant stands in (writes with an etag compare it with the record read first)"),
        ]);

    private static readonly EntityMapping Vendor = new(
        "vendor (REST record v1, GET vendor/{id}?expandSubResources=true)",
        [
            new("remote_id", "id", "internal id"),
            new("remote_created_time", "dateCreated", Instant),
            new("remote_modified_time", "lastModifiedDate", ChangeFilter),
            new("code", "entityId"),
            new("name", "companyName (a person: firstName lastName)"),
            new("email", "email"),
            new("phone", "phone"),
            new("address", "addressBook.items[defaultBilling].addressBookAddress + defaultAddress (text)"),
            new("currency_code", "currency.id → currency/{id}.symbol"),
            new("payment_terms", "terms.refName"),
            new("active", "not isInactive"),
            new("custom_fields", "custentity*", Custom),
            new("etag", "lastModifiedDate", "NetSuite has no ETag; the last-change instant stands in (writes with an etag compare it with the record read first)"),
        ]);
}

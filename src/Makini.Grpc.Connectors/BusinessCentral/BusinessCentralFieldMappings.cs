using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>Where each unified field comes from in Business Central API v2.0 (SystemService.GetFieldMapping).</summary>
internal static class BusinessCentralFieldMappings
{
    private const string Modified =
        "Edm.DateTimeOffset (UTC, ms); read in change order: $filter=lastModifiedDateTime ge <watermark>&$orderby=lastModifiedDateTime asc";
    private const string Day = "Edm.Date YYYY-MM-DD as is; the blank date 0001-01-01 becomes empty";
    private const string Decimal = "JSON number read as a decimal string (never floating point)";
    private const string Custom = "properties outside the documented API v2.0 entity (from customized pages), by name; none on standard pages";
    private const string Currency = "currencyCode; \"\" means the company's local currency, reported as companyInformation.currencyCode (e.g. USD)";
    private const string Terms = "paymentTermsId → paymentTerms(id).code, e.g. \"30 DAYS\"";

    public static EntityMapping Of(EntityKind entity) => entity switch
    {
        EntityKind.PurchaseOrder => PurchaseOrder,
        EntityKind.InventoryItem => InventoryItem,
        EntityKind.Vendor => Vendor,
        _ => throw new EntityNotSupportedException(SystemCatalog.BusinessCentral, entity),
    };

    private static readonly EntityMapping PurchaseOrder = new(
        "companies({id})/purchaseOrders?$expand=purchaseOrderLines (API v2.0)",
        [
            new("remote_id", "id", "the SystemId GUID"),
            new("remote_modified_time", "lastModifiedDateTime", Modified),
            new("number", "number"),
            new("vendor", "vendorId", "reference: remote_id = vendorId, name = vendorName"),
            new("status", "status, fullyReceived, purchaseOrderLines.receivedQuantity",
                "Draft → DRAFT; In Review → PENDING_APPROVAL; Open → OPEN, RECEIVED when fullyReceived, " +
                "PARTIALLY_RECEIVED when a line has a received quantity"),
            new("remote_status", "status", "Draft, In Review or Open"),
            new("currency_code", "currencyCode", Currency),
            new("order_date", "orderDate", Day),
            new("required_date", "requestedReceiptDate", Day),
            new("ship_to", "shipToAddressLine1, shipToAddressLine2, shipToCity, shipToState, shipToPostCode, shipToCountry"),
            new("payment_terms", "paymentTermsId", Terms),
            new("total_amount", "totalAmountIncludingTax", Decimal),
            new("etag", "@odata.etag"),
            new("lines", "purchaseOrderLines[]", "lines of lineType Comment are left out"),
            new("lines.line_number", "purchaseOrderLines[].sequence", "e.g. 10000"),
            new("lines.remote_id", "purchaseOrderLines[].id"),
            new("lines.item_code", "purchaseOrderLines[].lineObjectNumber", "the item (or account) number"),
            new("lines.description", "purchaseOrderLines[].description"),
            new("lines.quantity", "purchaseOrderLines[].quantity", Decimal),
            new("lines.unit_of_measure", "purchaseOrderLines[].unitOfMeasureCode"),
            new("lines.unit_price", "purchaseOrderLines[].directUnitCost", Decimal + ", in the order's currency"),
            new("lines.amount", "purchaseOrderLines[].netAmount", Decimal + ", excluding tax, in the order's currency"),
            new("lines.delivery_date", "purchaseOrderLines[].expectedReceiptDate", Day),
            new("custom_fields", "(other properties)", Custom),
        ]);

    private static readonly EntityMapping InventoryItem = new(
        "companies({id})/items?$filter=type eq 'Inventory' (API v2.0), one record per item",
        [
            new("remote_id", "id", "the SystemId GUID"),
            new("remote_modified_time", "lastModifiedDateTime", Modified),
            new("item_code", "number"),
            new("description", "displayName"),
            new("location", "", "empty: the API gives the company-wide quantity only"),
            new("quantity_on_hand", "inventory", Decimal),
            new("unit_of_measure", "baseUnitOfMeasureCode"),
            new("unit_cost", "unitCost", Decimal + ", in the company's local currency"),
            new("etag", "@odata.etag"),
            new("custom_fields", "(other properties)", Custom),
        ]);

    private static readonly EntityMapping Vendor = new(
        "companies({id})/vendors (API v2.0)",
        [
            new("remote_id", "id", "the SystemId GUID"),
            new("remote_modified_time", "lastModifiedDateTime", Modified),
            new("code", "number"),
            new("name", "displayName"),
            new("email", "email"),
            new("phone", "phoneNumber"),
            new("address", "addressLine1, addressLine2, city, state, postalCode, country"),
            new("currency_code", "currencyCode", Currency),
            new("payment_terms", "paymentTermsId", Terms),
            new("active", "blocked", "true for the blank option (\"_x0020_\"), false for \"Payment\" and \"All\""),
            new("etag", "@odata.etag"),
            new("custom_fields", "(other properties)", Custom),
        ]);
}

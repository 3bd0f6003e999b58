namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>The documented properties of the API v2.0 entities Makini reads (anything else is a custom field).</summary>
internal static class BusinessCentralSchema
{
    public const string LinesProperty = "purchaseOrderLines";

    public static readonly IReadOnlySet<string> PurchaseOrder = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "number", "orderDate", "postingDate", "vendorId", "vendorNumber", "vendorName", "payToName", "payToVendorId",
        "payToVendorNumber", "shipToName", "shipToContact", "buyFromAddressLine1", "buyFromAddressLine2", "buyFromCity",
        "buyFromCountry", "buyFromState", "buyFromPostCode", "payToAddressLine1", "payToAddressLine2", "payToCity",
        "payToCountry", "payToState", "payToPostCode", "shipToAddressLine1", "shipToAddressLine2", "shipToCity",
        "shipToCountry", "shipToState", "shipToPostCode", "shortcutDimension1Code", "shortcutDimension2Code", "currencyId",
        "currencyCode", "pricesIncludeTax", "paymentTermsId", "shipmentMethodId", "purchaser", "requestedReceiptDate",
        "discountAmount", "discountAppliedBeforeTax", "totalAmountExcludingTax", "totalTaxAmount", "totalAmountIncludingTax",
        "fullyReceived", "status", "lastModifiedDateTime", LinesProperty,
    };

    public static readonly IReadOnlySet<string> Vendor = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "number", "displayName", "addressLine1", "addressLine2", "city", "state", "country", "postalCode",
        "phoneNumber", "email", "website", "taxRegistrationNumber", "currencyId", "currencyCode", "irs1099Code",
        "paymentTermsId", "paymentMethodId", "taxLiable", "blocked", "balance", "lastModifiedDateTime",
    };

    public static readonly IReadOnlySet<string> Item = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "number", "displayName", "displayName2", "type", "itemCategoryId", "itemCategoryCode", "blocked", "gtin",
        "inventory", "unitPrice", "priceIncludesTax", "unitCost", "taxGroupId", "taxGroupCode", "baseUnitOfMeasureId",
        "baseUnitOfMeasureCode", "generalProductPostingGroupId", "generalProductPostingGroupCode",
        "inventoryPostingGroupId", "inventoryPostingGroupCode", "lastModifiedDateTime",
    };
}

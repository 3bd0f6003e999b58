namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// One company-scoped entity set of API v2.0: its entity type name, the unified entity whose records hold it (null for
/// setup data served from <see cref="BusinessCentralReferenceData"/>), its properties (what $filter, $orderby and
/// $select may name), its default order (the table's primary key) and its expandable child collection.
/// </summary>
internal sealed record BusinessCentralEntitySet(
    string Name, string TypeName, string? Entity, IReadOnlyList<string> Properties, string DefaultOrder, string? Child = null)
{
    public const string LinesProperty = "purchaseOrderLines";

    public static readonly IReadOnlyList<string> PurchaseOrderLineProperties =
    [
        "id", "documentId", "sequence", "itemId", "accountId", "lineType", "lineObjectNumber", "description", "description2",
        "unitOfMeasureId", "unitOfMeasureCode", "quantity", "directUnitCost", "discountAmount", "discountPercent",
        "discountAppliedBeforeTax", "amountExcludingTax", "taxCode", "taxPercent", "totalTaxAmount", "amountIncludingTax",
        "invoiceDiscountAllocation", "netAmount", "netTaxAmount", "netAmountIncludingTax", "expectedReceiptDate",
        "receivedQuantity", "invoicedQuantity", "invoiceQuantity", "receiveQuantity", "itemVariantId", "locationId",
    ];

    private static readonly BusinessCentralEntitySet[] All =
    [
        new("purchaseOrders", "purchaseOrder", "purchase_order",
        [
            "id", "number", "orderDate", "postingDate", "vendorId", "vendorNumber", "vendorName", "payToName", "payToVendorId",
            "payToVendorNumber", "shipToName", "shipToContact", "buyFromAddressLine1", "buyFromAddressLine2", "buyFromCity",
            "buyFromCountry", "buyFromState", "buyFromPostCode", "payToAddressLine1", "payToAddressLine2", "payToCity",
            "payToCountry", "payToState", "payToPostCode", "shipToAddressLine1", "shipToAddressLine2", "shipToCity",
            "shipToCountry", "shipToState", "shipToPostCode", "shortcutDimension1Code", "shortcutDimension2Code", "currencyId",
            "currencyCode", "pricesIncludeTax", "paymentTermsId", "shipmentMethodId", "purchaser", "requestedReceiptDate",
            "discountAmount", "discountAppliedBeforeTax", "totalAmountExcludingTax", "totalTaxAmount", "totalAmountIncludingTax",
            "fullyReceived", "status", "lastModifiedDateTime",
        ], "number", LinesProperty),
        new("vendors", "vendor", "vendor",
        [
            "id", "number", "displayName", "addressLine1", "addressLine2", "city", "state", "country", "postalCode",
            "phoneNumber", "email", "website", "taxRegistrationNumber", "currencyId", "currencyCode", "irs1099Code",
            "paymentTermsId", "paymentMethodId", "taxLiable", "blocked", "balance", "lastModifiedDateTime",
        ], "number"),
        new("items", "item", "inventory_item",
        [
            "id", "number", "displayName", "displayName2", "type", "itemCategoryId", "itemCategoryCode", "blocked", "gtin",
            "inventory", "unitPrice", "priceIncludesTax", "unitCost", "taxGroupId", "taxGroupCode", "baseUnitOfMeasureId",
            "baseUnitOfMeasureCode", "generalProductPostingGroupId", "generalProductPostingGroupCode",
            "inventoryPostingGroupId", "inventoryPostingGroupCode", "lastModifiedDateTime",
        ], "number"),
        new("purchaseOrderLines", "purchaseOrderLine", null, PurchaseOrderLineProperties, "documentId"),
        new("paymentTerms", "paymentTerm", null,
            ["id", "code", "displayName", "dueDateCalculation", "discountDateCalculation", "discountPercent", "calculateDiscountOnCreditMemos", "lastModifiedDateTime"], "code"),
        new("currencies", "currency", null,
            ["id", "code", "displayName", "symbol", "amountDecimalPlaces", "amountRoundingPrecision", "lastModifiedDateTime"], "code"),
        new("companyInformation", "companyInformation", null,
        [
            "id", "displayName", "addressLine1", "addressLine2", "city", "state", "country", "postalCode", "phoneNumber",
            "faxNumber", "email", "website", "taxRegistrationNumber", "currencyCode", "currentFiscalYearStartDate", "industry",
            "lastModifiedDateTime",
        ], "id"),
        new("itemLedgerEntries", "itemLedgerEntry", null,
            ["id", "entryNumber", "itemNumber", "postingDate", "entryType", "sourceNumber", "sourceType", "documentNumber", "quantity", "salesAmountActual", "costAmountActual"],
            "entryNumber"),
    ];

    private static readonly Dictionary<string, BusinessCentralEntitySet> ByName = All.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static BusinessCentralEntitySet? Find(string name) => ByName.GetValueOrDefault(name);

    public bool HasProperty(string name) => Properties.Contains(name, StringComparer.Ordinal);
}

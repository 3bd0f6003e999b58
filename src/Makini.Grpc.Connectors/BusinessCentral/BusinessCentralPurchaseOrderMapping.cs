using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.BusinessCentral.BusinessCentralFields;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>A Business Central purchase order (API v2.0 purchaseOrders, $expand=purchaseOrderLines) as a unified one.</summary>
public static class BusinessCentralPurchaseOrderMapping
{
    public static PurchaseOrder Map(JsonObject entity, BusinessCentralCompany company)
    {
        var currency = company.CurrencyOf(entity["currencyCode"]);
        var lines = entity[BusinessCentralSchema.LinesProperty] is JsonArray expanded ? expanded.OfType<JsonObject>().ToList() : null;
        var order = new PurchaseOrder
        {
            RemoteId = Text(entity["id"]),
            RemoteModifiedTime = Time(entity["lastModifiedDateTime"]),
            Number = Text(entity["number"]),
            Vendor = Guid(entity["vendorId"]) is { } vendorId ? new RecordRef { RemoteId = vendorId, Name = Text(entity["vendorName"]) } : null,
            Status = StatusOf(entity, lines),
            RemoteStatus = Text(entity["status"]),
            CurrencyCode = currency,
            OrderDate = Date(entity["orderDate"]),
            RequiredDate = Date(entity["requestedReceiptDate"]),
            ShipTo = BusinessCentralAddresses.From(entity, "shipToAddressLine1", "shipToAddressLine2", "shipToCity", "shipToState", "shipToPostCode", "shipToCountry"),
            PaymentTerms = company.PaymentTermsOf(entity["paymentTermsId"]),
            TotalAmount = entity["totalAmountIncludingTax"] is null ? null : Normalize.Money(currency, entity["totalAmountIncludingTax"]),
            CustomFields = CustomFields(entity, BusinessCentralSchema.PurchaseOrder),
            Etag = Text(entity["@odata.etag"]),
        };
        // Comment lines carry text only; they are not order lines.
        foreach (var line in (lines ?? []).Where(l => Text(l["lineType"]) != "Comment"))
            order.Lines.Add(MapLine(line, currency));
        return order;
    }

    /// <summary>
    /// API statuses: "Draft" (document status Open) → DRAFT, "In Review" (Pending Approval) → PENDING_APPROVAL,
    /// "Open" (Released) → OPEN, then RECEIVED when fullyReceived, PARTIALLY_RECEIVED when a line has received quantity.
    /// Fully received and invoiced orders leave the table (they become posted documents): the sync sees a delete.
    /// </summary>
    public static PurchaseOrderStatus StatusOf(JsonObject entity, IReadOnlyList<JsonObject>? lines) => Text(entity["status"]) switch
    {
        "Draft" => PurchaseOrderStatus.Draft,
        "In Review" => PurchaseOrderStatus.PendingApproval,
        "Open" when entity["fullyReceived"] is JsonValue v && v.TryGetValue<bool>(out var full) && full => PurchaseOrderStatus.Received,
        "Open" when lines?.Any(l => Normalize.Decimal(l["receivedQuantity"]) is { Length: > 0 } q && decimal.Parse(q, System.Globalization.CultureInfo.InvariantCulture) > 0) == true
            => PurchaseOrderStatus.PartiallyReceived,
        "Open" => PurchaseOrderStatus.Open,
        _ => PurchaseOrderStatus.Unspecified,
    };

    private static PurchaseOrderLine MapLine(JsonObject line, string currency) => new()
    {
        LineNumber = Text(line["sequence"]),
        RemoteId = Text(line["id"]),
        ItemCode = Text(line["lineObjectNumber"]),
        Description = Text(line["description"]),
        Quantity = Normalize.Decimal(line["quantity"]),
        UnitOfMeasure = Text(line["unitOfMeasureCode"]),
        UnitPrice = line["directUnitCost"] is null ? null : Normalize.Money(currency, line["directUnitCost"]),
        Amount = line["netAmount"] is null ? null : Normalize.Money(currency, line["netAmount"]),
        DeliveryDate = Date(line["expectedReceiptDate"]),
    };
}

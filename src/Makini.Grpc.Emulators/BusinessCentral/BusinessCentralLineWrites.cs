using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralReferenceData;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralWriteBody;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// One purchaseOrderLine written (in a deep insert, or through <c>purchaseOrders({id})/purchaseOrderLines</c>): an item
/// by itemId or lineObjectNumber (defaults sourced from the item: description, unit, direct unit cost in the order's
/// currency), a positive quantity not below what was received, and the amounts computed as the document does.
/// </summary>
internal static class BusinessCentralLineWrites
{
    private static readonly string[] ReadOnlyFields =
    [
        "id", "documentId", "amountExcludingTax", "totalTaxAmount", "amountIncludingTax", "invoiceDiscountAllocation", "netAmount",
        "netTaxAmount", "netAmountIncludingTax", "receivedQuantity", "invoicedQuantity", "taxPercent",
    ];

    private static readonly BusinessCentralEntitySet Lines = BusinessCentralEntitySet.Find(BusinessCentralEntitySet.LinesProperty)!;

    /// <summary>The line after the write (a new object); <paramref name="current"/> is left as it was.</summary>
    public static JsonObject Apply(BusinessCentralInstance instance, JsonObject order, JsonObject? current, JsonObject body)
    {
        BusinessCentralWriteBody.Check(body, Lines, ReadOnlyFields);
        var line = current?.DeepClone().AsObject() ?? NewLine(order);
        var sequence = Number(body, "sequence");
        if (current is null)
        {
            var existing = LinesOf(order).Select(l => (int)Decimal(l["sequence"])).ToList();
            var wanted = sequence is { } s ? (int)s : (existing.Count == 0 ? 0 : existing.Max()) + 10_000;
            if (existing.Contains(wanted))
                throw BusinessCentralRefusals.Duplicate("Purchase Line", "Document Type='Order',Document No.", $"{Text(order["number"])}',Line No.='{wanted}");
            line["sequence"] = wanted;
        }
        else if (sequence is not null && (int)sequence != (int)Decimal(current["sequence"]))
            throw BusinessCentralRefusals.ReadOnly("sequence", Lines.TypeName);
        var key = $"Document Type='Order',Document No.='{Text(order["number"])}',Line No.='{Text(line["sequence"])}'";

        var itemId = BusinessCentralWriteBody.Guid(body, "itemId");
        var itemNumber = BusinessCentralWriteBody.Text(body, "lineObjectNumber");
        var lineType = BusinessCentralWriteBody.Text(body, "lineType") ?? (itemId is not null || itemNumber is not null ? "Item" : Text(line["lineType"]));
        if (lineType is not ("Item" or "Comment")) throw BusinessCentralRefusals.BadValue(lineType, "Microsoft.NAV.purchaseLineType");
        line["lineType"] = lineType;
        if (lineType == "Item" && (itemId is not null || itemNumber is not null))
        {
            var item = itemId is not null
                ? instance.Records["inventory_item"].Where(i => SameId(i["id"], itemId)).FirstOrDefault() ?? throw BusinessCentralRefusals.NotFound("Item", "SystemId", itemId)
                : instance.Records["inventory_item"].Where(i => Text(i["number"]) == itemNumber).FirstOrDefault() ?? throw BusinessCentralRefusals.NotFound("Item", "No.", itemNumber!);
            // Naming the line's own item again changes nothing (even when the item was blocked since).
            if (!SameId(line["itemId"], Text(item["id"])))
            {
                if (item["blocked"] is JsonValue blocked && blocked.GetValue<bool>())
                    throw BusinessCentralRefusals.Dialog($"Blocked must be equal to 'No'  in Item: No.={Text(item["number"])}. Current value is 'Yes'.");
                SourceFromItem(line, item, order);
            }
        }
        else if (lineType == "Item" && current is null) throw BusinessCentralRefusals.MustHaveValue("No.", "Purchase Line", key);

        if (Number(body, "quantity") is { } quantity)
        {
            if (lineType == "Item" && quantity <= 0) throw BusinessCentralRefusals.FieldError("Quantity", "must be positive", "Purchase Line", key);
            if (quantity < Decimal(line["receivedQuantity"]))
                throw BusinessCentralRefusals.FieldError("Quantity", $"must not be less than {BusinessCentralRefusals.Format(Decimal(line["receivedQuantity"]))}", "Purchase Line", key);
            line["quantity"] = quantity;
        }
        if (Number(body, "directUnitCost") is { } cost)
        {
            if (cost < 0) throw BusinessCentralRefusals.FieldError("Direct Unit Cost", "must not be negative", "Purchase Line", key);
            line["directUnitCost"] = cost;
        }
        foreach (var field in new[] { "description", "description2", "unitOfMeasureCode", "taxCode" })
            if (BusinessCentralWriteBody.Text(body, field) is { } text) line[field] = text;
        if (BusinessCentralWriteBody.Date(body, "expectedReceiptDate") is { } expected) line["expectedReceiptDate"] = expected;
        foreach (var field in new[] { "discountAmount", "discountPercent", "receiveQuantity" })
            if (Number(body, field) is { } value) line[field] = value;
        foreach (var field in new[] { "locationId", "itemVariantId", "unitOfMeasureId", "accountId" })
            if (BusinessCentralWriteBody.Guid(body, field) is { } id) line[field] = id;
        if (body["receiveQuantity"] is null && current is null) line["receiveQuantity"] = Decimal(line["quantity"]);

        Compute(line);
        return line;
    }

    public static IEnumerable<JsonObject> LinesOf(JsonObject order) =>
        (order[BusinessCentralEntitySet.LinesProperty] as JsonArray ?? []).OfType<JsonObject>();

    private static JsonObject NewLine(JsonObject order) => new()
    {
        ["id"] = System.Guid.NewGuid().ToString(),
        ["documentId"] = Text(order["id"]),
        ["itemId"] = EmptyGuid,
        ["accountId"] = EmptyGuid,
        ["lineType"] = "Comment",
        ["lineObjectNumber"] = "",
        ["description"] = "",
        ["description2"] = "",
        ["unitOfMeasureId"] = EmptyGuid,
        ["unitOfMeasureCode"] = "",
        ["quantity"] = 0m,
        ["directUnitCost"] = 0m,
        ["discountAmount"] = 0m,
        ["discountPercent"] = 0m,
        ["discountAppliedBeforeTax"] = true,
        ["taxCode"] = "",
        ["taxPercent"] = 0m,
        ["invoiceDiscountAllocation"] = 0m,
        ["expectedReceiptDate"] = Text(order["requestedReceiptDate"]) is { Length: > 0 } requested && requested != "0001-01-01" ? requested : Text(order["orderDate"]),
        ["receivedQuantity"] = 0m,
        ["invoicedQuantity"] = 0m,
        ["invoiceQuantity"] = 0m,
        ["receiveQuantity"] = 0m,
        ["itemVariantId"] = EmptyGuid,
        ["locationId"] = EmptyGuid,
    };

    /// <summary>What validating the item number sources into the line, as the page does.</summary>
    private static void SourceFromItem(JsonObject line, JsonObject item, JsonObject order)
    {
        line["itemId"] = Text(item["id"]);
        line["lineObjectNumber"] = Text(item["number"]);
        line["description"] = Text(item["displayName"]);
        line["unitOfMeasureId"] = Text(item["baseUnitOfMeasureId"]);
        line["unitOfMeasureCode"] = Text(item["baseUnitOfMeasureCode"]);
        var currency = Currencies.FirstOrDefault(c => c.Code == Text(order["currencyCode"]));
        var unitCost = Decimal(item["unitCost"]);
        line["directUnitCost"] = currency is null ? unitCost : decimal.Round(unitCost / currency.UsdPerUnit, 5);
    }

    private static void Compute(JsonObject line)
    {
        var amount = decimal.Round(Decimal(line["quantity"]) * Decimal(line["directUnitCost"]), 2) - Decimal(line["discountAmount"]);
        var taxPercent = Text(line["taxCode"]) == "SUPPLIES" ? 6.5m : 0m;
        var tax = decimal.Round(amount * taxPercent / 100, 2);
        line["taxPercent"] = taxPercent;
        line["amountExcludingTax"] = amount;
        line["totalTaxAmount"] = tax;
        line["amountIncludingTax"] = amount + tax;
        line["netAmount"] = amount;
        line["netTaxAmount"] = tax;
        line["netAmountIncludingTax"] = amount + tax;
        line["invoiceQuantity"] = Decimal(line["receivedQuantity"]) - Decimal(line["invoicedQuantity"]);
    }
}

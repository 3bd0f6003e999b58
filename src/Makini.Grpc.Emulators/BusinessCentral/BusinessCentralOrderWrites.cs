using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralReferenceData;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralWriteBody;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// purchaseOrders written through API v2.0. A POST may carry its lines (deep insert of <c>purchaseOrderLines</c>,
/// all or nothing); the vendor is mandatory and must not be blocked with type All; currency and payment terms default
/// from the vendor and must exist. A new order is "Draft" (document status Open). Only a Draft order can be changed or
/// deleted (a released one answers the Status TestField error), its lines only through
/// <c>purchaseOrders({id})/purchaseOrderLines</c>, and no line with received quantity can go. Every change stamps the
/// order's lastModifiedDateTime, line changes included (UNVERIFIED: whether a line change moves the real header's
/// SystemModifiedAt; here it does, so syncs that read orders with their lines see line changes).
/// </summary>
internal static class BusinessCentralOrderWrites
{
    public const string Entity = "purchase_order";

    private static readonly string[] ReadOnlyFields =
    [
        "id", "vendorName", "payToName", "totalAmountExcludingTax", "totalTaxAmount", "totalAmountIncludingTax", "fullyReceived", "status",
        "lastModifiedDateTime",
    ];

    private static readonly BusinessCentralEntitySet Orders = BusinessCentralEntitySet.Find("purchaseOrders")!;

    public static JsonObject Create(BusinessCentralInstance instance, JsonObject body, DateTimeOffset now)
    {
        BusinessCentralWriteBody.Check(body, Orders, ReadOnlyFields, BusinessCentralEntitySet.LinesProperty);
        var company = CompanyInformation(instance.Credential("company_id"));
        var orderDate = DateOnly.FromDateTime(now.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var order = new JsonObject
        {
            ["id"] = System.Guid.NewGuid().ToString(),
            ["number"] = "",
            ["orderDate"] = orderDate,
            ["postingDate"] = orderDate,
            ["shipToName"] = company["displayName"]!.DeepClone(),
            ["shipToContact"] = "",
            ["shipToAddressLine1"] = company["addressLine1"]!.DeepClone(),
            ["shipToAddressLine2"] = company["addressLine2"]!.DeepClone(),
            ["shipToCity"] = company["city"]!.DeepClone(),
            ["shipToCountry"] = company["country"]!.DeepClone(),
            ["shipToState"] = company["state"]!.DeepClone(),
            ["shipToPostCode"] = company["postalCode"]!.DeepClone(),
            ["shortcutDimension1Code"] = "",
            ["shortcutDimension2Code"] = "",
            ["pricesIncludeTax"] = false,
            ["shipmentMethodId"] = EmptyGuid,
            ["purchaser"] = "",
            ["requestedReceiptDate"] = "0001-01-01",
            ["discountAmount"] = 0m,
            ["discountAppliedBeforeTax"] = true,
            ["fullyReceived"] = false,
            ["status"] = "Draft",
            [BusinessCentralEntitySet.LinesProperty] = new JsonArray(),
        };
        ApplyHeader(instance, order, body, creating: true);
        order["number"] = BusinessCentralWriteBody.Text(body, "number") is { Length: > 0 } number ? Unique(instance, number) : instance.NextOrderNumber();

        if (body[BusinessCentralEntitySet.LinesProperty] is { } deep)
        {
            if (deep is not JsonArray lines || lines.Any(l => l is not JsonObject))
                throw BusinessCentralRefusals.BadValue(deep.ToJsonString(), "Collection(Microsoft.NAV.purchaseOrderLine)");
            foreach (var line in lines.OfType<JsonObject>())
                AddLine(order, BusinessCentralLineWrites.Apply(instance, order, null, line));
        }
        Recompute(order);
        return instance.Records[Entity].Upsert(order, now);
    }

    public static JsonObject Update(BusinessCentralInstance instance, JsonObject order, JsonObject body, DateTimeOffset now)
    {
        BusinessCentralWriteBody.Check(body, Orders, ReadOnlyFields);
        EnsureOpen(order);
        ApplyHeader(instance, order, body, creating: false);
        if (BusinessCentralWriteBody.Text(body, "number") is { Length: > 0 } number && number != Text(order["number"])) order["number"] = Unique(instance, number);
        Recompute(order);
        return Save(instance, order, now);
    }

    public static void Delete(BusinessCentralInstance instance, JsonObject order)
    {
        EnsureOpen(order);
        if (BusinessCentralLineWrites.LinesOf(order).Any(l => Decimal(l["receivedQuantity"]) > 0))
            throw BusinessCentralRefusals.Dialog($"You cannot delete purchase order {Text(order["number"])} because it has received lines that are not invoiced.");
        instance.Records[Entity].Delete(Text(order["id"]).ToLowerInvariant());
    }

    /// <summary>Adds or changes a line; returns the line as stored.</summary>
    public static (JsonObject Order, JsonObject Line) WriteLine(BusinessCentralInstance instance, JsonObject order, JsonObject? current, JsonObject body, DateTimeOffset now)
    {
        EnsureOpen(order);
        var line = BusinessCentralLineWrites.Apply(instance, order, current, body);
        if (current is null) AddLine(order, line);
        else
        {
            var lines = (JsonArray)order[BusinessCentralEntitySet.LinesProperty]!;
            var at = lines.IndexOf(lines.OfType<JsonObject>().First(l => SameId(l["id"], Text(current["id"]))));
            lines[at] = line;
        }
        Recompute(order);
        var saved = Save(instance, order, now);
        return (saved, BusinessCentralLineWrites.LinesOf(saved).First(l => SameId(l["id"], Text(line["id"]))));
    }

    public static JsonObject DeleteLine(BusinessCentralInstance instance, JsonObject order, JsonObject line, DateTimeOffset now)
    {
        EnsureOpen(order);
        if (Decimal(line["receivedQuantity"]) > 0)
            throw BusinessCentralRefusals.Dialog($"You cannot delete the order line because it is associated with a purchase receipt (Line No. {Text(line["sequence"])}).");
        var lines = (JsonArray)order[BusinessCentralEntitySet.LinesProperty]!;
        lines.Remove(lines.OfType<JsonObject>().First(l => SameId(l["id"], Text(line["id"]))));
        Recompute(order);
        return Save(instance, order, now);
    }

    private static void ApplyHeader(BusinessCentralInstance instance, JsonObject order, JsonObject body, bool creating)
    {
        var vendorId = BusinessCentralWriteBody.Guid(body, "vendorId");
        var vendorNumber = BusinessCentralWriteBody.Text(body, "vendorNumber");
        JsonObject? vendor = null;
        if (vendorId is not null)
            vendor = instance.Records["vendor"].Where(v => SameId(v["id"], vendorId)).FirstOrDefault() ?? throw BusinessCentralRefusals.NotFound("Vendor", "SystemId", vendorId);
        else if (vendorNumber is { Length: > 0 })
            vendor = instance.Records["vendor"].Where(v => Text(v["number"]) == vendorNumber).FirstOrDefault() ?? throw BusinessCentralRefusals.NotFound("Vendor", "No.", vendorNumber);
        if (vendor is not null)
        {
            if (Text(vendor["blocked"]) == "All")
                throw BusinessCentralRefusals.Dialog($"You cannot create this type of document when Vendor {Text(vendor["number"])} is blocked with type All");
            BusinessCentralOrderVendor.Copy(order, vendor);
        }
        else if (creating) throw BusinessCentralRefusals.MustHaveValue("Buy-from Vendor No.", "Purchase Header", "Document Type=Order, No.=");

        foreach (var field in new[] { "orderDate", "postingDate", "requestedReceiptDate" })
            if (BusinessCentralWriteBody.Date(body, field) is { } date) order[field] = date;
        if (BusinessCentralWriteBody.Text(body, "currencyCode") is { } currencyCode) BusinessCentralOrderVendor.SetCurrency(order, currencyCode, "Purchase Header");
        else if (BusinessCentralWriteBody.Guid(body, "currencyId") is { } currencyId)
            BusinessCentralOrderVendor.SetCurrency(order, currencyId == EmptyGuid ? "" : Currencies.FirstOrDefault(c => c.Id == currencyId)?.Code
                ?? throw BusinessCentralRefusals.NotFound("Currency", "SystemId", currencyId), "Purchase Header");
        if (BusinessCentralWriteBody.Guid(body, "paymentTermsId") is { } termsId)
            order["paymentTermsId"] = termsId == EmptyGuid || PaymentTerms.Any(t => t.Id == termsId) ? termsId : throw BusinessCentralRefusals.NotFound("Payment Terms", "SystemId", termsId);
        foreach (var field in new[] { "purchaser", "shipToName", "shipToContact", "shipToAddressLine1", "shipToAddressLine2", "shipToCity", "shipToCountry",
                     "shipToState", "shipToPostCode", "shortcutDimension1Code", "shortcutDimension2Code" })
            if (BusinessCentralWriteBody.Text(body, field) is { } text) order[field] = text;
        if (BusinessCentralWriteBody.Guid(body, "shipmentMethodId") is { } shipment) order["shipmentMethodId"] = shipment;
        if (BusinessCentralWriteBody.Bool(body, "pricesIncludeTax") is { } includesTax) order["pricesIncludeTax"] = includesTax;
        if (Number(body, "discountAmount") is { } discount) order["discountAmount"] = discount;
    }

    private static void EnsureOpen(JsonObject order)
    {
        if (Text(order["status"]) != "Draft") throw BusinessCentralRefusals.StatusNotOpen(Text(order["number"]), Text(order["status"]));
    }

    private static string Unique(BusinessCentralInstance instance, string number) =>
        instance.Records[Entity].Where(o => Text(o["number"]) == number).Count == 0
            ? number
            : throw BusinessCentralRefusals.Duplicate("Purchase Header", "Document Type='Order',No.", number);

    private static void AddLine(JsonObject order, JsonObject line) => ((JsonArray)order[BusinessCentralEntitySet.LinesProperty]!).Add(line);

    private static void Recompute(JsonObject order)
    {
        var lines = BusinessCentralLineWrites.LinesOf(order).ToList();
        var net = lines.Sum(l => Decimal(l["netAmount"]));
        var tax = lines.Sum(l => Decimal(l["netTaxAmount"]));
        order["totalAmountExcludingTax"] = net;
        order["totalTaxAmount"] = tax;
        order["totalAmountIncludingTax"] = net + tax;
        var items = lines.Where(l => Text(l["lineType"]) == "Item").ToList();
        order["fullyReceived"] = items.Count > 0 && items.All(l => Decimal(l["receivedQuantity"]) >= Decimal(l["quantity"]));
    }

    private static JsonObject Save(BusinessCentralInstance instance, JsonObject order, DateTimeOffset now) =>
        instance.Records[Entity].Update(Text(order["id"]).ToLowerInvariant(), row =>
        {
            row.Clear();
            foreach (var (name, value) in order) row[name] = value?.DeepClone();
        }, now)!;
}

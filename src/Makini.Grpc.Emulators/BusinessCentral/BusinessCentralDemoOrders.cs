using System.Globalization;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralReferenceData;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// Purchase orders of the demo company: lines of existing inventory items bought from an existing vendor in the
/// vendor's currency ("" for the local currency). API statuses: "Draft" (document status Open), "In Review"
/// (Pending Approval), "Open" (Released); released orders may be partly or fully received.
/// </summary>
internal static class BusinessCentralDemoOrders
{
    private static readonly string[] Purchasers = ["PS", "MH", "RB", "JO", ""];

    public static IEnumerable<JsonObject> Generate(
        int firstIndex, int count, int seed, DateTimeOffset now, IReadOnlyList<JsonObject> vendors, IReadOnlyList<JsonObject> items)
    {
        var buyable = vendors.Where(v => Text(v["blocked"]) != "All").ToList();
        var stocked = items.Where(i => Text(i["type"]) == "Inventory").ToList();
        if (buyable.Count == 0 || stocked.Count == 0) yield break;
        var random = new Random(seed);
        var company = CompanyInformation(EmptyGuid);
        for (var i = 0; i < count; i++)
        {
            var id = BusinessCentralDemoClock.Guid(random);
            var vendor = buyable[random.Next(buyable.Count)];
            var currencyCode = Text(vendor["currencyCode"]);
            var currency = Currencies.FirstOrDefault(c => c.Code == currencyCode);
            var modified = BusinessCentralDemoClock.RecentChange(random, now);
            var orderDate = DateOnly.FromDateTime(modified.UtcDateTime.AddDays(-random.Next(0, 40)).AddHours(-5));
            var requested = random.Next(5) == 0 ? DateOnly.MinValue : orderDate.AddDays(random.Next(7, 31));
            var status = random.Next(100) switch
            {
                < 20 => "Draft",
                < 30 => "In Review",
                _ => "Open",
            };
            var progress = status != "Open" ? 0 : random.Next(100) switch
            {
                < 45 => 0,
                < 75 => 1,
                _ => 2,
            };
            var taxPercent = currency is null && random.Next(10) < 3 ? 6.5m : 0m;
            var lines = Lines(random, id, stocked, currency, orderDate, requested, progress, taxPercent);
            var net = lines.Sum(l => l!["netAmount"]!.GetValue<decimal>());
            var tax = lines.Sum(l => l!["netTaxAmount"]!.GetValue<decimal>());
            yield return new JsonObject
            {
                ["id"] = id,
                ["number"] = (106_001 + firstIndex + i).ToString(CultureInfo.InvariantCulture),
                ["orderDate"] = BusinessCentralDemoClock.Day(orderDate),
                ["postingDate"] = BusinessCentralDemoClock.Day(orderDate),
                ["vendorId"] = vendor["id"]!.DeepClone(),
                ["vendorNumber"] = vendor["number"]!.DeepClone(),
                ["vendorName"] = vendor["displayName"]!.DeepClone(),
                ["payToName"] = vendor["displayName"]!.DeepClone(),
                ["payToVendorId"] = vendor["id"]!.DeepClone(),
                ["payToVendorNumber"] = vendor["number"]!.DeepClone(),
                ["shipToName"] = company["displayName"]!.DeepClone(),
                ["shipToContact"] = random.Next(3) == 0 ? "Maintenance stores" : "",
                ["buyFromAddressLine1"] = vendor["addressLine1"]?.DeepClone() ?? "",
                ["buyFromAddressLine2"] = vendor["addressLine2"]?.DeepClone() ?? "",
                ["buyFromCity"] = vendor["city"]?.DeepClone() ?? "",
                ["buyFromCountry"] = vendor["country"]?.DeepClone() ?? "",
                ["buyFromState"] = vendor["state"]?.DeepClone() ?? "",
                ["buyFromPostCode"] = vendor["postalCode"]?.DeepClone() ?? "",
                ["payToAddressLine1"] = vendor["addressLine1"]?.DeepClone() ?? "",
                ["payToAddressLine2"] = vendor["addressLine2"]?.DeepClone() ?? "",
                ["payToCity"] = vendor["city"]?.DeepClone() ?? "",
                ["payToCountry"] = vendor["country"]?.DeepClone() ?? "",
                ["payToState"] = vendor["state"]?.DeepClone() ?? "",
                ["payToPostCode"] = vendor["postalCode"]?.DeepClone() ?? "",
                ["shipToAddressLine1"] = company["addressLine1"]!.DeepClone(),
                ["shipToAddressLine2"] = company["addressLine2"]!.DeepClone(),
                ["shipToCity"] = company["city"]!.DeepClone(),
                ["shipToCountry"] = company["country"]!.DeepClone(),
                ["shipToState"] = company["state"]!.DeepClone(),
                ["shipToPostCode"] = company["postalCode"]!.DeepClone(),
                ["shortcutDimension1Code"] = "",
                ["shortcutDimension2Code"] = "",
                ["currencyId"] = currency?.Id ?? EmptyGuid,
                ["currencyCode"] = currency?.Code ?? "",
                ["pricesIncludeTax"] = false,
                ["paymentTermsId"] = vendor["paymentTermsId"]?.DeepClone() ?? EmptyGuid,
                ["shipmentMethodId"] = EmptyGuid,
                ["purchaser"] = Purchasers[random.Next(Purchasers.Length)],
                ["requestedReceiptDate"] = BusinessCentralDemoClock.Day(requested),
                ["discountAmount"] = 0m,
                ["discountAppliedBeforeTax"] = true,
                ["totalAmountExcludingTax"] = net,
                ["totalTaxAmount"] = tax,
                ["totalAmountIncludingTax"] = net + tax,
                ["fullyReceived"] = progress == 2,
                ["status"] = status,
                ["lastModifiedDateTime"] = BusinessCentralDemoClock.Stamp(modified),
                [BusinessCentralEntitySet.LinesProperty] = lines,
            };
        }
    }

    private static JsonArray Lines(Random random, string documentId, IReadOnlyList<JsonObject> items, Currency? currency,
        DateOnly orderDate, DateOnly requested, int progress, decimal taxPercent)
    {
        var lines = new JsonArray();
        var count = random.Next(1, 7);
        for (var n = 1; n <= count; n++)
        {
            var item = items[random.Next(items.Count)];
            var unit = Text(item["baseUnitOfMeasureCode"]);
            var quantity = unit is "L" or "M" ? decimal.Round(random.Next(5, 400) / 4m, 2) : random.Next(1, 60);
            var cost = item["unitCost"] is JsonValue c && c.TryGetValue<decimal>(out var known) ? known : 10m;
            var directUnitCost = currency is null ? cost : decimal.Round(cost / currency.UsdPerUnit, 5);
            var amount = decimal.Round(quantity * directUnitCost, 2);
            var tax = decimal.Round(amount * taxPercent / 100, 2);
            var received = progress switch
            {
                2 => quantity,
                1 => n == 1 ? decimal.Floor(quantity / 2) : random.Next(2) == 0 ? quantity : 0m,
                _ => 0m,
            };
            var invoiced = progress == 2 && random.Next(2) == 0 ? received : 0m;
            var expected = requested == DateOnly.MinValue ? orderDate.AddDays(random.Next(5, 21)) : requested;
            lines.Add(new JsonObject
            {
                ["id"] = BusinessCentralDemoClock.Guid(random),
                ["documentId"] = documentId,
                ["sequence"] = n * 10_000,
                ["itemId"] = item["id"]!.DeepClone(),
                ["accountId"] = EmptyGuid,
                ["lineType"] = "Item",
                ["lineObjectNumber"] = item["number"]!.DeepClone(),
                ["description"] = item["displayName"]!.DeepClone(),
                ["description2"] = "",
                ["unitOfMeasureId"] = item["baseUnitOfMeasureId"]?.DeepClone() ?? EmptyGuid,
                ["unitOfMeasureCode"] = unit,
                ["quantity"] = quantity,
                ["directUnitCost"] = directUnitCost,
                ["discountAmount"] = 0m,
                ["discountPercent"] = 0m,
                ["discountAppliedBeforeTax"] = true,
                ["amountExcludingTax"] = amount,
                ["taxCode"] = taxPercent > 0 ? "SUPPLIES" : "",
                ["taxPercent"] = taxPercent,
                ["totalTaxAmount"] = tax,
                ["amountIncludingTax"] = amount + tax,
                ["invoiceDiscountAllocation"] = 0m,
                ["netAmount"] = amount,
                ["netTaxAmount"] = tax,
                ["netAmountIncludingTax"] = amount + tax,
                ["expectedReceiptDate"] = BusinessCentralDemoClock.Day(expected),
                ["receivedQuantity"] = received,
                ["invoicedQuantity"] = invoiced,
                ["invoiceQuantity"] = received - invoiced,
                ["receiveQuantity"] = quantity - received,
                ["itemVariantId"] = EmptyGuid,
                ["locationId"] = EmptyGuid,
            });
        }
        return lines;
    }

    private static string Text(JsonNode? node) => node is JsonValue value ? value.ToString() : "";
}

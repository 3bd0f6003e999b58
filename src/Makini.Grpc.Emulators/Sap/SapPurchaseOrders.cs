using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Purchase orders as API_PURCHASEORDER_PROCESS_SRV shows them: the A_PurchaseOrder header with its items (1–5,
/// three on average) and one schedule line per item, in the supplier's currency, with YY1_ custom fields on some.
/// </summary>
internal static class SapPurchaseOrders
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IEnumerable<JsonObject> Generate(SapNumberRanges numbers, int count, int seed, DateTimeOffset now)
    {
        var random = SapRecordBuilder.Random(seed, SapEntities.PurchaseOrder);
        for (var i = 0; i < count; i++)
            yield return One(numbers.NextPurchaseOrder(), random, now);
    }

    private static JsonObject One(long number, Random random, DateTimeOffset now)
    {
        var supplier = random.Next(SapDemoCatalog.DemoSuppliers);
        var plant = SapRecordBuilder.Pick(random, SapDemoCatalog.Plants);
        var currency = SapDemoCatalog.SupplierCurrency(supplier);
        var created = SapRecordBuilder.Past(random, now, TimeSpan.FromDays(180));
        var changed = Min(created + TimeSpan.FromSeconds(random.Next(0, 20 * 86_400)), now);
        var status = SapRecordBuilder.Weighted(random, ("05", 55), ("02", 25), ("03", 8), ("01", 7), ("08", 5));
        var orderDate = SapRecordBuilder.DateOf(created);
        var key = number.ToString(Invariant);
        var lines = 1 + random.Next(5);
        var deliveredUpTo = status is "05" or "02" && now - created > TimeSpan.FromDays(30) ? random.Next(lines + 1) : 0;

        return SapRecordBuilder.Build(w =>
        {
            w.WriteString("PurchaseOrder", key);
            w.WriteString("CompanyCode", plant.CompanyCode);
            w.WriteString("PurchaseOrderType", "NB");
            w.WriteString("PurchasingProcessingStatus", status);
            w.WriteString("CreationDate", SapDates.DateTime(orderDate));
            w.WriteString("LastChangeDateTime", SapDates.DateTimeOffset(changed));
            w.WriteString("Supplier", SapDemoCatalog.SupplierNumber(supplier));
            w.WriteString("PaymentTerms", SapDemoCatalog.SupplierPaymentTerms(supplier));
            w.WriteString("PurchasingOrganization", plant.CompanyCode);
            w.WriteString("PurchasingGroup", $"00{1 + random.Next(5)}");
            w.WriteString("PurchaseOrderDate", SapDates.DateTime(orderDate));
            w.WriteString("DocumentCurrency", currency);
            if (number % 3 == 0) w.WriteString("YY1_ProjectCode_PDH", $"PRJ-{random.Next(1000, 10000)}");
            if (number % 5 == 0) w.WriteBoolean("YY1_UrgentDelivery_PDH", random.Next(2) == 0);
            w.WriteStartObject("to_PurchaseOrderItem");
            w.WriteStartArray("results");
            for (var line = 0; line < lines; line++)
                WriteItem(w, key, line, plant, currency, orderDate, line < deliveredUpTo, random);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteItem(Utf8JsonWriter w, string order, int line, SapPlant plant, string currency, DateOnly orderDate, bool delivered, Random random)
    {
        var material = SapRecordBuilder.Pick(random, SapDemoCatalog.Materials);
        var item = ((line + 1) * 10).ToString(Invariant);
        var quantity = material.PriceUnit > 1 ? random.Next(1, 50) * 100m : random.Next(1, 200);
        // Prices vary around the list price, in cents; NetAmount is what SAP computes per price unit, to the cent.
        var price = Math.Round(material.Price * (0.85m + random.Next(0, 31) / 100m), 2);
        var net = Math.Round(quantity * price / material.PriceUnit, 2, MidpointRounding.AwayFromZero);
        var deliveryDate = orderDate.AddDays(7 + random.Next(39));

        w.WriteStartObject();
        w.WriteString("PurchaseOrder", order);
        w.WriteString("PurchaseOrderItem", item);
        w.WriteString("PurchaseOrderItemText", material.Text);
        w.WriteString("Plant", plant.Plant);
        w.WriteString("StorageLocation", SapRecordBuilder.Pick(random, plant.StorageLocations));
        w.WriteString("MaterialGroup", material.MaterialGroup);
        w.WriteString("OrderQuantity", quantity.ToString(Invariant));
        w.WriteString("PurchaseOrderQuantityUnit", material.Unit);
        w.WriteString("DocumentCurrency", currency);
        w.WriteString("NetPriceAmount", price.ToString("0.00", Invariant));
        w.WriteString("NetPriceQuantity", material.PriceUnit.ToString(Invariant));
        w.WriteString("NetAmount", net.ToString("0.00", Invariant));
        w.WriteString("Material", material.Material);
        w.WriteBoolean("IsCompletelyDelivered", delivered);
        w.WriteBoolean("IsFinallyInvoiced", delivered && random.Next(3) > 0);
        w.WriteString("PurchasingDocumentDeletionCode", random.Next(40) == 0 ? "L" : "");
        w.WriteStartObject("to_ScheduleLine");
        w.WriteStartArray("results");
        w.WriteStartObject();
        w.WriteString("PurchasingDocument", order);
        w.WriteString("PurchasingDocumentItem", item);
        w.WriteString("ScheduleLine", "1");
        w.WriteString("ScheduleLineDeliveryDate", SapDates.DateTime(deliveryDate));
        w.WriteString("ScheduleLineOrderQuantity", quantity.ToString(Invariant));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

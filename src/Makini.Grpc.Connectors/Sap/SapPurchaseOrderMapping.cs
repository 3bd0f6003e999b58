using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Sap.SapWire;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>An A_PurchaseOrder (read with <c>$expand=to_PurchaseOrderItem/to_ScheduleLine</c>) as a unified purchase order.</summary>
public static class SapPurchaseOrderMapping
{
    public const string Service = "API_PURCHASEORDER_PROCESS_SRV";
    public const string EntitySet = "A_PurchaseOrder";
    public const string Expand = "to_PurchaseOrderItem,to_PurchaseOrderItem/to_ScheduleLine";

    /// <summary>Deletion code of an item that was deleted (it stays in the document, flagged).</summary>
    private const string DeletedItem = "L";

    /// <summary>An entity held as a node (a write's answer, a test's fixture).</summary>
    public static SourceRecord Map(JsonObject header) => MapNode(header, Map);

    /// <summary>An entity of a parsed page, and its JSON as it arrived (kept as the raw record).</summary>
    public static SourceRecord Map(JsonElement header, ReadOnlyMemory<byte> raw)
    {
        var number = Text(header.Field("PurchaseOrder"));
        var currency = Text(header.Field("DocumentCurrency"));
        var items = Results(header.Field("to_PurchaseOrderItem")).ToList();
        var live = items.Where(i => Text(i.Field("PurchasingDocumentDeletionCode")) != DeletedItem).ToList();
        var modified = Instant(header.Field("LastChangeDateTime"));
        var order = new PurchaseOrder
        {
            RemoteId = number,
            Number = number,
            RemoteCreatedTime = Normalize.Time(Instant(header.Field("CreationDate"))),
            RemoteModifiedTime = Normalize.Time(modified),
            Status = StatusOf(Text(header.Field("PurchasingProcessingStatus")), items, live),
            RemoteStatus = Text(header.Field("PurchasingProcessingStatus")),
            CurrencyCode = currency,
            OrderDate = DateText(header.Field("PurchaseOrderDate")),
            PaymentTerms = Text(header.Field("PaymentTerms")),
            TotalAmount = new Money { CurrencyCode = currency, Amount = Sum(live.Select(i => Normalize.Decimal(i.Field("NetAmount")))) },
            CustomFields = Normalize.CustomFields(header, IsCustomField),
            Etag = ETag(header),
        };
        if (Text(header.Field("Supplier")) is { Length: > 0 } supplier)
            order.Vendor = new RecordRef { RemoteId = supplier };
        order.Lines.AddRange(live.Select(Line));
        return new SourceRecord(number, order, raw, modified);
    }

    private static PurchaseOrderLine Line(JsonElement item)
    {
        var currency = Text(item.Field("DocumentCurrency"));
        return new PurchaseOrderLine
        {
            LineNumber = Text(item.Field("PurchaseOrderItem")),
            ItemCode = Text(item.Field("Material")),
            Description = Text(item.Field("PurchaseOrderItemText")),
            Quantity = Normalize.Decimal(item.Field("OrderQuantity")),
            UnitOfMeasure = Text(item.Field("PurchaseOrderQuantityUnit")),
            UnitPrice = new Money { CurrencyCode = currency, Amount = UnitPrice(item) },
            Amount = Normalize.Money(currency, item.Field("NetAmount")),
            DeliveryDate = Results(item.Field("to_ScheduleLine"))
                .Select(s => Date(s.Field("ScheduleLineDeliveryDate")))
                .Where(d => d is not null)
                .Min() is { } first ? Normalize.Date(first) : "",
        };
    }

    /// <summary>
    /// Every item deleted (deletion code L, what DELETE A_PurchaseOrder leaves) → cancelled, whatever the order's stage.
    /// Otherwise PurchasingProcessingStatus (EKKO-PROCSTAT): 01 version in process → draft; 03 in release and 04
    /// partially released → pending approval; 08 rejected → cancelled; 02 active and 05 release completed → open, refined
    /// by the items: all delivered and finally invoiced → closed; all delivered → received; some delivered → partially
    /// received. Other codes are unspecified (remote_status keeps them).
    /// </summary>
    public static PurchaseOrderStatus StatusOf(string processingStatus, IReadOnlyList<JsonElement> items, IReadOnlyList<JsonElement> live)
    {
        if (items.Count > 0 && live.Count == 0) return PurchaseOrderStatus.Cancelled;
        switch (processingStatus)
        {
            case "01": return PurchaseOrderStatus.Draft;
            case "03" or "04": return PurchaseOrderStatus.PendingApproval;
            case "08": return PurchaseOrderStatus.Cancelled;
            case not ("02" or "05"): return PurchaseOrderStatus.Unspecified;
        }
        var delivered = live.Count(i => Flag(i.Field("IsCompletelyDelivered")));
        if (live.Count > 0 && delivered == live.Count)
            return live.All(i => Flag(i.Field("IsFinallyInvoiced"))) ? PurchaseOrderStatus.Closed : PurchaseOrderStatus.Received;
        return delivered > 0 ? PurchaseOrderStatus.PartiallyReceived : PurchaseOrderStatus.Open;
    }

    /// <summary>NetPriceAmount is the price per NetPriceQuantity units (e.g. 14.90 per 100); the unit price divides it.</summary>
    private static string UnitPrice(JsonElement item)
    {
        var price = Normalize.Decimal(item.Field("NetPriceAmount"));
        var per = Normalize.Decimal(item.Field("NetPriceQuantity"));
        if (price.Length == 0 || per.Length == 0) return price;
        var perUnits = decimal.Parse(per, CultureInfo.InvariantCulture);
        return perUnits is 0 or 1 ? price : (decimal.Parse(price, CultureInfo.InvariantCulture) / perUnits).ToString(CultureInfo.InvariantCulture);
    }

    private static string Sum(IEnumerable<string> amounts)
    {
        var total = 0m;
        foreach (var amount in amounts)
            if (amount.Length > 0) total += decimal.Parse(amount, CultureInfo.InvariantCulture);
        return total.ToString(CultureInfo.InvariantCulture);
    }

    public static EntityMapping Mapping { get; } = new($"{Service}/{EntitySet}",
    [
        new("remote_id", "A_PurchaseOrder.PurchaseOrder"),
        new("number", "A_PurchaseOrder.PurchaseOrder"),
        new("remote_created_time", "A_PurchaseOrder.CreationDate", "Edm.DateTime: the creation day at 00:00 UTC"),
        new("remote_modified_time", "A_PurchaseOrder.LastChangeDateTime", "Edm.DateTimeOffset /Date(ms+0000)/"),
        new("vendor.remote_id", "A_PurchaseOrder.Supplier", "the supplier number (A_Supplier.Supplier)"),
        new("status", "A_PurchaseOrder.PurchasingProcessingStatus + items' IsCompletelyDelivered/IsFinallyInvoiced/PurchasingDocumentDeletionCode",
            "01→DRAFT; 03,04→PENDING_APPROVAL; 08→CANCELLED; 02,05→OPEN, or by the items: all deleted→CANCELLED, all delivered and invoiced→CLOSED, all delivered→RECEIVED, some→PARTIALLY_RECEIVED"),
        new("remote_status", "A_PurchaseOrder.PurchasingProcessingStatus"),
        new("currency_code", "A_PurchaseOrder.DocumentCurrency"),
        new("order_date", "A_PurchaseOrder.PurchaseOrderDate", "Edm.DateTime /Date(ms)/ as a calendar date"),
        new("payment_terms", "A_PurchaseOrder.PaymentTerms", "the payment terms key, e.g. NT30"),
        new("lines", "A_PurchaseOrder.to_PurchaseOrderItem", "items with PurchasingDocumentDeletionCode 'L' (deleted) are left out"),
        new("lines.line_number", "A_PurchaseOrderItem.PurchaseOrderItem"),
        new("lines.item_code", "A_PurchaseOrderItem.Material"),
        new("lines.description", "A_PurchaseOrderItem.PurchaseOrderItemText"),
        new("lines.quantity", "A_PurchaseOrderItem.OrderQuantity", "Edm.Decimal string"),
        new("lines.unit_of_measure", "A_PurchaseOrderItem.PurchaseOrderQuantityUnit"),
        new("lines.unit_price", "A_PurchaseOrderItem.NetPriceAmount / NetPriceQuantity", "in DocumentCurrency; exact decimal division"),
        new("lines.amount", "A_PurchaseOrderItem.NetAmount", "in DocumentCurrency"),
        new("lines.delivery_date", "min(A_PurchaseOrderScheduleLine.ScheduleLineDeliveryDate)", "the item's earliest schedule line (to_ScheduleLine)"),
        new("total_amount", "sum(A_PurchaseOrderItem.NetAmount)", "decimal sum over the items not deleted, in DocumentCurrency"),
        new("custom_fields", "A_PurchaseOrder.YY1_*, ZZ1_*", "key-user and developer extension fields of the header"),
        new("etag", "A_PurchaseOrder.__metadata.etag"),
        new("delivery_date", "", "not set: S/4HANA has no header delivery date; see lines.delivery_date"),
    ]);
}

using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Reading.Normalize;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>mxapipo → PurchaseOrder, one per PO revision; poline rows become lines.</summary>
internal static class MaximoPurchaseOrders
{
    public static readonly MaximoEntity Entity = new(
        EntityKind.PurchaseOrder, "mxapipo", "poid", ["siteid", "ponum", "revisionnum"],
        MaximoEntity.KnownWith("poid", "ponum", "revisionnum", "vendor", "status", "receipts", "currencycode", "orderdate",
            "requireddate", "vendeliverydate", "paymentterms", "totalcost", "description", "statusdate", "purchaseagent"),
        [
            new("remote_id", "siteid + '/' + ponum + '/' + revisionnum", "Each PO revision is its own record"),
            new("number", "ponum"),
            new("vendor.remote_id", "orgid + '/' + vendor", "Vendors are keyed by organization and company"),
            new("vendor.name", "vendor", "The company code"),
            new("status", "status (status_maxvalue when served) and receipts",
                "WAPPR→PENDING_APPROVAL; APPR→OPEN, or PARTIALLY_RECEIVED/RECEIVED when receipts is PARTIAL/COMPLETE; INPRG, HOLD→OPEN; REVISE, PNDREV→DRAFT; CLOSE→CLOSED; CAN→CANCELLED"),
            new("remote_status", "status"),
            new("currency_code", "currencycode"),
            new("order_date", "orderdate", "Date-time with the server's offset; the calendar day as written, not shifted to UTC"),
            new("required_date", "requireddate", "DATE attribute (local midnight with offset); the calendar day as written"),
            new("delivery_date", "vendeliverydate", "Calendar day as written"),
            new("payment_terms", "paymentterms"),
            new("total_amount", "currencycode + totalcost", "JSON number read as a decimal, never through floating point"),
            new("lines.line_number", "poline.polinenum"),
            new("lines.remote_id", "poline.polineid", "Empty unless the object structure serves it"),
            new("lines.item_code", "poline.itemnum"),
            new("lines.description", "poline.description"),
            new("lines.quantity", "poline.orderqty", "Decimal string"),
            new("lines.unit_of_measure", "poline.orderunit"),
            new("lines.unit_price", "currencycode + poline.unitcost"),
            new("lines.amount", "currencycode + poline.linecost"),
            new("lines.delivery_date", "poline.reqdeliverydate", "Calendar day as written"),
            new("remote_created_time", "", "Maximo keeps no creation time on a PO"),
            new("remote_modified_time", "changedate", "Date-time with offset, converted to the instant"),
            new("etag", "_rowstamp"),
            new("custom_fields", "other scalar attributes", "Every scalar attribute not named here and not a system attribute (href, _rowstamp, *_collectionref, *_description …)"),
        ],
        Map);

    private static IMessage Map(JsonObject r, MaximoMapContext context)
    {
        var currency = Text(r["currencycode"]);
        var status = Text(r["status_maxvalue"]) is { Length: > 0 } internalValue ? internalValue : Text(r["status"]);
        var po = new PurchaseOrder
        {
            RemoteId = Entity.RemoteIdOf(r),
            RemoteModifiedTime = MaximoFields.Time(r["changedate"]),
            Number = Text(r["ponum"]),
            Vendor = MaximoFields.Ref(r, "orgid", "vendor"),
            Status = MaximoStatuses.PurchaseOrder(status, Text(r["receipts"])),
            RemoteStatus = Text(r["status"]),
            CurrencyCode = currency,
            OrderDate = MaximoFields.CalendarDate(r["orderdate"]),
            RequiredDate = MaximoFields.CalendarDate(r["requireddate"]),
            DeliveryDate = MaximoFields.CalendarDate(r["vendeliverydate"]),
            PaymentTerms = Text(r["paymentterms"]),
            TotalAmount = r["totalcost"] is null ? null : Normalize.Money(currency, r["totalcost"]),
            CustomFields = MaximoFields.CustomFields(r, Entity.Known),
            Etag = Text(r["_rowstamp"]),
        };
        if (r["poline"] is JsonArray lines)
        {
            foreach (var line in lines.OfType<JsonObject>())
            {
                po.Lines.Add(new PurchaseOrderLine
                {
                    LineNumber = Text(line["polinenum"]),
                    RemoteId = Text(line["polineid"]),
                    ItemCode = Text(line["itemnum"]),
                    Description = Text(line["description"]),
                    Quantity = Normalize.Decimal(line["orderqty"]),
                    UnitOfMeasure = Text(line["orderunit"]),
                    UnitPrice = line["unitcost"] is null ? null : Normalize.Money(currency, line["unitcost"]),
                    Amount = line["linecost"] is null ? null : Normalize.Money(currency, line["linecost"]),
                    DeliveryDate = MaximoFields.CalendarDate(line["reqdeliverydate"]),
                });
            }
        }
        return po;
    }
}

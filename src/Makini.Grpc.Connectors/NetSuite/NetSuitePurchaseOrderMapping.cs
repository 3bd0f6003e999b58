using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.NetSuite.NetSuiteFields;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>What a mapping needs besides the record: the account's currencies and date preferences.</summary>
public sealed record NetSuiteMappingContext(NetSuiteCurrencyBook Currencies, NetSuiteAccountSettings Account);

/// <summary>A NetSuite purchaseOrder record (read with expandSubResources=true) as a unified purchase order.</summary>
public static class NetSuitePurchaseOrderMapping
{
    /// <summary>
    /// Purchase order statuses by REST id and by the letter of <c>orderStatus</c>. Rejected orders count as
    /// cancelled; "Pending Bill" means everything arrived; "Fully Billed" is done, so closed.
    /// </summary>
    private static readonly (string Id, string Letter, string Name, PurchaseOrderStatus Status)[] Statuses =
    [
        ("pendingSupApproval", "A", "Pending Supervisor Approval", PurchaseOrderStatus.PendingApproval),
        ("pendingReceipt", "B", "Pending Receipt", PurchaseOrderStatus.Open),
        ("rejectedBySupervisor", "C", "Rejected by Supervisor", PurchaseOrderStatus.Cancelled),
        ("partiallyReceived", "D", "Partially Received", PurchaseOrderStatus.PartiallyReceived),
        ("pendingBillPartReceived", "E", "Pending Billing/Partially Received", PurchaseOrderStatus.PartiallyReceived),
        ("pendingBilling", "F", "Pending Bill", PurchaseOrderStatus.Received),
        ("fullyBilled", "G", "Fully Billed", PurchaseOrderStatus.Closed),
        ("closed", "H", "Closed", PurchaseOrderStatus.Closed),
    ];

    public static PurchaseOrder Map(JsonObject record, NetSuiteMappingContext context)
    {
        var currency = context.Currencies.IsoOf(record["currency"]);
        var order = new PurchaseOrder
        {
            RemoteId = Text(record["id"]),
            RemoteCreatedTime = Time(record["createdDate"]),
            RemoteModifiedTime = Time(record["lastModifiedDate"]),
            Number = Text(record["tranId"]),
            Vendor = Ref(record["entity"]),
            Status = StatusOf(record),
            RemoteStatus = RemoteStatusOf(record),
            CurrencyCode = currency,
            OrderDate = Date(record["tranDate"], context.Account),
            RequiredDate = Date(record["dueDate"], context.Account),
            ShipTo = NetSuiteAddresses.From(record["shippingAddress"], record["shipAddress"]),
            PaymentTerms = RefName(record["terms"]),
            TotalAmount = record["total"] is null ? null : Normalize.Money(currency, record["total"]),
            CustomFields = CustomFields(record),
            Etag = EtagOf(record),
        };
        var lineFields = new Struct();
        foreach (var line in Lines(record["item"]))
        {
            var mapped = MapLine(line, currency, context.Account);
            order.Lines.Add(mapped);
            var custom = CustomFields(line);
            if (custom.Fields.Count > 0) lineFields.Fields[mapped.LineNumber] = Value.ForStruct(custom);
        }
        // Line custom fields (custcol*) have no place on PurchaseOrderLine: they are kept per line number.
        if (lineFields.Fields.Count > 0) order.CustomFields.Fields["lines"] = Value.ForStruct(lineFields);
        return order;
    }

    public static PurchaseOrderStatus StatusOf(JsonObject record)
    {
        var id = RefId(record["status"]);
        var letter = RefId(record["orderStatus"]);
        var name = RefName(record["status"]) is { Length: > 0 } n ? n : RefName(record["orderStatus"]);
        var match = Statuses.FirstOrDefault(s => s.Id == id);
        if (match.Id is null) match = Statuses.FirstOrDefault(s => s.Letter == letter);
        if (match.Id is null) match = Statuses.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        return match.Id is null ? PurchaseOrderStatus.Unspecified : match.Status;
    }

    /// <summary>The status's REST id (e.g. "pendingReceipt"), else the orderStatus letter, else the displayed name.</summary>
    private static string RemoteStatusOf(JsonObject record) =>
        RefId(record["status"]) is { Length: > 0 } id ? id
        : RefId(record["orderStatus"]) is { Length: > 0 } letter ? letter
        : RefName(record["status"]);

    private static PurchaseOrderLine MapLine(JsonObject line, string currency, NetSuiteAccountSettings account) => new()
    {
        LineNumber = Text(line["line"]),
        ItemCode = RefName(line["item"]),
        Description = Text(line["description"]),
        Quantity = Normalize.Decimal(line["quantity"]),
        UnitOfMeasure = RefName(line["units"]),
        UnitPrice = line["rate"] is null ? null : Normalize.Money(currency, line["rate"]),
        Amount = line["amount"] is null ? null : Normalize.Money(currency, line["amount"]),
        DeliveryDate = Date(line["expectedReceiptDate"], account),
    };
}

using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Reading.Normalize;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>/purchase-orders → PurchaseOrder, /parts → InventoryItem and /vendors → Vendor. Money is in the account's
/// single currency (<see cref="UpKeepFields.AccountCurrency"/>).</summary>
internal static class UpKeepPurchasingMappings
{
    public static readonly UpKeepEntity PurchaseOrders = new(EntityKind.PurchaseOrder, "purchase-orders",
    [
        .. UpKeepEntity.Common,
        new("number", "poNumber", "UNVERIFIED field name"),
        new("vendor.remote_id", "vendor", "A vendor id"),
        new("status", "status", "UNVERIFIED values: awaiting→PENDING_APPROVAL, approved→OPEN, partiallyFulfilled→PARTIALLY_RECEIVED, fulfilled→RECEIVED, declined, cancelled→CANCELLED"),
        new("remote_status", "status"),
        new("currency_code", "", "The account's currency (UpKeep is single-currency; assumed USD)"),
        new("order_date", "createdAt", "UTC calendar day the order was created"),
        new("required_date", "dueDate", "UTC calendar day of the due instant"),
        new("total_amount", "totalCost", "JSON number read as a decimal, never through floating point"),
        new("lines.line_number", "partsOrdered[i]", "Position, from 1: UpKeep lines have no key"),
        new("lines.item_code", "partsOrdered.part", "The part id"),
        new("lines.quantity", "partsOrdered.quantity"),
        new("lines.unit_price", "partsOrdered.unitCost"),
        new("lines.amount", "partsOrdered.quantity × unitCost", "Computed in decimal; UpKeep sends no line total"),
    ], MapPurchaseOrder);

    public static readonly UpKeepEntity Parts = new(EntityKind.InventoryItem, "parts",
    [
        .. UpKeepEntity.Common,
        new("item_code", "partNumber"),
        new("description", "name", "The part's name; its longer description stays in raw"),
        new("location", "location", "The location id"),
        new("bin", "area", "Free text such as \"Aisle 3, Shelf B\""),
        new("quantity_on_hand", "quantity", "Decimal string"),
        new("quantity_available", "quantity", "UpKeep reserves nothing, so all on hand is available"),
        new("unit_cost", "unitCost", "In the account's currency"),
    ], MapPart);

    public static readonly UpKeepEntity Vendors = new(EntityKind.Vendor, "vendors",
    [
        .. UpKeepEntity.Common,
        new("code", "", "UpKeep vendors have no code"),
        new("name", "businessName"),
        new("email", "email"),
        new("phone", "phoneNumber"),
        new("address.text", "address", "One text, as UpKeep keeps it"),
        new("currency_code", "", "The account's currency"),
        new("active", "", "Always true: UpKeep has no inactive vendors"),
    ], MapVendor);

    private static IMessage MapPurchaseOrder(JsonObject r)
    {
        var po = new PurchaseOrder
        {
            RemoteId = Text(r["id"]),
            RemoteCreatedTime = UpKeepFields.Time(r["createdAt"]),
            RemoteModifiedTime = UpKeepFields.Time(r["updatedAt"]),
            Number = Text(r["poNumber"]),
            Vendor = UpKeepFields.Ref(r["vendor"]),
            Status = UpKeepStatuses.PurchaseOrder(Text(r["status"])),
            RemoteStatus = Text(r["status"]),
            CurrencyCode = UpKeepFields.AccountCurrency,
            OrderDate = UpKeepFields.UtcDate(r["createdAt"]),
            RequiredDate = UpKeepFields.UtcDate(r["dueDate"]),
            TotalAmount = r["totalCost"] is null ? null : Normalize.Money(UpKeepFields.AccountCurrency, r["totalCost"]),
            CustomFields = UpKeepFields.CustomFields(r),
            Etag = Text(r["updatedAt"]),
        };
        if (r["partsOrdered"] is JsonArray lines)
        {
            var number = 0;
            foreach (var line in lines.OfType<JsonObject>())
            {
                var quantity = Normalize.Decimal(line["quantity"]);
                var unitCost = Normalize.Decimal(line["unitCost"]);
                po.Lines.Add(new PurchaseOrderLine
                {
                    LineNumber = (++number).ToString(CultureInfo.InvariantCulture),
                    ItemCode = UpKeepFields.IdOf(line["part"]),
                    Quantity = quantity,
                    UnitPrice = unitCost.Length == 0 ? null : new Money { CurrencyCode = UpKeepFields.AccountCurrency, Amount = unitCost },
                    Amount = quantity.Length == 0 || unitCost.Length == 0 ? null : new Money
                    {
                        CurrencyCode = UpKeepFields.AccountCurrency,
                        Amount = (decimal.Parse(quantity, CultureInfo.InvariantCulture) * decimal.Parse(unitCost, CultureInfo.InvariantCulture))
                            .ToString(CultureInfo.InvariantCulture),
                    },
                });
            }
        }
        return po;
    }

    private static IMessage MapPart(JsonObject r) => new InventoryItem
    {
        RemoteId = Text(r["id"]),
        RemoteCreatedTime = UpKeepFields.Time(r["createdAt"]),
        RemoteModifiedTime = UpKeepFields.Time(r["updatedAt"]),
        ItemCode = Text(r["partNumber"]),
        Description = Text(r["name"]),
        Location = UpKeepFields.IdOf(r["location"]),
        Bin = Text(r["area"]),
        QuantityOnHand = Normalize.Decimal(r["quantity"]),
        QuantityAvailable = Normalize.Decimal(r["quantity"]),
        UnitCost = r["unitCost"] is null ? null : Normalize.Money(UpKeepFields.AccountCurrency, r["unitCost"]),
        CustomFields = UpKeepFields.CustomFields(r),
        Etag = Text(r["updatedAt"]),
    };

    private static IMessage MapVendor(JsonObject r) => new Vendor
    {
        RemoteId = Text(r["id"]),
        RemoteCreatedTime = UpKeepFields.Time(r["createdAt"]),
        RemoteModifiedTime = UpKeepFields.Time(r["updatedAt"]),
        Name = Text(r["businessName"]),
        Email = Text(r["email"]),
        Phone = Text(r["phoneNumber"]),
        Address = Text(r["address"]) is { Length: > 0 } address ? new Address { Text = address } : null,
        CurrencyCode = UpKeepFields.AccountCurrency,
        Active = true,
        CustomFields = UpKeepFields.CustomFields(r),
        Etag = Text(r["updatedAt"]),
    };
}

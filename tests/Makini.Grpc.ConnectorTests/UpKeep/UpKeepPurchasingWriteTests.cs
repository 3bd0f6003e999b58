using System.Globalization;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.UpKeep;

/// <summary>Purchase order, vendor and part quantity writes through the UpKeep writer against the emulator.</summary>
public sealed class UpKeepPurchasingWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static async Task<(string Vendor, string PartA, string PartB)> DemoIdsAsync(UpKeepWriting upkeep)
    {
        var vendor = (await upkeep.FirstAsync("vendor", _ => true))["id"]!.GetValue<string>();
        var partA = (await upkeep.FirstAsync("inventory_item", _ => true))["id"]!.GetValue<string>();
        var partB = (await upkeep.FirstAsync("inventory_item", p => p["id"]!.GetValue<string>() != partA))["id"]!.GetValue<string>();
        return (vendor, partA, partB);
    }

    [Fact]
    public async Task a_created_purchase_order_has_its_lines_and_total()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var (vendor, partA, partB) = await DemoIdsAsync(upkeep);
        var order = new PurchaseOrder
        {
            Vendor = new RecordRef { RemoteId = vendor }, RequiredDate = "2030-07-15", CurrencyCode = "USD",
            Lines =
            {
                new PurchaseOrderLine { ItemCode = partA, Quantity = "3", UnitPrice = new Money { CurrencyCode = "USD", Amount = "12.75" } },
                new PurchaseOrderLine { ItemCode = partB, Quantity = "2", UnitPrice = new Money { CurrencyCode = "USD", Amount = "0.10" } },
            },
        };

        var written = (PurchaseOrder)(await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.PurchaseOrder, order))).Record!.Unified;

        written.Number.ShouldBe("PO-2200", "the next number after the demo orders PO-2000–PO-2199");
        written.Status.ShouldBe(PurchaseOrderStatus.PendingApproval);
        written.RequiredDate.ShouldBe("2030-07-15");
        written.Lines.Select(l => (l.ItemCode, l.Quantity, l.Amount.Amount)).ShouldBe([(partA, "3", "38.25"), (partB, "2", "0.20")]);
        written.TotalAmount.Amount.ShouldBe("38.45");
        (await upkeep.ReadAsync(EntityKind.PurchaseOrder, written.RemoteId)).Unified.ShouldBe(written);
        (await upkeep.NativeAsync("purchase_order", written.RemoteId))!["title"]!.GetValue<string>().ShouldBe("Purchase order");
    }

    [Fact]
    public async Task an_update_of_lines_replaces_them_all()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var (vendor, partA, partB) = await DemoIdsAsync(upkeep);
        var created = await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.PurchaseOrder, new PurchaseOrder
        {
            Vendor = new RecordRef { RemoteId = vendor },
            Lines = { new PurchaseOrderLine { ItemCode = partA, Quantity = "1" }, new PurchaseOrderLine { ItemCode = partB, Quantity = "1" } },
        }));

        var written = (PurchaseOrder)(await upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.PurchaseOrder, created.Record!.RemoteId,
            new PurchaseOrder { Lines = { new PurchaseOrderLine { ItemCode = partB, Quantity = "5" } } }, ["lines"]))).Record!.Unified;

        written.Lines.Select(l => (l.ItemCode, l.Quantity)).ShouldBe([(partB, "5")]);
        (await upkeep.ReadAsync(EntityKind.PurchaseOrder, written.RemoteId)).Unified.ShouldBe(written);
    }

    [Fact]
    public async Task an_unknown_vendor_or_part_and_a_foreign_currency_are_refused()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var (vendor, partA, _) = await DemoIdsAsync(upkeep);
        PurchaseOrder Order(string v, string part, string currency = "USD") =>
            new() { Vendor = new RecordRef { RemoteId = v }, CurrencyCode = currency, Lines = { new PurchaseOrderLine { ItemCode = part, Quantity = "1" } } };

        var badVendor = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.PurchaseOrder, Order("NoVendor01", partA))));
        var badPart = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.PurchaseOrder, Order(vendor, "NoSuchPrt1"))));
        var euros = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.PurchaseOrder, Order(vendor, partA, "EUR"))));

        badVendor.UnifiedField.ShouldBe("vendor.remote_id");
        badPart.SourceField.ShouldBe("partsOrdered.part");
        badPart.UnifiedField.ShouldBe("lines.item_code");
        euros.UnifiedField.ShouldBe("currency_code");
        (await upkeep.CountAsync("purchase_order")).ShouldBe(200);
    }

    [Fact]
    public async Task a_fulfilled_purchase_order_can_no_longer_be_changed_or_deleted()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var fulfilled = (await upkeep.FirstAsync("purchase_order", p => p["status"]!.GetValue<string>() == "fulfilled"))["id"]!.GetValue<string>();

        var change = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.PurchaseOrder, fulfilled,
            new PurchaseOrder { RequiredDate = "2031-01-01" }, ["required_date"])));
        var delete = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Delete(EntityKind.PurchaseOrder, fulfilled)));

        change.StateRule.ShouldBeTrue();
        change.SourceMessage.ShouldBe("status fulfilled: a fulfilled purchase order can no longer be changed");
        delete.StateRule.ShouldBeTrue();
        (await upkeep.NativeAsync("purchase_order", fulfilled)).ShouldNotBeNull();
    }

    [Fact]
    public async Task an_awaiting_purchase_order_is_deleted()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var awaiting = (await upkeep.FirstAsync("purchase_order", p => p["status"]!.GetValue<string>() == "awaiting"))["id"]!.GetValue<string>();

        (await upkeep.WriteAsync(UpKeepWriting.Delete(EntityKind.PurchaseOrder, awaiting))).Record.ShouldBeNull();

        (await upkeep.NativeAsync("purchase_order", awaiting)).ShouldBeNull();
    }

    [Fact]
    public async Task a_vendor_is_created_and_updated()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var vendor = new Vendor
        {
            Name = "Granite Pumps", Email = "sales@granite.example.com", Phone = "+1-603-555-0199",
            Address = new Address { Line1 = "9 Elm St", City = "Concord", Region = "NH", PostalCode = "03301", CountryCode = "US" },
        };

        var created = (Vendor)(await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.Vendor, vendor))).Record!.Unified;
        var updated = (Vendor)(await upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.Vendor, created.RemoteId,
            new Vendor { Phone = "+1-603-555-0100" }, ["phone"]))).Record!.Unified;

        created.Address.Text.ShouldBe("9 Elm St, Concord, NH 03301, US");
        updated.Phone.ShouldBe("+1-603-555-0100");
        updated.Name.ShouldBe("Granite Pumps");
        (await upkeep.ReadAsync(EntityKind.Vendor, created.RemoteId)).Unified.ShouldBe(updated);
    }

    [Fact]
    public async Task a_part_quantity_is_adjusted_by_a_delta_or_set_by_a_count()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var part = await upkeep.FirstAsync("inventory_item", _ => true);
        var id = part["id"]!.GetValue<string>();
        var before = decimal.Parse(part["quantity"]!.ToJsonString(), CultureInfo.InvariantCulture);

        var added = (InventoryItem)(await upkeep.WriteAsync(UpKeepWriting.Adjust(id, "3", null))).Record!.Unified;
        var counted = (InventoryItem)(await upkeep.WriteAsync(UpKeepWriting.Adjust(id, null, "7.5"))).Record!.Unified;

        decimal.Parse(added.QuantityOnHand, CultureInfo.InvariantCulture).ShouldBe(before + 3);
        counted.QuantityOnHand.ShouldBe("7.5");
        (await upkeep.ReadAsync(EntityKind.InventoryItem, id)).Unified.ShouldBe(counted);
        (await upkeep.Instance.GetRequestsAsync()).Where(r => r.Method == "PATCH").ShouldAllBe(r => r.Path == $"/api/v2/parts/{id}");
    }

    [Fact]
    public async Task a_quantity_that_would_turn_negative_or_another_location_is_refused()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var id = (await upkeep.FirstAsync("inventory_item", _ => true))["id"]!.GetValue<string>();

        var negative = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Adjust(id, "-100000", null)));
        var elsewhere = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Adjust(id, "1", null, location: "Zz9Zz9Zz9Z")));

        negative.SourceMessage.ShouldBe("quantity cannot be negative");
        negative.UnifiedField.ShouldBe("quantity_delta");
        negative.StateRule.ShouldBeTrue();
        elsewhere.UnifiedField.ShouldBe("location");
    }
}

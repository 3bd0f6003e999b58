using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.ConnectorTests.Sap.SapWriting;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>Purchase orders written through API_PURCHASEORDER_PROCESS_SRV: deep insert, PATCH, items, delete.</summary>
public sealed class SapPurchaseOrderWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_create_is_one_deep_insert_read_back_as_the_reader_reads_it()
    {
        var sap = await NewAsync(emulator);
        var order = Order(Line("TG11", "5"), Line("SP-SCREW-M8", "300", "0.149", "2025-04-01"));
        order.CustomFields = new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["YY1_ProjectCode_PDH"] = Google.Protobuf.WellKnownTypes.Value.ForString("PRJ-4711") } };

        var result = await sap.WriteAsync(Create(EntityKind.PurchaseOrder, order, OrderDefaults()));

        var written = (PurchaseOrder)result.Record!.Unified;
        written.Vendor.RemoteId.ShouldBe(Supplier);
        written.Status.ShouldBe(PurchaseOrderStatus.Open);
        written.CurrencyCode.ShouldBe("EUR"); // the supplier's purchasing currency
        written.OrderDate.ShouldBe("2025-03-14");
        written.Lines.Select(l => (l.LineNumber, l.ItemCode, l.Quantity)).ShouldBe([("10", "TG11", "5"), ("20", "SP-SCREW-M8", "300")]);
        written.Lines[0].UnitPrice.Amount.ShouldBe("12.50"); // the material's price, as SAP proposes it
        written.Lines[1].UnitPrice.Amount.ShouldBe("0.149"); // kept exactly: 14.90 per 100
        written.Lines[1].Amount.Amount.ShouldBe("44.70");
        written.Lines[1].DeliveryDate.ShouldBe("2025-04-01");
        written.CustomFields.Fields["YY1_ProjectCode_PDH"].StringValue.ShouldBe("PRJ-4711");
        (await sap.ReadAsync(EntityKind.PurchaseOrder, written.RemoteId)).Unified.ShouldBe(written);

        var native = (await sap.NativeAsync("purchase_order", written.RemoteId))!;
        native["CorrespncExternalReference"]!.GetValue<string>().ShouldMatch("^MK[A-Z2-7]{10}$");
        native["CreatedByUser"]!.GetValue<string>().ShouldBe("MAKINI_COMM");
        native["to_PurchaseOrderItem"]!["results"]!.AsArray().ShouldAllBe(i => i!["Plant"]!.GetValue<string>() == "1010");
        var posts = (await sap.RequestsAsync()).Where(r => r.Method == "POST").ToList();
        posts.Count.ShouldBe(1);
        posts[0].Status.ShouldBe(201);
    }

    public static TheoryData<string, string, string, string> Refusals => new()
    {
        // case, source code, unified field, text
        { "unknown supplier", "ME/045", "vendor.remote_id", "Supplier 17999999 does not exist" },
        { "blocked supplier", "ME/046", "vendor.remote_id", "blocked for purchasing" },
        { "unknown material", "M3/305", "lines.item_code", "The material NO-SUCH-PART does not exist" },
        { "zero quantity", "ME/064", "lines.quantity", "greater than zero" },
        { "no company code", "ME/083", "remote_fields.CompanyCode", "Enter Company Code" },
        { "no purchasing group", "ME/083", "remote_fields.PurchasingGroup", "Enter Purchasing Group" },
        { "unknown plant", "ME/051", "remote_fields.Plant", "Plant 9999 does not exist" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task a_create_that_breaks_a_purchasing_rule_is_refused_with_the_unified_field(string @case, string code, string field, string text)
    {
        var sap = await NewAsync(emulator);
        var order = Order();
        var defaults = OrderDefaults();
        switch (@case)
        {
            case "unknown supplier": order.Vendor.RemoteId = "17999999"; break;
            case "blocked supplier": order.Vendor.RemoteId = "17300017"; break;
            case "unknown material": order.Lines[1].ItemCode = "NO-SUCH-PART"; break;
            case "zero quantity": order.Lines[0].Quantity = "0"; break;
            case "no company code": defaults.Remove("CompanyCode"); break;
            case "no purchasing group": defaults.Remove("PurchasingGroup"); break;
            case "unknown plant": defaults["Plant"] = "9999"; break;
        }
        var before = (await sap.AllAsync("purchase_order")).Count;

        var refused = await Should.ThrowAsync<SourceValidationException>(() => sap.WriteAsync(Create(EntityKind.PurchaseOrder, order, defaults)));

        refused.HttpStatus.ShouldBe(400);
        refused.SourceCode.ShouldBe(code);
        refused.UnifiedField.ShouldBe(field);
        refused.SourceMessage.ShouldContain(text);
        refused.StateRule.ShouldBeFalse();
        (await sap.AllAsync("purchase_order")).Count.ShouldBe(before);
    }

    [Fact]
    public async Task an_update_patches_the_header_and_replaces_the_items()
    {
        var sap = await NewAsync(emulator);
        var created = (PurchaseOrder)(await sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults()))).Record!.Unified;
        var changed = created.Clone();
        changed.PaymentTerms = "NT60";
        changed.Lines.Clear();
        changed.Lines.Add(new PurchaseOrderLine { LineNumber = "10", ItemCode = "TG11", Quantity = "8", DeliveryDate = "2025-05-02" });
        changed.Lines.Add(Line("RM-130", "40"));

        var result = await sap.WriteAsync(Update(EntityKind.PurchaseOrder, created.RemoteId, changed, ["payment_terms", "lines"], created.Etag, OrderDefaults()));

        var updated = (PurchaseOrder)result.Record!.Unified;
        updated.PaymentTerms.ShouldBe("NT60");
        updated.Lines.Select(l => (l.LineNumber, l.ItemCode, l.Quantity, l.DeliveryDate)).ShouldBe([("10", "TG11", "8", "2025-05-02"), ("30", "RM-130", "40", "2025-03-28")]);
        updated.Etag.ShouldNotBe(created.Etag);
        (await sap.ReadAsync(EntityKind.PurchaseOrder, created.RemoteId)).Unified.ShouldBe(updated);
        var items = (await sap.NativeAsync("purchase_order", created.RemoteId))!["to_PurchaseOrderItem"]!["results"]!.AsArray();
        items.Select(i => (i!["PurchaseOrderItem"]!.GetValue<string>(), i["PurchasingDocumentDeletionCode"]!.GetValue<string>()))
            .ShouldBe([("10", ""), ("20", "L"), ("30", "")]);
        var header = (await sap.NativeAsync("purchase_order", created.RemoteId))!;
        header["CompanyCode"]!.GetValue<string>().ShouldBe("1010"); // the write defaults were not sent again
    }

    [Fact]
    public async Task an_update_with_a_stale_etag_conflicts_and_changes_nothing()
    {
        var sap = await NewAsync(emulator);
        var created = (PurchaseOrder)(await sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults()))).Record!.Unified;
        var first = created.Clone();
        first.PaymentTerms = "NT30";
        await sap.WriteAsync(Update(EntityKind.PurchaseOrder, created.RemoteId, first, ["payment_terms"], created.Etag));
        var second = created.Clone();
        second.PaymentTerms = "NT60";

        await Should.ThrowAsync<SourceConflictException>(() =>
            sap.WriteAsync(Update(EntityKind.PurchaseOrder, created.RemoteId, second, ["payment_terms"], created.Etag)));
        second.Lines[0].Quantity = "9";
        await Should.ThrowAsync<SourceConflictException>(() =>
            sap.WriteAsync(Update(EntityKind.PurchaseOrder, created.RemoteId, second, ["lines"], created.Etag)));

        (await sap.NativeAsync("purchase_order", created.RemoteId))!["PaymentTerms"]!.GetValue<string>().ShouldBe("NT30");
        (await sap.RequestsAsync()).Count(r => r.Status == 412).ShouldBe(1);
    }

    [Fact]
    public async Task resending_an_applied_update_with_its_now_stale_etag_succeeds()
    {
        var sap = await NewAsync(emulator);
        var created = (PurchaseOrder)(await sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults()))).Record!.Unified;
        var changed = created.Clone();
        changed.PaymentTerms = "NT30";
        var update = Update(EntityKind.PurchaseOrder, created.RemoteId, changed, ["payment_terms"], created.Etag);

        await sap.WriteAsync(update);
        var again = await sap.WriteAsync(update);

        ((PurchaseOrder)again.Record!.Unified).PaymentTerms.ShouldBe("NT30");
    }

    [Fact]
    public async Task a_change_of_a_read_only_field_is_refused()
    {
        var sap = await NewAsync(emulator);
        var created = (PurchaseOrder)(await sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults()))).Record!.Unified;

        var refused = await Should.ThrowAsync<SourceValidationException>(() => sap.WriteAsync(Update(EntityKind.PurchaseOrder, created.RemoteId, created,
            ["payment_terms"], remoteFields: new JsonObject { ["CreationDate"] = "/Date(1700000000000)/", ["PurchaseOrder"] = "4599999999" })));

        refused.SourceCode.ShouldBe("/IWBEP/CM_MGW_RT/180");
        refused.SourceMessage.ShouldContain("'CreationDate'");
        refused.SourceMessage.ShouldContain("'PurchaseOrder'");
    }

    [Fact]
    public async Task a_delete_flags_every_item_is_repeatable_and_blocks_later_changes()
    {
        var sap = await NewAsync(emulator);
        var created = (PurchaseOrder)(await sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults()))).Record!.Unified;

        // The order stays readable, and the delete answers it as it now is.
        ((PurchaseOrder)(await sap.WriteAsync(Delete(EntityKind.PurchaseOrder, created.RemoteId, created.Etag))).Record!.Unified).Status
            .ShouldBe(PurchaseOrderStatus.Cancelled);
        ((PurchaseOrder)(await sap.WriteAsync(Delete(EntityKind.PurchaseOrder, created.RemoteId, created.Etag))).Record!.Unified).Status
            .ShouldBe(PurchaseOrderStatus.Cancelled);

        var read = (PurchaseOrder)(await sap.ReadAsync(EntityKind.PurchaseOrder, created.RemoteId)).Unified;
        read.Status.ShouldBe(PurchaseOrderStatus.Cancelled);
        read.Lines.ShouldBeEmpty();
        var items = (await sap.NativeAsync("purchase_order", created.RemoteId))!["to_PurchaseOrderItem"]!["results"]!.AsArray();
        items.ShouldAllBe(i => i!["PurchasingDocumentDeletionCode"]!.GetValue<string>() == "L");
        var changed = created.Clone();
        changed.PaymentTerms = "NT30";
        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            sap.WriteAsync(Update(EntityKind.PurchaseOrder, created.RemoteId, changed, ["payment_terms"])));
        refused.SourceCode.ShouldBe("06/020");
        refused.StateRule.ShouldBeTrue();
    }

    [Fact]
    public async Task an_update_of_an_order_that_does_not_exist_is_not_found()
    {
        var sap = await NewAsync(emulator);

        await Should.ThrowAsync<SourceNotFoundException>(() =>
            sap.WriteAsync(Update(EntityKind.PurchaseOrder, "4599999999", Order(), ["payment_terms"])));
        await Should.ThrowAsync<SourceNotFoundException>(() =>
            sap.WriteAsync(Update(EntityKind.PurchaseOrder, "4599999999", Order(), ["lines"])));
    }
}

using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.ConnectorTests.BusinessCentral.BusinessCentralWriteData;

namespace Makini.Grpc.ConnectorTests.BusinessCentral;

/// <summary>Purchase orders written through the Business Central writer, checked in the emulator's store and through the reader.</summary>
public sealed class BusinessCentralOrderWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_created_order_is_one_deep_insert_and_reads_back_as_a_sync_reads_it()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var checkpoint = DateTimeOffset.UtcNow;
        var vendor = await VendorAsync(company);
        var items = await ItemsAsync(company);
        var order = NewOrder(Id(vendor), Text(items[0]["number"]), Text(items[1]["number"]));
        order.CurrencyCode = "USD";
        order.PaymentTerms = "14 DAYS";

        var written = (await company.Writer.WriteAsync(company.Target, Create(EntityKind.PurchaseOrder, order), CancellationToken.None)).Record!;

        var created = (PurchaseOrder)written.Unified;
        created.Number.ShouldBe("106352");
        created.Status.ShouldBe(PurchaseOrderStatus.Draft);
        created.Vendor.RemoteId.ShouldBe(Id(vendor));
        created.CurrencyCode.ShouldBe("USD");
        created.PaymentTerms.ShouldBe("14 DAYS");
        created.RequiredDate.ShouldBe("2031-04-20");
        created.Lines.Select(l => l.LineNumber).ShouldBe(["10000", "20000"]);
        created.Lines.Select(l => l.ItemCode).ShouldBe([Text(items[0]["number"]), Text(items[1]["number"])]);
        created.Lines[1].UnitPrice.Amount.ShouldBe("12.4");
        created.Lines[1].Amount.Amount.ShouldBe("31.00");
        created.Etag.ShouldStartWith("W/\"");
        var stored = (await company.AllAsync("purchase_order")).Single(o => Id(o) == written.RemoteId);
        Text(stored["currencyCode"]).ShouldBe("", "the local currency is blank in Business Central");
        var served = await company.GetJsonAsync($"purchaseOrders({written.RemoteId})?$expand=purchaseOrderLines");
        Text(served["status"]).ShouldBe("Draft");
        served["purchaseOrderLines"]!.AsArray().Count.ShouldBe(2);
        var read = (await company.ReadAllAsync(EntityKind.PurchaseOrder, checkpoint)).Single(r => r.RemoteId == written.RemoteId);
        read.Unified.ShouldBe(written.Unified);
        (await company.Instance.GetRequestsAsync()).Count(r => r.Method == "POST" && r.Path.EndsWith("/purchaseOrders", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Theory]
    [InlineData("unknown_vendor", "vendor.remote_id", "Internal_RecordNotFound", false)]
    [InlineData("blocked_vendor", "vendor.remote_id", "Application_DialogException", true)]
    [InlineData("unknown_item", "lines[1].item_code", "Internal_RecordNotFound", false)]
    [InlineData("zero_quantity", "lines[1].quantity", "Application_FieldValidationException", false)]
    [InlineData("currency", "currency_code", "Application_FieldValidationException", false)]
    [InlineData("payment_terms", "payment_terms", "Internal_RecordNotFound", false)]
    [InlineData("custom_field", "custom_fields.ZZ_Priority", "BadRequest", false)]
    public async Task a_refused_order_names_the_unified_field_and_nothing_is_created(string problem, string field, string code, bool stateRule)
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var vendors = await company.AllAsync("vendor");
        var items = await ItemsAsync(company);
        var order = NewOrder(Id(await VendorAsync(company)), Text(items[0]["number"]), Text(items[1]["number"]));
        switch (problem)
        {
            case "unknown_vendor": order.Vendor.RemoteId = Guid.NewGuid().ToString(); break;
            case "blocked_vendor": order.Vendor.RemoteId = Id(vendors.First(v => Text(v["blocked"]) == "All")); break;
            case "unknown_item": order.Lines[1].ItemCode = "NO-SUCH-ITEM"; break;
            case "zero_quantity": order.Lines[1].Quantity = "0"; break;
            case "currency": order.CurrencyCode = "XAU"; break;
            case "payment_terms": order.PaymentTerms = "NET 999"; break;
            case "custom_field": order.CustomFields = new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["ZZ_Priority"] = Google.Protobuf.WellKnownTypes.Value.ForString("High") } }; break;
        }
        var before = await company.CountAsync("purchase_order");

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            company.Writer.WriteAsync(company.Target, Create(EntityKind.PurchaseOrder, order), CancellationToken.None));

        refused.UnifiedField.ShouldBe(field);
        refused.SourceCode.ShouldBe(code);
        refused.StateRule.ShouldBe(stateRule);
        refused.SourceMessage.ShouldNotContain("CorrelationId");
        (await company.CountAsync("purchase_order")).ShouldBe(before);
    }

    [Fact]
    public async Task a_header_update_sends_the_etag_and_a_stale_one_is_a_conflict()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var stored = await OrderAsync(company, "Draft");
        var etag = (await ReadOrderAsync(company, Id(stored))).Etag;
        var change = new PurchaseOrder { RequiredDate = "2031-01-31", PaymentTerms = "60 DAYS" };

        var written = (PurchaseOrder)(await company.Writer.WriteAsync(company.Target,
            Update(EntityKind.PurchaseOrder, Id(stored), change, ["required_date", "payment_terms"], etag), CancellationToken.None)).Record!.Unified;
        var stale = await Should.ThrowAsync<SourceConflictException>(() => company.Writer.WriteAsync(company.Target,
            Update(EntityKind.PurchaseOrder, Id(stored), change, ["required_date"], etag), CancellationToken.None));

        written.RequiredDate.ShouldBe("2031-01-31");
        written.PaymentTerms.ShouldBe("60 DAYS");
        written.Etag.ShouldNotBe(etag);
        written.Lines.Count.ShouldBe(LinesOf(stored).Count);
        stale.SourceMessage.ShouldContain("changed");
        (await company.Instance.GetRequestsAsync()).ShouldContain(r => r.Method == "PATCH" && r.Status == 409);
    }

    [Fact]
    public async Task replacing_the_lines_patches_matched_lines_posts_new_ones_and_deletes_the_rest()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var stored = await OrderAsync(company, "Draft", minLines: 2);
        var current = await ReadOrderAsync(company, Id(stored));
        var items = await ItemsAsync(company);
        var change = new PurchaseOrder();
        change.Lines.Add(new PurchaseOrderLine(current.Lines[0]) { Quantity = "41" });
        change.Lines.Add(new PurchaseOrderLine { ItemCode = Text(items[7]["number"]), Quantity = "4", UnitPrice = new Money { CurrencyCode = current.CurrencyCode, Amount = "2.5" } });

        var written = (PurchaseOrder)(await company.Writer.WriteAsync(company.Target,
            Update(EntityKind.PurchaseOrder, Id(stored), change, ["lines"]), CancellationToken.None)).Record!.Unified;

        written.Lines.Count.ShouldBe(2);
        written.Lines[0].RemoteId.ShouldBe(current.Lines[0].RemoteId);
        written.Lines[0].Quantity.ShouldBe("41");
        written.Lines[1].ItemCode.ShouldBe(Text(items[7]["number"]));
        written.Lines[1].Amount.Amount.ShouldBe("10.0");
        var calls = (await company.Instance.GetRequestsAsync()).Where(r => r.Path.Contains("/purchaseOrderLines", StringComparison.Ordinal)).ToList();
        calls.ShouldContain(r => r.Method == "PATCH" && r.Status == 200);
        calls.ShouldContain(r => r.Method == "POST" && r.Status == 201);
        calls.Count(r => r.Method == "DELETE" && r.Status == 204).ShouldBe(current.Lines.Count - 1);
    }

    [Fact]
    public async Task a_masked_line_field_changes_only_that_field_of_the_named_line()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var stored = await OrderAsync(company, "Draft", minLines: 2);
        var current = await ReadOrderAsync(company, Id(stored));
        var change = new PurchaseOrder();
        change.Lines.Add(new PurchaseOrderLine { LineNumber = current.Lines[1].LineNumber, Quantity = "17", Description = "not in the mask" });

        var written = (PurchaseOrder)(await company.Writer.WriteAsync(company.Target,
            Update(EntityKind.PurchaseOrder, Id(stored), change, ["lines.quantity"]), CancellationToken.None)).Record!.Unified;

        written.Lines.Count.ShouldBe(current.Lines.Count);
        written.Lines[1].Quantity.ShouldBe("17");
        written.Lines[1].Description.ShouldBe(current.Lines[1].Description);
        written.Lines[0].ShouldBe(current.Lines[0]);
    }

    [Fact]
    public async Task a_released_order_cannot_be_changed_or_deleted()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var released = await OrderAsync(company, "Open");

        var change = await Should.ThrowAsync<SourceValidationException>(() => company.Writer.WriteAsync(company.Target,
            Update(EntityKind.PurchaseOrder, Id(released), new PurchaseOrder { RequiredDate = "2031-01-01" }, ["required_date"]), CancellationToken.None));
        var delete = await Should.ThrowAsync<SourceValidationException>(() =>
            company.Writer.WriteAsync(company.Target, Delete(EntityKind.PurchaseOrder, Id(released)), CancellationToken.None));

        change.StateRule.ShouldBeTrue();
        change.SourceMessage.ShouldContain("Status must be equal to 'Open'");
        delete.StateRule.ShouldBeTrue();
        (await company.ReadAllKeysAsync(EntityKind.PurchaseOrder)).Keys.ShouldContain(Id(released));
    }

    [Fact]
    public async Task a_draft_order_is_deleted_once_a_second_delete_succeeds_and_a_stale_etag_is_a_conflict()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var drafts = (await company.AllAsync("purchase_order")).Where(o => Text(o["status"]) == "Draft").Take(2).ToList();

        await Should.ThrowAsync<SourceConflictException>(() => company.Writer.WriteAsync(company.Target,
            Delete(EntityKind.PurchaseOrder, Id(drafts[1]), "W/\"JzE5OzE7MDA7Jw==\""), CancellationToken.None));
        (await company.Writer.WriteAsync(company.Target, Delete(EntityKind.PurchaseOrder, Id(drafts[0])), CancellationToken.None)).Record.ShouldBeNull();
        (await company.Writer.WriteAsync(company.Target, Delete(EntityKind.PurchaseOrder, Id(drafts[0])), CancellationToken.None)).Record.ShouldBeNull();

        var keys = (await company.ReadAllKeysAsync(EntityKind.PurchaseOrder)).Keys;
        keys.ShouldNotContain(Id(drafts[0]));
        keys.ShouldContain(Id(drafts[1]));
    }

    [Fact]
    public async Task updating_an_order_that_is_gone_is_not_found()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        await Should.ThrowAsync<SourceNotFoundException>(() => company.Writer.WriteAsync(company.Target,
            Update(EntityKind.PurchaseOrder, Guid.NewGuid().ToString(), new PurchaseOrder { RequiredDate = "2031-01-01" }, ["required_date"]), CancellationToken.None));
    }
}

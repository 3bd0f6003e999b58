using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>Purchase order and vendor writes through the Maximo writer against the emulator.</summary>
public sealed class MaximoPurchasingWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static PurchaseOrder NewOrder(string vendor = "EAGLENA/ACME", string item = "0-5000") => new()
    {
        Vendor = new RecordRef { RemoteId = vendor },
        RequiredDate = "2030-05-01",
        PaymentTerms = "NET30",
        Lines =
        {
            new PurchaseOrderLine { ItemCode = item, Quantity = "4" },
            new PurchaseOrderLine { Description = "Crane rental, one day", Quantity = "1", UnitPrice = new Money { CurrencyCode = "USD", Amount = "850.00" } },
        },
    };

    [Fact]
    public async Task a_created_purchase_order_has_its_lines_and_totals_from_maximo()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        var written = (PurchaseOrder)(await maximo.WriteAsync(MaximoWriting.Create(EntityKind.PurchaseOrder, NewOrder()))).Record!.Unified;

        written.RemoteId.ShouldStartWith("BEDFORD/");
        written.RemoteId.ShouldEndWith("/0");
        written.Status.ShouldBe(PurchaseOrderStatus.PendingApproval);
        written.Vendor.RemoteId.ShouldBe("EAGLENA/ACME");
        written.CurrencyCode.ShouldBe("USD");
        written.RequiredDate.ShouldBe("2030-05-01", "a calendar date keeps its day in the server's zone");
        written.Lines.Select(l => l.LineNumber).ShouldBe(["1", "2"]);
        written.Lines[0].Description.ShouldBe("Ball Bearing 6204-2RS");
        written.Lines[0].Amount.Amount.ShouldBe("59.40");
        written.TotalAmount.Amount.ShouldBe("909.40");
        (await maximo.ReadAsync(EntityKind.PurchaseOrder, written.RemoteId)).Unified.ShouldBe(written);
    }

    [Fact]
    public async Task an_update_of_lines_merges_them_by_line_number_and_keeps_the_others()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var created = (PurchaseOrder)(await maximo.WriteAsync(MaximoWriting.Create(EntityKind.PurchaseOrder, NewOrder()))).Record!.Unified;
        var change = new PurchaseOrder
        {
            Lines = { new PurchaseOrderLine { LineNumber = "1", Quantity = "10" }, new PurchaseOrderLine { ItemCode = "0-5001", Quantity = "2" } },
        };

        var written = (PurchaseOrder)(await maximo.WriteAsync(MaximoWriting.Update(EntityKind.PurchaseOrder, created.RemoteId, change, ["lines"]))).Record!.Unified;

        written.Lines.Select(l => (l.LineNumber, l.ItemCode, l.Quantity)).ShouldBe([("1", "0-5000", "10"), ("2", "", "1"), ("3", "0-5001", "2")]);
        written.TotalAmount.Amount.ShouldBe("1021.30");
        (await maximo.ReadAsync(EntityKind.PurchaseOrder, written.RemoteId)).Unified.ShouldBe(written);
    }

    [Fact]
    public async Task an_unknown_vendor_and_an_unknown_item_are_refused_on_their_unified_fields()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        var vendor = await Should.ThrowAsync<SourceValidationException>(() =>
            maximo.WriteAsync(MaximoWriting.Create(EntityKind.PurchaseOrder, NewOrder(vendor: "EAGLENA/NOSUCHCO"))));
        var item = await Should.ThrowAsync<SourceValidationException>(() =>
            maximo.WriteAsync(MaximoWriting.Create(EntityKind.PurchaseOrder, NewOrder(item: "9-9999"))));

        vendor.UnifiedField.ShouldBe("vendor.remote_id");
        item.SourceField.ShouldBe("itemnum");
        item.UnifiedField.ShouldBe("lines.item_code");
        (await maximo.CountAsync("purchase_order")).ShouldBe(250);
    }

    [Fact]
    public async Task an_approved_purchase_order_cannot_be_changed()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var approved = await maximo.FirstAsync("purchase_order", r => r["status"]!.GetValue<string>() == "APPR");

        var refused = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(MaximoWriting.Update(EntityKind.PurchaseOrder,
            $"{approved["siteid"]}/{approved["ponum"]}/{approved["revisionnum"]}", new PurchaseOrder { PaymentTerms = "NET60" }, ["payment_terms"])));

        refused.StateRule.ShouldBeTrue();
        refused.SourceCode.ShouldBe("BMXAA4605E");
    }

    [Fact]
    public async Task without_a_site_the_purchase_order_points_at_the_remote_field()
    {
        var maximo = await MaximoWriting.NewAsync(emulator, withSite: false);

        var refused = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(MaximoWriting.Create(EntityKind.PurchaseOrder, NewOrder())));

        refused.SourceCode.ShouldBe("BMXAA4195E");
        refused.UnifiedField.ShouldBe("remote_fields.siteid");
    }

    [Fact]
    public async Task a_vendor_is_created_updated_and_its_code_is_unique()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var vendor = new Vendor
        {
            Code = "NEWCO1", Name = "New Company Ltd", Phone = "(603) 555-0100", CurrencyCode = "EUR", PaymentTerms = "NET30",
            Address = new Address { Line1 = "1 Mill St", City = "Nashua", Region = "NH", PostalCode = "03060", CountryCode = "US" },
        };

        var created = (Vendor)(await maximo.WriteAsync(MaximoWriting.Create(EntityKind.Vendor, vendor))).Record!.Unified;
        var updated = (Vendor)(await maximo.WriteAsync(MaximoWriting.Update(EntityKind.Vendor, created.RemoteId,
            new Vendor { Name = "NewCo Ltd", Active = false }, ["name", "active"]))).Record!.Unified;
        var duplicate = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(MaximoWriting.Create(EntityKind.Vendor, vendor)));

        created.RemoteId.ShouldBe("EAGLENA/NEWCO1");
        created.Active.ShouldBeTrue();
        created.Address.ShouldBe(vendor.Address);
        created.CurrencyCode.ShouldBe("EUR");
        updated.Name.ShouldBe("NewCo Ltd");
        updated.Active.ShouldBeFalse();
        updated.Phone.ShouldBe("(603) 555-0100");
        (await maximo.ReadAsync(EntityKind.Vendor, created.RemoteId)).Unified.ShouldBe(updated);
        duplicate.SourceCode.ShouldBe("BMXAA4129E");
    }

    [Fact]
    public async Task a_currency_maximo_does_not_know_is_refused()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        var refused = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(
            MaximoWriting.Create(EntityKind.Vendor, new Vendor { Code = "ODDCO", CurrencyCode = "XTS" })));

        refused.UnifiedField.ShouldBe("currency_code");
    }

    [Fact]
    public async Task a_vendor_in_another_organization_is_named_by_remote_fields()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        var refused = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(MaximoWriting.Create(EntityKind.Vendor,
            new Vendor { Code = "ELSEWHERE" }, remoteFields: new JsonObject { ["orgid"] = "ACMEORG" })));

        refused.UnifiedField.ShouldBe("remote_fields.orgid");
    }
}

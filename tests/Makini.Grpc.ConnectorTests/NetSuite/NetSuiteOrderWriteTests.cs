using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.ConnectorTests.NetSuite.NetSuiteWriteData;

namespace Makini.Grpc.ConnectorTests.NetSuite;

/// <summary>Purchase orders written through the NetSuite writer, checked in the emulator's store and through the reader.</summary>
public sealed class NetSuiteOrderWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_created_order_has_its_lines_and_key_and_reads_back_as_a_sync_reads_it()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var checkpoint = DateTimeOffset.UtcNow;
        var vendor = await VendorAsync(account);
        var items = await ActiveItemsAsync(account);
        var order = NewOrder(Id(vendor), items[0]["itemId"]!.GetValue<string>(), items[1]["itemId"]!.GetValue<string>());
        order.CurrencyCode = "USD";
        order.RequiredDate = "2031-05-02";
        order.CustomFields = new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["custbody_mk_requested_by"] = Google.Protobuf.WellKnownTypes.Value.ForString("Makini") } };
        var request = Create(EntityKind.PurchaseOrder, order, new JsonObject { ["subsidiary"] = "1", ["location"] = "2" });

        var written = (await account.Writer.WriteAsync(account.Target, request, CancellationToken.None)).Record!;

        var created = (PurchaseOrder)written.Unified;
        created.Number.ShouldBe($"PO{written.RemoteId}");
        created.Vendor.RemoteId.ShouldBe(Id(vendor));
        created.Status.ShouldBe(PurchaseOrderStatus.Open);
        created.RequiredDate.ShouldBe("2031-05-02");
        created.Lines.Select(l => l.ItemCode).ShouldBe([items[0]["itemId"]!.GetValue<string>(), items[1]["itemId"]!.GetValue<string>()]);
        created.Lines.Select(l => l.Quantity).ShouldBe(["3", "2.5"]);
        created.Lines[1].UnitPrice.Amount.ShouldBe("12.40");
        created.Lines[1].Amount.Amount.ShouldBe("31.00");
        created.CustomFields.Fields["custbody_mk_requested_by"].StringValue.ShouldBe("Makini");
        created.Etag.ShouldNotBeEmpty();
        var stored = (await account.AllAsync("purchase_order")).Single(o => Id(o) == written.RemoteId);
        stored["externalId"]!.GetValue<string>().ShouldBe(request.IdempotencyKey);
        RefId(stored["subsidiary"]).ShouldBe("1");
        RefId(stored["location"]).ShouldBe("2");
        var served = await account.GetJsonAsync($"purchaseOrder/eid:{request.IdempotencyKey}?expandSubResources=true");
        served["id"]!.GetValue<string>().ShouldBe(written.RemoteId);
        served["item"]!["items"]!.AsArray().Count.ShouldBe(2);
        var read = await account.ReadOneAsync(EntityKind.PurchaseOrder, written.RemoteId, checkpoint);
        read.Unified.ShouldBe(written.Unified);
    }

    [Fact]
    public async Task a_created_order_is_found_by_its_key_and_a_repeat_of_the_write_makes_no_second_order()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var vendor = await VendorAsync(account);
        var items = await ActiveItemsAsync(account);
        var request = Create(EntityKind.PurchaseOrder, NewOrder(Id(vendor), items[2]["itemId"]!.GetValue<string>()), new JsonObject { ["subsidiary"] = "1" });
        var before = await account.CountAsync("purchase_order");

        var written = (await account.Writer.WriteAsync(account.Target, request, CancellationToken.None)).Record!;
        var found = await account.Writer.FindWrittenAsync(account.Target, request, CancellationToken.None);
        var other = await account.Writer.FindWrittenAsync(account.Target, request with { IdempotencyKey = NewKey() }, CancellationToken.None);
        var repeated = (await account.Writer.WriteAsync(account.Target, request, CancellationToken.None)).Record!;

        found!.RemoteId.ShouldBe(written.RemoteId);
        found.Unified.ShouldBe(written.Unified);
        other.ShouldBeNull();
        repeated.RemoteId.ShouldBe(written.RemoteId, "NetSuite refuses the repeated externalId; the writer answers with the order made first");
        (await account.CountAsync("purchase_order")).ShouldBe(before + 1);
    }

    [Theory]
    [InlineData("vendor", "vendor.remote_id", "INVALID_CONTENT")]
    [InlineData("inactive_vendor", "vendor.remote_id", "INVALID_CONTENT")]
    [InlineData("unknown_item_code", "lines[1].item_code", "INVALID_CONTENT")]
    [InlineData("unknown_item_id", "lines[1].item_code", "INVALID_CONTENT")]
    [InlineData("zero_quantity", "lines[1].quantity", "INVALID_CONTENT")]
    [InlineData("subsidiary", "remote_fields.subsidiary", "USER_ERROR")]
    [InlineData("foreign_location", "remote_fields.location", "INVALID_CONTENT")]
    [InlineData("bad_date", "order_date", "INVALID_CONTENT")]
    [InlineData("read_only", "remote_fields.lastModifiedDate", "INVALID_CONTENT")]
    public async Task a_refused_order_names_the_unified_field(string problem, string field, string code)
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var vendors = await account.AllAsync("vendor");
        var vendor = await VendorAsync(account);
        var items = await ActiveItemsAsync(account);
        var order = NewOrder(Id(vendor), items[0]["itemId"]!.GetValue<string>(), items[1]["itemId"]!.GetValue<string>());
        var remote = new JsonObject { ["subsidiary"] = "1" };
        switch (problem)
        {
            case "vendor": order.Vendor.RemoteId = "999999"; break;
            case "inactive_vendor": order.Vendor.RemoteId = Id(vendors.First(v => IsTrue(v["isInactive"]) && RefId(v["subsidiary"]) == "1")); break;
            case "unknown_item_code": order.Lines[1].ItemCode = "NO-SUCH-PART"; break;
            case "unknown_item_id": order.Lines[1].ItemCode = "999999"; break;
            case "zero_quantity": order.Lines[1].Quantity = "0"; break;
            case "subsidiary": remote.Remove("subsidiary"); break;
            case "foreign_location": remote["location"] = "3"; break;
            case "bad_date": order.OrderDate = "05/02/2031"; break;
            case "read_only": remote["lastModifiedDate"] = "2020-01-01T00:00:00Z"; break;
        }
        var before = await account.CountAsync("purchase_order");

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            account.Writer.WriteAsync(account.Target, Create(EntityKind.PurchaseOrder, order, remote), CancellationToken.None));

        refused.UnifiedField.ShouldBe(field);
        refused.SourceCode.ShouldBe(code);
        refused.HttpStatus.ShouldBe(400);
        refused.StateRule.ShouldBeFalse();
        (await account.CountAsync("purchase_order")).ShouldBe(before);
    }

    [Fact]
    public async Task an_update_changes_the_masked_header_fields_only()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var checkpoint = DateTimeOffset.UtcNow;
        var stored = await OrderAsync(account, "pendingReceipt");
        var change = new PurchaseOrder { RequiredDate = "2031-01-31", PaymentTerms = "Net 60", OrderDate = "2001-01-01" };

        var written = (await account.Writer.WriteAsync(account.Target,
            Update(EntityKind.PurchaseOrder, Id(stored), change, ["required_date", "payment_terms"]), CancellationToken.None)).Record!;

        var order = (PurchaseOrder)written.Unified;
        order.RequiredDate.ShouldBe("2031-01-31");
        order.PaymentTerms.ShouldBe("Net 60");
        order.OrderDate.ShouldBe(stored["tranDate"]!.GetValue<string>(), "order_date was not in the mask");
        order.Lines.Count.ShouldBe(stored["item"]!["items"]!.AsArray().Count);
        var read = await account.ReadOneAsync(EntityKind.PurchaseOrder, Id(stored), checkpoint);
        read.Unified.ShouldBe(written.Unified);
    }

    [Fact]
    public async Task replacing_the_lines_patches_with_replace_item_and_keeps_matched_lines_by_their_number()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var stored = await OrderAsync(account, "pendingReceipt", minLines: 2);
        var current = (PurchaseOrder)(await account.Writer.WriteAsync(account.Target,
            Update(EntityKind.PurchaseOrder, Id(stored), new PurchaseOrder(), ["number"]), CancellationToken.None)).Record!.Unified;
        var items = await ActiveItemsAsync(account);
        var change = new PurchaseOrder();
        change.Lines.Add(new PurchaseOrderLine(current.Lines[0]) { Quantity = "41" });
        change.Lines.Add(new PurchaseOrderLine { ItemCode = items[5]["itemId"]!.GetValue<string>(), Quantity = "4", UnitPrice = new Money { CurrencyCode = current.CurrencyCode, Amount = "2.5" } });

        var written = (PurchaseOrder)(await account.Writer.WriteAsync(account.Target,
            Update(EntityKind.PurchaseOrder, Id(stored), change, ["lines"]), CancellationToken.None)).Record!.Unified;

        written.Lines.Count.ShouldBe(2);
        written.Lines[0].LineNumber.ShouldBe(current.Lines[0].LineNumber);
        written.Lines[0].Quantity.ShouldBe("41");
        written.Lines[1].LineNumber.ShouldBe((current.Lines.Max(l => int.Parse(l.LineNumber, CultureInfo.InvariantCulture)) + 1).ToString(CultureInfo.InvariantCulture));
        written.Lines[1].Amount.Amount.ShouldBe("10.0");
        written.TotalAmount.Amount.ShouldBe((decimal.Parse(written.Lines[0].Amount.Amount, CultureInfo.InvariantCulture) + 10.0m).ToString(CultureInfo.InvariantCulture));
        (await account.Instance.GetRequestsAsync()).ShouldContain(r => r.Method == "PATCH" && r.Query.Contains("replace=item"));
    }

    [Fact]
    public async Task a_masked_line_field_changes_that_field_of_the_named_line_and_keeps_the_others()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var stored = await OrderAsync(account, "pendingReceipt", minLines: 2);
        var lines = stored["item"]!["items"]!.AsArray();
        var change = new PurchaseOrder();
        change.Lines.Add(new PurchaseOrderLine { LineNumber = lines[1]!["line"]!.ToString(), Quantity = "17" });

        var written = (PurchaseOrder)(await account.Writer.WriteAsync(account.Target,
            Update(EntityKind.PurchaseOrder, Id(stored), change, ["lines.quantity"]), CancellationToken.None)).Record!.Unified;

        written.Lines.Count.ShouldBe(lines.Count);
        written.Lines[1].Quantity.ShouldBe("17");
        written.Lines[0].Quantity.ShouldBe(lines[0]!["quantity"]!.ToString());
        (await account.Instance.GetRequestsAsync()).ShouldContain(r => r.Method == "PATCH" && !r.Query.Contains("replace"));
    }

    [Fact]
    public async Task removing_a_received_line_is_a_state_rule()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var stored = (await account.AllAsync("purchase_order")).First(o => RefId(o["status"]) == "partiallyReceived"
            && o["item"]!["items"]!.AsArray().Count >= 2 && o["item"]!["items"]![0]!["quantityReceived"]!.GetValue<decimal>() > 0);
        var change = new PurchaseOrder();
        var second = stored["item"]!["items"]![1]!;
        change.Lines.Add(new PurchaseOrderLine { LineNumber = second["line"]!.ToString(), ItemCode = second["item"]!["refName"]!.GetValue<string>(), Quantity = "50" });

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            account.Writer.WriteAsync(account.Target, Update(EntityKind.PurchaseOrder, Id(stored), change, ["lines"]), CancellationToken.None));

        refused.StateRule.ShouldBeTrue();
        refused.SourceCode.ShouldBe("USER_ERROR");
    }

    [Fact]
    public async Task a_stale_etag_is_a_conflict_and_the_current_one_is_accepted()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var stored = await OrderAsync(account, "pendingReceipt");
        var etag = stored["lastModifiedDate"]!.GetValue<string>();
        var change = new PurchaseOrder { RequiredDate = "2030-12-24" };

        await account.Writer.WriteAsync(account.Target, Update(EntityKind.PurchaseOrder, Id(stored), change, ["required_date"], etag: etag), CancellationToken.None);
        await Should.ThrowAsync<SourceConflictException>(() =>
            account.Writer.WriteAsync(account.Target, Update(EntityKind.PurchaseOrder, Id(stored), change, ["required_date"], etag: "2001-01-01T00:00:00Z"), CancellationToken.None));
        await Should.ThrowAsync<SourceConflictException>(() =>
            account.Writer.WriteAsync(account.Target, Delete(EntityKind.PurchaseOrder, Id(stored), etag: "2001-01-01T00:00:00Z"), CancellationToken.None));
    }

    [Fact]
    public async Task an_open_order_is_deleted_once_and_a_second_delete_still_succeeds()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var stored = await OrderAsync(account, "pendingReceipt");

        (await account.Writer.WriteAsync(account.Target, Delete(EntityKind.PurchaseOrder, Id(stored)), CancellationToken.None)).Record.ShouldBeNull();
        (await account.Writer.WriteAsync(account.Target, Delete(EntityKind.PurchaseOrder, Id(stored)), CancellationToken.None)).Record.ShouldBeNull();

        (await account.ReadAllKeysAsync(EntityKind.PurchaseOrder)).ShouldNotContain(Id(stored));
    }

    [Fact]
    public async Task an_order_with_receipts_cannot_be_deleted()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var stored = await OrderAsync(account, "partiallyReceived");

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            account.Writer.WriteAsync(account.Target, Delete(EntityKind.PurchaseOrder, Id(stored)), CancellationToken.None));

        refused.StateRule.ShouldBeTrue();
        refused.SourceMessage.ShouldContain("dependent records");
        (await account.ReadAllKeysAsync(EntityKind.PurchaseOrder)).ShouldContain(Id(stored));
    }

    [Fact]
    public async Task updating_an_order_that_is_gone_is_not_found()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);

        await Should.ThrowAsync<SourceNotFoundException>(() => account.Writer.WriteAsync(account.Target,
            Update(EntityKind.PurchaseOrder, "999999", new PurchaseOrder { RequiredDate = "2030-01-01" }, ["required_date"]), CancellationToken.None));
    }

    private static PurchaseOrder NewOrder(string vendorId, params string[] itemCodes)
    {
        var order = new PurchaseOrder { Vendor = new RecordRef { RemoteId = vendorId }, OrderDate = "2031-04-02" };
        order.Lines.Add(new PurchaseOrderLine { ItemCode = itemCodes[0], Quantity = "3" });
        if (itemCodes.Length > 1)
            order.Lines.Add(new PurchaseOrderLine { ItemCode = itemCodes[1], Quantity = "2.5", UnitPrice = new Money { CurrencyCode = "USD", Amount = "12.40" } });
        return order;
    }
}

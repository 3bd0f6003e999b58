using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.NetSuite;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.NetSuite;

/// <summary>The NetSuite reader against the emulator: paging, incremental filters, key scans and failures.</summary>
public sealed class NetSuiteReaderTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task every_purchase_order_is_read_with_its_lines_across_pages()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);

        var records = await account.ReadAllAsync(EntityKind.PurchaseOrder);

        records.Count.ShouldBe(await account.CountAsync("purchase_order"));
        records.Count.ShouldBeGreaterThan(NetSuiteReader.RecordPageSize, "more than one page");
        records.Select(r => r.RemoteId).ShouldBeUnique();
        var orders = records.Select(r => (PurchaseOrder)r.Unified).ToList();
        orders.ShouldAllBe(o => o.Lines.Count > 0 && o.Vendor.RemoteId.Length > 0 && o.OrderDate.Length == 10);
        orders.Select(o => o.CurrencyCode).Distinct().OrderBy(c => c).ShouldBe(["CAD", "EUR", "GBP", "USD"]);
        orders.ShouldAllBe(o => o.Status != PurchaseOrderStatus.Unspecified);
        orders.SelectMany(o => o.Lines).ShouldAllBe(l => l.ItemCode.Length > 0 && l.Quantity.Length > 0 && l.UnitPrice.CurrencyCode.Length == 3);
        records.ShouldAllBe(r => r.ModifiedAt != null && r.Raw["item"]!["items"] != null);
    }

    [Fact]
    public async Task every_vendor_and_every_stock_line_is_read()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);

        var vendors = await account.ReadAllAsync(EntityKind.Vendor);
        var stock = await account.ReadAllAsync(EntityKind.InventoryItem);

        vendors.Count.ShouldBe(await account.CountAsync("vendor"));
        vendors.Select(v => (Vendor)v.Unified).ShouldContain(v => !v.Active);
        var items = await account.AllAsync("inventory_item");
        stock.Count.ShouldBe(items.Sum(i => i["locations"]!["items"]!.AsArray().Count));
        stock.Select(s => s.RemoteId).ShouldBeUnique();
        stock.Select(s => ((InventoryItem)s.Unified).UnitCost.CurrencyCode).Distinct().ShouldBe(["USD"]);
    }

    [Fact]
    public async Task an_incremental_read_picks_up_a_created_and_a_patched_order_and_nothing_older()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var checkpoint = DateTimeOffset.UtcNow;
        var existing = (await account.AllAsync("purchase_order"))[5];
        var created = existing.DeepClone().AsObject();
        created["id"] = "99001";
        created["tranId"] = "PO99001";
        created.Remove("lastModifiedDate");
        created.Remove("createdDate");

        await account.UpsertAsync("purchase_order", created);
        await account.PatchAsync("purchase_order", existing["id"]!.GetValue<string>(), new JsonObject { ["memo"] = "Expedite" });
        var changed = await account.ReadAllAsync(EntityKind.PurchaseOrder, checkpoint);

        changed.Select(r => r.RemoteId).ShouldBe([existing["id"]!.GetValue<string>(), "99001"], ignoreOrder: true);
        changed.ShouldAllBe(r => r.ModifiedAt >= checkpoint.AddSeconds(-1));
    }

    [Fact]
    public async Task an_incremental_read_of_stock_picks_up_a_changed_item_at_every_location()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var checkpoint = DateTimeOffset.UtcNow;
        var item = (await account.AllAsync("inventory_item"))[0];
        var locations = item["locations"]!.DeepClone().AsObject();
        locations["items"]![0]!["quantityOnHand"] = 7;

        await account.PatchAsync("inventory_item", item["id"]!.GetValue<string>(), new JsonObject { ["locations"] = locations });
        var changed = await account.ReadAllAsync(EntityKind.InventoryItem, checkpoint);

        changed.Count.ShouldBe(locations["items"]!.AsArray().Count);
        ((InventoryItem)changed[0].Unified).QuantityOnHand.ShouldBe("7");
    }

    [Fact]
    public async Task the_change_filter_uses_the_accounts_own_date_format_and_time_zone()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        await account.SetPreferencesAsync("Europe/Berlin", "dd.MM.yyyy");
        var checkpoint = DateTimeOffset.UtcNow;
        var vendor = (await account.AllAsync("vendor"))[3];

        await account.PatchAsync("vendor", vendor["id"]!.GetValue<string>(), new JsonObject { ["phone"] = "+49 203 000000" });
        var changed = await account.ReadAllAsync(EntityKind.Vendor, checkpoint);

        changed.Select(v => ((Vendor)v.Unified).Phone).ShouldBe(["+49 203 000000"]);
        var requests = await account.Instance.GetRequestsAsync();
        requests.ShouldContain(r => r.Path.EndsWith("/vendor") && Uri.UnescapeDataString(r.Query).Contains(
            $"ON_OR_AFTER \"{TimeZoneInfo.ConvertTime(checkpoint, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")):dd.MM.yyyy}\""));
    }

    [Fact]
    public async Task a_filter_in_a_format_the_account_does_not_use_is_refused()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        await account.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["date_format"] = "yyyy-MM-dd" });

        var failure = await Should.ThrowAsync<SourceUnavailableException>(() =>
            account.Reader.ReadPageAsync(account.Target, EntityKind.Vendor, DateTimeOffset.UtcNow, null, CancellationToken.None));

        failure.HttpStatus.ShouldBe(400);
        failure.Detail.ShouldContain("INVALID_PARAMETER");
    }

    [Fact]
    public async Task the_key_scan_misses_a_deleted_order()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var victim = (await account.AllAsync("purchase_order"))[42]["id"]!.GetValue<string>();

        await account.DeleteAsync("purchase_order", victim);
        var keys = await account.ReadAllKeysAsync(EntityKind.PurchaseOrder);

        keys.Count.ShouldBe(await account.CountAsync("purchase_order"));
        keys.ShouldNotContain(victim);
        (await account.Instance.GetRequestsAsync()).ShouldAllBe(r => !r.Path.Contains("/purchaseOrder/"), "ids only, no record reads");
    }

    [Fact]
    public async Task the_stock_key_scan_misses_a_deleted_item_at_all_its_locations()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var victim = (await account.AllAsync("inventory_item"))[7]["id"]!.GetValue<string>();

        await account.DeleteAsync("inventory_item", victim);
        var keys = await account.ReadAllKeysAsync(EntityKind.InventoryItem);
        var records = await account.ReadAllAsync(EntityKind.InventoryItem);

        keys.ShouldNotContain(k => k.StartsWith(victim + "@"));
        keys.ShouldBe(records.Select(r => r.RemoteId), ignoreOrder: true);
    }

    [Fact]
    public async Task a_503_in_the_middle_of_paging_is_retried()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var first = await account.Reader.ReadPageAsync(account.Target, EntityKind.Vendor, null, null, CancellationToken.None);
        await account.Instance.PlanFaultAsync(503, count: 1);

        var second = await account.Reader.ReadPageAsync(account.Target, EntityKind.Vendor, null, first.NextCursor, CancellationToken.None);

        second.Records.Count.ShouldBe(NetSuiteReader.RecordPageSize);
        second.Records.Select(r => r.RemoteId).ShouldNotContain(first.Records[0].RemoteId);
        var requests = await account.Instance.GetRequestsAsync();
        var faulted = requests.Single(r => r.Status == 503);
        requests.ShouldContain(r => r.Status == 200 && r.Path == faulted.Path && r.Query == faulted.Query && r.Time > faulted.Time);
    }

    [Fact]
    public async Task rotated_credentials_make_reading_throw_credentials_rejected()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        await account.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["token_secret"] = "rotated" });

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            account.Reader.ReadPageAsync(account.Target, EntityKind.PurchaseOrder, null, null, CancellationToken.None));

        rejected.HttpStatus.ShouldBe(401);
        rejected.SourceMessage.ShouldContain("INVALID_LOGIN");
    }

    [Theory]
    [InlineData(EntityKind.WorkOrder)]
    [InlineData(EntityKind.Asset)]
    public async Task work_orders_and_assets_are_not_netsuite_entities(EntityKind entity)
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);

        Should.Throw<EntityNotSupportedException>(() => account.Reader.ModeOf(entity));
        Should.Throw<EntityNotSupportedException>(() => account.Reader.MappingOf(entity));
        await Should.ThrowAsync<EntityNotSupportedException>(() => account.Reader.ReadPageAsync(account.Target, entity, null, null, CancellationToken.None));
        await Should.ThrowAsync<EntityNotSupportedException>(() => account.Reader.ReadKeysAsync(account.Target, entity, null, CancellationToken.None));
    }

    [Theory]
    [InlineData(EntityKind.PurchaseOrder, "order_date", "tranDate")]
    [InlineData(EntityKind.InventoryItem, "quantity_on_hand", "locations.items[].quantityOnHand")]
    [InlineData(EntityKind.Vendor, "active", "not isInactive")]
    public void the_field_mapping_names_the_source_fields(EntityKind entity, string unified, string source)
    {
        var mapping = new NetSuiteReader(new NoHttp(), TimeProvider.System).MappingOf(entity);

        mapping.Fields.ShouldContain(f => f.UnifiedField == unified && f.SourceField == source);
        new NetSuiteReader(new NoHttp(), TimeProvider.System).ModeOf(entity).ShouldBe(ReadMode.Incremental);
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("No HTTP in this test.");
    }
}

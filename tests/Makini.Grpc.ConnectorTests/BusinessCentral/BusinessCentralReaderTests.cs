using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.BusinessCentral;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.BusinessCentral;

/// <summary>The Business Central reader against the emulator: change-ordered paging, incremental reads, key scans, failures.</summary>
public sealed class BusinessCentralReaderTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task every_purchase_order_is_read_oldest_change_first_with_its_lines()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        var records = await company.ReadAllAsync(EntityKind.PurchaseOrder);

        records.Count.ShouldBe(await company.CountAsync("purchase_order"));
        records.Count.ShouldBeGreaterThan(BusinessCentralReader.PageSize, "more than one page");
        records.Select(r => r.RemoteId).ShouldBeUnique();
        records.Select(r => r.ModifiedAt).ShouldBeInOrder(SortDirection.Ascending);
        var orders = records.Select(r => (PurchaseOrder)r.Unified).ToList();
        orders.ShouldAllBe(o => o.Lines.Count > 0 && o.Vendor.RemoteId.Length > 0 && o.Etag.StartsWith("W/\""));
        orders.Select(o => o.CurrencyCode).Distinct().Order().ShouldBe(["EUR", "GBP", "USD"]);
        orders.Select(o => o.Status).Distinct().Count().ShouldBe(5);
        orders.ShouldContain(o => o.RequiredDate == "");
    }

    [Fact]
    public async Task every_vendor_and_every_inventory_item_is_read()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        var vendors = await company.ReadAllAsync(EntityKind.Vendor);
        var items = await company.ReadAllAsync(EntityKind.InventoryItem);

        vendors.Count.ShouldBe(await company.CountAsync("vendor"));
        vendors.Select(v => (Vendor)v.Unified).ShouldContain(v => !v.Active);
        vendors.Select(v => ((Vendor)v.Unified).PaymentTerms).ShouldAllBe(t => t.Length > 0);
        var stocked = (await company.AllAsync("inventory_item")).Count(i => i["type"]!.GetValue<string>() == "Inventory");
        items.Count.ShouldBe(stocked);
        items.Select(i => ((InventoryItem)i.Unified).UnitCost.CurrencyCode).Distinct().ShouldBe(["USD"]);
    }

    [Fact]
    public async Task an_incremental_read_picks_up_a_created_and_a_patched_vendor_and_nothing_older()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var checkpoint = DateTimeOffset.UtcNow.AddMilliseconds(-5);
        var existing = (await company.AllAsync("vendor"))[10];
        var created = existing.DeepClone().AsObject();
        created["id"] = "0b6f1e24-9d3c-4a57-8e21-6c4b9f0a7d13";
        created["number"] = "V99990";

        await company.UpsertAsync("vendor", created);
        await company.PatchAsync("vendor", existing["id"]!.GetValue<string>(), new JsonObject { ["phoneNumber"] = "+1 404 555 0199" });
        var changed = await company.ReadAllAsync(EntityKind.Vendor, checkpoint);

        changed.Select(r => r.RemoteId).ShouldBe(["0b6f1e24-9d3c-4a57-8e21-6c4b9f0a7d13", existing["id"]!.GetValue<string>()], ignoreOrder: true);
        changed.Select(r => ((Vendor)r.Unified).Phone).ShouldContain("+1 404 555 0199");
    }

    [Fact]
    public async Task an_order_modified_during_a_run_moves_later_and_no_other_order_is_skipped()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var first = await company.Reader.ReadPageAsync(company.Target, EntityKind.PurchaseOrder, null, null, CancellationToken.None);

        await company.PatchAsync("purchase_order", first.Records[3].RemoteId, new JsonObject { ["purchaser"] = "MH" });
        var rest = new List<SourceRecord>();
        for (var cursor = first.NextCursor; cursor is not null;)
        {
            var page = await company.Reader.ReadPageAsync(company.Target, EntityKind.PurchaseOrder, null, cursor, CancellationToken.None);
            rest.AddRange(page.Records);
            cursor = page.NextCursor;
        }

        var all = first.Records.Concat(rest).Select(r => r.RemoteId).ToList();
        all.Distinct().Count().ShouldBe(await company.CountAsync("purchase_order"));
        rest[^1].RemoteId.ShouldBe(first.Records[3].RemoteId, "read again at its new place");
    }

    [Fact]
    public async Task the_key_scan_follows_next_links_and_misses_a_deleted_vendor()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        await company.GenerateAsync("vendor", 1_000, seed: 7);
        var victim = (await company.AllAsync("vendor"))[500]["id"]!.GetValue<string>();

        await company.DeleteAsync("vendor", victim);
        var (keys, pages) = await company.ReadAllKeysAsync(EntityKind.Vendor);

        pages.ShouldBe(2);
        keys.Count.ShouldBe(await company.CountAsync("vendor"));
        keys.ShouldBeUnique();
        keys.ShouldNotContain(victim);
        (await company.Instance.GetRequestsAsync()).Where(r => r.Path.EndsWith("/vendors")).ShouldAllBe(r => r.Query.Contains("%24select=id") || r.Query.Contains("$select=id"));
    }

    [Fact]
    public async Task the_inventory_key_scan_lists_inventory_items_only()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        var (keys, _) = await company.ReadAllKeysAsync(EntityKind.InventoryItem);

        var items = await company.AllAsync("inventory_item");
        keys.ShouldBe(items.Where(i => i["type"]!.GetValue<string>() == "Inventory").Select(i => i["id"]!.GetValue<string>()), ignoreOrder: true);
    }

    [Fact]
    public async Task a_503_in_the_middle_of_paging_is_retried()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var first = await company.Reader.ReadPageAsync(company.Target, EntityKind.PurchaseOrder, null, null, CancellationToken.None);
        await company.Instance.PlanFaultAsync(503, count: 1);

        var second = await company.Reader.ReadPageAsync(company.Target, EntityKind.PurchaseOrder, null, first.NextCursor, CancellationToken.None);

        second.Records.Count.ShouldBe(await company.CountAsync("purchase_order") - BusinessCentralReader.PageSize);
        var requests = await company.Instance.GetRequestsAsync();
        var faulted = requests.Single(r => r.Status == 503);
        requests.ShouldContain(r => r.Status == 200 && r.Path == faulted.Path && r.Query == faulted.Query && r.Time > faulted.Time);
    }

    [Fact]
    public async Task a_rotated_secret_makes_reading_throw_credentials_rejected()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        await company.Reader.ReadPageAsync(company.Target, EntityKind.Vendor, null, null, CancellationToken.None);

        await company.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["client_secret"] = "Rot8Q~" + Guid.NewGuid().ToString("N") });
        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            company.Reader.ReadPageAsync(company.Target, EntityKind.Vendor, null, null, CancellationToken.None));

        rejected.HttpStatus.ShouldBe(401);
        rejected.SourceMessage.ShouldContain("AADSTS7000215");
    }

    [Fact]
    public async Task without_a_company_id_the_first_company_is_read_and_an_unknown_one_is_refused()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var withoutId = new Dictionary<string, string>(company.Credentials) { ["company_id"] = "" };
        var unknownId = new Dictionary<string, string>(company.Credentials) { ["company_id"] = "0a1b2c3d-0000-4000-8000-000000000000" };

        var page = await company.Reader.ReadPageAsync(company.Target with { Credentials = withoutId }, EntityKind.Vendor, null, null, CancellationToken.None);
        var refused = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            company.Reader.ReadPageAsync(company.Target with { Credentials = unknownId }, EntityKind.Vendor, null, null, CancellationToken.None));

        page.Records.Count.ShouldBe(await company.CountAsync("vendor"));
        refused.SourceMessage.ShouldContain("has no company with id");
    }

    [Theory]
    [InlineData(EntityKind.WorkOrder)]
    [InlineData(EntityKind.Asset)]
    public async Task work_orders_and_assets_are_not_business_central_entities(EntityKind entity)
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        Should.Throw<EntityNotSupportedException>(() => company.Reader.ModeOf(entity));
        Should.Throw<EntityNotSupportedException>(() => company.Reader.MappingOf(entity));
        await Should.ThrowAsync<EntityNotSupportedException>(() => company.Reader.ReadPageAsync(company.Target, entity, null, null, CancellationToken.None));
        await Should.ThrowAsync<EntityNotSupportedException>(() => company.Reader.ReadKeysAsync(company.Target, entity, null, CancellationToken.None));
    }

    [Theory]
    [InlineData(EntityKind.PurchaseOrder, "currency_code", "currencyCode")]
    [InlineData(EntityKind.InventoryItem, "quantity_on_hand", "inventory")]
    [InlineData(EntityKind.Vendor, "active", "blocked")]
    public async Task the_field_mapping_names_the_source_fields(EntityKind entity, string unified, string source)
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        company.Reader.MappingOf(entity).Fields.ShouldContain(f => f.UnifiedField == unified && f.SourceField == source);
        company.Reader.ModeOf(entity).ShouldBe(ReadMode.Incremental);
    }
}

using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>The SAP reader against the emulator: full reads, incremental reads, key scans, faults.</summary>
public sealed class SapReaderTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData(EntityKind.PurchaseOrder, "purchase_order")]
    [InlineData(EntityKind.WorkOrder, "work_order")]
    [InlineData(EntityKind.Asset, "asset")]
    public async Task a_full_read_returns_every_record_once_oldest_change_first(EntityKind entity, string name)
    {
        var sap = await SapRecords.NewAsync(emulator);

        var records = await sap.ReadAllAsync(entity);

        records.Count.ShouldBe(await sap.CountAsync(name));
        records.Select(r => r.RemoteId).ShouldBeUnique();
        records.Select(r => r.ModifiedAt!.Value).ShouldBeInOrder();
        sap.Reader.ModeOf(entity).ShouldBe(ReadMode.Incremental);
    }

    [Theory]
    [InlineData(EntityKind.Vendor, "vendor", ReadMode.Incremental)]
    [InlineData(EntityKind.InventoryItem, "inventory_item", ReadMode.Snapshot)]
    public async Task a_full_read_of_a_key_ordered_entity_returns_every_record_once(EntityKind entity, string name, ReadMode mode)
    {
        var sap = await SapRecords.NewAsync(emulator);

        var records = await sap.ReadAllAsync(entity);

        records.Count.ShouldBe(await sap.CountAsync(name));
        records.Select(r => r.RemoteId).ShouldBeUnique();
        sap.Reader.ModeOf(entity).ShouldBe(mode);
    }

    [Fact]
    public async Task purchase_orders_are_read_in_pages_of_500_with_their_items_by_watermark()
    {
        var sap = await SapRecords.NewAsync(emulator);
        await sap.GenerateAsync("purchase_order", 700, seed: 3);

        var records = await sap.ReadAllAsync(EntityKind.PurchaseOrder);

        records.Count.ShouldBe(1100);
        var orders = records.Select(r => (PurchaseOrder)r.Unified).ToList();
        orders.ShouldAllBe(o => o.Lines.Count >= 0 && o.Lines.Count <= 5);
        orders.Average(o => o.Lines.Count).ShouldBeInRange(2.5, 3.5);
        orders.Select(o => o.CurrencyCode).Distinct().Count().ShouldBeGreaterThanOrEqualTo(4);
        var queries = (await sap.QueriesAsync()).Where(q => q.Contains("$expand")).ToList();
        queries.Count.ShouldBe(3);
        queries[0].ShouldNotContain("$filter");
        queries.ShouldAllBe(q => q.Contains("$orderby=LastChangeDateTime,PurchaseOrder") && q.Contains("$top=500")
            && q.Contains("$expand=to_PurchaseOrderItem,to_PurchaseOrderItem/to_ScheduleLine") && q.Contains("$inlinecount=allpages"));
        queries[1].ShouldContain("$filter=LastChangeDateTime ge datetimeoffset'");
    }

    [Fact]
    public async Task demo_orders_refer_to_existing_suppliers_and_equipment()
    {
        var sap = await SapRecords.NewAsync(emulator);

        var suppliers = (await sap.ReadKeysAsync(EntityKind.Vendor)).ToHashSet();
        var equipment = (await sap.ReadKeysAsync(EntityKind.Asset)).ToHashSet();
        var orders = await sap.ReadAllAsync(EntityKind.PurchaseOrder);
        var workOrders = await sap.ReadAllAsync(EntityKind.WorkOrder);

        orders.ShouldAllBe(o => suppliers.Contains(((PurchaseOrder)o.Unified).Vendor.RemoteId));
        workOrders.ShouldAllBe(w => equipment.Contains(((WorkOrder)w.Unified).Asset.RemoteId));
        workOrders.Select(w => ((WorkOrder)w.Unified).Site).Distinct().Order().ShouldBe(["1010", "1110", "1610", "1710"]);
    }

    [Theory]
    [InlineData(EntityKind.PurchaseOrder, "purchase_order", "4500000007", "PaymentTerms", "NT60")]
    [InlineData(EntityKind.WorkOrder, "work_order", "4000007", "MaintPriority", "1")]
    [InlineData(EntityKind.Asset, "asset", "10000007", "EquipmentName", "Spare pump")]
    [InlineData(EntityKind.Vendor, "vendor", "17300007", "BusinessPartnerFullName", "Renamed Ltd")]
    public async Task an_incremental_read_returns_what_was_created_or_changed_since_the_checkpoint_only(
        EntityKind entity, string name, string patchedKey, string field, string value)
    {
        var sap = await SapRecords.NewAsync(emulator);
        var checkpoint = DateTimeOffset.UtcNow;
        var created = NewRecord(entity);

        await sap.PatchAsync(name, patchedKey, new JsonObject { [field] = value });
        await sap.CreateAsync(name, created.Record);

        var changed = await sap.ReadAllAsync(entity, checkpoint);

        changed.Select(r => r.RemoteId).Order().ShouldBe(new[] { patchedKey, created.RemoteId }.Order());
        changed.ShouldAllBe(r => r.ModifiedAt >= checkpoint.AddSeconds(-1));
    }

    [Fact]
    public async Task a_patched_supplier_carries_its_change_date_and_a_new_one_only_its_creation()
    {
        var sap = await SapRecords.NewAsync(emulator);

        var patched = await sap.PatchAsync("vendor", "17300011", new JsonObject { ["BusinessPartnerIsBlocked"] = true });
        var created = await sap.CreateAsync("vendor", NewRecord(EntityKind.Vendor).Record);

        patched["LastChangeDate"]!.GetValue<string>().ShouldStartWith("/Date(");
        patched["LastChangeTime"]!.GetValue<string>().ShouldMatch(@"^PT\d\dH\d\dM\d\dS$");
        created["LastChangeDate"].ShouldBeNull();
        created["CreationTime"]!.GetValue<string>().ShouldMatch(@"^PT\d\dH\d\dM\d\dS$");
        var read = await sap.ReadAllAsync(EntityKind.Vendor, DateTimeOffset.UtcNow.AddMinutes(-1));
        ((Vendor)read.Single(r => r.RemoteId == "17300011").Unified).Active.ShouldBeFalse();
        var query = (await sap.QueriesAsync()).Last();
        query.ShouldContain("LastChangeDate eq datetime'");
        query.ShouldContain("LastChangeTime ge time'PT");
    }

    [Fact]
    public async Task records_changed_during_a_read_are_not_skipped()
    {
        var sap = await SapRecords.NewAsync(emulator);
        await sap.GenerateAsync("purchase_order", 700, seed: 5);
        var firstPageKeys = new List<string>();

        var records = await sap.ReadAllAsync(EntityKind.PurchaseOrder, betweenPages: async page =>
        {
            if (page != 1) return;
            // One order already read and one not yet read both move to the end of the change order.
            var first = await sap.Reader.ReadPageAsync(sap.Target, EntityKind.PurchaseOrder, null, null, CancellationToken.None);
            var second = await sap.Reader.ReadPageAsync(sap.Target, EntityKind.PurchaseOrder, null, first.NextCursor, CancellationToken.None);
            firstPageKeys.AddRange(first.Records.Select(r => r.RemoteId));
            await sap.PatchAsync("purchase_order", first.Records[0].RemoteId, new JsonObject { ["PaymentTerms"] = "NT45" });
            await sap.PatchAsync("purchase_order", second.Records[0].RemoteId, new JsonObject { ["PaymentTerms"] = "NT45" });
        });

        records.Select(r => r.RemoteId).Distinct().Count().ShouldBe(await sap.CountAsync("purchase_order"));
        records.Count(r => r.RemoteId == firstPageKeys[0]).ShouldBe(2, "changed after it was read: read again, with the change");
        ((PurchaseOrder)records.Last(r => r.RemoteId == firstPageKeys[0]).Unified).PaymentTerms.ShouldBe("NT45");
    }

    [Theory]
    [InlineData(EntityKind.PurchaseOrder, "purchase_order", "4500000010")]
    [InlineData(EntityKind.WorkOrder, "work_order", "4000010")]
    [InlineData(EntityKind.Asset, "asset", "10000010")]
    [InlineData(EntityKind.Vendor, "vendor", "17300010")]
    [InlineData(EntityKind.InventoryItem, "inventory_item", "TG12|1010|101A||||00000000||000000||01")]
    public async Task the_key_scan_lists_every_key_but_a_deleted_one(EntityKind entity, string name, string deleted)
    {
        var sap = await SapRecords.NewAsync(emulator);
        var before = await sap.ReadKeysAsync(entity);
        await sap.DeleteAsync(name, deleted);

        var keys = await sap.ReadKeysAsync(entity);

        before.ShouldContain(deleted);
        keys.Count.ShouldBe(await sap.CountAsync(name));
        keys.ShouldBeUnique();
        keys.ShouldNotContain(deleted);
        (await sap.QueriesAsync()).Last().ShouldContain("$select=");
    }

    [Fact]
    public async Task a_503_in_the_middle_of_paging_is_retried()
    {
        var sap = await SapRecords.NewAsync(emulator);
        await sap.GenerateAsync("work_order", 600, seed: 9);

        var records = await sap.ReadAllAsync(EntityKind.WorkOrder, betweenPages: _ => sap.Instance.PlanFaultAsync(503, count: 2));

        records.Select(r => r.RemoteId).Distinct().Count().ShouldBe(await sap.CountAsync("work_order"));
        (await sap.Instance.GetRequestsAsync()).Count(r => r.Status == 503).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task a_page_whose_answer_breaks_off_half_way_is_an_unavailable_source_within_the_attempt_timeout()
    {
        using var services = new ServiceCollection()
            .AddSourceConnectors(http => http.AttemptTimeout = TimeSpan.FromMilliseconds(500))
            .BuildServiceProvider();
        var reader = services.GetRequiredService<ReaderRegistry>().Get(SystemCatalog.Sap);
        var sap = await SapRecords.NewAsync(emulator);
        // Headers and half the page arrive at once, the rest 20 s later.
        await sap.Instance.PlanFaultAsync(0, count: 1, stallBodyMs: 20_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var unavailable = await Should.ThrowAsync<SourceUnavailableException>(() =>
            reader.ReadPageAsync(sap.Target, EntityKind.PurchaseOrder, null, null, CancellationToken.None));

        unavailable.Detail.ShouldContain("did not send its whole answer in time");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        // The next read gets the page.
        (await reader.ReadPageAsync(sap.Target, EntityKind.PurchaseOrder, null, null, CancellationToken.None)).Records.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task a_changed_password_is_a_credentials_rejection()
    {
        var sap = await SapRecords.NewAsync(emulator);
        var first = await sap.Reader.ReadPageAsync(sap.Target, EntityKind.InventoryItem, null, null, CancellationToken.None);

        await sap.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = "Changed-Passw0rd!" });

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            sap.Reader.ReadPageAsync(sap.Target, EntityKind.InventoryItem, null, first.NextCursor, CancellationToken.None));
        rejected.HttpStatus.ShouldBe(401);
        rejected.SourceMessage.ShouldContain("SAP rejected the logon");
    }

    [Fact]
    public void every_entity_has_a_field_mapping()
    {
        var reader = emulator.Services.GetRequiredService<ReaderRegistry>().Get(SystemCatalog.Sap);

        foreach (var entity in Enum.GetValues<EntityKind>())
        {
            var mapping = reader.MappingOf(entity);
            mapping.SourceObject.ShouldStartWith("API_");
            mapping.Fields.ShouldContain(f => f.UnifiedField == "remote_id");
        }
        reader.MappingOf(EntityKind.PurchaseOrder).Fields.Single(f => f.UnifiedField == "order_date").SourceField
            .ShouldBe("A_PurchaseOrder.PurchaseOrderDate");
    }

    private static (string RemoteId, JsonObject Record) NewRecord(EntityKind entity) => entity switch
    {
        EntityKind.PurchaseOrder => ("4509999901", new JsonObject
        {
            ["PurchaseOrder"] = "4509999901", ["CompanyCode"] = "1010", ["PurchaseOrderType"] = "NB", ["PurchasingProcessingStatus"] = "02",
            ["Supplier"] = "17300002", ["DocumentCurrency"] = "EUR", ["PurchaseOrderDate"] = "/Date(1705276800000)/",
            ["to_PurchaseOrderItem"] = new JsonObject { ["results"] = new JsonArray(new JsonObject
            {
                ["PurchaseOrder"] = "4509999901", ["PurchaseOrderItem"] = "10", ["Material"] = "TG11", ["OrderQuantity"] = "5",
                ["PurchaseOrderQuantityUnit"] = "PC", ["DocumentCurrency"] = "EUR", ["NetPriceAmount"] = "12.50", ["NetPriceQuantity"] = "1", ["NetAmount"] = "62.50",
            }) },
        }),
        EntityKind.WorkOrder => ("4099001", new JsonObject
        {
            ["MaintenanceOrder"] = "4099001", ["MaintenanceOrderType"] = "PM01", ["MaintenanceOrderDesc"] = "Pump leaking at seal",
            ["MaintenancePlanningPlant"] = "1010", ["Equipment"] = "10000003", ["MaintPriority"] = "2", ["SystemStatusText"] = "CRTD MANC",
        }),
        EntityKind.Asset => ("10099001", new JsonObject
        {
            ["Equipment"] = "10099001", ["EquipmentName"] = "New compressor", ["MaintenancePlant"] = "1710", ["TechnicalObjectType"] = "COMPRESSOR",
        }),
        _ => ("17399001", new JsonObject
        {
            ["BusinessPartner"] = "17399001", ["Supplier"] = "17399001", ["BusinessPartnerCategory"] = "2", ["BusinessPartnerFullName"] = "Neue Lieferant GmbH",
            ["to_Supplier"] = new JsonObject { ["Supplier"] = "17399001", ["SupplierName"] = "Neue Lieferant GmbH", ["PostingIsBlocked"] = false, ["PurchasingIsBlocked"] = false },
        }),
    };
}

using System.Text.Json.Nodes;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>The Maximo reader against the emulator: full reads, incremental reads, key scans, faults.</summary>
public sealed class MaximoReaderTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData(EntityKind.PurchaseOrder, "purchase_order")]
    [InlineData(EntityKind.WorkOrder, "work_order")]
    [InlineData(EntityKind.InventoryItem, "inventory_item")]
    [InlineData(EntityKind.Vendor, "vendor")]
    [InlineData(EntityKind.Asset, "asset")]
    public async Task a_full_read_returns_every_record_once_oldest_change_first(EntityKind entity, string name)
    {
        var maximo = await MaximoRecords.NewAsync(emulator);

        var records = await maximo.ReadAllAsync(entity);

        records.Count.ShouldBe(await maximo.CountAsync(name));
        records.Select(r => r.RemoteId).ShouldBeUnique();
        records.Select(r => r.ModifiedAt!.Value).ShouldBeInOrder();
        (await maximo.Instance.GetRequestsAsync()).Where(r => r.Path.StartsWith("/maximo/api/os/")).ShouldAllBe(r => r.Query.Contains("lean=1"));
    }

    [Fact]
    public async Task demo_work_orders_name_existing_assets_and_carry_new_york_offsets()
    {
        var maximo = await MaximoRecords.NewAsync(emulator);

        var workOrders = await maximo.ReadAllAsync(EntityKind.WorkOrder);
        var assets = (await maximo.ReadAllAsync(EntityKind.Asset)).Select(a => a.RemoteId).ToHashSet();

        workOrders.Count.ShouldBeGreaterThan(300);
        workOrders.Select(w => ((WorkOrder)w.Unified).Asset).Where(a => a is not null).ShouldAllBe(a => assets.Contains(a!.RemoteId));
        workOrders.ShouldAllBe(w => w.Raw["changedate"]!.GetValue<string>().EndsWith("-05:00") || w.Raw["changedate"]!.GetValue<string>().EndsWith("-04:00"));
        workOrders.Select(w => ((WorkOrder)w.Unified).Site).Distinct().Order().ShouldBe(["BEDFORD", "NASHUA"]);
    }

    [Fact]
    public async Task an_incremental_read_returns_what_was_created_or_changed_since_the_checkpoint_only()
    {
        var maximo = await MaximoRecords.NewAsync(emulator);
        var existing = (await maximo.ReadAllAsync(EntityKind.WorkOrder)).First(r => ((WorkOrder)r.Unified).Status != WorkOrderStatus.Completed).RemoteId;
        var checkpoint = DateTimeOffset.UtcNow;

        await maximo.PatchAsync("work_order", existing, new JsonObject { ["status"] = "COMP", ["status_description"] = "Completed" });
        await maximo.CreateAsync("work_order", new JsonObject
        {
            ["wonum"] = "9001", ["siteid"] = "NASHUA", ["orgid"] = "EAGLENA", ["description"] = "New leak at NA210",
            ["status"] = "WAPPR", ["wopriority"] = 1,
        });

        var changed = await maximo.ReadAllAsync(EntityKind.WorkOrder, checkpoint);

        changed.Select(r => r.RemoteId).Order().ShouldBe(new[] { existing, "NASHUA/9001" }.Order());
        ((WorkOrder)changed.Single(r => r.RemoteId == existing).Unified).Status.ShouldBe(WorkOrderStatus.Completed);
        ((WorkOrder)changed.Single(r => r.RemoteId == "NASHUA/9001").Unified).Priority.ShouldBe(WorkOrderPriority.Urgent);
        var where = (await maximo.Instance.GetRequestsAsync()).Last().Query;
        Uri.UnescapeDataString(where).ShouldContain("oslc.where=changedate>=\"");
    }

    [Fact]
    public async Task records_changed_during_a_read_are_not_skipped()
    {
        var maximo = await MaximoRecords.NewAsync(emulator);
        var firstPageKeys = new List<string>();

        var records = await maximo.ReadAllAsync(EntityKind.WorkOrder, betweenPages: async page =>
        {
            if (page != 1) return;
            // One record already read and one not yet read both move to the end of the changedate order.
            var first = await maximo.Reader.ReadPageAsync(maximo.Target, EntityKind.WorkOrder, null, null, CancellationToken.None);
            var second = await maximo.Reader.ReadPageAsync(maximo.Target, EntityKind.WorkOrder, null, first.NextCursor, CancellationToken.None);
            firstPageKeys.AddRange(first.Records.Select(r => r.RemoteId));
            await maximo.PatchAsync("work_order", first.Records[0].RemoteId, new JsonObject { ["lead"] = "GARCIA" });
            await maximo.PatchAsync("work_order", second.Records[0].RemoteId, new JsonObject { ["lead"] = "GARCIA" });
        });

        var total = await maximo.CountAsync("work_order");
        records.Select(r => r.RemoteId).Distinct().Count().ShouldBe(total);
        records.Count(r => r.RemoteId == firstPageKeys[0]).ShouldBe(2, "changed after it was read: read again, with the change");
        ((WorkOrder)records.Last(r => r.RemoteId == firstPageKeys[0]).Unified).Assignee.ShouldBe("GARCIA");
    }

    [Fact]
    public async Task the_key_scan_lists_every_key_but_a_deleted_one()
    {
        var maximo = await MaximoRecords.NewAsync(emulator);
        await maximo.DeleteAsync("inventory_item", "BEDFORD/EAST/0-5000");

        var keys = await maximo.ReadKeysAsync(EntityKind.InventoryItem);

        keys.Count.ShouldBe(await maximo.CountAsync("inventory_item"));
        keys.ShouldBeUnique();
        keys.ShouldNotContain("BEDFORD/EAST/0-5000");
        keys.ShouldContain("BEDFORD/CENTRAL/0-5000");
        var query = Uri.UnescapeDataString((await maximo.Instance.GetRequestsAsync()).Last().Query);
        query.ShouldContain("oslc.select=inventoryid,siteid,location,itemnum");
        query.ShouldContain("oslc.orderBy=+inventoryid");
    }

    [Fact]
    public async Task a_503_in_the_middle_of_paging_is_retried()
    {
        var maximo = await MaximoRecords.NewAsync(emulator);

        var records = await maximo.ReadAllAsync(EntityKind.WorkOrder, betweenPages: _ => maximo.Instance.PlanFaultAsync(503, count: 2));

        records.Select(r => r.RemoteId).Distinct().Count().ShouldBe(await maximo.CountAsync("work_order"));
        (await maximo.Instance.GetRequestsAsync()).Count(r => r.Status == 503).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task a_rotated_api_key_is_a_credentials_rejection()
    {
        var maximo = await MaximoRecords.NewAsync(emulator);
        var first = await maximo.Reader.ReadPageAsync(maximo.Target, EntityKind.Asset, null, null, CancellationToken.None);

        await maximo.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["api_key"] = "rotated-key-0001" });

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            maximo.Reader.ReadPageAsync(maximo.Target, EntityKind.Asset, null, first.NextCursor, CancellationToken.None));
        rejected.SourceMessage.ShouldStartWith("BMXAA9549E");
    }

    [Fact]
    public async Task generating_with_another_seed_adds_records_that_read_like_the_demo_ones()
    {
        var maximo = await MaximoRecords.NewAsync(emulator);

        using var response = await maximo.Instance.Http.PostAsync(maximo.Instance.Url("_emulator/generate/work_order?count=500&seed=9"), null);
        response.EnsureSuccessStatusCode();

        (await maximo.CountAsync("work_order")).ShouldBe(900);
        var records = await maximo.ReadAllAsync(EntityKind.WorkOrder);
        records.Select(r => r.RemoteId).Distinct().Count().ShouldBe(900);
        (await maximo.ReadKeysAsync(EntityKind.WorkOrder)).Count.ShouldBe(900);
    }
}

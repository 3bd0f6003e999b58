using System.Text.Json.Nodes;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.UpKeep;

/// <summary>The UpKeep reader against the emulator: full reads, incremental reads, key scans, faults, sessions.</summary>
public sealed class UpKeepReaderTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData(EntityKind.PurchaseOrder, "purchase_order")]
    [InlineData(EntityKind.WorkOrder, "work_order")]
    [InlineData(EntityKind.InventoryItem, "inventory_item")]
    [InlineData(EntityKind.Vendor, "vendor")]
    [InlineData(EntityKind.Asset, "asset")]
    public async Task a_full_read_returns_every_record(EntityKind entity, string name)
    {
        var upkeep = await UpKeepRecords.NewAsync(emulator);

        var records = await upkeep.ReadAllAsync(entity);

        records.Select(r => r.RemoteId).Distinct().Count().ShouldBe(await upkeep.CountAsync(name));
        records.ShouldAllBe(r => r.RemoteId.Length == 10 && r.ModifiedAt != null);
        (await upkeep.Instance.GetRequestsAsync()).Where(r => r.Method == "GET").ShouldAllBe(r => r.Status == 200);
    }

    [Fact]
    public async Task demo_orders_refer_to_existing_assets_and_vendors()
    {
        var upkeep = await UpKeepRecords.NewAsync(emulator);

        var assets = (await upkeep.ReadKeysAsync(EntityKind.Asset)).ToHashSet();
        var vendors = (await upkeep.ReadKeysAsync(EntityKind.Vendor)).ToHashSet();
        var workOrders = await upkeep.ReadAllAsync(EntityKind.WorkOrder);
        var purchaseOrders = await upkeep.ReadAllAsync(EntityKind.PurchaseOrder);

        workOrders.Select(w => ((WorkOrder)w.Unified).Asset).Where(a => a is not null).ShouldAllBe(a => assets.Contains(a!.RemoteId));
        purchaseOrders.ShouldAllBe(p => vendors.Contains(((PurchaseOrder)p.Unified).Vendor.RemoteId));
        purchaseOrders.SelectMany(p => ((PurchaseOrder)p.Unified).Lines).ShouldContain(l => l.UnitPrice.Amount.Contains('.'));
    }

    [Fact]
    public async Task an_incremental_read_returns_what_was_created_or_changed_since_the_checkpoint_only()
    {
        var upkeep = await UpKeepRecords.NewAsync(emulator);
        var existing = (await upkeep.AllNativeAsync("inventory_item"))[7]["id"]!.GetValue<string>();
        var checkpoint = DateTimeOffset.UtcNow;

        await upkeep.PatchAsync("inventory_item", existing, new JsonObject { ["quantity"] = 3.5m });
        await upkeep.CreateAsync("inventory_item", new JsonObject
        {
            ["id"] = "NewPart001", ["name"] = "Fan Belt A38", ["partNumber"] = "P-99001", ["quantity"] = 10, ["unitCost"] = 9.99m,
        });

        var changed = await upkeep.ReadAllAsync(EntityKind.InventoryItem, checkpoint);

        changed.Select(r => r.RemoteId).Order().ShouldBe(new[] { existing, "NewPart001" }.Order());
        ((InventoryItem)changed.Single(r => r.RemoteId == existing).Unified).QuantityOnHand.ShouldBe("3.5");
        ((InventoryItem)changed.Single(r => r.RemoteId == "NewPart001").Unified).UnitCost.Amount.ShouldBe("9.99");
        Uri.UnescapeDataString((await upkeep.Instance.GetRequestsAsync()).Last().Query).ShouldContain("updatedAtGreaterThan=");
    }

    [Fact]
    public async Task a_record_deleted_during_a_read_costs_a_repeat_not_a_skip()
    {
        var upkeep = await UpKeepRecords.NewAsync(emulator);
        var native = await upkeep.AllNativeAsync("work_order");

        var records = await upkeep.ReadAllAsync(EntityKind.WorkOrder, betweenPages: async page =>
        {
            if (page == 1) await upkeep.DeleteAsync("work_order", native[3]["id"]!.GetValue<string>());
        });

        native.Skip(4).Select(n => n["id"]!.GetValue<string>()).ShouldBeSubsetOf(records.Select(r => r.RemoteId));
    }

    [Fact]
    public async Task the_key_scan_lists_every_key_but_a_deleted_one()
    {
        var upkeep = await UpKeepRecords.NewAsync(emulator);
        var deleted = (await upkeep.AllNativeAsync("asset"))[42]["id"]!.GetValue<string>();
        await upkeep.DeleteAsync("asset", deleted);

        var keys = await upkeep.ReadKeysAsync(EntityKind.Asset);

        keys.Distinct().Count().ShouldBe(await upkeep.CountAsync("asset"));
        keys.ShouldNotContain(deleted);
    }

    [Fact]
    public async Task a_503_in_the_middle_of_paging_is_retried()
    {
        var upkeep = await UpKeepRecords.NewAsync(emulator);

        var records = await upkeep.ReadAllAsync(EntityKind.Vendor, betweenPages: _ => upkeep.Instance.PlanFaultAsync(503, count: 2));

        records.Select(r => r.RemoteId).Distinct().Count().ShouldBe(await upkeep.CountAsync("vendor"));
        (await upkeep.Instance.GetRequestsAsync()).Count(r => r.Status == 503).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task a_changed_password_is_a_credentials_rejection()
    {
        var upkeep = await UpKeepRecords.NewAsync(emulator);
        var first = await upkeep.Reader.ReadPageAsync(upkeep.Target, EntityKind.Asset, null, null, CancellationToken.None);

        await upkeep.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = "Changed-Password-2" });

        await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            upkeep.Reader.ReadPageAsync(upkeep.Target, EntityKind.Asset, null, first.NextCursor, CancellationToken.None));
    }

    [Fact]
    public async Task an_ended_session_is_renewed_once_and_the_read_goes_on()
    {
        var upkeep = await UpKeepRecords.NewAsync(emulator);
        var first = await upkeep.Reader.ReadPageAsync(upkeep.Target, EntityKind.InventoryItem, null, null, CancellationToken.None);

        // Setting the same password ends every session without making the login wrong.
        await upkeep.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = upkeep.Target.Credential("password") });
        var second = await upkeep.Reader.ReadPageAsync(upkeep.Target, EntityKind.InventoryItem, null, first.NextCursor, CancellationToken.None);

        second.Records.ShouldNotBeEmpty();
    }
}

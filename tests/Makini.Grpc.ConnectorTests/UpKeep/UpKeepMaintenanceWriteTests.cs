using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.UpKeep;

/// <summary>Work order and asset writes through the UpKeep writer against the emulator.</summary>
public sealed class UpKeepMaintenanceWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string MainPlant = "Lc7Hq2Tz9A";

    [Fact]
    public async Task a_created_work_order_comes_back_as_a_sync_reads_it()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var asset = (await upkeep.FirstAsync("asset", _ => true))["id"]!.GetValue<string>();
        var due = new DateTimeOffset(2030, 6, 1, 14, 30, 0, TimeSpan.Zero);
        var order = new WorkOrder
        {
            Title = "Replace belt", Description = "Belt is cracked", Priority = WorkOrderPriority.Urgent, Type = "Mechanical",
            Asset = new RecordRef { RemoteId = asset }, Location = MainPlant, Assignee = "Ab8Cd2Ef4G", DueTime = Timestamp.FromDateTimeOffset(due),
            CustomFields = new Struct { Fields = { ["costCenter"] = Value.ForString("CC-101") } },
        };

        var written = (WorkOrder)(await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.WorkOrder, order))).Record!.Unified;

        written.RemoteId.Length.ShouldBe(10);
        written.Number.ShouldBe("1400", "the next number after the demo orders 1000–1399");
        written.Status.ShouldBe(WorkOrderStatus.Open);
        written.Priority.ShouldBe(WorkOrderPriority.High, "UpKeep's highest priority is 3");
        written.Asset.RemoteId.ShouldBe(asset);
        written.DueTime.ToDateTimeOffset().ShouldBe(due);
        written.CustomFields.ShouldBe(order.CustomFields);
        written.Etag.ShouldNotBeEmpty();
        (await upkeep.ReadAsync(EntityKind.WorkOrder, written.RemoteId)).Unified.ShouldBe(written);
    }

    [Fact]
    public async Task a_work_order_is_completed_and_reopened()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var created = await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Check pump" }));
        var id = created.Record!.RemoteId;

        var completed = (WorkOrder)(await upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.WorkOrder, id,
            new WorkOrder { Status = WorkOrderStatus.Completed, Title = "Pump checked" }, ["status", "title"]))).Record!.Unified;
        var reopened = (WorkOrder)(await upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.WorkOrder, id,
            new WorkOrder { Status = WorkOrderStatus.Open }, ["status"]))).Record!.Unified;

        completed.RemoteStatus.ShouldBe("complete");
        completed.ActualFinishTime.ShouldNotBeNull();
        completed.Title.ShouldBe("Pump checked");
        reopened.RemoteStatus.ShouldBe("open");
        reopened.ActualFinishTime.ShouldBeNull("UpKeep clears the completion of a reopened order");
        (await upkeep.ReadAsync(EntityKind.WorkOrder, id)).Unified.ShouldBe(reopened);
    }

    [Fact]
    public async Task a_status_upkeep_does_not_have_is_refused()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var created = await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Close me" }));

        var closed = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.WorkOrder,
            created.Record!.RemoteId, new WorkOrder { Status = WorkOrderStatus.Closed }, ["status"])));
        var archived = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.WorkOrder,
            created.Record!.RemoteId, new WorkOrder { RemoteStatus = "archived" }, ["remote_status"])));

        closed.UnifiedField.ShouldBe("status");
        archived.SourceMessage.ShouldBe("status must be one of open, onHold, inProgress, complete");
        archived.SourceField.ShouldBe("status");
        archived.StateRule.ShouldBeFalse();
    }

    [Fact]
    public async Task an_unknown_asset_and_a_missing_title_are_refused_on_their_unified_fields()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);

        var asset = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.WorkOrder,
            new WorkOrder { Title = "Ghost", Asset = new RecordRef { RemoteId = "NoSuchAst1" } })));
        var title = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.WorkOrder, new WorkOrder())));

        asset.SourceMessage.ShouldBe("asset NoSuchAst1 not found");
        asset.UnifiedField.ShouldBe("asset.remote_id");
        title.SourceMessage.ShouldBe("title is required");
        title.UnifiedField.ShouldBe("title");
        (await upkeep.CountAsync("work_order")).ShouldBe(400);
    }

    [Theory]
    [InlineData("workOrderNo")]
    [InlineData("updatedAt")]
    public async Task read_only_fields_are_refused(string field)
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var created = await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Numbered" }));

        var refused = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.WorkOrder,
            created.Record!.RemoteId, new WorkOrder { Title = "Renumbered" }, ["title"], remoteFields: new JsonObject { [field] = "9" })));

        refused.SourceField.ShouldBe(field);
        refused.UnifiedField.ShouldBe("remote_fields." + field);
    }

    [Fact]
    public async Task a_stale_etag_is_a_conflict()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var created = (WorkOrder)(await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "v1" }))).Record!.Unified;
        await Task.Delay(5);
        await upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.WorkOrder, created.RemoteId, new WorkOrder { Title = "v2" }, ["title"], etag: created.Etag));

        await Should.ThrowAsync<SourceConflictException>(() => upkeep.WriteAsync(
            UpKeepWriting.Update(EntityKind.WorkOrder, created.RemoteId, new WorkOrder { Title = "v3" }, ["title"], etag: created.Etag)));

        (await upkeep.NativeAsync("work_order", created.RemoteId))!["title"]!.GetValue<string>().ShouldBe("v2");
    }

    [Fact]
    public async Task a_work_order_is_deleted_and_deleting_it_again_succeeds()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var created = await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Temporary" }));

        (await upkeep.WriteAsync(UpKeepWriting.Delete(EntityKind.WorkOrder, created.Record!.RemoteId))).Record.ShouldBeNull();
        (await upkeep.WriteAsync(UpKeepWriting.Delete(EntityKind.WorkOrder, created.Record.RemoteId))).Record.ShouldBeNull();

        (await upkeep.NativeAsync("work_order", created.Record.RemoteId)).ShouldBeNull();
    }

    [Fact]
    public async Task an_asset_is_created_updated_and_deleted()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var asset = new Asset { Name = "Chiller 2", AssetNumber = "AST-90001", Location = MainPlant, SerialNumber = "TR-55", Manufacturer = "Trane", Model = "CGAM" };

        var created = (Asset)(await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.Asset, asset))).Record!.Unified;
        var updated = (Asset)(await upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.Asset, created.RemoteId,
            new Asset { Status = AssetStatus.NotOperating, Category = "HVAC" }, ["status", "category"]))).Record!.Unified;
        var decommissioned = await Should.ThrowAsync<SourceValidationException>(() => upkeep.WriteAsync(UpKeepWriting.Update(EntityKind.Asset,
            created.RemoteId, new Asset { Status = AssetStatus.Decommissioned }, ["status"])));
        await upkeep.WriteAsync(UpKeepWriting.Delete(EntityKind.Asset, created.RemoteId));

        created.Status.ShouldBe(AssetStatus.Operating);
        created.AssetNumber.ShouldBe("AST-90001");
        updated.Status.ShouldBe(AssetStatus.NotOperating);
        updated.Model.ShouldBe("CGAM");
        decommissioned.UnifiedField.ShouldBe("status");
        (await upkeep.NativeAsync("asset", created.RemoteId)).ShouldBeNull();
    }

    [Fact]
    public async Task a_changed_password_is_a_credentials_rejection()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        await upkeep.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = "Changed-2025!" });

        await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Denied" })));
    }
}

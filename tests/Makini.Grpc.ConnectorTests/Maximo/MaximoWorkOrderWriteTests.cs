using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>Work order writes through the Maximo writer against the emulator: create, update with status changes, delete, rules.</summary>
public sealed class MaximoWorkOrderWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_created_work_order_comes_back_as_a_sync_reads_it()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var due = new DateTimeOffset(2030, 3, 1, 15, 0, 0, TimeSpan.Zero);
        var order = new WorkOrder
        {
            Title = "Replace seal on pump 11430", Asset = new RecordRef { RemoteId = "BEDFORD/11430" }, Priority = WorkOrderPriority.High,
            Type = "CM", DueTime = Timestamp.FromDateTimeOffset(due),
            CustomFields = new Struct { Fields = { ["ex_costcenter"] = Value.ForString("CC-4100") } },
        };

        var written = (WorkOrder)(await maximo.WriteAsync(MaximoWriting.Create(EntityKind.WorkOrder, order))).Record!.Unified;

        written.RemoteId.ShouldStartWith("BEDFORD/");
        written.Status.ShouldBe(WorkOrderStatus.Open);
        written.RemoteStatus.ShouldBe("WAPPR");
        written.Priority.ShouldBe(WorkOrderPriority.High);
        written.Location.ShouldBe("BR100", "a work order takes its asset's location");
        written.DueTime.ToDateTimeOffset().ShouldBe(due);
        written.CustomFields.Fields.Keys.ShouldBe(["ex_costcenter"]);
        (await maximo.ReadAsync(EntityKind.WorkOrder, written.RemoteId)).Unified.ShouldBe(written);
        var native = (await maximo.NativeAsync("work_order", written.RemoteId))!;
        native["changeby"]!.GetValue<string>().ShouldBe("MXINTADM");
        native["externalrefid"]!.GetValue<string>().Length.ShouldBe(10);
        native["targcompdate"]!.GetValue<string>().ShouldBe("2030-03-01T10:00:00-05:00");
    }

    [Fact]
    public async Task a_status_change_goes_through_change_status_and_the_other_fields_through_a_patch()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var created = await maximo.WriteAsync(MaximoWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Inspect fan", Site = "NASHUA" }));

        var result = await maximo.WriteAsync(MaximoWriting.Update(EntityKind.WorkOrder, created.Record!.RemoteId,
            new WorkOrder { Title = "Inspect and balance fan", Assignee = "WILSON", Status = WorkOrderStatus.Completed }, ["title", "assignee", "status"]));

        var written = (WorkOrder)result.Record!.Unified;
        written.Status.ShouldBe(WorkOrderStatus.Completed);
        written.RemoteStatus.ShouldBe("COMP");
        written.Title.ShouldBe("Inspect and balance fan");
        written.Assignee.ShouldBe("WILSON");
        written.ActualFinishTime.ShouldNotBeNull();
        (await maximo.ReadAsync(EntityKind.WorkOrder, written.RemoteId)).Unified.ShouldBe(written);
        var writes = (await maximo.Instance.GetRequestsAsync()).Where(r => r.Method == "POST" && r.Path.StartsWith("/maximo/api/os/mxapiwodetail/_")).ToList();
        writes.Count.ShouldBe(2);
        writes[1].Query.ShouldContain("action=wsmethod:changeStatus");
    }

    [Fact]
    public async Task a_status_the_order_already_has_is_not_changed_again()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var scheduled = await maximo.FirstAsync("work_order", r => r["status"]!.GetValue<string>() == "WSCH");
        var remoteId = $"{scheduled["siteid"]}/{scheduled["wonum"]}";

        var result = await maximo.WriteAsync(MaximoWriting.Update(EntityKind.WorkOrder, remoteId, new WorkOrder { Status = WorkOrderStatus.Open }, ["status"]));

        ((WorkOrder)result.Record!.Unified).RemoteStatus.ShouldBe("WSCH", "WSCH is already OPEN");
        (await maximo.Instance.GetRequestsAsync()).ShouldNotContain(r => r.Method == "POST");
    }

    [Fact]
    public async Task a_closed_work_order_cannot_go_back_in_progress()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var closed = await maximo.FirstAsync("work_order", r => r["status"]!.GetValue<string>() == "CLOSE");
        var remoteId = $"{closed["siteid"]}/{closed["wonum"]}";

        var refused = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(
            MaximoWriting.Update(EntityKind.WorkOrder, remoteId, new WorkOrder { Status = WorkOrderStatus.InProgress }, ["status"])));

        refused.StateRule.ShouldBeTrue();
        refused.SourceCode.ShouldBe("BMXAA4590E");
        refused.SourceField.ShouldBe("status");
        refused.UnifiedField.ShouldBe("status");
        refused.SourceMessage.ShouldContain("from CLOSE to INPRG");
        (await maximo.NativeAsync("work_order", remoteId))!["status"]!.GetValue<string>().ShouldBe("CLOSE");
    }

    [Fact]
    public async Task without_a_site_maximo_refuses_the_create_with_its_required_field_message()
    {
        var maximo = await MaximoWriting.NewAsync(emulator, withSite: false);

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            maximo.WriteAsync(MaximoWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "No site" })));

        refused.SourceCode.ShouldBe("BMXAA4195E");
        refused.SourceField.ShouldBe("siteid");
        refused.UnifiedField.ShouldBe("site");
        refused.StateRule.ShouldBeFalse();
    }

    [Fact]
    public async Task an_unknown_asset_is_refused_on_its_unified_field()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        var refused = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(
            MaximoWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Ghost", Asset = new RecordRef { RemoteId = "BEDFORD/99999" } })));

        refused.SourceField.ShouldBe("assetnum");
        refused.UnifiedField.ShouldBe("asset.remote_id");
    }

    [Theory]
    [InlineData("wonum", "4711", "remote_fields.wonum")]
    [InlineData("changedate", "2020-01-01T00:00:00+00:00", "remote_fields.changedate")]
    public async Task read_only_attributes_are_refused(string attribute, string value, string unifiedField)
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var created = await maximo.WriteAsync(MaximoWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Keyed", Site = "BEDFORD" }));

        var refused = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(MaximoWriting.Update(EntityKind.WorkOrder,
            created.Record!.RemoteId, new WorkOrder { Title = "Keyed" }, ["title"], remoteFields: new JsonObject { [attribute] = value })));

        refused.SourceCode.ShouldBe("BMXAA4106E");
        refused.SourceField.ShouldBe(attribute);
        refused.UnifiedField.ShouldBe(unifiedField);
    }

    [Fact]
    public async Task a_waiting_work_order_is_deleted_and_deleting_it_again_succeeds()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var created = await maximo.WriteAsync(MaximoWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Duplicate request", Site = "BEDFORD" }));
        var delete = new WriteRequest(EntityKind.WorkOrder, WriteKind.Delete, created.Record!.RemoteId, null, [], new JsonObject(), null, MaximoWriting.NewKey());

        (await maximo.WriteAsync(delete)).Record.ShouldBeNull();
        (await maximo.NativeAsync("work_order", created.Record.RemoteId)).ShouldBeNull();
        (await maximo.WriteAsync(delete with { IdempotencyKey = MaximoWriting.NewKey() })).Record.ShouldBeNull();
    }

    [Fact]
    public async Task a_work_order_under_way_cannot_be_deleted()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var started = await maximo.FirstAsync("work_order", r => r["status"]!.GetValue<string>() == "INPRG");
        var remoteId = $"{started["siteid"]}/{started["wonum"]}";

        var refused = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(
            new WriteRequest(EntityKind.WorkOrder, WriteKind.Delete, remoteId, null, [], new JsonObject(), null, MaximoWriting.NewKey())));

        refused.StateRule.ShouldBeTrue();
        refused.SourceCode.ShouldBe("BMXAA4626E");
    }

    [Fact]
    public async Task a_stale_etag_is_a_conflict()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var created = (WorkOrder)(await maximo.WriteAsync(MaximoWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "v1", Site = "BEDFORD" }))).Record!.Unified;
        await maximo.WriteAsync(MaximoWriting.Update(EntityKind.WorkOrder, created.RemoteId, new WorkOrder { Title = "v2" }, ["title"], etag: created.Etag));

        var conflict = await Should.ThrowAsync<SourceConflictException>(() => maximo.WriteAsync(
            MaximoWriting.Update(EntityKind.WorkOrder, created.RemoteId, new WorkOrder { Title = "v3" }, ["title"], etag: created.Etag)));

        conflict.SourceMessage.ShouldStartWith("BMXAA8229W");
        (await maximo.NativeAsync("work_order", created.RemoteId))!["description"]!.GetValue<string>().ShouldBe("v2");
    }

    [Fact]
    public async Task a_rotated_api_key_is_a_credentials_rejection()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        await maximo.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["api_key"] = "rotated-key-0002" });

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            maximo.WriteAsync(MaximoWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Denied", Site = "BEDFORD" })));

        rejected.SourceMessage.ShouldStartWith("BMXAA9549E");
    }
}

using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.ConnectorTests.Sap.SapWriting;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>Maintenance orders written through API_MAINTENANCEORDER, with their status moved through the process phase.</summary>
public sealed class SapWorkOrderWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static WorkOrder NewOrder() => new()
    {
        Title = "Replace seal on pump",
        Type = "PM01",
        Priority = WorkOrderPriority.High,
        Asset = new RecordRef { RemoteId = "10000003" },
        Assignee = "MECH-01",
        ScheduledStartTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 6, 2, 7, 0, 0, TimeSpan.Zero)),
        ScheduledFinishTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 6, 2, 15, 30, 0, TimeSpan.Zero)),
    };

    [Fact]
    public async Task a_create_takes_plant_and_location_from_the_equipment_and_reads_back_as_the_reader_reads_it()
    {
        var sap = await NewAsync(emulator);

        var result = await sap.WriteAsync(Create(EntityKind.WorkOrder, NewOrder()));

        var written = (WorkOrder)result.Record!.Unified;
        written.Status.ShouldBe(WorkOrderStatus.Open);
        written.RemoteStatus.ShouldBe("CRTD MANC NMAT");
        written.Priority.ShouldBe(WorkOrderPriority.High);
        written.Asset.RemoteId.ShouldBe("10000003");
        written.Asset.Name.ShouldNotBeEmpty();
        written.Site.ShouldBe("1010");
        written.Location.ShouldStartWith("1010-");
        written.ScheduledFinishTime.ShouldBe(NewOrder().ScheduledFinishTime);
        (await sap.ReadAsync(EntityKind.WorkOrder, written.RemoteId)).Unified.ShouldBe(written);
    }

    [Fact]
    public async Task the_status_moves_forward_through_release_and_technical_completion_but_not_back_to_created()
    {
        var sap = await NewAsync(emulator);
        var order = (WorkOrder)(await sap.WriteAsync(Create(EntityKind.WorkOrder, NewOrder()))).Record!.Unified;

        order.Status = WorkOrderStatus.InProgress;
        order = (WorkOrder)(await sap.WriteAsync(Update(EntityKind.WorkOrder, order.RemoteId, order, ["status"], order.Etag))).Record!.Unified;
        order.RemoteStatus.ShouldBe("REL MANC NMAT");
        order.Status = WorkOrderStatus.Completed;
        order = (WorkOrder)(await sap.WriteAsync(Update(EntityKind.WorkOrder, order.RemoteId, order, ["status"], order.Etag))).Record!.Unified;
        order.Status.ShouldBe(WorkOrderStatus.Completed);
        ((WorkOrder)(await sap.ReadAsync(EntityKind.WorkOrder, order.RemoteId)).Unified).RemoteStatus.ShouldStartWith("TECO");
        var native = (await sap.NativeAsync("work_order", order.RemoteId))!;
        native["MaintOrdProcessPhaseCode"]!.GetValue<string>().ShouldBe("08");
        native["SystemStatusText"]!.GetValue<string>().ShouldBe("TECO MANC NMAT");

        var back = order.Clone();
        back.Status = WorkOrderStatus.Open;
        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            sap.WriteAsync(Update(EntityKind.WorkOrder, order.RemoteId, back, ["status"], order.Etag)));
        refused.SourceCode.ShouldBe("BS/013");
        refused.SourceMessage.ShouldBe($"System status TECO is active (ORD {order.RemoteId})");
        refused.UnifiedField.ShouldBe("status");
        refused.StateRule.ShouldBeTrue();

        order.Status = WorkOrderStatus.Closed;
        order = (WorkOrder)(await sap.WriteAsync(Update(EntityKind.WorkOrder, order.RemoteId, order, ["status"], order.Etag))).Record!.Unified;
        order.Status.ShouldBe(WorkOrderStatus.Closed);
        order.Title = "Too late";
        (await Should.ThrowAsync<SourceValidationException>(() => sap.WriteAsync(Update(EntityKind.WorkOrder, order.RemoteId, order, ["title"]))))
            .SourceMessage.ShouldBe($"System status CLSD is active (ORD {order.RemoteId})");
    }

    [Fact]
    public async Task an_update_changes_what_the_mask_names_and_a_stale_etag_conflicts()
    {
        var sap = await NewAsync(emulator);
        var order = (WorkOrder)(await sap.WriteAsync(Create(EntityKind.WorkOrder, NewOrder()))).Record!.Unified;
        var changed = order.Clone();
        changed.Title = "Replace seal and bearing";
        changed.Priority = WorkOrderPriority.Urgent;
        changed.Assignee = "IGNORED";

        var updated = (WorkOrder)(await sap.WriteAsync(Update(EntityKind.WorkOrder, order.RemoteId, changed, ["title", "priority"], order.Etag))).Record!.Unified;

        updated.Title.ShouldBe("Replace seal and bearing");
        updated.Priority.ShouldBe(WorkOrderPriority.Urgent);
        updated.RemotePriority.ShouldBe("1");
        updated.Assignee.ShouldBe("MECH-01");
        changed.Title = "Someone else's change";
        await Should.ThrowAsync<SourceConflictException>(() => sap.WriteAsync(Update(EntityKind.WorkOrder, order.RemoteId, changed, ["title"], order.Etag)));
    }

    [Fact]
    public async Task a_create_on_unknown_equipment_or_without_an_order_type_is_refused()
    {
        var sap = await NewAsync(emulator);
        var unknown = NewOrder();
        unknown.Asset.RemoteId = "19999999";
        var untyped = NewOrder();
        untyped.Type = "";

        var refused = await Should.ThrowAsync<SourceValidationException>(() => sap.WriteAsync(Create(EntityKind.WorkOrder, unknown)));
        refused.SourceCode.ShouldBe("IE/007");
        refused.UnifiedField.ShouldBe("asset.remote_id");
        (await Should.ThrowAsync<SourceValidationException>(() => sap.WriteAsync(Create(EntityKind.WorkOrder, untyped)))).UnifiedField.ShouldBe("type");
    }

    [Fact]
    public async Task a_status_sap_has_no_phase_for_is_refused_before_anything_is_sent()
    {
        var sap = await NewAsync(emulator);
        var order = (WorkOrder)(await sap.WriteAsync(Create(EntityKind.WorkOrder, NewOrder()))).Record!.Unified;
        order.Status = WorkOrderStatus.OnHold;

        var refused = await Should.ThrowAsync<SourceValidationException>(() => sap.WriteAsync(Update(EntityKind.WorkOrder, order.RemoteId, order, ["status"])));

        refused.UnifiedField.ShouldBe("status");
        (await sap.RequestsAsync()).Count(r => r.Method == "PATCH").ShouldBe(0);
    }

    [Fact]
    public async Task a_lost_create_cannot_be_looked_up_because_maintenance_orders_have_no_handle()
    {
        var sap = await NewAsync(emulator);

        sap.Writer.RequirementsOf(EntityKind.WorkOrder, WriteKind.Create).RetrySafeHandle.ShouldBeNull();
        await Should.ThrowAsync<NotSupportedException>(() => sap.FindAsync(Create(EntityKind.WorkOrder, NewOrder())));
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Sap.SapWire;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>An API_MAINTENANCEORDER MaintenanceOrder as a unified work order.</summary>
public static class SapWorkOrderMapping
{
    public const string Service = "API_MAINTENANCEORDER";
    public const string EntitySet = "MaintenanceOrder";

    /// <summary>An entity held as a node (a write's answer, a test's fixture).</summary>
    public static SourceRecord Map(JsonObject order) => MapNode(order, Map);

    /// <summary>An entity of a parsed page, and its JSON as it arrived (kept as the raw record).</summary>
    public static SourceRecord Map(JsonElement order, ReadOnlyMemory<byte> raw)
    {
        var number = Text(order.Field("MaintenanceOrder"));
        var modified = Instant(order.Field("LastChangeDateTime"));
        var systemStatus = Text(order.Field("SystemStatusText"));
        var priority = Text(order.Field("MaintPriority"));
        var workOrder = new WorkOrder
        {
            RemoteId = number,
            Number = number,
            RemoteModifiedTime = Normalize.Time(modified),
            Title = Text(order.Field("MaintenanceOrderDesc")),
            Status = StatusOf(systemStatus, Text(order.Field("MaintOrdProcessPhaseCode"))),
            RemoteStatus = systemStatus,
            Priority = PriorityOf(priority),
            RemotePriority = priority,
            Type = Text(order.Field("MaintenanceOrderType")),
            Location = Text(order.Field("FunctionalLocation")),
            Site = Text(order.Field("MaintenancePlanningPlant")),
            Assignee = Text(order.Field("MainWorkCenter")),
            ScheduledStartTime = Normalize.Time(Instant(order.Field("MaintOrdBasicStartDateTime"))),
            ScheduledFinishTime = Normalize.Time(Instant(order.Field("MaintOrdBasicEndDateTime"))),
            CustomFields = Normalize.CustomFields(order, IsCustomField),
            Etag = ETag(order),
        };
        if (Text(order.Field("Equipment")) is { Length: > 0 } equipment)
            workOrder.Asset = new RecordRef { RemoteId = equipment, Name = Text(order.Field("EquipmentName")) };
        return new SourceRecord(number, workOrder, raw, modified);
    }

    /// <summary>
    /// From the system status text (its first status that decides): DLFL (deletion flag) → cancelled, CLSD → closed,
    /// TECO → completed, PCNF/CNF (confirmed) and REL (released) → in progress, CRTD → open. Without a status text,
    /// from MaintOrdProcessPhaseCode (UNVERIFIED numbering: 01–05 before release → open, 06–07 → in progress,
    /// 08 post-execution → completed, 09 completion → closed).
    /// </summary>
    public static WorkOrderStatus StatusOf(string systemStatus, string phase)
    {
        var statuses = systemStatus.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (statuses.Contains("DLFL")) return WorkOrderStatus.Cancelled;
        if (statuses.Contains("CLSD")) return WorkOrderStatus.Closed;
        if (statuses.Contains("TECO")) return WorkOrderStatus.Completed;
        if (statuses.Contains("PCNF") || statuses.Contains("CNF") || statuses.Contains("REL")) return WorkOrderStatus.InProgress;
        if (statuses.Contains("CRTD")) return WorkOrderStatus.Open;
        return phase switch
        {
            "01" or "02" or "03" or "04" or "05" => WorkOrderStatus.Open,
            "06" or "07" => WorkOrderStatus.InProgress,
            "08" => WorkOrderStatus.Completed,
            "09" => WorkOrderStatus.Closed,
            _ => WorkOrderStatus.Unspecified,
        };
    }

    /// <summary>Priority type PM's standard priorities: 1 very high, 2 high, 3 medium, 4 low.</summary>
    public static WorkOrderPriority PriorityOf(string priority) => priority switch
    {
        "1" => WorkOrderPriority.Urgent,
        "2" => WorkOrderPriority.High,
        "3" => WorkOrderPriority.Medium,
        "4" => WorkOrderPriority.Low,
        _ => WorkOrderPriority.Unspecified,
    };

    public static EntityMapping Mapping { get; } = new($"{Service}/{EntitySet}",
    [
        new("remote_id", "MaintenanceOrder.MaintenanceOrder"),
        new("number", "MaintenanceOrder.MaintenanceOrder"),
        new("remote_modified_time", "MaintenanceOrder.LastChangeDateTime", "Edm.DateTimeOffset /Date(ms+0000)/"),
        new("remote_created_time", "", "not set: the API has no creation time"),
        new("title", "MaintenanceOrder.MaintenanceOrderDesc"),
        new("status", "MaintenanceOrder.SystemStatusText (fallback MaintOrdProcessPhaseCode)",
            "DLFL→CANCELLED, CLSD→CLOSED, TECO→COMPLETED, REL/PCNF/CNF→IN_PROGRESS, CRTD→OPEN"),
        new("remote_status", "MaintenanceOrder.SystemStatusText"),
        new("priority", "MaintenanceOrder.MaintPriority", "1→URGENT, 2→HIGH, 3→MEDIUM, 4→LOW (priority type PM)"),
        new("remote_priority", "MaintenanceOrder.MaintPriority"),
        new("type", "MaintenanceOrder.MaintenanceOrderType", "e.g. PM01 corrective, PM02 preventive"),
        new("asset.remote_id", "MaintenanceOrder.Equipment", "the Equipment number (asset remote_id)"),
        new("asset.name", "MaintenanceOrder.EquipmentName"),
        new("location", "MaintenanceOrder.FunctionalLocation"),
        new("site", "MaintenanceOrder.MaintenancePlanningPlant"),
        new("assignee", "MaintenanceOrder.MainWorkCenter", "the responsible work center"),
        new("scheduled_start_time", "MaintenanceOrder.MaintOrdBasicStartDateTime", "Edm.DateTimeOffset"),
        new("scheduled_finish_time", "MaintenanceOrder.MaintOrdBasicEndDateTime", "Edm.DateTimeOffset"),
        new("custom_fields", "MaintenanceOrder.YY1_*, ZZ1_*"),
        new("etag", "MaintenanceOrder.__metadata.etag"),
    ]);
}

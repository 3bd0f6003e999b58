using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Sap.SapWriteValues;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// Maintenance orders through API_MAINTENANCEORDER: POST MaintenanceOrder, PATCH MaintenanceOrder('…') with If-Match.
/// The status is written as the process phase MaintOrdProcessPhaseCode (OPEN → 03, IN_PROGRESS → 06 release,
/// COMPLETED → 08 technical completion, CLOSED → 09 business completion; see the emulator for what SAP allows), only
/// when it differs from the order's current status; ON_HOLD and CANCELLED have no phase (SAP holds orders with user
/// statuses and cancels them with a deletion flag, which this connector does not set). A new order starts OPEN or
/// IN_PROGRESS. No retry-safe handle: the API has no free reference field.
/// </summary>
internal sealed class SapWorkOrderWriter(SapWriteKit kit)
{
    private const string Service = SapWorkOrderMapping.Service;

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["MaintenanceOrderDesc"] = "title",
        ["MaintenanceOrderType"] = "type",
        ["MaintPriority"] = "priority",
        ["Equipment"] = "asset.remote_id",
        ["FunctionalLocation"] = "location",
        ["MaintenancePlanningPlant"] = "site",
        ["MainWorkCenter"] = "assignee",
        ["MaintOrdBasicStartDateTime"] = "scheduled_start_time",
        ["MaintOrdBasicEndDateTime"] = "scheduled_finish_time",
        ["MaintOrdProcessPhaseCode"] = "status",
        ["SystemStatusText"] = "status",
    };

    // Fixed once the order exists: write defaults carrying them are not sent with an update.
    private static readonly string[] CreateOnly = ["MaintenanceOrderType", "MaintenancePlanningPlant", "MaintenancePlant"];

    public static string Resource(string number) => $"MaintenanceOrder({Literal(number)})";

    public async Task<WriteResult> CreateAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var order = (WorkOrder)request.Record!;
        var payload = request.RemoteFields.DeepClone().AsObject();
        if (order.Type.Length > 0) payload["MaintenanceOrderType"] = order.Type;
        if (order.Site.Length > 0) payload["MaintenancePlanningPlant"] = order.Site;
        SetFields(payload, order, request);
        if (order.Status is not (WorkOrderStatus.Unspecified or WorkOrderStatus.Open))
        {
            if (order.Status != WorkOrderStatus.InProgress)
                throw Invalid("status", "SAP creates a maintenance order as created (OPEN) or released (IN_PROGRESS)");
            payload["MaintOrdProcessPhaseCode"] = PhaseOf(order.Status);
        }
        var created = await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Post, Service, SapWorkOrderMapping.EntitySet, payload) { SendOnce = true }, Map(""), ct);
        var number = SapWire.Text(created?["MaintenanceOrder"]);
        return new WriteResult(await ReadBackAsync(target, number, created, ct));
    }

    public async Task<WriteResult> UpdateAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var order = (WorkOrder)request.Record!;
        var number = request.RemoteId!;
        var payload = new JsonObject();
        foreach (var (name, value) in request.RemoteFields)
            if (!CreateOnly.Contains(name)) payload[name] = value?.DeepClone();
        SetFields(payload, order, request);
        if (Masks(request, "status"))
        {
            var phase = PhaseOf(order.Status);
            var current = await kit.GetAsync(target, Service, Resource(number), null, ct) ?? throw new SourceNotFoundException(SystemCatalog.Sap, number);
            if (SapWorkOrderMapping.StatusOf(SapWire.Text(current["SystemStatusText"]), SapWire.Text(current["MaintOrdProcessPhaseCode"])) != order.Status)
                payload["MaintOrdProcessPhaseCode"] = phase;
        }
        await kit.PatchAsync(target, Service, Resource(number), payload, request.Etag, Map(number), ct);
        return new WriteResult(await kit.ReadBackAsync(target, EntityKind.WorkOrder, Resource(number), number, ct));
    }

    private static void SetFields(JsonObject payload, WorkOrder order, WriteRequest request)
    {
        if (Sets(request, "title") && (order.Title.Length > 0 || request.Kind == WriteKind.Update)) payload["MaintenanceOrderDesc"] = order.Title;
        if (Sets(request, "priority") && (order.Priority != WorkOrderPriority.Unspecified || request.Kind == WriteKind.Update))
            payload["MaintPriority"] = PriorityOf(order.Priority);
        if (Sets(request, "asset") && (order.Asset?.RemoteId is { Length: > 0 } || request.Kind == WriteKind.Update))
            payload["Equipment"] = order.Asset?.RemoteId ?? "";
        if (Sets(request, "location") && (order.Location.Length > 0 || request.Kind == WriteKind.Update)) payload["FunctionalLocation"] = order.Location;
        if (Sets(request, "assignee") && order.Assignee.Length > 0) payload["MainWorkCenter"] = order.Assignee;
        if (Sets(request, "scheduled_start_time") && order.ScheduledStartTime is { } start) payload["MaintOrdBasicStartDateTime"] = Instant(start);
        if (Sets(request, "scheduled_finish_time") && order.ScheduledFinishTime is { } finish) payload["MaintOrdBasicEndDateTime"] = Instant(finish);
        if (Sets(request, "custom_fields")) CustomFields(order.CustomFields, payload);
    }

    /// <summary>The process phase a status is reached by (UNVERIFIED numbering, as in the reader).</summary>
    private static string PhaseOf(WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.Open => "03",
        WorkOrderStatus.InProgress => "06",
        WorkOrderStatus.Completed => "08",
        WorkOrderStatus.Closed => "09",
        _ => throw Invalid("status", $"SAP has no process phase for {status}: orders are held by user statuses and cancelled by a deletion flag"),
    };

    /// <summary>Priority type PM: 1 very high … 4 low; unspecified clears it.</summary>
    private static string PriorityOf(WorkOrderPriority priority) => priority switch
    {
        WorkOrderPriority.Urgent => "1",
        WorkOrderPriority.High => "2",
        WorkOrderPriority.Medium => "3",
        WorkOrderPriority.Low => "4",
        _ => "",
    };

    /// <summary>The order read back; when that read fails, the entity SAP answered the create with (it is complete:
    /// maintenance orders are read without expansions).</summary>
    private async Task<SourceRecord> ReadBackAsync(SourceTarget target, string number, JsonObject? created, CancellationToken ct)
    {
        try
        {
            return await kit.ReadBackAsync(target, EntityKind.WorkOrder, Resource(number), number, ct);
        }
        catch (SourceUnavailableException) when (created is not null)
        {
            return SapWorkOrderMapping.Map(created);
        }
    }

    private static SapFieldMap Map(string remoteId) => new(remoteId, Fields);
}

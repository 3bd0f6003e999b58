using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Maximo.MaximoPayload;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>
/// WorkOrder → mxapiwodetail. siteid comes from remote_fields, else work_order.site, else the asset's site, else the
/// connection's site_id. A status (remote_status verbatim, else the unified status: OPEN→APPR, IN_PROGRESS→INPRG,
/// ON_HOLD→WMATL, COMPLETED→COMP, CLOSED→CLOSE, CANCELLED→CAN) is set on a create as the initial status change and
/// on an update through <c>wsmethod:changeStatus</c>, skipped when the order already has it. Priority: remote_priority
/// verbatim, else URGENT→1, HIGH→2, MEDIUM→3, LOW→4.
/// </summary>
internal sealed class MaximoWorkOrderWrites : MaximoWriteShape
{
    public static readonly MaximoWorkOrderWrites Instance = new();

    private static readonly string[] Writable =
    [
        "title", "description", "status", "remote_status", "priority", "remote_priority", "type", "asset", "location", "assignee",
        "due_time", "scheduled_start_time", "scheduled_finish_time", "actual_start_time", "actual_finish_time", "custom_fields",
    ];

    private static readonly SystemFieldSpec Site = new("siteid",
        "The site of the work order, e.g. BEDFORD; defaults to work_order.site, the asset's site, then the connection's site_id", false);

    public override MaximoEntity Entity => MaximoWorkOrders.Entity;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["wonum"] = "number", ["description"] = "title", ["description_longdescription"] = "description", ["status"] = "status",
        ["wopriority"] = "priority", ["worktype"] = "type", ["assetnum"] = "asset.remote_id", ["location"] = "location", ["siteid"] = "site",
        ["lead"] = "assignee", ["targcompdate"] = "due_time", ["schedstart"] = "scheduled_start_time", ["schedfinish"] = "scheduled_finish_time",
        ["actstart"] = "actual_start_time", ["actfinish"] = "actual_finish_time", ["reportdate"] = "remote_created_time",
        ["changedate"] = "remote_modified_time",
    };

    public override WriteRequirements? RequirementsOf(WriteKind kind) => kind switch
    {
        WriteKind.Create => new([], Writable, [Site], CreateHandle),
        WriteKind.Update => new([], Writable, [], TransactionHandle),
        WriteKind.Delete => new([], [], [], TransactionHandle),
        _ => null,
    };

    public override JsonObject CreateBody(WriteRequest request, MaximoWriteContext context)
    {
        var wo = (WorkOrder)request.Record!;
        var body = Attributes(wo, null);
        Put(body, "wonum", wo.Number);
        var site = wo.Site.Length > 0 ? wo.Site : wo.Asset is { RemoteId.Length: > 0 } asset ? Scope(asset.RemoteId) : context.DefaultSite;
        Put(body, "siteid", site);
        // A new order starts WAPPR, which is already OPEN; any other status is a status change right after the insert.
        if (wo.RemoteStatus.Length > 0) body["status"] = wo.RemoteStatus.ToUpperInvariant();
        else if (wo.Status != MaximoStatuses.WorkOrder("WAPPR") && NativeStatus(wo.Status) is { } status) body["status"] = status;
        Overlay(body, request.RemoteFields);
        body["externalrefid"] = ExternalRefId(request.IdempotencyKey);
        return body;
    }

    public override JsonObject UpdateBody(WriteRequest request)
    {
        var body = Attributes((WorkOrder)request.Record!, request.Mask);
        Overlay(body, request.RemoteFields);
        return body;
    }

    public override string? StatusChange(WriteRequest request, JsonObject current)
    {
        var wo = (WorkOrder)request.Record!;
        var currentStatus = Normalize.Text(current["status"]);
        if (Masked(request.Mask, "remote_status") && wo.RemoteStatus.Length > 0)
            return wo.RemoteStatus.Equals(currentStatus, StringComparison.OrdinalIgnoreCase) ? null : wo.RemoteStatus.ToUpperInvariant();
        if (!Masked(request.Mask, "status")) return null;
        if (NativeStatus(wo.Status) is not { } status)
        {
            // "*" with no status means the status stays; naming status without a value is a mistake.
            return request.Mask.Contains("status")
                ? throw new SourceValidationException(Catalog.SystemCatalog.Maximo, 400, "STATUS_REQUIRED",
                    "Name the status to change to (status or remote_status).", "status", "status", stateRule: false)
                : null;
        }
        var internalValue = Normalize.Text(current["status_maxvalue"]) is { Length: > 0 } v ? v : currentStatus;
        return MaximoStatuses.WorkOrder(internalValue) == wo.Status ? null : status;
    }

    /// <summary>The unified fields as attributes; with a mask only the masked ones (emptied ones clear the attribute).</summary>
    private static JsonObject Attributes(WorkOrder wo, IReadOnlyList<string>? mask)
    {
        var body = new JsonObject();
        void Text(string field, string attribute, string value)
        {
            if (mask is null) Put(body, attribute, value);
            else if (Masked(mask, field)) Set(body, attribute, value);
        }
        void When(string field, string attribute, Google.Protobuf.WellKnownTypes.Timestamp? value)
        {
            if (mask is null ? value is not null : Masked(mask, field)) body[attribute] = Time(value);
        }
        Text("title", "description", wo.Title);
        Text("description", "description_longdescription", wo.Description);
        Text("type", "worktype", wo.Type);
        Text("asset", "assetnum", wo.Asset is { RemoteId.Length: > 0 } asset ? Code(asset.RemoteId) : "");
        Text("location", "location", wo.Location);
        Text("assignee", "lead", wo.Assignee);
        When("due_time", "targcompdate", wo.DueTime);
        When("scheduled_start_time", "schedstart", wo.ScheduledStartTime);
        When("scheduled_finish_time", "schedfinish", wo.ScheduledFinishTime);
        When("actual_start_time", "actstart", wo.ActualStartTime);
        When("actual_finish_time", "actfinish", wo.ActualFinishTime);
        var priority = wo.RemotePriority.Length > 0 && (mask is null || Masked(mask, "remote_priority")) ? wo.RemotePriority : Priority(wo.Priority);
        if (mask is null ? priority.Length > 0 : Masked(mask, "priority") || Masked(mask, "remote_priority")) body["wopriority"] = Number(priority);
        CustomFields(body, wo.CustomFields, mask);
        return body;
    }

    private static string? NativeStatus(WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.Open => "APPR",
        WorkOrderStatus.InProgress => "INPRG",
        WorkOrderStatus.OnHold => "WMATL",
        WorkOrderStatus.Completed => "COMP",
        WorkOrderStatus.Closed => "CLOSE",
        WorkOrderStatus.Cancelled => "CAN",
        _ => null,
    };

    private static string Priority(WorkOrderPriority priority) => priority switch
    {
        WorkOrderPriority.Urgent => "1",
        WorkOrderPriority.High => "2",
        WorkOrderPriority.Medium => "3",
        WorkOrderPriority.Low => "4",
        _ => "",
    };
}

using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Reading.Normalize;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>mxapiwodetail → WorkOrder.</summary>
internal static class MaximoWorkOrders
{
    public static readonly MaximoEntity Entity = new(
        EntityKind.WorkOrder, "mxapiwodetail", "workorderid", ["siteid", "wonum"],
        MaximoEntity.KnownWith("workorderid", "wonum", "description", "status", "statusdate", "wopriority", "worktype", "assetnum",
            "location", "lead", "owner", "supervisor", "reportdate", "reportedby", "targstartdate", "targcompdate", "schedstart",
            "schedfinish", "actstart", "actfinish", "woclass"),
        [
            new("remote_id", "siteid + '/' + wonum", "The key Maximo's member href encodes"),
            new("number", "wonum"),
            new("title", "description", "Maximo's short description"),
            new("description", "description_longdescription", "Only when the long description is served"),
            new("status", "status (status_maxvalue when served)",
                "WAPPR, APPR, WSCH→OPEN; WMATL, WPCOND→ON_HOLD; INPRG→IN_PROGRESS; COMP→COMPLETED; CLOSE, HISTEDIT→CLOSED; CAN→CANCELLED"),
            new("remote_status", "status"),
            new("priority", "wopriority", "Integer, 1 most urgent: 1→URGENT, 2→HIGH, 3→MEDIUM, 4 and 5→LOW, absent→UNSPECIFIED"),
            new("remote_priority", "wopriority", "As text, e.g. \"2\""),
            new("type", "worktype", "e.g. PM, CM, EM"),
            new("asset.remote_id", "siteid + '/' + assetnum"),
            new("asset.name", "assetnum"),
            new("location", "location", "The location code, e.g. BR300"),
            new("site", "siteid"),
            new("assignee", "lead, else owner, else supervisor", "Person ids"),
            new("due_time", "targcompdate", "Date-times carry the server's offset (e.g. -05:00) and become instants"),
            new("scheduled_start_time", "schedstart"),
            new("scheduled_finish_time", "schedfinish"),
            new("actual_start_time", "actstart"),
            new("actual_finish_time", "actfinish"),
            new("remote_created_time", "reportdate", "When the work was reported (Maximo keeps no separate creation time)"),
            new("remote_modified_time", "changedate"),
            new("etag", "_rowstamp"),
            new("custom_fields", "other scalar attributes", "Every scalar attribute not named here and not a system attribute (href, _rowstamp, *_collectionref, *_description …)"),
        ],
        Map);

    private static IMessage Map(JsonObject r, MaximoMapContext context)
    {
        var status = Text(r["status_maxvalue"]) is { Length: > 0 } internalValue ? internalValue : Text(r["status"]);
        var priority = Text(r["wopriority"]);
        return new WorkOrder
        {
            RemoteId = Entity.RemoteIdOf(r),
            RemoteCreatedTime = MaximoFields.Time(r["reportdate"]),
            RemoteModifiedTime = MaximoFields.Time(r["changedate"]),
            Number = Text(r["wonum"]),
            Title = Text(r["description"]),
            Description = Text(r["description_longdescription"]),
            Status = MaximoStatuses.WorkOrder(status),
            RemoteStatus = Text(r["status"]),
            Priority = MaximoStatuses.Priority(priority),
            RemotePriority = priority,
            Type = Text(r["worktype"]),
            Asset = MaximoFields.Ref(r, "siteid", "assetnum"),
            Location = Text(r["location"]),
            Site = Text(r["siteid"]),
            Assignee = new[] { "lead", "owner", "supervisor" }.Select(a => Text(r[a])).FirstOrDefault(p => p.Length > 0) ?? "",
            DueTime = MaximoFields.Time(r["targcompdate"]),
            ScheduledStartTime = MaximoFields.Time(r["schedstart"]),
            ScheduledFinishTime = MaximoFields.Time(r["schedfinish"]),
            ActualStartTime = MaximoFields.Time(r["actstart"]),
            ActualFinishTime = MaximoFields.Time(r["actfinish"]),
            CustomFields = MaximoFields.CustomFields(r, Entity.Known),
            Etag = Text(r["_rowstamp"]),
        };
    }
}

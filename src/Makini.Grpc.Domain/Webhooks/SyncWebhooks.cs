using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Sync;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Webhooks;

/// <summary>The sync.* event bodies, from the run as it ends.</summary>
public static class SyncWebhooks
{
    public static IMessage Data(string type, SyncRun run)
    {
        var entity = EntityShape.ByName(run.Entity)?.Kind.ToProto() ?? V1.Entity.Unspecified;
        var kind = run.Kind switch
        {
            SyncRunKind.Initial => V1.SyncRunKind.Initial,
            SyncRunKind.Incremental => V1.SyncRunKind.Incremental,
            SyncRunKind.Full => V1.SyncRunKind.Full,
            _ => V1.SyncRunKind.DeletionScan,
        };
        var started = Timestamp.FromDateTimeOffset(run.StartedAt);
        var finished = Timestamp.FromDateTimeOffset(run.EndedAt ?? run.StartedAt);
        if (type == WebhookEventTypes.SyncCompleted)
        {
            return new V1.SyncCompletedData
            {
                ConnectionId = run.ConnectionId, Entity = entity, RunId = run.Id, Kind = kind, RecordsSeen = run.Seen, RecordsCreated = run.Created,
                RecordsUpdated = run.Updated, RecordsDeleted = run.Deleted, StartTime = started, FinishTime = finished,
            };
        }
        return new V1.SyncFailedData
        {
            ConnectionId = run.ConnectionId, Entity = entity, RunId = run.Id, Kind = kind, Error = run.Error ?? "", StartTime = started, FinishTime = finished,
        };
    }
}

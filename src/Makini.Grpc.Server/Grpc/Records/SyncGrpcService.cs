using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Changes;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Security.Tokens;
using Makini.Grpc.Domain.Sync;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;
using V1 = Makini.Grpc.V1;
using SyncRun = Makini.Grpc.Domain.Sync.SyncRun;
using SyncSchedule = Makini.Grpc.V1.SyncSchedule;
using OutboundBudget = Makini.Grpc.Domain.Outbound.OutboundBudget;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class SyncGrpcService(
    RecordReads reads,
    SyncCommands commands,
    ChangeFeedHub hub,
    PageTokens cursors,
    PrincipalResolver principals,
    OutboundBudget outbound,
    TimeProvider clock) : SyncService.SyncServiceBase
{
    private const int SubscriberBuffer = 1000;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan KeyRecheck = TimeSpan.FromSeconds(1);

    public override async Task<GetSyncStatusResponse> GetSyncStatus(GetSyncStatusRequest request, ServerCallContext context)
    {
        var scope = await reads.ScopeAsync(context);
        var statuses = await commands.StatusAsync(scope, context.CancellationToken);
        var left = await outbound.RemainingAsync(scope.ConnectionId, scope.SystemId);
        return new GetSyncStatusResponse
        {
            Entities = { statuses.Select(ToProto) },
            OutboundBudget = new V1.OutboundBudget
            {
                RequestsLeftThisMinute = left.RequestsLeftThisMinute,
                RequestsPerMinute = left.RequestsPerMinute,
                InFlight = left.InFlight,
                MaxConcurrent = left.MaxConcurrent,
            },
        };
    }

    public override async Task<TriggerSyncResponse> TriggerSync(TriggerSyncRequest request, ServerCallContext context)
    {
        var entities = EntityProtos.FromProto(request.Entities, "entities");
        var statuses = await commands.TriggerAsync(await reads.ScopeAsync(context), entities, request.FullResync, context.CancellationToken);
        return new TriggerSyncResponse { Entities = { statuses.Select(ToProto) } };
    }

    public override async Task<UpdateSyncScheduleResponse> UpdateSyncSchedule(UpdateSyncScheduleRequest request, ServerCallContext context)
    {
        var entities = EntityProtos.FromProto(request.Entities, "entities");
        var s = request.Schedule ?? new SyncSchedule();
        var statuses = await commands.UpdateScheduleAsync(await reads.ScopeAsync(context), entities, s.IntervalSeconds, s.Cron, s.TimeZone, context.CancellationToken);
        return new UpdateSyncScheduleResponse { Entities = { statuses.Select(ToProto) } };
    }

    public override async Task<ListSyncRunsResponse> ListSyncRuns(ListSyncRunsRequest request, ServerCallContext context)
    {
        var entity = request.Entity == Entity.Unspecified ? null : EntityProtos.FromProto([request.Entity], "entity")[0] as EntityKind?;
        var (runs, next) = await commands.ListRunsAsync(await reads.ScopeAsync(context), entity, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListSyncRunsResponse { Runs = { runs.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task SubscribeChanges(SubscribeChangesRequest request, IServerStreamWriter<SubscribeChangesResponse> responseStream, ServerCallContext context)
    {
        var scope = await reads.ScopeAsync(context);
        var entities = EntityProtos.FromProto(request.Entities, "entities");
        foreach (var kind in entities) RecordQueriesGuard(scope, kind);
        var ct = context.CancellationToken;
        var after = request.StartAtNow
            ? await hub.HeadAsync(scope.ConnectionId, ct)
            : RecordChangeProtos.DecodeCursor(cursors, scope.ConnectionId, request.AfterCursor, "after_cursor");
        var filter = entities.Count > 0 ? entities.Select(k => EntityShape.Of(k).Name).ToHashSet() : null;

        using var subscription = hub.Subscribe(scope.ConnectionId, after, filter, SubscriberBuffer);
        var lastCursor = request.StartAtNow || after == 0 ? RecordChangeProtos.EncodeCursor(cursors, scope.ConnectionId, after) : request.AfterCursor;
        var nextKeyCheck = DateTimeOffset.UtcNow + KeyRecheck;
        // Changes go straight to the response body (see ChangeFrames); heartbeats and errors through gRPC's writer.
        // Nothing writes concurrently.
        var body = context.GetHttpContext().Response.BodyWriter;
        var frames = new ChangeFrames(cursors, scope.ConnectionId);
        await foreach (var rows in subscription.ReadAllAsync(Heartbeat, async () =>
        {
            await EnsureKeyStillValidAsync(context);
            await responseStream.WriteAsync(new SubscribeChangesResponse
            {
                Heartbeat = new Heartbeat { Time = Timestamp.FromDateTimeOffset(clock.GetUtcNow()), Cursor = lastCursor },
            }, ct);
        }, ct))
        {
            if (DateTimeOffset.UtcNow >= nextKeyCheck)
            {
                await EnsureKeyStillValidAsync(context);
                nextKeyCheck = DateTimeOffset.UtcNow + KeyRecheck;
            }
            lastCursor = frames.Write(body, rows);
            await body.FlushAsync(ct);
        }
        if (subscription.Overflowed)
        {
            throw new DomainException(ErrorKind.ResourceExhausted, "SUBSCRIBER_TOO_SLOW",
                $"This stream fell more than {SubscriberBuffer} changes behind; reconnect with after_cursor to resume without loss.",
                new Dictionary<string, string> { ["cursor"] = lastCursor });
        }
    }

    /// <summary>A revoked key (rotation, disconnect) ends its streams too.</summary>
    private async Task EnsureKeyStillValidAsync(ServerCallContext context)
    {
        var now = await principals.ResolveAsync(context.Token(), context.CancellationToken);
        if (now is null || now.SubjectId != context.Principal().SubjectId) throw Errors.TokenInvalid();
    }

    private static void RecordQueriesGuard(Domain.Records.Reading.ConnectionScope scope, EntityKind kind) =>
        Domain.Records.Reading.RecordQueries.EnsureReadable(scope, EntityShape.Of(kind));

    private static V1.EntitySyncStatus ToProto(Domain.Sync.EntitySyncStatus s)
    {
        var job = s.Job;
        var proto = new V1.EntitySyncStatus
        {
            Entity = s.Shape.Kind.ToProto(),
            State = s.State switch
            {
                EntitySyncState.Running => SyncState.Running,
                EntitySyncState.Succeeded => SyncState.Succeeded,
                EntitySyncState.Failed => SyncState.Failed,
                EntitySyncState.Paused => SyncState.Paused,
                _ => SyncState.Idle,
            },
            LastError = job.LastError ?? "",
            RecordsSeenLastRun = job.LastSeen,
            RecordsChangedLastRun = job.LastChanged,
            TotalRecords = s.TotalRecords,
            Schedule = new SyncSchedule { IntervalSeconds = job.Schedule.IntervalSeconds ?? 0, Cron = job.Schedule.Cron ?? "", TimeZone = job.Schedule.TimeZone ?? "" },
        };
        if (job.LastSuccessAt is { } success) proto.LastSuccessTime = Timestamp.FromDateTimeOffset(success);
        if (job.LastErrorAt is { } error) proto.LastErrorTime = Timestamp.FromDateTimeOffset(error);
        if (s.State != EntitySyncState.Paused) proto.NextRunTime = Timestamp.FromDateTimeOffset(job.RequestedKind is not null ? DateTimeOffset.UtcNow : job.NextRunAt);
        if (s.Running)
        {
            proto.Progress = new SyncProgress
            {
                RunId = job.RunId!, StartTime = Timestamp.FromDateTimeOffset(job.RunStartedAt!.Value),
                RecordsSeen = job.RunSeen, RecordsChanged = job.RunCreated + job.RunUpdated + job.RunDeleted, Pages = job.RunPages,
            };
        }
        return proto;
    }

    private static V1.SyncRun ToProto(SyncRun r)
    {
        var proto = new V1.SyncRun
        {
            RunId = r.Id,
            Entity = EntityShape.ByName(r.Entity)!.Kind.ToProto(),
            Kind = r.Kind switch
            {
                Domain.Sync.SyncRunKind.Initial => V1.SyncRunKind.Initial,
                Domain.Sync.SyncRunKind.Incremental => V1.SyncRunKind.Incremental,
                Domain.Sync.SyncRunKind.Full => V1.SyncRunKind.Full,
                _ => V1.SyncRunKind.DeletionScan,
            },
            Status = r.Status switch
            {
                Domain.Sync.SyncRunStatus.Running => V1.SyncRunStatus.Running,
                Domain.Sync.SyncRunStatus.Succeeded => V1.SyncRunStatus.Succeeded,
                Domain.Sync.SyncRunStatus.Failed => V1.SyncRunStatus.Failed,
                _ => V1.SyncRunStatus.Cancelled,
            },
            StartTime = Timestamp.FromDateTimeOffset(r.StartedAt),
            RecordsSeen = r.Seen,
            RecordsCreated = r.Created,
            RecordsUpdated = r.Updated,
            RecordsDeleted = r.Deleted,
            Error = r.Error ?? "",
            Trigger = r.Trigger,
            Pages = r.Pages,
        };
        if (r.EndedAt is { } ended) proto.EndTime = Timestamp.FromDateTimeOffset(ended);
        return proto;
    }
}

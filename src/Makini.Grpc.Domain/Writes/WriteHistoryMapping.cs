using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Domain.Records;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Writes;

/// <summary>Write history → proto, for the API and for write.* webhooks.</summary>

public static class WriteHistoryMapping
{
    public static V1.WriteOperation ToProto(WriteOperation w, IReadOnlyList<WriteStepView>? steps = null)
    {
        var proto = new V1.WriteOperation
        {
            WriteOperationId = w.Id,
            ConnectionId = w.ConnectionId,
            Entity = w.Entity.ToProto(),
            Operation = w.Operation switch
            {
                WriteOp.Create => V1.Operation.Create,
                WriteOp.Update => V1.Operation.Update,
                WriteOp.Delete => V1.Operation.Delete,
                _ => V1.Operation.Adjust,
            },
            Status = w.Status switch
            {
                WriteStatus.Pending => V1.WriteStatus.Pending,
                WriteStatus.Succeeded => V1.WriteStatus.Succeeded,
                WriteStatus.Failed => V1.WriteStatus.Failed,
                _ => V1.WriteStatus.OutcomeUnknown,
            },
            RequestId = w.RequestId,
            RecordId = w.RecordId ?? "",
            RemoteId = w.RemoteId ?? "",
            CreateTime = Timestamp.FromDateTimeOffset(w.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(w.UpdatedAt),
            ErrorReason = w.Error?.Reason ?? "",
            SourceErrorCode = w.SourceCode,
            SourceErrorMessage = w.SourceMessage,
            ReplayCount = w.Replays,
            Fields = { w.Fields },
        };
        foreach (var step in steps ?? [])
            proto.Steps.Add(new V1.WriteStep { Type = step.Type, Time = Timestamp.FromDateTimeOffset(step.Time), Details = { step.Details.ToDictionary() } });
        return proto;
    }
}

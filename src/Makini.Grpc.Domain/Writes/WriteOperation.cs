using Makini.Grpc.Connectors.Catalog;

namespace Makini.Grpc.Domain.Writes;

public enum WriteStatus { Pending, Succeeded, Failed, OutcomeUnknown }

public enum WriteOp { Create, Update, Delete, Adjust }

/// <summary>The write as the caller asked for it: enough to send it again after a crash. Never holds secrets: source
/// credentials are not part of a write.</summary>
public sealed record WritePayload(string? RecordJson, string RemoteFieldsJson, IReadOnlyList<string> Mask, string? Etag,
    string? AdjustLocation, string? AdjustDelta, string? AdjustNewQuantity, string? AdjustReason);

/// <summary>The error a failed write answered, kept so a replay answers the same.</summary>
public sealed record WriteError(string Kind, string Reason, string Message, IReadOnlyDictionary<string, string> Metadata);

public sealed record WriteRequested(
    string WriteId, string ConnectionId, EntityKind Entity, WriteOp Operation, string RequestId, string PayloadHash,
    WritePayload Payload, string? TargetRecordId, string? TargetRemoteId, IReadOnlyList<string> Fields, DateTimeOffset LeaseUntil, DateTimeOffset At);
public sealed record WriteSent(int Attempt, DateTimeOffset At);
public sealed record WriteSucceeded(string? RecordId, string? RemoteId, DateTimeOffset At);
public sealed record WriteFailed(WriteError Error, string SourceCode, string SourceMessage, DateTimeOffset At);
public sealed record WriteOutcomeUnknown(string Detail, DateTimeOffset At);
public sealed record WriteReplayed(DateTimeOffset At);
/// <summary>A later call with the same request id took over a write whose first attempt never finished (a crash).</summary>
public sealed record WriteRecovered(string How, DateTimeOffset LeaseUntil, DateTimeOffset At);

/// <summary>One write's history (an event stream per write); its inline snapshot is the write history read model.</summary>
public sealed record WriteOperation(
    string Id,
    string ConnectionId,
    EntityKind Entity,
    WriteOp Operation,
    string RequestId,
    string PayloadHash,
    WritePayload Payload,
    WriteStatus Status,
    string? RecordId,
    string? RemoteId,
    IReadOnlyList<string> Fields,
    DateTimeOffset LeaseUntil,
    int Attempts,
    int Replays,
    WriteError? Error,
    string SourceCode,
    string SourceMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public long Version { get; init; }

    public bool Terminal => Status != WriteStatus.Pending;

    public static WriteOperation Create(WriteRequested e) =>
        new(e.WriteId, e.ConnectionId, e.Entity, e.Operation, e.RequestId, e.PayloadHash, e.Payload, WriteStatus.Pending,
            e.TargetRecordId, e.TargetRemoteId, e.Fields, e.LeaseUntil, 0, 0, null, "", "", e.At, e.At);

    public WriteOperation Apply(WriteSent e) => this with { Attempts = Attempts + 1, UpdatedAt = e.At };
    public WriteOperation Apply(WriteSucceeded e) => this with
    {
        Status = WriteStatus.Succeeded, RecordId = e.RecordId ?? RecordId, RemoteId = e.RemoteId ?? RemoteId, UpdatedAt = e.At,
    };
    public WriteOperation Apply(WriteFailed e) => this with
    {
        Status = WriteStatus.Failed, Error = e.Error, SourceCode = e.SourceCode, SourceMessage = e.SourceMessage, UpdatedAt = e.At,
    };
    public WriteOperation Apply(WriteOutcomeUnknown e) => this with { Status = WriteStatus.OutcomeUnknown, SourceMessage = e.Detail, UpdatedAt = e.At };
    public WriteOperation Apply(WriteReplayed e) => this with { Replays = Replays + 1, UpdatedAt = e.At };
    public WriteOperation Apply(WriteRecovered e) => this with { LeaseUntil = e.LeaseUntil, UpdatedAt = e.At };
}

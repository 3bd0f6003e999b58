namespace Makini.Grpc.Domain.Sync;

public enum SyncRunKind { Initial, Incremental, Full, DeletionScan }

public enum SyncRunStatus { Running, Succeeded, Failed, Cancelled }

/// <summary>One run of one entity's sync (a document; the run in progress also lives in its sync job row).</summary>
public sealed class SyncRun
{
    public required string Id { get; set; }
    public required string ConnectionId { get; set; }
    public required string Entity { get; set; }
    public SyncRunKind Kind { get; set; }
    public SyncRunStatus Status { get; set; }
    public required string Trigger { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public long Seen { get; set; }
    public long Created { get; set; }
    public long Updated { get; set; }
    public long Deleted { get; set; }
    public long Pages { get; set; }
    public string? Error { get; set; }
}

using Npgsql;

namespace Makini.Grpc.Domain.Sync;

public enum JobState { Active, Paused, Stopped }

/// <summary>A row of sync_jobs: one entity of one connection, its schedule, its lease and the run in progress.</summary>
public sealed record SyncJob
{
    public required string ConnectionId { get; init; }
    public required string Entity { get; init; }
    public required string SystemId { get; init; }
    public JobState State { get; init; }
    public SyncSchedule Schedule { get; init; } = SyncSchedule.Every(900);
    public DateTimeOffset NextRunAt { get; init; }
    public DateTimeOffset? NextKeyScanAt { get; init; }
    public string? RequestedKind { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
    public string? RunId { get; init; }
    public string? RunKind { get; init; }
    public string? RunTrigger { get; init; }
    public string? RunCursor { get; init; }
    public DateTimeOffset? RunStartedAt { get; init; }
    public DateTimeOffset? RunChangedSince { get; init; }
    public DateTimeOffset? RunHighWater { get; init; }
    public long RunSeen { get; init; }
    public long RunCreated { get; init; }
    public long RunUpdated { get; init; }
    public long RunDeleted { get; init; }
    public long RunPages { get; init; }
    public DateTimeOffset? Checkpoint { get; init; }
    public bool InitialDone { get; init; }
    public string? LastStatus { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
    public long LastSeen { get; init; }
    public long LastChanged { get; init; }

    public static SyncJob Read(NpgsqlDataReader r)
    {
        T? Get<T>(string column) => r[column] is DBNull ? default : (T)r[column];
        DateTimeOffset? Time(string column) => r[column] is DBNull ? null : new DateTimeOffset((DateTime)r[column], TimeSpan.Zero);
        return new SyncJob
        {
            ConnectionId = (string)r["connection_id"],
            Entity = (string)r["entity"],
            SystemId = (string)r["system_id"],
            State = Enum.Parse<JobState>((string)r["state"], ignoreCase: true),
            Schedule = new SyncSchedule(r["interval_seconds"] is DBNull ? null : (int)r["interval_seconds"], Get<string>("cron"), Get<string>("time_zone")),
            NextRunAt = Time("next_run_at")!.Value,
            NextKeyScanAt = Time("next_key_scan_at"),
            RequestedKind = Get<string>("requested_kind"),
            LeaseOwner = Get<string>("lease_owner"),
            LeaseUntil = Time("lease_until"),
            RunId = Get<string>("run_id"),
            RunKind = Get<string>("run_kind"),
            RunTrigger = Get<string>("run_trigger"),
            RunCursor = Get<string>("run_cursor"),
            RunStartedAt = Time("run_started_at"),
            RunChangedSince = Time("run_changed_since"),
            RunHighWater = Time("run_high_water"),
            RunSeen = (long)r["run_seen"],
            RunCreated = (long)r["run_created"],
            RunUpdated = (long)r["run_updated"],
            RunDeleted = (long)r["run_deleted"],
            RunPages = (long)r["run_pages"],
            Checkpoint = Time("checkpoint"),
            InitialDone = (bool)r["initial_done"],
            LastStatus = Get<string>("last_status"),
            LastSuccessAt = Time("last_success_at"),
            LastError = Get<string>("last_error"),
            LastErrorAt = Time("last_error_at"),
            LastSeen = (long)r["last_seen"],
            LastChanged = (long)r["last_changed"],
        };
    }
}

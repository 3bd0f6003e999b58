namespace Makini.Grpc.Domain.Sync;

/// <summary>Configuration section <c>Makini:Sync</c>.</summary>
public sealed class SyncOptions
{
    /// <summary>How far back the initial sync looks; 0 fetches every record.</summary>
    public int InitialWindowDays { get; set; } = 90;

    public int DefaultIntervalSeconds { get; set; } = 900;

    public int MinimumIntervalSeconds { get; set; } = 30;

    /// <summary>Incremental runs re-read this much before the checkpoint, against clock skew between us and the source.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the id-only scan that detects deletes runs, per connection and entity.</summary>
    public TimeSpan KeyScanInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A claimed job is another node's after this long without a renewal.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often this node looks for due work (a trigger wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Syncs one node runs at a time.</summary>
    public int MaxConcurrentRuns { get; set; } = 8;

    /// <summary>A failed run is retried after this, doubling per consecutive failure up to the schedule's interval.</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Off in processes that must not run syncs (set Makini:Sync:Enabled=false).</summary>
    public bool Enabled { get; set; } = true;
}

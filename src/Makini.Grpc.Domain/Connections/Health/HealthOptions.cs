namespace Makini.Grpc.Domain.Connections.Health;

/// <summary>Configuration section <c>Makini:Health</c>.</summary>
public sealed class HealthOptions
{
    /// <summary>How often each active connection's credentials are checked, once per interval across the cluster.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures in a row (timeouts, connection errors, 5xx) before a connection is OFFLINE; DEGRADED before.</summary>
    public int OfflineAfterFailures { get; set; } = 3;

    /// <summary>Scheduled checks on this node. Off, syncs and writes still report what they see.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often this node looks for due checks.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks one node runs at a time.</summary>
    public int MaxConcurrentChecks { get; set; } = 8;
}

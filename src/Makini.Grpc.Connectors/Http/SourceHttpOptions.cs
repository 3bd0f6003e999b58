namespace Makini.Grpc.Connectors.Http;

/// <summary>Retry and timeout budget of every call to a source system. The defaults suit an interactive check.</summary>
public sealed class SourceHttpOptions
{
    /// <summary>Retries after the first attempt, for 429, 5xx, timeouts and connection failures only.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff delay; it doubles per retry (with jitter) unless the source sends Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Upper bound of one backoff delay, also for a source's Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The whole call including all retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

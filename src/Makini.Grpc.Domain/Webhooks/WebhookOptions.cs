namespace Makini.Grpc.Domain.Webhooks;

/// <summary>Configuration section <c>Makini:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>Lets endpoints be http and resolve to loopback/private addresses: the local stack and tests need it;
    /// production must not (a customer's URL would otherwise reach our own network).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>The wait before the first retry; each further retry doubles it, with jitter.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after the event a delivery keeps being retried before it is marked failed.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a rotated-out secret keeps signing alongside the new one, unless the call says otherwise.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Deliveries one node has in flight at once.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 256;

    /// <summary>
    /// Deliveries in flight to one endpoint across the cluster adapt to how the endpoint answers, as TCP's window does:
    /// each endpoint starts at <see cref="InitialInFlightPerEndpoint"/>; answers that come back 2xx within
    /// <see cref="SlowAnswer"/> raise its limit by one per delivery, up to this; a failure that says it is down or
    /// overloaded (no answer, 5xx, 429) or an answer slower than <see cref="SlowAnswer"/> halves it, down to
    /// <see cref="MinInFlightPerEndpoint"/>. A fast receiver gets a backlog at its own pace (a slot stays taken until its
    /// attempt is recorded, a round trip after the answer: a fixed 32 held four endpoints to ~8,700 deliveries/s); a slow
    /// or failing one is not pressed harder, and holds few of the node's slots.
    /// </summary>
    public int MaxInFlightPerEndpoint { get; set; } = 128;

    public int InitialInFlightPerEndpoint { get; set; } = 16;

    public int MinInFlightPerEndpoint { get; set; } = 2;

    /// <summary>An answer slower than this says the endpoint is struggling (see <see cref="MaxInFlightPerEndpoint"/>).</summary>
    public TimeSpan SlowAnswer { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Failures in a row (no answer, 5xx, 429) after which an endpoint is paused: its deliveries wait, starting
    /// at <see cref="RetryInitialDelay"/> and doubling per further failure up to <see cref="MaxEndpointPause"/>.</summary>
    public int PauseEndpointAfterFailures { get; set; } = 5;

    public TimeSpan MaxEndpointPause { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A claimed delivery is another node's after this long (the request timeout plus slack).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a node looks for due deliveries without being woken (commits wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Off in processes that must not deliver (Makini:Webhooks:Enabled=false).</summary>
    public bool Enabled { get; set; } = true;
}

namespace Makini.Grpc.Emulators.Hosting;

/// <summary>A planned failure: the next <see cref="Count"/> requests wait <see cref="DelayMs"/>, then fail with
/// <see cref="Status"/> (0 = only the delay, then serve normally).
/// <see cref="DelayAfterMs"/> holds the answer back after the request was served: the source did the work, the client
/// has not heard yet (a client timing out or crashing then cannot know the outcome).
/// <see cref="Method"/>, when set, limits the plan to requests of that HTTP method (e.g. only the POST of a write,
/// not the GETs a connector makes before it).
/// <see cref="StallBodyMs"/> sends the headers and the first half of the body at once and the rest that much later: a
/// source that breaks off in the middle of its answer.</summary>
internal sealed record FaultPlan(int Status, int Count, int DelayMs, int? RetryAfter, int DelayAfterMs = 0, string? Method = null, int StallBodyMs = 0);

/// <summary>Holds the pending fault plan of one instance and hands it out one request at a time.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private FaultPlan? _pending;

    public FaultPlan? Pending
    {
        get
        {
            lock (_lock)
                return _pending;
        }
    }

    public void Set(FaultPlan plan)
    {
        lock (_lock)
            _pending = plan.Count > 0 ? plan : null;
    }

    public void Clear()
    {
        lock (_lock)
            _pending = null;
    }

    /// <summary>Takes one occurrence of the pending fault for a request of this method, if any.</summary>
    public FaultPlan? TryTake(string method)
    {
        lock (_lock)
        {
            if (_pending is null || (_pending.Method is { } only && !string.Equals(only, method, StringComparison.OrdinalIgnoreCase)))
                return null;
            var taken = _pending;
            _pending = taken.Count > 1 ? taken with { Count = taken.Count - 1 } : null;
            return taken with { Count = 1 };
        }
    }
}

namespace Makini.Grpc.Emulators.Hosting;

/// <summary>A planned failure: the next <see cref="Count"/> requests wait <see cref="DelayMs"/>, then fail with
/// <see cref="Status"/> (0 = only the delay, then serve normally).</summary>
internal sealed record FaultPlan(int Status, int Count, int DelayMs, int? RetryAfter);

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

    /// <summary>Takes one occurrence of the pending fault, if any.</summary>
    public FaultPlan? TryTake()
    {
        lock (_lock)
        {
            if (_pending is null)
                return null;
            var taken = _pending;
            _pending = taken.Count > 1 ? taken with { Count = taken.Count - 1 } : null;
            return taken with { Count = 1 };
        }
    }
}

namespace Makini.Grpc.Domain.Sync;

/// <summary>What a sync runner tells the scheduler that started it: the run it holds in the job row (null before it
/// holds one and once it has let it go) and when it last made sure of its lease (when it took the run, and at each renewal).
/// The scheduler tells from these a runner that is late from one that is stuck (see <see cref="SyncScheduler.OnClaim"/>).</summary>
public sealed class RunnerProgress
{
    private string? _runId;
    private long _heldAtTicks;

    public string? RunId
    {
        get => Volatile.Read(ref _runId);
        set => Volatile.Write(ref _runId, value);
    }

    public DateTimeOffset HeldAt => new(Interlocked.Read(ref _heldAtTicks), TimeSpan.Zero);

    public void Held(DateTimeOffset at) => Interlocked.Exchange(ref _heldAtTicks, at.UtcTicks);
}

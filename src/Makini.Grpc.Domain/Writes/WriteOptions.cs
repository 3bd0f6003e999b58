namespace Makini.Grpc.Domain.Writes;

/// <summary>Configuration section <c>Makini:Writes</c>.</summary>
public sealed class WriteOptions
{
    /// <summary>How long a write's first attempt owns it. A repeat of its request id waits while the lease runs; after
    /// it (the owner crashed), the repeat takes the write over and finds out at the source what happened.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a concurrent repeat waits for the first attempt's outcome before answering ABORTED.</summary>
    public TimeSpan WaitForConcurrent { get; set; } = TimeSpan.FromSeconds(45);
}

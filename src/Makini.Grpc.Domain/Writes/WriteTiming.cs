using System.Diagnostics;

namespace Makini.Grpc.Domain.Writes;

/// <summary>
/// Where a write's time went, for the caller's Server-Timing header: the source exchange, and each of our own steps,
/// so a slow write tells whether the source or we were slow. The caller puts a holder in <see cref="Current"/> before
/// the write; the handler fills it (an AsyncLocal value set deeper down would not flow back).
/// </summary>
public sealed class WriteTiming
{
    public static readonly AsyncLocal<WriteTiming?> Current = new();

    private readonly List<(string Name, double Milliseconds)> _steps = [];
    private long _mark = Stopwatch.GetTimestamp();

    public IReadOnlyList<(string Name, double Milliseconds)> Steps => _steps;

    /// <summary>Ends the step that began at the previous mark (or at the start).</summary>
    public static void Mark(string step)
    {
        if (Current.Value is not { } timing) return;
        var now = Stopwatch.GetTimestamp();
        var ms = Stopwatch.GetElapsedTime(timing._mark, now).TotalMilliseconds;
        timing._mark = now;
        lock (timing._steps) timing._steps.Add((step, ms));
    }
}

using System.Diagnostics;

namespace Makini.Grpc.Bench;

public sealed record Figures(string Name, long Calls, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Calls / Seconds;

    public override string ToString() =>
        $"{Name,-34} {PerSecond,10:N0} calls/s   p50 {P50Ms,7:N3} ms   p99 {P99Ms,7:N3} ms   ({Calls:N0} calls)";
}

public static class Measure
{
    /// <summary>Runs <paramref name="call"/> from <paramref name="concurrency"/> callers for <paramref name="duration"/>.</summary>
    public static async Task<Figures> ClosedLoopAsync(string name, int concurrency, TimeSpan duration, Func<Task> call)
    {
        var latencies = new List<double>[concurrency];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Figures(name, all.Length, seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

using System.Globalization;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>Seeded choices for generated UpKeep records. Ids come from their own source (see
/// <see cref="UpKeepCatalog.DemoIds"/>), so other entities can refer to the demo records without generating them.</summary>
internal sealed class UpKeepDemoRandom(int seed, int salt)
{
    private readonly Random _ids = new(seed * 31 + salt);
    private readonly Random _random = new(unchecked((seed * 7919) + salt));

    public string NextId() => UpKeepCatalog.NextId(_ids);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Between(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

    public bool Chance(int percent) => _random.Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>An instant up to <paramref name="maxDays"/> before <paramref name="now"/>, to the millisecond.</summary>
    public DateTimeOffset DaysBefore(DateTimeOffset now, double maxDays) =>
        now.AddMilliseconds(-Math.Floor(_random.NextDouble() * maxDays * 86_400_000));

    public DateTimeOffset Between(DateTimeOffset from, DateTimeOffset to) =>
        from.AddMilliseconds(Math.Floor(_random.NextDouble() * Math.Max(0, (to - from).TotalMilliseconds)));

    /// <summary>UpKeep's (Parse's) timestamp format: ISO 8601 UTC with milliseconds and Z.</summary>
    public static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

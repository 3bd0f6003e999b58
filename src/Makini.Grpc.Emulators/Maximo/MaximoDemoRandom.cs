using System.Globalization;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>Seeded choices for generated records: the same seed always gives the same records.</summary>
internal sealed class MaximoDemoRandom(int seed, int salt)
{
    private readonly Random _random = new(unchecked((seed * 7919) + salt));

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Between(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

    public bool Chance(int percent) => _random.Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Picks by weight, e.g. [("APPR", 40), ("CLOSE", 20)].</summary>
    public string Weighted(IReadOnlyList<(string Value, int Weight)> choices)
    {
        var roll = _random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return choices[^1].Value;
    }

    /// <summary>An instant up to <paramref name="maxDays"/> before <paramref name="now"/>, to the second.</summary>
    public DateTimeOffset DaysBefore(DateTimeOffset now, double maxDays) =>
        now.AddSeconds(-Math.Floor(_random.NextDouble() * maxDays * 86400));

    /// <summary>An instant between two others, to the second.</summary>
    public DateTimeOffset Between(DateTimeOffset from, DateTimeOffset to) =>
        from.AddSeconds(Math.Floor(_random.NextDouble() * Math.Max(0, (to - from).TotalSeconds)));

    /// <summary>Record numbers: the demo seed uses the sample database's ranges (work orders from 1000 …); any other
    /// seed gets its own range far above them, so generating with another seed adds records instead of replacing.</summary>
    public static long Number(int seed, long demoBase, int index) =>
        seed == MaximoCatalog.DemoSeed ? demoBase + index : (10_000_000L * ((uint)seed % 100_000 + 1)) + index;

    public static string Text(long number) => number.ToString(CultureInfo.InvariantCulture);
}

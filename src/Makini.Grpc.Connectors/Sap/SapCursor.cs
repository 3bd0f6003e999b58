using System.Globalization;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// Where the next page starts. A watermark cursor <c>w1:{ms}:{n}</c> reads <c>change ge ms</c> in change-then-key
/// order and skips the <c>n</c> rows at exactly <c>ms</c> already returned (an empty ms means "no change time yet":
/// plain skip). An offset cursor <c>o1:{skip}</c> pages a key-ordered list.
/// </summary>
/// <remarks>
/// A count at the watermark rather than a key tiebreak (<c>change gt W or (change eq W and key gt K)</c>): SAP keeps
/// LastChangeDateTime to 100 ns but JSON shows milliseconds, so <c>eq W</c> would miss rows and <c>gt W</c> would
/// return rows already read; every row at or after W sorts after the ones already returned, so skipping n is exact.
/// </remarks>
internal readonly record struct SapCursor(long? Watermark, int Skip)
{
    public static SapCursor Start => new(null, 0);

    public string Watermarked() =>
        string.Create(CultureInfo.InvariantCulture, $"w1:{Watermark?.ToString(CultureInfo.InvariantCulture) ?? ""}:{Skip}");

    public string Offset() => string.Create(CultureInfo.InvariantCulture, $"o1:{Skip}");

    public static SapCursor Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return Start;
        var parts = cursor.Split(':');
        var valid = parts switch
        {
            ["w1", var w, var n] => (w.Length == 0 || long.TryParse(w, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            ["o1", var n] => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            _ => false,
        };
        if (!valid) throw new ArgumentException($"Not a SAP read cursor: '{cursor}'.", nameof(cursor));
        return parts[0] == "w1"
            ? new SapCursor(parts[1].Length == 0 ? null : long.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture))
            : new SapCursor(null, int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}

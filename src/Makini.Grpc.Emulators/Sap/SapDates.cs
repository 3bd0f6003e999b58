using System.Globalization;
using System.Text.RegularExpressions;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// OData v2 JSON time formats as SAP Gateway writes them: Edm.DateTime <c>/Date(ms)/</c> (a calendar date is UTC
/// midnight), Edm.DateTimeOffset <c>/Date(ms+0000)/</c>, Edm.Time as an ISO 8601 duration <c>PT15H51M04S</c>.
/// </summary>
internal static partial class SapDates
{
    /// <summary>9999-12-31, the validity end of the current time segment of equipment.</summary>
    public static readonly DateOnly EndOfTime = new(9999, 12, 31);

    public static string DateTime(DateOnly date) =>
        $"/Date({new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds()})/";

    public static string DateTimeOffset(DateTimeOffset instant) => $"/Date({instant.ToUnixTimeMilliseconds()}+0000)/";

    public static string Time(TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"PT{time.Hours:D2}H{time.Minutes:D2}M{time.Seconds:D2}S");

    /// <summary>The instant of a <c>/Date(ms[+-hhmm])/</c> value in unix milliseconds; the offset only annotates it.</summary>
    public static bool TryParseMilliseconds(string text, out long milliseconds)
    {
        milliseconds = 0;
        var match = DatePattern().Match(text);
        return match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out milliseconds);
    }

    public static bool TryParseTime(string text, out TimeSpan time)
    {
        time = TimeSpan.Zero;
        var match = TimePattern().Match(text);
        if (!match.Success) return false;
        time = new TimeSpan(
            int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>The weak ETag SAP derives from a DateTimeOffset last-change property (the literal is URL-encoded).</summary>
    public static string ETag(long unixMilliseconds)
    {
        var instant = System.DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime;
        var literal = instant.ToString("yyyy-MM-dd'T'HH'%3A'mm'%3A'ss.fffffff'Z'", CultureInfo.InvariantCulture);
        return $"W/\"datetimeoffset'{literal}'\"";
    }

    [GeneratedRegex(@"^/Date\((-?\d+)([+-]\d{4})?\)/$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^PT(?<h>\d{1,2})H(?<m>\d{1,2})M(?<s>\d{1,2})S$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}

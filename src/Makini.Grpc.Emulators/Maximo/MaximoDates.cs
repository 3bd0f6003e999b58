using System.Globalization;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// Maximo writes date-times in the server's time zone with its offset ("2024-03-04T09:15:00-05:00"); DATE attributes
/// are local midnight. The emulated server runs in America/New_York, so offsets are -05:00 or -04:00 (DST).
/// </summary>
internal static class MaximoDates
{
    private static readonly TimeZoneInfo ServerZone = FindServerZone();

    public static string DateTime(DateTimeOffset instant)
    {
        var seconds = instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerSecond));
        return TimeZoneInfo.ConvertTime(seconds, ServerZone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>A DATE attribute: the server-local calendar day of the instant, at local midnight.</summary>
    public static string Date(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, ServerZone);
        var midnight = new DateTimeOffset(local.Date, ServerZone.GetUtcOffset(local.Date));
        return midnight.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>A date-time a client wrote: with an offset (or Z) it names that instant; without one (or as a bare
    /// date) it is the server's local time, as Maximo reads it.</summary>
    public static bool TryParseWritten(string text, out DateTimeOffset instant)
    {
        instant = default;
        var hasOffset = text.Length > 10 && (text.EndsWith('Z') || text.IndexOfAny(['+', '-'], 11) > 0);
        if (hasOffset) return TryParse(text, out instant);
        if (!System.DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return false;
        instant = new DateTimeOffset(local, ServerZone.GetUtcOffset(local));
        return true;
    }

    public static bool TryParse(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);

    /// <summary>Only ISO date-times ("yyyy-MM-ddTHH:mm…") count as dates in comparisons, not any parseable text.</summary>
    public static bool LooksLikeDateTime(string text) => text.Length >= 19 && text[4] == '-' && text[10] == 'T';

    // Hosts without tzdata fall back to Eastern Standard Time all year: offsets stay non-UTC either way.
    private static TimeZoneInfo FindServerZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("EST", TimeSpan.FromHours(-5), "EST", "EST");
        }
    }
}

using System.Globalization;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// The account's date preferences: the time zone its dates live in and the date format users (and <c>q</c>) write
/// them in. Record JSON carries instants in UTC and dates as YYYY-MM-DD; only <c>q</c> values use these preferences.
/// </summary>
internal sealed record NetSuiteAccountPreferences(TimeZoneInfo TimeZone, string DateFormat)
{
    public const string DefaultTimeZone = "America/Los_Angeles";
    public const string DefaultDateFormat = "M/d/yyyy";

    // NetSuite's time format preference default; combined with the date format for date/time values.
    private const string TimeFormat = "h:mm tt";

    public static NetSuiteAccountPreferences Of(NetSuiteInstance instance)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(instance.Credential("time_zone"), out var found)
            ? found
            : TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);
        var format = instance.Credential("date_format") is { Length: > 0 } f ? f : DefaultDateFormat;
        return new NetSuiteAccountPreferences(zone, format);
    }

    /// <summary>The account-local calendar date of an instant.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    public bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>A date and time as the account writes it ("1/15/2024 3:00 pm"), read in the account's time zone.</summary>
    public bool TryParseDateTime(string text, out DateTimeOffset instant)
    {
        instant = default;
        if (!DateTime.TryParseExact(text.Trim().ToUpperInvariant(), $"{DateFormat} {TimeFormat}", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var local))
            return false;
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        instant = new DateTimeOffset(unspecified, TimeZone.GetUtcOffset(unspecified));
        return true;
    }
}

using System.Globalization;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// The account's date preferences (credential fields time_zone and date_format). Record JSON carries instants in UTC
/// and dates as YYYY-MM-DD, but <c>q</c> filter values must be written in the account's date format and mean days in
/// the account's time zone.
/// </summary>
public sealed record NetSuiteAccountSettings(TimeZoneInfo? TimeZone, string DateFormat)
{
    public const string DefaultTimeZone = "America/Los_Angeles";
    public const string DefaultDateFormat = "M/d/yyyy";

    /// <summary>Reads the preferences; empty fields take NetSuite's defaults. An unknown zone stays null (see <see cref="LocalDate"/>).</summary>
    public static NetSuiteAccountSettings From(SourceTarget target)
    {
        var zoneId = target.Credential("time_zone").Trim();
        if (zoneId.Length == 0) zoneId = DefaultTimeZone;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : null;
        var format = target.Credential("date_format").Trim();
        return new NetSuiteAccountSettings(zone, IsUsable(format) ? format : DefaultDateFormat);
    }

    /// <summary>
    /// The account-local calendar day of an instant. With an unknown time zone it is the day in UTC-12, the earliest
    /// local day anywhere, so a filter built from it can only be too early, never too late.
    /// </summary>
    public DateOnly LocalDate(DateTimeOffset instant) => TimeZone is { } zone
        ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime)
        : DateOnly.FromDateTime(instant.UtcDateTime.AddHours(-12));

    /// <summary>
    /// <c>lastModifiedDate ON_OR_AFTER "1/15/2024"</c>: records changed on or after the account-local day of
    /// <paramref name="changedSince"/>. Day granularity makes this a lower bound only; the reader drops the older
    /// records of that day itself. A date without time is what Oracle documents for these operators; whether a
    /// time ("1/15/2024 3:00 pm") is honoured is UNVERIFIED, so none is sent.
    /// </summary>
    public string ChangedSinceQuery(DateTimeOffset changedSince) =>
        $"lastModifiedDate ON_OR_AFTER \"{LocalDate(changedSince).ToString(DateFormat, CultureInfo.InvariantCulture)}\"";

    private static bool IsUsable(string format)
    {
        if (format.Length == 0) return false;
        try
        {
            var written = new DateOnly(2024, 1, 15).ToString(format, CultureInfo.InvariantCulture);
            return DateOnly.TryParseExact(written, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back)
                && back == new DateOnly(2024, 1, 15);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

using Cronos;
using Makini.Grpc.Domain.Common;

namespace Makini.Grpc.Domain.Sync;

/// <summary>When an entity syncs: every N seconds, or on a cron expression read in a time zone.</summary>
public sealed record SyncSchedule(int? IntervalSeconds, string? Cron, string? TimeZone)
{
    public static SyncSchedule Every(int seconds) => new(seconds, null, null);

    public DateTimeOffset NextAfter(DateTimeOffset after)
    {
        if (Cron is null) return after.AddSeconds(IntervalSeconds ?? 900);
        var zone = TimeZone is { Length: > 0 } tz ? TimeZoneInfo.FindSystemTimeZoneById(tz) : TimeZoneInfo.Utc;
        var expression = CronExpression.Parse(Cron, Cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        return expression.GetNextOccurrence(after, zone) ?? after.AddYears(1);
    }

    /// <summary>Checks a schedule from the API: exactly one of interval and cron, a sane interval, a parsable cron and
    /// a known time zone, with the field paths of the request.</summary>
    public static SyncSchedule Validate(int intervalSeconds, string cron, string timeZone, int minimumInterval, Validator v, string prefix)
    {
        cron = cron.Trim();
        timeZone = timeZone.Trim();
        if (intervalSeconds != 0 && cron.Length > 0)
            v.Add(prefix + "cron", "set either interval_seconds or cron, not both");
        else if (intervalSeconds == 0 && cron.Length == 0)
            v.Add(prefix + "interval_seconds", "set interval_seconds or cron");
        if (intervalSeconds != 0 && (intervalSeconds < minimumInterval || intervalSeconds > 7 * 86400))
            v.Add(prefix + "interval_seconds", $"must be between {minimumInterval} and {7 * 86400}");
        if (cron.Length > 0)
        {
            var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            try
            {
                var expression = CronExpression.Parse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
                // The minimum interval holds for cron schedules too: look at the gaps of the next occurrences.
                var times = expression.GetOccurrences(DateTime.UtcNow, DateTime.UtcNow.AddDays(8)).Take(20).ToList();
                if (times.Zip(times.Skip(1), (a, b) => b - a).Any(gap => gap.TotalSeconds < minimumInterval))
                    v.Add(prefix + "cron", $"fires more often than every {minimumInterval} seconds");
            }
            catch (CronFormatException e) { v.Add(prefix + "cron", $"is not a valid cron expression: {e.Message}"); }
        }
        if (timeZone.Length > 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            v.Add(prefix + "time_zone", $"'{timeZone}' is not a known IANA time zone");
        if (cron.Length == 0 && timeZone.Length > 0)
            v.Add(prefix + "time_zone", "applies to cron schedules only");
        return cron.Length > 0 ? new SyncSchedule(null, cron, timeZone.Length > 0 ? timeZone : null) : Every(intervalSeconds);
    }
}

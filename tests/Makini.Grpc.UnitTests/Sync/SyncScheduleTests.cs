using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Sync;

namespace Makini.Grpc.UnitTests.Sync;

public sealed class SyncScheduleTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_interval_schedule_runs_that_long_after()
    {
        SyncSchedule.Every(900).NextAfter(Noon).ShouldBe(Noon.AddMinutes(15));
    }

    [Fact]
    public void A_cron_schedule_is_read_in_its_time_zone()
    {
        var daily = new SyncSchedule(null, "0 2 * * *", "Europe/Berlin");
        // 02:00 in Berlin (UTC+1 in winter) is 01:00 UTC.
        daily.NextAfter(Noon).ShouldBe(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(0, "", "", "schedule.interval_seconds")]
    [InlineData(10, "", "", "schedule.interval_seconds")]
    [InlineData(60, "0 2 * * *", "", "schedule.cron")]
    [InlineData(0, "not cron", "", "schedule.cron")]
    [InlineData(0, "* * * * * *", "", "schedule.cron")] // every second: under the minimum
    [InlineData(0, "0 2 * * *", "Mars/Olympus", "schedule.time_zone")]
    [InlineData(60, "", "Europe/Berlin", "schedule.time_zone")]
    public void Bad_schedules_name_the_field(int interval, string cron, string zone, string field)
    {
        var v = new Validator();
        SyncSchedule.Validate(interval, cron, zone, 30, v, "schedule.");
        Should.Throw<ValidationException>(v.ThrowIfInvalid).Violations.Select(x => x.Field).ShouldContain(field);
    }

    [Fact]
    public void Good_schedules_pass()
    {
        var v = new Validator();
        SyncSchedule.Validate(30, "", "", 30, v, "").ShouldBe(SyncSchedule.Every(30));
        SyncSchedule.Validate(0, "*/5 * * * *", "America/Chicago", 30, v, "").Cron.ShouldBe("*/5 * * * *");
        v.HasErrors.ShouldBeFalse();
    }
}

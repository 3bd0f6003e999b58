namespace Makini.Grpc.Domain.Webhooks.Delivery;

/// <summary>When a failed delivery is tried again: the initial delay, doubling per failed attempt, with ±20% jitter so
/// a receiver coming back is not hit by every retry at once; null once the retry window since the event has passed.</summary>
public static class RetrySchedule
{
    public static DateTimeOffset? NextAttempt(DateTimeOffset eventTime, int failedAttempts, DateTimeOffset now, TimeSpan initial,
        TimeSpan window, double jitter01)
    {
        var exponent = Math.Min(Math.Max(failedAttempts - 1, 0), 30);
        var delay = initial.TotalMilliseconds * Math.Pow(2, exponent) * (0.8 + 0.4 * jitter01);
        var next = now + TimeSpan.FromMilliseconds(Math.Min(delay, TimeSpan.FromDays(7).TotalMilliseconds));
        return next > eventTime + window ? null : next;
    }
}

using System.Net.Http;
using Makini.Grpc.Connectors;

namespace Makini.Grpc.Domain.Connections.Health;

/// <summary>What one call to the source (a check, a sync run, a write) saw of its availability.</summary>
public abstract record HealthObservation(string Origin)
{
    public sealed record Answered(string Origin) : HealthObservation(Origin);
    public sealed record Unreachable(string Origin, string Reason) : HealthObservation(Origin);
}

/// <summary>The failure count to keep and, when the health moves, the event to append.</summary>
public sealed record HealthDecision(int ConsecutiveFailures, ConnectionHealthChanged? Change);

/// <summary>Pure rules of a connection's health.</summary>
public static class HealthDecisions
{
    /// <summary>DEGRADED on the first failure in a row, OFFLINE once <paramref name="offlineAfterFailures"/> are in a
    /// row, ONLINE again on the first answer after either. An event only when the health changes.</summary>
    public static HealthDecision Decide(SourceHealth current, int consecutiveFailures, HealthObservation observation, int offlineAfterFailures, DateTimeOffset now)
    {
        switch (observation)
        {
            case HealthObservation.Answered answered:
                return current == SourceHealth.Online
                    ? new HealthDecision(0, null)
                    : new HealthDecision(0, new ConnectionHealthChanged(SourceHealth.Online, current,
                        $"The source answered again ({answered.Origin}).", 0, now));
            case HealthObservation.Unreachable failed:
                var failures = consecutiveFailures + 1;
                var next = failures >= Math.Max(1, offlineAfterFailures) ? SourceHealth.Offline : SourceHealth.Degraded;
                // Once offline, more failures keep it offline: it does not fall back to degraded.
                if (current == SourceHealth.Offline) next = SourceHealth.Offline;
                return new HealthDecision(failures, next == current ? null
                    : new ConnectionHealthChanged(next, current, $"{failures} failure(s) in a row ({failed.Origin}): {failed.Reason}", failures, now));
            default:
                throw new ArgumentOutOfRangeException(nameof(observation));
        }
    }

    /// <summary>Whether a failure is the source being down: a timeout, no connection, or a 5xx. Other statuses (404,
    /// 429, a malformed answer to a 200) say the source is up, so they do not count.</summary>
    public static bool IsOutage(Exception e) => e switch
    {
        SourceUnavailableException u => u.HttpStatus is null or >= 500,
        HttpRequestException h => h.StatusCode is null || (int)h.StatusCode >= 500,
        _ => false,
    };
}

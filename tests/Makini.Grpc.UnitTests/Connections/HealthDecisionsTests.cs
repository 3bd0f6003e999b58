using System.Net;
using Makini.Grpc.Connectors;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Connections.Health;

namespace Makini.Grpc.UnitTests.Connections;

public sealed class HealthDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly HealthObservation Answered = new HealthObservation.Answered("check");
    private static HealthObservation Down(string reason = "timed out") => new HealthObservation.Unreachable("sync", reason);

    /// <summary>Feeds observations through Decide and Apply, as the monitor does; returns the events appended.</summary>
    private static (Connection Final, int Failures, List<ConnectionHealthChanged> Events) Run(int offlineAfter, params HealthObservation[] observations)
    {
        var connection = Connection.Create(new ConnectionCreated("conn_1", "acct_1", "plant", "sap_s4hana", Deployment.OnPrem, "https://erp", 8, ["password"], "link_1", Now));
        var failures = 0;
        var events = new List<ConnectionHealthChanged>();
        foreach (var o in observations)
        {
            var decision = HealthDecisions.Decide(connection.Health, failures, o, offlineAfter, Now);
            failures = decision.ConsecutiveFailures;
            if (decision.Change is { } change)
            {
                events.Add(change);
                connection = connection.Apply(change);
            }
        }
        return (connection, failures, events);
    }

    [Fact]
    public void A_new_connection_is_online()
    {
        var (connection, _, _) = Run(3);
        (connection.Health, connection.HealthChangedAt).ShouldBe((SourceHealth.Online, (DateTimeOffset?)null));
    }

    [Fact]
    public void Answers_while_online_append_nothing_so_the_stream_does_not_grow_per_sync()
    {
        var (connection, failures, events) = Run(3, Answered, Answered, Answered);
        events.ShouldBeEmpty();
        (connection.Health, failures).ShouldBe((SourceHealth.Online, 0));
    }

    [Fact]
    public void The_first_failure_degrades_and_the_third_in_a_row_takes_it_offline()
    {
        var (connection, failures, events) = Run(3, Down(), Down(), Down("HTTP 503"), Down());
        events.Select(e => (e.Previous, e.Health)).ShouldBe([(SourceHealth.Online, SourceHealth.Degraded), (SourceHealth.Degraded, SourceHealth.Offline)]);
        events[1].ConsecutiveFailures.ShouldBe(3);
        events[1].Reason.ShouldContain("HTTP 503");
        (connection.Health, failures).ShouldBe((SourceHealth.Offline, 4));
    }

    [Fact]
    public void The_first_answer_after_an_outage_brings_it_back_online_and_resets_the_count()
    {
        var (connection, failures, events) = Run(3, Down(), Down(), Down(), Answered, Answered);
        events.Select(e => e.Health).ShouldBe([SourceHealth.Degraded, SourceHealth.Offline, SourceHealth.Online]);
        events[^1].Previous.ShouldBe(SourceHealth.Offline);
        (connection.Health, connection.HealthChangedAt, failures).ShouldBe((SourceHealth.Online, (DateTimeOffset?)Now, 0));
    }

    [Fact]
    public void Failures_that_are_not_in_a_row_never_reach_offline()
    {
        var (connection, _, events) = Run(3, Down(), Down(), Answered, Down(), Down());
        events.Select(e => e.Health).ShouldBe([SourceHealth.Degraded, SourceHealth.Online, SourceHealth.Degraded]);
        connection.Health.ShouldBe(SourceHealth.Degraded);
    }

    [Fact]
    public void A_threshold_of_one_goes_offline_at_once()
    {
        var (_, _, events) = Run(1, Down());
        events.Single().ShouldBe(new ConnectionHealthChanged(SourceHealth.Offline, SourceHealth.Online, events[0].Reason, 1, Now));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(404, false)]
    [InlineData(429, false)]
    [InlineData(200, false)]
    public void Only_timeouts_connection_errors_and_5xx_are_outages(int? status, bool outage)
    {
        HealthDecisions.IsOutage(new SourceUnavailableException("sap_s4hana", "x", status)).ShouldBe(outage);
        HealthDecisions.IsOutage(new HttpRequestException("x", null, (HttpStatusCode?)status)).ShouldBe(outage);
    }

    [Fact]
    public void Our_own_failures_are_not_outages()
    {
        HealthDecisions.IsOutage(new InvalidOperationException()).ShouldBeFalse();
        HealthDecisions.IsOutage(new OperationCanceledException()).ShouldBeFalse();
        HealthDecisions.IsOutage(new SourceCredentialsRejectedException("sap_s4hana", 401, "no")).ShouldBeFalse();
    }
}

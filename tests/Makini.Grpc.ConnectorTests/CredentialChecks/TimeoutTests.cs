using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.CredentialChecks;

/// <summary>A source that does not answer in time: each attempt times out, retries too, and the total budget ends it.</summary>
public sealed class TimeoutTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    /// <summary>Source connectors with these timeouts and a short backoff.</summary>
    private static ServiceProvider Connectors(TimeSpan attempt, TimeSpan total) => new ServiceCollection()
        .AddSourceConnectors(http =>
        {
            http.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            http.AttemptTimeout = attempt;
            http.TotalTimeout = total;
        })
        .BuildServiceProvider();

    [Fact]
    public async Task a_source_that_never_answers_in_time_is_unavailable_within_the_total_timeout()
    {
        using var services = Connectors(attempt: TimeSpan.FromMilliseconds(200), total: TimeSpan.FromSeconds(1));
        var instance = emulator.NewInstance("maximo");
        var credentials = await instance.GetCredentialsAsync();
        await instance.PlanFaultAsync(0, count: 20, delayMs: 2000);
        var target = new SourceTarget(SystemCatalog.Maximo, Deployment.OnPrem, instance.BaseUrl, credentials);
        var clock = Stopwatch.StartNew();

        var unavailable = await Should.ThrowAsync<SourceUnavailableException>(() =>
            services.GetRequiredService<ConnectorRegistry>().Get(SystemCatalog.Maximo).CheckCredentialsAsync(target, CancellationToken.None));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1.9));
        unavailable.Detail.ShouldContain("did not answer in time");
        unavailable.HttpStatus.ShouldBeNull();
    }

    [Fact]
    public async Task an_answer_that_stalls_after_its_headers_fails_its_attempt_and_a_read_is_sent_again()
    {
        using var services = Connectors(attempt: TimeSpan.FromMilliseconds(500), total: TimeSpan.FromSeconds(5));
        var instance = emulator.NewInstance("maximo");
        var credentials = await instance.GetCredentialsAsync();
        var target = new SourceTarget(SystemCatalog.Maximo, Deployment.OnPrem, instance.BaseUrl, credentials);
        var connector = services.GetRequiredService<ConnectorRegistry>().Get(SystemCatalog.Maximo);
        // Once: the stalled attempt times out and the read is sent again, long before the body would have come (20 s).
        await instance.PlanFaultAsync(0, count: 1, stallBodyMs: 20_000);
        var clock = Stopwatch.StartNew();
        await connector.CheckCredentialsAsync(target, CancellationToken.None);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4));

        // Every time: the source is unavailable within the total timeout.
        await instance.PlanFaultAsync(0, count: 20, stallBodyMs: 20_000);
        clock.Restart();
        var unavailable = await Should.ThrowAsync<SourceUnavailableException>(() => connector.CheckCredentialsAsync(target, CancellationToken.None));
        unavailable.Detail.ShouldContain("did not answer in time");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
    }

    [Theory]
    [InlineData("upkeep", SystemCatalog.UpKeep, Deployment.Cloud)]
    [InlineData("bc", SystemCatalog.BusinessCentral, Deployment.Cloud)]
    public async Task a_login_that_timed_out_is_sent_again(string path, string systemId, Deployment deployment)
    {
        using var services = Connectors(attempt: TimeSpan.FromMilliseconds(300), total: TimeSpan.FromSeconds(5));
        var instance = emulator.NewInstance(path);
        var credentials = await instance.GetCredentialsAsync();
        // The first request (the login, a POST) outlives its attempt: it only opens a session, so it is sent again.
        await instance.PlanFaultAsync(0, count: 1, delayMs: 2000);
        var target = new SourceTarget(systemId, deployment, instance.BaseUrl, credentials);

        await services.GetRequiredService<ConnectorRegistry>().Get(systemId).CheckCredentialsAsync(target, CancellationToken.None);
    }

    [Fact]
    public async Task the_callers_cancellation_is_not_turned_into_an_unavailable_source()
    {
        var instance = emulator.NewInstance("maximo");
        var credentials = await instance.GetCredentialsAsync();
        await instance.PlanFaultAsync(0, count: 1, delayMs: 2000);
        var target = new SourceTarget(SystemCatalog.Maximo, Deployment.OnPrem, instance.BaseUrl, credentials);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() =>
            emulator.Connectors.Get(SystemCatalog.Maximo).CheckCredentialsAsync(target, cancellation.Token));
    }
}

using System.Diagnostics;

namespace Makini.Grpc.ConnectorTests.CredentialChecks;

/// <summary>
/// What every connector's credential check must do against its emulator. Each system's test class derives from
/// this and names its prefix, the secret to spoil, and what the system says when it refuses.
/// </summary>
public abstract class CredentialCheckContract(EmulatorFixture emulator)
{
    protected EmulatorFixture Emulator { get; } = emulator;

    protected abstract string Prefix { get; }

    protected abstract string SystemId { get; }

    /// <summary>The credential field a wrong value of which the system must refuse.</summary>
    protected abstract string SecretField { get; }

    protected abstract int RejectionStatus { get; }

    /// <summary>Fragments of the system's own refusal message.</summary>
    protected abstract string[] RejectionMessageParts { get; }

    protected ISourceConnector Connector => Emulator.Connectors.Get(SystemId);

    protected SourceTarget Target(EmulatedInstance instance, IReadOnlyDictionary<string, string> credentials) =>
        new(SystemId, Deployment.Cloud, instance.BaseUrl, credentials);

    protected async Task<(EmulatedInstance Instance, Dictionary<string, string> Credentials)> NewInstanceAsync()
    {
        var instance = Emulator.NewInstance(Prefix);
        return (instance, await instance.GetCredentialsAsync());
    }

    protected static Dictionary<string, string> With(IReadOnlyDictionary<string, string> credentials, string field, string value) =>
        new(credentials) { [field] = value };

    [Fact]
    public async Task good_credentials_pass()
    {
        var (instance, credentials) = await NewInstanceAsync();

        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);

        (await instance.GetRequestsAsync()).ShouldAllBe(r => r.Status >= 200 && r.Status < 300);
    }

    [Fact]
    public async Task a_wrong_secret_is_rejected_with_the_systems_message()
    {
        var (instance, credentials) = await NewInstanceAsync();
        var wrong = credentials[SecretField] + "x";

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, With(credentials, SecretField, wrong)), CancellationToken.None));

        rejected.SystemId.ShouldBe(SystemId);
        rejected.HttpStatus.ShouldBe(RejectionStatus);
        foreach (var part in RejectionMessageParts)
            rejected.SourceMessage.ShouldContain(part);
        rejected.Message.ShouldNotContain(wrong);
        rejected.Message.ShouldNotContain(credentials[SecretField]);
    }

    [Fact]
    public async Task changed_credentials_reject_the_old_ones_and_accept_the_new_ones()
    {
        var (instance, old) = await NewInstanceAsync();
        await Connector.CheckCredentialsAsync(Target(instance, old), CancellationToken.None);
        var rotated = With(old, SecretField, old[SecretField] + "rotated");

        await instance.SetCredentialsAsync(new Dictionary<string, string> { [SecretField] = rotated[SecretField] });

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, old), CancellationToken.None));
        rejected.HttpStatus.ShouldBe(RejectionStatus);
        foreach (var part in RejectionMessageParts)
            rejected.SourceMessage.ShouldContain(part);
        await Connector.CheckCredentialsAsync(Target(instance, rotated), CancellationToken.None);
        (await instance.GetCredentialsAsync()).ShouldBe(rotated, ignoreOrder: true);
    }

    [Fact]
    public async Task a_single_503_is_retried_and_the_check_passes()
    {
        var (instance, credentials) = await NewInstanceAsync();
        await instance.PlanFaultAsync(503, count: 1);

        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);

        var requests = await instance.GetRequestsAsync();
        requests[0].Status.ShouldBe(503);
        requests[1].Path.ShouldBe(requests[0].Path);
        requests[^1].Status.ShouldBe(200);
    }

    [Fact]
    public async Task a_429_is_retried_after_the_retry_after_delay()
    {
        var (instance, credentials) = await NewInstanceAsync();
        await instance.PlanFaultAsync(429, count: 1, retryAfter: 1);
        var clock = Stopwatch.StartNew();

        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);

        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
        var requests = await instance.GetRequestsAsync();
        requests[0].Status.ShouldBe(429);
        (requests[1].Time - requests[0].Time).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task a_persistent_503_makes_the_source_unavailable()
    {
        var (instance, credentials) = await NewInstanceAsync();
        await instance.PlanFaultAsync(503, count: 20);

        var unavailable = await Should.ThrowAsync<SourceUnavailableException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None));

        unavailable.SystemId.ShouldBe(SystemId);
        unavailable.HttpStatus.ShouldBe(503);
        var requests = await instance.GetRequestsAsync();
        requests.Count.ShouldBe(4, "one attempt and three retries");
        requests.ShouldAllBe(r => r.Status == 503);
    }

    [Fact]
    public async Task a_client_error_other_than_429_is_not_retried()
    {
        var (instance, credentials) = await NewInstanceAsync();
        await instance.PlanFaultAsync(404, count: 5);

        var unavailable = await Should.ThrowAsync<SourceUnavailableException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None));

        unavailable.HttpStatus.ShouldBe(404);
        (await instance.GetRequestsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task nothing_listening_makes_the_source_unavailable()
    {
        var (_, credentials) = await NewInstanceAsync();
        var target = new SourceTarget(SystemId, Deployment.OnPrem, ClosedPort.Url(Prefix), credentials);

        var unavailable = await Should.ThrowAsync<SourceUnavailableException>(() =>
            Connector.CheckCredentialsAsync(target, CancellationToken.None));

        unavailable.SystemId.ShouldBe(SystemId);
        unavailable.HttpStatus.ShouldBeNull();
    }

    [Fact]
    public async Task the_request_log_shows_the_calls_and_never_a_secret()
    {
        var (instance, credentials) = await NewInstanceAsync();
        var wrong = credentials[SecretField] + "wrong";
        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);
        await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, With(credentials, SecretField, wrong)), CancellationToken.None));

        var requests = await instance.GetRequestsAsync();
        requests.ShouldNotBeEmpty();
        requests.ShouldContain(r => r.Status >= 200 && r.Status < 300);
        requests.ShouldContain(r => r.Status == RejectionStatus);
        requests.ShouldAllBe(r => !r.Path.StartsWith("/_emulator"));
        requests.Select(r => r.Time).ShouldBeInOrder(SortDirection.Ascending);

        var log = await instance.GetRequestsJsonAsync();
        var secrets = SystemCatalog.Find(SystemId)!.CredentialFields.Where(f => f.Secret).Select(f => credentials[f.Name]).Append(wrong);
        foreach (var secret in secrets)
            log.ShouldNotContain(secret);
        log.ShouldNotContain("Authorization", Case.Insensitive);
    }
}

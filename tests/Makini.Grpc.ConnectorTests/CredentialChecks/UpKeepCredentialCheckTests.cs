namespace Makini.Grpc.ConnectorTests.CredentialChecks;

public sealed class UpKeepCredentialCheckTests(EmulatorFixture emulator) : CredentialCheckContract(emulator), IClassFixture<EmulatorFixture>
{
    protected override string Prefix => "upkeep";
    protected override string SystemId => SystemCatalog.UpKeep;
    protected override string SecretField => "password";
    protected override int RejectionStatus => 400;
    protected override string[] RejectionMessageParts => ["Invalid email or password."];

    [Fact]
    public async Task a_cached_session_is_reused_across_checks()
    {
        var (instance, credentials) = await NewInstanceAsync();

        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);
        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);

        var requests = await instance.GetRequestsAsync();
        requests.Count(r => r.Method == "POST" && r.Path == "/api/v2/auth").ShouldBe(1);
        requests.Count(r => r.Path == "/api/v2/users").ShouldBe(2);
    }

    [Fact]
    public async Task a_wrong_email_is_rejected()
    {
        var (instance, credentials) = await NewInstanceAsync();

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, With(credentials, "email", "someone.else@makini.io")), CancellationToken.None));

        rejected.SourceMessage.ShouldBe("Invalid email or password.");
    }

    [Fact]
    public async Task an_ended_cached_session_is_replaced_without_failing_the_check()
    {
        var (instance, credentials) = await NewInstanceAsync();
        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);
        // Changing the password away and back ends the cached session while the credentials stay valid.
        await instance.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = "temporary" });
        await instance.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = credentials["password"] });

        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);

        var requests = await instance.GetRequestsAsync();
        requests.Select(r => (r.Method, r.Path, r.Status)).ShouldBe(
        [
            ("POST", "/api/v2/auth", 200),
            ("GET", "/api/v2/users", 200),
            ("GET", "/api/v2/users", 401),
            ("POST", "/api/v2/auth", 200),
            ("GET", "/api/v2/users", 200),
        ]);
    }
}

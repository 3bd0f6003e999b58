namespace Makini.Grpc.ConnectorTests.CredentialChecks;

public sealed class BusinessCentralCredentialCheckTests(EmulatorFixture emulator) : CredentialCheckContract(emulator), IClassFixture<EmulatorFixture>
{
    protected override string Prefix => "bc";
    protected override string SystemId => SystemCatalog.BusinessCentral;
    protected override string SecretField => "client_secret";
    protected override int RejectionStatus => 401;
    protected override string[] RejectionMessageParts => ["AADSTS7000215: Invalid client secret provided."];

    [Fact]
    public async Task an_unknown_tenant_is_rejected_with_entras_message()
    {
        var (instance, credentials) = await NewInstanceAsync();

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, With(credentials, "tenant_id", Guid.NewGuid().ToString())), CancellationToken.None));

        rejected.HttpStatus.ShouldBe(400);
        rejected.SourceMessage.ShouldStartWith("AADSTS90002: Tenant '");
        rejected.SourceMessage.ShouldNotContain("Trace ID");
    }

    [Fact]
    public async Task an_unknown_client_id_is_rejected()
    {
        var (instance, credentials) = await NewInstanceAsync();

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, With(credentials, "client_id", Guid.NewGuid().ToString())), CancellationToken.None));

        rejected.SourceMessage.ShouldStartWith("AADSTS700016:");
    }

    [Fact]
    public async Task a_wrong_environment_is_rejected_with_business_centrals_message()
    {
        var (instance, credentials) = await NewInstanceAsync();

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, With(credentials, "environment", "Sandbox")), CancellationToken.None));

        rejected.HttpStatus.ShouldBe(404);
        rejected.SourceMessage.ShouldContain("Sandbox");
    }

    [Fact]
    public async Task a_company_id_that_the_environment_lacks_is_rejected()
    {
        var (instance, credentials) = await NewInstanceAsync();

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, With(credentials, "company_id", Guid.NewGuid().ToString())), CancellationToken.None));

        rejected.SourceMessage.ShouldContain("has no company");
    }

    [Fact]
    public async Task without_a_company_id_any_company_will_do()
    {
        var (instance, credentials) = await NewInstanceAsync();

        await Connector.CheckCredentialsAsync(Target(instance, With(credentials, "company_id", "")), CancellationToken.None);
    }

    [Fact]
    public async Task a_cached_token_is_reused_across_checks()
    {
        var (instance, credentials) = await NewInstanceAsync();

        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);
        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);

        var requests = await instance.GetRequestsAsync();
        requests.Count(r => r.Path.EndsWith("/oauth2/v2.0/token")).ShouldBe(1);
        requests.Count(r => r.Path.EndsWith("/api/v2.0/companies")).ShouldBe(2);
    }

    [Fact]
    public async Task a_revoked_cached_token_is_replaced_without_failing_the_check()
    {
        var (instance, credentials) = await NewInstanceAsync();
        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);
        // Rotating the secret away and back revokes the cached token while the credentials stay valid.
        await instance.SetCredentialsAsync(new Dictionary<string, string> { ["client_secret"] = "temporary" });
        await instance.SetCredentialsAsync(new Dictionary<string, string> { ["client_secret"] = credentials["client_secret"] });

        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);

        var requests = await instance.GetRequestsAsync();
        requests.Select(r => r.Status).ShouldBe([200, 200, 401, 200, 200]);
    }
}

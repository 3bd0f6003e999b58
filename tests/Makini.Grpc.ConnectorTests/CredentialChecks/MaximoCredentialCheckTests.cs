namespace Makini.Grpc.ConnectorTests.CredentialChecks;

public sealed class MaximoCredentialCheckTests(EmulatorFixture emulator) : CredentialCheckContract(emulator), IClassFixture<EmulatorFixture>
{
    protected override string Prefix => "maximo";
    protected override string SystemId => SystemCatalog.Maximo;
    protected override string SecretField => "api_key";
    protected override int RejectionStatus => 401;
    protected override string[] RejectionMessageParts => ["BMXAA9549E - The API key token is invalid."];

    [Fact]
    public async Task the_check_asks_whoami_with_the_apikey_header()
    {
        var (instance, credentials) = await NewInstanceAsync();

        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);

        var request = (await instance.GetRequestsAsync()).Single();
        request.Path.ShouldBe("/maximo/api/whoami");
        request.Query.ShouldBeEmpty();
    }
}

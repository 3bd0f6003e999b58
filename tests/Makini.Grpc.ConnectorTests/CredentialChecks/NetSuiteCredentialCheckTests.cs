namespace Makini.Grpc.ConnectorTests.CredentialChecks;

public sealed class NetSuiteCredentialCheckTests(EmulatorFixture emulator) : CredentialCheckContract(emulator), IClassFixture<EmulatorFixture>
{
    protected override string Prefix => "netsuite";
    protected override string SystemId => SystemCatalog.NetSuite;
    protected override string SecretField => "token_secret";
    protected override int RejectionStatus => 401;
    protected override string[] RejectionMessageParts => ["Invalid login attempt.", "(INVALID_LOGIN)"];

    [Theory]
    [InlineData("consumer_secret")]
    [InlineData("consumer_key")]
    [InlineData("token_id")]
    [InlineData("account_id")]
    public async Task any_wrong_part_of_the_login_is_rejected(string field)
    {
        var (instance, credentials) = await NewInstanceAsync();

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, With(credentials, field, credentials[field] + "9")), CancellationToken.None));

        rejected.SourceMessage.ShouldContain("INVALID_LOGIN");
    }

    [Fact]
    public async Task the_account_id_may_be_given_in_its_host_name_spelling()
    {
        var (instance, credentials) = await NewInstanceAsync();

        await Connector.CheckCredentialsAsync(Target(instance, With(credentials, "account_id", "1234567-sb1")), CancellationToken.None);
    }
}

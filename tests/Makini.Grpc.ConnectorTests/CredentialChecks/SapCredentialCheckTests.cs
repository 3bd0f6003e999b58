namespace Makini.Grpc.ConnectorTests.CredentialChecks;

public sealed class SapCredentialCheckTests(EmulatorFixture emulator) : CredentialCheckContract(emulator), IClassFixture<EmulatorFixture>
{
    protected override string Prefix => "sap";
    protected override string SystemId => SystemCatalog.Sap;
    protected override string SecretField => "password";
    protected override int RejectionStatus => 401;
    protected override string[] RejectionMessageParts => ["SAP rejected the logon", "SAP NetWeaver Application Server [S4H/100]"];

    [Fact]
    public async Task a_different_sap_client_is_rejected()
    {
        var (instance, credentials) = await NewInstanceAsync();

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            Connector.CheckCredentialsAsync(Target(instance, With(credentials, "sap_client", "200")), CancellationToken.None));

        rejected.HttpStatus.ShouldBe(401);
        (await instance.GetRequestsAsync()).Single().Query.ShouldContain("sap-client=200");
    }

    [Fact]
    public async Task without_a_sap_client_the_system_default_client_is_used()
    {
        var (instance, credentials) = await NewInstanceAsync();

        await Connector.CheckCredentialsAsync(Target(instance, With(credentials, "sap_client", "")), CancellationToken.None);

        (await instance.GetRequestsAsync()).Single().Query.ShouldNotContain("sap-client");
    }

    [Fact]
    public async Task the_check_reads_one_purchase_order_as_json()
    {
        var (instance, credentials) = await NewInstanceAsync();

        await Connector.CheckCredentialsAsync(Target(instance, credentials), CancellationToken.None);

        var request = (await instance.GetRequestsAsync()).Single();
        request.Path.ShouldBe("/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder");
        request.Query.ShouldBe("$top=1&$select=PurchaseOrder&$format=json&sap-client=100");
    }
}

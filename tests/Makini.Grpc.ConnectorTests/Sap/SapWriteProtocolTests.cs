using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.ConnectorTests.Sap.SapWriting;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>The SAP write protocol: CSRF sessions, logon, capabilities, lost answers, Gateway's error and ETag answers.</summary>
public sealed class SapWriteProtocolTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task the_csrf_token_is_fetched_once_and_fetched_again_once_when_the_session_expired()
    {
        var sap = await NewAsync(emulator);
        await sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults()));
        await sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults()));
        // Setting the same password ends every session at the emulator (as a restart of the ICF session store would).
        await sap.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = sap.Target.Credential("password") });

        await sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults()));

        var requests = await sap.RequestsAsync();
        var writes = requests.Where(r => r.Method == "POST").Select(r => r.Status).ToList();
        writes.ShouldBe([201, 201, 403, 201]);
        requests.Count(r => r.Method == "GET" && r.Path.EndsWith("API_PURCHASEORDER_PROCESS_SRV/", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task a_changed_password_rejects_the_credentials()
    {
        var sap = await NewAsync(emulator);
        await sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults()));
        await sap.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = "S0mething-else!" });

        var rejected = await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults())));

        rejected.HttpStatus.ShouldBe(401);
    }

    [Theory]
    [InlineData(EntityKind.InventoryItem, WriteKind.Create)]
    [InlineData(EntityKind.InventoryItem, WriteKind.Update)]
    [InlineData(EntityKind.WorkOrder, WriteKind.Delete)]
    [InlineData(EntityKind.Vendor, WriteKind.Delete)]
    [InlineData(EntityKind.Asset, WriteKind.Delete)]
    [InlineData(EntityKind.PurchaseOrder, WriteKind.Adjust)]
    public async Task what_the_catalog_does_not_allow_is_not_supported(EntityKind entity, WriteKind kind)
    {
        var sap = await NewAsync(emulator);
        var request = new WriteRequest(entity, kind, "1", null, [], new JsonObject(), null, NewKey());

        Should.Throw<EntityNotSupportedException>(() => sap.Writer.RequirementsOf(entity, kind));
        await Should.ThrowAsync<EntityNotSupportedException>(() => sap.WriteAsync(request));
        (await sap.RequestsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task every_allowed_write_names_its_requirements()
    {
        var sap = await NewAsync(emulator);
        var system = SystemCatalog.Find(SystemCatalog.Sap)!;

        foreach (var (entity, operations) in system.Capabilities)
        {
            foreach (var (operation, kind) in new[] { (Operations.Create, WriteKind.Create), (Operations.Update, WriteKind.Update),
                         (Operations.Delete, WriteKind.Delete), (Operations.Adjust, WriteKind.Adjust) })
            {
                if (!operations.HasFlag(operation)) continue;
                var requirements = sap.Writer.RequirementsOf(entity, kind);
                if (kind == WriteKind.Update) requirements.WritableFields.ShouldNotBeEmpty();
            }
        }
        var order = sap.Writer.RequirementsOf(EntityKind.PurchaseOrder, WriteKind.Create);
        order.SystemFields.Where(f => f.Required).Select(f => f.Name).ShouldBe(["CompanyCode", "PurchasingOrganization", "PurchasingGroup", "PurchaseOrderType", "Plant"]);
        order.RetrySafeHandle.ShouldBe("A_PurchaseOrder.CorrespncExternalReference");
    }

    [Fact]
    public async Task a_create_whose_answer_was_lost_is_not_posted_again_and_is_found_by_its_key()
    {
        await using var impatient = ImpatientConnectors();
        var sap = await NewAsync(emulator, impatient);
        await sap.WriteAsync(Create(EntityKind.PurchaseOrder, Order(), OrderDefaults())); // opens the CSRF session
        var request = Create(EntityKind.PurchaseOrder, Order(), OrderDefaults());
        await sap.HoldNextAnswerAsync(3000);

        var lost = await Should.ThrowAsync<SourceUnavailableException>(() => sap.WriteAsync(request));

        lost.HttpStatus.ShouldBeNull();
        var handle = (await sap.AllAsync("purchase_order")).Where(o => o["CorrespncExternalReference"] is not null).ToList();
        handle.Count.ShouldBe(2); // the first create and the lost one, which was not posted twice
        var found = await sap.FindAsync(request);
        found.ShouldNotBeNull();
        ((PurchaseOrder)found.Unified).Lines.Count.ShouldBe(2);
        (await sap.ReadAsync(EntityKind.PurchaseOrder, found.RemoteId)).Unified.ShouldBe(found.Unified);
        (await sap.FindAsync(request with { IdempotencyKey = NewKey() })).ShouldBeNull();
    }

    [Fact]
    public async Task gateway_answers_refusals_with_every_message_in_errordetails()
    {
        var sap = await NewAsync(emulator);
        var (client, token) = await LoggedOnAsync(sap, "API_PURCHASEORDER_PROCESS_SRV");
        var body = """{"CompanyCode":"1010","PurchaseOrderType":"NB","PurchasingOrganization":"1010","PurchasingGroup":"001","Supplier":"17999999","to_PurchaseOrderItem":{"results":[{"Material":"NOPE","OrderQuantity":"-1","Plant":"1010"}]}}""";

        using var response = await SendAsync(client, token, HttpMethod.Post, sap.Instance.Url("sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder"), body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        error["code"]!.GetValue<string>().ShouldBe("ME/045");
        error["message"]!["value"]!.GetValue<string>().ShouldBe("Supplier 17999999 does not exist");
        var details = error["innererror"]!["errordetails"]!.AsArray();
        details.Select(d => d!["code"]!.GetValue<string>()).ShouldBe(["ME/045", "M3/305", "ME/064"]);
        details[1]!["propertyref"]!.GetValue<string>().ShouldBe("Material");
        details[1]!["target"]!.GetValue<string>().ShouldBe("to_PurchaseOrderItem(1)/Material");
        details.ShouldAllBe(d => d!["severity"]!.GetValue<string>() == "error");
    }

    [Fact]
    public async Task a_change_needs_if_match_and_a_current_etag()
    {
        var sap = await NewAsync(emulator);
        var (client, token) = await LoggedOnAsync(sap, "API_EQUIPMENT");
        var url = sap.Instance.Url("sap/opu/odata/sap/API_EQUIPMENT/Equipment(Equipment='10000001',ValidityEndDate=datetime'9999-12-31T00:00:00')");
        var etag = JsonNode.Parse(await client.GetStringAsync(url + "?$format=json"))!["d"]!["__metadata"]!["etag"]!.GetValue<string>();
        const string change = """{"EquipmentName":"Renamed"}""";

        using var unconditional = await SendAsync(client, token, HttpMethod.Patch, url, change);
        using var current = await SendAsync(client, token, HttpMethod.Patch, url, change, etag);
        using var stale = await SendAsync(client, token, HttpMethod.Patch, url, change, etag);
        using var merge = await SendAsync(client, token, new HttpMethod("MERGE"), url, """{"EquipmentName":"Merged"}""", "*");

        unconditional.StatusCode.ShouldBe((HttpStatusCode)428);
        current.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        merge.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await sap.NativeAsync("asset", "10000001"))!["EquipmentName"]!.GetValue<string>().ShouldBe("Merged");
    }

    private static async Task<(HttpClient Client, string Token)> LoggedOnAsync(SapWriting sap, string service)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sap.Target.Credential("username")}:{sap.Target.Credential("password")}")));
        using var fetch = new HttpRequestMessage(HttpMethod.Get, sap.Instance.Url($"sap/opu/odata/sap/{service}/"));
        fetch.Headers.Add("x-csrf-token", "Fetch");
        using var fetched = await client.SendAsync(fetch);
        return (client, fetched.Headers.GetValues("x-csrf-token").Single());
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string token, HttpMethod method, Uri url, string body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-csrf-token", token);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}

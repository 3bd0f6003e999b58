using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>The SAP emulator's logon, CSRF handshake and OData documents, over raw HTTP.</summary>
public sealed class SapEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string Service = "sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/";

    [Fact]
    public async Task a_failed_logon_answers_html_with_the_realm()
    {
        var instance = emulator.NewInstance("sap");

        using var response = await instance.Http.GetAsync(instance.Url(Service));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Basic realm=\"SAP NetWeaver Application Server [S4H/100]\"");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }

    [Fact]
    public async Task the_service_document_lists_the_entity_sets()
    {
        var (instance, client) = await NewLoggedOnClientAsync();

        var body = await client.GetStringAsync(instance.Url(Service + "?$format=json"));

        body.ShouldBe("""{"d":{"EntitySets":["A_PurchaseOrder","A_PurchaseOrderItem","A_PurchaseOrderScheduleLine"]}}""");
    }

    [Fact]
    public async Task metadata_is_an_edmx_document()
    {
        var (instance, client) = await NewLoggedOnClientAsync();

        var body = await client.GetStringAsync(instance.Url(Service + "$metadata"));

        body.ShouldContain("<edmx:Edmx Version=\"1.0\"");
        body.ShouldContain("<EntitySet Name=\"A_PurchaseOrder\" EntityType=\"API_PURCHASEORDER_PROCESS_SRV.A_PurchaseOrderType\"");
    }

    [Fact]
    public async Task an_entity_set_answers_the_v2_envelope_with_a_string_count()
    {
        var (instance, client) = await NewLoggedOnClientAsync();

        var body = await client.GetStringAsync(instance.Url(Service + "A_PurchaseOrder?$top=1&$format=json&$inlinecount=allpages"));

        body.ShouldBe("""{"d":{"__count":"0","results":[]}}""");
    }

    [Fact]
    public async Task an_unknown_entity_set_answers_the_gateway_error()
    {
        var (instance, client) = await NewLoggedOnClientAsync();

        using var response = await client.GetAsync(instance.Url(Service + "A_Nothing?$format=json"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("""{"error":{"code":"/IWFND/CM_MGW/020","message":{"lang":"en","value":"Resource not found for segment 'A_Nothing'"}""");
    }

    [Fact]
    public async Task a_write_without_a_csrf_token_is_refused()
    {
        var (instance, client) = await NewLoggedOnClientAsync();

        using var response = await client.PostAsync(instance.Url(Service + "A_PurchaseOrder"), Json("{}"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.GetValues("x-csrf-token").ShouldBe(["Required"]);
        (await response.Content.ReadAsStringAsync()).ShouldBe("CSRF token validation failed");
    }

    [Fact]
    public async Task a_fetched_csrf_token_with_its_cookies_passes_the_csrf_check()
    {
        var (instance, client) = await NewLoggedOnClientAsync();
        using var fetch = new HttpRequestMessage(HttpMethod.Get, instance.Url(Service));
        fetch.Headers.Add("x-csrf-token", "Fetch");
        using var fetched = await client.SendAsync(fetch);
        var token = fetched.Headers.GetValues("x-csrf-token").Single();
        fetched.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("sap-XSRF_S4H_100="));
        fetched.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("SAP_SESSIONID_S4H_100="));

        using var write = new HttpRequestMessage(HttpMethod.Post, instance.Url(Service + "A_PurchaseOrder")) { Content = Json("{}") };
        write.Headers.Add("x-csrf-token", token);
        using var written = await client.SendAsync(write);

        // Past the CSRF check; record writes are not emulated yet and say so.
        written.StatusCode.ShouldBe(HttpStatusCode.NotImplemented);
    }

    [Fact]
    public async Task a_csrf_token_dies_with_the_password_it_was_fetched_under()
    {
        var (instance, client) = await NewLoggedOnClientAsync();
        using var fetch = new HttpRequestMessage(HttpMethod.Get, instance.Url(Service));
        fetch.Headers.Add("x-csrf-token", "Fetch");
        using var fetched = await client.SendAsync(fetch);
        var token = fetched.Headers.GetValues("x-csrf-token").Single();
        var credentials = await instance.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = "N3w-Passw0rd" });
        client.DefaultRequestHeaders.Authorization = Basic(credentials["username"], credentials["password"]);

        using var write = new HttpRequestMessage(HttpMethod.Post, instance.Url(Service + "A_PurchaseOrder")) { Content = Json("{}") };
        write.Headers.Add("x-csrf-token", token);
        using var written = await client.SendAsync(write);

        written.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private async Task<(EmulatedInstance Instance, HttpClient Client)> NewLoggedOnClientAsync()
    {
        var instance = emulator.NewInstance("sap");
        var credentials = await instance.GetCredentialsAsync();
        // A cookie-keeping client, as a writer must be to send the CSRF session cookies back.
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        client.DefaultRequestHeaders.Authorization = Basic(credentials["username"], credentials["password"]);
        return (instance, client);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

using System.Net;
using System.Net.Http.Headers;
using Makini.Grpc.Connectors.NetSuite;

namespace Makini.Grpc.ConnectorTests.NetSuite;

/// <summary>The NetSuite emulator refuses what NetSuite refuses: stale timestamps, replayed nonces, bad realms, tampering.</summary>
public sealed class NetSuiteEmulatorAuthTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string VendorList = "services/rest/record/v1/vendor?limit=1";

    [Fact]
    public async Task a_fresh_signature_lists_vendors_in_the_collection_envelope()
    {
        var (instance, login) = await NewInstanceAsync();
        var uri = instance.Url(VendorList);

        using var response = await SendAsync(instance, uri, Sign(uri, login, DateTimeOffset.UtcNow, "n1"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/vnd.oracle.resource+json; type=collection");
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body.Select(p => p.Key).ShouldBe(["links", "count", "hasMore", "items", "offset", "totalResults"]);
        body["links"]!.AsArray().Last()!.ToJsonString().ShouldBe($$"""{"rel":"self","href":"{{uri}}"}""");
        body["count"]!.GetValue<int>().ShouldBe(1);
        body["hasMore"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task a_timestamp_older_than_five_minutes_is_rejected()
    {
        var (instance, login) = await NewInstanceAsync();
        var uri = instance.Url(VendorList);

        using var response = await SendAsync(instance, uri, Sign(uri, login, DateTimeOffset.UtcNow.AddMinutes(-6), "stale1"));

        await ShouldBeInvalidLoginAsync(response);
    }

    [Fact]
    public async Task a_timestamp_more_than_five_minutes_ahead_is_rejected()
    {
        var (instance, login) = await NewInstanceAsync();
        var uri = instance.Url(VendorList);

        using var response = await SendAsync(instance, uri, Sign(uri, login, DateTimeOffset.UtcNow.AddMinutes(6), "ahead1"));

        await ShouldBeInvalidLoginAsync(response);
    }

    [Fact]
    public async Task a_replayed_nonce_is_rejected()
    {
        var (instance, login) = await NewInstanceAsync();
        var uri = instance.Url(VendorList);
        var header = Sign(uri, login, DateTimeOffset.UtcNow, "once-only");

        using var first = await SendAsync(instance, uri, header);
        using var replay = await SendAsync(instance, uri, header);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldBeInvalidLoginAsync(replay);
    }

    [Fact]
    public async Task a_realm_other_than_the_account_is_rejected()
    {
        var (instance, login) = await NewInstanceAsync();
        var uri = instance.Url(VendorList);

        using var response = await SendAsync(instance, uri, Sign(uri, login with { Realm = "7654321" }, DateTimeOffset.UtcNow, "r1"));

        await ShouldBeInvalidLoginAsync(response);
    }

    [Fact]
    public async Task a_query_changed_after_signing_is_rejected()
    {
        var (instance, login) = await NewInstanceAsync();
        var signed = instance.Url(VendorList);
        var sent = instance.Url("services/rest/record/v1/vendor?limit=2");

        using var response = await SendAsync(instance, sent, Sign(signed, login, DateTimeOffset.UtcNow, "q1"));

        await ShouldBeInvalidLoginAsync(response);
    }

    [Fact]
    public async Task a_missing_authorization_header_is_rejected()
    {
        var (instance, _) = await NewInstanceAsync();

        using var response = await instance.Http.GetAsync(instance.Url(VendorList));

        await ShouldBeInvalidLoginAsync(response);
    }

    private async Task<(EmulatedInstance Instance, Login Login)> NewInstanceAsync()
    {
        var instance = emulator.NewInstance("netsuite");
        var credentials = await instance.GetCredentialsAsync();
        var login = new Login(
            NetSuiteAccount.Realm(credentials["account_id"]),
            new OAuth1Credentials(credentials["consumer_key"], credentials["consumer_secret"], credentials["token_id"], credentials["token_secret"]));
        return (instance, login);
    }

    private static AuthenticationHeaderValue Sign(Uri uri, Login login, DateTimeOffset at, string nonce) =>
        OAuth1Signer.CreateAuthorizationHeader(HttpMethod.Get, uri, login.Credentials, login.Realm, at.ToUnixTimeSeconds(), nonce);

    private static async Task<HttpResponseMessage> SendAsync(EmulatedInstance instance, Uri uri, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = authorization;
        return await instance.Http.SendAsync(request);
    }

    private static async Task ShouldBeInvalidLoginAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/vnd.oracle.resource+json; type=error");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldBe("""{"type":"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.2","title":"Unauthorized","status":401,"o:errorDetails":[{"detail":"Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.","o:errorCode":"INVALID_LOGIN"}]}""");
    }

    private sealed record Login(string Realm, OAuth1Credentials Credentials);
}

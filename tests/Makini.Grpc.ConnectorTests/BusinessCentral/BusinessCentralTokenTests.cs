using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Makini.Grpc.Connectors.BusinessCentral;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.BusinessCentral;

/// <summary>The token provider and the emulator's Entra endpoint and API, below the credential check.</summary>
public sealed class BusinessCentralTokenTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private BusinessCentralTokenProvider Tokens => emulator.Services.GetRequiredService<BusinessCentralTokenProvider>();

    [Fact]
    public void the_cloud_api_authenticates_at_login_microsoftonline_com() =>
        BusinessCentralTokenProvider.TokenEndpoint(new Uri("https://api.businesscentral.dynamics.com"), "contoso.onmicrosoft.com")
            .ShouldBe(new Uri("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"));

    [Fact]
    public void any_other_base_url_serves_the_token_endpoint_below_itself() =>
        BusinessCentralTokenProvider.TokenEndpoint(new Uri("http://127.0.0.1:5090/bc-t1"), "17724bb3-af61-5ce4-a504-8e4254662e44")
            .ShouldBe(new Uri("http://127.0.0.1:5090/bc-t1/17724bb3-af61-5ce4-a504-8e4254662e44/oauth2/v2.0/token"));

    [Fact]
    public async Task a_token_is_fetched_once_and_then_served_from_the_cache()
    {
        var (instance, credentials) = await NewInstanceAsync();

        var first = await Tokens.GetTokenAsync(instance.BaseUrl, credentials, CancellationToken.None);
        var second = await Tokens.GetTokenAsync(instance.BaseUrl, credentials, CancellationToken.None);

        second.ShouldBeSameAs(first);
        first.ExpiresAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(59));
        (await instance.GetRequestsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task the_token_endpoint_answers_like_entra()
    {
        var (instance, credentials) = await NewInstanceAsync();

        using var response = await RequestTokenAsync(instance, credentials);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("token_type").GetString().ShouldBe("Bearer");
        json.RootElement.GetProperty("expires_in").GetInt32().ShouldBe(3599);
        json.RootElement.GetProperty("ext_expires_in").GetInt32().ShouldBe(3599);
        json.RootElement.GetProperty("access_token").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task a_token_issued_before_the_secret_was_rotated_is_refused_by_the_api()
    {
        var (instance, credentials) = await NewInstanceAsync();
        var token = await Tokens.GetTokenAsync(instance.BaseUrl, credentials, CancellationToken.None);
        using (var before = await GetCompaniesAsync(instance, token.Value))
            before.StatusCode.ShouldBe(HttpStatusCode.OK);

        await instance.SetCredentialsAsync(new Dictionary<string, string> { ["client_secret"] = "Rot8Q~" + Guid.NewGuid().ToString("N") });

        using var after = await GetCompaniesAsync(instance, token.Value);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var body = await after.Content.ReadAsStringAsync();
        body.ShouldStartWith("""{"error":{"code":"Authentication_InvalidCredentials","message":"The server has rejected the client credentials.  CorrelationId:  """);
    }

    [Fact]
    public async Task companies_are_listed_with_the_odata_context()
    {
        var (instance, credentials) = await NewInstanceAsync();
        var token = await Tokens.GetTokenAsync(instance.BaseUrl, credentials, CancellationToken.None);

        using var response = await GetCompaniesAsync(instance, token.Value);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("@odata.context").GetString().ShouldEndWith("/api/v2.0/$metadata#companies");
        var company = json.RootElement.GetProperty("value")[0];
        company.GetProperty("name").GetString().ShouldBe("CRONUS USA, Inc.");
        company.GetProperty("id").GetString().ShouldBe((await instance.GetCredentialsAsync())["company_id"]);
    }

    [Fact]
    public async Task a_missing_or_unknown_bearer_token_is_refused()
    {
        var (instance, _) = await NewInstanceAsync();

        using var response = await GetCompaniesAsync(instance, "not-a-token");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<(EmulatedInstance Instance, BusinessCentralClientCredentials Credentials)> NewInstanceAsync()
    {
        var instance = emulator.NewInstance("bc");
        var credentials = await instance.GetCredentialsAsync();
        return (instance, new BusinessCentralClientCredentials(credentials["tenant_id"], credentials["client_id"], credentials["client_secret"]));
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(EmulatedInstance instance, BusinessCentralClientCredentials credentials) =>
        instance.Http.PostAsync(instance.Url($"{credentials.TenantId}/oauth2/v2.0/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = credentials.ClientId,
            ["client_secret"] = credentials.ClientSecret,
            ["scope"] = BusinessCentralTokenProvider.Scope,
        }));

    private static async Task<HttpResponseMessage> GetCompaniesAsync(EmulatedInstance instance, string token)
    {
        var credentials = await instance.GetCredentialsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, instance.Url($"v2.0/{credentials["tenant_id"]}/{credentials["environment"]}/api/v2.0/companies"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await instance.Http.SendAsync(request);
    }
}

using System.Net;
using System.Text.Json;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>The Maximo emulator's API-key handling and lean JSON collections, over raw HTTP.</summary>
public sealed class MaximoEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task the_api_key_is_also_accepted_as_a_query_parameter_and_masked_in_the_log()
    {
        var instance = emulator.NewInstance("maximo");
        var key = (await instance.GetCredentialsAsync())["api_key"];

        using var response = await instance.Http.GetAsync(instance.Url($"maximo/api/os/mxapiasset?lean=1&oslc.pageSize=1&apikey={key}"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var log = await instance.GetRequestsJsonAsync();
        log.ShouldNotContain(key);
        (await instance.GetRequestsAsync()).Single().Query.ShouldBe("lean=1&oslc.pageSize=1&apikey=***");
    }

    [Fact]
    public async Task a_collection_answers_member_href_and_response_info()
    {
        var instance = emulator.NewInstance("maximo");
        var key = (await instance.GetCredentialsAsync())["api_key"];
        using var request = new HttpRequestMessage(HttpMethod.Get, instance.Url("maximo/api/os/mxapiasset?lean=1&oslc.pageSize=1&collectioncount=1"));
        request.Headers.Add("apikey", key);

        using var response = await instance.Http.SendAsync(request);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("member").GetArrayLength().ShouldBe(0);
        json.RootElement.GetProperty("href").GetString().ShouldBe(instance.Url("maximo/api/os/mxapiasset").ToString());
        json.RootElement.GetProperty("responseInfo").GetProperty("totalCount").GetInt32().ShouldBe(0);
        json.RootElement.GetProperty("responseInfo").GetProperty("pagenum").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task a_bad_key_answers_the_maximo_error_with_a_string_status_code()
    {
        var instance = emulator.NewInstance("maximo");
        using var request = new HttpRequestMessage(HttpMethod.Get, instance.Url("maximo/api/whoami"));
        request.Headers.Add("apikey", "wrong");

        using var response = await instance.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("Error");
        error.GetProperty("statusCode").GetString().ShouldBe("401");
        error.GetProperty("reasonCode").GetString().ShouldBe("BMXAA9549E");
        error.GetProperty("extendedError").GetProperty("moreInfo").GetProperty("href").GetString()
            .ShouldBe(instance.Url("maximo/api/error/messages/BMXAA9549E").ToString());
    }

    [Fact]
    public async Task whoami_names_the_user_and_its_default_site()
    {
        var instance = emulator.NewInstance("maximo");
        var credentials = await instance.SetCredentialsAsync(new Dictionary<string, string> { ["site_id"] = "NASHUA" });
        using var request = new HttpRequestMessage(HttpMethod.Get, instance.Url("maximo/api/whoami"));
        request.Headers.Add("apikey", credentials["api_key"]);

        using var response = await instance.Http.SendAsync(request);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("userid").GetString().ShouldBe("MXINTADM");
        json.RootElement.GetProperty("defsite").GetString().ShouldBe("NASHUA");
    }
}

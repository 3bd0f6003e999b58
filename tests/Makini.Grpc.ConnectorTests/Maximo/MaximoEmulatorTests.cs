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

        using var json = await GetJsonAsync(instance, "maximo/api/os/mxapiasset?lean=1&oslc.pageSize=1&collectioncount=1");

        var member = json.RootElement.GetProperty("member").EnumerateArray().Single();
        member.EnumerateObject().Select(p => p.Name).ShouldBe(["href"], "without oslc.select a member is only its href");
        member.GetProperty("href").GetString()!.ShouldStartWith(instance.Url("maximo/api/os/mxapiasset/_").ToString());
        json.RootElement.GetProperty("href").GetString().ShouldBe(instance.Url("maximo/api/os/mxapiasset").ToString());
        var info = json.RootElement.GetProperty("responseInfo");
        info.GetProperty("totalCount").GetInt32().ShouldBe(300);
        info.GetProperty("totalPages").GetInt32().ShouldBe(300);
        info.GetProperty("pagenum").GetInt32().ShouldBe(1);
        info.GetProperty("nextPage").GetProperty("href").GetString()!.ShouldEndWith("collectioncount=1&pageno=2");
    }

    [Fact]
    public async Task where_select_and_order_by_filter_project_and_sort()
    {
        var instance = emulator.NewInstance("maximo");
        var where = Uri.EscapeDataString("siteid=\"NASHUA\" and status in [\"COMP\",\"CLOSE\"] and changedate>=\"2000-01-01T00:00:00+00:00\"");

        using var json = await GetJsonAsync(instance,
            $"maximo/api/os/mxapiwodetail?lean=1&oslc.select=wonum,siteid,status,changedate&oslc.where={where}&oslc.orderBy=%2Bchangedate,%2Bworkorderid&oslc.pageSize=1000");

        var members = json.RootElement.GetProperty("member").EnumerateArray().ToList();
        members.ShouldNotBeEmpty();
        members.ShouldAllBe(m => m.GetProperty("siteid").GetString() == "NASHUA");
        members.ShouldAllBe(m => m.GetProperty("status").GetString() == "COMP" || m.GetProperty("status").GetString() == "CLOSE");
        members.ShouldAllBe(m => m.EnumerateObject().Count() == 5); // the four selected attributes and href
        members.Select(m => DateTimeOffset.Parse(m.GetProperty("changedate").GetString()!)).ShouldBeInOrder();
        json.RootElement.GetProperty("responseInfo").TryGetProperty("nextPage", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task purchase_order_lines_come_with_a_child_selection_or_as_a_collection_link()
    {
        var instance = emulator.NewInstance("maximo");

        using var withLines = await GetJsonAsync(instance, "maximo/api/os/mxapipo?lean=1&oslc.select=ponum,poline{polinenum,linecost}&oslc.pageSize=1");
        using var withoutLines = await GetJsonAsync(instance, "maximo/api/os/mxapipo?lean=1&oslc.select=ponum&oslc.pageSize=1");

        var line = withLines.RootElement.GetProperty("member")[0].GetProperty("poline")[0];
        line.EnumerateObject().Select(p => p.Name).ShouldBe(["polinenum", "linecost"]);
        withoutLines.RootElement.GetProperty("member")[0].GetProperty("poline_collectionref").GetString()!.ShouldEndWith("/poline");
    }

    [Fact]
    public async Task a_member_href_reads_the_record()
    {
        var instance = emulator.NewInstance("maximo");
        using var list = await GetJsonAsync(instance, "maximo/api/os/mxapiwodetail?lean=1&oslc.select=wonum,siteid&oslc.pageSize=1");
        var first = list.RootElement.GetProperty("member")[0];
        var href = first.GetProperty("href").GetString()!;

        using var record = await GetJsonAsync(instance, href[(instance.BaseUrl.ToString().Length + 1)..] + "?lean=1");

        record.RootElement.GetProperty("wonum").GetString().ShouldBe(first.GetProperty("wonum").GetString());
        record.RootElement.GetProperty("href").GetString().ShouldBe(href);
        var key = $"{first.GetProperty("siteid").GetString()}/{first.GetProperty("wonum").GetString()}";
        href.ShouldEndWith("_" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key)).Replace('=', '-'));
    }

    [Fact]
    public async Task without_lean_the_names_carry_oslc_prefixes()
    {
        var instance = emulator.NewInstance("maximo");

        using var json = await GetJsonAsync(instance, "maximo/api/os/mxapivendor?oslc.select=company&oslc.pageSize=1");

        var member = json.RootElement.GetProperty("rdfs:member")[0];
        member.TryGetProperty("spi:company", out _).ShouldBeTrue();
        member.TryGetProperty("rdf:about", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("oslc.pageSize=1001", "BMXAA9402E")]
    [InlineData("oslc.where=status%3D%22APPR%22%20or%20status%3D%22WAPPR%22", "BMXAA8721E")]
    [InlineData("oslc.select=poline%7Bpolinenum", "BMXAA8721E")]
    public async Task a_query_maximo_refuses_answers_400_with_a_reason_code(string query, string reasonCode)
    {
        var instance = emulator.NewInstance("maximo");
        using var request = await AuthorizedAsync(instance, $"maximo/api/os/mxapipo?lean=1&{query}");

        using var response = await instance.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("Error").GetProperty("reasonCode").GetString().ShouldBe(reasonCode);
        json.RootElement.GetProperty("Error").GetProperty("statusCode").GetString().ShouldBe("400");
    }

    [Fact]
    public async Task a_change_through_the_control_api_stamps_changedate_and_rowstamp()
    {
        var instance = emulator.NewInstance("maximo");
        using var before = await GetJsonAsync(instance, "maximo/api/os/mxapiasset?lean=1&oslc.select=siteid,assetnum,_rowstamp&oslc.pageSize=1");
        var asset = before.RootElement.GetProperty("member")[0];
        var key = $"{asset.GetProperty("siteid").GetString()}/{asset.GetProperty("assetnum").GetString()}";

        using var patched = await instance.Http.PatchAsync(instance.Url($"_emulator/records/asset/{key}"),
            new StringContent("""{"status":"BROKEN"}""", System.Text.Encoding.UTF8, "application/json"));

        using var json = JsonDocument.Parse(await patched.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("status").GetString().ShouldBe("BROKEN");
        DateTimeOffset.Parse(json.RootElement.GetProperty("changedate").GetString()!).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));
        json.RootElement.GetProperty("_rowstamp").GetString().ShouldNotBe(asset.GetProperty("_rowstamp").GetString());
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

    private static async Task<HttpRequestMessage> AuthorizedAsync(EmulatedInstance instance, string relative)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, instance.Url(relative));
        request.Headers.Add("apikey", (await instance.GetCredentialsAsync())["api_key"]);
        return request;
    }

    private static async Task<JsonDocument> GetJsonAsync(EmulatedInstance instance, string relative)
    {
        using var request = await AuthorizedAsync(instance, relative);
        using var response = await instance.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}

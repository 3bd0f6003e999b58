using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>The Maximo emulator's write protocol over raw HTTP: create answers, PATCH and MERGE, refusals.</summary>
public sealed class MaximoWriteEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_create_answers_201_with_its_location_and_the_record_only_when_properties_asks()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        using var bare = await maximo.SendAsync(HttpMethod.Post, "maximo/api/os/mxapiwodetail?lean=1", new JsonObject { ["siteid"] = "BEDFORD", ["description"] = "bare" });
        using var full = await maximo.SendAsync(HttpMethod.Post, "maximo/api/os/mxapiwodetail?lean=1",
            new JsonObject { ["spi:siteid"] = "bedford", ["description"] = "full" }, ("properties", "*"));

        bare.StatusCode.ShouldBe(HttpStatusCode.Created);
        bare.Headers.Location!.ToString().ShouldStartWith(maximo.Instance.Url("maximo/api/os/mxapiwodetail/_").ToString());
        (await bare.Content.ReadAsStringAsync()).ShouldBeEmpty();
        full.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var record = JsonDocument.Parse(await full.Content.ReadAsStringAsync());
        record.RootElement.GetProperty("siteid").GetString().ShouldBe("BEDFORD", "siteid is an UPPER attribute; spi: prefixes are accepted");
        record.RootElement.GetProperty("status").GetString().ShouldBe("WAPPR");
        record.RootElement.GetProperty("href").GetString().ShouldBe(full.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData(true, new[] { 1, 2, 3 })]
    [InlineData(false, new[] { 1 })]
    public async Task merge_keeps_the_child_rows_the_body_does_not_name_and_a_plain_patch_drops_them(bool merge, int[] lines)
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        using var created = await maximo.SendAsync(HttpMethod.Post, "maximo/api/os/mxapipo?lean=1", new JsonObject
        {
            ["siteid"] = "BEDFORD", ["vendor"] = "ACME",
            ["poline"] = new JsonArray(Line("0-5000", 1), Line("0-5001", 2), Line("0-5002", 3)),
        }, ("properties", "*"));
        var href = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["href"]!.GetValue<string>();
        var headers = new List<(string, string)> { ("x-method-override", "PATCH"), ("properties", "poline{polinenum,orderqty}") };
        if (merge) headers.Add(("patchtype", "MERGE"));

        using var patched = await maximo.SendAsync(HttpMethod.Post, href[(maximo.Instance.BaseUrl.ToString().Length + 1)..] + "?lean=1",
            new JsonObject { ["poline"] = new JsonArray(new JsonObject { ["polinenum"] = 1, ["orderqty"] = 7 }) }, [.. headers]);

        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = JsonNode.Parse(await patched.Content.ReadAsStringAsync())!["poline"]!.AsArray();
        rows.Select(r => r!["polinenum"]!.GetValue<decimal>()).ShouldBe(lines.Select(l => (decimal)l));
        rows[0]!["orderqty"]!.GetValue<decimal>().ShouldBe(7);
    }

    [Fact]
    public async Task a_post_to_a_member_without_the_patch_override_is_refused()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        using var response = await maximo.SendAsync(HttpMethod.Post, $"maximo/api/os/mxapiwodetail/{await FirstWorkOrderAsync(maximo)}?lean=1", new JsonObject { ["description"] = "x" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).GetProperty("reasonCode").GetString().ShouldBe("oslc#create_on_updateuri");
    }

    [Fact]
    public async Task a_key_attribute_is_read_only_and_the_error_names_it()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        using var response = await maximo.SendAsync(HttpMethod.Post, $"maximo/api/os/mxapiwodetail/{await FirstWorkOrderAsync(maximo)}?lean=1",
            new JsonObject { ["wonum"] = "2000" }, ("x-method-override", "PATCH"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = await ErrorAsync(response);
        error.GetProperty("reasonCode").GetString().ShouldBe("BMXAA4106E");
        error.GetProperty("errorattrname").GetString().ShouldBe("wonum");
        error.GetProperty("errorobjpath").GetString().ShouldBe("workorder");
        error.GetProperty("statusCode").GetString().ShouldBe("400");
    }

    [Fact]
    public async Task a_stale_if_match_is_refused_with_412()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        using var response = await maximo.SendAsync(HttpMethod.Post, $"maximo/api/os/mxapiwodetail/{await FirstWorkOrderAsync(maximo)}?lean=1",
            new JsonObject { ["description"] = "x" }, ("x-method-override", "PATCH"), ("if-match", "\"1\""));

        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await ErrorAsync(response)).GetProperty("statusCode").GetString().ShouldBe("412");
    }

    private static async Task<string> FirstWorkOrderAsync(MaximoWriting maximo)
    {
        var order = await maximo.FirstAsync("work_order", _ => true);
        return Href($"{order["siteid"]}/{order["wonum"]}");
    }

    private static JsonObject Line(string item, int number) => new() { ["polinenum"] = number, ["itemnum"] = item, ["orderqty"] = 1 };

    private static string Href(string key) => "_" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key)).Replace('=', '-').Replace('/', '_');

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Error").Clone();
}

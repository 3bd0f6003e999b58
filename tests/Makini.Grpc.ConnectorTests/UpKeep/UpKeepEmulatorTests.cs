using System.Net;
using System.Text.Json;
using Makini.Grpc.Connectors.UpKeep;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.UpKeep;

/// <summary>The UpKeep emulator's lists and records over raw HTTP with a session token.</summary>
public sealed class UpKeepEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task lists_page_with_offset_and_limit_in_creation_order()
    {
        var (instance, token) = await NewAsync();

        using var first = await GetJsonAsync(instance, token, "api/v2/work-orders?offset=0&limit=3");
        using var next = await GetJsonAsync(instance, token, "api/v2/work-orders?offset=2&limit=3");

        var firstIds = Ids(first);
        firstIds.Count.ShouldBe(3);
        Ids(next)[0].ShouldBe(firstIds[2]);
        var created = first.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("createdAt").GetString()!).ToList();
        created.ShouldBeInOrder();
        created.ShouldAllBe(c => c.EndsWith("Z"));
    }

    [Fact]
    public async Task an_empty_page_is_a_404_in_upkeeps_json()
    {
        var (instance, token) = await NewAsync();

        using var response = await GetAsync(instance, token, "api/v2/vendors?offset=100000&limit=10");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("""{"success":false,"message":""");
    }

    [Fact]
    public async Task updated_at_greater_than_filters_strictly()
    {
        var (instance, token) = await NewAsync();
        using var all = await GetJsonAsync(instance, token, "api/v2/assets?limit=1000");
        var updated = all.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("updatedAt").GetString()!).Order().ToList();
        var bound = updated[updated.Count / 2];

        using var newer = await GetJsonAsync(instance, token, $"api/v2/assets?limit=1000&updatedAtGreaterThan={Uri.EscapeDataString(bound)}");

        var results = newer.RootElement.GetProperty("results").EnumerateArray().ToList();
        results.Count.ShouldBe(updated.Count(u => string.CompareOrdinal(u, bound) > 0));
        results.ShouldAllBe(r => string.CompareOrdinal(r.GetProperty("updatedAt").GetString(), bound) > 0);
    }

    [Fact]
    public async Task a_bad_filter_date_is_a_400()
    {
        var (instance, token) = await NewAsync();

        using var response = await GetAsync(instance, token, "api/v2/parts?updatedAtGreaterThan=yesterday");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_record_is_read_by_id_and_an_unknown_id_is_not_found()
    {
        var (instance, token) = await NewAsync();
        using var list = await GetJsonAsync(instance, token, "api/v2/purchase-orders?limit=1");
        var id = Ids(list)[0];

        using var one = await GetJsonAsync(instance, token, $"api/v2/purchase-orders/{id}");
        using var missing = await GetAsync(instance, token, "api/v2/purchase-orders/NoSuchId00");

        one.RootElement.GetProperty("success").GetBoolean().ShouldBeTrue();
        one.RootElement.GetProperty("result").GetProperty("id").GetString().ShouldBe(id);
        one.RootElement.GetProperty("result").GetProperty("partsOrdered").GetArrayLength().ShouldBeGreaterThan(0);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("purchase order not found");
    }

    [Fact]
    public async Task every_instance_holds_the_same_demo_records()
    {
        var (first, firstToken) = await NewAsync();
        var (second, secondToken) = await NewAsync();

        using var a = await GetJsonAsync(first, firstToken, "api/v2/parts?limit=50");
        using var b = await GetJsonAsync(second, secondToken, "api/v2/parts?limit=50");

        Ids(a).ShouldBe(Ids(b));
        Ids(a).ShouldAllBe(id => id.Length == 10 && id.All(char.IsAsciiLetterOrDigit));
    }

    private async Task<(EmulatedInstance Instance, string Token)> NewAsync()
    {
        var instance = emulator.NewInstance("upkeep");
        var credentials = await instance.GetCredentialsAsync();
        var session = await emulator.Services.GetRequiredService<UpKeepSessionProvider>()
            .GetSessionAsync(instance.BaseUrl, new UpKeepLogin(credentials["email"], credentials["password"]), CancellationToken.None);
        return (instance, session.Token);
    }

    private static List<string> Ids(JsonDocument list) =>
        list.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();

    private static async Task<HttpResponseMessage> GetAsync(EmulatedInstance instance, string token, string relative)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, instance.Url(relative));
        request.Headers.Add("Session-Token", token);
        return await instance.Http.SendAsync(request);
    }

    private static async Task<JsonDocument> GetJsonAsync(EmulatedInstance instance, string token, string relative)
    {
        using var response = await GetAsync(instance, token, relative);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}

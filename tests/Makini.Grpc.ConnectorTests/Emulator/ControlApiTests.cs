using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Makini.Grpc.ConnectorTests.Emulator;

/// <summary>The emulator's control API and tenancy, shared by all five systems.</summary>
public sealed class ControlApiTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    public static TheoryData<string, string> Systems => new()
    {
        { "sap", SystemCatalog.Sap },
        { "netsuite", SystemCatalog.NetSuite },
        { "bc", SystemCatalog.BusinessCentral },
        { "maximo", SystemCatalog.Maximo },
        { "upkeep", SystemCatalog.UpKeep },
    };

    [Theory]
    [MemberData(nameof(Systems))]
    public async Task credentials_are_keyed_exactly_by_the_catalogs_field_names(string prefix, string systemId)
    {
        var credentials = await emulator.NewInstance(prefix).GetCredentialsAsync();

        credentials.Keys.ShouldBe(SystemCatalog.Find(systemId)!.CredentialFields.Select(f => f.Name), ignoreOrder: true);
        credentials.Values.ShouldAllBe(v => v.Length > 0);
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public async Task the_default_instance_serves_the_demo_credentials(string prefix, string systemId)
    {
        var isolated = await emulator.NewInstance(prefix).GetCredentialsAsync();

        var demo = await emulator.Http.GetFromJsonAsync<Dictionary<string, string>>(new Uri(emulator.Root, $"{prefix}/_emulator/credentials"));

        demo!.Keys.ShouldBe(SystemCatalog.Find(systemId)!.CredentialFields.Select(f => f.Name), ignoreOrder: true);
        isolated.ShouldBe(demo, ignoreOrder: true);
    }

    [Fact]
    public async Task missing_keys_keep_their_values_and_unknown_keys_are_refused()
    {
        var instance = emulator.NewInstance("netsuite");
        var before = await instance.GetCredentialsAsync();

        var after = await instance.SetCredentialsAsync(new Dictionary<string, string> { ["token_secret"] = "new-secret" });
        using var refused = await instance.Http.PostAsJsonAsync(instance.Url("_emulator/credentials"), new Dictionary<string, string> { ["tokenSecret"] = "x" });

        after["token_secret"].ShouldBe("new-secret");
        after["consumer_secret"].ShouldBe(before["consumer_secret"]);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await instance.GetCredentialsAsync())["token_secret"].ShouldBe("new-secret");
    }

    [Fact]
    public async Task instances_of_one_system_are_isolated()
    {
        var changed = emulator.NewInstance("sap");
        var untouched = emulator.NewInstance("sap");

        await changed.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = "Only-Here-1" });
        await changed.PlanFaultAsync(503, count: 5);

        (await untouched.GetCredentialsAsync())["password"].ShouldNotBe("Only-Here-1");
        (await untouched.Http.GetStringAsync(untouched.Url("_emulator/faults"))).ShouldContain("\"count\":0");
    }

    [Fact]
    public async Task faults_count_down_and_can_be_cleared()
    {
        var instance = emulator.NewInstance("upkeep");
        await instance.PlanFaultAsync(503, count: 3, retryAfter: 2);

        using var faulted = await instance.Http.GetAsync(instance.Url("api/v2/users"));
        var pending = await instance.Http.GetStringAsync(instance.Url("_emulator/faults"));
        using var cleared = await instance.Http.DeleteAsync(instance.Url("_emulator/faults"));
        using var served = await instance.Http.GetAsync(instance.Url("api/v2/users"));

        faulted.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        faulted.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        (await faulted.Content.ReadAsStringAsync()).ShouldStartWith("""{"success":false,"message":""");
        pending.ShouldBe("""{"status":503,"count":2,"delay_ms":0,"retry_after":2,"delay_after_ms":0,"method":null,"stall_body_ms":0}""");
        served.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "served normally: no session token was sent");
    }

    [Fact]
    public async Task a_fault_limited_to_a_method_lets_other_methods_through()
    {
        var instance = emulator.NewInstance("upkeep");
        await instance.PlanFaultAsync(503, count: 1, method: "post");

        using var read = await instance.Http.GetAsync(instance.Url("api/v2/users"));
        using var write = await instance.Http.PostAsync(instance.Url("api/v2/work-orders"), new StringContent("{}"));

        read.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the GET is served normally");
        write.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, "the POST takes the fault");
    }

    [Fact]
    public async Task a_status_0_fault_only_delays()
    {
        var instance = emulator.NewInstance("maximo");
        await instance.PlanFaultAsync(0, count: 1, delayMs: 300);
        var clock = Stopwatch.StartNew();

        using var response = await instance.Http.GetAsync(instance.Url("maximo/api/whoami"));

        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(250));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "served normally: no API key was sent");
    }

    [Fact]
    public async Task a_fault_plan_out_of_range_is_refused()
    {
        var instance = emulator.NewInstance("sap");

        using var response = await instance.Http.PostAsJsonAsync(instance.Url("_emulator/faults"), new { status = 200, count = 1 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task the_request_log_lists_calls_oldest_first_and_leaves_out_control_calls()
    {
        var instance = emulator.NewInstance("bc");
        using (await instance.Http.GetAsync(instance.Url("v2.0/x/Production/api/v2.0/companies?$top=1"))) { }
        using (await instance.Http.PostAsync(instance.Url("x/oauth2/v2.0/token"), new FormUrlEncodedContent([]))) { }

        var requests = await instance.GetRequestsAsync();
        using var cleared = await instance.Http.DeleteAsync(instance.Url("_emulator/requests"));

        requests.Select(r => (r.Method, r.Path, r.Query, r.Status)).ShouldBe(
        [
            ("GET", "/v2.0/x/Production/api/v2.0/companies", "$top=1", 401),
            ("POST", "/x/oauth2/v2.0/token", "", 400),
        ]);
        requests[0].Time.Kind.ShouldBe(DateTimeKind.Utc);
        (await instance.GetRequestsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task log_times_are_iso_8601_utc()
    {
        var instance = emulator.NewInstance("upkeep");
        using (await instance.Http.GetAsync(instance.Url("api/v2/assets"))) { }

        using var json = JsonDocument.Parse(await instance.GetRequestsJsonAsync());

        json.RootElement[0].GetProperty("time").GetString().ShouldEndWith("Z");
    }

    [Theory]
    [InlineData("SAP/_emulator/credentials")]
    [InlineData("sap-UPPER/_emulator/credentials")]
    [InlineData("sap-/_emulator/credentials")]
    [InlineData("sap-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/_emulator/credentials")]
    [InlineData("oracle/_emulator/credentials")]
    [InlineData("")]
    public async Task only_known_prefixes_with_valid_names_address_an_instance(string path)
    {
        using var response = await emulator.Http.GetAsync(new Uri(emulator.Root, path));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace Makini.Grpc.ConnectorTests.NetSuite;

/// <summary>The emulated REST record service answers like NetSuite: ids-only lists, limits, q in the account's format, sublists as links.</summary>
public sealed class NetSuiteEmulatorRecordTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_list_holds_ids_and_links_only_with_paging_facts()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);

        var page = await account.GetJsonAsync("purchaseOrder?limit=50&offset=100");

        page["count"]!.GetValue<int>().ShouldBe(50);
        page["offset"]!.GetValue<int>().ShouldBe(100);
        page["hasMore"]!.GetValue<bool>().ShouldBeTrue();
        page["totalResults"]!.GetValue<int>().ShouldBe(await account.CountAsync("purchase_order"));
        var first = page["items"]![0]!.AsObject();
        first.Select(p => p.Key).ShouldBe(["links", "id"]);
        first["links"]![0]!["href"]!.GetValue<string>().ShouldEndWith($"/services/rest/record/v1/purchaseOrder/{first["id"]}");
        var rels = page["links"]!.AsArray().Select(l => l!["rel"]!.GetValue<string>()).ToList();
        rels.ShouldBe(["previous", "first", "next", "last", "self"]);
        var ids = page["items"]!.AsArray().Select(i => long.Parse(i!["id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        ids.ShouldBeInOrder(SortDirection.Ascending);
    }

    [Theory]
    [InlineData("purchaseOrder?limit=50&offset=25", "offset")]
    [InlineData("purchaseOrder?limit=1001", "limit")]
    [InlineData("purchaseOrder?limit=0", "limit")]
    [InlineData("purchaseOrder?q=lastModifiedDate%20ON_OR_AFTER%20%222024-01-15%22", "q")]
    [InlineData("purchaseOrder?q=noSuchField%20IS%20%22x%22", "q")]
    [InlineData("purchaseOrder?q=tranId%20ON_OR_AFTER%20%221%2F15%2F2024%22", "q")]
    [InlineData("vendor?q=isInactive%20IS%20maybe", "q")]
    public async Task bad_query_parameters_are_invalid_parameter_errors(string relative, string parameter)
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);

        using var response = await account.GetAsync(relative);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/vnd.oracle.resource+json; type=error");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["o:errorDetails"]![0]!;
        error["o:errorCode"]!.GetValue<string>().ShouldBe("INVALID_PARAMETER");
        error["o:errorQueryParam"]!.GetValue<string>().ShouldBe(parameter);
    }

    [Fact]
    public async Task an_unknown_id_is_nonexistent()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);

        using var response = await account.GetAsync("vendor/424242");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["o:errorDetails"]![0]!["o:errorCode"]!.GetValue<string>().ShouldBe("NONEXISTENT_ID");
    }

    [Fact]
    public async Task sublists_and_subrecords_are_links_unless_expanded()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var id = (await account.AllAsync("purchase_order"))[0]["id"]!.GetValue<string>();

        var plain = await account.GetJsonAsync($"purchaseOrder/{id}");
        var expanded = await account.GetJsonAsync($"purchaseOrder/{id}?expandSubResources=true");
        var sublist = await account.GetJsonAsync($"purchaseOrder/{id}/item");

        plain["item"]!.AsObject().Select(p => p.Key).ShouldBe(["links"]);
        plain["item"]!["links"]![0]!["href"]!.GetValue<string>().ShouldEndWith($"/purchaseOrder/{id}/item");
        plain["shippingAddress"]!.AsObject().Select(p => p.Key).ShouldBe(["links"]);
        plain["entity"]!["links"]![0]!["href"]!.GetValue<string>().ShouldContain("/vendor/");
        plain.Select(p => p.Key).First().ShouldBe("links");
        var lines = expanded["item"]!["items"]!.AsArray();
        lines.Count.ShouldBeGreaterThan(0);
        expanded["item"]!["totalResults"]!.GetValue<int>().ShouldBe(lines.Count);
        lines[0]!["item"]!["refName"]!.GetValue<string>().ShouldNotBeEmpty();
        expanded["shippingAddress"]!["city"]!.GetValue<string>().ShouldNotBeEmpty();
        sublist["items"]!.AsArray().Count.ShouldBe(lines.Count);
    }

    [Fact]
    public async Task q_dates_are_days_in_the_accounts_time_zone()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var vendor = (await account.AllAsync("vendor"))[0];
        var stamped = await account.PatchAsync("vendor", vendor["id"]!.GetValue<string>(), new JsonObject { ["phone"] = "(415) 555-0100" });
        var at = DateTimeOffset.Parse(stamped["lastModifiedDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        // Kiritimati (UTC+14) and UTC-12 are 26 hours apart: their days of one instant always differ.
        var kiritimatiDay = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati")).ToString("M/d/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var query = $"vendor?q={Uri.EscapeDataString($"lastModifiedDate ON \"{kiritimatiDay}\"")}";

        await account.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["time_zone"] = "Pacific/Kiritimati" });
        var inKiritimati = await account.GetJsonAsync(query);
        await account.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["time_zone"] = "Etc/GMT+12" });
        var inUtcMinus12 = await account.GetJsonAsync(query);

        inKiritimati["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ShouldContain(vendor["id"]!.GetValue<string>());
        inUtcMinus12["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ShouldNotContain(vendor["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task q_combines_conditions_with_and_or_and_parentheses()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var vendors = await account.AllAsync("vendor");
        var inactive = vendors.Count(v => v["isInactive"]!.GetValue<bool>());
        var inactiveOrEuro = vendors.Count(v => v["isInactive"]!.GetValue<bool>() || v["currency"]!["id"]!.GetValue<string>() == "4");

        var onlyInactive = await account.GetJsonAsync($"vendor?q={Uri.EscapeDataString("isInactive IS true AND (entityId START_WITH \"V\")")}");
        var either = await account.GetJsonAsync($"vendor?q={Uri.EscapeDataString("isInactive IS true OR currency ANY_OF [4]")}");

        onlyInactive["totalResults"]!.GetValue<int>().ShouldBe(inactive);
        either["totalResults"]!.GetValue<int>().ShouldBe(inactiveOrEuro);
    }

    [Fact]
    public async Task the_demo_data_is_the_same_in_every_instance_and_references_existing_records()
    {
        var one = await NetSuiteTestAccount.CreateAsync(emulator);
        var other = await NetSuiteTestAccount.CreateAsync(emulator);

        var orders = await one.AllAsync("purchase_order");
        var otherOrders = await other.AllAsync("purchase_order");
        var vendorIds = (await one.AllAsync("vendor")).Select(v => v["id"]!.GetValue<string>()).ToHashSet();
        var itemIds = (await one.AllAsync("inventory_item")).Select(i => i["id"]!.GetValue<string>()).ToHashSet();

        orders.Count.ShouldBeGreaterThanOrEqualTo(300);
        orders.Select(o => o["tranId"]!.GetValue<string>()).ShouldBe(otherOrders.Select(o => o["tranId"]!.GetValue<string>()));
        orders.Select(o => o["total"]!.ToJsonString()).ShouldBe(otherOrders.Select(o => o["total"]!.ToJsonString()));
        orders.ShouldAllBe(o => vendorIds.Contains(o["entity"]!["id"]!.GetValue<string>()));
        orders.SelectMany(o => o["item"]!["items"]!.AsArray()).ShouldAllBe(l => itemIds.Contains(l!["item"]!["id"]!.GetValue<string>()));
        orders.Select(o => o["currency"]!["id"]!.GetValue<string>()).Distinct().Count().ShouldBe(4);
    }

    [Fact]
    public async Task the_account_preferences_are_credentials_with_netsuites_defaults()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);

        account.Credentials["time_zone"].ShouldBe("America/Los_Angeles");
        account.Credentials["date_format"].ShouldBe("M/d/yyyy");
        (await account.GetJsonAsync("currency/2"))["symbol"]!.GetValue<string>().ShouldBe("GBP");
    }
}

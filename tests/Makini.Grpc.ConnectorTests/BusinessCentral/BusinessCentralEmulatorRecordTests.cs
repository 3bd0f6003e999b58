using System.Net;
using System.Text.Json.Nodes;

namespace Makini.Grpc.ConnectorTests.BusinessCentral;

/// <summary>The emulated API v2.0 answers like Business Central: OData paging, preferences, options, etags and errors.</summary>
public sealed class BusinessCentralEmulatorRecordTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_max_page_size_preference_is_applied_and_next_links_continue_to_the_end()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var seen = new List<string>();
        var next = "vendors?$select=id,number";

        using (var response = await company.GetAsync(next, maxPageSize: 50))
        {
            response.Headers.GetValues("Preference-Applied").Single().ShouldBe("odata.maxpagesize=50");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            seen.AddRange(body["value"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()));
            next = body["@odata.nextLink"]!.GetValue<string>();
        }
        while (next.Length > 0)
        {
            var prefix = company.CompanyUrl("").AbsoluteUri;
            var body = await company.GetJsonAsync(next.StartsWith(prefix, StringComparison.Ordinal) ? next[prefix.Length..] : next, maxPageSize: 50);
            seen.AddRange(body["value"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()));
            next = body["@odata.nextLink"]?.GetValue<string>() ?? "";
        }

        seen.Count.ShouldBe(await company.CountAsync("vendor"));
        seen.ShouldBeUnique();
    }

    [Fact]
    public async Task entities_carry_an_etag_first_and_only_the_selected_properties()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        var body = await company.GetJsonAsync("items?$select=number,inventory&$top=1&$count=true");

        body["@odata.context"]!.GetValue<string>().ShouldEndWith("/items");
        body["@odata.count"]!.GetValue<int>().ShouldBe(await company.CountAsync("inventory_item"));
        var item = body["value"]![0]!.AsObject();
        item.Select(p => p.Key).ShouldBe(["@odata.etag", "number", "inventory"]);
        item["@odata.etag"]!.GetValue<string>().ShouldStartWith("W/\"Jz");
        body.ContainsKey("@odata.nextLink").ShouldBeFalse("$top bounds the whole answer");
    }

    [Fact]
    public async Task lines_come_only_with_expand_and_a_single_order_and_its_lines_can_be_read()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        var plain = await company.GetJsonAsync("purchaseOrders?$top=1");
        var expanded = await company.GetJsonAsync("purchaseOrders?$top=1&$expand=purchaseOrderLines");
        var id = plain["value"]![0]!["id"]!.GetValue<string>();
        var single = await company.GetJsonAsync($"purchaseOrders({id})");
        var lines = await company.GetJsonAsync($"purchaseOrders({id})/purchaseOrderLines");

        plain["value"]![0]!.AsObject().ContainsKey("purchaseOrderLines").ShouldBeFalse();
        var expandedLines = expanded["value"]![0]!["purchaseOrderLines"]!.AsArray();
        expandedLines.Count.ShouldBeGreaterThan(0);
        expandedLines[0]!["@odata.etag"].ShouldNotBeNull();
        single["@odata.context"]!.GetValue<string>().ShouldEndWith("/purchaseOrders/$entity");
        lines["value"]!.AsArray().Count.ShouldBe(expandedLines.Count);
    }

    [Fact]
    public async Task filters_and_order_by_change_time_select_and_sort()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var all = await company.AllAsync("purchase_order");
        var median = all.Select(o => DateTimeOffset.Parse(o["lastModifiedDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))
            .Order().ElementAt(all.Count / 2);
        var literal = median.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var body = await company.GetJsonAsync($"purchaseOrders?$filter={Uri.EscapeDataString($"lastModifiedDateTime ge {literal} and status eq 'Open'")}&$orderby=lastModifiedDateTime desc&$select=id,status,lastModifiedDateTime");

        var rows = body["value"]!.AsArray().Select(r => r!.AsObject()).ToList();
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r["status"]!.GetValue<string>() == "Open");
        var times = rows.Select(r => DateTimeOffset.Parse(r["lastModifiedDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        times.ShouldAllBe(t => t >= median);
        times.ShouldBeInOrder(SortDirection.Descending);
    }

    [Theory]
    [InlineData("purchaseOrders?$filter=lastModifiedDateTime%20gt%20'2024-01-15T00:00:00Z'", "incompatible types")]
    [InlineData("purchaseOrders?$filter=noSuchProperty%20eq%201", "Could not find a property named 'noSuchProperty'")]
    [InlineData("purchaseOrders?$orderby=vendorName%20sideways", "$orderby")]
    [InlineData("vendors?$expand=purchaseOrderLines", "purchaseOrderLines")]
    [InlineData("vendors?$top=ten", "$top")]
    public async Task malformed_query_options_are_bad_requests(string relative, string message)
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        using var response = await company.GetAsync(relative);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        error["code"]!.GetValue<string>().ShouldBe("BadRequest");
        error["message"]!.GetValue<string>().ShouldContain(message);
    }

    [Fact]
    public async Task the_demo_company_has_local_and_foreign_currency_vendors_and_blank_options()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        var vendors = await company.AllAsync("vendor");
        var information = await company.GetJsonAsync("companyInformation");
        var terms = await company.GetJsonAsync("paymentTerms");

        vendors.Select(v => v["currencyCode"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).ShouldBe(["", "EUR", "GBP"]);
        vendors.Select(v => v["blocked"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).ShouldBe(["All", "Payment", "_x0020_"]);
        information["value"]![0]!["currencyCode"]!.GetValue<string>().ShouldBe("USD");
        terms["value"]!.AsArray().Select(t => t!["code"]!.GetValue<string>()).ShouldContain("30 DAYS");
        var other = await BusinessCentralTestCompany.CreateAsync(emulator);
        (await other.AllAsync("purchase_order")).Select(o => o["number"]!.GetValue<string>())
            .ShouldBe((await company.AllAsync("purchase_order")).Select(o => o["number"]!.GetValue<string>()));
    }

    [Fact]
    public async Task an_unknown_entity_key_is_not_found()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);

        using var response = await company.GetAsync("vendors(0a1b2c3d-0000-4000-8000-000000000000)");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

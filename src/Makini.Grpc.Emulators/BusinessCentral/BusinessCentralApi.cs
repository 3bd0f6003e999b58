using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary><c>v2.0/{tenant}/{environment}/api/v2.0/...</c>: the standard API v2.0, behind Entra bearer tokens. Reads are
/// served here; writes (POST, PATCH, DELETE) go to <see cref="BusinessCentralWriteRoutes"/>.</summary>
internal static partial class BusinessCentralApi
{
    public const string ODataContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

    public static Task ServeAsync(HttpContext context, BusinessCentralInstance instance, RouteValues route)
    {
        if (!HasValidToken(context.Request, instance)
            || !string.Equals(route["tenant"], instance.Credential("tenant_id"), StringComparison.OrdinalIgnoreCase))
            return BusinessCentralErrors.WriteInvalidCredentialsAsync(context);
        if (!string.Equals(route["environment"], instance.Credential("environment"), StringComparison.OrdinalIgnoreCase))
            return BusinessCentralErrors.WriteUnknownEnvironmentAsync(context, route["environment"]);

        var resource = route["resource"];
        var apiRoot = $"{context.Request.InstanceBase()}/v2.0/{route["tenant"]}/{route["environment"]}/api/v2.0";
        var reading = HttpMethods.IsGet(context.Request.Method);
        if (!reading && !resource.StartsWith("companies(", StringComparison.Ordinal))
            return resource.StartsWith("companies", StringComparison.Ordinal)
                ? BusinessCentralErrors.WriteNotEmulatedAsync(context)
                : BusinessCentralErrors.WriteNoResourceAsync(context);

        if (resource == "companies")
            return context.Response.WriteJsonAsync(200, new JsonObject
            {
                ["@odata.context"] = $"{apiRoot}/$metadata#companies",
                ["value"] = new JsonArray(Company(instance)),
            }, ODataContentType);

        var match = CompanyResource().Match(resource);
        if (!match.Success)
            return BusinessCentralErrors.WriteNoResourceAsync(context);
        var companyId = match.Groups["id"].Value;
        if (!string.Equals(companyId, instance.Credential("company_id"), StringComparison.OrdinalIgnoreCase))
            return BusinessCentralErrors.WriteUnknownCompanyAsync(context);
        if (!match.Groups["set"].Success && !reading)
            return BusinessCentralErrors.WriteNotEmulatedAsync(context);
        if (!match.Groups["set"].Success)
        {
            var company = Company(instance);
            company.Insert(0, "@odata.context", $"{apiRoot}/$metadata#companies/$entity");
            return context.Response.WriteJsonAsync(200, company, ODataContentType);
        }
        if (BusinessCentralEntitySet.Find(match.Groups["set"].Value) is not { } set)
            return BusinessCentralErrors.WriteNoResourceAsync(context);

        var contextUrl = $"{apiRoot}/$metadata#companies({companyId})/{set.Name}";
        if (!reading)
        {
            var target = new BusinessCentralWriteTarget(set, Group(match, "key"), Group(match, "child"), Group(match, "childKey"),
                contextUrl, $"{apiRoot}/companies({companyId})");
            return BusinessCentralWriteRoutes.ServeAsync(context, instance, target);
        }
        if (match.Groups["childKey"].Success)
            return BusinessCentralErrors.WriteNoResourceAsync(context);
        try
        {
            if (!match.Groups["key"].Success)
                return ListAsync(context, instance, set, contextUrl);
            if (!match.Groups["child"].Success)
                return GetAsync(context, instance, set, match.Groups["key"].Value, contextUrl);
            return ListChildAsync(context, instance, set, match.Groups["key"].Value, match.Groups["child"].Value, contextUrl);
        }
        catch (BusinessCentralQueryException ex)
        {
            return BusinessCentralErrors.WriteBadRequestAsync(context, ex.Message);
        }
    }

    private static Task ListAsync(HttpContext context, BusinessCentralInstance instance, BusinessCentralEntitySet set, string contextUrl)
    {
        var query = BusinessCentralQuery.Parse(context.Request.Query, set);
        var rows = instance.Rows(set, query.Filter);
        var maxPageSize = MaxPageSize(context);
        var (page, more, remaining) = query.Apply(rows, maxPageSize ?? BusinessCentralInstance.ServerPageSize);
        var body = new JsonObject { ["@odata.context"] = contextUrl };
        if (query.Count) body["@odata.count"] = rows.Count;
        body["value"] = new JsonArray(page.Select(r => (JsonNode)BusinessCentralEntityView.Render(r, set, query.Select, query.ExpandChild)).ToArray());
        if (more) body["@odata.nextLink"] = NextLink(context.Request, query, page[^1], remaining);
        if (maxPageSize is { } applied)
            context.Response.Headers["Preference-Applied"] = $"odata.maxpagesize={applied.ToString(CultureInfo.InvariantCulture)}";
        context.Response.Headers["OData-Version"] = "4.0";
        return context.Response.WriteJsonAsync(200, body, ODataContentType);
    }

    private static Task GetAsync(HttpContext context, BusinessCentralInstance instance, BusinessCentralEntitySet set, string key, string contextUrl)
    {
        var query = BusinessCentralQuery.Parse(context.Request.Query, set);
        if (instance.Rows(set, r => string.Equals(r["id"]?.ToString(), key, StringComparison.OrdinalIgnoreCase)).FirstOrDefault() is not { } row)
            return BusinessCentralErrors.WriteEntityNotFoundAsync(context);
        var body = BusinessCentralEntityView.Render(row, set, query.Select, query.ExpandChild);
        body.Insert(0, "@odata.context", $"{contextUrl}/$entity");
        context.Response.Headers.ETag = body["@odata.etag"]!.GetValue<string>();
        return context.Response.WriteJsonAsync(200, body, ODataContentType);
    }

    private static Task ListChildAsync(HttpContext context, BusinessCentralInstance instance, BusinessCentralEntitySet set, string key, string child, string contextUrl)
    {
        if (child != set.Child || BusinessCentralEntitySet.Find(child) is not { } childSet)
            return BusinessCentralErrors.WriteNoResourceAsync(context);
        if (instance.Rows(set, r => string.Equals(r["id"]?.ToString(), key, StringComparison.OrdinalIgnoreCase)).FirstOrDefault() is not { } parent)
            return BusinessCentralErrors.WriteEntityNotFoundAsync(context);
        var query = BusinessCentralQuery.Parse(context.Request.Query, childSet);
        var lines = (parent[child] as JsonArray ?? []).OfType<JsonObject>().Where(query.Filter);
        var (page, _, _) = query.Apply(lines, int.MaxValue - 1);
        return context.Response.WriteJsonAsync(200, new JsonObject
        {
            ["@odata.context"] = $"{contextUrl}({key})/{child}",
            ["value"] = new JsonArray(page.Select(r => (JsonNode)BusinessCentralEntityView.Render(r, childSet, query.Select, false)).ToArray()),
        }, ODataContentType);
    }

    /// <summary><c>Prefer: odata.maxpagesize=N</c>, capped at the server's page size; null when not asked for.</summary>
    private static int? MaxPageSize(HttpContext context)
    {
        foreach (var preference in context.Request.Headers["Prefer"].SelectMany(p => (p ?? "").Split(',')))
        {
            var parts = preference.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].Equals("odata.maxpagesize", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
                return Math.Min(size, BusinessCentralInstance.ServerPageSize);
        }
        return null;
    }

    /// <summary>The same request continued after the last row: the query options kept, $skip dropped, $top reduced.</summary>
    private static string NextLink(HttpRequest request, BusinessCentralQuery query, JsonObject last, int remaining)
    {
        var parts = request.Query
            .Where(p => p.Key is not ("$skip" or "$skiptoken" or "$top"))
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value.ToString())}")
            .ToList();
        if (query.Top is not null) parts.Add($"$top={remaining.ToString(CultureInfo.InvariantCulture)}");
        parts.Add($"$skiptoken={BusinessCentralQuery.EncodeToken(query.KeysOf(last))}");
        return $"{request.AbsolutePath()}?{string.Join('&', parts)}";
    }

    private static bool HasValidToken(HttpRequest request, BusinessCentralInstance instance) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
        && header.Parameter is { Length: > 0 } token
        && instance.IsTokenValid(token);

    /// <summary>The demo company of a new Business Central environment.</summary>
    private static JsonObject Company(BusinessCentralInstance instance) => new()
    {
        ["id"] = instance.Credential("company_id"),
        ["systemVersion"] = "26.0.30643.32142",
        ["name"] = "CRONUS USA, Inc.",
        ["displayName"] = "CRONUS USA, Inc.",
        ["businessProfileId"] = "",
        ["systemCreatedAt"] = "2025-01-06T09:14:52.25Z",
        ["systemCreatedBy"] = "00000000-0000-0000-0000-000000000001",
        ["systemModifiedAt"] = "2025-01-06T09:14:52.25Z",
        ["systemModifiedBy"] = "00000000-0000-0000-0000-000000000001",
    };

    private static string? Group(Match match, string name) => match.Groups[name].Success ? match.Groups[name].Value : null;

    // companies({id}), companies({id})/set, companies({id})/set({key}), companies({id})/set({key})/child[({childKey})];
    // keys are bare GUIDs.
    [GeneratedRegex(@"^companies\((?<id>[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\)(?:/(?<set>[A-Za-z]+)(?:\((?<key>[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\)(?:/(?<child>[A-Za-z]+)(?:\((?<childKey>[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\))?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CompanyResource();
}

using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary><c>v2.0/{tenant}/{environment}/api/v2.0/...</c>: the standard API v2.0, behind Entra bearer tokens.</summary>
internal static partial class BusinessCentralApi
{
    private const string ODataContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

    // Company-scoped entity sets Makini reads; they are empty until records are added to the emulator.
    private static readonly HashSet<string> CompanyEntitySets = new(StringComparer.Ordinal)
    {
        "purchaseOrders", "purchaseOrderLines", "vendors", "items", "itemLedgerEntries",
    };

    public static Task ServeAsync(HttpContext context, BusinessCentralInstance instance, RouteValues route)
    {
        if (!HasValidToken(context.Request, instance)
            || !string.Equals(route["tenant"], instance.Credential("tenant_id"), StringComparison.OrdinalIgnoreCase))
            return BusinessCentralErrors.WriteInvalidCredentialsAsync(context);
        if (!string.Equals(route["environment"], instance.Credential("environment"), StringComparison.OrdinalIgnoreCase))
            return BusinessCentralErrors.WriteUnknownEnvironmentAsync(context, route["environment"]);

        var resource = route["resource"];
        var apiRoot = $"{context.Request.InstanceBase()}/v2.0/{route["tenant"]}/{route["environment"]}/api/v2.0";
        if (!HttpMethods.IsGet(context.Request.Method))
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
        if (!match.Groups["set"].Success)
        {
            var company = Company(instance);
            company.Insert(0, "@odata.context", $"{apiRoot}/$metadata#companies/$entity");
            return context.Response.WriteJsonAsync(200, company, ODataContentType);
        }
        var set = match.Groups["set"].Value;
        if (!CompanyEntitySets.Contains(set))
            return BusinessCentralErrors.WriteNoResourceAsync(context);
        return context.Response.WriteJsonAsync(200, new JsonObject
        {
            ["@odata.context"] = $"{apiRoot}/$metadata#companies({companyId})/{set}",
            ["value"] = new JsonArray(),
        }, ODataContentType);
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

    // companies({id}) or companies({id})/entitySet; Business Central keys are bare GUIDs.
    [GeneratedRegex(@"^companies\((?<id>[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\)(?:/(?<set>[A-Za-z]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex CompanyResource();
}

using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>Maximo Manage's REST/JSON API under <c>/maximo/api/</c>, authenticated by an API key: reads, and the
/// writes of <see cref="MaximoWrites"/>.</summary>
internal sealed class MaximoEmulator : SystemEmulator<MaximoInstance>
{
    private readonly TimeProvider _time;
    private readonly RouteTable<MaximoInstance> _routes;

    public MaximoEmulator(TimeProvider time)
    {
        _time = time;
        _routes = new RouteTable<MaximoInstance>()
            .Map("GET", "maximo/api/whoami", WhoAmIAsync)
            .Map("GET", "maximo/api/os/{objectStructure}", QueryAsync)
            .Map("GET", "maximo/api/os/{objectStructure}/{resourceId}", GetResourceAsync)
            .Map("POST", "maximo/api/os/{objectStructure}", MaximoWrites.CreateAsync)
            .Map("POST", "maximo/api/os/{objectStructure}/{resourceId}", MaximoWrites.PostToMemberAsync)
            .Map("DELETE", "maximo/api/os/{objectStructure}/{resourceId}", MaximoWrites.DeleteAsync)
            .Map("*", "maximo/api/os/{**rest}", (context, _, _) => MaximoErrors.WriteNotEmulatedAsync(context));
    }

    public override string Prefix => "maximo";

    public override EmulatorInstance CreateInstance(string segment) => new MaximoInstance(segment, _time);

    protected override async Task HandleAsync(HttpContext context, MaximoInstance instance)
    {
        if (!HasValidApiKey(context.Request, instance))
        {
            await MaximoErrors.WriteInvalidApiKeyAsync(context);
            return;
        }
        if (await _routes.DispatchAsync(context, instance) != RouteOutcome.Handled)
            await MaximoErrors.WriteUnknownPathAsync(context);
    }

    protected override Task WriteFaultAsync(HttpContext context, MaximoInstance instance, int status) =>
        MaximoErrors.WriteFaultAsync(context, status);

    /// <summary>The key is accepted in the <c>apikey</c> header or the <c>apikey</c> query parameter.</summary>
    private static bool HasValidApiKey(HttpRequest request, MaximoInstance instance)
    {
        var key = request.Headers["apikey"].ToString();
        if (key.Length == 0)
            key = request.Query["apikey"].ToString();
        return key.Length > 0 && string.Equals(key, instance.Credential("api_key"), StringComparison.Ordinal);
    }

    private static Task WhoAmIAsync(HttpContext context, MaximoInstance instance, RouteValues route) =>
        context.Response.WriteJsonAsync(200, new JsonObject
        {
            ["userid"] = MaximoInstance.UserId,
            ["loginID"] = MaximoInstance.UserId.ToLowerInvariant(),
            ["personid"] = MaximoInstance.UserId,
            ["displayname"] = "Maximo Integration Administrator",
            ["defsite"] = instance.DefaultSite,
            ["insertSite"] = instance.DefaultSite,
            ["defaultOrg"] = MaximoCatalog.OrgId,
            ["langcode"] = "EN",
            ["baseLang"] = "EN",
            ["baseCurrency"] = MaximoCatalog.BaseCurrency,
            ["timezone"] = "America/New_York",
            ["href"] = $"{context.Request.InstanceBase()}/maximo/api/os/mxperuser/{MaximoInstance.UserId}",
        });

    private static Task QueryAsync(HttpContext context, MaximoInstance instance, RouteValues route) =>
        MaximoObjectStructures.Find(route["objectStructure"]) is { } structure
            ? MaximoQuery.HandleAsync(context, instance, structure)
            : MaximoErrors.WriteUnknownObjectStructureAsync(context, route["objectStructure"]);

    /// <summary>GET of a member href: the whole record, or the attributes in oslc.select / oslc.properties.</summary>
    private static Task GetResourceAsync(HttpContext context, MaximoInstance instance, RouteValues route)
    {
        if (MaximoObjectStructures.Find(route["objectStructure"]) is not { } structure)
            return MaximoErrors.WriteUnknownObjectStructureAsync(context, route["objectStructure"]);
        var key = MaximoHref.Decode(route["resourceId"]);
        if (key is null || structure.Entity is null || instance.Records[structure.Entity].Get(key) is not { } record)
            return MaximoErrors.WriteRecordNotFoundAsync(context);
        MaximoSelect select;
        try
        {
            var requested = context.Request.Query["oslc.select"].ToString() is { Length: > 0 } s ? s : context.Request.Query["oslc.properties"].ToString();
            select = requested.Length > 0 ? MaximoSelect.Parse(requested) : MaximoSelect.Everything;
        }
        catch (FormatException ex)
        {
            return MaximoErrors.WriteBadQueryAsync(context, ex.Message);
        }
        JsonNode body = MaximoQuery.Member(context, structure, key, record, select);
        if (!MaximoQuery.IsLean(context)) body = MaximoLeanJson.Namespaced(body);
        return context.Response.WriteJsonAsync(200, body);
    }
}

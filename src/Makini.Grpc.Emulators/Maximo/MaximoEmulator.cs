using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>Maximo Manage's REST/JSON API under <c>/maximo/api/</c>, authenticated by an API key.</summary>
internal sealed class MaximoEmulator : SystemEmulator<MaximoInstance>
{
    // Object structures Makini reads; they are empty until records are added to the emulator.
    private static readonly HashSet<string> ObjectStructures = new(StringComparer.OrdinalIgnoreCase)
    {
        "mxapiasset", "mxapiwodetail", "mxapipo", "mxapiinventory", "mxapivendor", "mxapiitem", "mxapilocations", "mxapisite",
    };

    private readonly TimeProvider _time;
    private readonly RouteTable<MaximoInstance> _routes;

    public MaximoEmulator(TimeProvider time)
    {
        _time = time;
        _routes = new RouteTable<MaximoInstance>()
            .Map("GET", "maximo/api/whoami", WhoAmIAsync)
            .Map("GET", "maximo/api/os/{objectStructure}", QueryAsync)
            .Map("GET", "maximo/api/os/{objectStructure}/{resourceId}", GetResourceAsync)
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
            ["defaultOrg"] = "EAGLENA",
            ["langcode"] = "EN",
            ["baseLang"] = "EN",
            ["baseCurrency"] = "USD",
            ["timezone"] = "America/New_York",
            ["href"] = $"{context.Request.InstanceBase()}/maximo/api/os/mxperuser/{MaximoInstance.UserId}",
        });

    /// <summary>A collection query: lean JSON with member, href and responseInfo; totals only when collectioncount=1.</summary>
    private static Task QueryAsync(HttpContext context, MaximoInstance instance, RouteValues route)
    {
        if (!ObjectStructures.Contains(route["objectStructure"]))
            return MaximoErrors.WriteUnknownObjectStructureAsync(context, route["objectStructure"]);
        var responseInfo = new JsonObject { ["href"] = context.Request.AbsoluteUrl() };
        if (context.Request.Query["collectioncount"] == "1")
        {
            responseInfo["totalCount"] = 0;
            responseInfo["totalPages"] = 0;
        }
        responseInfo["pagenum"] = 1;
        return context.Response.WriteJsonAsync(200, new JsonObject
        {
            ["member"] = new JsonArray(),
            ["href"] = context.Request.AbsolutePath(),
            ["responseInfo"] = responseInfo,
        });
    }

    private static Task GetResourceAsync(HttpContext context, MaximoInstance instance, RouteValues route) =>
        ObjectStructures.Contains(route["objectStructure"])
            ? MaximoErrors.WriteRecordNotFoundAsync(context)
            : MaximoErrors.WriteUnknownObjectStructureAsync(context, route["objectStructure"]);
}

using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>NetSuite REST web services under <c>/services/rest/</c>, behind OAuth 1.0a token-based authentication.</summary>
internal sealed class NetSuiteEmulator : SystemEmulator<NetSuiteInstance>
{
    private const string CollectionContentType = "application/vnd.oracle.resource+json; type=collection";

    // Record types of the REST record service that Makini reads; others answer as unknown.
    private static readonly HashSet<string> RecordTypes = new(StringComparer.Ordinal)
    {
        "vendor", "purchaseOrder", "inventoryItem", "nonInventoryPurchaseItem", "itemReceipt", "location", "subsidiary", "currency", "employee",
    };

    private readonly TimeProvider _time;
    private readonly RouteTable<NetSuiteInstance> _routes;

    public NetSuiteEmulator(TimeProvider time)
    {
        _time = time;
        _routes = new RouteTable<NetSuiteInstance>()
            .Map("GET", "services/rest/record/v1/{recordType}", ListRecordsAsync)
            .Map("GET", "services/rest/record/v1/{recordType}/{id}", GetRecordAsync)
            .Map("*", "services/rest/record/v1/{**rest}", (context, _, _) => NetSuiteErrors.WriteNotEmulatedAsync(context, $"{context.Request.Method} {context.Request.Path}"));
    }

    public override string Prefix => "netsuite";

    public override EmulatorInstance CreateInstance(string segment) => new NetSuiteInstance(segment, _time);

    protected override async Task HandleAsync(HttpContext context, NetSuiteInstance instance)
    {
        if (!context.Request.Path.StartsWithSegments("/services/rest"))
        {
            await NetSuiteErrors.WriteUnknownPathAsync(context);
            return;
        }
        if (!NetSuiteTokenAuth.IsAuthorized(context, instance))
        {
            await NetSuiteErrors.WriteInvalidLoginAsync(context);
            return;
        }
        if (await _routes.DispatchAsync(context, instance) != RouteOutcome.Handled)
            await NetSuiteErrors.WriteUnknownPathAsync(context);
    }

    /// <summary>
    /// Throttling (CONCURRENCY_LIMIT_EXCEEDED is counted per account) and server errors happen after NetSuite has
    /// authenticated the request, so a faulted request still uses up its nonce: a client must sign each retry anew.
    /// </summary>
    protected override Task WriteFaultAsync(HttpContext context, NetSuiteInstance instance, int status)
    {
        NetSuiteTokenAuth.IsAuthorized(context, instance);
        return NetSuiteErrors.WriteFaultAsync(context, status);
    }

    /// <summary>The collection envelope; items are links with IDs only, as NetSuite lists them. No records are held yet.</summary>
    private static Task ListRecordsAsync(HttpContext context, NetSuiteInstance instance, RouteValues route)
    {
        if (!RecordTypes.Contains(route["recordType"]))
            return NetSuiteErrors.WriteUnknownRecordTypeAsync(context, route["recordType"]);
        var offset = int.TryParse(context.Request.Query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var body = new JsonObject
        {
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = context.Request.AbsoluteUrl() }),
            ["count"] = 0,
            ["hasMore"] = false,
            ["offset"] = offset,
            ["totalResults"] = 0,
            ["items"] = new JsonArray(),
        };
        return context.Response.WriteJsonAsync(200, body, CollectionContentType);
    }

    private static Task GetRecordAsync(HttpContext context, NetSuiteInstance instance, RouteValues route) =>
        RecordTypes.Contains(route["recordType"])
            ? NetSuiteErrors.WriteNonexistentIdAsync(context)
            : NetSuiteErrors.WriteUnknownRecordTypeAsync(context, route["recordType"]);
}

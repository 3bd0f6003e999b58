using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// The REST record service's read side: collections list internal ids only (in internal id order, filtered with
/// <c>q</c>, paged with limit/offset), and each record is read on its own, sublists expanded on request.
/// </summary>
internal static class NetSuiteRecordService
{
    public const int MaxLimit = 1000;
    private const string CollectionContentType = "application/vnd.oracle.resource+json; type=collection";
    private const string SingularContentType = "application/vnd.oracle.resource+json; type=singular";

    public static Task ListAsync(HttpContext context, NetSuiteInstance instance, RouteValues route)
    {
        if (NetSuiteRecordType.Find(route["recordType"]) is not { } type)
            return NetSuiteErrors.WriteUnknownRecordTypeAsync(context, route["recordType"]);
        var query = context.Request.Query;
        var limit = MaxLimit;
        if (query.ContainsKey("limit")
            && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            return NetSuiteErrors.WriteInvalidParameterAsync(context, "limit", $"The limit must be a whole number from 1 to {MaxLimit}.");
        var offset = 0;
        if (query.ContainsKey("offset") && !int.TryParse(query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            return NetSuiteErrors.WriteInvalidParameterAsync(context, "offset", "The offset must be a whole number.");
        if (offset % limit != 0)
            return NetSuiteErrors.WriteInvalidParameterAsync(context, "offset", "The offset must be a multiple of the limit.");

        Func<JsonObject, bool> filter = _ => true;
        var q = query["q"].ToString();
        if (q.Length > 0)
        {
            try
            {
                filter = NetSuiteQueryFilter.Parse(q, type, NetSuiteAccountPreferences.Of(instance));
            }
            catch (NetSuiteQueryException ex)
            {
                return NetSuiteErrors.WriteInvalidParameterAsync(context, "q", ex.Message);
            }
        }

        var ids = MatchingIds(instance, type, filter);
        var page = ids.Skip(offset).Take(limit).ToList();
        var recordRoot = RecordRoot(context.Request);
        var body = new JsonObject
        {
            ["links"] = CollectionLinks(context.Request, q, limit, offset, ids.Count),
            ["count"] = page.Count,
            ["hasMore"] = offset + page.Count < ids.Count,
            ["items"] = new JsonArray(page.Select(id => (JsonNode)new JsonObject
            {
                ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{recordRoot}/{type.Name}/{id}" }),
                ["id"] = id,
            }).ToArray()),
            ["offset"] = offset,
            ["totalResults"] = ids.Count,
        };
        return context.Response.WriteJsonAsync(200, body, CollectionContentType);
    }

    public static Task GetAsync(HttpContext context, NetSuiteInstance instance, RouteValues route)
    {
        if (NetSuiteRecordType.Find(route["recordType"]) is not { } type)
            return NetSuiteErrors.WriteUnknownRecordTypeAsync(context, route["recordType"]);
        if (Find(instance, type, route["id"]) is not { } stored)
            return NetSuiteErrors.WriteNonexistentIdAsync(context);
        var expand = string.Equals(context.Request.Query["expandSubResources"], "true", StringComparison.OrdinalIgnoreCase);
        return context.Response.WriteJsonAsync(200, NetSuiteRecordView.Render(stored, type, RecordRoot(context.Request), expand), SingularContentType);
    }

    /// <summary><c>GET …/{type}/{id}/{sublist}</c>, the target of a sublist's link. UNVERIFIED: the lines' exact shape there.</summary>
    public static Task GetSublistAsync(HttpContext context, NetSuiteInstance instance, RouteValues route)
    {
        if (NetSuiteRecordType.Find(route["recordType"]) is not { } type)
            return NetSuiteErrors.WriteUnknownRecordTypeAsync(context, route["recordType"]);
        if (Find(instance, type, route["id"]) is not { } stored || !type.Sublists.Contains(route["sublist"]))
            return NetSuiteErrors.WriteNonexistentIdAsync(context);
        var sublist = stored[route["sublist"]] as JsonObject ?? new JsonObject { ["items"] = new JsonArray() };
        var body = NetSuiteRecordView.RenderSublist(sublist, type, RecordRoot(context.Request), context.Request.AbsolutePath());
        return context.Response.WriteJsonAsync(200, body, CollectionContentType);
    }

    private static List<string> MatchingIds(NetSuiteInstance instance, NetSuiteRecordType type, Func<JsonObject, bool> filter)
    {
        if (type.Entity is null)
            return (NetSuiteReferenceData.RecordsOf(type.Name) ?? []).Where(filter).Select(r => r["id"]!.ToString()).ToList();
        var ids = new List<string>();
        // The predicate runs under the record set's lock and collects only ids, so no record is copied for a list.
        instance.Records[type.Entity].Where(r =>
        {
            if (filter(r)) ids.Add(r["id"]!.ToString());
            return false;
        });
        // Internal id order: the order a saved search without sort returns, stable while records change.
        return ids.OrderBy(id => id.Length).ThenBy(id => id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A record by internal id, or by external id written as <c>eid:{externalId}</c>.</summary>
    internal static JsonObject? Find(NetSuiteInstance instance, NetSuiteRecordType type, string id)
    {
        if (type.Entity is null)
            return NetSuiteReferenceData.RecordsOf(type.Name)?.FirstOrDefault(r => r["id"]!.ToString() == id);
        var set = instance.Records[type.Entity];
        if (!id.StartsWith("eid:", StringComparison.Ordinal)) return set.Get(id);
        var externalId = id[4..];
        return set.WithField("externalId", externalId).FirstOrDefault();
    }

    internal static string RecordRoot(HttpRequest request) => $"{request.InstanceBase()}/services/rest/record/v1";

    private static JsonArray CollectionLinks(HttpRequest request, string q, int limit, int offset, int total)
    {
        string Page(int at) =>
            $"{request.AbsolutePath()}?limit={limit.ToString(CultureInfo.InvariantCulture)}&offset={at.ToString(CultureInfo.InvariantCulture)}"
            + (q.Length > 0 ? $"&q={Uri.EscapeDataString(q)}" : "");
        var links = new JsonArray();
        var last = total == 0 ? 0 : (total - 1) / limit * limit;
        if (offset > 0)
        {
            links.Add(new JsonObject { ["rel"] = "previous", ["href"] = Page(Math.Max(0, offset - limit)) });
            links.Add(new JsonObject { ["rel"] = "first", ["href"] = Page(0) });
        }
        if (offset + limit < total)
        {
            links.Add(new JsonObject { ["rel"] = "next", ["href"] = Page(offset + limit) });
            links.Add(new JsonObject { ["rel"] = "last", ["href"] = Page(last) });
        }
        links.Add(new JsonObject { ["rel"] = "self", ["href"] = request.AbsoluteUrl() });
        return links;
    }
}

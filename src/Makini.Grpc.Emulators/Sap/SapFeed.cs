using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Reads of one request: collections (<c>{"d":{"__count":"N","results":[...],"__next":"..."}}</c>), $count, single
/// entities and navigations from an entity. Rows are written straight to the response, a page at a time.
/// </summary>
internal sealed class SapFeed(HttpContext context, SapInstance instance, SapService service)
{
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Gateway's server-side page: a larger or missing $top gets this many rows and a __next link.
    /// UNVERIFIED: the real limit is set per service; 1000 is a common value.</summary>
    public const int ServerPageSize = 1000;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task CollectionAsync(SapEntitySet set, SapQuery query)
    {
        if (!WantsJson(context.Request))
        {
            if (Select(set, query).Count == 0)
            {
                await WithVersion(context).WriteTextAsync(200,
                    SapDocuments.EmptyFeedXml(set, ServiceRoot(context.Request, service), instance.Time.GetUtcNow(), query.InlineCount),
                    "application/atom+xml; type=feed; charset=utf-8");
                return;
            }
            await SapErrors.WriteNotEmulatedAsync(context, "Atom feeds with entries (ask for $format=json)", service.Name);
            return;
        }
        await WriteCollectionAsync(set, Select(set, query), query);
    }

    public Task CountAsync(SapEntitySet set, SapQuery query) =>
        WithVersion(context).WriteTextAsync(200, Select(set, query).Count.ToString(CultureInfo.InvariantCulture), "text/plain; charset=utf-8");

    public async Task EntityAsync(SapEntitySet set, string keyPredicate, string rest, SapQuery query)
    {
        SapRow? row;
        try
        {
            var keys = SapKeyPredicate.Parse(keyPredicate, set);
            row = instance.IndexOf(service, set).Find(keys);
        }
        catch (SapQueryException ex)
        {
            await SapErrors.WriteODataErrorAsync(context, 400, "/IWBEP/CM_MGW_RT/022", ex.Message, service.Name);
            return;
        }
        if (row is null)
        {
            await SapErrors.WriteODataErrorAsync(context, 404, "/IWBEP/CM_MGW_RT/020", $"Resource not found for segment '{set.EntityType}'", service.Name);
            return;
        }
        if (rest.Length == 0)
        {
            await WriteSingleAsync(set, row.Element(), query.Projection);
            return;
        }
        var nav = set.FindNav(rest.TrimStart('/'));
        var target = nav is null ? null : service.FindSet(nav.TargetSet);
        if (nav is null || target is null)
        {
            await SapErrors.WriteODataErrorAsync(context, 404, "/IWFND/CM_MGW/020", $"Resource not found for segment '{rest.TrimStart('/')}'", service.Name);
            return;
        }
        var children = SapIndex.RowsOf(SapIndex.Children(row.Element(), nav), target);
        if (!nav.Many)
        {
            if (children.Count == 0) await WithVersion(context).WriteTextAsync(204, "", "text/plain");
            else await WriteSingleAsync(target, children[0].Element(), query.Projection);
            return;
        }
        await WriteCollectionAsync(target, Filter(children, query), query);
    }

    /// <summary>The rows of the set that match $filter, in $orderby order (key order by default).</summary>
    private IReadOnlyList<SapRow> Select(SapEntitySet set, SapQuery query)
    {
        var index = instance.IndexOf(service, set);
        var ordered = Ordered(index, set, query.OrderBy);
        if (ReferenceEquals(ordered, index.ByChange)
            && query.Filter is SapComparison { Operator: "ge" or "gt", Literal.Kind: SapValueKind.Instant } since
            && since.Property == set.ChangeField)
            return index.ChangedSince(since.Literal.Ticks, inclusive: since.Operator == "ge");
        return Filter(ordered, query);
    }

    private static IReadOnlyList<SapRow> Filter(IReadOnlyList<SapRow> rows, SapQuery query)
    {
        if (query.Filter is not { } filter) return rows;
        var matches = new List<SapRow>();
        foreach (var row in rows)
            if (filter.Matches(row.Property)) matches.Add(row);
        return matches;
    }

    /// <summary>Uses a prepared order when $orderby asks for key order or change-then-key order; sorts otherwise.</summary>
    private static IReadOnlyList<SapRow> Ordered(SapIndex index, SapEntitySet set, IReadOnlyList<SapOrder> orderBy)
    {
        if (orderBy.All(o => !o.Descending))
        {
            var names = orderBy.Select(o => o.Property).ToList();
            if (IsPrefixOf(names, set.Keys)) return index.ByKey;
            if (index.ByChange is not null && names.Count > 0 && names[0] == set.ChangeField && IsPrefixOf(names.Skip(1).ToList(), set.Keys))
                return index.ByChange;
        }
        var rows = index.ByKey.ToArray();
        // A stable sort over key order, so ties keep key order and paging stays stable.
        return rows.Select((row, position) => (row, position))
            .OrderBy(x => x, Comparer<(SapRow Row, int Position)>.Create((a, b) =>
            {
                foreach (var order in orderBy)
                {
                    var c = SapValue.Order(a.Row.Property(order.Property), b.Row.Property(order.Property));
                    if (c != 0) return order.Descending ? -c : c;
                }
                return a.Position.CompareTo(b.Position);
            }))
            .Select(x => x.row)
            .ToList();
    }

    private static bool IsPrefixOf(IReadOnlyList<string> names, IReadOnlyList<string> keys) =>
        names.Count <= keys.Count && names.Select((n, i) => n == keys[i]).All(same => same);

    private async Task WriteCollectionAsync(SapEntitySet set, IReadOnlyList<SapRow> rows, SapQuery query)
    {
        var skip = Math.Min(query.Skip, rows.Count);
        var take = Math.Min(Math.Min(query.Top ?? int.MaxValue, ServerPageSize), rows.Count - skip);
        var more = skip + take < rows.Count && (query.Top is null || query.Top > take);
        var entities = new SapEntityWriter(service, ServiceRoot(context.Request, service));

        WithVersion(context).StatusCode = 200;
        context.Response.ContentType = JsonContentType;
        var body = context.Response.BodyWriter;
        using var writer = new Utf8JsonWriter(body, WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartObject("d");
        if (query.InlineCount) writer.WriteString("__count", rows.Count.ToString(CultureInfo.InvariantCulture));
        writer.WriteStartArray("results");
        for (var i = skip; i < skip + take; i++)
        {
            entities.Write(writer, set, rows[i].Element(), query.Projection);
            if (writer.BytesPending > 32 * 1024)
            {
                writer.Flush();
                await body.FlushAsync(context.RequestAborted);
            }
        }
        writer.WriteEndArray();
        if (more) writer.WriteString("__next", NextLink(skip + take, query.Top is { } top ? top - take : null));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(context.RequestAborted);
    }

    private async Task WriteSingleAsync(SapEntitySet set, JsonElement row, SapProjection projection)
    {
        WithVersion(context).StatusCode = 200;
        context.Response.ContentType = JsonContentType;
        using var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
        writer.WriteStartObject();
        writer.WritePropertyName("d");
        new SapEntityWriter(service, ServiceRoot(context.Request, service)).Write(writer, set, row, projection);
        writer.WriteEndObject();
        writer.Flush();
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>The request again, continuing at <paramref name="position"/>: $skiptoken replaces $skip, and a $top
    /// shrinks by what was already served.</summary>
    private string NextLink(int position, int? remainingTop)
    {
        var request = context.Request;
        var query = new StringBuilder();
        foreach (var (name, values) in request.Query)
        {
            if (name is "$skip" or "$skiptoken" or "$top") continue;
            foreach (var value in values)
                query.Append(query.Length == 0 ? "?" : "&").Append(Uri.EscapeDataString(name).Replace("%24", "$", StringComparison.Ordinal))
                    .Append('=').Append(Uri.EscapeDataString(value ?? ""));
        }
        if (remainingTop is { } top) query.Append(query.Length == 0 ? "?" : "&").Append("$top=").Append(top.ToString(CultureInfo.InvariantCulture));
        query.Append(query.Length == 0 ? "?" : "&").Append("$skiptoken=").Append(position.ToString(CultureInfo.InvariantCulture));
        return request.AbsolutePath() + query;
    }

    /// <summary>$format wins over Accept, as in SAP Gateway; Atom XML is the default.</summary>
    public static bool WantsJson(HttpRequest request)
    {
        var format = request.Query["$format"].ToString();
        if (format.Length > 0)
            return format.Equals("json", StringComparison.OrdinalIgnoreCase);
        return request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase);
    }

    public static string ServiceRoot(HttpRequest request, SapService service) =>
        $"{request.InstanceBase()}/sap/opu/odata/sap/{service.Name}/";

    public static HttpResponse WithVersion(HttpContext context)
    {
        context.Response.Headers["dataserviceversion"] = "2.0";
        return context.Response;
    }
}

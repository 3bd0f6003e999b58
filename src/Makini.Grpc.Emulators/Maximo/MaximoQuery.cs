using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// A collection query on an object structure: <c>oslc.where</c>, <c>oslc.select</c>, <c>oslc.orderBy</c>,
/// <c>oslc.pageSize</c> with <c>pageno</c>, <c>collectioncount=1</c>, <c>lean=1</c> and <c>_dropnulls=0</c>.
/// Answers <c>{"member":[…],"href":…,"responseInfo":{…,"nextPage":{"href":…}}}</c>.
/// </summary>
internal static class MaximoQuery
{
    /// <summary>mxe.oslc.maxpagesize of the emulated server; it is also the page size when none is asked for
    /// (UNVERIFIED: what Maximo does without oslc.pageSize).</summary>
    public const int MaxPageSize = 1000;

    public static Task HandleAsync(HttpContext context, MaximoInstance instance, MaximoObjectStructure structure)
    {
        var query = context.Request.Query;
        MaximoWhere where;
        MaximoSelect select;
        MaximoOrderBy orderBy;
        try
        {
            where = MaximoWhere.Parse(query["oslc.where"]);
            select = MaximoSelect.Parse(query["oslc.select"]);
            orderBy = MaximoOrderBy.Parse(query["oslc.orderBy"]);
        }
        catch (FormatException ex)
        {
            return MaximoErrors.WriteBadQueryAsync(context, ex.Message);
        }
        if (!TryPositive(query["oslc.pageSize"], MaxPageSize, out var pageSize) || !TryPositive(query["pageno"], 1, out var pageNumber))
            return MaximoErrors.WriteBadQueryAsync(context, "oslc.pageSize and pageno must be positive whole numbers.");
        if (pageSize > MaxPageSize)
            return MaximoErrors.WritePageSizeTooLargeAsync(context, pageSize, MaxPageSize);

        var matches = Match(instance, structure, where, orderBy);
        var total = matches.Count;
        var totalPages = (total + pageSize - 1) / pageSize;
        var members = new JsonArray();
        var set = structure.Entity is null ? null : instance.Records[structure.Entity];
        foreach (var key in matches.Skip((pageNumber - 1) * pageSize).Take(pageSize))
        {
            // Read once more by key: a record deleted since the scan is left out, a changed one is served as it is now.
            if (set?.Get(key) is { } record) members.Add(Member(context, structure, key, record, select));
        }

        var responseInfo = new JsonObject { ["href"] = context.Request.AbsoluteUrl() };
        if (pageNumber < totalPages) responseInfo["nextPage"] = new JsonObject { ["href"] = PageUrl(context, pageNumber + 1) };
        if (pageNumber > 1) responseInfo["previousPage"] = new JsonObject { ["href"] = PageUrl(context, pageNumber - 1) };
        responseInfo["pagenum"] = pageNumber;
        if (query["collectioncount"] == "1")
        {
            responseInfo["totalCount"] = total;
            responseInfo["totalPages"] = totalPages;
        }
        JsonNode body = new JsonObject
        {
            ["member"] = members,
            ["href"] = context.Request.AbsolutePath(),
            ["responseInfo"] = responseInfo,
        };
        if (!IsLean(context)) body = MaximoLeanJson.Namespaced(body, envelope: true);
        return context.Response.WriteJsonAsync(200, body);
    }

    /// <summary>A member as served: the selected attributes and its href (only the href without oslc.select).</summary>
    public static JsonObject Member(HttpContext context, MaximoObjectStructure structure, string key, JsonObject record, MaximoSelect select)
    {
        var href = $"{context.Request.InstanceBase()}/maximo/api/os/{structure.Name}/{MaximoHref.Encode(key)}";
        var dropNulls = context.Request.Query["_dropnulls"] != "0";
        var member = ReferenceEquals(select, MaximoSelect.HrefOnly) ? new JsonObject() : select.Apply(record, dropNulls, child => $"{href}/{child}");
        member["href"] = href;
        return member;
    }

    public static bool IsLean(HttpContext context) => context.Request.Query["lean"] == "1";

    /// <summary>The keys of the matching records in the requested order. The scan only reads the stored records and
    /// keeps their keys and sort values; copies are made for the one page that is served.</summary>
    private static List<string> Match(MaximoInstance instance, MaximoObjectStructure structure, MaximoWhere where, MaximoOrderBy orderBy)
    {
        if (structure.Entity is null) return [];
        var found = new List<(string Key, MaximoValue[] Sort)>();
        instance.Records[structure.Entity].Where(record =>
        {
            if (where.Matches(record) && structure.KeyOf(record) is { } key) found.Add((key, orderBy.SortKeyOf(record)));
            return false;
        });
        // OrderBy is stable: ties keep the stored order.
        return found.OrderBy(f => f.Sort, Comparer<MaximoValue[]>.Create(orderBy.Compare)).Select(f => f.Key).ToList();
    }

    private static string PageUrl(HttpContext context, int pageNumber)
    {
        var raw = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "";
        var kept = raw.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("pageno=", StringComparison.OrdinalIgnoreCase));
        var query = string.Join('&', kept.Append("pageno=" + pageNumber.ToString(CultureInfo.InvariantCulture)));
        return $"{context.Request.AbsolutePath()}?{query}";
    }

    private static bool TryPositive(string? text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }
}

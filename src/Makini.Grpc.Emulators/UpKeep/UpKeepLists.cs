using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>
/// <c>GET /api/v2/{collection}?offset=&amp;limit=</c> in insertion (creation) order, with the change filters
/// <c>updatedAtGreaterThan</c>, <c>updatedAtLessThan</c>, <c>createdAtGreaterThan</c>, <c>createdAtLessThan</c> (ISO 8601,
/// strict comparisons). UNVERIFIED: UpKeep's documentation shows no incremental filter names; these are the emulator's
/// choice. Answers <c>{"success":true,"results":[…]}</c>, and, like UpKeep sometimes does, a 404 when the page is empty.
/// </summary>
internal static class UpKeepLists
{
    /// <summary>UNVERIFIED: UpKeep's default and largest page size.</summary>
    public const int DefaultLimit = 100, MaxLimit = 1000;

    private static readonly (string Parameter, string Field, bool Greater)[] Filters =
    [
        ("updatedAtGreaterThan", "updatedAt", true), ("updatedAtLessThan", "updatedAt", false),
        ("createdAtGreaterThan", "createdAt", true), ("createdAtLessThan", "createdAt", false),
    ];

    public static Task HandleAsync(HttpContext context, RecordSet set, string resource)
    {
        var query = context.Request.Query;
        var conditions = new List<(string Field, bool Greater, DateTimeOffset Bound)>();
        foreach (var (parameter, field, greater) in Filters)
        {
            if (query[parameter].ToString() is not { Length: > 0 } text) continue;
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var bound))
                return UpKeepErrors.WriteBadRequestAsync(context, $"{parameter} must be an ISO 8601 date.");
            conditions.Add((field, greater, bound));
        }
        var offset = Whole(query["offset"], 0);
        var limit = Math.Min(Whole(query["limit"], DefaultLimit), MaxLimit);
        if (offset < 0 || limit <= 0)
            return UpKeepErrors.WriteBadRequestAsync(context, "offset and limit must be non-negative whole numbers, limit at least 1.");

        IReadOnlyList<JsonObject> page;
        if (conditions.Count == 0) page = set.Page(offset, limit).Page;
        else
        {
            // Scan without copying; copy only the page that is served.
            var keys = new List<string>();
            set.Where(record =>
            {
                if (conditions.All(c => Matches(record, c.Field, c.Greater, c.Bound)) && set.Kind.KeyOf(record) is { } key) keys.Add(key);
                return false;
            });
            page = keys.Skip(offset).Take(limit).Select(set.Get).OfType<JsonObject>().ToList();
        }
        return page.Count == 0
            ? UpKeepErrors.WriteEmptyListAsync(context, resource)
            : context.Response.WriteJsonAsync(200, new JsonObject { ["success"] = true, ["results"] = new JsonArray(page.ToArray<JsonNode>()) });
    }

    private static bool Matches(JsonObject record, string field, bool greater, DateTimeOffset bound) =>
        record[field] is JsonValue value && value.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
        && (greater ? at > bound : at < bound);

    private static int Whole(string? text, int fallback) =>
        string.IsNullOrEmpty(text) ? fallback : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : -1;
}

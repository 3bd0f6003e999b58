using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>The OData query options of one request to an entity set, parsed and checked against the set's properties.</summary>
internal sealed record BusinessCentralQuery(
    Func<JsonObject, bool> Filter,
    IReadOnlyList<(string Property, bool Descending)> OrderBy,
    IReadOnlyList<string>? Select,
    bool ExpandChild,
    int? Top,
    int Skip,
    bool Count,
    JsonArray? SkipToken)
{
    public static BusinessCentralQuery Parse(IQueryCollection query, BusinessCentralEntitySet set)
    {
        var filter = query["$filter"].ToString() is { Length: > 0 } f ? BusinessCentralFilter.Parse(f, set) : _ => true;
        var orderBy = new List<(string, bool)>();
        foreach (var part in Split(query["$orderby"].ToString()))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is < 1 or > 2 || !set.HasProperty(words[0]) || (words.Length == 2 && words[1] is not ("asc" or "desc")))
                throw new BusinessCentralQueryException($"The $orderby clause '{part}' is not valid for type 'Microsoft.NAV.{set.TypeName}'.");
            orderBy.Add((words[0], words.Length == 2 && words[1] == "desc"));
        }
        if (orderBy.Count == 0) orderBy.Add((set.DefaultOrder, false));
        // A final key makes the order total, so a skip token always continues at the same place.
        if (!orderBy.Any(o => o.Item1 == "id")) orderBy.Add(("id", false));

        IReadOnlyList<string>? select = null;
        if (query["$select"].ToString() is { Length: > 0 } s && s != "*")
        {
            select = Split(s).ToList();
            if (select.FirstOrDefault(p => !set.HasProperty(p)) is { } unknown)
                throw new BusinessCentralQueryException($"Could not find a property named '{unknown}' on type 'Microsoft.NAV.{set.TypeName}'.");
        }

        var expand = false;
        foreach (var navigation in Split(query["$expand"].ToString()))
        {
            var name = navigation.Split('(')[0].Trim();
            if (name != set.Child)
                throw new BusinessCentralQueryException($"Could not find a property named '{name}' on type 'Microsoft.NAV.{set.TypeName}'.");
            expand = true;
        }

        return new BusinessCentralQuery(filter, orderBy, select, expand,
            Whole(query, "$top"), Whole(query, "$skip") ?? 0,
            string.Equals(query["$count"], "true", StringComparison.OrdinalIgnoreCase),
            query["$skiptoken"].ToString() is { Length: > 0 } token ? DecodeToken(token) : null);
    }

    /// <summary>Sorts, continues after a skip token (or skips), and cuts one page; says whether more rows follow.</summary>
    public (List<JsonObject> Page, bool More, int Remaining) Apply(IEnumerable<JsonObject> rows, int pageSize)
    {
        var sorted = rows.Order(Comparer<JsonObject>.Create(CompareRows));
        var rest = SkipToken is { } token
            ? sorted.SkipWhile(r => CompareKeys(KeysOf(r), token) <= 0)
            : sorted.Skip(Skip);
        var limited = Top is { } top ? rest.Take(top) : rest;
        var window = limited.Take(pageSize + 1).ToList();
        var page = window.Take(pageSize).ToList();
        var remaining = Top is { } t ? t - page.Count : int.MaxValue;
        return (page, window.Count > pageSize && remaining > 0, remaining);
    }

    /// <summary>The values of the sort properties of a row: what a skip token carries.</summary>
    public JsonArray KeysOf(JsonObject row) => new(OrderBy.Select(o => row[o.Property]?.DeepClone()).ToArray());

    public static string EncodeToken(JsonArray keys) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(keys.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonArray DecodeToken(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            if (JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64))) is JsonArray keys) return keys;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
        }
        throw new BusinessCentralQueryException("The skip token is not valid.");
    }

    private int CompareRows(JsonObject a, JsonObject b) => CompareKeys(KeysOf(a), KeysOf(b));

    private int CompareKeys(JsonArray a, JsonArray b)
    {
        for (var i = 0; i < OrderBy.Count && i < a.Count && i < b.Count; i++)
        {
            var c = CompareValues(a[i], b[i]);
            if (c != 0) return OrderBy[i].Descending ? -c : c;
        }
        return 0;
    }

    private static int CompareValues(JsonNode? a, JsonNode? b)
    {
        if (a is not JsonValue x) return b is null ? 0 : -1;
        if (b is not JsonValue y) return 1;
        if (x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number)
            return decimal.Parse(x.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                .CompareTo(decimal.Parse(y.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
        var left = x.ToString();
        var right = y.ToString();
        if (left.Contains('T') && right.Contains('T')
            && DateTimeOffset.TryParse(left, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var l)
            && DateTimeOffset.TryParse(right, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var r))
            return l.CompareTo(r);
        return string.Compare(left, right, StringComparison.OrdinalIgnoreCase);
    }

    private static int? Whole(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new BusinessCentralQueryException($"Invalid value '{text}' for {name}; a non-negative whole number is expected.");
    }

    private static IEnumerable<string> Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

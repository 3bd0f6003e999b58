using System.Globalization;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>One $orderby item.</summary>
internal sealed record SapOrder(string Property, bool Descending);

/// <summary>
/// The system query options of a read: $filter, $orderby, $top, $skip, $skiptoken, $inlinecount, $select, $expand.
/// </summary>
internal sealed record SapQuery(
    SapFilter? Filter,
    IReadOnlyList<SapOrder> OrderBy,
    int? Top,
    int Skip,
    bool InlineCount,
    SapProjection Projection)
{
    public static SapQuery Parse(IQueryCollection query)
    {
        var filterText = query["$filter"].ToString();
        var filter = filterText.Length > 0 ? SapFilter.Parse(filterText) : null;
        var orderBy = Items(query["$orderby"].ToString()).Select(ParseOrder).ToList();
        var top = NonNegative(query, "$top");
        // $skiptoken is the absolute position Gateway handed out in __next; it replaces $skip.
        var skip = NonNegative(query, "$skiptoken") ?? NonNegative(query, "$skip") ?? 0;
        var inlineCount = query["$inlinecount"].ToString() switch
        {
            "" or "none" => false,
            "allpages" => true,
            var other => throw new SapQueryException($"Invalid value '{other}' for system query option $inlinecount"),
        };
        return new SapQuery(filter, orderBy, top, skip, inlineCount,
            SapProjection.Parse(query["$select"].ToString(), query["$expand"].ToString()));
    }

    private static SapOrder ParseOrder(string item)
    {
        var parts = item.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            [var property] => new SapOrder(property, false),
            [var property, "asc"] => new SapOrder(property, false),
            [var property, "desc"] => new SapOrder(property, true),
            _ => throw new SapQueryException($"Invalid $orderby item '{item}'"),
        };
    }

    private static int? NonNegative(IQueryCollection query, string name)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0) return null;
        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SapQueryException($"Invalid value '{raw}' for system query option {name}");
    }

    internal static IEnumerable<string> Items(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// $select and $expand as a tree: which properties of this level to write (null = all) and which navigations to
/// expand, each with its own projection (<c>to_PurchaseOrderItem/to_ScheduleLine</c> expands two levels).
/// </summary>
internal sealed class SapProjection
{
    public static readonly SapProjection All = new(null);

    private readonly Dictionary<string, SapProjection> _expanded = new(StringComparer.Ordinal);

    private SapProjection(HashSet<string>? selected) => Selected = selected;

    /// <summary>The selected properties and navigations of this level; null when everything is selected.</summary>
    public HashSet<string>? Selected { get; private set; }

    public static SapProjection Parse(string select, string expand)
    {
        var root = new SapProjection(null);
        foreach (var path in SapQuery.Items(expand))
        {
            var level = root;
            foreach (var nav in path.Split('/'))
            {
                if (!level._expanded.TryGetValue(nav, out var next))
                    level._expanded[nav] = next = new SapProjection(null);
                level = next;
            }
        }
        foreach (var path in SapQuery.Items(select))
        {
            if (path == "*") continue;
            var steps = path.Split('/');
            var level = root;
            foreach (var step in steps[..^1])
            {
                (level.Selected ??= []).Add(step);
                if (!level._expanded.TryGetValue(step, out var next))
                    throw new SapQueryException($"Navigation property '{step}' in $select is not expanded");
                level = next;
            }
            (level.Selected ??= []).Add(steps[^1]);
        }
        return root;
    }

    public bool Selects(string property) => Selected is null || Selected.Contains(property) || Selected.Contains("*");

    public SapProjection? Expansion(string nav) => _expanded.GetValueOrDefault(nav);
}

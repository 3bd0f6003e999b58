using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>oslc.orderBy: attributes separated by commas, each prefixed '+' (ascending, sent as %2B) or '-'. Without
/// it records come in the order they were stored. A '+' sent unencoded arrives as a space and still means ascending.</summary>
internal sealed class MaximoOrderBy
{
    private readonly IReadOnlyList<(string Attribute, bool Descending)> _keys;

    private MaximoOrderBy(IReadOnlyList<(string, bool)> keys) => _keys = keys;

    public static MaximoOrderBy Parse(string? text)
    {
        var keys = new List<(string, bool)>();
        foreach (var raw in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var descending = raw.StartsWith('-');
            var attribute = raw.TrimStart('+', '-', ' ').ToLowerInvariant();
            if (attribute.Length == 0 || !attribute.All(c => char.IsLetterOrDigit(c) || c == '_'))
                throw new FormatException($"'{raw}' is not an attribute to order by.");
            keys.Add((attribute, descending));
        }
        return new MaximoOrderBy(keys);
    }

    public MaximoValue[] SortKeyOf(JsonObject record) => _keys.Select(k => MaximoValue.Of(record[k.Attribute])).ToArray();

    /// <summary>Compares sort keys; nulls last in either direction.</summary>
    public int Compare(MaximoValue[] a, MaximoValue[] b)
    {
        for (var i = 0; i < _keys.Count; i++)
        {
            if (a[i].IsNull != b[i].IsNull) return a[i].IsNull ? 1 : -1;
            var order = a[i].CompareTo(b[i]);
            if (order != 0) return _keys[i].Descending ? -order : order;
        }
        return 0;
    }
}

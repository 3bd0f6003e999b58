using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// oslc.select: <c>*</c>, a list of attributes, and child objects with their own list (<c>poline{polinenum,itemnum}</c>
/// or <c>poline{*}</c>; a bare <c>poline</c> returns whole rows). Attribute names ignore case. Nulls are dropped, as Maximo
/// does unless <c>_dropnulls=0</c>. Without oslc.select a collection member carries only its href (as in Maximo);
/// a child object that is not selected is announced by a <c>{child}_collectionref</c> link.
/// </summary>
internal sealed class MaximoSelect
{
    private readonly bool _all;
    private readonly Dictionary<string, MaximoSelect?> _items; // attribute → child selection (null: the attribute as is)

    private MaximoSelect(bool all, Dictionary<string, MaximoSelect?> items)
    {
        _all = all;
        _items = items;
    }

    public static readonly MaximoSelect Everything = new(true, []);

    public static readonly MaximoSelect HrefOnly = new(false, []);

    /// <exception cref="FormatException">Unbalanced braces.</exception>
    public static MaximoSelect Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return HrefOnly;
        var all = false;
        var items = new Dictionary<string, MaximoSelect?>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in SplitTopLevel(text))
        {
            var brace = item.IndexOf('{');
            if (item == "*") all = true;
            else if (brace < 0) items[item] = null;
            else if (!item.EndsWith('}')) throw new FormatException($"oslc.select item '{item}' has unbalanced braces.");
            else items[item[..brace].Trim()] = Parse(item[(brace + 1)..^1]);
        }
        return new MaximoSelect(all, items);
    }

    /// <summary>The selected part of a record (a copy); <paramref name="childHref"/> builds the collectionref links.</summary>
    public JsonObject Apply(JsonObject record, bool dropNulls, Func<string, string>? childHref = null)
    {
        var result = new JsonObject();
        foreach (var (name, value) in record)
        {
            var selected = _all || _items.ContainsKey(name);
            if (value is JsonArray rows)
            {
                if (selected)
                {
                    var childSelect = _items.GetValueOrDefault(name) ?? Everything;
                    result[name] = new JsonArray(rows.OfType<JsonObject>().Select(r => (JsonNode)childSelect.Apply(r, dropNulls)).ToArray());
                }
                else if (childHref is not null) result[name + "_collectionref"] = childHref(name);
                continue;
            }
            if (!selected || (value is null && dropNulls)) continue;
            result[name] = value?.DeepClone();
        }
        return result;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] == '{') depth++;
            else if (i < text.Length && text[i] == '}') depth--;
            else if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                var item = text[start..i].Trim();
                if (item.Length > 0) yield return item;
                start = i + 1;
            }
            if (depth < 0) throw new FormatException("oslc.select has unbalanced braces.");
        }
        if (depth != 0) throw new FormatException("oslc.select has unbalanced braces.");
    }
}

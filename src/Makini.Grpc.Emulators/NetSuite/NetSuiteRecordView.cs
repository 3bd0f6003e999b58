using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// Turns a stored record (plain fields, references as {id, refName}, sublists as {items:[…]}) into what the REST
/// record service sends: a <c>links</c> array first, fields in alphabetical order, references with a link to the
/// referenced record, and sublists and subrecords reduced to a link unless <c>expandSubResources=true</c>.
/// </summary>
internal static class NetSuiteRecordView
{
    /// <param name="recordRoot">The record service root, e.g. <c>https://…/services/rest/record/v1</c>.</param>
    public static JsonObject Render(JsonObject stored, NetSuiteRecordType type, string recordRoot, bool expand)
    {
        var self = $"{recordRoot}/{type.Name}/{stored["id"]}";
        return RenderObject(stored, type, recordRoot, self, expand, isRecord: true);
    }

    /// <summary>A sublist as its own resource (<c>GET …/{type}/{id}/{sublist}</c>), lines included.</summary>
    public static JsonObject RenderSublist(JsonObject sublist, NetSuiteRecordType type, string recordRoot, string href) =>
        Sublist(sublist, type, recordRoot, href, expand: true);

    // Sublists exist on the record itself; inside a line, a field of the same name (a line's "item") is a reference.
    private static JsonObject RenderObject(JsonObject source, NetSuiteRecordType type, string recordRoot, string self, bool expand, bool isRecord)
    {
        var result = new JsonObject { ["links"] = Links(self) };
        foreach (var (name, value) in source.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (name == "links") continue;
            result[name] = value switch
            {
                JsonObject sublist when isRecord && type.Sublists.Contains(name) => Sublist(sublist, type, recordRoot, $"{self}/{name}", expand),
                JsonObject subrecord when type.Subrecords.Contains(name) => expand
                    ? RenderObject(subrecord, type, recordRoot, $"{self}/{name}", expand, isRecord: false)
                    : new JsonObject { ["links"] = Links($"{self}/{name}") },
                JsonObject reference when type.RefTargets.TryGetValue(name, out var target) && reference["id"] is not null => Reference(reference, $"{recordRoot}/{target}"),
                _ => value?.DeepClone(),
            };
        }
        return result;
    }

    private static JsonObject Sublist(JsonObject sublist, NetSuiteRecordType type, string recordRoot, string href, bool expand)
    {
        if (!expand) return new JsonObject { ["links"] = Links(href) };
        var lines = sublist["items"] as JsonArray ?? [];
        var rendered = new JsonArray();
        foreach (var line in lines.OfType<JsonObject>())
        {
            var lineSelf = $"{href}/{line["line"]?.ToString() ?? (rendered.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            var view = RenderObject(line, type, recordRoot, lineSelf, expand, isRecord: false);
            view["links"] = new JsonArray();
            rendered.Add(view);
        }
        return new JsonObject
        {
            ["links"] = Links(href),
            ["count"] = rendered.Count,
            ["hasMore"] = false,
            ["items"] = rendered,
            ["offset"] = 0,
            ["totalResults"] = rendered.Count,
        };
    }

    private static JsonObject Reference(JsonObject reference, string targetRoot)
    {
        var result = new JsonObject { ["links"] = Links($"{targetRoot}/{reference["id"]}") };
        foreach (var (name, value) in reference)
            if (name != "links") result[name] = value?.DeepClone();
        return result;
    }

    private static JsonArray Links(string href) => new(new JsonObject { ["rel"] = "self", ["href"] = href });
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>Reads a write's JSON body as OData does: only the entity type's properties, typed values, no read-only ones.</summary>
internal static class BusinessCentralWriteBody
{
    public static void Check(JsonObject body, BusinessCentralEntitySet set, IReadOnlyCollection<string> readOnly, string? navigation = null)
    {
        foreach (var (name, _) in body)
        {
            if (name.StartsWith('@') || name == navigation) continue;
            if (!set.HasProperty(name)) throw BusinessCentralRefusals.UnknownProperty(name, set.TypeName);
            if (readOnly.Contains(name)) throw BusinessCentralRefusals.ReadOnly(name, set.TypeName);
        }
    }

    public static string? Text(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw BusinessCentralRefusals.BadValue(node.ToJsonString(), "Edm.String");
    }

    public static decimal? Number(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw BusinessCentralRefusals.BadValue(node.ToJsonString(), "Edm.Decimal");
    }

    public static bool? Bool(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        return node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : throw BusinessCentralRefusals.BadValue(node.ToJsonString(), "Edm.Boolean");
    }

    /// <summary>An Edm.Date (YYYY-MM-DD).</summary>
    public static string? Date(JsonObject body, string name)
    {
        var text = Text(body, name);
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? text : throw BusinessCentralRefusals.BadValue(text, "Edm.Date");
    }

    /// <summary>An Edm.Guid in lower case.</summary>
    public static string? Guid(JsonObject body, string name)
    {
        var text = Text(body, name);
        if (text is null) return null;
        return System.Guid.TryParse(text, out var id) ? id.ToString() : throw BusinessCentralRefusals.BadValue(text, "Edm.Guid");
    }

    public static string Text(JsonNode? node) => node is JsonValue value ? value.ToString() : "";

    public static decimal Decimal(JsonNode? node) =>
        node is JsonValue v && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0m;

    public static bool SameId(JsonNode? id, string other) => string.Equals(Text(id), other, StringComparison.OrdinalIgnoreCase);
}

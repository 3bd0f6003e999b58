using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>Reads the fields of a write's JSON body the way the record service takes them, refusing wrong types.</summary>
internal static partial class NetSuiteWriteBody
{
    /// <summary>A reference's internal id: <c>{"id":"12"}</c> (a number is taken too); null when the field is absent.</summary>
    public static string? RefId(JsonObject body, string field, string path)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null) return null;
        if (node is JsonObject reference && reference["id"] is JsonValue id
            && id.GetValueKind() is JsonValueKind.String or JsonValueKind.Number && id.ToString().Length > 0)
            return id.ToString();
        throw NetSuiteRefusals.InvalidValue(path, node.ToJsonString());
    }

    public static decimal? Number(JsonObject body, string field, string path)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        throw NetSuiteRefusals.InvalidContent(path, $"Invalid number {node.ToJsonString()} for field {field}.");
    }

    public static string? Text(JsonObject body, string field, string path)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw NetSuiteRefusals.InvalidContent(path, $"Invalid value {node.ToJsonString()} for text field {field}.");
    }

    public static bool? Bool(JsonObject body, string field, string path)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
        throw NetSuiteRefusals.InvalidContent(path, $"Invalid value {node.ToJsonString()} for checkbox field {field}.");
    }

    /// <summary>A date field as YYYY-MM-DD (an account-local day), as record JSON writes dates.</summary>
    public static string? Date(JsonObject body, string field, string path)
    {
        var text = Text(body, field, path);
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? text
            : throw NetSuiteRefusals.InvalidContent(path, $"Invalid date value {text} for field {field}; use YYYY-MM-DD.");
    }

    /// <summary>The lines of a sublist in the body (<c>{"items":[…]}</c>); null when the sublist is absent.</summary>
    public static IReadOnlyList<JsonObject>? Lines(JsonObject body, string sublist)
    {
        if (!body.TryGetPropertyValue(sublist, out var node) || node is null) return null;
        if (node is JsonObject o && o["items"] is JsonArray items && items.All(i => i is JsonObject))
            return items.OfType<JsonObject>().ToList();
        throw NetSuiteRefusals.InvalidContent(sublist, $"The sublist {sublist} must be an object with an items array.");
    }

    public static void RejectReadOnly(JsonObject body, IEnumerable<string> readOnly, string prefix = "")
    {
        foreach (var field in readOnly)
            if (body.ContainsKey(field)) throw NetSuiteRefusals.ReadOnly(prefix + field);
    }

    /// <summary>An external ID may hold letters, digits, '_' and '-' (Oracle, "Using External IDs").</summary>
    public static string? ExternalId(JsonObject body)
    {
        var value = Text(body, "externalId", "externalId");
        if (value is null) return null;
        return ExternalIdPattern().IsMatch(value) ? value : throw NetSuiteRefusals.InvalidValue("externalId", value);
    }

    /// <summary>Custom fields of the given prefixes, copied as sent.</summary>
    public static IEnumerable<KeyValuePair<string, JsonNode?>> Custom(JsonObject body, string prefix) =>
        body.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()));

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExternalIdPattern();
}

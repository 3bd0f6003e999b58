using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>Reading the JSON body of an OData v2 write: typed values, deep-inserted navigations, read-only checks.</summary>
internal static class SapPayload
{
    /// <summary>An Edm.String value; numbers are taken by their text (clients send keys both ways); null when absent.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value ? value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    } : null;

    public static string Text(JsonObject row, string property) => Text(row[property]) ?? "";

    /// <summary>An Edm.Decimal sent as a string (the v2 JSON format) or a number.</summary>
    public static bool TryDecimal(JsonNode? node, out decimal value)
    {
        value = 0;
        return Text(node) is { Length: > 0 } text
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    public static bool IsFlag(JsonNode? node) => node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    public static bool Flag(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static bool IsDate(JsonNode? node) => Text(node) is { } text && SapDates.TryParseMilliseconds(text, out _);

    public static string Decimal(decimal value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The entries of a deep-inserted or stored collection navigation: <c>{"results":[...]}</c> or a bare array.</summary>
    public static IReadOnlyList<JsonObject> Results(JsonNode? navigation) => navigation switch
    {
        JsonObject { } nav when nav["results"] is JsonArray results => results.OfType<JsonObject>().ToList(),
        JsonArray array => array.OfType<JsonObject>().ToList(),
        _ => [],
    };

    /// <summary>The stored results array of a collection navigation, created when missing.</summary>
    public static JsonArray ResultsArray(JsonObject row, string navigation)
    {
        if (row[navigation] is JsonObject nav && nav["results"] is JsonArray results) return results;
        var created = new JsonArray();
        row[navigation] = new JsonObject { ["results"] = created };
        return created;
    }

    /// <summary>Reports every read-only property the payload names.</summary>
    public static void RejectReadOnly(SapMessages messages, JsonObject payload, IEnumerable<string> readOnly, string entityType, string targetPrefix = "")
    {
        foreach (var property in readOnly)
            if (payload.ContainsKey(property)) messages.ReadOnlyProperty(property, entityType, targetPrefix);
    }

    /// <summary>Navigation properties cannot be written by PATCH/MERGE in OData v2: only by deep insert on POST.</summary>
    public static void RejectNavigations(SapMessages messages, JsonObject payload, SapEntitySet set)
    {
        foreach (var nav in set.Navs)
            if (payload.ContainsKey(nav.Name))
                messages.Error(SapMessages.NavigationInPatch, $"Navigation property '{nav.Name}' cannot be changed by PATCH; use its own entity set", nav.Name);
    }

    /// <summary>Checks the Edm.DateTime(Offset) properties the payload names for the <c>/Date(ms)/</c> format.</summary>
    public static void CheckDates(SapMessages messages, JsonObject payload, IEnumerable<string> dateProperties, string targetPrefix = "")
    {
        foreach (var property in dateProperties)
        {
            if (!payload.TryGetPropertyValue(property, out var node) || node is null || IsDate(node)) continue;
            messages.Error(SapMessages.InvalidValue, $"Property '{property}' has an invalid value; expected /Date(milliseconds)/", property, targetPrefix + property);
        }
    }

    /// <summary>Copies the scalar properties of a payload (not navigations, not __metadata) onto a row.</summary>
    public static void CopyScalars(JsonObject payload, JsonObject row, SapEntitySet set, IEnumerable<string>? except = null)
    {
        var skip = except?.ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (name, value) in payload)
        {
            if (name == "__metadata" || set.FindNav(name) is not null || skip.Contains(name)) continue;
            row[name] = value?.DeepClone();
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>Unified values written as UpKeep fields: instants and calendar days as ISO 8601 UTC with milliseconds,
/// decimal strings as JSON numbers (never through floating point), custom_fields as the customData object.</summary>
internal static class UpKeepWriteValues
{
    /// <summary>Whether an update mask covers a unified field ("*", the field itself, a path below or above it).</summary>
    public static bool Masked(IReadOnlyList<string> mask, string field) =>
        mask.Any(p => p == "*" || p == field || p.StartsWith(field + ".", StringComparison.Ordinal) || field.StartsWith(p + ".", StringComparison.Ordinal));

    public static string? Time(Timestamp? time) =>
        time?.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>"2024-05-01" → "2024-05-01T00:00:00.000Z": UpKeep keeps due dates as instants; the reader takes their UTC day.</summary>
    public static string Day(string date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? date + "T00:00:00.000Z" : date;

    public static JsonNode? Number(string value) =>
        value.Length == 0 ? null
        : decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
        : JsonValue.Create(value);

    /// <summary>custom_fields as customData: on a create all of them; on an update "custom_fields" (or "*") replaces the
    /// object, "custom_fields.x" paths change those keys of the current object (a key the record lacks is removed).</summary>
    public static JsonObject? CustomData(Struct? fields, IReadOnlyList<string>? mask, JsonObject? current)
    {
        fields ??= new Struct();
        if (mask is null || mask.Contains("*") || mask.Contains("custom_fields")) return mask is null && fields.Fields.Count == 0 ? null : ToJson(fields);
        var keys = mask.Where(p => p.StartsWith("custom_fields.", StringComparison.Ordinal)).Select(p => p["custom_fields.".Length..]).ToList();
        if (keys.Count == 0) return null;
        var merged = (current?["customData"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        foreach (var key in keys)
        {
            if (fields.Fields.TryGetValue(key, out var value)) merged[key] = ToJson(value);
            else merged.Remove(key);
        }
        return merged;
    }

    private static JsonObject ToJson(Struct fields)
    {
        var json = new JsonObject();
        foreach (var (name, value) in fields.Fields) json[name] = ToJson(value);
        return json;
    }

    private static JsonNode? ToJson(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => JsonValue.Create(value.StringValue),
        Value.KindOneofCase.NumberValue => JsonValue.Create(value.NumberValue),
        Value.KindOneofCase.BoolValue => JsonValue.Create(value.BoolValue),
        Value.KindOneofCase.StructValue => ToJson(value.StructValue),
        Value.KindOneofCase.ListValue => new JsonArray(value.ListValue.Values.Select(ToJson).ToArray()),
        _ => null,
    };
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Runtime.InteropServices;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.Reading;

/// <summary>Conversions every mapping shares, so the unified model reads the same whatever the source.</summary>
public static class Normalize
{
    /// <summary>A decimal string ("1250.5", "-3", "0.000") from a JSON number or numeric string, never through
    /// floating point; "" for null, empty or non-numeric values.</summary>
    public static string Decimal(JsonNode? node)
    {
        if (node is not JsonValue value) return "";
        var text = value.GetValueKind() switch
        {
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.String => value.GetValue<string>().Trim(),
            _ => "",
        };
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d.ToString(CultureInfo.InvariantCulture)
            : "";
    }

    public static string Decimal(JsonElement value)
    {
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => decimal.TryParse(JsonMarshal.GetRawUtf8Value(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : (decimal?)null,
            JsonValueKind.String => decimal.TryParse(value.GetString().AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null,
            _ => null,
        };
        return parsed?.ToString(CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>A calendar date as YYYY-MM-DD.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant as a protobuf Timestamp; null stays null.</summary>
    public static Timestamp? Time(DateTimeOffset? instant) => instant is { } t ? Timestamp.FromDateTimeOffset(t) : null;

    public static Money Money(string currencyCode, JsonNode? amount) =>
        new() { CurrencyCode = currencyCode, Amount = Decimal(amount) };

    public static Money Money(string currencyCode, JsonElement amount) =>
        new() { CurrencyCode = currencyCode, Amount = Decimal(amount) };

    /// <summary>A string field's value, "" when absent or null; numbers and booleans as their JSON text.</summary>
    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "",
    };

    public static string Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => "",
    };

    /// <summary>A JSON object as a protobuf Struct (numbers become doubles, as in the protobuf JSON mapping).</summary>
    public static Struct ToStruct(JsonObject obj)
    {
        var s = new Struct();
        foreach (var (name, node) in obj) s.Fields[name] = ToValue(node);
        return s;
    }

    public static Value ToValue(JsonNode? node) => node switch
    {
        null => Value.ForNull(),
        JsonObject o => Value.ForStruct(ToStruct(o)),
        JsonArray a => Value.ForList(a.Select(ToValue).ToArray()),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => Value.ForString(v.GetValue<string>()),
            JsonValueKind.Number => Value.ForNumber(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)),
            JsonValueKind.True => Value.ForBool(true),
            JsonValueKind.False => Value.ForBool(false),
            _ => Value.ForNull(),
        },
        _ => Value.ForNull(),
    };

    public static Value ToValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => Value.ForStruct(ToStruct(value)),
        JsonValueKind.Array => Value.ForList(value.EnumerateArray().Select(ToValue).ToArray()),
        JsonValueKind.String => Value.ForString(value.GetString()),
        JsonValueKind.Number => Value.ForNumber(value.GetDouble()),
        JsonValueKind.True => Value.ForBool(true),
        JsonValueKind.False => Value.ForBool(false),
        _ => Value.ForNull(),
    };

    private static Struct ToStruct(JsonElement obj)
    {
        var s = new Struct();
        foreach (var property in obj.EnumerateObject()) s.Fields[property.Name] = ToValue(property.Value);
        return s;
    }

    /// <summary>The fields of <paramref name="record"/> whose names match, as custom_fields (empty Struct when none).</summary>
    public static Struct CustomFields(JsonObject record, Func<string, bool> isCustom)
    {
        var s = new Struct();
        foreach (var (name, node) in record)
            if (isCustom(name)) s.Fields[name] = ToValue(node);
        return s;
    }

    public static Struct CustomFields(JsonElement record, Func<string, bool> isCustom)
    {
        var s = new Struct();
        if (record.ValueKind != JsonValueKind.Object) return s;
        foreach (var property in record.EnumerateObject())
            if (isCustom(property.Name)) s.Fields[property.Name] = ToValue(property.Value);
        return s;
    }

    /// <summary>A property of a JSON object; an undefined element when it is absent or <paramref name="obj"/> is not an
    /// object, so lookups chain like <c>?[]</c> on nodes.</summary>
    public static JsonElement Field(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? value : default;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>A calendar date as YYYY-MM-DD.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant as a protobuf Timestamp; null stays null.</summary>
    public static Timestamp? Time(DateTimeOffset? instant) => instant is { } t ? Timestamp.FromDateTimeOffset(t) : null;

    public static Money Money(string currencyCode, JsonNode? amount) =>
        new() { CurrencyCode = currencyCode, Amount = Decimal(amount) };

    /// <summary>A string field's value, "" when absent or null; numbers and booleans as their JSON text.</summary>
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

    /// <summary>The fields of <paramref name="record"/> whose names match, as custom_fields (empty Struct when none).</summary>
    public static Struct CustomFields(JsonObject record, Func<string, bool> isCustom)
    {
        var s = new Struct();
        foreach (var (name, node) in record)
            if (isCustom(name)) s.Fields[name] = ToValue(node);
        return s;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>
/// Unified values written as Maximo attribute values: instants as ISO date-times with an offset, calendar dates as
/// local midnight without one (Maximo reads that in the server's zone, so the day stays the day), decimal strings as
/// JSON numbers (never through floating point), references by the code after the scope ("BEDFORD/11430" → "11430").
/// </summary>
internal static class MaximoPayload
{
    /// <summary>Whether an update mask covers a unified field ("*", the field itself, a path below or above it).</summary>
    public static bool Masked(IReadOnlyList<string> mask, string field) =>
        mask.Any(p => p == "*" || p == field || p.StartsWith(field + ".", StringComparison.Ordinal) || field.StartsWith(p + ".", StringComparison.Ordinal));

    public static void Put(JsonObject body, string attribute, string value)
    {
        if (value.Length > 0) body[attribute] = value;
    }

    /// <summary>Sets the attribute even when empty: in an update an emptied field clears the attribute.</summary>
    public static void Set(JsonObject body, string attribute, string value) => body[attribute] = value.Length > 0 ? value : null;

    public static string? Time(Timestamp? time) =>
        time is null ? null : time.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>"2024-05-01" → "2024-05-01T00:00:00": local midnight of that day at the server.</summary>
    public static string Date(string date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? date + "T00:00:00" : date;

    /// <summary>A decimal string as a JSON number; text that is not a number goes as sent, for Maximo to refuse.</summary>
    public static JsonNode? Number(string value) =>
        value.Length == 0 ? null
        : decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
        : JsonValue.Create(value);

    /// <summary>The code of a scoped remote id: its last part ("EAGLENA/ACME" → "ACME").</summary>
    public static string Code(string remoteId) => remoteId[(remoteId.LastIndexOf('/') + 1)..];

    /// <summary>The scope of a scoped remote id: its first part ("BEDFORD/11430" → "BEDFORD"), "" when unscoped.</summary>
    public static string Scope(string remoteId) => remoteId.IndexOf('/') is var slash and > 0 ? remoteId[..slash] : "";

    /// <summary>custom_fields are attributes by their own names; only scalars fit an attribute.</summary>
    public static void CustomFields(JsonObject body, Struct? fields, IReadOnlyList<string>? mask)
    {
        if (fields is null) return;
        foreach (var (name, value) in fields.Fields)
        {
            if (mask is not null && !Masked(mask, "custom_fields." + name)) continue;
            body[name.ToLowerInvariant()] = value.KindCase switch
            {
                Value.KindOneofCase.StringValue => JsonValue.Create(value.StringValue),
                Value.KindOneofCase.NumberValue => JsonValue.Create(value.NumberValue),
                Value.KindOneofCase.BoolValue => JsonValue.Create(value.BoolValue),
                Value.KindOneofCase.NullValue => null,
                _ => throw new SourceValidationException(SystemCatalog.Maximo, 400, "CUSTOM_FIELD_NOT_SCALAR",
                    $"custom field '{name}' must be a string, number, boolean or null: a Maximo attribute holds one value", name,
                    "custom_fields." + name, stateRule: false),
            };
        }
    }

    /// <summary>The connection's native fields (write defaults and the call's remote_fields) over the payload.</summary>
    public static void Overlay(JsonObject body, JsonObject remoteFields)
    {
        foreach (var (name, value) in remoteFields) body[name.ToLowerInvariant()] = value?.DeepClone();
    }
}

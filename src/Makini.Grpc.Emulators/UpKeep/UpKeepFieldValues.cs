using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>Checks and normalizes written UpKeep field values: text, whole and decimal numbers, ISO 8601 instants
/// (stored as UTC with milliseconds and Z), references to locations, users and other records.</summary>
internal static class UpKeepFieldValues
{
    public static string Text(JsonObject record, string field) =>
        record[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
        : record[field] is JsonValue n && n.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? n.ToJsonString()
        : "";

    public static void RequireText(JsonObject record, string field)
    {
        if (Text(record, field).Trim().Length == 0) throw UpKeepWriteException.Required(field);
    }

    public static void OneOf(JsonObject record, string field, params string[] values)
    {
        if (record.ContainsKey(field) && !values.Contains(Text(record, field)))
            throw UpKeepWriteException.Invalid($"{field} must be one of {string.Join(", ", values)}");
    }

    public static decimal? Number(JsonObject record, string field)
    {
        if (record[field] is null) return null;
        return decimal.TryParse(Text(record, field), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw UpKeepWriteException.Invalid($"{field} must be a number");
    }

    /// <summary>An ISO 8601 date or date-time; without an offset it is UTC.</summary>
    public static void Instant(JsonObject record, string field)
    {
        if (record[field] is null) return;
        record[field] = DateTimeOffset.TryParse(Text(record, field), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? UpKeepDemoRandom.Iso(instant)
            : throw UpKeepWriteException.Invalid($"{field} must be an ISO 8601 date");
    }

    public static void Location(JsonObject record, string field = "location")
    {
        if (Text(record, field) is { Length: > 0 } id && !UpKeepCatalog.Locations.Any(l => l.Id == id)) throw UpKeepWriteException.Missing(field, id);
    }

    public static void User(JsonObject record, string field)
    {
        if (Text(record, field) is { Length: > 0 } id && !UpKeepCatalog.Users.Contains(id)) throw UpKeepWriteException.Missing(field, id);
    }

    public static void Reference(UpKeepInstance instance, JsonObject record, string field, string entity)
    {
        if (Text(record, field) is { Length: > 0 } id && instance.Records[entity].Get(id) is null) throw UpKeepWriteException.Missing(field, id);
    }
}

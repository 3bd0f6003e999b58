using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>Reading Business Central API v2.0 JSON: GUIDs, Edm.Date, Edm.DateTimeOffset, blank enum values, custom fields.</summary>
public static class BusinessCentralFields
{
    public static string Text(JsonNode? node) => Normalize.Text(node);

    /// <summary>A GUID in lower case; null when absent or the empty GUID (how the API writes "no value").</summary>
    public static string? Guid(JsonNode? node) =>
        System.Guid.TryParse(Text(node), out var id) && id != System.Guid.Empty ? id.ToString() : null;

    /// <summary>An Edm.Date as YYYY-MM-DD; the API's blank date 0001-01-01 becomes "".</summary>
    public static string Date(JsonNode? node) =>
        DateOnly.TryParseExact(Text(node), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date != DateOnly.MinValue
            ? Normalize.Date(date)
            : "";

    /// <summary>An Edm.DateTimeOffset such as "2025-02-02T18:28:34.057Z"; null when absent or blank.</summary>
    public static DateTimeOffset? Instant(JsonNode? node) =>
        DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
        && t.Year > 1
            ? t
            : null;

    public static Timestamp? Time(JsonNode? node) => Normalize.Time(Instant(node));

    /// <summary>An enum's blank option: the API writes it as "_x0020_" (an escaped space); some clients see " " or "".</summary>
    public static bool IsBlankOption(JsonNode? node) => Text(node).Trim() is "" or "_x0020_";

    /// <summary>
    /// custom_fields: properties outside the documented API v2.0 entity (as a customized or extended page adds them),
    /// by their names; OData annotations (@odata.*) and the expanded lines are not custom fields.
    /// </summary>
    public static Struct CustomFields(JsonObject entity, IReadOnlySet<string> standard) =>
        Normalize.CustomFields(entity, name => !standard.Contains(name) && !name.Contains('@', StringComparison.Ordinal));
}

using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>Reading UpKeep's JSON: ISO 8601 UTC timestamps, references that are ids (or objects with
/// <c>includes=</c>), and the customData object.</summary>
internal static class UpKeepFields
{
    /// <summary>UNVERIFIED: UpKeep keeps one currency per account and the API names none; the demo account uses USD.</summary>
    public const string AccountCurrency = "USD";

    public static DateTimeOffset? Instant(JsonNode? node) =>
        Normalize.Text(node) is { Length: > 0 } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    public static Timestamp? Time(JsonNode? node) => Normalize.Time(Instant(node));

    /// <summary>The UTC calendar day of a timestamp (UpKeep sends due dates as instants, e.g. "2024-03-15T00:00:00.000Z").</summary>
    public static string UtcDate(JsonNode? node) =>
        Instant(node) is { } instant ? Normalize.Date(DateOnly.FromDateTime(instant.UtcDateTime)) : "";

    /// <summary>The id of a reference: the value itself, or the <c>id</c> of an expanded object.</summary>
    public static string IdOf(JsonNode? node) => node is JsonObject expanded ? Normalize.Text(expanded["id"]) : Normalize.Text(node);

    /// <summary>A reference by id, named when the reference was expanded; null when empty.</summary>
    public static RecordRef? Ref(JsonNode? node)
    {
        var id = IdOf(node);
        if (id.Length == 0) return null;
        var name = node is JsonObject expanded ? Normalize.Text(expanded["name"] ?? expanded["businessName"]) : "";
        return new RecordRef { RemoteId = id, Name = name };
    }

    /// <summary>The custom-field rule: the entries of the record's <c>customData</c> object (UNVERIFIED name), by key.</summary>
    public static Struct CustomFields(JsonObject record) =>
        record["customData"] is JsonObject custom ? Normalize.ToStruct(custom) : new Struct();
}

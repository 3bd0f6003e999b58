using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>Reading NetSuite REST record JSON: references, instants, dates, sublists and custom fields.</summary>
public static class NetSuiteFields
{
    /// <summary>Custom fields of transactions (body, line), entities and items; everything Makini's model lacks.</summary>
    private static readonly string[] CustomPrefixes = ["custbody", "custcol", "custentity", "custitem"];

    public static bool IsCustom(string name) => CustomPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    public static string Text(JsonNode? node) => Normalize.Text(node);

    /// <summary>A reference's internal id ({id, refName, links}); "" when absent.</summary>
    public static string RefId(JsonNode? reference) => reference is JsonObject o ? Text(o["id"]) : "";

    /// <summary>A reference's display name; a plain string is its own name.</summary>
    public static string RefName(JsonNode? reference) => reference switch
    {
        JsonObject o => Text(o["refName"]),
        JsonValue => Text(reference),
        _ => "",
    };

    public static RecordRef? Ref(JsonNode? reference) =>
        RefId(reference) is { Length: > 0 } id ? new RecordRef { RemoteId = id, Name = RefName(reference) } : null;

    /// <summary>An ISO instant such as "2025-10-07T17:10:00Z"; null when absent or unreadable.</summary>
    public static DateTimeOffset? Instant(JsonNode? node) =>
        Text(node) is { Length: > 0 } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;

    public static Timestamp? Time(JsonNode? node) => Normalize.Time(Instant(node));

    /// <summary>
    /// A date field as YYYY-MM-DD. NetSuite sends account-local dates as "2025-02-28", which are kept as they are
    /// (no time zone shift). Should one arrive as an instant, it is read as the account-local day it falls on.
    /// </summary>
    public static string Date(JsonNode? node, NetSuiteAccountSettings account)
    {
        var text = Text(node);
        if (text.Length == 0) return "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return Normalize.Date(date);
        return Instant(node) is { } instant ? Normalize.Date(account.LocalDate(instant)) : "";
    }

    /// <summary>The lines of an expanded sublist (<c>{"items":[…]}</c>); empty when it came as a link only.</summary>
    public static IEnumerable<JsonObject> Lines(JsonNode? sublist) =>
        (sublist as JsonObject)?["items"] is JsonArray items ? items.OfType<JsonObject>() : [];

    public static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>
    /// NetSuite has no ETag: the record's lastModifiedDate (as sent, to the second) stands in for one. A writer given an
    /// etag reads the record first and refuses the write when it changed since (two saves within one second look alike).
    /// </summary>
    public static string EtagOf(JsonObject record) => Text(record["lastModifiedDate"]);

    /// <summary>The custom fields of a record, by their NetSuite script ids.</summary>
    public static Struct CustomFields(JsonObject record) => Normalize.CustomFields(record, IsCustom);
}

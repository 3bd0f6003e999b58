using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// Reading OData v2 values as SAP Gateway sends them. Edm.DateTime <c>/Date(ms)/</c> is a calendar date at UTC
/// midnight, so it becomes that UTC date (never a local one, which would shift it by a day west of Greenwich);
/// Edm.DateTimeOffset <c>/Date(ms+0000)/</c> is an instant (the offset only annotates it); Edm.Time is an ISO 8601
/// duration such as <c>PT15H51M04S</c>; Edm.Decimal arrives as a string.
/// </summary>
public static partial class SapWire
{
    // IsMatch and a slice rather than Match and its groups: no allocation for the several dates of every record.
    public static DateTimeOffset? Instant(JsonElement value) => Instant(Normalize.Text(value));

    private static DateTimeOffset? Instant(string text) =>
        text.Length > 0 && DatePattern().IsMatch(text)
        && long.TryParse(Milliseconds(text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    /// <summary>The milliseconds of a text <see cref="DatePattern"/> matched: after "/Date(", up to the offset's sign
    /// (never the number's own leading one) or ")/".</summary>
    private static ReadOnlySpan<char> Milliseconds(string text)
    {
        var inner = text.AsSpan(6, text.Length - 8);
        var offset = inner[1..].IndexOfAny('+', '-');
        return offset < 0 ? inner : inner[..(offset + 1)];
    }

    /// <summary>An Edm.DateTime as the calendar date it stands for: the UTC date of its instant.</summary>
    public static DateOnly? Date(JsonElement value) => Instant(value) is { } instant ? DateOnly.FromDateTime(instant.UtcDateTime) : null;

    /// <summary>"YYYY-MM-DD", or "" when the value is null or empty.</summary>
    public static string DateText(JsonElement value) => Date(value) is { } date ? Normalize.Date(date) : "";

    /// <summary>The same for a value of a node the writers hold.</summary>
    public static string DateText(JsonNode? node) =>
        Instant(Normalize.Text(node)) is { } instant ? Normalize.Date(DateOnly.FromDateTime(instant.UtcDateTime)) : "";

    public static TimeSpan? Time(JsonElement value)
    {
        if (Normalize.Text(value) is not { Length: > 0 } text) return null;
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A date property and its Edm.Time companion (e.g. LastChangeDate + LastChangeTime) as one UTC instant.</summary>
    public static DateTimeOffset? DateAndTime(JsonElement date, JsonElement time) =>
        Date(date) is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + (Time(time) ?? TimeSpan.Zero) : null;

    public static bool Flag(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static bool Flag(JsonElement value) => value.ValueKind == JsonValueKind.True;

    public static string Text(JsonNode? node) => Normalize.Text(node);

    public static string Text(JsonElement value) => Normalize.Text(value);

    /// <summary>The entities of an expanded collection navigation (<c>{"results":[...]}</c>); none when deferred.</summary>
    public static IEnumerable<JsonObject> Results(JsonNode? navigation) =>
        navigation is JsonObject nav && nav["results"] is JsonArray results ? results.OfType<JsonObject>() : [];

    public static IEnumerable<JsonElement> Results(JsonElement navigation) =>
        navigation.Field("results") is { ValueKind: JsonValueKind.Array } results
            ? results.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];

    /// <summary>The ETag of an entity, from its <c>__metadata</c>.</summary>
    public static string ETag(JsonObject entity) => Text(entity["__metadata"]?["etag"]);

    public static string ETag(JsonElement entity) => Text(entity.Field("__metadata").Field("etag"));

    /// <summary>Maps an entity held as a node: serialized once, its bytes are the raw record and the parsed element what
    /// the mapping reads (it copies what it keeps, so the document can go when it returns).</summary>
    public static SourceRecord MapNode(JsonObject entity, Func<JsonElement, ReadOnlyMemory<byte>, SourceRecord> map)
    {
        var raw = JsonSerializer.SerializeToUtf8Bytes(entity);
        using var document = JsonDocument.Parse(raw);
        return map(document.RootElement, raw);
    }

    /// <summary>SAP extensibility fields (key user YY1_*, developer ZZ1_*) are the custom fields.</summary>
    public static bool IsCustomField(string name) =>
        name.StartsWith("YY1_", StringComparison.Ordinal) || name.StartsWith("ZZ1_", StringComparison.Ordinal);

    /// <summary>A <c>datetimeoffset'…'</c> literal for $filter, to the 100 ns SAP timestamps can hold.</summary>
    public static string DateTimeOffsetLiteral(DateTimeOffset instant) =>
        "datetimeoffset'" + instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) + "'";

    public static string DateTimeLiteral(DateOnly date) =>
        "datetime'" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00'";

    public static string TimeLiteral(TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"time'PT{time.Hours:D2}H{time.Minutes:D2}M{time.Seconds:D2}S'");

    [GeneratedRegex(@"^/Date\((-?\d+)([+-]\d{4})?\)/$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();
}

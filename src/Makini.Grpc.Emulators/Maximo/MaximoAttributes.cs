using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// Written attribute values as Maximo stores them: names in lower case without the <c>spi:</c> prefix, UPPER-type
/// attributes upper-cased, date-times in the server's zone, DATE attributes at local midnight, numbers as numbers.
/// System attributes (changedate, changeby, the unique id) are the server's: a client may not set them.
/// </summary>
internal static class MaximoAttributes
{
    public static readonly string[] SystemAttributes = ["changedate", "changeby"];

    /// <summary>A copy with Maximo's attribute names; <c>href</c>, <c>localref</c> and <c>_*</c> companions a client echoes back are dropped.</summary>
    public static JsonObject Normalized(JsonObject body)
    {
        var result = new JsonObject();
        foreach (var (rawName, value) in body)
        {
            var name = (rawName.StartsWith("spi:", StringComparison.Ordinal) ? rawName[4..] : rawName).ToLowerInvariant();
            if (name is "href" or "localref" || name.StartsWith('_') || name.EndsWith("_collectionref", StringComparison.Ordinal)) continue;
            result[name] = value switch
            {
                JsonArray rows => new JsonArray(rows.Select(r => r is JsonObject row ? (JsonNode)Normalized(row) : r?.DeepClone()).ToArray()),
                _ => value?.DeepClone(),
            };
        }
        return result;
    }

    public static string Text(JsonObject record, string attribute) => MaximoValue.TextOf(record[attribute]);

    public static void Upper(JsonObject record, params string[] attributes)
    {
        foreach (var attribute in attributes)
            if (record[attribute] is JsonValue v && v.GetValueKind() == JsonValueKind.String) record[attribute] = v.GetValue<string>().Trim().ToUpperInvariant();
    }

    /// <summary>DATETIME attributes: the instant written (server-local when no offset is given), in the server's zone.</summary>
    public static void DateTimes(JsonObject record, string objectPath, params string[] attributes) =>
        ConvertDates(record, objectPath, attributes, MaximoDates.DateTime);

    /// <summary>DATE attributes: the calendar day in the server's zone, at local midnight.</summary>
    public static void Dates(JsonObject record, string objectPath, params string[] attributes) =>
        ConvertDates(record, objectPath, attributes, MaximoDates.Date);

    public static void Numbers(JsonObject record, string objectPath, params string[] attributes)
    {
        foreach (var attribute in attributes)
        {
            if (record[attribute] is not JsonValue value) continue;
            record[attribute] = Decimal(value) is { } number
                ? JsonValue.Create(number)
                : throw MaximoRefusals.Invalid(attribute, attribute.ToUpperInvariant(), MaximoValue.TextOf(value), objectPath);
        }
    }

    public static decimal? Decimal(JsonNode? node) =>
        node is JsonValue v && decimal.TryParse(MaximoValue.TextOf(v), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d)
            ? d
            : null;

    /// <summary>Refuses system attributes in a create; in an update only when they would change.</summary>
    public static void RefuseSystemAttributes(JsonObject changes, string idAttribute, string objectPath, JsonObject? current = null) =>
        RefuseChanges(changes, [.. SystemAttributes, idAttribute], objectPath, current);

    /// <summary>Refuses attributes that would change (any value when there is no current record).</summary>
    public static void RefuseChanges(JsonObject changes, IEnumerable<string> attributes, string objectPath, JsonObject? current)
    {
        foreach (var attribute in attributes)
        {
            if (!changes.ContainsKey(attribute)) continue;
            if (current is null || !MaximoValue.Of(changes[attribute]).Matches(MaximoValue.Of(current[attribute])))
                throw MaximoRefusals.ReadOnly(attribute, objectPath);
        }
    }

    /// <summary>Merges scalar attributes (a null clears the attribute); child arrays are left to the caller.</summary>
    public static void MergeScalars(JsonObject target, JsonObject changes)
    {
        foreach (var (name, value) in changes)
        {
            if (value is JsonArray) continue;
            if (value is null) target.Remove(name);
            else target[name] = value.DeepClone();
        }
    }

    private static void ConvertDates(JsonObject record, string objectPath, string[] attributes, Func<DateTimeOffset, string> format)
    {
        foreach (var attribute in attributes)
        {
            if (record[attribute] is not JsonValue value) continue;
            var text = MaximoValue.TextOf(value);
            record[attribute] = MaximoDates.TryParseWritten(text, out var instant)
                ? format(instant)
                : throw MaximoRefusals.Invalid(attribute, attribute.ToUpperInvariant(), text, objectPath);
        }
    }
}

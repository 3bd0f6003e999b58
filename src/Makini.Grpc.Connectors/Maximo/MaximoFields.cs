using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>Reading Maximo's lean JSON attributes: date-times with offsets, DATE attributes, keys and custom fields.</summary>
internal static class MaximoFields
{
    /// <summary>A date-time attribute ("2022-05-27T03:19:20-05:00") as the instant it names; null when absent.</summary>
    public static DateTimeOffset? Instant(JsonNode? node) =>
        Normalize.Text(node) is { Length: > 0 } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : null;

    public static Timestamp? Time(JsonNode? node) => Normalize.Time(Instant(node));

    /// <summary>A DATE attribute (or a date-time used as a business date) as the calendar day written in the value,
    /// in the server's zone: "2024-03-15T00:00:00-04:00" is 2024-03-15, never shifted to UTC.</summary>
    public static string CalendarDate(JsonNode? node) =>
        Instant(node) is { } written ? Normalize.Date(DateOnly.FromDateTime(written.DateTime)) : "";

    /// <summary>A record key from its key attributes, joined by '/' (e.g. "BEDFORD/1000" for siteid, wonum); "" when
    /// one is missing.</summary>
    public static string Key(JsonObject record, IReadOnlyList<string> attributes)
    {
        var parts = new string[attributes.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Normalize.Text(record[attributes[i]]);
            if (parts[i].Length == 0) return "";
        }
        return string.Join('/', parts);
    }

    /// <summary>A reference by key, e.g. the asset "BEDFORD/11430" named "11430"; null when the attribute is empty.</summary>
    public static RecordRef? Ref(JsonObject record, string scopeAttribute, string codeAttribute)
    {
        var code = Normalize.Text(record[codeAttribute]);
        var scope = Normalize.Text(record[scopeAttribute]);
        return code.Length == 0 || scope.Length == 0 ? null : new RecordRef { RemoteId = $"{scope}/{code}", Name = code };
    }

    /// <summary>
    /// The custom-field rule: Maximo does not flag customer-added attributes, so every scalar top-level attribute that
    /// is neither one this mapping knows (<paramref name="known"/>) nor a Maximo system attribute (href, _rowstamp,
    /// localref, names starting with '_' and the *_collectionref, *_description, *_maxvalue, *_localref, *_longdescription
    /// companions, and the integration attributes externalrefid, sourcesysid, ownersysid, sendersysid) goes to
    /// custom_fields, by its attribute name. Child objects and arrays never do.
    /// </summary>
    public static Struct CustomFields(JsonObject record, IReadOnlySet<string> known)
    {
        var fields = new Struct();
        foreach (var (name, value) in record)
        {
            if (value is not JsonValue scalar || scalar.GetValueKind() == JsonValueKind.Null) continue;
            if (known.Contains(name) || IsSystem(name)) continue;
            fields.Fields[name] = Normalize.ToValue(value);
        }
        return fields;
    }

    private static readonly string[] SystemSuffixes = ["_collectionref", "_description", "_maxvalue", "_localref", "_longdescription", "_href"];

    private static readonly string[] IntegrationAttributes = ["externalrefid", "sourcesysid", "ownersysid", "sendersysid"];

    private static bool IsSystem(string name) =>
        name is "href" or "localref" || name.StartsWith('_') || name.Contains(':') || IntegrationAttributes.Contains(name)
        || SystemSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
}

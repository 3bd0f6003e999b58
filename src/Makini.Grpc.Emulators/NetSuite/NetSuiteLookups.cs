using System.Text.Json;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteReferenceData;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// The records a write refers to, as NetSuite validates references: an id that names no record, or an inactive one
/// (which no select field offers), is an Invalid Field Value for that field.
/// </summary>
internal static class NetSuiteLookups
{
    public static JsonObject ActiveVendor(NetSuiteInstance instance, string id, string path) =>
        instance.Records["vendor"].Get(id) is { } vendor && !IsTrue(vendor["isInactive"]) ? vendor : throw NetSuiteRefusals.InvalidValue(path, id);

    public static JsonObject ActiveItem(NetSuiteInstance instance, string id, string path) =>
        instance.Records["inventory_item"].Get(id) is { } item && !IsTrue(item["isInactive"]) ? item : throw NetSuiteRefusals.InvalidValue(path, id);

    public static Subsidiary Subsidiary(string id, string path) =>
        Subsidiaries.FirstOrDefault(s => s.Id == id) ?? throw NetSuiteRefusals.InvalidValue(path, id);

    public static Currency Currency(string id, string path) =>
        Currencies.FirstOrDefault(c => c.Id == id) ?? throw NetSuiteRefusals.InvalidValue(path, id);

    /// <summary>A location of the given subsidiary (a location of another subsidiary is not selectable).</summary>
    public static Location Location(string id, Subsidiary subsidiary, string path) =>
        Locations.FirstOrDefault(l => l.Id == id && l.SubsidiaryId == subsidiary.Id) ?? throw NetSuiteRefusals.InvalidValue(path, id);

    public static Term Term(string id, string path) =>
        Terms.FirstOrDefault(t => t.Id == id) ?? throw NetSuiteRefusals.InvalidValue(path, id);

    public static JsonObject Unit(string id, string path) =>
        Units.Where(u => u.Id == id).Select(u => Ref(u.Id, u.Name)).FirstOrDefault() ?? throw NetSuiteRefusals.InvalidValue(path, id);

    public static Account Account(string id, string path) =>
        Accounts.FirstOrDefault(a => a.Id == id) ?? throw NetSuiteRefusals.InvalidValue(path, id);

    public static string RefId(JsonNode? reference) => reference is JsonObject o && o["id"] is JsonValue id ? id.ToString() : "";

    public static string Text(JsonNode? node) => node is JsonValue value ? value.ToString() : "";

    public static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static decimal Number(JsonNode? node) =>
        node is JsonValue v && decimal.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 0m;

    /// <summary>Replaces a stored record's content with another's (the stored object itself stays in place).</summary>
    public static void ReplaceContent(JsonObject row, JsonObject with)
    {
        row.Clear();
        foreach (var (name, value) in with) row[name] = value?.DeepClone();
    }

    /// <summary>A repeated external ID is refused: it must name one record of the type.</summary>
    public static void EnsureUniqueExternalId(NetSuiteInstance instance, string entity, string? externalId, string? exceptId)
    {
        if (externalId is null) return;
        if (instance.Records[entity].WithField("externalId", externalId).Any(r => Text(r["id"]) != exceptId))
            throw NetSuiteRefusals.DuplicateExternalId();
    }
}

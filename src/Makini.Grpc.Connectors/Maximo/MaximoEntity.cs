using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>What a mapping needs beyond the record: the organization's base currency (inventory costs carry none).</summary>
internal sealed record MaximoMapContext(string BaseCurrency);

/// <summary>
/// How one unified entity is read from Maximo: its object structure, the unique numeric id attribute (keyset order
/// and tiebreak), the key attributes that make the remote id (e.g. siteid/wonum), the attributes the mapping knows
/// (everything else scalar is a custom field) and the mapping itself.
/// </summary>
internal sealed record MaximoEntity(
    EntityKind Kind,
    string ObjectStructure,
    string IdAttribute,
    IReadOnlyList<string> KeyAttributes,
    IReadOnlySet<string> Known,
    IReadOnlyList<FieldMappingEntry> Fields,
    Func<JsonObject, MaximoMapContext, IMessage> Map)
{
    public const string ChangeAttribute = "changedate";

    public EntityMapping Mapping => new(ObjectStructure, Fields);

    public string RemoteIdOf(JsonObject record) => MaximoFields.Key(record, KeyAttributes);

    /// <summary>A member as the sync sees it: remote id, unified message, the record as sent, its change time.</summary>
    public SourceRecord ToSourceRecord(JsonObject member, MaximoMapContext context) =>
        new(RemoteIdOf(member), Map(member, context), member, MaximoFields.Instant(member[ChangeAttribute]));

    /// <summary>The attributes every mapping reads besides its own: change stamp, concurrency token, ids.</summary>
    public static HashSet<string> KnownWith(params string[] attributes) =>
        new(attributes.Concat(["changedate", "changeby", "_rowstamp", "orgid", "siteid"]), StringComparer.Ordinal);
}

using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.NetSuite.NetSuiteFields;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>One unified inventory item: its remote id and the item record narrowed to that location (as raw).</summary>
public sealed record NetSuiteStockRecord(string RemoteId, InventoryItem Item, JsonObject Raw);

/// <summary>
/// A NetSuite inventoryItem record (read with expandSubResources=true) as one unified inventory item per line of its
/// <c>locations</c> sublist: remote_id "{item internal id}@{location internal id}", so renaming an item or a
/// location keeps the key. An item without location lines becomes one record with remote_id "{item internal id}".
/// </summary>
public static class NetSuiteInventoryMapping
{
    public const char KeySeparator = '@';

    public static string RemoteIdOf(string itemId, string locationId) =>
        locationId.Length == 0 ? itemId : $"{itemId}{KeySeparator}{locationId}";

    public static IReadOnlyList<NetSuiteStockRecord> Map(JsonObject record, NetSuiteMappingContext context)
    {
        var itemId = Text(record["id"]);
        var lines = Lines(record["locations"]).ToList();
        if (lines.Count == 0)
            return [new NetSuiteStockRecord(itemId, MapOne(record, null, context, itemId), record)];
        return lines.Select(line =>
        {
            var remoteId = RemoteIdOf(itemId, RefId(line["location"]));
            return new NetSuiteStockRecord(remoteId, MapOne(record, line, context, remoteId), Narrowed(record, line));
        }).ToList();
    }

    /// <summary>The keys of an item's stock records, as <see cref="Map"/> gives them.</summary>
    public static IEnumerable<string> RemoteIdsOf(JsonObject record)
    {
        var itemId = Text(record["id"]);
        var lines = Lines(record["locations"]).ToList();
        return lines.Count == 0 ? [itemId] : lines.Select(l => RemoteIdOf(itemId, RefId(l["location"])));
    }

    private static InventoryItem MapOne(JsonObject record, JsonObject? line, NetSuiteMappingContext context, string remoteId)
    {
        var stock = line ?? record;
        // Item costs are kept in the base currency of the account (UNVERIFIED for items of foreign subsidiaries).
        var cost = record["averageCost"] is JsonValue average && Normalize.Decimal(average) is { Length: > 0 } a && a != "0"
            ? record["averageCost"]
            : record["cost"];
        return new InventoryItem
        {
            RemoteId = remoteId,
            RemoteCreatedTime = Time(record["createdDate"]),
            RemoteModifiedTime = Time(record["lastModifiedDate"]),
            ItemCode = Text(record["itemId"]),
            Description = DescriptionOf(record),
            Location = line is null ? "" : RefName(line["location"]),
            QuantityOnHand = Normalize.Decimal(stock["quantityOnHand"]),
            QuantityAvailable = Normalize.Decimal(stock["quantityAvailable"]),
            UnitOfMeasure = RefName(record["stockUnit"]) is { Length: > 0 } unit ? unit : RefName(record["baseUnit"]),
            UnitCost = cost is null ? null : Normalize.Money(context.Currencies.BaseCurrency, cost),
            CustomFields = CustomFields(record),
            Etag = EtagOf(record),
        };
    }

    private static string DescriptionOf(JsonObject record)
    {
        foreach (var field in new[] { "displayName", "purchaseDescription", "salesDescription", "description" })
            if (Text(record[field]) is { Length: > 0 } text) return text;
        return "";
    }

    /// <summary>The item as sent, with only this location's line, so a change at one location changes one record.</summary>
    private static JsonObject Narrowed(JsonObject record, JsonObject line)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in record)
        {
            if (name != "locations" || value is not JsonObject sublist)
            {
                copy[name] = value?.DeepClone();
                continue;
            }
            var narrowed = new JsonObject();
            foreach (var (field, part) in sublist)
            {
                narrowed[field] = field switch
                {
                    "items" => new JsonArray(line.DeepClone()),
                    "count" or "totalResults" => 1,
                    _ => part?.DeepClone(),
                };
            }
            copy[name] = narrowed;
        }
        return copy;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteLookups;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteReferenceData;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// inventoryAdjustment creation: Adjustment Account and Subsidiary are mandatory; each line of the <c>inventory</c>
/// sublist names an active item, a location of that subsidiary (or the header's adjLocation) and a non-zero
/// adjustQtyBy. Stock may not go below zero (the account does not allow negative inventory). The adjustment changes
/// the item's <c>locations</c> sublist (quantityOnHand, quantityAvailable; a new location line when the item had no
/// stock there) and stamps the item's lastModifiedDate, so stock reads and incremental syncs see it. UNVERIFIED:
/// whether the real item record's lastModifiedDate moves with stock (see the reader's mapping notes).
/// </summary>
internal static class NetSuiteAdjustmentWrites
{
    private static readonly string[] ReadOnlyFields = ["id", "createdDate", "lastModifiedDate", "estimatedTotalValue"];

    private sealed record Change(string ItemId, JsonObject Item, Location Location, decimal Delta, decimal Before, JsonObject Line);

    public static string Create(NetSuiteInstance instance, JsonObject body, DateTimeOffset now)
    {
        NetSuiteWriteBody.RejectReadOnly(body, ReadOnlyFields);
        var missing = new List<(string, string)>();
        if (body["account"] is null) missing.Add(("account", "Adjustment Account"));
        if (body["subsidiary"] is null) missing.Add(("subsidiary", "Subsidiary"));
        if (missing.Count > 0) throw NetSuiteRefusals.Missing(missing);
        var externalId = NetSuiteWriteBody.ExternalId(body);
        EnsureUniqueExternalId(instance, NetSuiteInstance.InventoryAdjustments, externalId, null);
        var subsidiary = Subsidiary(NetSuiteWriteBody.RefId(body, "subsidiary", "subsidiary")!, "subsidiary");
        var account = Account(NetSuiteWriteBody.RefId(body, "account", "account")!, "account");
        var adjLocationId = NetSuiteWriteBody.RefId(body, "adjLocation", "adjLocation");
        var adjLocation = adjLocationId is null ? null : Location(adjLocationId, subsidiary, "adjLocation");
        var input = NetSuiteWriteBody.Lines(body, "inventory") ?? [];
        if (input.Count == 0) throw NetSuiteRefusals.NoLines("inventory");

        var changes = new List<Change>();
        var running = new Dictionary<(string, string), decimal>();
        for (var i = 0; i < input.Count; i++)
        {
            var path = $"inventory.items[{i}]";
            var itemId = NetSuiteWriteBody.RefId(input[i], "item", path + ".item") ?? throw NetSuiteRefusals.Missing([(path + ".item", "Item")]);
            var item = ActiveItem(instance, itemId, path + ".item");
            var locationId = NetSuiteWriteBody.RefId(input[i], "location", path + ".location") ?? adjLocation?.Id
                ?? throw NetSuiteRefusals.Missing([(path + ".location", "Location")]);
            var location = Location(locationId, subsidiary, path + ".location");
            var delta = NetSuiteWriteBody.Number(input[i], "adjustQtyBy", path + ".adjustQtyBy")
                ?? throw NetSuiteRefusals.Missing([(path + ".adjustQtyBy", "Adjust Qty. By")]);
            if (delta == 0) throw NetSuiteRefusals.InvalidContent(path + ".adjustQtyBy", "Adjust Qty. By must not be zero.");
            var before = running.TryGetValue((itemId, locationId), out var seen) ? seen : OnHand(item, locationId);
            if (before + delta < 0)
                throw NetSuiteRefusals.State(
                    $"You cannot adjust the quantity of {Text(item["itemId"])} at {location.Name} below zero: {Format(before)} on hand.");
            running[(itemId, locationId)] = before + delta;
            changes.Add(new Change(itemId, item, location, delta, before, input[i]));
        }

        var id = instance.NextTransactionId();
        var adjustment = new JsonObject
        {
            ["id"] = id,
            ["tranId"] = $"ADJ{id}",
            ["tranDate"] = NetSuiteWriteBody.Date(body, "tranDate", "tranDate") ?? NetSuiteAccountPreferences.Of(instance).LocalDate(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["subsidiary"] = RefOf(subsidiary),
            ["account"] = RefOf(account),
            ["memo"] = NetSuiteWriteBody.Text(body, "memo", "memo") ?? "",
            ["estimatedTotalValue"] = decimal.Round(changes.Sum(c => c.Delta * Number(c.Item["cost"])), 2),
            ["inventory"] = new JsonObject
            {
                ["items"] = new JsonArray(changes.Select((c, n) => (JsonNode)new JsonObject
                {
                    ["line"] = n + 1,
                    ["item"] = Ref(c.ItemId, Text(c.Item["itemId"])),
                    ["location"] = RefOf(c.Location),
                    ["adjustQtyBy"] = c.Delta,
                    ["quantityOnHand"] = c.Before,
                    ["newQuantity"] = c.Before + c.Delta,
                    ["memo"] = NetSuiteWriteBody.Text(c.Line, "memo", $"inventory.items[{n}].memo") ?? "",
                }).ToArray()),
            },
        };
        if (adjLocation is not null) adjustment["adjLocation"] = RefOf(adjLocation);
        if (externalId is not null) adjustment["externalId"] = externalId;
        foreach (var (name, value) in NetSuiteWriteBody.Custom(body, "custbody")) adjustment[name] = value;

        foreach (var change in changes)
            instance.Records["inventory_item"].Update(change.ItemId, item => Apply(item, change.Location, change.Delta), now);
        instance.Records[NetSuiteInstance.InventoryAdjustments].Upsert(adjustment, now);
        return id;
    }

    private static decimal OnHand(JsonObject item, string locationId) =>
        StockLines(item).Where(l => RefId(l["location"]) == locationId).Select(l => Number(l["quantityOnHand"])).FirstOrDefault();

    private static void Apply(JsonObject item, Location location, decimal delta)
    {
        if (item["locations"] is not JsonObject { } sublist || sublist["items"] is not JsonArray lines)
        {
            lines = [];
            item["locations"] = new JsonObject { ["items"] = lines };
        }
        var line = lines.OfType<JsonObject>().FirstOrDefault(l => RefId(l["location"]) == location.Id);
        if (line is null)
        {
            line = new JsonObject
            {
                ["location"] = RefOf(location),
                ["quantityOnHand"] = 0m,
                ["quantityCommitted"] = 0m,
                ["quantityOnOrder"] = 0m,
            };
            lines.Add(line);
        }
        var onHand = Number(line["quantityOnHand"]) + delta;
        line["quantityOnHand"] = onHand;
        line["quantityAvailable"] = Math.Max(0m, onHand - Number(line["quantityCommitted"]));
    }

    private static IEnumerable<JsonObject> StockLines(JsonObject item) => (item["locations"]?["items"] as JsonArray ?? []).OfType<JsonObject>();

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

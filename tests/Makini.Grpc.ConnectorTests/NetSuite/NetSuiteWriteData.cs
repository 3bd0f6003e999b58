using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.ConnectorTests.NetSuite;

/// <summary>Write requests as the write handler builds them, and demo records of the emulated account to write about.</summary>
public static class NetSuiteWriteData
{
    public static string NewKey() => "mk-" + Guid.NewGuid().ToString("N");

    public static WriteRequest Create(EntityKind entity, IMessage record, JsonObject? remoteFields = null, string? key = null) =>
        new(entity, WriteKind.Create, null, record, [], remoteFields ?? new JsonObject(), null, key ?? NewKey());

    public static WriteRequest Update(EntityKind entity, string remoteId, IMessage record, string[] mask, JsonObject? remoteFields = null, string? etag = null) =>
        new(entity, WriteKind.Update, remoteId, record, mask, remoteFields ?? new JsonObject(), etag, NewKey());

    public static WriteRequest Delete(EntityKind entity, string remoteId, string? etag = null) =>
        new(entity, WriteKind.Delete, remoteId, null, [], new JsonObject(), etag, NewKey());

    public static WriteRequest Adjust(string remoteId, string? delta, string? newQuantity, JsonObject? remoteFields = null, string location = "", string? key = null) =>
        new(EntityKind.InventoryItem, WriteKind.Adjust, remoteId, null, [], remoteFields ?? new JsonObject { ["account"] = "540" }, null,
            key ?? NewKey(), new InventoryAdjustment(location, delta, newQuantity, "cycle count"));

    public static string Id(JsonObject record) => record["id"]!.GetValue<string>();

    public static string RefId(JsonNode? reference) => reference!["id"]!.GetValue<string>();

    public static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>An active vendor of the subsidiary (1 = the US company) that buys in the subsidiary's currency.</summary>
    public static async Task<JsonObject> VendorAsync(NetSuiteTestAccount account, string subsidiary = "1") =>
        (await account.AllAsync("vendor")).First(v => !IsTrue(v["isInactive"]) && RefId(v["subsidiary"]) == subsidiary && RefId(v["currency"]) == subsidiary);

    public static async Task<IReadOnlyList<JsonObject>> ActiveItemsAsync(NetSuiteTestAccount account) =>
        (await account.AllAsync("inventory_item")).Where(i => !IsTrue(i["isInactive"])).ToList();

    /// <summary>An order with the given REST status id ("pendingReceipt": nothing received; "partiallyReceived").</summary>
    public static async Task<JsonObject> OrderAsync(NetSuiteTestAccount account, string status, int minLines = 1) =>
        (await account.AllAsync("purchase_order")).First(o => RefId(o["status"]) == status && o["item"]!["items"]!.AsArray().Count >= minLines);
}

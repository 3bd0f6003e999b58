using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// Stock adjustments as NetSuite makes them: an <c>inventoryAdjustment</c> record (POST) with the adjustment account,
/// subsidiary, <c>adjLocation</c> and one <c>inventory</c> line {item, location, adjustQtyBy}, carrying the write's
/// idempotency key as externalId. A new quantity (a count) becomes the difference to the quantity on hand read just
/// before; when there is none, nothing is written (so repeating a count is harmless). The result is the item's stock
/// record at that location, read back as the reader maps it.
/// </summary>
internal sealed class NetSuiteStockAdjustments(NetSuiteWriteClient client, NetSuiteWriteLookups lookups, NetSuiteReadBack readBack)
{
    private const string SystemId = SystemCatalog.NetSuite;

    public async Task<SourceRecord> AdjustAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var adjustment = request.Adjustment ?? throw new ArgumentException("An adjustment write needs the adjustment.", nameof(request));
        var remoteId = request.RemoteId ?? throw new ArgumentException("An adjustment write needs the item's remote id.", nameof(request));
        var (itemId, ownLocation) = Split(remoteId);
        var item = await client.GetRecordAsync(target, "inventoryItem", itemId, ct) ?? throw new SourceNotFoundException(SystemId, remoteId);
        if (request.Etag is { Length: > 0 } etag && NetSuiteFields.EtagOf(item) != etag)
            throw new SourceConflictException(SystemId, $"lastModifiedDate of item {itemId} is {NetSuiteFields.EtagOf(item)}, not {etag}");
        var locationId = adjustment.Location.Length > 0 && !IsLocationOf(item, ownLocation, adjustment.Location)
            ? await lookups.LocationIdAsync(target, adjustment.Location, "location", ct)
            : ownLocation;
        if (locationId.Length == 0)
            throw new SourceValidationException(SystemId, 400, "USER_ERROR", "Error while accessing resource: Please enter value(s) for: Location",
                "inventory.items[0].location", "location", stateRule: false);

        decimal delta;
        if (adjustment.NewQuantity is { } newQuantity)
        {
            delta = Parse(newQuantity, "new_quantity") - OnHand(item, locationId);
            if (delta == 0) return await ResultAsync(target, item, itemId, locationId, ct);
        }
        else delta = Parse(adjustment.Delta!, "quantity_delta");

        var body = NetSuiteWritePayloads.RemoteFields(request, []);
        if (body["subsidiary"] is null && await lookups.SubsidiaryOfLocationAsync(target, locationId, ct) is { Length: > 0 } subsidiary)
            body["subsidiary"] = NetSuiteWritePayloads.Ref(subsidiary);
        body["externalId"] = request.IdempotencyKey;
        body["adjLocation"] = NetSuiteWritePayloads.Ref(locationId);
        if (adjustment.Reason.Length > 0) body["memo"] = adjustment.Reason;
        var line = new JsonObject
        {
            ["item"] = NetSuiteWritePayloads.Ref(itemId),
            ["location"] = NetSuiteWritePayloads.Ref(locationId),
            ["adjustQtyBy"] = JsonValue.Create(delta),
        };
        if (adjustment.Reason.Length > 0) line["memo"] = adjustment.Reason;
        body["inventory"] = new JsonObject { ["items"] = new JsonArray(line) };

        var answer = await client.SendAsync(target, HttpMethod.Post, "inventoryAdjustment", "", body, ct);
        if (!answer.Succeeded && !(NetSuiteWriter.IsDuplicateExternalId(answer.Error)
                && await client.GetRecordAsync(target, "inventoryAdjustment", "eid:" + request.IdempotencyKey, ct) is not null))
            throw NetSuiteWriteErrors.Refused(request, answer.Error!, (int)answer.Status);
        var after = await client.GetRecordAsync(target, "inventoryItem", itemId, ct) ?? throw new SourceNotFoundException(SystemId, remoteId);
        return await ResultAsync(target, after, itemId, locationId, ct);
    }

    /// <summary>The stock record the adjustment with this key changed; null when NetSuite has no such adjustment.</summary>
    public async Task<SourceRecord?> FindAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        if (await client.GetRecordAsync(target, "inventoryAdjustment", "eid:" + request.IdempotencyKey, ct) is not { } adjustment) return null;
        var line = NetSuiteFields.Lines(adjustment["inventory"]).FirstOrDefault();
        var itemId = NetSuiteFields.RefId(line?["item"]);
        if (itemId.Length == 0 || await client.GetRecordAsync(target, "inventoryItem", itemId, ct) is not { } item) return null;
        return await ResultAsync(target, item, itemId, NetSuiteFields.RefId(line?["location"]), ct);
    }

    private async Task<SourceRecord> ResultAsync(SourceTarget target, JsonObject item, string itemId, string locationId, CancellationToken ct)
    {
        var records = await readBack.StockAsync(target, item, ct);
        var wanted = NetSuiteInventoryMapping.RemoteIdOf(itemId, locationId);
        return records.FirstOrDefault(r => r.RemoteId == wanted) ?? records[0];
    }

    /// <summary>"1201@3" → ("1201", "3"); an item without location lines is just "1201".</summary>
    private static (string ItemId, string LocationId) Split(string remoteId)
    {
        var at = remoteId.IndexOf(NetSuiteInventoryMapping.KeySeparator, StringComparison.Ordinal);
        return at < 0 ? (remoteId, "") : (remoteId[..at], remoteId[(at + 1)..]);
    }

    /// <summary>Whether the requested location (a name or an id) is the item's own location of this stock record.</summary>
    private static bool IsLocationOf(JsonObject item, string locationId, string requested) =>
        locationId.Length > 0 && (requested == locationId || NetSuiteFields.Lines(item["locations"])
            .Any(l => NetSuiteFields.RefId(l["location"]) == locationId && string.Equals(NetSuiteFields.RefName(l["location"]), requested, StringComparison.OrdinalIgnoreCase)));

    private static decimal OnHand(JsonObject item, string locationId) =>
        NetSuiteFields.Lines(item["locations"])
            .Where(l => NetSuiteFields.RefId(l["location"]) == locationId)
            .Select(l => decimal.TryParse(Normalize.Decimal(l["quantityOnHand"]), NumberStyles.Number, CultureInfo.InvariantCulture, out var q) ? q : 0m)
            .FirstOrDefault();

    private static decimal Parse(string text, string unifiedPath) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SourceValidationException(SystemId, 400, "INVALID_CONTENT", $"'{text}' is not a number.", null, unifiedPath, stateRule: false);
}

using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// Reads a written record back (GET with expandSubResources=true) and maps it exactly as the reader does, so what a
/// write returns is what a sync would store.
/// </summary>
internal sealed class NetSuiteReadBack(NetSuiteWriteClient client, NetSuiteCurrencyCache currencies)
{
    /// <summary>A purchase order or vendor by internal id or <c>eid:{externalId}</c>; null when there is none.</summary>
    public async Task<SourceRecord?> RecordAsync(SourceTarget target, EntityKind entity, string id, CancellationToken ct)
    {
        var recordType = entity == EntityKind.PurchaseOrder ? "purchaseOrder" : "vendor";
        if (await client.GetRecordAsync(target, recordType, id, ct) is not { } record) return null;
        var context = await ContextAsync(target, record, ct);
        IMessage unified = entity == EntityKind.PurchaseOrder
            ? NetSuitePurchaseOrderMapping.Map(record, context)
            : NetSuiteVendorMapping.Map(record, context);
        return new SourceRecord(NetSuiteFields.Text(record["id"]), unified, record, NetSuiteFields.Instant(record["lastModifiedDate"]));
    }

    /// <summary>The stock records of an item (one per location line), as the reader maps them; empty when the item is gone.</summary>
    public async Task<IReadOnlyList<SourceRecord>> StockAsync(SourceTarget target, JsonObject item, CancellationToken ct)
    {
        var context = await ContextAsync(target, item, ct);
        var modified = NetSuiteFields.Instant(item["lastModifiedDate"]);
        return NetSuiteInventoryMapping.Map(item, context).Select(s => new SourceRecord(s.RemoteId, s.Item, s.Raw, modified)).ToList();
    }

    /// <summary>The account's currencies (reloaded once when the record names one the cached book lacks) and preferences.</summary>
    private async Task<NetSuiteMappingContext> ContextAsync(SourceTarget target, JsonObject record, CancellationToken ct)
    {
        var book = await currencies.GetAsync(target, ct);
        if (!book.Knows(record["currency"]))
        {
            currencies.Forget(target, book);
            book = await currencies.GetAsync(target, ct);
        }
        return new NetSuiteMappingContext(book, NetSuiteAccountSettings.From(target));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// Reads NetSuite purchase orders, inventory items and vendors through the REST record service. A collection lists
/// internal ids only, in internal id order (the service cannot sort by change time); each page's records are then
/// read one by one with expandSubResources=true, a few at a time. Paging is by offset over that stable id order, so
/// records changed during a run keep their place. The cursor is the next offset.
/// </summary>
public sealed class NetSuiteReader : IEntityReader
{
    /// <summary>Records per page: each costs one GET, so pages stay small enough to finish quickly.</summary>
    public const int RecordPageSize = 100;

    /// <summary>Ids per page of a key scan (NetSuite's maximum limit).</summary>
    public const int KeyPageSize = 1000;

    private readonly NetSuiteRestClient _rest;
    private readonly NetSuiteCurrencyCache _currencies;

    public NetSuiteReader(IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
    {
        _rest = new NetSuiteRestClient(httpClientFactory);
        _currencies = new NetSuiteCurrencyCache(_rest, timeProvider);
    }

    public string SystemId => SystemCatalog.NetSuite;

    public ReadMode ModeOf(EntityKind entity)
    {
        RecordTypeOf(entity);
        return ReadMode.Incremental;
    }

    public async Task<SourcePage> ReadPageAsync(SourceTarget target, EntityKind entity, DateTimeOffset? changedSince, string? cursor, CancellationToken ct)
    {
        var recordType = RecordTypeOf(entity);
        CredentialGuard.Require(target, SystemId);
        var account = NetSuiteAccountSettings.From(target);
        var offset = OffsetOf(cursor);
        var q = changedSince is { } since ? account.ChangedSinceQuery(since) : null;

        var ids = await _rest.ListAsync(target, recordType, RecordPageSize, offset, q, ct);
        var records = await _rest.GetRecordsAsync(target, recordType, ids.Ids, ct);
        var currencies = await CurrenciesForAsync(target, records, ct);
        var context = new NetSuiteMappingContext(currencies, account);

        var page = new List<SourceRecord>(records.Count);
        foreach (var record in records)
        {
            var modified = NetSuiteFields.Instant(record["lastModifiedDate"]);
            // The day filter also returns that day's earlier changes; they are older than asked for.
            if (changedSince is { } from && modified is { } at && at < WholeMinute(from)) continue;
            page.AddRange(Map(entity, record, context, modified));
        }
        return new SourcePage(page, ids.HasMore ? Cursor(offset + RecordPageSize) : null);
    }

    public async Task<KeyPage> ReadKeysAsync(SourceTarget target, EntityKind entity, string? cursor, CancellationToken ct)
    {
        var recordType = RecordTypeOf(entity);
        CredentialGuard.Require(target, SystemId);
        var offset = OffsetOf(cursor);
        if (entity != EntityKind.InventoryItem)
        {
            var page = await _rest.ListAsync(target, recordType, KeyPageSize, offset, null, ct);
            return new KeyPage(page.Ids, page.HasMore ? Cursor(offset + KeyPageSize) : null);
        }
        // Stock records are keyed by item and location, and only the item record knows its locations.
        var items = await _rest.ListAsync(target, recordType, RecordPageSize, offset, null, ct);
        var records = await _rest.GetRecordsAsync(target, recordType, items.Ids, ct);
        return new KeyPage(records.SelectMany(NetSuiteInventoryMapping.RemoteIdsOf).ToList(), items.HasMore ? Cursor(offset + RecordPageSize) : null);
    }

    public EntityMapping MappingOf(EntityKind entity) => NetSuiteFieldMappings.Of(entity);

    private static IEnumerable<SourceRecord> Map(EntityKind entity, JsonObject record, NetSuiteMappingContext context, DateTimeOffset? modified)
    {
        switch (entity)
        {
            case EntityKind.PurchaseOrder:
                var order = NetSuitePurchaseOrderMapping.Map(record, context);
                return [new SourceRecord(order.RemoteId, order, record, modified)];
            case EntityKind.Vendor:
                var vendor = NetSuiteVendorMapping.Map(record, context);
                return [new SourceRecord(vendor.RemoteId, vendor, record, modified)];
            default:
                return NetSuiteInventoryMapping.Map(record, context).Select(s => new SourceRecord(s.RemoteId, s.Item, s.Raw, modified));
        }
    }

    /// <summary>The account's currencies; reloaded once when a record names a currency the cached book lacks.</summary>
    private async Task<NetSuiteCurrencyBook> CurrenciesForAsync(SourceTarget target, IReadOnlyList<JsonObject> records, CancellationToken ct)
    {
        var book = await _currencies.GetAsync(target, ct);
        if (records.All(r => book.Knows(r["currency"]))) return book;
        _currencies.Forget(target, book);
        return await _currencies.GetAsync(target, ct);
    }

    private string RecordTypeOf(EntityKind entity) => entity switch
    {
        EntityKind.PurchaseOrder => "purchaseOrder",
        EntityKind.InventoryItem => "inventoryItem",
        EntityKind.Vendor => "vendor",
        _ => throw new EntityNotSupportedException(SystemId, entity),
    };

    private static int OffsetOf(string? cursor)
    {
        if (cursor is null) return 0;
        return int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw new ArgumentException($"'{cursor}' is not a NetSuite cursor.", nameof(cursor));
    }

    private static string Cursor(int offset) => offset.ToString(CultureInfo.InvariantCulture);

    // NetSuite keeps change times to the second at most; comparing by whole minutes never drops a real change.
    private static DateTimeOffset WholeMinute(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}

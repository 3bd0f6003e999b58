using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// One emulated NetSuite account with one integration record and one access token (TBA), its date preferences
/// (time zone and date format, which <c>q</c> values are read in), and its vendors, inventory items and purchase orders.
/// </summary>
internal sealed class NetSuiteInstance : EmulatorInstance
{
    public static readonly IReadOnlyDictionary<string, string> DemoCredentials = new Dictionary<string, string>
    {
        ["account_id"] = "1234567_SB1",
        ["consumer_key"] = "63b7d7694ef07f37d20459fadb5ebf1fd2b58c90fa34b34015865498522b93b9",
        ["consumer_secret"] = "cbc39d6933ff1d907130e8329f11427f34dd4100224a4753a9cff367ce902f7b",
        ["token_id"] = "97471d1ab7a2c9eee4e5158802e52be51df36434f9efaa81155e1e8db4372f09",
        ["token_secret"] = "e9338a021fd082c617dd44cc8c44520dc773c8779bf9bc5693ca7fcf7bc9c5d0",
        ["time_zone"] = NetSuiteAccountPreferences.DefaultTimeZone,
        ["date_format"] = NetSuiteAccountPreferences.DefaultDateFormat,
    };

    /// <summary>The seed of the demo data every instance starts with.</summary>
    public const int DemoSeed = 20_240_115;

    public const int DemoVendors = 200;
    public const int DemoItems = 250;
    public const int DemoPurchaseOrders = 400;

    // Internal ids are numbered per record family, as in a real account (entities, items and transactions apart).
    private int _nextVendorId = 500;
    private int _nextItemId = 1200;
    private int _nextOrderId = 10_000;

    public NetSuiteInstance(string segment, TimeProvider time)
        : base(segment, time, DemoCredentials, ["consumer_secret", "token_secret"])
    {
        Records.Define(new RecordKind("vendor", KeyOf, (r, now) => Stamp(r, now, "dateCreated"),
            (count, seed, now) => NetSuiteDemoVendors.Generate(TakeIds(ref _nextVendorId, count), count, seed, now)));
        Records.Define(new RecordKind("inventory_item", KeyOf, (r, now) => Stamp(r, now, "createdDate"),
            (count, seed, now) => NetSuiteDemoItems.Generate(TakeIds(ref _nextItemId, count), count, seed, now)));
        Records.Define(new RecordKind("purchase_order", KeyOf, (r, now) => Stamp(r, now, "createdDate"),
            (count, seed, now) => NetSuiteDemoOrders.Generate(TakeIds(ref _nextOrderId, count), count, seed, now,
                Records["vendor"].All(), Records["inventory_item"].All())));
        // Inventory adjustments exist only once written through the REST API (inventoryAdjustment records).
        Records.Define(new RecordKind(InventoryAdjustments, KeyOf, (r, now) => Stamp(r, now, "createdDate"), (_, _, _) => []));

        var created = time.GetUtcNow();
        Records["vendor"].Generate(DemoVendors, DemoSeed, created);
        Records["inventory_item"].Generate(DemoItems, DemoSeed + 1, created);
        Records["purchase_order"].Generate(DemoPurchaseOrders, DemoSeed + 2, created);
    }

    /// <summary>The record set of inventoryAdjustment transactions (not a unified entity; served for writes).</summary>
    public const string InventoryAdjustments = "inventory_adjustment";

    /// <summary>Held while a write validates against and changes several record sets, so it applies as one save.</summary>
    public Lock WriteLock { get; } = new();

    public NonceRegistry Nonces { get; } = new(TimeSpan.FromSeconds(2 * NetSuiteTokenAuth.TimestampToleranceSeconds));

    /// <summary>The OAuth realm is the account ID upper-cased with '-' as '_' (1234567-sb1 → 1234567_SB1).</summary>
    public string Realm => Credential("account_id").ToUpperInvariant().Replace('-', '_');

    /// <summary>A fresh internal id of a transaction (purchase orders and inventory adjustments share the series).</summary>
    public string NextTransactionId() => Interlocked.Increment(ref _nextOrderId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string NextVendorId() => Interlocked.Increment(ref _nextVendorId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Internal ids are strings in record JSON; a number is accepted from the control API too.</summary>
    private static string? KeyOf(JsonObject record) => record["id"] is JsonValue id && id.ToString() is { Length: > 0 } key ? key : null;

    /// <summary>NetSuite sets lastModifiedDate on every save and the creation date on the first one.</summary>
    private static void Stamp(JsonObject record, DateTimeOffset now, string createdField)
    {
        var stamp = NetSuiteDemoClock.Iso(now);
        record["lastModifiedDate"] = stamp;
        if (record[createdField] is null) record[createdField] = stamp;
    }

    /// <summary>The first of <paramref name="count"/> fresh internal ids of a record family.</summary>
    private static int TakeIds(ref int next, int count) => Interlocked.Add(ref next, count) - count + 1;
}

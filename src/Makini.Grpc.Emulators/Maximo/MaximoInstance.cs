using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// One emulated Maximo Manage server with one integration user and its API key, holding the sample organization's
/// assets, work orders, purchase orders, inventory and vendors (the same generated data in every instance, dated
/// relative to the instance's creation).
/// </summary>
internal sealed class MaximoInstance : EmulatorInstance
{
    public const string UserId = "MXINTADM";

    public static readonly IReadOnlyDictionary<string, string> DemoCredentials = new Dictionary<string, string>
    {
        ["api_key"] = "a967ceb30bbbb238ea325c84aa3afd95075725e0",
        ["site_id"] = "BEDFORD",
    };

    private delegate IEnumerable<JsonObject> Generator(int count, int seed, DateTimeOffset now, Func<string> rowstamp);

    private long _rowstamp = 1_204_000;
    private long _nextId = 900_000;

    public MaximoInstance(string segment, TimeProvider time)
        : base(segment, time, DemoCredentials, ["api_key"])
    {
        var now = time.GetUtcNow();
        Define(MaximoObjectStructures.Vendors, MaximoPurchasingRecords.Vendors, MaximoCatalog.DemoVendors, now);
        Define(MaximoObjectStructures.Assets, MaximoMaintenanceRecords.Assets, MaximoCatalog.DemoAssets, now);
        Define(MaximoObjectStructures.WorkOrders, MaximoMaintenanceRecords.WorkOrders, MaximoCatalog.DemoWorkOrders, now);
        Define(MaximoObjectStructures.PurchaseOrders, MaximoPurchasingRecords.PurchaseOrders, MaximoCatalog.DemoPurchaseOrders, now);
        Define(MaximoObjectStructures.Inventory, MaximoPurchasingRecords.Inventory, MaximoCatalog.DemoInventory, now);
    }

    /// <summary>The user's default site: the configured site, else BEDFORD of the demo data.</summary>
    public string DefaultSite => Credential("site_id") is { Length: > 0 } site ? site : "BEDFORD";

    private void Define(MaximoObjectStructure structure, Generator generate, int demoCount, DateTimeOffset now)
    {
        var kind = new RecordKind(
            structure.Entity!,
            structure.KeyOf,
            (record, at) => Stamp(structure, record, at),
            (count, seed, at) => generate(count, seed, at, NextRowstamp));
        Records.Define(kind).Generate(demoCount, MaximoCatalog.DemoSeed, now);
    }

    /// <summary>What Maximo does on every save: changedate, changeby and a new _rowstamp; a new record gets its
    /// unique id (workorderid, assetid …) when it has none.</summary>
    private void Stamp(MaximoObjectStructure structure, JsonObject record, DateTimeOffset now)
    {
        record["changedate"] = MaximoDates.DateTime(now);
        record["changeby"] = "MAXADMIN";
        record["_rowstamp"] = NextRowstamp();
        if (record[structure.IdAttribute] is null) record[structure.IdAttribute] = Interlocked.Increment(ref _nextId);
    }

    private string NextRowstamp() => Interlocked.Increment(ref _rowstamp).ToString(CultureInfo.InvariantCulture);
}

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

    /// <summary>Who is saving in the current flow: the API user while a REST write runs, else a user in the UI.</summary>
    private static readonly AsyncLocal<string?> ChangingUser = new();

    private readonly Lock _numberLock = new();
    private long _rowstamp = 1_204_000;
    private long _nextId = 900_000;
    private long _nextNumber = 90_000;

    public MaximoInstance(string segment, TimeProvider time)
        : base(segment, time, DemoCredentials, ["api_key"])
    {
        var now = time.GetUtcNow();
        Define(MaximoObjectStructures.Vendors, MaximoPurchasingRecords.Vendors, MaximoCatalog.DemoVendors, now);
        Define(MaximoObjectStructures.Assets, MaximoMaintenanceRecords.Assets, MaximoCatalog.DemoAssets, now);
        Define(MaximoObjectStructures.WorkOrders, MaximoMaintenanceRecords.WorkOrders, MaximoCatalog.DemoWorkOrders, now);
        Define(MaximoObjectStructures.PurchaseOrders, MaximoPurchasingRecords.PurchaseOrders, MaximoCatalog.DemoPurchaseOrders, now);
        Define(MaximoObjectStructures.Inventory, MaximoPurchasingRecords.Inventory, MaximoCatalog.DemoInventory, now);
        Transactions = new MaximoTransactions(time);
    }

    public MaximoTransactions Transactions { get; }

    /// <summary>Serializes creates, so the duplicate-key check and the insert are one step.</summary>
    public Lock CreateLock { get; } = new();

    /// <summary>The next autokey number (wonum, ponum, assetnum) that <paramref name="isFree"/> accepts.</summary>
    public string NextNumber(Func<string, bool> isFree)
    {
        lock (_numberLock)
        {
            while (true)
            {
                var number = (++_nextNumber).ToString(CultureInfo.InvariantCulture);
                if (isFree(number)) return number;
            }
        }
    }

    /// <summary>Marks the saves of the current flow as the REST API user's (changeby), until disposed.</summary>
    public static IDisposable SavingAsApiUser()
    {
        ChangingUser.Value = UserId;
        return new ApiUserScope();
    }

    private sealed class ApiUserScope : IDisposable
    {
        public void Dispose() => ChangingUser.Value = null;
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
        record["changeby"] = ChangingUser.Value ?? "MAXADMIN";
        record["_rowstamp"] = NextRowstamp();
        if (record[structure.IdAttribute] is null) record[structure.IdAttribute] = Interlocked.Increment(ref _nextId);
    }

    private string NextRowstamp() => Interlocked.Increment(ref _rowstamp).ToString(CultureInfo.InvariantCulture);
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// One Entra tenant with one app registration and one Business Central environment holding one company, with its
/// vendors, items and purchase orders (lines inside their order, as <c>purchaseOrderLines</c>).
/// </summary>
internal sealed class BusinessCentralInstance : EmulatorInstance
{
    /// <summary>Entra hands out client-credential tokens for an hour less a second.</summary>
    public const int TokenLifetimeSeconds = 3599;

    /// <summary>The most entities one response holds without a smaller <c>Prefer: odata.maxpagesize</c>.</summary>
    public const int ServerPageSize = 20_000;

    public const int DemoSeed = 20_250_106;
    public const int DemoVendors = 180;
    public const int DemoItems = 220;
    public const int DemoPurchaseOrders = 350;

    public static readonly IReadOnlyDictionary<string, string> DemoCredentials = new Dictionary<string, string>
    {
        ["tenant_id"] = "17724bb3-af61-5ce4-a504-8e4254662e44",
        ["environment"] = "Production",
        ["client_id"] = "edcf2c95-9e22-53f9-9fc1-c4b569a00edc",
        ["client_secret"] = "Mk48Q~Vd3nR7tLq2Wc9ZpX5yHb1Gf6Js0Ke4Ua8N",
        ["company_id"] = "f6e33b3c-0475-5584-98a1-4390f094d72a",
    };

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);

    // Document and master numbers come from number series; each generation continues the series.
    private int _nextVendor;
    private int _nextItem;
    private int _nextOrder;

    public BusinessCentralInstance(string segment, TimeProvider time)
        : base(segment, time, DemoCredentials, ["client_secret"])
    {
        Records.Define(new RecordKind("vendor", KeyOf, Stamp,
            (count, seed, now) => BusinessCentralDemoVendors.Generate(Take(ref _nextVendor, count), count, seed, now)));
        Records.Define(new RecordKind("inventory_item", KeyOf, Stamp,
            (count, seed, now) => BusinessCentralDemoItems.Generate(Take(ref _nextItem, count), count, seed, now)));
        Records.Define(new RecordKind("purchase_order", KeyOf, Stamp,
            (count, seed, now) => BusinessCentralDemoOrders.Generate(Take(ref _nextOrder, count), count, seed, now,
                Records["vendor"].All(), Records["inventory_item"].All())));

        var created = time.GetUtcNow();
        Records["vendor"].Generate(DemoVendors, DemoSeed, created);
        Records["inventory_item"].Generate(DemoItems, DemoSeed + 1, created);
        Records["purchase_order"].Generate(DemoPurchaseOrders, DemoSeed + 2, created);
    }

    /// <summary>Held while a write validates against and changes the company's records, so it applies as one transaction.</summary>
    public Lock WriteLock { get; } = new();

    /// <summary>The next number of the purchase order number series (106001, 106002, …).</summary>
    public string NextOrderNumber() => (106_001 + Interlocked.Increment(ref _nextOrder)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The next number of the vendor number series (V00010, V00020, …).</summary>
    public string NextVendorNumber() => $"V{(Interlocked.Increment(ref _nextVendor) * 10).ToString("D5", System.Globalization.CultureInfo.InvariantCulture)}";

    public string IssueToken()
    {
        var now = Time.GetUtcNow();
        foreach (var (token, expiry) in _tokens)
            if (expiry <= now)
                _tokens.TryRemove(token, out _);
        var issued = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + Ids.Base64Url(96) + "." + Ids.Base64Url(64);
        _tokens[issued] = now.AddSeconds(TokenLifetimeSeconds);
        return issued;
    }

    public bool IsTokenValid(string token) => _tokens.TryGetValue(token, out var expiry) && expiry > Time.GetUtcNow();

    /// <summary>The entities of an entity set that match, copied: records, purchase order lines, or setup data.</summary>
    public List<JsonObject> Rows(BusinessCentralEntitySet set, Func<JsonObject, bool> filter)
    {
        if (set.Entity is { } entity) return Records[entity].Where(filter).ToList();
        return set.Name switch
        {
            "purchaseOrderLines" => Records["purchase_order"].All()
                .SelectMany(o => (o[BusinessCentralEntitySet.LinesProperty] as JsonArray ?? []).OfType<JsonObject>())
                .Select(l => l.DeepClone().AsObject())
                .Where(filter).ToList(),
            "paymentTerms" => BusinessCentralReferenceData.PaymentTermRecords().Where(filter).ToList(),
            "currencies" => BusinessCentralReferenceData.CurrencyRecords().Where(filter).ToList(),
            "companyInformation" => new[] { BusinessCentralReferenceData.CompanyInformation(Credential("company_id")) }.Where(filter).ToList(),
            _ => [],
        };
    }

    /// <summary>Rotating the secret here stands for the app's tokens being revoked, so old tokens stop working.</summary>
    protected override void OnCredentialsChanged() => _tokens.Clear();

    /// <summary>Entities are keyed by their SystemId GUID (id).</summary>
    private static string? KeyOf(JsonObject record) => record["id"] is JsonValue id && id.ToString() is { Length: > 0 } key ? key.ToLowerInvariant() : null;

    /// <summary>Business Central sets SystemModifiedAt (lastModifiedDateTime) on every write.</summary>
    private static void Stamp(JsonObject record, DateTimeOffset now) =>
        record["lastModifiedDateTime"] = BusinessCentralDemoClock.Stamp(now);

    private static int Take(ref int next, int count) => Interlocked.Add(ref next, count) - count + 1;
}

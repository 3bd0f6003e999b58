using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>One emulated UpKeep account with one user, the session tokens handed out to it, and its vendors, assets,
/// parts, work orders and purchase orders (the same generated data in every instance, dated relative to its creation).</summary>
internal sealed class UpKeepInstance : EmulatorInstance
{
    /// <summary>UNVERIFIED: how long UpKeep sessions last; clients must honour expiresAt rather than assume this.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(24);

    public const string UserId = "Xk3pQ9mZ2a";

    public static readonly IReadOnlyDictionary<string, string> DemoCredentials = new Dictionary<string, string>
    {
        ["email"] = "maintenance.demo@makini.io",
        ["password"] = "UpKeep-Demo-2024!",
    };

    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);

    public UpKeepInstance(string segment, TimeProvider time)
        : base(segment, time, DemoCredentials, ["password"])
    {
        var now = time.GetUtcNow();
        Define("vendor", UpKeepRecords.Vendors, UpKeepCatalog.DemoVendors, now);
        Define("asset", UpKeepRecords.Assets, UpKeepCatalog.DemoAssets, now);
        Define("inventory_item", UpKeepRecords.Parts, UpKeepCatalog.DemoParts, now);
        Define("work_order", UpKeepRecords.WorkOrders, UpKeepCatalog.DemoWorkOrders, now);
        Define("purchase_order", UpKeepRecords.PurchaseOrders, UpKeepCatalog.DemoPurchaseOrders, now);
    }

    /// <summary>Serializes creates, so record numbers (workOrderNo, poNumber) stay unique.</summary>
    public Lock WriteLock { get; } = new();

    /// <summary>Opens a session; tokens look like Parse's revocable session tokens ("r:" + 32 hex digits).</summary>
    public (string Token, DateTimeOffset ExpiresAt) OpenSession()
    {
        var expiresAt = Time.GetUtcNow() + SessionLifetime;
        var token = "r:" + Ids.Hex(16).ToLowerInvariant();
        _sessions[token] = expiresAt;
        return (token, expiresAt);
    }

    public bool IsSessionValid(string token) => _sessions.TryGetValue(token, out var expiry) && expiry > Time.GetUtcNow();

    public bool CloseSession(string token) => _sessions.TryRemove(token, out _);

    /// <summary>A changed password ends every session of the user.</summary>
    protected override void OnCredentialsChanged() => _sessions.Clear();

    private void Define(string entity, Func<int, int, DateTimeOffset, IEnumerable<JsonObject>> generate, int demoCount, DateTimeOffset now)
    {
        var kind = new RecordKind(entity, record => record["id"] is JsonValue id && id.TryGetValue<string>(out var text) && text.Length > 0 ? text : null,
            Stamp, generate);
        Records.Define(kind).Generate(demoCount, UpKeepCatalog.DemoSeed, now);
    }

    /// <summary>UpKeep (Parse) sets updatedAt on every save, and createdAt when the record is new.</summary>
    private static void Stamp(JsonObject record, DateTimeOffset now)
    {
        var stamp = UpKeepDemoRandom.Iso(now);
        record["updatedAt"] = stamp;
        if (record["createdAt"] is null) record["createdAt"] = stamp;
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Value = Google.Protobuf.WellKnownTypes.Value;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Writes;

/// <summary>A synced connection, and new records built from what it synced, the way an integrator would: same vendor,
/// same items, system fields from the source's own data.</summary>
public static class WriteFixtures
{
    public static async Task<(Api Api, string Key, LinkedConnection Linked)> SyncedAsync(string systemId, Api? on = null, EmulatorInstance? emulator = null)
    {
        var stack = await Stack.GetAsync();
        var api = on ?? new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits: 20);
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, emulator ?? stack.Emulators.NewInstance(Api.EmulatorPaths[systemId]), systemId);
        await api.WaitForAllAsync(linked.Token, at, TimeSpan.FromSeconds(90));
        return (api, key, linked);
    }

    /// <summary>A new purchase order like one the connection already has, and the system fields it needs.</summary>
    public static async Task<(PurchaseOrder Order, Struct RemoteFields)> NewPurchaseOrderAsync(Api api, LinkedConnection linked)
    {
        var auth = Api.Bearer(linked.Token);
        var requirements = await api.Systems.GetWriteRequirementsAsync(new GetWriteRequirementsRequest
        {
            SystemId = linked.Connection.SystemId, Entity = Entity.PurchaseOrder, Operation = Operation.Create,
        }, auth);
        // Old orders may name vendors deactivated since, which the source refuses for new orders.
        var activeVendors = (await api.ListAsync(linked.Token, Entity.Vendor)).Select(r => (Vendor)r.Message)
            .Where(v => v.Active).Select(v => v.RemoteId).ToHashSet();
        // Likewise items made inactive or blocked since (NetSuite isInactive, Business Central blocked).
        // Likewise items made inactive or blocked since (NetSuite isInactive, Business Central blocked). Items outside the
        // synced inventory (Business Central service items) say nothing here, so orders of known, buyable items come first.
        var items = (await api.ListAsync(linked.Token, Entity.InventoryItem, view: View.Raw)).Select(r => (InventoryItem)r.Message)
            .Select(i => (Codes: new[] { i.RemoteId, i.ItemCode }, Buyable: i.Raw is not { } raw || !Unbuyable(JsonNode.Parse(Google.Protobuf.JsonFormatter.Default.Format(raw))!)))
            .ToList();
        var unbuyable = items.Where(i => !i.Buyable).SelectMany(i => i.Codes).ToHashSet();
        var buyable = items.Where(i => i.Buyable).SelectMany(i => i.Codes).ToHashSet();
        var candidates = (await api.ListAsync(linked.Token, Entity.PurchaseOrder, view: View.Raw))
            .Select(r => (PurchaseOrder)r.Message)
            .Where(p => p.Lines.Count > 0 && (activeVendors.Count == 0 || activeVendors.Contains(p.Vendor?.RemoteId ?? "")) && !string.IsNullOrEmpty(p.Vendor?.RemoteId) && p.Lines.All(l => l.ItemCode.Length > 0)
                        && p.Lines.Take(2).All(l => !unbuyable.Contains(l.ItemCode))
                        && p.Status is PurchaseOrderStatus.Open or PurchaseOrderStatus.Draft or PurchaseOrderStatus.PendingApproval)
            .ToList();
        var template = candidates.FirstOrDefault(p => p.Lines.Take(2).All(l => buyable.Contains(l.ItemCode))) ?? candidates.First();
        var order = new PurchaseOrder
        {
            Vendor = new RecordRef { RemoteId = template.Vendor.RemoteId },
            CurrencyCode = template.CurrencyCode,
            OrderDate = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            RequiredDate = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"),
        };
        foreach (var line in template.Lines.Take(2))
        {
            order.Lines.Add(new PurchaseOrderLine
            {
                LineNumber = line.LineNumber, ItemCode = line.ItemCode, Description = line.Description, Quantity = "3",
                UnitOfMeasure = line.UnitOfMeasure, UnitPrice = line.UnitPrice,
            });
        }
        var remote = new Struct();
        var raw = JsonNode.Parse(Google.Protobuf.JsonFormatter.Default.Format(template.Raw))!;
        foreach (var field in requirements.SystemFields.Where(f => f.DefaultValue.Length == 0))
            if (Find(raw, field.Name) is { } value) remote.Fields[field.Name] = Google.Protobuf.JsonParser.Default.Parse<Value>(value.ToJsonString());
        return (order, remote);
    }

    /// <summary>The first property of that name anywhere in a source record (SAP keeps Plant on the items).</summary>
    private static bool Unbuyable(JsonNode raw) =>
        new[] { "isInactive", "blocked" }.Any(flag => Find(raw, flag) is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True);

    private static JsonNode? Find(JsonNode node, string name)
    {
        if (node is JsonObject o)
        {
            if (o.TryGetPropertyValue(name, out var v) && v is not null && v.ToJsonString() is not ("\"\"" or "null")) return v;
            foreach (var (_, child) in o) if (child is not null && Find(child, name) is { } found) return found;
        }
        if (node is JsonArray a) foreach (var child in a) if (child is not null && Find(child, name) is { } found) return found;
        return null;
    }

    public static async Task<int> SourceCountAsync(EmulatorInstance emulator, string entity) =>
        (await emulator.Node.Http.GetFromJsonAsync<JsonObject>($"{emulator.Path}/_emulator/records/{entity}?limit=1"))!["total"]!.GetValue<int>();

    public static async Task<int> WritesSeenAsync(EmulatorInstance emulator) =>
        (await emulator.RequestsAsync()).Count(r => (string)r!["method"]! is "POST" or "PATCH" or "MERGE" or "PUT" or "DELETE");
}

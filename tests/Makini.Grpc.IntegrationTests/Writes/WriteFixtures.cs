using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.Tests.Shared;
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
        var requirements = await api.Systems.GetWriteRequirementsAsync(new GetWriteRequirementsRequest
        {
            SystemId = linked.Connection.SystemId, Entity = Entity.PurchaseOrder, Operation = Operation.Create,
        }, Api.Bearer(linked.Token));
        return PurchaseOrderTemplates.From(
            (await api.ListAsync(linked.Token, Entity.PurchaseOrder, view: View.Raw)).Select(r => (PurchaseOrder)r.Message),
            (await api.ListAsync(linked.Token, Entity.Vendor)).Select(r => (Vendor)r.Message),
            (await api.ListAsync(linked.Token, Entity.InventoryItem, view: View.Raw)).Select(r => (InventoryItem)r.Message),
            requirements.SystemFields, lines: 2);
    }

    public static async Task<int> SourceCountAsync(EmulatorInstance emulator, string entity) =>
        (await emulator.Node.Http.GetFromJsonAsync<JsonObject>($"{emulator.Path}/_emulator/records/{entity}?limit=1"))!["total"]!.GetValue<int>();

    public static async Task<int> WritesSeenAsync(EmulatorInstance emulator) =>
        (await emulator.RequestsAsync()).Count(r => (string)r!["method"]! is "POST" or "PATCH" or "MERGE" or "PUT" or "DELETE");
}

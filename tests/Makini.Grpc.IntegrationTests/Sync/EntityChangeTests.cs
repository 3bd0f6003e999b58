using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Sync;

/// <summary>Work orders, stock, vendors and assets of every system that has them (purchase orders: SourceChangeTests;
/// SAP stock, which has no change stamp: the snapshot test there): a record added, one edited and one deleted by a user
/// in the source reach the read model and the change stream through the incremental sync and the key scan.</summary>
public sealed class EntityChangeTests
{
    public static TheoryData<string, string[]> Systems => new()
    {
        { "sap_s4hana", ["work_order", "asset", "vendor"] },
        { "netsuite", ["inventory_item", "vendor"] },
        { "dynamics_bc", ["inventory_item", "vendor"] },
        { "ibm_maximo", ["work_order", "asset", "inventory_item", "vendor"] },
        { "upkeep", ["work_order", "asset", "inventory_item", "vendor"] },
    };

    private static readonly Dictionary<string, Entity> Entities = new()
    {
        ["work_order"] = Entity.WorkOrder, ["asset"] = Entity.Asset, ["inventory_item"] = Entity.InventoryItem, ["vendor"] = Entity.Vendor,
    };

    /// <summary>What makes a generated record one the sync reads, where the reader filters (Business Central's items:
    /// inventory ones only, not services).</summary>
    private static JsonObject SavedAs(string systemId, string entity) =>
        (systemId, entity) == ("dynamics_bc", "inventory_item") ? new JsonObject { ["type"] = "Inventory" } : new JsonObject();

    private sealed record Plan(string Entity, string Created, IReadOnlyList<Listed> Edited, IReadOnlyList<Listed> Deleted);

    /// <summary>The unified records of one source record: itself, or (NetSuite stock) one per location, "item@location".</summary>
    private static bool Of(Listed record, string key) => record.RemoteId == key || record.RemoteId.StartsWith(key + "@", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Systems))]
    public async Task Every_entity_takes_creates_updates_and_deletes_from_the_source(string systemId, string[] entities)
    {
        var (api, _, linked) = await Writes.WriteFixtures.SyncedAsync(systemId);
        var emulator = linked.Emulator;
        var cursor = (await api.CollectChangesAsync(linked.Token, "", int.MaxValue, TimeSpan.FromSeconds(3))).Last(r => r.Change is not null).Change.Cursor;
        var http = emulator.Node.Http;

        var plans = new List<Plan>();
        foreach (var entity in entities)
        {
            var before = await api.ListAsync(linked.Token, Entities[entity]);
            var native = (await http.GetFromJsonAsync<JsonObject>($"{emulator.Path}/_emulator/records/{entity}?limit=10000"))!;
            // Keys of records the read model has (the initial 90-day window may have left older ones out).
            var synced = native["records"]!.AsArray().Select(r => r!["key"]!.GetValue<string>())
                .Select(k => (Key: k, Records: before.Where(b => Of(b, k)).ToList())).Where(k => k.Records.Count > 0).Take(2).ToList();
            synced.Count.ShouldBe(2, $"{entity}: control keys are the records' remote ids");
            (await http.PostAsync($"{emulator.Path}/_emulator/generate/{entity}?count=1&seed={Random.Shared.Next(1000, 1_000_000)}", null))
                .EnsureSuccessStatusCode();
            var total = native["total"]!.GetValue<int>() + 1;
            var created = (await http.GetFromJsonAsync<JsonObject>($"{emulator.Path}/_emulator/records/{entity}?offset={total - 1}&limit=1"))!
                ["records"]![0]!["key"]!.GetValue<string>();
            // A generated record carries a change time in the past: the user saves it now, and edits another.
            foreach (var (saved, body) in new[] { (created, SavedAs(systemId, entity)), (synced[0].Key, new JsonObject()) })
                (await http.PatchAsync($"{emulator.Path}/_emulator/records/{entity}/{Uri.EscapeDataString(saved)}", JsonContent.Create(body)))
                    .EnsureSuccessStatusCode();
            (await http.DeleteAsync($"{emulator.Path}/_emulator/records/{entity}/{Uri.EscapeDataString(synced[1].Key)}")).EnsureSuccessStatusCode();
            plans.Add(new Plan(entity, created, synced[0].Records, synced[1].Records));
        }

        var triggered = DateTimeOffset.UtcNow;
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { plans.Select(p => Entities[p.Entity]) } }, Api.Bearer(linked.Token));
        await api.WaitForAllAsync(linked.Token, triggered, TimeSpan.FromSeconds(90), plans.Select(p => Entities[p.Entity]).ToArray());
        foreach (var plan in plans)
        {
            // The key scan (every 20 s in the tests) finds the deleted record gone and marks it.
            List<Listed> after;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do after = await api.ListAsync(linked.Token, Entities[plan.Entity], includeDeleted: true);
            while (after.Any(r => plan.Deleted.Any(d => d.Id == r.Id) && r.Deleted is null) && DateTime.UtcNow < deadline && await Task.Delay(500).ContinueWith(_ => true));
            after.Where(r => plan.Deleted.Any(d => d.Id == r.Id)).ShouldAllBe(r => r.Deleted != null, $"{plan.Entity} deleted");
            var created = after.Where(r => Of(r, plan.Created)).ToList();
            created.ShouldNotBeEmpty($"{plan.Entity} created");
            created.ShouldAllBe(r => r.Deleted == null);

            // Each arrived in the change stream once, as what it was.
            var changes = (await api.CollectChangesAsync(linked.Token, cursor, int.MaxValue, TimeSpan.FromSeconds(3)))
                .Where(r => r.Change is not null).Select(r => r.Change).ToList();
            foreach (var (records, type) in new[] { (created, ChangeType.Created), (plan.Edited.ToList(), ChangeType.Updated), (plan.Deleted.ToList(), ChangeType.Deleted) })
                foreach (var record in records)
                    changes.Where(c => c.RecordId == record.Id).Select(c => c.ChangeType).ShouldBe([type], $"{plan.Entity} {record.RemoteId}");
        }
    }
}

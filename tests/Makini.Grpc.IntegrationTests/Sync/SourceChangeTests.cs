using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.IntegrationTests.Webhooks;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Sync;

/// <summary>A user works in the source system (through the emulator's control API, in the system's own JSON); the
/// incremental sync and the key scan bring every create, update and delete into the unified model and the change log.</summary>
public sealed class SourceChangeTests
{
    // The fields that make a copied purchase order a new one, per system (its key, and other unique numbers).
    public static TheoryData<string, string[], string[]> Systems => new()
    {
        { "sap_s4hana", ["PurchaseOrder"], [] },
        { "netsuite", ["id", "tranId"], ["externalId"] },
        { "dynamics_bc", ["id", "number"], [] },
        { "ibm_maximo", ["ponum"], ["poid", "href", "_rowstamp"] },
        { "upkeep", ["id", "poNumber"], [] },
    };

    [Theory]
    [MemberData(nameof(Systems))]
    public async Task Creates_updates_and_deletes_at_the_source_reach_the_read_model_and_the_change_stream(string systemId, string[] uniqueFields, string[] dropFields)
    {
        var (api, key, linked) = await Writes.WriteFixtures.SyncedAsync(systemId);
        var emulator = linked.Emulator;
        var before = await api.ListAsync(linked.Token, Entity.PurchaseOrder);
        // The account hears of the runs too: sync.completed with what each run found.
        await using var receiver = new WebhookReceiver();
        await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url, EventTypes = { "sync.completed" } }, Api.Bearer(key));
        var cursor = (await api.CollectChangesAsync(linked.Token, "", int.MaxValue, TimeSpan.FromSeconds(3)))
            .Last(r => r.Change is not null).Change.Cursor;

        // A new order (a copy of one with new numbers), an edited order and a deleted order, all in the source.
        var http = emulator.Node.Http;
        var sample = (await http.GetFromJsonAsync<JsonObject>($"{emulator.Path}/_emulator/records/purchase_order?limit=1"))!["records"]![0]!["record"]!.AsObject();
        var copy = sample.DeepClone().AsObject();
        foreach (var field in uniqueFields) copy[field] = NewValue(copy[field]!.GetValue<object>().ToString()!);
        foreach (var field in dropFields) copy.Remove(field);
        var created = await (await http.PostAsJsonAsync($"{emulator.Path}/_emulator/records/purchase_order", copy)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        var edited = before[0].RemoteId;
        var deleted = before[1].RemoteId;
        (await http.PatchAsync($"{emulator.Path}/_emulator/records/purchase_order/{Uri.EscapeDataString(edited)}", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await http.DeleteAsync($"{emulator.Path}/_emulator/records/purchase_order/{Uri.EscapeDataString(deleted)}")).EnsureSuccessStatusCode();

        var triggered = DateTimeOffset.UtcNow;
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { Entity.PurchaseOrder } }, Api.Bearer(linked.Token));
        await api.WaitForAllAsync(linked.Token, triggered, null, Entity.PurchaseOrder);
        var after = await api.ListAsync(linked.Token, Entity.PurchaseOrder);
        after.Count(r => !before.Select(b => b.Id).Contains(r.Id)).ShouldBe(1, "the new order arrived");
        var editedAfter = after.Single(r => r.RemoteId == edited);
        editedAfter.Modified!.ToDateTimeOffset().ShouldBeGreaterThan(before[0].Modified!.ToDateTimeOffset());
        editedAfter.Id.ShouldBe(before[0].Id, "ids are stable");

        // The key scan (every 20 s in the tests) finds the deleted order gone, and marks it; it is never dropped.
        Listed? gone = null;
        for (var i = 0; i < 120 && gone?.Deleted is null; i++)
        {
            await Task.Delay(500);
            gone = (await api.ListAsync(linked.Token, Entity.PurchaseOrder, includeDeleted: true)).Single(r => r.RemoteId == deleted);
        }
        gone!.Deleted.ShouldNotBeNull();
        var live = await api.ListAsync(linked.Token, Entity.PurchaseOrder);
        live.ShouldNotContain(r => r.RemoteId == deleted);
        // The status's total follows creations and deletions without counting: it is the live list's length.
        var status = await api.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), Api.Bearer(linked.Token));
        status.Entities.Single(e => e.Entity == Entity.PurchaseOrder).TotalRecords.ShouldBe(live.Count);
        live.Count.ShouldBe(before.Count, "one created, one deleted");
        (await api.PurchaseOrders.GetPurchaseOrderAsync(new GetPurchaseOrderRequest { Id = gone.Id }, Api.Bearer(linked.Token))).PurchaseOrder.RemoteDeletedTime.ShouldNotBeNull();

        var changes = (await api.CollectChangesAsync(linked.Token, cursor, 3, TimeSpan.FromSeconds(10))).Where(r => r.Change is not null).Select(r => r.Change).ToList();
        changes.Count(c => c.ChangeType == ChangeType.Created).ShouldBe(1);
        changes.ShouldContain(c => c.ChangeType == ChangeType.Updated && c.PurchaseOrder.RemoteId == edited);
        changes.ShouldContain(c => c.ChangeType == ChangeType.Deleted && c.PurchaseOrder.RemoteId == deleted && c.PurchaseOrder.RemoteDeletedTime != null);
        created.ShouldNotBeNull();

        // The incremental run counted the new and the edited order; the deletion scan, which announces itself only
        // when it finds something, the deleted one.
        static long Count(JsonNode data, string field) => data[field] is { } n ? long.Parse(n.ToString()) : 0;
        var runs = (await receiver.WaitForAsync(r => r.Any(x => x.Json["data"]!["kind"]?.ToString() == "SYNC_RUN_KIND_DELETION_SCAN"), TimeSpan.FromSeconds(30)))
            .Select(x => x.Json["data"]!).Where(d => d["entity"]?.ToString() == "ENTITY_PURCHASE_ORDER").ToList();
        var incremental = runs.Where(d => d["kind"]?.ToString() == "SYNC_RUN_KIND_INCREMENTAL").ToList();
        (incremental.Sum(d => Count(d, "records_created")), incremental.Sum(d => Count(d, "records_updated"))).ShouldBe((1L, 1L));
        var scans = runs.Where(d => d["kind"]?.ToString() == "SYNC_RUN_KIND_DELETION_SCAN").ToList();
        (scans.Count, Count(scans[0], "records_deleted")).ShouldBe((1, 1L));
    }

    [Fact]
    public async Task A_snapshot_entity_counts_only_what_really_changed()
    {
        var (api, _, linked) = await Writes.WriteFixtures.SyncedAsync("sap_s4hana");
        var emulator = linked.Emulator;
        var auth = Api.Bearer(linked.Token);
        var cursor = (await api.CollectChangesAsync(linked.Token, "", int.MaxValue, TimeSpan.FromSeconds(3))).Last(r => r.Change is not null).Change.Cursor;

        // SAP stock has no change stamp: every run reads all of it, and an unchanged re-read changes nothing.
        async Task<EntitySyncStatus> SyncStockAsync()
        {
            var triggered = DateTimeOffset.UtcNow;
            await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { Entity.InventoryItem } }, auth);
            return (await api.WaitForAllAsync(linked.Token, triggered, null, Entity.InventoryItem)).Entities.Single(e => e.Entity == Entity.InventoryItem);
        }
        var again = await SyncStockAsync();
        again.TotalRecords.ShouldBeGreaterThan(0);
        (again.RecordsSeenLastRun, again.RecordsChangedLastRun).ShouldBe((again.TotalRecords, 0L));
        (await api.CollectChangesAsync(linked.Token, cursor, 1, TimeSpan.FromSeconds(2))).ShouldNotContain(r => r.Change != null);

        // One quantity changes at the source: one change, that record.
        var http = emulator.Node.Http;
        var stockKey = (await http.GetFromJsonAsync<JsonObject>($"{emulator.Path}/_emulator/records/inventory_item?limit=1"))!["records"]![0]!["key"]!.GetValue<string>();
        (await http.PatchAsync($"{emulator.Path}/_emulator/records/inventory_item/{Uri.EscapeDataString(stockKey)}",
            JsonContent.Create(new JsonObject { ["MatlWrhsStkQtyInMatlBaseUnit"] = "12345.000" }))).EnsureSuccessStatusCode();
        var changed = await SyncStockAsync();
        changed.RecordsChangedLastRun.ShouldBe(1);
        var change = (await api.CollectChangesAsync(linked.Token, cursor, 1, TimeSpan.FromSeconds(10))).Where(r => r.Change != null).Single().Change;
        change.ChangeType.ShouldBe(ChangeType.Updated);
        decimal.Parse(change.InventoryItem.QuantityOnHand, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(12345m);
    }

    [Fact]
    public async Task A_running_sync_shows_its_progress_page_by_page()
    {
        var (api, _, linked) = await Writes.WriteFixtures.SyncedAsync("sap_s4hana");
        var emulator = linked.Emulator;
        var auth = Api.Bearer(linked.Token);
        (await emulator.Node.Http.PostAsync($"{emulator.Path}/_emulator/generate/purchase_order?count=2000&seed=5", null)).EnsureSuccessStatusCode();

        // Every answer of the source now takes a second: the full resync runs for several pages.
        await emulator.FaultAsync(0, 40, delayMs: 1000);
        var triggered = DateTimeOffset.UtcNow;
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { Entity.PurchaseOrder }, FullResync = true }, auth);
        var seen = new List<SyncProgress>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var status = (await api.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), auth)).Entities.Single(e => e.Entity == Entity.PurchaseOrder);
            if (status.State == SyncState.Running && status.Progress is { } progress) seen.Add(progress);
            if (status.LastSuccessTime is { } done && done.ToDateTimeOffset() > triggered) break;
            await Task.Delay(200);
        }
        await emulator.ClearFaultsAsync();

        // Seen while it ran: one run, its pages and records counting up, never down.
        seen.Select(p => p.RunId).Distinct().Count().ShouldBe(1);
        seen.ShouldContain(p => p.Pages >= 1 && p.RecordsSeen > 0);
        seen.Select(p => p.RecordsSeen).ShouldBeInOrder(SortDirection.Ascending);
        seen.Select(p => p.Pages).ShouldBeInOrder(SortDirection.Ascending);
        var final = (await api.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), auth)).Entities.Single(e => e.Entity == Entity.PurchaseOrder);
        final.RecordsSeenLastRun.ShouldBeGreaterThanOrEqualTo(2000);
        final.RecordsSeenLastRun.ShouldBeGreaterThanOrEqualTo(seen.Max(p => p.RecordsSeen));
    }

    /// <summary>A value of the same shape that no record has: digits stay digits, a GUID stays a GUID.</summary>
    private static string NewValue(string old)
    {
        if (Guid.TryParse(old, out _)) return Guid.NewGuid().ToString();
        var digits = old.Count(char.IsAsciiDigit);
        var random = Random.Shared.NextInt64(1, 999_999).ToString("D6");
        if (old.All(char.IsAsciiDigit)) return "9" + random[..Math.Min(random.Length, Math.Max(1, old.Length - 1))].PadLeft(Math.Max(1, old.Length - 1), '0');
        if (digits > 0) return string.Concat(old.TakeWhile(c => !char.IsAsciiDigit(c))) + "9" + random;
        return string.Concat(Enumerable.Range(0, old.Length).Select(_ => (char)('a' + Random.Shared.Next(26))));
    }
}

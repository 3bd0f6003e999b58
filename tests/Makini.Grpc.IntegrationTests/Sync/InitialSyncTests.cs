using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Sync;

public sealed class InitialSyncTests
{
    [Theory]
    [InlineData("sap_s4hana")]
    [InlineData("netsuite")]
    [InlineData("dynamics_bc")]
    [InlineData("ibm_maximo")]
    [InlineData("upkeep")]
    public async Task A_new_connection_syncs_every_readable_entity_within_the_window_and_a_full_resync_reads_the_rest(string systemId)
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits: 20);
        var linkedAt = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance(Api.EmulatorPaths[systemId]), systemId);

        var status = await api.WaitForAllAsync(linked.Token, linkedAt, TimeSpan.FromSeconds(90));
        var readable = (await api.Systems.ListSystemsAsync(new ListSystemsRequest(), Api.Bearer(key))).Systems
            .Single(s => s.SystemId == systemId).Capabilities.Where(c => c.Operations.Contains(Operation.Read)).Select(c => c.Entity).ToList();
        status.Entities.Select(e => e.Entity).Order().ShouldBe(readable.Order());

        var windowStart = DateTimeOffset.UtcNow.AddDays(-90);
        var initial = new Dictionary<Entity, List<Listed>>();
        foreach (var entity in readable)
        {
            var records = await api.ListAsync(linked.Token, entity);
            records.ShouldNotBeEmpty($"{systemId} {entity}");
            records.Select(r => r.Id).Distinct().Count().ShouldBe(records.Count);
            records.ShouldAllBe(r => r.RemoteId.Length > 0 && r.Deleted == null);
            status.Entities.Single(e => e.Entity == entity).TotalRecords.ShouldBe(records.Count);
            initial[entity] = records;
        }

        // Entities with a change filter held only what changed in the last 90 days; a full resync reads everything.
        var triggeredAt = DateTimeOffset.UtcNow;
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { FullResync = true }, Api.Bearer(linked.Token));
        await api.WaitForAllAsync(linked.Token, triggeredAt, TimeSpan.FromSeconds(90));
        var olderFound = false;
        foreach (var entity in readable)
        {
            var all = await api.ListAsync(linked.Token, entity);
            all.Count.ShouldBeGreaterThanOrEqualTo(initial[entity].Count);
            // Ids are stable across runs: every record of the initial sync is found again under its id.
            initial[entity].Select(r => r.Id).ShouldBeSubsetOf(all.Select(r => r.Id));
            all.Select(r => r.Id).ShouldBeUnique();
            var older = all.Where(r => r.Modified is { } m && m.ToDateTimeOffset() < windowStart).ToList();
            if (older.Count > 0)
            {
                olderFound = true;
                initial[entity].ShouldNotContain(r => r.Modified != null && r.Modified.ToDateTimeOffset() < windowStart.AddMinutes(-5),
                    $"{entity}: the initial sync looked back further than 90 days");
            }
        }
        olderFound.ShouldBeTrue("the demo data spans more than the initial window");

        var runs = await api.Sync.ListSyncRunsAsync(new ListSyncRunsRequest(), Api.Bearer(linked.Token));
        runs.Runs.ShouldContain(r => r.Kind == SyncRunKind.Initial && r.Status == SyncRunStatus.Succeeded && r.Trigger == "connect");
        runs.Runs.ShouldContain(r => r.Kind == SyncRunKind.Full && r.Status == SyncRunStatus.Succeeded && r.Trigger == "manual", runs.ToString());
    }

    [Fact]
    public async Task The_first_deletion_scan_comes_a_full_interval_after_the_initial_sync_not_at_once()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits: 20);
        var linkedAt = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance(Api.EmulatorPaths["sap_s4hana"]), "sap_s4hana");
        await api.WaitForAllAsync(linked.Token, linkedAt, TimeSpan.FromSeconds(90));

        // The initial run has just read every record: an id-only scan now would only read them all again. The scheduler
        // looks for due work every 0.3 s in the tests and the scan interval is 20 s, so a scan due at once would have run.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var runs = (await api.Sync.ListSyncRunsAsync(new ListSyncRunsRequest { Entity = Entity.PurchaseOrder }, Api.Bearer(linked.Token))).Runs;
        runs.Select(r => r.Kind).ShouldBe([SyncRunKind.Initial]);
    }
}

using System.Net.Http.Json;
using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Sync;

/// <summary>Two nodes on one database: one run per schedule tick, a node killed mid-sync, subscribers moving nodes.</summary>
public sealed class ClusterSyncTests
{
    [Fact]
    public async Task Two_nodes_run_each_scheduled_sync_once_per_tick()
    {
        var stack = await Stack.GetAsync();
        await using var cluster = await IsolatedCluster.StartAsync(nodes: 2);
        var api = new Api(cluster.Nodes[0].Channel);
        var (_, key) = await api.CreateAccountAsync();
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        await api.WaitForAllAsync(linked.Token, at);

        await api.Sync.UpdateSyncScheduleAsync(new UpdateSyncScheduleRequest { Entities = { Entity.Vendor }, Schedule = new SyncSchedule { IntervalSeconds = 2 } }, Api.Bearer(linked.Token));
        var from = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(13));
        var until = DateTimeOffset.UtcNow;

        var runs = (await api.Sync.ListSyncRunsAsync(new ListSyncRunsRequest { Entity = Entity.Vendor, PageSize = 100 }, Api.Bearer(linked.Token))).Runs
            .Where(r => r.Kind == SyncRunKind.Incremental && r.StartTime.ToDateTimeOffset() > from && r.StartTime.ToDateTimeOffset() < until)
            .OrderBy(r => r.StartTime.ToDateTimeOffset()).ToList();
        runs.Count.ShouldBeInRange(4, 7, "about one run every 2 seconds, not one per node");
        for (var i = 1; i < runs.Count; i++)
            runs[i].StartTime.ToDateTimeOffset().ShouldBeGreaterThanOrEqualTo(runs[i - 1].EndTime.ToDateTimeOffset(), "runs never overlap");
    }

    [Fact]
    public async Task A_node_killed_mid_sync_is_taken_over_and_nothing_is_duplicated_or_lost()
    {
        var stack = await Stack.GetAsync();
        await using var cluster = await IsolatedCluster.StartAsync(nodes: 2, new Dictionary<string, string> { ["Makini__Sync__InitialWindowDays"] = "0" });
        var emulator = stack.Emulators.NewInstance("sap");
        (await emulator.Node.Http.PostAsync($"{emulator.Path}/_emulator/generate/purchase_order?count=4000&seed=7", null)).EnsureSuccessStatusCode();
        var total = (await emulator.Node.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"{emulator.Path}/_emulator/records/purchase_order?limit=1"))!["total"]!.GetValue<int>();
        await emulator.FaultAsync(0, count: 100_000, delayMs: 150); // every request slow: the run takes a while

        var api = new Api(cluster.Nodes[0].Channel);
        var (_, key) = await api.CreateAccountAsync();
        var linked = await api.ConnectAsync(key, emulator, "sap_s4hana");

        // Wait until the purchase-order run has committed a few pages, then kill the node that holds it.
        string? owner = null;
        for (var i = 0; i < 300 && owner is null; i++)
        {
            await Task.Delay(100);
            var pages = await cluster.ScalarAsync("select coalesce(max(run_pages), 0) from makini.sync_jobs where connection_id = @c and entity = 'purchase_order'", ("c", linked.Id));
            if (pages >= 2) owner = await cluster.TextAsync("select lease_owner from makini.sync_jobs where connection_id = @c and entity = 'purchase_order'", ("c", linked.Id));
        }
        owner.ShouldNotBeNull("the run got going");
        var victim = cluster.Nodes.Single(n => owner.Contains($"/{n.ProcessId}/"));
        victim.Kill();
        var survivor = new Api(cluster.Nodes.Single(n => n != victim).Channel);
        await emulator.ClearFaultsAsync();

        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (await cluster.ScalarAsync("select count(*) from makini.sync_jobs where connection_id = @c and entity = 'purchase_order' and last_status = 'succeeded'", ("c", linked.Id)) == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the surviving node finished the run");
            await Task.Delay(300);
        }

        (await survivor.ListAsync(linked.Token, Entity.PurchaseOrder)).Count.ShouldBe(total);
        var created = await cluster.ScalarAsync("select count(*) from makini.record_changes where connection_id = @c and entity = 'purchase_order' and change_type = 'created'", ("c", linked.Id));
        var distinct = await cluster.ScalarAsync("select count(distinct record_id) from makini.record_changes where connection_id = @c and entity = 'purchase_order'", ("c", linked.Id));
        created.ShouldBe(total);
        distinct.ShouldBe(total);
        var resumed = (await survivor.Sync.ListSyncRunsAsync(new ListSyncRunsRequest { Entity = Entity.PurchaseOrder }, Api.Bearer(linked.Token))).Runs.Single(r => r.Kind == SyncRunKind.Initial);
        resumed.Status.ShouldBe(SyncRunStatus.Succeeded);
        resumed.RecordsCreated.ShouldBe(total);
    }

    [Fact]
    public async Task A_run_taken_over_after_its_last_page_is_finished_without_reading_the_source_again()
    {
        var stack = await Stack.GetAsync();
        await using var cluster = await IsolatedCluster.StartAsync(nodes: 1, new Dictionary<string, string> { ["Makini__Sync__InitialWindowDays"] = "0" });
        var emulator = stack.Emulators.NewInstance("sap");
        (await emulator.Node.Http.PostAsync($"{emulator.Path}/_emulator/generate/purchase_order?count=1500&seed=11", null)).EnsureSuccessStatusCode();
        await emulator.FaultAsync(0, count: 100_000, delayMs: 300); // every request slow: the run takes a while
        var api = new Api(cluster.Nodes[0].Channel);
        var (_, key) = await api.CreateAccountAsync();
        var linked = await api.ConnectAsync(key, emulator, "sap_s4hana");

        // The node dies while the run reads; its job row is made to say what it says after the last page committed and
        // before the run was finished: a null cursor after pages were written.
        for (var i = 0; i < 300; i++)
        {
            await Task.Delay(100);
            if (await cluster.ScalarAsync("select coalesce(max(run_pages), 0) from makini.sync_jobs where connection_id = @c and entity = 'purchase_order'", ("c", linked.Id)) >= 1) break;
        }
        cluster.Nodes[0].Kill();
        var pages = await cluster.ScalarAsync("update makini.sync_jobs set run_cursor = null, lease_until = now() where connection_id = @c and entity = 'purchase_order' and run_id is not null returning run_pages", ("c", linked.Id));
        pages.ShouldBeGreaterThan(0);
        await emulator.ClearFaultsAsync();
        await Task.Delay(1500); // requests the dead node had under way are logged when the emulator answers them
        // Data reads (the key scan that follows a finished run reads ids only, with $select).
        static bool DataRead(System.Text.Json.Nodes.JsonNode? r) => ((string)r!["path"]!).EndsWith("/A_PurchaseOrder") && ((string)r["query"]!).Contains("$expand");
        var readsBefore = (await emulator.RequestsAsync()).Count(DataRead);

        var survivor = new Api((await cluster.AddNodeAsync()).Channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await cluster.ScalarAsync("select count(*) from makini.sync_jobs where connection_id = @c and entity = 'purchase_order' and last_status = 'succeeded' and run_id is null", ("c", linked.Id)) == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the new node finished the run");
            await Task.Delay(200);
        }
        var readsAfter = (await emulator.RequestsAsync()).Where(DataRead).Skip(readsBefore).Select(r => r!.ToJsonString()).ToList();
        readsAfter.ShouldBeEmpty("the read was complete: nothing is read again");
        var run = (await survivor.Sync.ListSyncRunsAsync(new ListSyncRunsRequest { Entity = Entity.PurchaseOrder }, Api.Bearer(linked.Token))).Runs.Single(r => r.Kind == SyncRunKind.Initial);
        run.Status.ShouldBe(SyncRunStatus.Succeeded);
    }

    [Fact]
    public async Task A_subscriber_resumes_from_its_cursor_on_another_node_after_a_restart_without_gap_or_duplicate()
    {
        var stack = await Stack.GetAsync();
        await using var cluster = await IsolatedCluster.StartAsync(nodes: 2);
        var a = new Api(cluster.Nodes[0].Channel);
        var b = new Api(cluster.Nodes[1].Channel);
        var (_, key) = await a.CreateAccountAsync();
        var at = DateTimeOffset.UtcNow;
        var emulator = stack.Emulators.NewInstance("upkeep");
        var linked = await a.ConnectAsync(key, emulator, "upkeep");
        await a.WaitForAllAsync(linked.Token, at);
        var logged = await cluster.ScalarAsync("select count(*) from makini.record_changes where connection_id = @c", ("c", linked.Id));
        logged.ShouldBeGreaterThan(20);

        // Read the first part of the history on node A, remember the cursor, then lose node A.
        var firstPart = await a.CollectChangesAsync(linked.Token, "", (int)(logged / 2), TimeSpan.FromSeconds(30));
        var cursor = firstPart.Last(r => r.Change is not null).Change.Cursor;
        cluster.Nodes[0].Kill();
        var restarted = await cluster.AddNodeAsync();

        // New changes at the source while nobody listens.
        (await emulator.Node.Http.PostAsync($"{emulator.Path}/_emulator/generate/vendor?count=5&seed=99", null)).EnsureSuccessStatusCode();
        var before = DateTimeOffset.UtcNow;
        // Generated records carry change times in the past: a full resync reads them.
        await b.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { Entity.Vendor }, FullResync = true }, Api.Bearer(linked.Token));
        await b.WaitForAllAsync(linked.Token, before, null, Entity.Vendor);
        var total = await cluster.ScalarAsync("select count(*) from makini.record_changes where connection_id = @c", ("c", linked.Id));
        total.ShouldBeGreaterThan(logged);

        var rest = await b.CollectChangesAsync(linked.Token, cursor, (int)(total - firstPart.Count(r => r.Change is not null)), TimeSpan.FromSeconds(30));
        var all = firstPart.Concat(rest).Where(r => r.Change is not null).Select(r => r.Change).ToList();
        all.Count.ShouldBe((int)total);
        all.Select(c => c.Cursor).Distinct().Count().ShouldBe(all.Count, "nothing twice");
        // The five new vendors, and older ones the initial 90-day window had left out.
        all.Count(c => c.Vendor is not null && c.ChangeType == ChangeType.Created && c.ChangeTime.ToDateTimeOffset() >= before).ShouldBeGreaterThanOrEqualTo(5);

        // And a restarted node serves the same cursor too.
        var again = await new Api(restarted.Channel).CollectChangesAsync(linked.Token, cursor, rest.Count(r => r.Change is not null), TimeSpan.FromSeconds(30));
        again.Where(r => r.Change is not null).Select(r => r.Change.Cursor).ShouldBe(rest.Where(r => r.Change is not null).Select(r => r.Change.Cursor));

        // Live: a subscriber tailing on one node receives a change committed on the other.
        var last = again.Last(r => r.Change is not null).Change.Cursor;
        var tail = new Api(restarted.Channel).CollectChangesAsync(linked.Token, last, 1, TimeSpan.FromSeconds(20));
        await Task.Delay(500); // subscribed and tailing
        var vendor = (await b.Vendors.CreateVendorAsync(new CreateVendorRequest
        {
            Vendor = new Vendor { Name = "Live Tail Supply" }, RequestId = Guid.NewGuid().ToString(),
        }, Api.Bearer(linked.Token))).Vendor;
        var live = (await tail).Where(r => r.Change is not null).Select(r => r.Change).ToList();
        live.Single().RecordId.ShouldBe(vendor.Id);
        live.Single().Origin.ShouldBe(ChangeOrigin.Write);
    }
}

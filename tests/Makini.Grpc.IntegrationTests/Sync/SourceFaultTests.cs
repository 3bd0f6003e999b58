using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Sync;

public sealed class SourceFaultTests
{
    private static async Task<(Api Api, string Key, LinkedConnection Linked)> SyncedAsync(string systemId)
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits: 20);
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance(Api.EmulatorPaths[systemId]), systemId);
        await api.WaitForAllAsync(linked.Token, at, TimeSpan.FromSeconds(90));
        return (api, key, linked);
    }

    private static async Task<GetSyncStatusResponse> TriggerAndWaitAsync(Api api, LinkedConnection linked, Entity entity)
    {
        var at = DateTimeOffset.UtcNow;
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { entity } }, Api.Bearer(linked.Token));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await api.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), Api.Bearer(linked.Token));
            var e = status.Entities.Single(s => s.Entity == entity);
            if (e.State != SyncState.Running && ((e.LastSuccessTime?.ToDateTimeOffset() ?? default) > at || (e.LastErrorTime?.ToDateTimeOffset() ?? default) > at))
                return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(status.ToString());
            await Task.Delay(200);
        }
    }

    [Theory]
    [InlineData(503, 0)]
    [InlineData(429, 0)]
    [InlineData(500, 0)]
    [InlineData(0, 5000)] // a request that takes longer than the attempt timeout
    public async Task Transient_source_faults_are_retried_within_the_run(int status, int delayMs)
    {
        var (api, _, linked) = await SyncedAsync("upkeep");
        await linked.Emulator.FaultAsync(status, count: 2, delayMs);
        var after = await TriggerAndWaitAsync(api, linked, Entity.WorkOrder);
        var wo = after.Entities.Single(e => e.Entity == Entity.WorkOrder);
        wo.State.ShouldBe(SyncState.Succeeded, wo.LastError);
        // An abandoned request is logged once the emulator notices the hang-up, which can come after the retry's answer.
        var expected = status == 0 ? 499 : status;
        var seen = DateTime.UtcNow.AddSeconds(10);
        List<int> statuses;
        while (!(statuses = (await linked.Emulator.RequestsAsync()).Select(r => (int)r!["status"]!).ToList()).Contains(expected) && DateTime.UtcNow < seen)
            await Task.Delay(100);
        statuses.ShouldContain(expected);
    }

    [Fact]
    public async Task A_source_that_keeps_failing_fails_the_run_and_the_next_attempt_recovers()
    {
        var (api, _, linked) = await SyncedAsync("ibm_maximo");
        await linked.Emulator.FaultAsync(503, count: 200);
        var failed = (await TriggerAndWaitAsync(api, linked, Entity.Asset)).Entities.Single(e => e.Entity == Entity.Asset);
        failed.State.ShouldBe(SyncState.Failed);
        failed.LastError.ShouldNotBeNullOrEmpty();
        (await api.Sync.ListSyncRunsAsync(new ListSyncRunsRequest { Entity = Entity.Asset }, Api.Bearer(linked.Token))).Runs
            .First(r => r.Kind != SyncRunKind.DeletionScan).Status.ShouldBe(SyncRunStatus.Failed);

        await linked.Emulator.ClearFaultsAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        EntitySyncStatus asset;
        do
        {
            await Task.Delay(300);
            asset = (await api.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), Api.Bearer(linked.Token))).Entities.Single(e => e.Entity == Entity.Asset);
        }
        while (asset.State != SyncState.Succeeded && DateTime.UtcNow < deadline);
        asset.State.ShouldBe(SyncState.Succeeded, "a failed run is retried on its own");
    }

    [Fact]
    public async Task A_source_401_pauses_syncs_until_reauthorization_which_resumes_them()
    {
        var (api, key, linked) = await SyncedAsync("dynamics_bc");
        var credentials = await linked.Emulator.CredentialsAsync();
        credentials["client_secret"] = "rotated-by-the-customer";
        await linked.Emulator.SetCredentialsAsync(credentials);

        // The triggered run meets the 401, unless a key scan of another entity meets it first: either pauses them all.
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { Entity.Vendor } }, Api.Bearer(linked.Token));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Connection connection;
        while ((connection = (await api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Connection)
               .Status != ConnectionStatus.ReauthorizationRequired && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        connection.Status.ShouldBe(ConnectionStatus.ReauthorizationRequired);
        var paused = await api.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), Api.Bearer(linked.Token));
        paused.Entities.ShouldAllBe(e => e.State == SyncState.Paused);
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest(), Api.Bearer(linked.Token)).ShouldFail(StatusCode.FailedPrecondition, "REAUTHORIZATION_REQUIRED");
        // Synced data stays readable meanwhile.
        (await api.ListAsync(linked.Token, Entity.Vendor)).ShouldNotBeEmpty();

        var link = await api.OpenLinkAsync(key, reauthorize: linked.Id);
        var completed = await api.CompleteAsync(link.LinkToken, "dynamics_bc", linked.Emulator, Deployment.Unspecified, credentials);
        var reauthorizedAt = DateTimeOffset.UtcNow;
        var exchanged = await api.Links.ExchangePublicTokenAsync(new ExchangePublicTokenRequest { PublicToken = completed.PublicToken }, Api.Bearer(key));
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest(), Api.Bearer(exchanged.ApiToken));
        var resumed = await api.WaitForAllAsync(exchanged.ApiToken, reauthorizedAt);
        resumed.Entities.ShouldAllBe(e => e.State == SyncState.Succeeded);
        var runs = (await api.Sync.ListSyncRunsAsync(new ListSyncRunsRequest { Entity = Entity.Vendor }, Api.Bearer(exchanged.ApiToken))).Runs;
        // The newest data run (a key scan may have followed it).
        runs.First(r => r.Kind != SyncRunKind.DeletionScan).Kind.ShouldBe(SyncRunKind.Incremental, "it resumes from its checkpoint, not from scratch");
    }

    [Fact]
    public async Task A_schedule_changed_while_a_sync_runs_is_kept_when_the_run_ends()
    {
        var (api, _, linked) = await SyncedAsync("upkeep");
        var auth = Api.Bearer(linked.Token);
        // Slow answers keep the next run going while the schedule changes under it.
        await linked.Emulator.FaultAsync(0, count: 4, delayMs: 1500);
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { Entity.Vendor } }, auth);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await api.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), auth)).Entities.Single(e => e.Entity == Entity.Vendor).State != SyncState.Running)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the triggered run started");
            await Task.Delay(50);
        }
        var changedAt = DateTimeOffset.UtcNow;
        await api.Sync.UpdateSyncScheduleAsync(new UpdateSyncScheduleRequest { Entities = { Entity.Vendor }, Schedule = new SyncSchedule { IntervalSeconds = 60 } }, auth);
        var updatedAt = DateTimeOffset.UtcNow; // the server's "now + 60 s" falls between the two

        var status = await api.WaitForAllAsync(linked.Token, changedAt, TimeSpan.FromSeconds(60), Entity.Vendor);
        var vendor = status.Entities.Single(e => e.Entity == Entity.Vendor);
        vendor.Schedule.IntervalSeconds.ShouldBe(60);
        // The run began under the 15-minute default; its end must not put the next run 15 minutes out. (60 s after the
        // change, or after the run's end where another runner took it over and finished it under the new schedule.)
        vendor.NextRunTime.ToDateTimeOffset().ShouldBeLessThan(status.Entities.Single(e => e.Entity == Entity.Vendor).LastSuccessTime.ToDateTimeOffset().AddSeconds(61));
        vendor.NextRunTime.ToDateTimeOffset().ShouldBeLessThan(updatedAt.AddMinutes(3));
    }

    [Fact]
    public async Task After_a_disconnect_returns_the_source_sees_no_further_request()
    {
        var (api, key, linked) = await SyncedAsync("sap_s4hana");
        await api.Sync.UpdateSyncScheduleAsync(new UpdateSyncScheduleRequest { Schedule = new SyncSchedule { IntervalSeconds = 1 } }, Api.Bearer(linked.Token));
        await Task.Delay(2500); // syncs are running every second now
        (await linked.Emulator.RequestsAsync()).Count.ShouldBeGreaterThan(0);

        await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        await Task.Delay(500); // requests already in flight finish or are cancelled
        var settled = (await linked.Emulator.RequestsAsync()).Count;
        await Task.Delay(5000);
        (await linked.Emulator.RequestsAsync()).Count.ShouldBe(settled);
    }

    [Fact]
    public async Task A_write_waiting_to_retry_when_its_connection_is_disconnected_sends_nothing_more()
    {
        var (api, key, linked) = await Writes.WriteFixtures.SyncedAsync("sap_s4hana");
        var (order, remote) = await Writes.WriteFixtures.NewPurchaseOrderAsync(api, linked);
        // The source answers the create 503 with Retry-After 2 s: the write waits to send it again.
        await linked.Emulator.FaultAsync(503, 1, "POST", retryAfterSeconds: 2);
        var write = api.PurchaseOrders.CreatePurchaseOrderAsync(
            new CreatePurchaseOrderRequest { PurchaseOrder = order, RemoteFields = remote, RequestId = Guid.NewGuid().ToString() }, Api.Bearer(linked.Token)).ResponseAsync;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await linked.Emulator.RequestsAsync()).Any(r => (string)r!["method"]! == "POST" && (int)r["status"]! == 503) && DateTime.UtcNow < deadline)
            await Task.Delay(20);

        await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        var settled = (await linked.Emulator.RequestsAsync()).Count;
        (await Should.ThrowAsync<RpcException>(write)).ShouldSatisfyAllConditions(
            e => e.StatusCode.ShouldBe(StatusCode.FailedPrecondition), e => e.Reason().ShouldBe("CONNECTION_DISCONNECTED"));
        await Task.Delay(3000); // past the Retry-After
        (await linked.Emulator.RequestsAsync()).Count.ShouldBe(settled);
        (await linked.Emulator.RequestsAsync()).ShouldNotContain(r => (string)r!["method"]! == "POST" && (int)r["status"]! < 300);
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.IntegrationTests.Webhooks;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.HealthMonitoring;

/// <summary>Connection health from scheduled checks and syncs, on clusters of their own: the shared node runs no
/// scheduled checks (so they disturb no other test), these check every two seconds.</summary>
public sealed class ConnectionHealthTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    private static Dictionary<string, string> Settings(bool scheduled = true, int offlineAfter = 3) => new()
    {
        ["Makini__Health__Enabled"] = scheduled ? "true" : "false",
        ["Makini__Health__CheckInterval"] = "00:00:02",
        ["Makini__Health__PollInterval"] = "00:00:00.300",
        ["Makini__Health__OfflineAfterFailures"] = offlineAfter.ToString(),
    };

    private static JsonObject Data(WebhookReceiver.Received r) => r.Json["data"]!.AsObject();

    private static List<(string Health, string Previous)> HealthChanges(IEnumerable<WebhookReceiver.Received> received, string connectionId) =>
        received.Where(r => r.EventType == "connection.health_changed" && Data(r)["connection_id"]!.GetValue<string>() == connectionId)
            .OrderBy(r => r.Json["created_time"]!.GetValue<string>(), StringComparer.Ordinal)
            .Select(r => (Data(r)["health"]!.GetValue<string>(), Data(r)["previous_health"]?.GetValue<string>() ?? "CONNECTION_HEALTH_UNSPECIFIED"))
            .ToList();

    private static async Task<List<ConnectionEvent>> HealthEventsAsync(Api api, string key, string connectionId) =>
        (await api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = connectionId, PageSize = 500 }, Api.Bearer(key)))
            .Events.Where(e => e.Type == "connection.health_changed").ToList();

    [Fact]
    public async Task A_failing_source_degrades_then_goes_offline_and_its_recovery_is_announced()
    {
        var stack = await Stack.GetAsync();
        await using var cluster = await IsolatedCluster.StartAsync(1, Settings());
        var api = new Api(cluster.Nodes[0].Channel);
        var (_, key) = await api.CreateAccountAsync();
        await using var receiver = new WebhookReceiver();
        await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url, EventTypes = { "connection.health_changed" } }, Api.Bearer(key));
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("maximo"), "ibm_maximo");
        await api.WaitForAllAsync(linked.Token, at, Wait);

        // Healthy: checks pass and nothing is recorded for them.
        await Task.Delay(5000);
        var healthy = (await api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Connection;
        healthy.Health.ShouldBe(ConnectionHealth.Online);
        healthy.HealthChangeTime.ShouldBeNull();
        (await HealthEventsAsync(api, key, linked.Id)).ShouldBeEmpty();
        (await linked.Emulator.RequestsAsync()).ShouldContain(r => ((string)r!["path"]!).EndsWith("/whoami"), "the scheduled check ran");
        receiver.Requests.ShouldBeEmpty();

        await linked.Emulator.FaultAsync(503, count: 100_000);
        var offline = await receiver.WaitForAsync(r => HealthChanges(r, linked.Id).Any(c => c.Health == "CONNECTION_HEALTH_OFFLINE"), Wait);
        HealthChanges(offline, linked.Id).ShouldBe([
            ("CONNECTION_HEALTH_DEGRADED", "CONNECTION_HEALTH_ONLINE"),
            ("CONNECTION_HEALTH_OFFLINE", "CONNECTION_HEALTH_DEGRADED"),
        ]);
        var down = (await api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Connection;
        down.Health.ShouldBe(ConnectionHealth.Offline);
        down.Status.ShouldBe(ConnectionStatus.Active, "an unreachable source is not a credentials problem");
        down.HealthChangeTime.ShouldNotBeNull();
        down.HealthChangeTime.ToDateTimeOffset().ShouldBeGreaterThan(at);

        await linked.Emulator.ClearFaultsAsync();
        var recovered = await receiver.WaitForAsync(r => HealthChanges(r, linked.Id).Count >= 3, Wait);
        HealthChanges(recovered, linked.Id)[2].ShouldBe(("CONNECTION_HEALTH_ONLINE", "CONNECTION_HEALTH_OFFLINE"));
        var online = recovered.Single(r => r.EventType == "connection.health_changed" && Data(r)["health"]!.GetValue<string>() == "CONNECTION_HEALTH_ONLINE");
        Data(online)["system_id"]!.GetValue<string>().ShouldBe("ibm_maximo");
        Data(online)["reason"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        (await api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Connection.Health.ShouldBe(ConnectionHealth.Online);

        // The history, as recorded: one event per change, however many checks ran.
        await Task.Delay(3000);
        var history = await HealthEventsAsync(api, key, linked.Id);
        history.Select(e => (e.Details["health"], e.Details["previous_health"])).ShouldBe([
            ("CONNECTION_HEALTH_DEGRADED", "CONNECTION_HEALTH_ONLINE"),
            ("CONNECTION_HEALTH_OFFLINE", "CONNECTION_HEALTH_DEGRADED"),
            ("CONNECTION_HEALTH_ONLINE", "CONNECTION_HEALTH_OFFLINE"),
        ]);
        history[1].Details["reason"].ShouldContain("503");
        history[1].Details["consecutive_failures"].ShouldBe("3");
        receiver.Requests.Count.ShouldBe(3, "no event twice");
    }

    [Fact]
    public async Task Timeouts_take_a_source_offline_and_a_scheduled_check_that_is_refused_asks_for_reauthorization()
    {
        var stack = await Stack.GetAsync();
        var settings = Settings();
        settings["Makini__SourceHttp__AttemptTimeout"] = "00:00:00.500";
        settings["Makini__SourceHttp__MaxRetryAttempts"] = "1";
        settings["Makini__SourceHttp__TotalTimeout"] = "00:00:01.500";
        await using var cluster = await IsolatedCluster.StartAsync(1, settings);
        var api = new Api(cluster.Nodes[0].Channel);
        var (_, key) = await api.CreateAccountAsync();
        await using var receiver = new WebhookReceiver();
        await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest
        {
            Url = receiver.Url, EventTypes = { "connection.health_changed", "connection.reauthorization_required" },
        }, Api.Bearer(key));
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("maximo"), "ibm_maximo");
        await api.WaitForAllAsync(linked.Token, at, Wait);

        // The source stops answering in time (each answer held 3 s; an attempt waits 0.5 s).
        var held = await linked.Emulator.Node.Http.PostAsJsonAsync($"{linked.Emulator.Path}/_emulator/faults", new { status = 0, count = 100_000, delay_ms = 3000 });
        held.EnsureSuccessStatusCode();
        var offline = await receiver.WaitForAsync(r => HealthChanges(r, linked.Id).Any(c => c.Health == "CONNECTION_HEALTH_OFFLINE"), Wait);
        HealthChanges(offline, linked.Id).ShouldBe([
            ("CONNECTION_HEALTH_DEGRADED", "CONNECTION_HEALTH_ONLINE"),
            ("CONNECTION_HEALTH_OFFLINE", "CONNECTION_HEALTH_DEGRADED"),
        ]);
        await linked.Emulator.ClearFaultsAsync();
        await receiver.WaitForAsync(r => HealthChanges(r, linked.Id).Count >= 3, Wait);

        // The customer rotates the API key at the source: the next scheduled check finds out, with no call from us.
        var credentials = await linked.Emulator.CredentialsAsync();
        credentials["api_key"] = "rotated-at-the-source";
        await linked.Emulator.SetCredentialsAsync(credentials);
        var reauth = (await receiver.WaitForAsync(r => r.Any(x => x.EventType == "connection.reauthorization_required"), Wait))
            .Single(x => x.EventType == "connection.reauthorization_required");
        Data(reauth)["connection_id"]!.GetValue<string>().ShouldBe(linked.Id);
        (await api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Connection.Status
            .ShouldBe(ConnectionStatus.ReauthorizationRequired);
    }

    [Fact]
    public async Task A_write_that_finds_the_source_down_counts_and_one_that_succeeds_brings_it_back()
    {
        var stack = await Stack.GetAsync();
        // No scheduled checks here: only the writes report.
        await using var cluster = await IsolatedCluster.StartAsync(1, Settings(scheduled: false, offlineAfter: 100));
        var api = new Api(cluster.Nodes[0].Channel);
        var (_, key) = await api.CreateAccountAsync();
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("netsuite"), "netsuite");
        await api.WaitForAllAsync(linked.Token, at, Wait);
        var (order, remote) = await Writes.WriteFixtures.NewPurchaseOrderAsync(api, linked);
        var auth = Api.Bearer(linked.Token);

        await linked.Emulator.FaultAsync(503, count: 100_000);
        await api.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest { PurchaseOrder = order, RemoteFields = remote, RequestId = "down" }, auth)
            .ShouldFail(global::Grpc.Core.StatusCode.Unavailable, "SOURCE_UNAVAILABLE");
        var degraded = await WaitForHealthAsync(api, key, linked.Id, ConnectionHealth.Degraded);
        degraded.Status.ShouldBe(ConnectionStatus.Active);
        (await HealthEventsAsync(api, key, linked.Id)).Single().Details["reason"].ShouldContain("(write)");

        await linked.Emulator.ClearFaultsAsync();
        await api.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest { PurchaseOrder = order, RemoteFields = remote, RequestId = "up" }, auth);
        await WaitForHealthAsync(api, key, linked.Id, ConnectionHealth.Online);
        var after = await HealthEventsAsync(api, key, linked.Id);
        after.Select(e => e.Details["health"]).ShouldBe(["CONNECTION_HEALTH_DEGRADED", "CONNECTION_HEALTH_ONLINE"]);
        after[1].Details["reason"].ShouldContain("(write)");
    }

    [Fact]
    public async Task A_sync_that_finds_the_source_down_counts_and_one_that_succeeds_brings_it_back()
    {
        var stack = await Stack.GetAsync();
        // No scheduled checks here: only the syncs report.
        await using var cluster = await IsolatedCluster.StartAsync(1, Settings(scheduled: false, offlineAfter: 100));
        var api = new Api(cluster.Nodes[0].Channel);
        var (_, key) = await api.CreateAccountAsync();
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("sap"), "sap_s4hana");
        await api.WaitForAllAsync(linked.Token, at, Wait);

        await linked.Emulator.FaultAsync(503, count: 100_000);
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest(), Api.Bearer(linked.Token));
        var degraded = await WaitForHealthAsync(api, key, linked.Id, ConnectionHealth.Degraded);
        degraded.Status.ShouldBe(ConnectionStatus.Active);
        var events = await HealthEventsAsync(api, key, linked.Id);
        events.Count.ShouldBe(1);
        events[0].Details["reason"].ShouldContain("(sync)");

        await linked.Emulator.ClearFaultsAsync();
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest(), Api.Bearer(linked.Token));
        await WaitForHealthAsync(api, key, linked.Id, ConnectionHealth.Online);
        var after = await HealthEventsAsync(api, key, linked.Id);
        after.Select(e => e.Details["health"]).ShouldBe(["CONNECTION_HEALTH_DEGRADED", "CONNECTION_HEALTH_ONLINE"]);
        after[1].Details["reason"].ShouldContain("(sync)");
    }

    [Fact]
    public async Task Two_nodes_check_each_connection_once_per_interval_between_them()
    {
        var stack = await Stack.GetAsync();
        await using var cluster = await IsolatedCluster.StartAsync(2, Settings());
        var api = new Api(cluster.Nodes[0].Channel);
        var (_, key) = await api.CreateAccountAsync();
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("maximo"), "ibm_maximo");
        await api.WaitForAllAsync(linked.Token, at, Wait);

        // Syncs do not call whoami; only checks do. Two nodes checking on their own would make about twice as many.
        await Task.Delay(2500);
        await linked.Emulator.Node.Http.DeleteAsync($"{linked.Emulator.Path}/_emulator/requests");
        await Task.Delay(12_000);
        var checks = (await linked.Emulator.RequestsAsync()).Count(r => ((string)r!["path"]!).EndsWith("/whoami"));
        checks.ShouldBeInRange(4, 7);
        (await cluster.ScalarAsync("select count(*) from makini.connection_health where connection_id = @c", ("c", linked.Id))).ShouldBe(1);
    }

    private static async Task<Connection> WaitForHealthAsync(Api api, string key, string connectionId, ConnectionHealth health)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var connection = (await api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = connectionId }, Api.Bearer(key))).Connection;
            if (connection.Health == health) return connection;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(connection.ToString());
            await Task.Delay(200);
        }
    }
}

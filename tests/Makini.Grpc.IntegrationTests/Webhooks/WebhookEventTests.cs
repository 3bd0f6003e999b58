using System.Text.Json.Nodes;
using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.IntegrationTests.Writes;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Webhooks;

public sealed class WebhookEventTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Connections_syncs_and_writes_announce_themselves_through_signed_webhooks()
    {
        var (api, key, linked) = await WriteFixtures.SyncedAsync("upkeep");
        await using var receiver = new WebhookReceiver();
        // Registered after the link: what came before is not queued for it. A second, filtered endpoint sees only its types.
        var endpoint = await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url }, Api.Bearer(key));
        endpoint.SigningSecret.ShouldStartWith("whsec_");
        await using var writesOnly = new WebhookReceiver();
        await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = writesOnly.Url, EventTypes = { "write.succeeded" } }, Api.Bearer(key));
        // A third hears of the first connection only, not of the second one created below.
        await using var firstOnly = new WebhookReceiver();
        await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = firstOnly.Url, ConnectionIds = { linked.Id } }, Api.Bearer(key));

        // A second connection of the account: created, then its initial syncs complete, one event per entity.
        var at = DateTimeOffset.UtcNow;
        var second = await api.ConnectAsync(key, (await Stack.GetAsync()).Emulators.NewInstance("upkeep"), "upkeep");
        var entities = (await api.WaitForAllAsync(second.Token, at, TimeSpan.FromSeconds(90))).Entities.Count;
        await receiver.WaitForAsync(r => r.Any(x => x.EventType == "connection.created")
            && r.Count(x => x.EventType == "sync.completed" && Data(x)["connection_id"]!.GetValue<string>() == second.Id) == entities, Wait);

        // A write.
        var (order, remote) = await WriteFixtures.NewPurchaseOrderAsync(api, linked);
        var written = await api.PurchaseOrders.CreatePurchaseOrderAsync(
            new CreatePurchaseOrderRequest { PurchaseOrder = order, RemoteFields = remote, RequestId = Guid.NewGuid().ToString() }, Api.Bearer(linked.Token));
        var write = (await receiver.WaitForAsync(r => r.Any(x => x.EventType == "write.succeeded"), Wait)).Single(x => x.EventType == "write.succeeded");
        Data(write)["write_operation"]!["write_operation_id"]!.GetValue<string>().ShouldBe(written.WriteOperation.WriteOperationId);
        (await writesOnly.WaitForAsync(r => r.Count == 1, Wait)).Single().EventType.ShouldBe("write.succeeded");
        (await firstOnly.WaitForAsync(r => r.Any(x => x.EventType == "write.succeeded"), Wait))
            .ShouldAllBe(x => x.Json["connection_id"]!.GetValue<string>() == linked.Id);

        // The customer changes the password at the source: the next check finds out.
        var credentials = await linked.Emulator.CredentialsAsync();
        credentials["password"] = "changed-at-the-source";
        await linked.Emulator.SetCredentialsAsync(credentials);
        await api.Connections.CheckConnectionAsync(new CheckConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        var reauth = (await receiver.WaitForAsync(r => r.Any(x => x.EventType == "connection.reauthorization_required"), Wait))
            .Single(x => x.EventType == "connection.reauthorization_required");
        Data(reauth)["status"]!.GetValue<string>().ShouldBe("CONNECTION_STATUS_REAUTHORIZATION_REQUIRED");
        Data(reauth)["source_http_status"]!.GetValue<int>().ShouldBeInRange(400, 403); // UpKeep refuses a bad login with its own status
        Data(reauth)["reason"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

        await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        await api.Connections.DeleteConnectionDataAsync(new DeleteConnectionDataRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        var all = await receiver.WaitForAsync(r => r.Any(x => x.EventType == "connection.data_deleted"), Wait);
        all.ShouldContain(x => x.EventType == "connection.disconnected" && x.Json["connection_id"]!.GetValue<string>() == linked.Id);

        foreach (var received in all)
        {
            WebhookReceiver.Verifies(received, endpoint.SigningSecret, TimeSpan.FromMinutes(5)).ShouldBeTrue(received.Body);
            WebhookReceiver.Verifies(received, "whsec_not-the-secret", TimeSpan.FromMinutes(5)).ShouldBeFalse();
            var json = received.Json;
            json.Select(p => p.Key).ShouldBe(["id", "type", "created_time", "account_id", "connection_id", "data"], ignoreOrder: true);
            json["id"]!.GetValue<string>().ShouldBe(received.EventId);
            json["type"]!.GetValue<string>().ShouldBe(received.EventType);
            json["data"]!["@type"]!.GetValue<string>().ShouldStartWith("type.googleapis.com/makini.v1.");
        }
        all.Select(r => r.EventId).Distinct().Count().ShouldBe(all.Count);
        all.ShouldNotContain(r => r.EventType == "records.changed"); // opt-in only

        // The history of what was delivered (each attempt is recorded just after the receiver answered).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await api.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { Status = WebhookDeliveryStatus.Pending }, Api.Bearer(key)))
               .WebhookDeliveries.Count > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        var deliveries = await api.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest
        {
            WebhookEndpointId = endpoint.WebhookEndpoint.WebhookEndpointId, Status = WebhookDeliveryStatus.Succeeded, PageSize = 3,
        }, Api.Bearer(key));
        deliveries.WebhookDeliveries.Count.ShouldBe(3);
        deliveries.NextPageToken.ShouldNotBeEmpty();
        var rest = await api.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest
        {
            WebhookEndpointId = endpoint.WebhookEndpoint.WebhookEndpointId, Status = WebhookDeliveryStatus.Succeeded, PageSize = 200,
            PageToken = deliveries.NextPageToken,
        }, Api.Bearer(key));
        (deliveries.WebhookDeliveries.Count + rest.WebhookDeliveries.Count).ShouldBe(all.Count);
        var one = await api.Webhooks.GetWebhookDeliveryAsync(new GetWebhookDeliveryRequest { WebhookDeliveryId = deliveries.WebhookDeliveries[0].WebhookDeliveryId }, Api.Bearer(key));
        one.WebhookDelivery.Attempts.Single().HttpStatus.ShouldBe(200);
        one.WebhookDelivery.Payload.ShouldBe(all.Single(r => r.EventId == one.WebhookDelivery.EventId).Body);

        // The other filters: by event type, and by creation time on either side of a delivery in the middle.
        var history = deliveries.WebhookDeliveries.Concat(rest.WebhookDeliveries).ToList();
        var times = history.Select(d => d.CreateTime.ToDateTimeOffset()).Order().ToList();
        var middle = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(times[times.Count / 2]);
        async Task<List<string>> IdsAsync(ListWebhookDeliveriesRequest request)
        {
            request.WebhookEndpointId = endpoint.WebhookEndpoint.WebhookEndpointId;
            request.PageSize = 200;
            return (await api.Webhooks.ListWebhookDeliveriesAsync(request, Api.Bearer(key))).WebhookDeliveries.Select(d => d.WebhookDeliveryId).ToList();
        }
        (await IdsAsync(new ListWebhookDeliveriesRequest { EventType = "write.succeeded" }))
            .ShouldBe(history.Where(d => d.EventType == "write.succeeded").Select(d => d.WebhookDeliveryId), ignoreOrder: true);
        (await IdsAsync(new ListWebhookDeliveriesRequest { CreatedAfter = middle }))
            .ShouldBe(history.Where(d => d.CreateTime.ToDateTimeOffset() > middle.ToDateTimeOffset()).Select(d => d.WebhookDeliveryId), ignoreOrder: true);
        (await IdsAsync(new ListWebhookDeliveriesRequest { CreatedBefore = middle }))
            .ShouldBe(history.Where(d => d.CreateTime.ToDateTimeOffset() < middle.ToDateTimeOffset()).Select(d => d.WebhookDeliveryId), ignoreOrder: true);
    }

    [Fact]
    public async Task Records_changed_carries_the_changed_records_in_the_read_shape_to_endpoints_that_opt_in()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        await using var receiver = new WebhookReceiver();
        await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url, EventTypes = { "records.changed" } }, Api.Bearer(key));
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("netsuite"), "netsuite");
        await api.WaitForAllAsync(linked.Token, at, TimeSpan.FromSeconds(90));
        var orders = await api.ListAsync(linked.Token, Entity.PurchaseOrder);

        var received = await receiver.WaitForAsync(r => r.SelectMany(Changes).Count(c => c["purchase_order"] is not null) == orders.Count, Wait);
        received.ShouldAllBe(r => r.EventType == "records.changed");
        received.ShouldAllBe(r => Changes(r).Count <= 100);
        var change = received.SelectMany(Changes).First(c => c["purchase_order"] is not null);
        change["change_type"]!.GetValue<string>().ShouldBe("CHANGE_TYPE_CREATED");
        change["origin"]!.GetValue<string>().ShouldBe("CHANGE_ORIGIN_SYNC");
        var id = change["record_id"]!.GetValue<string>();
        var fetched = await api.PurchaseOrders.GetPurchaseOrderAsync(new GetPurchaseOrderRequest { Id = id }, Api.Bearer(linked.Token));
        change["purchase_order"]!["number"]!.GetValue<string>().ShouldBe(fetched.PurchaseOrder.Number);
        change["purchase_order"]!["id"]!.GetValue<string>().ShouldBe(id);

        // A cursor in the webhook resumes the change stream right after that change (events may arrive in any order, so
        // what follows is some of the announced changes, never the one whose cursor was used).
        var all = received.SelectMany(Changes).ToList();
        var pick = all[all.Count / 2];
        var after = (await api.CollectChangesAsync(linked.Token, pick["cursor"]!.GetValue<string>(), int.MaxValue, TimeSpan.FromSeconds(2)))
            .Where(r => r.Change is not null).Select(r => r.Change.RecordId).ToList();
        after.ShouldNotContain(pick["record_id"]!.GetValue<string>());
        after.ShouldBeSubsetOf(all.Select(c => c["record_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Failed_syncs_failed_writes_and_reauthorization_are_announced()
    {
        var (api, key, linked) = await WriteFixtures.SyncedAsync("netsuite");
        await using var receiver = new WebhookReceiver();
        await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest
        {
            Url = receiver.Url, EventTypes = { "sync.failed", "write.failed", "connection.reauthorized" }, ConnectionIds = { linked.Id },
        }, Api.Bearer(key));

        // The source keeps failing: the run fails.
        await linked.Emulator.FaultAsync(503, count: 500);
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { Entity.Vendor } }, Api.Bearer(linked.Token));
        var failed = (await receiver.WaitForAsync(r => r.Any(x => x.EventType == "sync.failed"), Wait)).First(x => x.EventType == "sync.failed");
        Data(failed)["entity"]!.GetValue<string>().ShouldBe("ENTITY_VENDOR");
        Data(failed)["error"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        await linked.Emulator.ClearFaultsAsync();

        // The source refuses a write.
        var (order, remote) = await WriteFixtures.NewPurchaseOrderAsync(api, linked);
        order.Vendor.RemoteId = "999999";
        await api.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest { PurchaseOrder = order, RemoteFields = remote, RequestId = "bad-vendor" },
            Api.Bearer(linked.Token)).ShouldFail(StatusCode.InvalidArgument, "SOURCE_VALIDATION_FAILED");
        var writeFailed = (await receiver.WaitForAsync(r => r.Any(x => x.EventType == "write.failed"), Wait)).First(x => x.EventType == "write.failed");
        Data(writeFailed)["write_operation"]!["status"]!.GetValue<string>().ShouldBe("WRITE_STATUS_FAILED");
        Data(writeFailed)["write_operation"]!["error_reason"]!.GetValue<string>().ShouldBe("SOURCE_VALIDATION_FAILED");

        // The customer reissues the token at the source; the account re-runs the link flow for the connection.
        var credentials = await linked.Emulator.CredentialsAsync();
        credentials["token_secret"] = "revoked-and-reissued-at-the-source";
        await linked.Emulator.SetCredentialsAsync(credentials);
        await api.Connections.CheckConnectionAsync(new CheckConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        var link = await api.OpenLinkAsync(key, endUserId: "", reauthorize: linked.Id);
        await api.CompleteAsync(link.LinkToken, "netsuite", linked.Emulator, Deployment.Unspecified, credentials);
        var reauthorized = (await receiver.WaitForAsync(r => r.Any(x => x.EventType == "connection.reauthorized"), Wait)).First(x => x.EventType == "connection.reauthorized");
        Data(reauthorized)["status"]!.GetValue<string>().ShouldBe("CONNECTION_STATUS_ACTIVE");
        receiver.Requests.ShouldAllBe(r => r.Json["connection_id"]!.GetValue<string>() == linked.Id);
    }

    private static IReadOnlyList<JsonNode> Changes(WebhookReceiver.Received r) => r.Json["data"]!["changes"]!.AsArray().Select(c => c!).ToList();

    [Fact]
    public async Task A_receiver_that_is_down_gets_every_event_once_it_is_back_on_the_retry_schedule()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        await using var receiver = new WebhookReceiver { FailWith = 503 };
        var endpoint = (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url, EventTypes = { "connection.created" } },
            Api.Bearer(key))).WebhookEndpoint;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("maximo"), "ibm_maximo");

        WebhookDelivery delivery;
        do
        {
            await Task.Delay(200);
            var list = await api.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { ConnectionId = linked.Id }, Api.Bearer(key));
            delivery = (await api.Webhooks.GetWebhookDeliveryAsync(new GetWebhookDeliveryRequest { WebhookDeliveryId = list.WebhookDeliveries.Single().WebhookDeliveryId },
                Api.Bearer(key))).WebhookDelivery;
        } while (delivery.AttemptCount < 3);
        delivery.Status.ShouldBe(WebhookDeliveryStatus.Pending);
        delivery.Attempts.ShouldAllBe(a => a.HttpStatus == 503 && a.ResponseBody.Length == 1024);
        receiver.FailWith = null;

        var received = (await receiver.WaitForAsync(r => r.Count == 1, Wait)).Single();
        received.EventType.ShouldBe("connection.created");
        received.EventId.ShouldBe(delivery.EventId);
        // The attempt is recorded just after the receiver answered.
        WebhookDelivery done;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do done = (await api.Webhooks.GetWebhookDeliveryAsync(new GetWebhookDeliveryRequest { WebhookDeliveryId = delivery.WebhookDeliveryId }, Api.Bearer(key))).WebhookDelivery;
        while (done.Status != WebhookDeliveryStatus.Succeeded && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        done.Status.ShouldBe(WebhookDeliveryStatus.Succeeded);
        done.Attempts.Last().HttpStatus.ShouldBe(200);
        // Backoff: 1 s, then doubling, each with ±20% jitter.
        var times = done.Attempts.Select(a => a.AttemptTime.ToDateTimeOffset()).ToList();
        for (var i = 1; i < times.Count; i++)
            (times[i] - times[i - 1]).TotalSeconds.ShouldBeGreaterThan(0.8 * Math.Pow(2, i - 1) - 0.1);

        // Asked again by hand: the same event, the same id.
        await api.Webhooks.RetryWebhookDeliveryAsync(new RetryWebhookDeliveryRequest { WebhookDeliveryId = delivery.WebhookDeliveryId }, Api.Bearer(key));
        (await receiver.WaitForAsync(r => r.Count == 2, Wait)).Select(r => r.EventId).Distinct().ShouldBe([delivery.EventId]);

        // Redirects are an answer, not followed.
        receiver.FailWith = 302;
        var test = (await api.Webhooks.SendTestWebhookAsync(new SendTestWebhookRequest { WebhookEndpointId = endpoint.WebhookEndpointId }, Api.Bearer(key))).WebhookDelivery;
        WebhookDelivery redirected;
        do
        {
            await Task.Delay(200);
            redirected = (await api.Webhooks.GetWebhookDeliveryAsync(new GetWebhookDeliveryRequest { WebhookDeliveryId = test.WebhookDeliveryId }, Api.Bearer(key))).WebhookDelivery;
        } while (redirected.AttemptCount == 0);
        redirected.Attempts[0].HttpStatus.ShouldBe(302);
        redirected.Attempts[0].Error.ShouldContain("redirect");
        redirected.Status.ShouldBe(WebhookDeliveryStatus.Pending);
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_is_paused_and_resumes_when_it_answers_again()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        await using var receiver = new WebhookReceiver { FailWith = 500 };
        var id = (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url }, Api.Bearer(key))).WebhookEndpoint.WebhookEndpointId;
        var get = new GetWebhookEndpointRequest { WebhookEndpointId = id };
        for (var i = 0; i < 6; i++) await api.Webhooks.SendTestWebhookAsync(new SendTestWebhookRequest { WebhookEndpointId = id }, Api.Bearer(key));

        WebhookEndpoint endpoint;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do endpoint = (await api.Webhooks.GetWebhookEndpointAsync(get, Api.Bearer(key))).WebhookEndpoint;
        while (endpoint.PauseExpireTime is null && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        endpoint.ConsecutiveFailures.ShouldBeGreaterThanOrEqualTo(5);
        endpoint.PauseExpireTime.ShouldNotBeNull();

        receiver.FailWith = null;
        (await receiver.WaitForAsync(r => r.Count >= 6, Wait)).Select(r => r.EventId).Distinct().Count().ShouldBe(6);
        deadline = DateTime.UtcNow.AddSeconds(10);
        do endpoint = (await api.Webhooks.GetWebhookEndpointAsync(get, Api.Bearer(key))).WebhookEndpoint;
        while (endpoint.ConsecutiveFailures > 0 && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        endpoint.ConsecutiveFailures.ShouldBe(0);
        endpoint.PauseExpireTime.ShouldBeNull();
    }

    [Fact]
    public async Task A_post_that_gets_no_answer_in_time_is_a_failed_attempt_and_is_sent_again()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        // The stack waits 3 s for an answer (10 s by default); this receiver takes 4.
        await using var receiver = new WebhookReceiver { DelayMs = 4000 };
        var id = (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url }, Api.Bearer(key))).WebhookEndpoint.WebhookEndpointId;
        var delivery = (await api.Webhooks.SendTestWebhookAsync(new SendTestWebhookRequest { WebhookEndpointId = id }, Api.Bearer(key))).WebhookDelivery;
        var get = new GetWebhookDeliveryRequest { WebhookDeliveryId = delivery.WebhookDeliveryId };

        WebhookDelivery seen;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do seen = (await api.Webhooks.GetWebhookDeliveryAsync(get, Api.Bearer(key))).WebhookDelivery;
        while (seen.Attempts.Count == 0 && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        var first = seen.Attempts.First();
        (first.HttpStatus, first.Error).ShouldBe((0, "timeout after 3 s"));
        first.LatencyMs.ShouldBeInRange(2900, 3900);

        // Answering in time again, the same event is delivered on the retry schedule (1 s in the tests).
        receiver.DelayMs = 0;
        var received = await receiver.WaitForAsync(r => r.Any(x => x.EventId == seen.EventId), Wait);
        deadline = DateTime.UtcNow.AddSeconds(10);
        do seen = (await api.Webhooks.GetWebhookDeliveryAsync(get, Api.Bearer(key))).WebhookDelivery;
        while (seen.Status != WebhookDeliveryStatus.Succeeded && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        seen.Status.ShouldBe(WebhookDeliveryStatus.Succeeded);
        seen.Attempts.Last().HttpStatus.ShouldBe(200);
    }

    [Fact]
    public async Task A_slow_endpoint_is_sent_fewer_deliveries_at_once_and_a_fast_one_more()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        // Answers slower than the stack's SlowAnswer (1 s) halve the endpoint's limit; quick 2xx answers raise it.
        await using var slow = new WebhookReceiver { DelayMs = 1200 };
        await using var fast = new WebhookReceiver();
        var slowId = (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = slow.Url }, Api.Bearer(key))).WebhookEndpoint.WebhookEndpointId;
        var fastId = (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = fast.Url }, Api.Bearer(key))).WebhookEndpoint.WebhookEndpointId;
        const int events = 30;
        await Task.WhenAll(Enumerable.Range(0, events).SelectMany(_ => new[] { slowId, fastId }).Select(id =>
            api.Webhooks.SendTestWebhookAsync(new SendTestWebhookRequest { WebhookEndpointId = id }, Api.Bearer(key)).ResponseAsync));

        // Every event still arrives (slow is not failed), but never more at once than the starting limit (16), and the
        // slow endpoint ends at the floor (2) while the fast one has grown.
        await slow.WaitForAsync(r => r.Count >= events, Wait);
        await fast.WaitForAsync(r => r.Count >= events, Wait);
        slow.MaxInFlight.ShouldBeLessThanOrEqualTo(16);
        // The endpoint shows its limit, so the account can see it is being spared.
        async Task<int> LimitAsync(string id) => (await api.Webhooks.GetWebhookEndpointAsync(
            new GetWebhookEndpointRequest { WebhookEndpointId = id }, Api.Bearer(key))).WebhookEndpoint.InFlightLimit;
        var deadline = DateTime.UtcNow.AddSeconds(10); // the last attempts are recorded a cycle after they were answered
        while (await LimitAsync(slowId) != 2 && DateTime.UtcNow < deadline) await Task.Delay(100);
        (await LimitAsync(slowId)).ShouldBe(2);
        (await LimitAsync(fastId)).ShouldBeGreaterThan(16);
    }

    [Fact]
    public async Task A_dead_endpoint_does_not_delay_deliveries_to_the_others()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        // Dead: it takes every request and never answers in time (the stack's request timeout is 3 s).
        await using var dead = new WebhookReceiver { DelayMs = 30_000 };
        await using var live = new WebhookReceiver();
        var deadId = (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = dead.Url }, Api.Bearer(key))).WebhookEndpoint.WebhookEndpointId;
        var liveId = (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = live.Url }, Api.Bearer(key))).WebhookEndpoint.WebhookEndpointId;
        Task SendAsync(string id, int count) => Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
            api.Webhooks.SendTestWebhookAsync(new SendTestWebhookRequest { WebhookEndpointId = id }, Api.Bearer(key)).ResponseAsync));

        // The dead endpoint's events are queued first and taken up first; the live endpoint's, queued behind them, still
        // arrive well before the first post to the dead one times out: nothing of theirs waits for it.
        await SendAsync(deadId, 40);
        await dead.WaitForInFlightAsync(1, Wait);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await SendAsync(liveId, 40);
        await live.WaitForAsync(r => r.Count >= 40, Wait);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5), "the live endpoint's events went out while the dead one held its posts");
        dead.Requests.ShouldBeEmpty();
        dead.MaxInFlight.ShouldBeLessThanOrEqualTo(16, "a dead endpoint holds no more than its own in-flight limit");
    }

    [Fact]
    public async Task Endpoints_are_managed_validated_and_their_secrets_rotate_with_an_overlap()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var (_, otherKey) = await api.CreateAccountAsync();
        var other = await api.ConnectAsync(otherKey, stack.Emulators.NewInstance("upkeep"), "upkeep");
        var auth = Api.Bearer(key);

        (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest
            {
                Url = "ftp://example.com/x", EventTypes = { "sync.completed", "sync.finished" }, ConnectionIds = { other.Id },
            }, auth).ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["url", "event_types[1]", "connection_ids[0]"], ignoreOrder: true);

        await using var receiver = new WebhookReceiver();
        var created = await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url }, auth);
        var id = created.WebhookEndpoint.WebhookEndpointId;
        (await api.Webhooks.GetWebhookEndpointAsync(new GetWebhookEndpointRequest { WebhookEndpointId = id }, auth)).WebhookEndpoint.Url.ShouldBe(receiver.Url);
        await api.Webhooks.GetWebhookEndpointAsync(new GetWebhookEndpointRequest { WebhookEndpointId = id }, Api.Bearer(otherKey)).ShouldFail(StatusCode.NotFound);
        (await api.Webhooks.GetWebhookEndpointAsync(new GetWebhookEndpointRequest(), auth).ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["webhook_endpoint_id"]);
        (await api.Webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest { WebhookEndpoint = new() { Disabled = true }, UpdateMask = new() { Paths = { "disabled" } } }, auth)
            .ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["webhook_endpoint.webhook_endpoint_id"]);
        (await api.Webhooks.RetryWebhookDeliveryAsync(new RetryWebhookDeliveryRequest(), auth).ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["webhook_delivery_id"]);
        (await api.Webhooks.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest(), auth)).WebhookEndpoints.Select(e => e.WebhookEndpointId).ShouldBe([id]);

        // Rotation: both secrets sign during the overlap; with no overlap only the new one does.
        var rotated = await api.Webhooks.RotateWebhookSecretAsync(new RotateWebhookSecretRequest { WebhookEndpointId = id }, auth);
        rotated.WebhookEndpoint.PreviousSecretExpireTime.ToDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(23));
        await api.Webhooks.SendTestWebhookAsync(new SendTestWebhookRequest { WebhookEndpointId = id }, auth);
        var first = (await receiver.WaitForAsync(r => r.Count == 1, Wait)).Single();
        first.EventType.ShouldBe("webhook.test");
        first.Signature.Split(',').Count(p => p.StartsWith("v1=")).ShouldBe(2);
        WebhookReceiver.Verifies(first, created.SigningSecret, TimeSpan.FromMinutes(5)).ShouldBeTrue();
        WebhookReceiver.Verifies(first, rotated.SigningSecret, TimeSpan.FromMinutes(5)).ShouldBeTrue();
        var again = await api.Webhooks.RotateWebhookSecretAsync(new RotateWebhookSecretRequest { WebhookEndpointId = id, OverlapSeconds = 0 }, auth);
        await api.Webhooks.SendTestWebhookAsync(new SendTestWebhookRequest { WebhookEndpointId = id }, auth);
        var second = (await receiver.WaitForAsync(r => r.Count == 2, Wait)).Last();
        WebhookReceiver.Verifies(second, again.SigningSecret, TimeSpan.FromMinutes(5)).ShouldBeTrue();
        WebhookReceiver.Verifies(second, rotated.SigningSecret, TimeSpan.FromMinutes(5)).ShouldBeFalse();

        // Disabled: nothing is queued for it, and a test is refused.
        var disabled = await api.Webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest
        {
            WebhookEndpoint = new WebhookEndpoint { WebhookEndpointId = id, Disabled = true }, UpdateMask = new() { Paths = { "disabled" } },
        }, auth);
        disabled.WebhookEndpoint.Disabled.ShouldBeTrue();
        disabled.WebhookEndpoint.Url.ShouldBe(receiver.Url);
        await api.Webhooks.SendTestWebhookAsync(new SendTestWebhookRequest { WebhookEndpointId = id }, auth).ShouldFail(StatusCode.FailedPrecondition, "WEBHOOK_ENDPOINT_DISABLED");
        await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        (await api.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { EventType = "connection.created" }, auth)).WebhookDeliveries.ShouldBeEmpty();
        (await api.Webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest
            {
                WebhookEndpoint = new WebhookEndpoint { WebhookEndpointId = id }, UpdateMask = new() { Paths = { "secret" } },
            }, auth).ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["update_mask.paths[0]"]);

        await api.Webhooks.DeleteWebhookEndpointAsync(new DeleteWebhookEndpointRequest { WebhookEndpointId = id }, auth);
        await api.Webhooks.GetWebhookEndpointAsync(new GetWebhookEndpointRequest { WebhookEndpointId = id }, auth).ShouldFail(StatusCode.NotFound);
    }

    [Fact]
    public async Task Without_private_targets_allowed_endpoints_must_be_public_https()
    {
        var settings = new Dictionary<string, string>(Stack.ServerSettings)
        {
            ["Makini__Webhooks__AllowPrivateTargets"] = "false",
            // This node must not post the other tests' deliveries to their local receivers.
            ["Makini__Webhooks__Enabled"] = "false",
            ["Makini__Sync__Enabled"] = "false",
        };
        await using var node = await ServerNode.StartAsync(Stack.AdminKey, Stack.MasterKey, extra: settings);
        var api = new Api(node.Channel);
        var (_, key) = await api.CreateAccountAsync();
        foreach (var url in new[] { "http://example.com/hooks", "https://127.0.0.1/hooks", "https://localhost:8443/x", "https://169.254.169.254/latest",
                     "https://10.1.2.3/x", "https://[::1]/x", "https://192.168.1.20/x", "https://user:pw@example.com/x" })
        {
            (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = url }, Api.Bearer(key))
                .ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["url"], url);
        }
        (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = "https://hooks.example.com/makini" }, Api.Bearer(key)))
            .WebhookEndpoint.Url.ShouldBe("https://hooks.example.com/makini");
    }

    private static JsonNode Data(WebhookReceiver.Received r) => r.Json["data"]!;
}

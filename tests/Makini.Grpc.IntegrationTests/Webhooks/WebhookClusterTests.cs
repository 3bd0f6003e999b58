using System.Diagnostics;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;
using Npgsql;

namespace Makini.Grpc.IntegrationTests.Webhooks;

/// <summary>Deliveries across nodes: claimed, so two live nodes never post the same delivery at once, and one recorded
/// as delivered is never posted again; a node killed mid-burst loses nothing (another node posts what it held once its
/// lease ends).</summary>
public sealed class WebhookClusterTests
{
    [Fact]
    public async Task Two_nodes_deliver_every_event_once_and_a_killed_node_loses_none()
    {
        var stack = await Stack.GetAsync();
        await using var second = await Stack.StartExtraNodeAsync(overrides: Stack.WebhooksOnly);
        var api = new Api(second.Channel);
        var (_, key) = await api.CreateAccountAsync();
        await using var receiver = new WebhookReceiver { DelayMs = 5 };
        var endpoint = (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url }, Api.Bearer(key))).WebhookEndpoint;
        var send = new SendTestWebhookRequest { WebhookEndpointId = endpoint.WebhookEndpointId };

        // Both nodes dispatch (the shared node and this one); no crash, so no event twice.
        await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => api.Webhooks.SendTestWebhookAsync(send, Api.Bearer(key)).ResponseAsync));
        var received = await receiver.WaitForAsync(r => r.Select(x => x.EventId).Distinct().Count() == 150, TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        var repeated = receiver.Requests.GroupBy(x => x.EventId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        receiver.Requests.Select(x => x.EventId).Distinct().Count().ShouldBe(150);
        await ShouldBeRetriesOfFailedAttemptsAsync(api, key, endpoint.WebhookEndpointId, repeated);

        // A third node takes part in a slow burst and is killed in the middle of it.
        receiver.Requests.Clear();
        receiver.DelayMs = 100;
        var third = await Stack.StartExtraNodeAsync(overrides: Stack.WebhooksOnly);
        var ids = (await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => new Api(third.Channel).Webhooks.SendTestWebhookAsync(send, Api.Bearer(key)).ResponseAsync)))
            .Select(r => r.WebhookDelivery.EventId).ToHashSet();
        await receiver.WaitForAsync(r => r.Count >= 20, TimeSpan.FromSeconds(30));
        third.Kill();
        await third.DisposeAsync();
        var after = await receiver.WaitForAsync(r => ids.IsSubsetOf(r.Select(x => x.EventId)), TimeSpan.FromSeconds(90));
        await ShouldBeRetriesOfFailedAttemptsAsync(api, key, endpoint.WebhookEndpointId, after.Select(x => x.EventId).Where(id => !ids.Contains(id)).Distinct());
    }

    /// <summary>
    /// At least once: a post that got no answer in time (a stalled test machine) is posted again, with the same event id.
    /// So an event the receiver got twice in the absence of crashes must have a recorded attempt that failed before the
    /// one that succeeded; a second post of an attempt recorded as delivered is a double delivery.
    /// </summary>
    private static async Task ShouldBeRetriesOfFailedAttemptsAsync(Api api, string key, string endpointId, IEnumerable<string> eventIds)
    {
        var wanted = eventIds.ToHashSet();
        if (wanted.Count == 0) return;
        var deliveries = new List<WebhookDelivery>();
        var token = "";
        do
        {
            var page = await api.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest
            {
                WebhookEndpointId = endpointId, PageSize = 100, PageToken = token,
            }, Api.Bearer(key));
            deliveries.AddRange(page.WebhookDeliveries);
            token = page.NextPageToken;
        }
        while (token != "");
        foreach (var id in wanted)
        {
            var get = new GetWebhookDeliveryRequest { WebhookDeliveryId = deliveries.Single(d => d.EventId == id).WebhookDeliveryId };
            var delivery = (await api.Webhooks.GetWebhookDeliveryAsync(get, Api.Bearer(key))).WebhookDelivery;
            // The repeat's own attempt is recorded just after the receiver answered it.
            for (var waited = Stopwatch.StartNew(); delivery.Attempts.Count < 2 && waited.Elapsed < TimeSpan.FromSeconds(10);)
            {
                await Task.Delay(200);
                delivery = (await api.Webhooks.GetWebhookDeliveryAsync(get, Api.Bearer(key))).WebhookDelivery;
            }
            delivery.Attempts.Count.ShouldBeGreaterThan(1, $"event {id} was posted again though its only attempt was recorded as delivered");
            (delivery.Attempts[0].HttpStatus is >= 200 and < 300).ShouldBeFalse($"event {id}'s first attempt was delivered, and it was posted again");
        }
    }

    /// <summary>Claims scan an endpoint's queue from a little before the oldest delivery they last claimed; a delivery
    /// that becomes due behind that point (here: made pending again with a time a minute back, as a lease that expired
    /// on a dead node or a long transaction's late commit would leave it) is found by the periodic full scan.</summary>
    [Fact]
    public async Task A_delivery_due_behind_where_claims_scan_is_still_posted()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        await using var receiver = new WebhookReceiver();
        var endpoint = (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url }, Api.Bearer(key))).WebhookEndpoint;
        var send = new SendTestWebhookRequest { WebhookEndpointId = endpoint.WebhookEndpointId };
        var first = (await api.Webhooks.SendTestWebhookAsync(send, Api.Bearer(key))).WebhookDelivery;
        await receiver.WaitForAsync(r => r.Any(x => x.EventId == first.EventId), TimeSpan.FromSeconds(20));
        // Later deliveries move where claims of this endpoint start.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => api.Webhooks.SendTestWebhookAsync(send, Api.Bearer(key)).ResponseAsync));
        await receiver.WaitForAsync(r => r.Count >= 6, TimeSpan.FromSeconds(20));

        await using (var db = new NpgsqlConnection(TestEnvironment.Postgres))
        {
            await db.OpenAsync();
            // The attempt is recorded just after the receiver answered.
            var updated = 0;
            for (var tries = 0; updated == 0 && tries < 100; tries++)
            {
                if (tries > 0) await Task.Delay(100);
                await using var behind = new NpgsqlCommand("""
                    update makini.webhook_deliveries set status = 'pending', next_attempt_at = now() - interval '1 minute', finished_at = null
                    where id = @id and status = 'succeeded';
                    notify makini_webhooks
                    """, db);
                behind.Parameters.AddWithValue("id", first.WebhookDeliveryId);
                updated = await behind.ExecuteNonQueryAsync();
            }
            updated.ShouldBe(1);
        }
        var again = await receiver.WaitForAsync(r => r.Count(x => x.EventId == first.EventId) == 2, TimeSpan.FromSeconds(30));
        again.Count(x => x.EventId == first.EventId).ShouldBe(2);
    }
}

using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Webhooks;

/// <summary>Deliveries across nodes: claimed, so two live nodes never post the same delivery; a node killed mid-burst
/// loses nothing (another node posts what it held once its lease ends).</summary>
public sealed class WebhookClusterTests
{
    [Fact]
    public async Task Two_nodes_deliver_every_event_once_and_a_killed_node_loses_none()
    {
        var stack = await Stack.GetAsync();
        await using var second = await Stack.StartExtraNodeAsync();
        var api = new Api(second.Channel);
        var (_, key) = await api.CreateAccountAsync();
        await using var receiver = new WebhookReceiver { DelayMs = 5 };
        var endpoint = (await api.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url }, Api.Bearer(key))).WebhookEndpoint;
        var send = new SendTestWebhookRequest { WebhookEndpointId = endpoint.WebhookEndpointId };

        // Both nodes dispatch (the shared node and this one); no crash, so no event twice.
        await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => api.Webhooks.SendTestWebhookAsync(send, Api.Bearer(key)).ResponseAsync));
        var received = await receiver.WaitForAsync(r => r.Select(x => x.EventId).Distinct().Count() == 150, TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        receiver.Requests.Count.ShouldBe(150);

        // A third node takes part in a slow burst and is killed in the middle of it.
        receiver.Requests.Clear();
        receiver.DelayMs = 100;
        var third = await Stack.StartExtraNodeAsync();
        var ids = (await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => new Api(third.Channel).Webhooks.SendTestWebhookAsync(send, Api.Bearer(key)).ResponseAsync)))
            .Select(r => r.WebhookDelivery.EventId).ToHashSet();
        await receiver.WaitForAsync(r => r.Count >= 20, TimeSpan.FromSeconds(30));
        third.Kill();
        await third.DisposeAsync();
        var after = await receiver.WaitForAsync(r => ids.IsSubsetOf(r.Select(x => x.EventId)), TimeSpan.FromSeconds(90));
        after.Select(x => x.EventId).ShouldBeSubsetOf(ids);
    }
}

using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Sync;

public sealed class ChangeStreamTests
{
    [Fact]
    public async Task Live_changes_reach_subscribers_and_a_revoked_token_ends_the_stream()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var at = DateTimeOffset.UtcNow;
        var emulator = stack.Emulators.NewInstance("maximo");
        var linked = await api.ConnectAsync(key, emulator, "ibm_maximo");
        await api.WaitForAllAsync(linked.Token, at);

        using var call = api.Sync.SubscribeChanges(new SubscribeChangesRequest { StartAtNow = true, Entities = { Entity.Vendor } }, Api.Bearer(linked.Token));
        await Task.Delay(500);
        (await emulator.Node.Http.PostAsync($"{emulator.Path}/_emulator/generate/vendor?count=3&seed=5", null)).EnsureSuccessStatusCode();
        (await emulator.Node.Http.PostAsync($"{emulator.Path}/_emulator/generate/asset?count=3&seed=5", null)).EnsureSuccessStatusCode();
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { FullResync = true }, Api.Bearer(linked.Token)); // generated records carry past change times

        var received = new List<RecordChange>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (received.Count < 3 && await call.ResponseStream.MoveNext(cts.Token))
            if (call.ResponseStream.Current.Change is { } change) received.Add(change);
        received.ShouldAllBe(c => c.Entity == Entity.Vendor && c.ChangeType == ChangeType.Created && c.Origin == ChangeOrigin.Sync && c.Vendor.Id == c.RecordId);

        await api.Connections.RotateConnectionTokenAsync(new RotateConnectionTokenRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        var ended = await Should.ThrowAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(cts.Token)) { }
        });
        ended.StatusCode.ShouldBe(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task A_bad_cursor_is_invalid()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        using var call = api.Sync.SubscribeChanges(new SubscribeChangesRequest { AfterCursor = "not-a-cursor" }, Api.Bearer(linked.Token));
        var e = await Should.ThrowAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));
        e.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        e.Fields().ShouldBe(["after_cursor"]);
    }
}

using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Sync;

public sealed class ChangeStreamTests
{
    [Fact]
    public async Task Live_changes_reach_subscribers_and_a_revoked_token_ends_the_stream()
    {
        var (api, key, emulator, linked) = await SyncedAsync("maximo", "ibm_maximo");

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
    public async Task A_subscriber_that_falls_behind_is_ended_with_its_cursor_and_resumes_from_it_with_no_gap_and_no_repeat()
    {
        var (api, _, emulator, linked) = await SyncedAsync("maximo", "ibm_maximo");

        // The client reads nothing while more changes than a subscriber's buffer (1,000) are committed.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var stalled = api.Sync.SubscribeChanges(new SubscribeChangesRequest { StartAtNow = true, Entities = { Entity.Vendor } },
            Api.Bearer(linked.Token), cancellationToken: cts.Token);
        await Task.Delay(500);
        (await emulator.Node.Http.PostAsync($"{emulator.Path}/_emulator/generate/vendor?count=2500&seed=11", null)).EnsureSuccessStatusCode();
        var resync = DateTimeOffset.UtcNow;
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { FullResync = true, Entities = { Entity.Vendor } }, Api.Bearer(linked.Token));
        await api.WaitForAllAsync(linked.Token, resync, TimeSpan.FromSeconds(90), Entity.Vendor);

        var received = new List<RecordChange>();
        var ended = await Should.ThrowAsync<RpcException>(async () =>
        {
            while (await stalled.ResponseStream.MoveNext(cts.Token))
                if (stalled.ResponseStream.Current.Change is { } change) received.Add(change);
        });
        ended.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
        ended.Reason().ShouldBe("SUBSCRIBER_TOO_SLOW");
        received.Count.ShouldBeLessThan(2500);
        var cursor = ended.ErrorMetadata()["cursor"];
        if (received.Count > 0) cursor.ShouldBe(received[^1].Cursor);

        // Resuming from the cursor it was given delivers the rest: every created vendor exactly once.
        var rest = await api.CollectChangesAsync(linked.Token, cursor, 2500 - received.Count, TimeSpan.FromSeconds(60));
        var all = received.Concat(rest.Where(r => r.Change is not null).Select(r => r.Change)).ToList();
        all.Count.ShouldBe(2500);
        all.Select(c => c.RecordId).Distinct().Count().ShouldBe(2500);
        all.ShouldAllBe(c => c.Entity == Entity.Vendor && c.ChangeType == ChangeType.Created);
    }

    [Fact]
    public async Task An_idle_stream_gets_a_heartbeat_with_the_cursor_to_resume_from()
    {
        var (api, _, _, linked) = await SyncedAsync("upkeep", "upkeep");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        using var call = api.Sync.SubscribeChanges(new SubscribeChangesRequest { StartAtNow = true }, Api.Bearer(linked.Token), cancellationToken: cts.Token);
        var subscribed = DateTimeOffset.UtcNow;
        (await call.ResponseStream.MoveNext(cts.Token)).ShouldBeTrue();
        var heartbeat = call.ResponseStream.Current.Heartbeat;
        heartbeat.ShouldNotBeNull("nothing changed, so the first message is a heartbeat");
        var after = DateTimeOffset.UtcNow - subscribed;
        after.ShouldBeGreaterThan(TimeSpan.FromSeconds(13));
        after.ShouldBeLessThan(TimeSpan.FromSeconds(25));
        heartbeat.Time.ToDateTimeOffset().ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(5));

        // Its cursor is where the stream stands: resuming from it is valid and starts after everything so far.
        using var resumed = api.Sync.SubscribeChanges(new SubscribeChangesRequest { AfterCursor = heartbeat.Cursor }, Api.Bearer(linked.Token),
            cancellationToken: cts.Token);
        var quiet = await Should.ThrowAsync<RpcException>(async () =>
        {
            using var brief = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            brief.CancelAfter(TimeSpan.FromSeconds(2));
            while (await resumed.ResponseStream.MoveNext(brief.Token))
                if (resumed.ResponseStream.Current.Change is { } change) throw new InvalidOperationException($"unexpected change {change.Cursor}");
        });
        quiet.StatusCode.ShouldBe(StatusCode.Cancelled);
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

    /// <summary>A new account's connection to a new emulator instance, its initial syncs finished.</summary>
    private static async Task<(Api Api, string Key, EmulatorInstance Emulator, LinkedConnection Linked)> SyncedAsync(string emulatorSystem, string systemId)
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var at = DateTimeOffset.UtcNow;
        var emulator = stack.Emulators.NewInstance(emulatorSystem);
        var linked = await api.ConnectAsync(key, emulator, systemId);
        await api.WaitForAllAsync(linked.Token, at);
        return (api, key, emulator, linked);
    }
}

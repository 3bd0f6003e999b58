using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Cluster;

/// <summary>Two server processes on one PostgreSQL and one Redis: a revocation on one is effective on the other
/// by the time it returns, warm cache or not, also for calls racing it.</summary>
public sealed class RevocationTests
{
    [Fact]
    public async Task Disconnect_on_one_node_refuses_the_token_on_the_other_at_once_even_for_racing_calls()
    {
        var stack = await Stack.GetAsync();
        await using var nodeB = await Stack.StartExtraNodeAsync();
        var a = new Api(stack.Server.Channel);
        var b = new Api(nodeB.Channel);
        var (account, key) = await a.CreateAccountAsync();
        // Eight callers in a loop outrun the default 600 calls per minute; this test is about revocation, not limits.
        await a.Accounts.UpdateAccountRateLimitsAsync(new UpdateAccountRateLimitsRequest
            { AccountId = account.AccountId, ConnectionRequestsPerMinute = 1_000_000 }, Api.Admin);
        var linked = await a.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        var info = new GetConnectionInfoRequest();

        // Warm node B's caches.
        for (var i = 0; i < 20; i++) await b.Info.GetConnectionInfoAsync(info, Api.Bearer(linked.Token));

        // Callers hammer node B while node A disconnects; each call records when it started and how it ended.
        var clock = Stopwatch.StartNew();
        var results = new ConcurrentBag<(TimeSpan Started, bool Succeeded)>();
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                try
                {
                    await b.Info.GetConnectionInfoAsync(info, Api.Bearer(linked.Token));
                    results.Add((started, true));
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated) { results.Add((started, false)); }
            }
        })).ToList();

        await Task.Delay(300);
        await a.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        var revokedAt = clock.Elapsed;
        await b.Info.GetConnectionInfoAsync(info, Api.Bearer(linked.Token)).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        results.Count(r => r.Started < revokedAt && r.Succeeded).ShouldBeGreaterThan(0);
        results.Where(r => r.Started >= revokedAt).ShouldNotBeEmpty();
        results.Where(r => r.Started >= revokedAt).ShouldAllBe(r => !r.Succeeded);
    }

    [Fact]
    public async Task Rotation_on_one_node_refuses_the_old_token_on_the_other()
    {
        var stack = await Stack.GetAsync();
        await using var nodeB = await Stack.StartExtraNodeAsync();
        var a = new Api(stack.Server.Channel);
        var b = new Api(nodeB.Channel);
        var (account, key) = await a.CreateAccountAsync();
        var linked = await a.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        await b.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(linked.Token));
        await b.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key));

        var token = (await a.Connections.RotateConnectionTokenAsync(new RotateConnectionTokenRequest { ConnectionId = linked.Id }, Api.Bearer(key))).ApiToken;
        var newKey = (await a.Accounts.RotateAccountApiKeyAsync(new RotateAccountApiKeyRequest { AccountId = account.AccountId }, Api.Admin)).ApiKey;

        await b.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(linked.Token)).ShouldFail(StatusCode.Unauthenticated);
        await b.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key)).ShouldFail(StatusCode.Unauthenticated);
        (await b.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(token))).Connection.ConnectionId.ShouldBe(linked.Id);
        (await b.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(newKey))).Used.ShouldBe(1);
    }

    [Fact]
    public async Task A_status_change_on_one_node_shows_on_the_other()
    {
        var stack = await Stack.GetAsync();
        await using var nodeB = await Stack.StartExtraNodeAsync();
        var a = new Api(stack.Server.Channel);
        var b = new Api(nodeB.Channel);
        var (_, key) = await a.CreateAccountAsync();
        var linked = await a.ConnectAsync(key, stack.Emulators.NewInstance("maximo"), "ibm_maximo");
        (await b.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(linked.Token))).Connection.Status.ShouldBe(ConnectionStatus.Active);

        var credentials = await linked.Emulator.CredentialsAsync();
        credentials["api_key"] = "revoked-by-the-customer";
        await linked.Emulator.SetCredentialsAsync(credentials);
        await a.Connections.CheckConnectionAsync(new CheckConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key));

        (await b.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(linked.Token))).Connection.Status
            .ShouldBe(ConnectionStatus.ReauthorizationRequired);
    }
}

using Grpc.Core;
using Grpc.Reflection.V1Alpha;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.CrossCutting;

public sealed class RequestIdTests
{
    [Fact]
    public async Task Every_response_carries_a_request_id_and_failures_are_logged_with_it()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();

        var ok = api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key));
        (await ok.ResponseHeadersAsync).GetValue("x-request-id").ShouldNotBeNullOrEmpty();

        var mine = "trace-" + Guid.NewGuid().ToString("N");
        var headers = Api.Bearer(key);
        headers.Add("x-request-id", mine);
        var failing = api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = "conn_nope" }, headers);
        await failing.ShouldFail(StatusCode.NotFound);
        (await failing.ResponseHeadersAsync).GetValue("x-request-id").ShouldBe(mine);
        var e = await Should.ThrowAsync<RpcException>(failing.ResponseAsync);
        e.GetRpcStatus()!.GetDetail<Google.Rpc.RequestInfo>()!.RequestId.ShouldBe(mine);

        for (var i = 0; i < 50 && !stack.Server.Log.Any(l => l.Contains(mine)); i++) await Task.Delay(100);
        stack.Server.Log.ShouldContain(l => l.Contains(mine) && l.Contains("NotFound"));

        var anonymous = api.Connections.GetCreditsAsync(new GetCreditsRequest());
        await anonymous.ShouldFail(StatusCode.Unauthenticated);
        (await anonymous.ResponseHeadersAsync).GetValue("x-request-id").ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Reflection_and_health_need_no_key()
    {
        var stack = await Stack.GetAsync();
        var reflection = new ServerReflection.ServerReflectionClient(stack.Server.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        services.ShouldContain("makini.v1.LinkService");
        services.ShouldContain("makini.v1.ConnectionService");
        services.ShouldContain("grpc.health.v1.Health");

        var health = new global::Grpc.Health.V1.Health.HealthClient(stack.Server.Channel);
        (await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest())).Status.ShouldBe(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving);
    }
}

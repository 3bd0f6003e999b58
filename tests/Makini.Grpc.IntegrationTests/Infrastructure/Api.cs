using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Infrastructure;

/// <summary>Typed clients on one node, and the authentication flow as an integrator would run it.</summary>
public sealed class Api(GrpcChannel grpcChannel)
{
    // Unary calls without a deadline get one: a call whose answer never comes fails its test instead of holding the
    // whole suite (seen once: a List on the shared channel waited for response headers the server had no stream for).
    private static CallInvoker Guarded(GrpcChannel channel) => channel.Intercept(new DefaultDeadline(TimeSpan.FromMinutes(2)));

    public AccountService.AccountServiceClient Accounts { get; } = new(Guarded(grpcChannel));
    public SystemService.SystemServiceClient Systems { get; } = new(Guarded(grpcChannel));
    public LinkService.LinkServiceClient Links { get; } = new(Guarded(grpcChannel));
    public ConnectionService.ConnectionServiceClient Connections { get; } = new(Guarded(grpcChannel));
    public ConnectionInfoService.ConnectionInfoServiceClient Info { get; } = new(Guarded(grpcChannel));
    public SyncService.SyncServiceClient Sync { get; } = new(Guarded(grpcChannel));
    public PurchaseOrderService.PurchaseOrderServiceClient PurchaseOrders { get; } = new(Guarded(grpcChannel));
    public WorkOrderService.WorkOrderServiceClient WorkOrders { get; } = new(Guarded(grpcChannel));
    public InventoryService.InventoryServiceClient Inventory { get; } = new(Guarded(grpcChannel));
    public VendorService.VendorServiceClient Vendors { get; } = new(Guarded(grpcChannel));
    public AssetService.AssetServiceClient Assets { get; } = new(Guarded(grpcChannel));
    public WriteHistoryService.WriteHistoryServiceClient WriteHistory { get; } = new(Guarded(grpcChannel));
    public WebhookService.WebhookServiceClient Webhooks { get; } = new(Guarded(grpcChannel));

    public static Metadata Bearer(string key) => new() { { "authorization", "Bearer " + key } };
    public static Metadata Admin => Bearer(Stack.AdminKey);

    public static readonly IReadOnlyDictionary<string, string> EmulatorPaths = new Dictionary<string, string>
    {
        ["sap_s4hana"] = "sap",
        ["netsuite"] = "netsuite",
        ["dynamics_bc"] = "bc",
        ["ibm_maximo"] = "maximo",
        ["upkeep"] = "upkeep",
    };

    public async Task<(Account Account, string Key)> CreateAccountAsync(long credits = 100)
    {
        var created = await Accounts.CreateAccountAsync(new CreateAccountRequest { DisplayName = "Test integrator", Credits = credits }, Admin);
        return (created.Account, created.ApiKey);
    }

    public async Task<LinkSession> OpenLinkAsync(string accountKey, string endUserId = "plant-7", string reauthorize = "", params string[] systems)
    {
        var request = new CreateLinkSessionRequest { EndUserId = endUserId, ReauthorizeConnectionId = reauthorize };
        request.AllowedSystemIds.Add(systems);
        return (await Links.CreateLinkSessionAsync(request, Bearer(accountKey))).LinkSession;
    }

    public async Task<CompleteLinkResponse> CompleteAsync(string linkToken, string systemId, EmulatorInstance emulator,
        Deployment deployment = Deployment.Cloud, IReadOnlyDictionary<string, string>? credentials = null)
    {
        var request = new CompleteLinkRequest { SystemId = systemId, Deployment = deployment, BaseUrl = emulator.BaseUrl };
        request.Credentials.Add((credentials ?? await emulator.CredentialsAsync()).ToDictionary());
        return await Links.CompleteLinkAsync(request, Bearer(linkToken));
    }

    /// <summary>The whole flow: link session → credentials checked at the emulator → public token → API token.</summary>
    public async Task<LinkedConnection> ConnectAsync(string accountKey, EmulatorInstance emulator, string systemId,
        Deployment deployment = Deployment.Cloud, string endUserId = "plant-7")
    {
        var link = await OpenLinkAsync(accountKey, endUserId);
        var completed = await CompleteAsync(link.LinkToken, systemId, emulator, deployment);
        var exchanged = await Links.ExchangePublicTokenAsync(new ExchangePublicTokenRequest { PublicToken = completed.PublicToken }, Bearer(accountKey));
        return new LinkedConnection(exchanged.Connection, exchanged.ApiToken, emulator);
    }
}

public sealed record LinkedConnection(Connection Connection, string Token, EmulatorInstance Emulator)
{
    public string Id => Connection.ConnectionId;
}

public static class RpcErrors
{
    public static string Reason(this RpcException e) =>
        e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? "";

    public static IReadOnlyDictionary<string, string> ErrorMetadata(this RpcException e) =>
        e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Metadata ?? (IReadOnlyDictionary<string, string>)new Dictionary<string, string>();

    public static IReadOnlyList<string> Fields(this RpcException e) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];

    public static async Task<RpcException> ShouldFail(this Task call, StatusCode code, string? reason = null)
    {
        var e = await Should.ThrowAsync<RpcException>(call);
        e.StatusCode.ShouldBe(code, e.Status.Detail);
        if (reason is not null) e.Reason().ShouldBe(reason, e.Status.Detail);
        return e;
    }

    public static Task<RpcException> ShouldFail<T>(this AsyncUnaryCall<T> call, StatusCode code, string? reason = null) =>
        call.ResponseAsync.ShouldFail(code, reason);
}

/// <summary>Gives unary calls that set no deadline the given one.</summary>
internal sealed class DefaultDeadline(TimeSpan after) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (context.Options.Deadline is null)
            context = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow + after));
        return continuation(request, context);
    }
}

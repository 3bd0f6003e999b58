using System.Net;
using Makini.Grpc.Domain;
using Makini.Grpc.Server.Grpc;
using Makini.Grpc.Server.Grpc.Records;
using Makini.Grpc.Server.Grpc.Writes;
using Makini.Grpc.Server.Interceptors;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Makini.Grpc.Server.Extensions;

public static class ServerExtensions
{
    /// <summary>Configuration, Kestrel (plaintext HTTP/2), gRPC with its interceptors, and the domain.</summary>
    public static WebApplicationBuilder AddMakiniServer(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddMakiniEnvironment();
        var port = builder.Configuration.GetValue("Makini:Port", 5080);
        var host = builder.Configuration.GetValue("Makini:ListenAddress", "127.0.0.1")!;
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(host), port, listen => listen.Protocols = HttpProtocols.Http2));

        builder.Services.AddGrpc(options =>
        {
            // Order matters: errors wrap authentication, so a refused key is answered like any other error; rate
            // limits come after authentication, which tells whose allowance a call spends.
            options.Interceptors.Add<ErrorInterceptor>();
            options.Interceptors.Add<AuthInterceptor>();
            options.Interceptors.Add<RateLimitInterceptor>();
            options.EnableDetailedErrors = false;
            options.MaxReceiveMessageSize = 4 * 1024 * 1024;
        });
        builder.Services.AddGrpcReflection();
        // Health/Check answers from the last published result instead of running the checks on every call.
        builder.Services.AddGrpcHealthChecks(o => o.UseHealthChecksCache = true)
            .AddCheck("self", () => HealthCheckResult.Healthy());
        builder.Services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.Zero; // a result from the first moment, so Check never answers NotFound after start
            o.Period = TimeSpan.FromSeconds(5);
        });
        builder.Services.AddMakiniDomain(builder.Configuration);
        builder.Services.AddSingleton<RecordReads>();
        builder.Services.AddSingleton<RecordWrites>();
        builder.Services.AddHostedService<ParentProcessWatch>();
        return builder;
    }

    public static WebApplication MapMakiniEndpoints(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.MapGrpcService<AccountGrpcService>();
        app.MapGrpcService<SystemGrpcService>();
        app.MapGrpcService<LinkGrpcService>();
        app.MapGrpcService<ConnectionGrpcService>();
        app.MapGrpcService<ConnectionInfoGrpcService>();
        app.MapGrpcService<PurchaseOrderGrpcService>();
        app.MapGrpcService<WorkOrderGrpcService>();
        app.MapGrpcService<InventoryGrpcService>();
        app.MapGrpcService<VendorGrpcService>();
        app.MapGrpcService<AssetGrpcService>();
        app.MapGrpcService<SyncGrpcService>();
        app.MapGrpcService<WriteHistoryGrpcService>();
        app.MapGrpcService<WebhookGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>The documented MAKINI_* variables, on top of the usual ASP.NET configuration sources.</summary>
    private static void AddMakiniEnvironment(this IConfigurationManager configuration)
    {
        var mapped = new Dictionary<string, string?>();
        void Map(string variable, string key)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value) mapped[key] = value;
        }
        Map("MAKINI_PORT", "Makini:Port");
        Map("MAKINI_ADMIN_KEY", "Makini:AdminKey");
        Map("MAKINI_MASTER_KEY", "Makini:MasterKey");
        Map("MAKINI_LISTEN_ADDRESS", "Makini:ListenAddress");
        configuration.AddInMemoryCollection(mapped);
    }
}

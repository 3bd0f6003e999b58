using Makini.Grpc.Connectors;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Domain.Outbound;
using Makini.Grpc.Domain.Changes;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Records.Reading;
using Makini.Grpc.Domain.Sync;
using Makini.Grpc.Domain.Writes;
using Makini.Grpc.Domain.Webhooks;
using Makini.Grpc.Domain.Webhooks.Delivery;
using Makini.Grpc.Domain.Webhooks.Endpoints;
using Makini.Grpc.Domain.Connections.UpdatingSettings;
using Makini.Grpc.Domain.Accounts.CreatingAccount;
using Makini.Grpc.Domain.Accounts.GettingCredits;
using Makini.Grpc.Domain.Accounts.GrantingCredits;
using Makini.Grpc.Domain.Accounts.RotatingApiKey;
using Makini.Grpc.Domain.Accounts.SeedingDemoAccount;
using Makini.Grpc.Domain.Accounts.UpdatingRateLimits;
using Makini.Grpc.Domain.RateLimits;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Connections.CheckingConnection;
using Makini.Grpc.Domain.Connections.DeletingData;
using Makini.Grpc.Domain.Connections.Health;
using Makini.Grpc.Domain.Connections.Disconnecting;
using Makini.Grpc.Domain.Connections.ListingConnections;
using Makini.Grpc.Domain.Connections.ListingEvents;
using Makini.Grpc.Domain.Connections.RotatingToken;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Links;
using Makini.Grpc.Domain.Links.CompletingLink;
using Makini.Grpc.Domain.Links.CreatingLinkSession;
using Makini.Grpc.Domain.Links.ExchangingPublicToken;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Security.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Makini.Grpc.Domain;

public static class DomainServiceCollectionExtensions
{
    /// <summary>The store, the caches, the connectors and every use case.</summary>
    public static IServiceCollection AddMakiniDomain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddMakiniStore(configuration);
        services.AddRedis(configuration);
        // The connection-aware gate must be registered before the connectors' default one.
        services.AddSingleton<IOutboundGate, ConnectionOutboundGate>();
        services.AddSourceConnectors(http => configuration.GetSection("Makini:SourceHttp").Bind(http));

        services.AddSingleton<SecretKeys>();
        services.AddSingleton<CredentialProtector>();
        services.AddSingleton<PageTokens>();

        services.AddSingleton<LocalTokenCache>();
        services.AddSingleton<RedisTokenCache>();
        services.AddSingleton<PrincipalStore>();
        services.AddSingleton<PrincipalResolver>();
        services.AddSingleton<CacheCoherence>();
        services.AddHostedService(sp => sp.GetRequiredService<CacheCoherence>());

        services.AddSingleton<ConnectionCaches>();
        services.AddSingleton<SourceTargets>();
        services.AddSingleton<ConnectionStops>();
        services.AddSingleton<SourceRejections>();
        services.Configure<HealthOptions>(configuration.GetSection("Makini:Health"));
        services.AddSingleton<ConnectionHealthMonitor>();
        services.AddHostedService<HealthChecker>();

        services.Configure<OutboundOptions>(configuration.GetSection("Makini:Outbound"));
        services.AddSingleton<OutboundBudget>();

        services.Configure<RateLimitOptions>(configuration.GetSection("Makini:RateLimits"));
        services.AddSingleton<AccountRateLimits>();
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<RequestRateLimits>();

        services.Configure<SyncOptions>(configuration.GetSection("Makini:Sync"));
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<RecordsChangedWebhooks>();
        services.AddSingleton<RecordChangeWriter>();
        services.AddSingleton<ChangeNotifier>();
        services.AddSingleton<RunningSyncs>();
        services.AddSingleton<SyncJobStore>();
        services.AddSingleton<SyncRunner>();
        services.AddSingleton<SyncScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<SyncScheduler>());
        services.AddSingleton<IConnectionDataEraser, SyncedDataEraser>();
        services.AddSingleton<IConnectionDataEraser, WriteHistoryEraser>();
        services.AddSingleton<SyncCommands>();
        services.AddSingleton<RecordQueries>();
        services.AddSingleton<ConnectionScopes>();
        services.AddSingleton<ChangeLog>();
        services.Configure<WriteOptions>(configuration.GetSection("Makini:Writes"));
        services.AddSingleton<WriteHandler>();
        services.AddSingleton<WriteHistory>();
        services.AddSingleton<UpdateConnectionSettingsHandler>();
        services.AddSingleton<ChangeFeedHub>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeedHub>());

        services.AddSingleton<CreateAccountHandler>();
        services.AddSingleton<GrantCreditsHandler>();
        services.AddSingleton<RotateAccountApiKeyHandler>();
        services.AddSingleton<GetAccountHandler>();
        services.AddSingleton<UpdateAccountRateLimitsHandler>();
        services.AddHostedService<DemoAccountSeeder>();

        services.Configure<LinkOptions>(configuration.GetSection("Makini:Links"));
        services.AddSingleton<CreateLinkSessionHandler>();
        services.AddSingleton<CompleteLinkHandler>();
        services.AddSingleton<ExchangePublicTokenHandler>();

        services.AddSingleton<ListConnectionsHandler>();
        services.AddSingleton<CheckConnectionHandler>();
        services.AddSingleton<RotateConnectionTokenHandler>();
        services.AddSingleton<DisconnectConnectionHandler>();
        services.AddSingleton<DeleteConnectionDataHandler>();
        services.AddSingleton<ListConnectionEventsHandler>();

        services.Configure<WebhookOptions>(configuration.GetSection("Makini:Webhooks"));
        services.AddSingleton<WebhookEndpoints>();
        services.AddSingleton<WebhookDeliveries>();
        services.AddSingleton(_ => new DispatcherDatabase(configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.")));
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }

    private static void AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Redis")
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is not configured.");
        var options = ConfigurationOptions.Parse(connectionString);
        // Redis is a cache: the server starts and serves without it, and calls fail fast instead of queueing.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2000;
        options.AsyncTimeout = 2000;
        options.SyncTimeout = 2000;
        options.ClientName = "makini";
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
    }
}

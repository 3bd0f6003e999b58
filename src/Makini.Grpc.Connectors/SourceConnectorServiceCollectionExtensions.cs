using Makini.Grpc.Connectors.BusinessCentral;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Maximo;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.Connectors.NetSuite;
using Makini.Grpc.Connectors.Sap;
using Makini.Grpc.Connectors.UpKeep;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Makini.Grpc.Connectors;

public static class SourceConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the five connectors (singletons), <see cref="ConnectorRegistry"/>, the shared token and session
    /// providers, <see cref="OAuth1Signer"/>, and one resilient named HttpClient per system.
    /// </summary>
    /// <param name="configureHttp">Adjusts retries and timeouts; the defaults suit an interactive credential check.</param>
    public static IServiceCollection AddSourceConnectors(this IServiceCollection services, Action<SourceHttpOptions>? configureHttp = null)
    {
        var options = services.AddOptions<SourceHttpOptions>();
        if (configureHttp is not null)
            options.Configure(configureHttp);
        // Checked at startup: Polly refuses these when it builds a pipeline, which would fail every source call instead.
        options.Validate(o => o.MaxRetryAttempts >= 1, "Makini:SourceHttp:MaxRetryAttempts must be at least 1.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero && o.TotalTimeout > TimeSpan.Zero,
                "Makini:SourceHttp: AttemptTimeout and TotalTimeout must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IOutboundGate, OpenOutboundGate>();
        services.TryAddSingleton<OAuth1Signer>();
        services.TryAddSingleton<BusinessCentralTokenProvider>();
        services.TryAddSingleton<UpKeepSessionProvider>();
        services.TryAddTransient<NetSuiteSigningHandler>();

        services.AddSourceHttpClient(SourceHttpClients.Sap);
        // Added after the resilience handler, so it runs inside it and signs every retry anew.
        services.AddSourceHttpClient(SourceHttpClients.NetSuite).AddHttpMessageHandler<NetSuiteSigningHandler>();
        services.AddSourceHttpClient(SourceHttpClients.BusinessCentral);
        services.AddSourceHttpClient(SourceHttpClients.Maximo);
        services.AddSourceHttpClient(SourceHttpClients.UpKeep);

        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<ISourceConnector, SapConnector>(),
            ServiceDescriptor.Singleton<ISourceConnector, NetSuiteConnector>(),
            ServiceDescriptor.Singleton<ISourceConnector, BusinessCentralConnector>(),
            ServiceDescriptor.Singleton<ISourceConnector, MaximoConnector>(),
            ServiceDescriptor.Singleton<ISourceConnector, UpKeepConnector>(),
        ]);
        services.TryAddSingleton<ConnectorRegistry>();

        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IEntityReader, SapReader>(),
            ServiceDescriptor.Singleton<IEntityReader, NetSuiteReader>(),
            ServiceDescriptor.Singleton<IEntityReader, BusinessCentralReader>(),
            ServiceDescriptor.Singleton<IEntityReader, MaximoReader>(),
            ServiceDescriptor.Singleton<IEntityReader, UpKeepReader>(),
        ]);
        services.TryAddSingleton<ReaderRegistry>();

        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IEntityWriter, SapWriter>(),
            ServiceDescriptor.Singleton<IEntityWriter, NetSuiteWriter>(),
            ServiceDescriptor.Singleton<IEntityWriter, BusinessCentralWriter>(),
            ServiceDescriptor.Singleton<IEntityWriter, MaximoWriter>(),
            ServiceDescriptor.Singleton<IEntityWriter, UpKeepWriter>(),
        ]);
        services.TryAddSingleton<WriterRegistry>();
        return services;
    }
}

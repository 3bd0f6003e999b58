using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Makini.Grpc.Connectors.Http;

/// <summary>Named HttpClients for the source systems, each with the same resilience pipeline.</summary>
internal static class SourceHttpClients
{
    public const string Sap = "makini-source-sap";
    public const string NetSuite = "makini-source-netsuite";
    public const string BusinessCentral = "makini-source-businesscentral";
    public const string Maximo = "makini-source-maximo";
    public const string UpKeep = "makini-source-upkeep";

    /// <summary>
    /// Outer total timeout, then retries of 429/5xx/timeouts/connection failures with exponential backoff honouring
    /// Retry-After, then a per-attempt timeout. Other 4xx are never retried: they will not change on their own.
    /// </summary>
    public static IHttpClientBuilder AddSourceHttpClient(this IServiceCollection services, string name)
    {
        var builder = services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Credentials must never follow a redirect to another host, and sessions are managed explicitly.
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        builder.AddResilienceHandler("source", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<SourceHttpOptions>>().Value;
            pipeline
                .AddTimeout(options.TotalTimeout)
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = options.MaxRetryDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                })
                .AddTimeout(options.AttemptTimeout);
        });
        // Inside the resilience handler, so every attempt (retries included) is admitted and counted.
        builder.AddHttpMessageHandler(sp => new OutboundGateHandler(sp.GetRequiredService<IOutboundGate>()));
        return builder;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };
}

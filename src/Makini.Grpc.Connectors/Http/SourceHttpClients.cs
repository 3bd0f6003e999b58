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
        // Outside the resilience handler: waiting for a budget slot is not the source being slow, so it must not count
        // against the attempt timeouts; a request holds its slot through its retries.
        builder.AddHttpMessageHandler(sp => new OutboundGateHandler(sp.GetRequiredService<IOutboundGate>()));
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
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
                })
                .AddTimeout(options.AttemptTimeout);
        });
        // Inside it: a retry waiting out its backoff when the connection is disconnected is not sent.
        builder.AddHttpMessageHandler(sp => new OutboundStopCheckHandler(sp.GetRequiredService<IOutboundGate>()));
        // Innermost: the body is read within the attempt, so the attempt timeout covers a source that sends its headers and
        // then stalls (HttpClient would buffer it after the pipeline, with no timeout at all), and a read is retried.
        builder.AddHttpMessageHandler(() => new BodyBufferHandler());
        return builder;
    }

    /// <summary>Marks a request whose caller reads the body itself, as it arrives, within a timeout of its own (set by
    /// <see cref="SourceCall"/> for ResponseHeadersRead): the pipeline does not buffer it.</summary>
    public static readonly HttpRequestOptionsKey<bool> StreamBody = new("makini.stream-body");

    private sealed class BodyBufferHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Options.TryGetValue(StreamBody, out var stream) && stream) return response;
            try
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
            }
            catch
            {
                response.Dispose();
                throw;
            }
            return response;
        }
    }

    /// <summary>Marks a POST or PATCH as safe to send again (it carries the system's idempotency handle, e.g. Maximo's
    /// transactionid): then timeouts and 5xx are retried like for reads.</summary>
    public static readonly HttpRequestOptionsKey<bool> RetrySafe = new("makini.retry-safe");

    /// <summary>Reads, deletes and marked writes retry 429, 5xx, timeouts and lost connections. Other writes retry only
    /// answers that say the source took nothing (429, 503): after a timeout, a lost connection or a 500 the source may
    /// have applied the write, and sending it again could make a second record.</summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        var method = request?.Method ?? HttpMethod.Get;
        var safe = method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Delete || method == HttpMethod.Put
                   || (request?.Options.TryGetValue(RetrySafe, out var marked) == true && marked);
        return outcome switch
        {
            { Exception: HttpRequestException or TimeoutRejectedException } => safe,
            { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
                                        || (safe && (int)response.StatusCode >= 500),
            _ => false,
        };
    }
}

using Polly.Timeout;

namespace Makini.Grpc.Connectors.Http;

/// <summary>Sends a request through the resilient client and turns transport failures into <see cref="SourceUnavailableException"/>.</summary>
internal static class SourceCall
{
    /// <param name="completion">ResponseHeadersRead leaves the body to the caller, to read it where it wants it and within
    /// a timeout of its own (see <see cref="PooledJson.ReadAsync(HttpContent, string, TimeSpan, CancellationToken)"/>); by
    /// default the pipeline buffers it within each attempt (see <see cref="SourceHttpClients.StreamBody"/>).</param>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpRequestMessage request, string systemId, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        // Only the host goes into messages: paths and queries could carry identifiers a customer considers private.
        var host = request.RequestUri?.Authority ?? "the source";
        try
        {
            if (completion == HttpCompletionOption.ResponseHeadersRead) request.Options.Set(SourceHttpClients.StreamBody, true);
            return await client.SendAsync(request, completion, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SourceUnavailableException(systemId, $"{host} did not answer in time", inner: ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new SourceUnavailableException(systemId, $"{host} did not answer in time", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SourceUnavailableException(systemId, $"could not reach {host} ({Describe(ex)})", (int?)ex.StatusCode, ex);
        }
    }

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved",
        HttpRequestError.ConnectionError => "the connection failed or was refused",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        // The exception's own text is not quoted: it may name the full request URL.
        _ => $"transport error {ex.HttpRequestError}",
    };
}

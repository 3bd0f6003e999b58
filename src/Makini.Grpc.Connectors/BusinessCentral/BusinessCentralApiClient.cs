using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// Authenticated GETs against API v2.0 with a cached Entra token. A 401 means the cached token was revoked (e.g.
/// the secret was rotated): the token is dropped and the call repeated once with a new one, after which a 401/403
/// is <see cref="SourceCredentialsRejectedException"/>; 429/5xx after retries are <see cref="SourceUnavailableException"/>.
/// </summary>
internal sealed class BusinessCentralApiClient(IHttpClientFactory httpClientFactory, BusinessCentralTokenProvider tokens)
{
    /// <summary>GETs an absolute URL below the API; <paramref name="maxPageSize"/> asks the server for smaller pages.</summary>
    public async Task<JsonObject> GetAsync(SourceTarget target, Uri uri, int? maxPageSize, CancellationToken ct)
    {
        var credentials = BusinessCentralConnector.CredentialsOf(target);
        var client = httpClientFactory.CreateClient(SourceHttpClients.BusinessCentral);
        var token = await tokens.GetTokenAsync(target.BaseUrl, credentials, ct);
        var response = await SendAsync(client, uri, token, maxPageSize, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            tokens.Invalidate(target.BaseUrl, credentials, token);
            token = await tokens.GetTokenAsync(target.BaseUrl, credentials, ct);
            response = await SendAsync(client, uri, token, maxPageSize, ct);
        }
        using (response)
        {
            await SourceResponses.EnsureSuccessAsync(SystemCatalog.BusinessCentral, response, BusinessCentralConnector.ExtractMessage, ct);
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            try
            {
                if (await JsonNode.ParseAsync(stream, cancellationToken: ct) is JsonObject json) return json;
            }
            catch (JsonException)
            {
            }
            throw new SourceUnavailableException(SystemCatalog.BusinessCentral, "answered with something other than a JSON object", (int)response.StatusCode);
        }
    }

    /// <summary>A company-scoped resource: <c>{base}/v2.0/{tenant}/{environment}/api/v2.0/companies({id})/{resource}</c>.</summary>
    public static Uri CompanyUri(SourceTarget target, string companyId, string resource, string query) =>
        BusinessCentralConnector.ApiUri(target, $"companies({companyId})/{resource}", query);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri uri, BusinessCentralAccessToken token, int? maxPageSize, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        request.Headers.Accept.ParseAdd("application/json");
        if (maxPageSize is { } size) request.Headers.TryAddWithoutValidation("Prefer", $"odata.maxpagesize={size}");
        return await SourceCall.SendAsync(client, request, SystemCatalog.BusinessCentral, ct);
    }
}

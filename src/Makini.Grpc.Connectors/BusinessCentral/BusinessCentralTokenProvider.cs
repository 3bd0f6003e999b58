using System.Net;
using System.Text.Json;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// Gets client-credential tokens from Microsoft Entra ID (or the emulator's token endpoint) and caches them per
/// (token endpoint, tenant, client, secret fingerprint) until a minute before they expire. Safe for concurrent use.
/// </summary>
public sealed class BusinessCentralTokenProvider(IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
{
    public const string Scope = "https://api.businesscentral.dynamics.com/.default";

    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromSeconds(60);
    private static readonly Uri CloudApiBase = new(SystemCatalog.Find(SystemCatalog.BusinessCentral)!.DefaultBaseUrl);

    private readonly SingleFlightCache<CacheKey, BusinessCentralAccessToken> _cache =
        new(token => token.ExpiresAt - RenewBeforeExpiry > timeProvider.GetUtcNow());

    /// <summary>
    /// Business Central online authenticates at login.microsoftonline.com; any other base URL (an emulator, a proxy)
    /// serves the same token endpoint below itself.
    /// </summary>
    public static Uri TokenEndpoint(Uri baseUrl, string tenantId)
    {
        var tenant = Uri.EscapeDataString(tenantId.Trim());
        return string.Equals(baseUrl.Host, CloudApiBase.Host, StringComparison.OrdinalIgnoreCase)
            ? new Uri($"https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")
            : SourceUrl.Combine(baseUrl, $"{tenant}/oauth2/v2.0/token");
    }

    /// <summary>A cached token while it is fresh, else a new one.</summary>
    /// <exception cref="SourceCredentialsRejectedException">Entra refused the tenant, client or secret.</exception>
    /// <exception cref="SourceUnavailableException">Entra could not be reached or kept failing.</exception>
    public Task<BusinessCentralAccessToken> GetTokenAsync(Uri baseUrl, BusinessCentralClientCredentials credentials, CancellationToken cancellationToken)
    {
        var endpoint = TokenEndpoint(baseUrl, credentials.TenantId);
        var key = new CacheKey(endpoint, credentials.TenantId, credentials.ClientId, SecretFingerprint.Of(credentials.ClientSecret));
        // The fetch is shared by concurrent callers, so one caller's cancellation must not cancel it; the HTTP timeouts bound it.
        return _cache.GetAsync(key, () => RequestTokenAsync(endpoint, credentials, CancellationToken.None), cancellationToken);
    }

    /// <summary>Forgets a token the API refused, so the next call asks Entra again.</summary>
    public void Invalidate(Uri baseUrl, BusinessCentralClientCredentials credentials, BusinessCentralAccessToken token)
    {
        var endpoint = TokenEndpoint(baseUrl, credentials.TenantId);
        _cache.Evict(new CacheKey(endpoint, credentials.TenantId, credentials.ClientId, SecretFingerprint.Of(credentials.ClientSecret)), token);
    }

    private async Task<BusinessCentralAccessToken> RequestTokenAsync(Uri endpoint, BusinessCentralClientCredentials credentials, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = credentials.ClientId,
                ["client_secret"] = credentials.ClientSecret,
                ["scope"] = Scope,
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        // A client-credentials grant only issues another token: safe to send again after a timeout or a 5xx.
        request.Options.Set(SourceHttpClients.RetrySafe, true);
        var requestedAt = timeProvider.GetUtcNow();
        var client = httpClientFactory.CreateClient(SourceHttpClients.BusinessCentral);
        using var response = await SourceCall.SendAsync(client, request, SystemCatalog.BusinessCentral, cancellationToken);

        // Entra answers 400 (unknown tenant or client) or 401 (bad secret); all of them mean the credentials are wrong.
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.BusinessCentral, response, ExtractEntraMessage, cancellationToken,
            isRejection: (r, _) => r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);

        var json = SourceResponses.TryParseJson(await SourceResponses.ReadBodyAsync(response, cancellationToken));
        var value = SourceResponses.StringAt(json, "access_token");
        if (string.IsNullOrEmpty(value))
            throw new SourceUnavailableException(SystemCatalog.BusinessCentral, "the token endpoint answered without an access_token", (int)response.StatusCode);
        var lifetime = json is { } root && root.TryGetProperty("expires_in", out var expires) && TryReadSeconds(expires, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(5);
        return new BusinessCentralAccessToken(value, requestedAt + lifetime);
    }

    /// <summary>The first line of error_description ("AADSTS7000215: Invalid client secret provided. ..."), without trace IDs.</summary>
    internal static string? ExtractEntraMessage(HttpResponseMessage response, string body)
    {
        var json = SourceResponses.TryParseJson(body);
        var description = SourceResponses.StringAt(json, "error_description");
        if (description is not null)
            return description.Split(["\r\n", "\n"], StringSplitOptions.None)[0];
        return SourceResponses.StringAt(json, "error");
    }

    // expires_in is a number from Entra; some identity providers send it as a string.
    private static bool TryReadSeconds(JsonElement element, out int seconds)
    {
        seconds = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt32(out seconds),
            JsonValueKind.String => int.TryParse(element.GetString(), out seconds),
            _ => false,
        };
    }

    private sealed record CacheKey(Uri Endpoint, string TenantId, string ClientId, string SecretFingerprint);
}

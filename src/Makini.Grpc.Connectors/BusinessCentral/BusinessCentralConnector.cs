using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>Business Central online over API v2.0 with an Entra client-credentials token.</summary>
public sealed class BusinessCentralConnector(IHttpClientFactory httpClientFactory, BusinessCentralTokenProvider tokens) : ISourceConnector
{
    public string SystemId => SystemCatalog.BusinessCentral;

    public async Task CheckCredentialsAsync(SourceTarget target, CancellationToken cancellationToken)
    {
        CredentialGuard.Require(target, SystemId);
        var credentials = CredentialsOf(target);
        var companiesUri = ApiUri(target, "companies");
        var client = httpClientFactory.CreateClient(SourceHttpClients.BusinessCentral);

        var token = await tokens.GetTokenAsync(target.BaseUrl, credentials, cancellationToken);
        var response = await GetAsync(client, companiesUri, token, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // A cached token may have been revoked (e.g. the secret was rotated): ask Entra once more, which
            // either rejects the credentials or gives a token the API accepts.
            response.Dispose();
            tokens.Invalidate(target.BaseUrl, credentials, token);
            token = await tokens.GetTokenAsync(target.BaseUrl, credentials, cancellationToken);
            response = await GetAsync(client, companiesUri, token, cancellationToken);
        }
        using (response)
        {
            // 404 here means the environment does not exist: a wrong credential field, not an outage.
            await SourceResponses.EnsureSuccessAsync(SystemId, response, ExtractMessage, cancellationToken,
                isRejection: (r, _) => r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound);
            await EnsureCompanyExistsAsync(target, response, cancellationToken);
        }
    }

    internal static BusinessCentralClientCredentials CredentialsOf(SourceTarget target) =>
        new(target.Credential("tenant_id").Trim(), target.Credential("client_id").Trim(), target.Credential("client_secret"));

    /// <summary><c>{base}/v2.0/{tenant}/{environment}/api/v2.0/{resource}</c>.</summary>
    internal static Uri ApiUri(SourceTarget target, string resource, string query = "") =>
        SourceUrl.Combine(target.BaseUrl,
            $"v2.0/{Uri.EscapeDataString(target.Credential("tenant_id").Trim())}/{Uri.EscapeDataString(target.Credential("environment").Trim())}/api/v2.0/{resource}",
            query);

    /// <summary>Business Central's <c>error.message</c>, e.g. "The server has rejected the client credentials. ...".</summary>
    internal static string? ExtractMessage(HttpResponseMessage response, string body) =>
        SourceResponses.StringAt(SourceResponses.TryParseJson(body), "error", "message");

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, Uri uri, BusinessCentralAccessToken token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        request.Headers.Accept.ParseAdd("application/json");
        return await SourceCall.SendAsync(client, request, SystemCatalog.BusinessCentral, cancellationToken);
    }

    /// <summary>When a company ID is given, it must be one of the environment's companies.</summary>
    private async Task EnsureCompanyExistsAsync(SourceTarget target, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var companyId = target.Credential("company_id").Trim();
        if (companyId.Length == 0)
            return;
        var json = SourceResponses.TryParseJson(await SourceResponses.ReadBodyAsync(response, cancellationToken));
        var ids = json is { } root && root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(c => SourceResponses.StringAt(c, "id")).OfType<string>()
            : [];
        if (!ids.Contains(companyId, StringComparer.OrdinalIgnoreCase))
            throw new SourceCredentialsRejectedException(SystemId, (int)HttpStatusCode.NotFound,
                $"Business Central environment '{target.Credential("environment")}' has no company with id {companyId}");
    }
}

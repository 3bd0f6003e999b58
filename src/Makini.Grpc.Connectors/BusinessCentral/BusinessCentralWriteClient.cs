using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>What API v2.0 answered to a write: the status, the entity (201/200) and, for a refusal, error.code and error.message.</summary>
internal sealed record BusinessCentralAnswer(HttpStatusCode Status, JsonObject? Entity, string Code, string Message)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;
}

/// <summary>
/// Authenticated writes against API v2.0 (POST, PATCH, DELETE with If-Match), with the cached Entra token renewed once
/// on 401. Refusals (400, 404, 409, 412) come back as answers for the writer to judge; 401/403 after renewal become
/// <see cref="SourceCredentialsRejectedException"/>, 429/5xx after retries <see cref="SourceUnavailableException"/>.
/// The HTTP pipeline never sends a create again after a timeout (Business Central has no handle to find it by); a
/// PATCH with <c>If-Match: *</c> is marked retry-safe (the same values again), one with an etag is not (a repeat of an
/// applied change would meet its own new etag and look like a conflict).
/// </summary>
internal sealed class BusinessCentralWriteClient(IHttpClientFactory httpClientFactory, BusinessCentralTokenProvider tokens)
{
    public async Task<BusinessCentralAnswer> SendAsync(SourceTarget target, HttpMethod method, Uri uri, JsonObject? body, string? ifMatch, CancellationToken ct)
    {
        var credentials = BusinessCentralConnector.CredentialsOf(target);
        var client = httpClientFactory.CreateClient(SourceHttpClients.BusinessCentral);
        var access = await tokens.GetTokenAsync(target.BaseUrl, credentials, ct);
        var response = await SendOnceAsync(client, method, uri, body, ifMatch, access, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Refused before anything was applied: the token was revoked. Once more with a new one.
            response.Dispose();
            tokens.Invalidate(target.BaseUrl, credentials, access);
            access = await tokens.GetTokenAsync(target.BaseUrl, credentials, ct);
            response = await SendOnceAsync(client, method, uri, body, ifMatch, access, ct);
        }
        using (response)
            return await AnswerOfAsync(response, ct);
    }

    private static async Task<HttpResponseMessage> SendOnceAsync(HttpClient client, HttpMethod method, Uri uri, JsonObject? body, string? ifMatch,
        BusinessCentralAccessToken access, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.Value);
        request.Headers.Accept.ParseAdd("application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (method == HttpMethod.Patch && ifMatch == "*") request.Options.Set(SourceHttpClients.RetrySafe, true);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), new MediaTypeHeaderValue("application/json"));
        return await SourceCall.SendAsync(client, request, SystemCatalog.BusinessCentral, ct);
    }

    private static async Task<BusinessCentralAnswer> AnswerOfAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
        {
            var error = SourceResponses.TryParseJson(await SourceResponses.ReadBodyAsync(response, ct));
            return new BusinessCentralAnswer(response.StatusCode, null,
                SourceResponses.StringAt(error, "error", "code") ?? "", SourceResponses.StringAt(error, "error", "message") ?? "");
        }
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.BusinessCentral, response, BusinessCentralConnector.ExtractMessage, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (text.Length == 0) return new BusinessCentralAnswer(response.StatusCode, null, "", "");
        try
        {
            return new BusinessCentralAnswer(response.StatusCode, JsonNode.Parse(text) as JsonObject, "", "");
        }
        catch (JsonException)
        {
            throw new SourceUnavailableException(SystemCatalog.BusinessCentral, "answered a write with something other than JSON", (int)response.StatusCode);
        }
    }
}

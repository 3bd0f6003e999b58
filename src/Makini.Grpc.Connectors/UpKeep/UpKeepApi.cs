using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>
/// List reads against UpKeep API v2 with a cached session (logging in again once when UpKeep ends a session). A 404
/// in UpKeep's own JSON (<c>{"success":false,…}</c>) on a list means an empty page, a quirk of UpKeep; any other 404
/// (a wrong base URL, a proxy page) is an error, so a misconfiguration never reads as "no records".
/// </summary>
internal sealed class UpKeepApi(IHttpClientFactory httpClientFactory, UpKeepSessionProvider sessions)
{
    public async Task<IReadOnlyList<JsonObject>> ListAsync(SourceTarget target, string path, string query, CancellationToken ct)
    {
        var login = new UpKeepLogin(target.Credential("email").Trim(), target.Credential("password"));
        var uri = SourceUrl.Combine(target.BaseUrl, path, query);
        var client = httpClientFactory.CreateClient(SourceHttpClients.UpKeep);

        var session = await sessions.GetSessionAsync(target.BaseUrl, login, ct);
        var response = await GetAsync(client, uri, session, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            sessions.Invalidate(target.BaseUrl, login, session);
            session = await sessions.GetSessionAsync(target.BaseUrl, login, ct);
            response = await GetAsync(client, uri, session, ct);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.NotFound && IsUpKeepFailure(await SourceResponses.ReadBodyAsync(response, ct))) return [];
                await SourceResponses.EnsureSuccessAsync(SystemCatalog.UpKeep, response, UpKeepSessionProvider.ExtractMessage, ct);
            }
            JsonNode? body = null;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(ct);
                body = await JsonNode.ParseAsync(stream, cancellationToken: ct);
            }
            catch (JsonException)
            {
            }
            return body?["results"] is JsonArray results
                ? results.OfType<JsonObject>().ToList()
                : throw new SourceUnavailableException(SystemCatalog.UpKeep, "answered a list without results", (int)response.StatusCode);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, Uri uri, UpKeepSession session, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("Session-Token", session.Token);
        request.Headers.Accept.ParseAdd("application/json");
        return await SourceCall.SendAsync(client, request, SystemCatalog.UpKeep, ct);
    }

    private static bool IsUpKeepFailure(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["success"] is JsonValue v && v.GetValueKind() == JsonValueKind.False;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

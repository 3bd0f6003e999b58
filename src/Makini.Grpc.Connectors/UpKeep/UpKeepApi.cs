using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>A write's answer: its status and JSON body (<c>{"success":…,"result"|"message":…}</c>).</summary>
internal sealed record UpKeepAnswer(HttpStatusCode Status, JsonObject? Body)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;

    public string Message => Reading.Normalize.Text(Body?["message"]);
}

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

    /// <summary>
    /// A write (POST, PATCH, DELETE) with a JSON body; logs in again once when UpKeep ends the session. 401/403 after
    /// that, 5xx and 429 throw; any other answer comes back with its JSON body. <paramref name="deadline"/> bounds the
    /// whole call (the client's retries of 5xx answers included) below the client's own attempt timeout, so a request
    /// that must not be sent twice (a create: UpKeep has no idempotency key) is never retried after a timeout: it fails
    /// with an unknown outcome instead.
    /// </summary>
    public async Task<UpKeepAnswer> SendAsync(SourceTarget target, HttpMethod method, string path, JsonObject? body, TimeSpan? deadline, CancellationToken ct)
    {
        var login = new UpKeepLogin(target.Credential("email").Trim(), target.Credential("password"));
        var uri = SourceUrl.Combine(target.BaseUrl, path);
        var client = httpClientFactory.CreateClient(SourceHttpClients.UpKeep);

        var session = await sessions.GetSessionAsync(target.BaseUrl, login, ct);
        var response = await SendOnceAsync(client, method, uri, body, session, deadline, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Refused before anything was done: safe to send again with a new session.
            response.Dispose();
            sessions.Invalidate(target.BaseUrl, login, session);
            session = await sessions.GetSessionAsync(target.BaseUrl, login, ct);
            response = await SendOnceAsync(client, method, uri, body, session, deadline, ct);
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                await SourceResponses.EnsureSuccessAsync(SystemCatalog.UpKeep, response, UpKeepSessionProvider.ExtractMessage, ct);
            var text = await SourceResponses.ReadBodyAsync(response, ct);
            JsonObject? json = null;
            try
            {
                json = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
            }
            return new UpKeepAnswer(response.StatusCode, json);
        }
    }

    private static async Task<HttpResponseMessage> SendOnceAsync(HttpClient client, HttpMethod method, Uri uri, JsonObject? body, UpKeepSession session,
        TimeSpan? deadline, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("Session-Token", session.Token);
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        if (deadline is not { } limit) return await SourceCall.SendAsync(client, request, SystemCatalog.UpKeep, ct);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(limit);
        try
        {
            return await SourceCall.SendAsync(client, request, SystemCatalog.UpKeep, attempt.Token);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new SourceUnavailableException(SystemCatalog.UpKeep, $"{uri.Authority} did not answer in time (the write may have been applied)", inner: ex);
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

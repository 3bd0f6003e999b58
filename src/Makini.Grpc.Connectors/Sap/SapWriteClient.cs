using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>One modifying call: method, service, resource below the service root, JSON body, If-Match.</summary>
internal sealed record SapWriteCall(HttpMethod Method, string Service, string Resource, JsonObject? Body = null, string? IfMatch = null)
{
    /// <summary>A create that must not be posted twice (see <see cref="SapSendOnceContent"/>).</summary>
    public bool SendOnce { get; init; }
}

/// <summary>The CSRF token of a logon session and the session cookies that must come back with it.</summary>
internal sealed record SapCsrfToken(string Token, IReadOnlyDictionary<string, string> Cookies);

/// <summary>
/// Sends modifying OData v2 calls as SAP wants them: the CSRF token fetched with <c>GET {service root}</c> and
/// <c>x-csrf-token: Fetch</c> (kept per system, user and client, with its session cookies: the HTTP pipeline keeps no
/// cookies), then the write with <c>x-csrf-token</c>, the cookies and <c>If-Match</c>. A 403 with
/// <c>x-csrf-token: Required</c> (the session expired) is answered by exactly one fresh fetch and one resend.
/// Refusals become connector exceptions through <see cref="SapWriteErrors"/>.
/// </summary>
internal sealed class SapWriteClient(IHttpClientFactory httpClientFactory)
{
    private readonly ConcurrentDictionary<string, SapCsrfToken> _tokens = new(StringComparer.Ordinal);

    /// <summary>The answer's entity (<c>d</c>) for a 201, null for a 204.</summary>
    public async Task<JsonObject?> SendAsync(SourceTarget target, SapWriteCall call, SapFieldMap fields, CancellationToken ct)
    {
        CredentialGuard.Require(target, SystemCatalog.Sap);
        var body = call.Body?.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            var token = await TokenAsync(target, call.Service, ct);
            using var request = Request(target, call.Method, call.Service, call.Resource, token);
            if (call.IfMatch is { } ifMatch) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            if (body is not null)
                request.Content = call.SendOnce ? new SapSendOnceContent(body) : new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await SendAsync(request, call.SendOnce, ct);
            Remember(target, token, response);
            if (attempt == 0 && IsCsrfRequired(response))
            {
                _tokens.TryRemove(new KeyValuePair<string, SapCsrfToken>(SessionKey(target), token));
                continue;
            }
            await SapWriteErrors.ThrowIfRefusedAsync(response, fields, ct);
            if (response.StatusCode == HttpStatusCode.NoContent) return null;
            var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
            return document?["d"] is JsonObject entity ? entity.DeepClone().AsObject() : null;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool sendOnce, CancellationToken ct)
    {
        var client = httpClientFactory.CreateClient(SourceHttpClients.Sap);
        try
        {
            return await SourceCall.SendAsync(client, request, SystemCatalog.Sap, ct);
        }
        catch (SourceUnavailableException e) when (sendOnce && Chain(e).Any(x => x is SapNotResentException))
        {
            throw new SourceUnavailableException(SystemCatalog.Sap,
                "no usable answer to a create; it was not sent again, so SAP holds it at most once", null, e);
        }
    }

    private async Task<SapCsrfToken> TokenAsync(SourceTarget target, string service, CancellationToken ct)
    {
        var key = SessionKey(target);
        if (_tokens.TryGetValue(key, out var cached)) return cached;
        using var request = Request(target, HttpMethod.Get, service, "", new SapCsrfToken("Fetch", new Dictionary<string, string>()));
        var client = httpClientFactory.CreateClient(SourceHttpClients.Sap);
        using var response = await SourceCall.SendAsync(client, request, SystemCatalog.Sap, ct);
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.Sap, response, SapErrorMessages.Extract, ct);
        // A system without CSRF protection sends no token; writes then go without one.
        var token = response.Headers.TryGetValues("x-csrf-token", out var values) ? values.FirstOrDefault() ?? "" : "";
        var fetched = new SapCsrfToken(token, Cookies(response, new Dictionary<string, string>()));
        _tokens[key] = fetched;
        return fetched;
    }

    /// <summary>Keeps cookies the system set or renewed on this answer for the next calls of the session.</summary>
    private void Remember(SourceTarget target, SapCsrfToken used, HttpResponseMessage response)
    {
        if (!response.Headers.Contains("Set-Cookie")) return;
        _tokens.TryUpdate(SessionKey(target), used with { Cookies = Cookies(response, used.Cookies) }, used);
    }

    private static HttpRequestMessage Request(SourceTarget target, HttpMethod method, string service, string resource, SapCsrfToken token)
    {
        var uri = SourceUrl.Combine(target.BaseUrl, $"sap/opu/odata/sap/{service}/{resource}", SapConnector.WithClient("", target).TrimStart('&'));
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = SapConnector.BasicAuthorization(target.Credential("username"), target.Credential("password"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token.Token.Length > 0) request.Headers.TryAddWithoutValidation("x-csrf-token", token.Token);
        if (token.Cookies.Count > 0)
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", token.Cookies.Select(c => $"{c.Key}={c.Value}")));
        return request;
    }

    private static Dictionary<string, string> Cookies(HttpResponseMessage response, IReadOnlyDictionary<string, string> known)
    {
        var cookies = new Dictionary<string, string>(known, StringComparer.Ordinal);
        if (!response.Headers.TryGetValues("Set-Cookie", out var values)) return cookies;
        foreach (var header in values)
        {
            var pair = header.Split(';', 2)[0];
            var equals = pair.IndexOf('=');
            if (equals > 0) cookies[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }
        return cookies;
    }

    private static bool IsCsrfRequired(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        && response.Headers.TryGetValues("x-csrf-token", out var values)
        && values.Any(v => v.Equals("Required", StringComparison.OrdinalIgnoreCase));

    /// <summary>One session per system, user and client; the password is part of it, so a changed one starts afresh.</summary>
    private static string SessionKey(SourceTarget target) =>
        $"{target.BaseUrl.AbsoluteUri}|{target.Credential("username").ToUpperInvariant()}|{target.Credential("sap_client")}|{SecretFingerprint.Of(target.Credential("password"))}";

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException) yield return current;
    }
}

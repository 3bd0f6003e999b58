using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>
/// Logs in with <c>POST /api/v2/auth</c> and caches the session per (base URL, email, password fingerprint) until a
/// minute before it expires. Safe for concurrent use.
/// </summary>
public sealed class UpKeepSessionProvider(IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
{
    internal const string AuthPath = "api/v2/auth";

    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromSeconds(60);

    private readonly SingleFlightCache<CacheKey, UpKeepSession> _cache =
        new(session => session.ExpiresAt - RenewBeforeExpiry > timeProvider.GetUtcNow());

    /// <exception cref="SourceCredentialsRejectedException">UpKeep refused the email or password.</exception>
    /// <exception cref="SourceUnavailableException">UpKeep could not be reached or kept failing.</exception>
    public Task<UpKeepSession> GetSessionAsync(Uri baseUrl, UpKeepLogin login, CancellationToken cancellationToken) =>
        // The login is shared by concurrent callers, so one caller's cancellation must not cancel it; the HTTP timeouts bound it.
        _cache.GetAsync(KeyOf(baseUrl, login), () => LogInAsync(baseUrl, login, CancellationToken.None), cancellationToken);

    /// <summary>Forgets a session UpKeep refused, so the next call logs in again.</summary>
    public void Invalidate(Uri baseUrl, UpKeepLogin login, UpKeepSession session) => _cache.Evict(KeyOf(baseUrl, login), session);

    private async Task<UpKeepSession> LogInAsync(Uri baseUrl, UpKeepLogin login, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SourceUrl.Combine(baseUrl, AuthPath))
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["email"] = login.Email, ["password"] = login.Password }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        // Logging in again only opens another session: a login that timed out or met a 5xx is retried like a read.
        request.Options.Set(SourceHttpClients.RetrySafe, true);
        var client = httpClientFactory.CreateClient(SourceHttpClients.UpKeep);
        using var response = await SourceCall.SendAsync(client, request, SystemCatalog.UpKeep, cancellationToken);

        // A wrong email or password is a 400 with {"success":false,"message":...}.
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.UpKeep, response, ExtractMessage, cancellationToken,
            isRejection: (r, _) => r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);

        var json = SourceResponses.TryParseJson(await SourceResponses.ReadBodyAsync(response, cancellationToken));
        var token = SourceResponses.StringAt(json, "result", "sessionToken");
        if (string.IsNullOrEmpty(token))
            throw new SourceUnavailableException(SystemCatalog.UpKeep, "the login answered without a sessionToken", (int)response.StatusCode);
        var expiresAt = DateTimeOffset.TryParse(SourceResponses.StringAt(json, "result", "expiresAt"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : timeProvider.GetUtcNow().AddHours(1);
        return new UpKeepSession(token, expiresAt);
    }

    /// <summary>UpKeep's <c>message</c>, e.g. "Invalid email or password.".</summary>
    internal static string? ExtractMessage(HttpResponseMessage response, string body) =>
        SourceResponses.StringAt(SourceResponses.TryParseJson(body), "message");

    private static CacheKey KeyOf(Uri baseUrl, UpKeepLogin login) =>
        new(baseUrl.AbsoluteUri.TrimEnd('/'), login.Email, SecretFingerprint.Of(login.Password));

    private sealed record CacheKey(string BaseUrl, string Email, string PasswordFingerprint);
}

using System.Net;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>UpKeep API v2 with an email/password login exchanged for a session token.</summary>
public sealed class UpKeepConnector(IHttpClientFactory httpClientFactory, UpKeepSessionProvider sessions) : ISourceConnector
{
    /// <summary>The account's users: never empty (the login's own user is one), so never the "empty list is 404" quirk.</summary>
    internal const string CheckPath = "api/v2/users";

    public string SystemId => SystemCatalog.UpKeep;

    public async Task CheckCredentialsAsync(SourceTarget target, CancellationToken cancellationToken)
    {
        CredentialGuard.Require(target, SystemId);
        var login = new UpKeepLogin(target.Credential("email").Trim(), target.Credential("password"));
        var uri = SourceUrl.Combine(target.BaseUrl, CheckPath, "limit=1");
        var client = httpClientFactory.CreateClient(SourceHttpClients.UpKeep);

        var session = await sessions.GetSessionAsync(target.BaseUrl, login, cancellationToken);
        var response = await GetAsync(client, uri, session, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // A cached session may have ended (logout, password change): log in once more.
            response.Dispose();
            sessions.Invalidate(target.BaseUrl, login, session);
            session = await sessions.GetSessionAsync(target.BaseUrl, login, cancellationToken);
            response = await GetAsync(client, uri, session, cancellationToken);
        }
        using (response)
            await SourceResponses.EnsureSuccessAsync(SystemId, response, UpKeepSessionProvider.ExtractMessage, cancellationToken);
    }

    private async Task<HttpResponseMessage> GetAsync(HttpClient client, Uri uri, UpKeepSession session, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("Session-Token", session.Token);
        request.Headers.Accept.ParseAdd("application/json");
        return await SourceCall.SendAsync(client, request, SystemId, cancellationToken);
    }
}

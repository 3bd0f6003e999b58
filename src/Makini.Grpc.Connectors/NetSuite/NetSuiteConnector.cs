using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>Oracle NetSuite over the REST record service, signed with OAuth 1.0a token-based authentication.</summary>
public sealed class NetSuiteConnector(IHttpClientFactory httpClientFactory) : ISourceConnector
{
    /// <summary>Listing one vendor proves the token and the role's access to a record Makini syncs.</summary>
    internal const string CheckPath = "services/rest/record/v1/vendor";

    public string SystemId => SystemCatalog.NetSuite;

    public async Task CheckCredentialsAsync(SourceTarget target, CancellationToken cancellationToken)
    {
        CredentialGuard.Require(target, SystemId);
        using var request = new HttpRequestMessage(HttpMethod.Get, SourceUrl.Combine(target.BaseUrl, CheckPath, "limit=1"));
        request.Options.Set(NetSuiteSigningHandler.LoginKey, NetSuiteLogin.From(target));
        request.Headers.Accept.ParseAdd("application/json");

        var client = httpClientFactory.CreateClient(SourceHttpClients.NetSuite);
        using var response = await SourceCall.SendAsync(client, request, SystemId, cancellationToken);
        await SourceResponses.EnsureSuccessAsync(SystemId, response, ExtractMessage, cancellationToken);
    }

    /// <summary>NetSuite's <c>o:errorDetails[0]</c>: detail and error code, e.g. "Invalid login attempt. ... (INVALID_LOGIN)".</summary>
    internal static string? ExtractMessage(HttpResponseMessage response, string body)
    {
        var json = SourceResponses.TryParseJson(body);
        var detail = SourceResponses.StringAt(json, "o:errorDetails", "0", "detail") ?? SourceResponses.StringAt(json, "title");
        var code = SourceResponses.StringAt(json, "o:errorDetails", "0", "o:errorCode");
        return detail is null ? null : code is null ? detail : $"{detail} ({code})";
    }
}

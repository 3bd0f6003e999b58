using System.Net;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>IBM Maximo Manage over its REST/JSON API with an API key in the <c>apikey</c> header.</summary>
public sealed class MaximoConnector(IHttpClientFactory httpClientFactory) : ISourceConnector
{
    /// <summary>whoami needs nothing but a valid key and returns the key's user.</summary>
    internal const string CheckPath = "maximo/api/whoami";

    // Maximo has been seen answering 400 instead of 401 for these logon failures.
    private static readonly string[] LogonReasonCodes = ["BMXAA9549E", "BMXAA7901E"];

    public string SystemId => SystemCatalog.Maximo;

    public async Task CheckCredentialsAsync(SourceTarget target, CancellationToken cancellationToken)
    {
        CredentialGuard.Require(target, SystemId);
        using var request = new HttpRequestMessage(HttpMethod.Get, SourceUrl.Combine(target.BaseUrl, CheckPath));
        request.Headers.Add("apikey", target.Credential("api_key"));
        request.Headers.Accept.ParseAdd("application/json");

        var client = httpClientFactory.CreateClient(SourceHttpClients.Maximo);
        using var response = await SourceCall.SendAsync(client, request, SystemId, cancellationToken);
        await SourceResponses.EnsureSuccessAsync(SystemId, response, ExtractMessage, cancellationToken, IsRejection);
    }

    /// <summary>Maximo's <c>Error.message</c>, e.g. "BMXAA9549E - The API key token is invalid. ...".</summary>
    internal static string? ExtractMessage(HttpResponseMessage response, string body) =>
        SourceResponses.StringAt(SourceResponses.TryParseJson(body), "Error", "message");

    internal static bool IsRejection(HttpResponseMessage response, string body) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.BadRequest
            && SourceResponses.StringAt(SourceResponses.TryParseJson(body), "Error", "reasonCode") is { } code
            && LogonReasonCodes.Contains(code));
}

using System.Net.Http.Headers;
using System.Text;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>SAP S/4HANA over OData v2 with a communication user (HTTP Basic), optionally pinned to a client.</summary>
public sealed class SapConnector(IHttpClientFactory httpClientFactory) : ISourceConnector
{
    /// <summary>Reading one purchase order proves the logon and the read authorization Makini needs.</summary>
    internal const string CheckPath = "sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder";

    public string SystemId => SystemCatalog.Sap;

    public async Task CheckCredentialsAsync(SourceTarget target, CancellationToken cancellationToken)
    {
        CredentialGuard.Require(target, SystemId);
        var uri = SourceUrl.Combine(target.BaseUrl, CheckPath, WithClient("$top=1&$select=PurchaseOrder&$format=json", target));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = BasicAuthorization(target.Credential("username"), target.Credential("password"));
        request.Headers.Accept.ParseAdd("application/json");

        var client = httpClientFactory.CreateClient(SourceHttpClients.Sap);
        using var response = await SourceCall.SendAsync(client, request, SystemId, cancellationToken);
        await SourceResponses.EnsureSuccessAsync(SystemId, response, SapErrorMessages.Extract, cancellationToken);
    }

    /// <summary>Appends <c>sap-client</c> when the customer named one; without it SAP uses the system's default client.</summary>
    internal static string WithClient(string query, SourceTarget target) =>
        target.Credential("sap_client") is { Length: > 0 } sapClient
            ? $"{query}&sap-client={Uri.EscapeDataString(sapClient)}"
            : query;

    internal static AuthenticationHeaderValue BasicAuthorization(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
